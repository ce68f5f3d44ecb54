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
:func:`ei_models.errors.install_excepthook` shows it as a plain error).

Under ``cpp_standalone`` the values exist only when the compiled program runs, so they cannot be
read at ``before_run``. There the write itself is checked instead: a write to a weight ``w``, a
``delay`` or a per-synapse parameter of a :class:`CheckedSynapses` (``S.mg = -1*mM``,
``S.w[0] = nan*nS``, ``S.delay_ = -1e-3``) is refused when it is made, against the same bounds,
and a string expression for one of them (``"rand()*nS"``, evaluated only by the compiled
program) is refused with the fix (give the values as a quantity or an array). The table's
cross-parameter rules between per-synapse values (``tau_rise < tau_decay``) are checked only on
the runtime targets.
"""

from __future__ import annotations

import functools
import math
import re

import brian2
import numpy as np

from .. import mechanisms
from ..errors import ParameterError
from ..params import _parse_bounds, brian2_unit

__all__ = ["CheckedSynapses", "check_event_values", "check_standalone_write", "check_synapses", "check_time_step"]


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


def _standalone() -> bool:
    return type(brian2.get_device()).__name__ != "RuntimeDevice"


def _write_rule(syn, name: str):
    """(what, unit quantity, bounds, table unit text) of a checked variable ``name`` of ``syn``, or
    None if writes to it are not checked (kinetic states, the target's variables)."""
    model = getattr(syn, "ei_model", None)
    if model is None:
        return None
    mech = mechanisms.get(model.name)
    if name == "w" and "w" in model.model.names:
        unit = mech.weight_unit or "1"
        return f"{model.name}: weight w", brian2_unit(unit), "[0, inf)", unit
    if name == "delay":
        return f"{model.name}: delay", brian2.ms, f"[0, {MAX_DELAY * 1e3:g}]", "ms"
    if name in model.per_synapse:
        for owner, values in _tables(model):
            if name in owner.table and name in values:
                p = owner.table[name]
                return f"{owner.name}: per-synapse {name}", brian2_unit(p.unit), p.bounds, p.unit
    return None


def check_standalone_write(syn, name: str, value, with_units: bool = True) -> None:
    """Refuse (:class:`ParameterError` naming the variable) a value written to a checked variable
    of ``syn`` under ``cpp_standalone`` (where :func:`check_synapses` cannot read it at the run's
    start): a string expression, a value of the wrong dimension, or any entry outside the bounds.
    ``with_units`` False: the value is in SI base units (Brian2's ``S.x_ = ...``)."""
    rule = _write_rule(syn, name)
    if rule is None:
        return
    what, unit, bounds, unit_text = rule
    if isinstance(value, (str, bytes)):
        raise ParameterError(f"{what}: a string expression ({value!r}) is evaluated only by the compiled "
                             "cpp_standalone program and cannot be checked; give the values as a quantity or an "
                             "array of them (e.g. numpy's random numbers times the unit), or use the cython target")
    try:
        same = (not with_units) or brian2.have_same_dimensions(value, unit)
    except Exception:
        same = False
    if not same:
        raise ParameterError(f"{what} must be in {unit_text}, got {value!r}")
    try:
        numbers = np.asarray(value / unit if with_units else np.asarray(value, float) / float(unit), float)
    except (TypeError, ValueError):
        raise ParameterError(f"{what} must be a number or an array of numbers in {unit_text}, got {value!r}") from None
    numbers = np.atleast_1d(numbers).ravel()
    bad = _outside(numbers, bounds)
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        unit_show = "" if unit_text in ("", "1") else f" {unit_text}"
        raise ParameterError(f"{what}: {int(bad.sum())} of {numbers.size} written values are outside its range "
                             f"{bounds}{unit_show} (first: {numbers[k]:g}{unit_show}); set values in range (under "
                             "cpp_standalone each write is checked when it is made)")


class _CheckedView(brian2.core.variables.VariableView):
    """A ``VariableView`` whose writes go through :func:`check_standalone_write` first."""

    def __init__(self, owner, name, variable, group, dimensions=None):
        super().__init__(name=name, variable=variable, group=group, dimensions=dimensions)
        self.checked_owner = owner  # the CheckedSynapses (a delay's view belongs to its pathway)

    def set_item(self, item, value, level=0, namespace=None):
        check_standalone_write(self.checked_owner, self.name, value, with_units=self.dim is not None)
        super().set_item(item, value, level=level + 1, namespace=namespace)


class CheckedSynapses(brian2.Synapses):
    """``brian2.Synapses`` that checks its values at the start of each run (:func:`check_synapses`)
    and, under ``cpp_standalone``, each write to a weight, delay or per-synapse parameter when it
    is made (:func:`check_standalone_write`)."""

    def before_run(self, run_namespace=None):
        check_synapses(self)
        super().before_run(run_namespace)

    def __setattr__(self, key, value, level=0):
        if key in ("delay", "delay_"):  # the property below (one frame, as under Group.__setattr__)
            return object.__setattr__(self, key, value)
        if "_group_attribute_access_active" in self.__dict__ and key not in self.__dict__ and _standalone():
            name, with_units = (key[:-1], False) if key.endswith("_") else (key, True)
            if name in self.variables:
                check_standalone_write(self, name, value, with_units=with_units)
        super().__setattr__(key, value, level=level + 1)

    def state(self, name, use_units=True, level=0):
        view = super().state(name, use_units=use_units, level=level)
        if _standalone() and isinstance(view, brian2.core.variables.VariableView) and _write_rule(self, name):
            var = self.variables[name]
            return _CheckedView(self, name, var, self, dimensions=var.dim if use_units else None)
        return view

    # ``S.delay`` is a property of brian2.Synapses (the ``pre`` pathway's delays): the same
    # property, with the write checked under cpp_standalone (the frame depth of Brian2's own
    # setter is kept, so string delays still find the caller's namespace on runtime targets)
    def _get_delay(self, with_unit):
        view = super()._get_delay(with_unit)
        if _standalone() and isinstance(view, brian2.core.variables.VariableView):
            var = self.pre.variables["delay"]
            return _CheckedView(self, "delay", var, self.pre, dimensions=var.dim if with_unit else None)
        return view

    def _set_delay(self, delay, with_unit):
        # brian2.Synapses._set_delay, with the check; its body is repeated (not called) so that
        # set_item's level=2 still names the caller's frame for a string expression
        if _standalone():
            check_standalone_write(self, "delay", delay, with_units=with_unit)
        if "pre" not in self._synaptic_updaters:
            raise AttributeError("Synapses do not have a 'pre' pathway, do not know what 'delay' refers to.")
        var = self.pre.variables["delay"]
        if with_unit:
            reference = var.get_addressable_value_with_unit("delay", self.pre)
        else:
            reference = var.get_addressable_value("delay", self.pre)
        reference.set_item("True", delay, level=2)

    delay = property(functools.partial(_get_delay, with_unit=True), functools.partial(_set_delay, with_unit=True),
                     doc=brian2.Synapses.delay.__doc__)
    delay_ = property(functools.partial(_get_delay, with_unit=False), functools.partial(_set_delay, with_unit=False),
                      doc=brian2.Synapses.delay_.__doc__)
