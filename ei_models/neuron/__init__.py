"""Insert the ei_models mechanisms into existing NEURON cells.

Example
-------
>>> from neuron import h
>>> from ei_models import neuron as ein
>>> soma = h.Section(name="soma")           # or any section of your own cell
>>> syn = ein.insert("nmda", soma(0.5), subtype="GluN2B", mg=1.2)
>>> stim = h.NetStim(); stim.number = 5; stim.interval = 20; stim.start = 10
>>> nc = syn.connect(stim, weight=0.001)    # weight in uS: peak conductance per event
>>> g = syn.record("g")                      # h.Vector of the conductance

The first call compiles the package's ``.mod`` files with ``nrnivmodl`` (a few seconds, once
per machine and NEURON version) and loads them; later calls and later sessions reuse the cache.
"""

from __future__ import annotations

import math

from .. import mechanisms
from . import loader
from ..errors import ParameterError
from ..params import to_number

__all__ = ["CelsiusWarning", "load", "load_library", "insert", "forward", "finitialize", "hoc_checked", "Synapse", "DensityMechanism", "segment_ions"]

load = loader.load
#: load a user's mechanism library after ours, with a clear error for a name NEURON already has
load_library = loader.load_library


class hoc_checked:
    """Context manager turning the hoc error raised by a mechanism's INITIAL guard (a value
    written straight to hoc outside its table range, see ``ei_models.generated.guard_block``)
    into a :class:`~ei_models.errors.ParameterError` with the guard's message::

        with ein.hoc_checked():
            h.finitialize(-65)

    NEURON raises such errors as a plain ``RuntimeError`` ("hocobj_call error: hoc_execerror:
    ei_models nmda: mg = -1 mM is outside its range ...") and prints the message to stderr; other
    errors pass unchanged."""

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if exc is not None and isinstance(exc, RuntimeError) and not isinstance(exc, ParameterError):
            message = _guard_message(str(exc))
            if message:
                raise ParameterError(message) from exc
        return False


def _guard_message(text: str) -> str | None:
    """The guard's own message inside a hoc ``RuntimeError`` text, or None when it is not ours."""
    from ..generated import GUARD_PREFIX

    marker = f"{GUARD_PREFIX} "
    at = text.find(marker)
    if at < 0 or "hoc_execerror" not in text:
        return None
    return text[at + len(marker):].strip()


def finitialize(v_init: float | None = None):
    """``h.finitialize(v_init)`` (or ``h.finitialize()``) with a mechanism's INITIAL guard error
    raised as a :class:`~ei_models.errors.ParameterError` (see :class:`hoc_checked`)."""
    from neuron import h

    with hoc_checked():
        return h.finitialize() if v_init is None else h.finitialize(v_init)


def segment_ions(seg) -> dict[str, float]:
    """Reversal potentials (mV) NEURON holds for ``seg`` (``ena``, ``ek``, ``ecl`` ...), where defined."""
    out = {}
    for name in ("ena", "ek", "eca", "ecl"):
        try:
            out[name] = float(getattr(seg, name))
        except (NameError, AttributeError, LookupError):
            pass
    return out


from ..params import CelsiusWarning  # noqa: E402  (one warning class for both simulators)


_celsius_warned = False


def check_temperature(mech) -> float:
    """NEURON's ``h.celsius`` checked for a mechanism with Q10 scaling (``mech.temperature``):
    :class:`ParameterError` naming ``celsius`` outside 0-45 C; a one-time :class:`CelsiusWarning`
    while it is NEURON's default 6.3 C, where Q10 scaling slows a receptor several-fold against
    37 C (set ``h.celsius = 37`` before ``finitialize``; each mechanism reads it there). Returns
    ``h.celsius``."""
    global _celsius_warned
    import warnings

    from neuron import h

    from ..params import NEURON_DEFAULT_CELSIUS, check_celsius

    celsius = check_celsius(h.celsius, f"{mech.name} (NEURON's h.celsius)")
    if celsius == NEURON_DEFAULT_CELSIUS and mech.slowed_by_default_celsius and not _celsius_warned:
        _celsius_warned = True
        warnings.warn(
            f"ei_models: h.celsius is NEURON's default {NEURON_DEFAULT_CELSIUS} C; {mech.name} and the other "
            "ei_models receptors scale their kinetics with Q10 from their reference temperature (temp_ref, "
            "about 22-37 C), so at 6.3 C they run several-fold slower. Set h.celsius = 37 (or your recording "
            "temperature) before h.finitialize (shown once per process)", CelsiusWarning, stacklevel=3)
    return celsius


