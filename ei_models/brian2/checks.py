"""Values written to a Brian2 ``Synapses`` after :func:`ei_models.brian2.make_synapses` are
checked when the run starts.

``make_synapses`` checks what it sets (weights, delays, per-synapse parameters), but Brian2 lets a
user write any value later: ``S.mg = -1*mM`` (a Mg2+ block of the wrong sign), ``S.w[0] =
nan*nS``, ``S.delay = -1*ms``. :class:`CheckedSynapses` (the class ``make_synapses`` returns)
runs :func:`check_synapses` in its ``before_run``, so every such value is refused with a
:class:`~ei_models.errors.ParameterError` naming the variable, how many synapses are out of
range and the range: the table bounds, the same rules as NEURON's INITIAL guard
(:func:`ei_models.generated.guard_block`), cross-parameter rules included.

Brian2 wraps an error raised while it prepares a run in a ``BrianObjectException``; ours is its
cause (``ei_models.errors.ours(exc)`` finds it, and
:func:`ei_models.errors.install_excepthook` shows it as a plain error). Under ``cpp_standalone``
the values exist only when the compiled program runs, so only the values given through the
ei_models API are checked there.
"""

from __future__ import annotations

import math
import re

import brian2
import numpy as np

from .. import mechanisms
from ..errors import ParameterError
from ..params import _parse_bounds, brian2_unit

__all__ = ["CheckedSynapses", "check_event_values", "check_synapses", "check_time_step"]


#: the longest delay Brian2 takes (seconds): its spike queue counts delays in time steps as 32-bit
#: integers, and a delay of more than 2**31 steps (5.4e4 s at dt = 0.025 ms) wraps around and is
#: delivered at once (found by tests/test_fuzz.py: a 1e9 s delay arrived in the first step)
MAX_DELAY = 1000.0


def check_event_values(value, unit, what: str, meaning: str) -> None:
    """Refuse (:class:`ParameterError` naming ``what``) weights or delays ``value`` (a quantity or an
    array of them) that are not of ``unit``'s dimension, or not all finite and >= 0; delays
    (seconds) also above :data:`MAX_DELAY`."""
    try:
        same = brian2.have_same_dimensions(value, unit)
    except Exception:
        same = False
    if not same or isinstance(value, (str, bytes)):
        raise ParameterError(f"{what} must be {meaning}, got {value!r}")
    try:
        numbers = np.asarray(value / unit, float)
    except (TypeError, ValueError):
        raise ParameterError(f"{what} must be {meaning}, got {value!r}") from None
    if not (np.all(np.isfinite(numbers)) and np.all(numbers >= 0)):
        raise ParameterError(f"{what} must be finite and >= 0, got {value!r}")
    if brian2.have_same_dimensions(unit, brian2.second) and np.any(numbers * float(unit) > MAX_DELAY):
        raise ParameterError(f"{what} must be at most {MAX_DELAY:g} s (Brian2 counts delays in 32-bit time steps), "
                             f"got {value!r}")


def check_time_step(dt, what: str = "dt"):
    """``dt`` if it is one finite time > 0 (a Brian2 quantity); :class:`ParameterError` naming
    ``what`` otherwise (Brian2's own error for ``dt=0`` or a number without unit is unclear)."""
    try:
        ok = brian2.have_same_dimensions(dt, brian2.second) and not isinstance(dt, (str, bytes))
        value = float(dt / brian2.second) if ok else float("nan")
    except (TypeError, ValueError):
        ok, value = False, float("nan")
    if not ok or np.ndim(dt) != 0:
        raise ParameterError(f"{what} must be one time step (a quantity in seconds, e.g. 0.025*ms), got {dt!r}")
    if not (math.isfinite(value) and value > 0):
        raise ParameterError(f"{what} must be a finite time > 0 (e.g. 0.025*ms), got {dt!r}")
    return dt


def _outside(values: np.ndarray, bounds: str) -> np.ndarray:
    """Mask of the entries of ``values`` (table units) outside the interval ``bounds``; NaN and
    +-inf are always outside (the tables' bounds are for finite values)."""
    lo, lo_c, hi, hi_c = _parse_bounds(bounds)
    with np.errstate(invalid="ignore"):
        ok = np.isfinite(values)
        ok &= (values >= lo) if lo_c else (values > lo)
        ok &= (values <= hi) if hi_c else (values < hi)
    return ~ok


def _report(what: str, values: np.ndarray, bad: np.ndarray, rule: str, unit: str, fix: str) -> str:
    idx = np.flatnonzero(bad)
    unit_text = "" if unit in ("", "1") else f" {unit}"
    return (f"{what}: {idx.size} of {values.size} synapses {rule} (first: synapse {idx[0]}, "
            f"value {values[idx[0]]:g}{unit_text}); {fix}")


def _c_to_numpy(condition: str) -> str:
    """A guard condition (C, from ``ei_models.generated._cross_rules``) as a numpy expression."""
    for c_op, np_op in (("||", "|"), ("&&", "&")):
        if c_op in condition:
            condition = f" {np_op} ".join(f"({part.strip()})" for part in condition.split(c_op))
    return condition