def _check_segment(seg):
    if not (hasattr(seg, "sec") and hasattr(seg, "x")):
        raise ParameterError(f"expected a NEURON segment such as soma(0.5), got {seg!r}")


def _apply_updates(mech, current: dict, updates: dict, ions, where: str) -> dict:
    """The complete, checked parameter values after ``updates`` (presets, aliases, parameters,
    applied in that order, as :func:`insert` does) on top of the ``current`` values."""
    table = mech.table
    values = dict(current)
    presets = {k: v for k, v in updates.items() if k in table.presets}
    for group, choice in presets.items():
        values.update(table.preset(group, choice).values)
    for key, raw in updates.items():
        if key in presets:
            continue
        if key in mech.aliases:
            unit, solve = mech.aliases[key]
            values.update(solve(to_number(f"{mech.name}: {key}", unit, raw), dict(ions)))
        elif key in table:
            values[key] = to_number(f"{mech.name}: {key}", table[key].unit, raw)
        else:
            raise ParameterError(_unknown_write(mech, key, where))
    return table.validate(values)


def _unknown_write(mech, key: str, where: str) -> str:
    """Message for a write to a name that is not a settable parameter of ``mech``."""
    settable = ", ".join(mech.table.names)
    extra = [*mech.aliases, *mech.table.presets]
    also = f"; also settable: {', '.join(extra)}" if extra else ""
    if where == "computed":
        return (f"{mech.name}: {key} is computed by the mechanism (NEURON overwrites it every step) and "
                f"cannot be set; its parameters are: {settable}{also}")
    if where == "wrapper":
        return (f"{mech.name}: {key!r} is an attribute of the ei_models wrapper and is read-only; "
                f"the mechanism's parameters are: {settable}{also}")
    return f"{mech.name} has no parameter {key!r}; its parameters are: {settable}{also}"


class Synapse:
    """A mechanism's point process on a segment, with checked parameter access.

    Attribute reads go to the NEURON point process (:attr:`hoc`). Writes are checked and
    forwarded: a table parameter (``syn.tau_decay = 50``) against its bounds and the table's
    cross-parameter checks, an alias (``ampa``'s ``syn.erev = -10``, solved for ``frac_na``
    from the segment's present E_Na and E_K) or a preset choice (``syn.subtype = "GluN2B"``,
    which resets the preset's parameters). Writing any other name raises
    :class:`~ei_models.errors.ParameterError` listing the parameters; the raw, unchecked NEURON
    object stays reachable as ``syn.hoc``.
    """

    __slots__ = ("mechanism", "hoc", "segment", "netcons")

    def __init__(self, mechanism, hoc, segment):
        object.__setattr__(self, "mechanism", mechanism)
        object.__setattr__(self, "hoc", hoc)
        object.__setattr__(self, "segment", segment)
        object.__setattr__(self, "netcons", [])

    def __getattr__(self, name):
        return getattr(self.hoc, name)

    def __setattr__(self, name, value):
        self.set(**{name: value})

    def set(self, **values):
        """Set several parameters (aliases, presets) at once; all are checked before any is written."""
        mech = self.mechanism
        for key in values:
            if key in Synapse.__slots__:
                raise ParameterError(_unknown_write(mech, key, "wrapper"))
            if key not in mech.table and key not in mech.aliases and key not in mech.table.presets:
                raise ParameterError(_unknown_write(mech, key, "computed" if hasattr(self.hoc, key) else "unknown"))
        current = {p: getattr(self.hoc, p) for p in mech.table.names}
        new = _apply_updates(mech, current, values, segment_ions(self.segment), "unknown")
        for key, value in new.items():
            if value != current[key]:
                setattr(self.hoc, key, value)

    def __repr__(self):
        return f"<ei_models {self.mechanism.name} at {self.segment}>"

    def connect(self, source=None, weight: float = 0.0, delay: float = 0.0, threshold: float = 10.0, sec=None):
        """A ``NetCon`` from ``source`` (NetStim/VecStim/artificial cell, a ``seg._ref_v``
        pointer with ``sec``, or ``None`` for events sent with ``NetCon.event``) to this synapse.

        ``weight`` is the peak conductance of one isolated event in uS; ``delay`` in ms;
        ``threshold`` in mV. Each must be a finite number (weight and delay >= 0), else
        :class:`~ei_models.errors.ParameterError` names it.
        """
        from neuron import h

        weight, delay = _check_event(self.mechanism.name, self.mechanism.weight_unit, weight, delay)
        threshold = to_number(f"{self.mechanism.name}: NetCon threshold", "mV", threshold)
        if not math.isfinite(threshold):
            raise ParameterError(f"{self.mechanism.name}: NetCon threshold must be a finite number in mV, got {threshold}")
        nc = h.NetCon(source, self.hoc, sec=sec) if sec is not None else h.NetCon(source, self.hoc)
        nc.weight[0] = weight
        nc.delay = delay
        nc.threshold = threshold
        self.netcons.append(nc)
        return nc

    def record(self, variable: str):
        """``h.Vector`` recording ``variable`` of this point process at every time step."""
        from neuron import h

        vec = h.Vector()
        vec.record(getattr(self.hoc, f"_ref_{variable}"))
        return vec


def _check_event(what: str, weight_unit: str, weight, delay) -> tuple[float, float]:
    """A NetCon's weight and delay as checked plain numbers: finite and >= 0 (ParameterError)."""
    weight = to_number(f"{what}: NetCon weight", weight_unit or "1", weight)
    delay = to_number(f"{what}: NetCon delay", "ms", delay)
    unit = f" {weight_unit}" if weight_unit else ""
    if not (math.isfinite(weight) and weight >= 0):
        raise ParameterError(f"{what}: NetCon weight must be a finite number >= 0{unit}, got {weight}")
    if not (math.isfinite(delay) and delay >= 0):
        raise ParameterError(f"{what}: NetCon delay must be a finite number >= 0 ms, got {delay}")
    return weight, delay


class DensityMechanism:
    """A density mechanism on a whole section (all its segments) or on one segment of it.

    Reads (``d.gbar``) give the value the covered segments share (a
    :class:`~ei_models.errors.ParameterError` if they differ: read them per segment then).
    Writes (``d.gbar = 0.001``, or :meth:`set` for several at once) are checked against the
    table, like :func:`insert`'s options, and written to NEURON on every covered segment; any
    name other than a parameter, alias or preset is refused.
    """

    __slots__ = ("mechanism", "section", "segments")

    def __init__(self, mechanism, section, segments):
        object.__setattr__(self, "mechanism", mechanism)
        object.__setattr__(self, "section", section)
        object.__setattr__(self, "segments", list(segments))

    def __getattr__(self, name):
        if name in DensityMechanism.__slots__ or name.startswith("__"):
            raise AttributeError(name)
        suffix = self.mechanism.neuron_name
        if name.startswith("_ref_"):  # a pointer (for Vector.record/play): the first segment's
            return getattr(self.segments[0], f"{name}_{suffix}")
        values = [getattr(seg, f"{name}_{suffix}") for seg in self.segments]
        if any(v != values[0] for v in values[1:]):
            raise ParameterError(
                f"{self.mechanism.name}: {name} differs between the {len(values)} segments this wrapper covers "
                f"({min(values):g} to {max(values):g}); read it per segment, e.g. seg.{name}_{suffix}"
            )
        return values[0]

    def __setattr__(self, name, value):
        self.set(**{name: value})

    def __repr__(self):
        where = self.section if len(self.segments) != 1 else self.segments[0]
        return f"<ei_models {self.mechanism.name} on {where}>"

    def set(self, **values):
        """Set parameters (aliases, presets) on every covered segment; all segments are checked
        before any is written, so a refused value changes nothing."""
        mech = self.mechanism
        suffix = mech.neuron_name
        for key in values:
            if key in DensityMechanism.__slots__:
                raise ParameterError(_unknown_write(mech, key, "wrapper"))
            if key not in mech.table and key not in mech.aliases and key not in mech.table.presets:
                computed = hasattr(self.segments[0], f"{key}_{suffix}")
                raise ParameterError(_unknown_write(mech, key, "computed" if computed else "unknown"))
        plan = []
        for seg in self.segments:
            current = {p: getattr(seg, f"{p}_{suffix}") for p in mech.table.names}
            plan.append((seg, current, _apply_updates(mech, current, values, segment_ions(seg), "unknown")))
        for seg, current, new in plan:
            for key, value in new.items():
                if value != current[key]:
                    setattr(seg, f"{key}_{suffix}", value)

    def record(self, variable: str, seg=None):
        from neuron import h

        seg = seg or self.segments[0]
        vec = h.Vector()
        vec.record(getattr(seg, f"_ref_{variable}_{self.mechanism.neuron_name}"))
        return vec