def _tables(model) -> list:
    """[(mechanism, {parameter: value in table units})] of the receptor and any presynaptic
    mechanism composed in front of it (their values carry the prefix ``<front>.``)."""
    out = [(mechanisms.get(model.name), {k: v for k, v in model.values.items() if "." not in k})]
    fronts = {k.split(".", 1)[0] for k in model.values if "." in k}
    for front in sorted(fronts):
        out.append((mechanisms.get(front), {k.split(".", 1)[1]: v for k, v in model.values.items()
                                            if k.startswith(front + ".")}))
    return out


def _per_synapse_values(syn, key: str, unit: str) -> np.ndarray:
    var = syn.variables[key]
    return np.asarray(var.get_value(), dtype=float) / float(brian2_unit(unit))


def check_synapses(syn) -> None:
    """Refuse (:class:`ParameterError`) out-of-range values in a ``Synapses`` made by
    :func:`~ei_models.brian2.make_synapses`: its event weights ``w`` and delays (finite, >= 0),
    its per-synapse parameters (the table bounds) and the table's cross-parameter rules over
    them. Runs at the start of every run (:class:`CheckedSynapses`); callable any time."""
    model = getattr(syn, "ei_model", None)
    if model is None or type(brian2.get_device()).__name__ != "RuntimeDevice":
        return
    name = model.name
    mech = mechanisms.get(name)
    n = len(syn)
    if n == 0:
        return
    fix = "set values in range (make_synapses checks what it sets; values written to the Synapses later are checked here, at the start of the run)"
    if "w" in syn.variables and "w" in model.model.names:
        unit = mech.weight_unit or "1"
        w = _per_synapse_values(syn, "w", unit)
        bad = _outside(w, "[0, inf)")
        if bad.any():
            raise ParameterError(_report(f"{name}: weight w", w, bad, "are not finite and >= 0", unit, fix))
    pre = getattr(syn, "pre", None)
    if pre is not None and "delay" in getattr(pre, "variables", {}):
        d = np.asarray(pre.variables["delay"].get_value(), dtype=float) * 1e3
        if d.size:
            bad = _outside(d, f"[0, {MAX_DELAY * 1e3:g}]")
            if bad.any():
                raise ParameterError(_report(f"{name}: delay", d, bad, f"are not finite, >= 0 and <= {MAX_DELAY:g} s",
                                             "ms", fix))
    from .. import ions

    for key in mech.ions:  # ion values in the namespace (nmda's GHK cai/cao), perhaps rewritten since
        value = syn.namespace.get(key) if isinstance(getattr(syn, "namespace", None), dict) else None
        if value is None or key not in ions.TABLE:
            continue
        p = ions.TABLE[key]
        x = np.atleast_1d(np.asarray(value / brian2_unit(p.unit), float))
        if _outside(x, p.bounds).any():
            raise ParameterError(f"{name}: ion value {key} = {x[0]:g} {p.unit} in the synapses' namespace is outside "
                                 f"its range {p.bounds} {p.unit}; give ion_values={{{key!r}: ...}} in range")
    from ..generated import _cross_rules

    rules = _cross_rules()
    for owner, values in _tables(model):
        env = dict(values)
        arrays = set()
        for key in model.per_synapse:
            if key in owner.table and key in values and key in syn.variables:
                p = owner.table[key]
                x = _per_synapse_values(syn, key, p.unit)
                bad = _outside(x, p.bounds)
                if bad.any():
                    unit = "" if p.unit == "1" else f" {p.unit}"
                    raise ParameterError(_report(f"{owner.name}: per-synapse {key}", x, bad,
                                                 f"are outside its range {p.bounds}{unit}", p.unit, fix))
                env[key] = x
                arrays.add(key)
        if not arrays:
            continue
        for check in owner.table.checks:
            rule = rules.get(check)
            if rule is None or isinstance(rule, str):
                continue
            for condition, message, args in rule:
                if not arrays & set(args):
                    continue
                scope = {k: np.broadcast_to(np.asarray(v, float), (n,)) for k, v in env.items()
                         if re.search(rf"\b{re.escape(k)}\b", condition)}
                ok = np.asarray(eval(_c_to_numpy(condition), {"__builtins__": {}, "floor": np.floor}, scope))
                bad = ~np.broadcast_to(ok, (n,))
                if bad.any():
                    i = int(np.flatnonzero(bad)[0])
                    shown = message % tuple(float(scope[a][i]) for a in args)
                    raise ParameterError(f"{owner.name}: {int(bad.sum())} of {n} synapses break the rule {shown} "
                                         f"(first: synapse {i}); {fix}")


class CheckedSynapses(brian2.Synapses):
    """``brian2.Synapses`` that checks its values at the start of each run (:func:`check_synapses`)."""

    def before_run(self, run_namespace=None):
        check_synapses(self)
        super().before_run(run_namespace)