def insert(name: str, where, **options):
    """Put mechanism ``name`` on an existing cell and return it.

    Parameters
    ----------
    name : str
        Mechanism name, e.g. ``"nmda"``; ``ei_models.mechanisms.names()`` lists them.
    where : segment or Section
        A point process goes on a segment (``dend(0.7)``). A density mechanism goes on a
        Section (``dend``): NEURON inserts density mechanisms per section, so the options are
        set on every segment of it. A density mechanism is given a single segment only where
        that cannot spread to others: a one-segment section, or a section that already has the
        mechanism (then the options set that segment's values alone, e.g. a gradient along a
        dendrite: ``insert("gabaa_delta", dend)`` first, then ``insert("gabaa_delta", dend(0.1),
        gbar=...)``). Otherwise a :class:`ParameterError` says so rather than silently putting
        the mechanism, with default values, on the other segments.
    **options
        Preset choices (``subtype="GluN2B"``, ``mg_block="zador_1990"``), aliases (``erev`` for
        ``ampa``, solved from the segment's ``ena``/``ek``) and parameter values in the table's
        units (mV, ms, mM, uS); Brian2 quantities are accepted and converted.

    Raises
    ------
    UnknownNameError
        Unknown mechanism or preset name.
    ParameterError
        Unknown parameter or a value out of range (the message names it and the allowed range).
    """
    mech = mechanisms.get(name)
    if loader.loaded_build() is None:  # any loaded build (plain or CoreNEURON) holds the mechanisms
        loader.load()
    options, concentrations = _split_concentrations(mech, options)
    if mech.temperature:
        check_temperature(mech)
    if mech.kind == "point_process":
        _check_segment(where)
        from neuron import h

        from ..ions import TABLE as ION_TABLE

        # check before creating anything (ions the segment lacks yet: the table's defaults)
        mech.resolve(options, {**ION_TABLE.defaults(), **segment_ions(where)})
        hoc = getattr(h, mech.neuron_name)(where)  # first, so that the ions it uses exist on the segment
        values = mech.resolve(options, segment_ions(where))
        for key, value in values.items():
            setattr(hoc, key, value)
        _set_concentrations([where], concentrations)
        return Synapse(mech, hoc, where)
    if hasattr(where, "sec") and hasattr(where, "x"):
        section, segments = where.sec, [where]
        if section.nseg > 1 and not section.has_membrane(mech.neuron_name):
            raise ParameterError(
                f"{name} is a density mechanism and NEURON inserts it into a whole section: at {where} it "
                f"would land on all {section.nseg} segments of {section.name()}, the others with default values. "
                f"Give the section (insert({name!r}, {section.name()}, ...)) to set the options everywhere; for "
                f"values that vary along it, insert on the section first, then per segment"
            )
    elif hasattr(where, "nseg") and hasattr(where, "insert"):
        section, segments = where, list(where)
    else:
        raise ParameterError(f"{name} is a density mechanism: expected a NEURON Section (or a segment), got {where!r}")
    values = mech.resolve(options, segment_ions(segments[0]))
    if not section.has_membrane(mech.neuron_name):
        section.insert(mech.neuron_name)
    for seg in segments:
        for key, value in values.items():
            setattr(seg, f"{key}_{mech.neuron_name}", value)
    _set_concentrations(segments, concentrations)
    return DensityMechanism(mech, section, segments)


#: ion concentrations a mechanism may read from its segment, set by ``insert`` (name -> ion)
CONCENTRATIONS = {"cli": "cl", "clo": "cl"}
#: NEURON's initial concentrations for an ion it does not know (chloride): 1 mM in and out
_NEURON_UNSET = 1.0


def _split_concentrations(mech, options):
    """Separate the segment concentrations (``cli``, ``clo``) from the mechanism options.

    A mechanism that reads chloride gets, on its segment, the ``cli``/``clo`` given here or
    else the ion table's defaults (the chapter's 10/120 mM) where the segment still has NEURON's
    1/1 mM; values are checked against the ion table (ParameterError for [Cl-] <= 0).
    """
    from ..ions import TABLE as ION_TABLE

    wanted = {k: v for k, v in options.items() if k in CONCENTRATIONS}
    if not wanted and not any(k in CONCENTRATIONS for k in mech.ions):
        return options, {}
    for k in wanted:
        if k not in mech.ions:
            raise ParameterError(f"{mech.name} does not read {k}; it reads: {', '.join(mech.ions) or 'no ions'}")
    checked = ION_TABLE.validate(wanted)
    rest = {k: v for k, v in options.items() if k not in CONCENTRATIONS}
    return rest, {k: (checked[k], k in wanted) for k in mech.ions if k in CONCENTRATIONS}


def _set_concentrations(segments, concentrations):
    if concentrations:
        # NEURON re-initializes a concentration some mechanism writes (cl_kcc2 writes cli) from
        # the global defaults cli0_cl_ion/clo0_cl_ion, 1/1 mM unless changed: give them the
        # table's values too, once, where they are still NEURON's
        from neuron import h

        from ..ions import TABLE as ION_TABLE

        for key in ("cli", "clo"):
            name = f"{key}0_cl_ion"
            if hasattr(h, name) and getattr(h, name) == _NEURON_UNSET:
                setattr(h, name, ION_TABLE[key].value)
    for seg in segments:
        for key, (value, given) in concentrations.items():
            if given or getattr(seg, key) == _NEURON_UNSET:
                setattr(seg, key, value)


#: Longest forwarding delay (ms) for a source that writes its event's weight (see :func:`forward`).
GRADED_MAX_DELAY = 0.5


def forward(release: Synapse, target: Synapse, weight: float | None = None, delay: float = 0.0):
    """Connect a presynaptic point process (``release``, ``tsodyks_markram``) to a receptor (or
    ``eaat``) point process.

    Quantal release (a source with a quantal size ``q``): every vesicle it lets go is one event
    to ``target``, of weight ``q`` (uS) for a conductance receptor or 1 (one vesicle) when the
    target's events count vesicles (``eaat``).

    Graded forwarding (a source with the forwarded-weight slot ``w_out``, e.g.
    ``tsodyks_markram``): one event per presynaptic spike whose weight the source sets to
    ``weight * r`` (``r`` its efficacy, e.g. ``N u x``) through a pointer to this NetCon's
    weight. ``weight`` (the target's unit, uS for conductance receptors; required for them, 1 by
    default otherwise) is the response to unit efficacy. One such source forwards to one target.

    ``delay`` (ms) must be at least ``dt`` when NEURON runs with several threads (NEURON's rule
    for NetCons whose source is a point process). For graded forwarding the weight is read at
    delivery, so a spike arriving while the previous one is still in flight would overwrite it:
    the forwarding delay is limited to :data:`GRADED_MAX_DELAY` (0.5 ms, below any interspike
    interval a refractory neuron produces); put the conduction delay on the input NetCon
    (``source.connect(stim, delay=...)``) instead.

    Returns the ``NetCon`` (also kept in ``release.netcons``).
    """
    from neuron import h

    source = release
    mech = getattr(source, "mechanism", None)
    graded = mech is not None and hasattr(source.hoc, "_ref_w_out")
    if mech is None or not (graded or "q" in mech.table):
        raise ParameterError("forward() needs a release point process first (quantal release or short-term "
                             f"plasticity), got {source!r}")
    if not isinstance(target, Synapse) or target.mechanism.kind != "point_process":
        raise ParameterError(f"forward() needs a receptor point process as target, got {target!r}")
    what = f"{mech.name} -> {target.mechanism.name}"
    if graded and source.hoc.linked > 0.5:
        raise ParameterError(f"{what}: this {mech.name} instance already forwards to a receptor; insert one "
                             f"{mech.name} per receptor (same parameters, seed and stream give the same draws)")
    if weight is None:
        if graded and target.mechanism.weight_unit == "uS":
            raise ParameterError(f"{what}: give weight= (uS), the conductance of an event of unit efficacy")
        weight = source.hoc.q if (not graded and target.mechanism.weight_unit == "uS") else 1.0
    weight, delay = _check_event(what, target.mechanism.weight_unit, weight, delay)
    if graded and delay > GRADED_MAX_DELAY:
        raise ParameterError(f"{what}: forwarding delay = {delay:g} ms is above {GRADED_MAX_DELAY:g} ms; the weight "
                             f"{mech.name} writes for each spike is read at delivery, so a later spike would overwrite "
                             f"it in flight. Put the conduction delay on the input NetCon: "
                             f"{mech.name}.connect(source, delay={delay:g})")
    nc = h.NetCon(source.hoc, target.hoc)
    nc.weight[0] = weight
    nc.delay = delay
    if graded:
        source.hoc.w_base = weight
        h.setpointer(nc._ref_weight[0], "w_out", source.hoc)
        source.hoc.linked = 1
    source.netcons.append(nc)
    return nc
