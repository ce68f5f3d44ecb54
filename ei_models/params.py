"""Parameter tables: the one source of truth for every mechanism's parameters.

Each mechanism declares a :class:`ParameterTable` in ``ei_models/mechanisms/<name>.py``. The
table holds, per parameter, its default value, its unit in NEURON's fixed unit system (ms, mV,
mM, uS, nA for point processes, S/cm2 and mA/cm2 for density mechanisms), its allowed range and
its literature source. From it come

* the Brian2 namespace (values times Brian2 units, see :meth:`ParameterTable.brian2_namespace`);
* the checks applied to user overrides on both sides (:meth:`ParameterTable.validate`);
* the reference that ``tests/test_parameter_tables.py`` compares the compiled ``.mod`` defaults
  and the ``.mod`` PARAMETER units against.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field
from typing import Mapping

from .errors import ParameterError, UnknownNameError

# NEURON unit strings used in the tables -> (Brian2 unit expression, human description).
# Brian2 is imported lazily: the tables must be usable without it.
_BRIAN2_UNITS = {
    "1": "1",
    "ms": "ms",
    "/ms": "1/ms",
    "s": "second",
    "mV": "mV",
    "/mV": "1/mV",
    "mM": "mM",
    "/mM": "1/mM",
    "/mM/ms": "1/(mM*ms)",
    "uM": "umolar",
    "/uM": "1/umolar",
    "mM/ms": "mM/ms",
    "uS": "uS",
    "nS": "nS",
    "nA": "nA",
    "S/cm2": "siemens/cm**2",
    "mA/cm2": "mA/cm**2",
    "um": "um",
    "um2": "um**2",
    "um3": "um**3",
    "/um2": "1/um**2",
    "degC": "1",  # temperatures are plain numbers in degrees Celsius on both sides
}


def brian2_unit(unit: str):
    """Return the Brian2 unit (a Quantity) for a NEURON unit string used in the tables."""
    import brian2

    try:
        expr = _BRIAN2_UNITS[unit]
    except KeyError:
        raise ParameterError(f"unit {unit!r} has no Brian2 translation; known: {sorted(_BRIAN2_UNITS)}")
    return eval(expr, {"__builtins__": {}}, {k: v for k, v in vars(brian2).items() if not k.startswith("_")})


def rise_before_decay(values) -> str | None:
    """Check for dual-exponential kinetics: tau_rise must be shorter than tau_decay."""
    if values["tau_rise"] >= values["tau_decay"]:
        return f"tau_rise ({values['tau_rise']:g} ms) must be shorter than tau_decay ({values['tau_decay']:g} ms)"
    return None


def _parse_bounds(text: str):
    """Parse ``"(0, inf)"`` / ``"[0, 1]"`` into (lo, lo_closed, hi, hi_closed)."""
    text = text.strip()
    if text[0] not in "([" or text[-1] not in ")]":
        raise ValueError(f"bad bounds {text!r}")
    lo, hi = (float(x) for x in text[1:-1].split(","))
    return lo, text[0] == "[", hi, text[-1] == "]"



def bound_condition(name: str, lo: float, lo_closed: bool, hi: float, hi_closed: bool) -> str:
    """The expression, valid in C and in hoc, that holds exactly when ``name`` lies within the
    bounds (NaN fails every comparison; an infinite value fails ``x - x == 0``). Used by the C
    guard blocks (:mod:`ei_models.generated`) and the hoc guards (``cl_transport``)."""
    parts = []
    if not math.isinf(lo):
        parts.append(f"{name} {'>=' if lo_closed else '>'} {lo!r}")
    if not math.isinf(hi):
        parts.append(f"{name} {'<=' if hi_closed else '<'} {hi!r}")
    if math.isinf(lo) or math.isinf(hi):
        parts.append(f"{name} - {name} == 0")
    return " && ".join(parts)

def to_number(what: str, unit: str, raw, brian2_units: bool = False) -> float:
    """Convert a user value to a plain float in ``unit`` (a NEURON unit string).

    Plain numbers are taken to be in ``unit`` already. Brian2 quantities must have the same
    dimensions as ``unit`` (a :class:`ParameterError` names both otherwise).
    """
    if hasattr(raw, "dim") or (brian2_units and not isinstance(raw, numbers.Number)):
        import brian2

        target = brian2_unit(unit)
        try:  # None, strings, lists: not a quantity (Brian2 raises TypeError for some)
            same = brian2.have_same_dimensions(raw, target) and not isinstance(raw, (str, bytes, bool))
        except (TypeError, ValueError):
            same = False
        if not same:
            raise ParameterError(
                f"{what} needs a value in units of {unit} (dimension {brian2.get_dimensions(target)}), got {raw!r}"
            )
        try:
            return float(raw / target)
        except (TypeError, ValueError):
            raise ParameterError(f"{what} must be a single number in {unit}, got {raw!r}") from None
    if isinstance(raw, bool) or not isinstance(raw, numbers.Real):
        raise ParameterError(f"{what} must be a number in {unit}, got {raw!r}")
    return float(raw)


@dataclass(frozen=True)
class Parameter:
    """One model parameter.

    Parameters
    ----------
    name : str
        Name used in NEURON (RANGE variable), in the Brian2 namespace and in Python calls.
    value : float
        Default value in ``unit``.
    unit : str
        NEURON unit string (``"ms"``, ``"mV"``, ``"mM"``, ``"uS"``, ``"/mV"``, ``"1"``, ...).
    bounds : str
        Allowed range as an interval, e.g. ``"(0, inf)"`` (open) or ``"[0, 1]"`` (closed).
    source : str
        Literature source of the default (author, year, journal), or a stated modelling choice.
    doc : str
        One-line meaning.
    """

    name: str
    value: float
    unit: str
    bounds: str
    source: str
    doc: str = ""

    def __post_init__(self):
        _parse_bounds(self.bounds)
        if self.unit not in _BRIAN2_UNITS:
            raise ValueError(f"{self.name}: unknown unit {self.unit!r}")
        if not self.allows(self.value):
            raise ValueError(f"{self.name}: default {self.value} outside {self.bounds}")

    def allows(self, value: float) -> bool:
        lo, lo_c, hi, hi_c = _parse_bounds(self.bounds)
        if not math.isfinite(value):
            return False
        above = value >= lo if lo_c else value > lo
        below = value <= hi if hi_c else value < hi
        return above and below

    def brian2_value(self, value: float | None = None):
        """The value (default or given, in ``unit``) as a Brian2 quantity."""
        return (self.value if value is None else value) * brian2_unit(self.unit)


@dataclass(frozen=True)
class Preset:
    """A named set of parameter values (a receptor subtype, a published parameter set)."""

    name: str
    values: Mapping[str, float]
    source: str
    doc: str = ""


@dataclass
class ParameterTable:
    """The parameters of one mechanism, with named presets grouped by kind.

    ``presets`` maps a group name (e.g. ``"subtype"``, ``"mg_block"``) to the presets of that
    group; the first preset of a group is the one the defaults correspond to.
    """

    mechanism: str
    parameters: tuple[Parameter, ...]
    presets: Mapping[str, tuple[Preset, ...]] = field(default_factory=dict)
    #: cross-parameter checks: each ``check(values) -> message or None``
    checks: tuple = ()

    def __post_init__(self):
        names = [p.name for p in self.parameters]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.mechanism}: duplicate parameter names")
        for group, presets in self.presets.items():
            for preset in presets:
                for key, value in preset.values.items():
                    if not self[key].allows(value):
                        raise ValueError(f"{self.mechanism}: preset {group}={preset.name} sets {key}={value} out of range")
            first = presets[0]
            for key, value in first.values.items():
                if self[key].value != value:
                    raise ValueError(f"{self.mechanism}: defaults must equal the first {group} preset ({first.name}) for {key}")

    # -- lookup ------------------------------------------------------------------------------
    def __getitem__(self, name: str) -> Parameter:
        for p in self.parameters:
            if p.name == name:
                return p
        raise UnknownNameError(
            f"{self.mechanism} has no parameter {name!r}; its parameters are: {', '.join(self.names)}"
        )

    def __contains__(self, name: str) -> bool:
        return any(p.name == name for p in self.parameters)

    def __iter__(self):
        return iter(self.parameters)

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.parameters]

    def defaults(self) -> dict[str, float]:
        """Default values, in the table's (NEURON) units."""
        return {p.name: p.value for p in self.parameters}

    def preset(self, group: str, name: str) -> Preset:
        if group not in self.presets:
            raise UnknownNameError(f"{self.mechanism} has no {group!r} presets; it has: {', '.join(self.presets) or 'none'}")
        for preset in self.presets[group]:
            if preset.name.lower() == str(name).lower():
                return preset
        allowed = ", ".join(p.name for p in self.presets[group])
        raise UnknownNameError(f"unknown {group} {name!r} for {self.mechanism}; choose one of: {allowed}")

    # -- checking ----------------------------------------------------------------------------
    def validate(self, overrides: Mapping[str, object] | None = None, *, presets: Mapping[str, str] | None = None,
                 brian2_units: bool = False) -> dict[str, float]:
        """Resolve presets and overrides into a complete, checked set of plain values.

        Parameters
        ----------
        overrides : mapping
            Parameter values. Plain numbers are read in the table's unit; Brian2 quantities are
            checked for dimension and converted (always accepted when ``brian2_units`` is true).
        presets : mapping
            Preset choices by group, e.g. ``{"subtype": "GluN2B"}``. Applied before overrides.

        Returns
        -------
        dict
            Every parameter's value in the table's unit.

        Raises
        ------
        ParameterError
            Unknown parameter, wrong unit, NaN/inf, or a value outside its bounds.
        UnknownNameError
            Unknown preset group or name.
        """
        values = self.defaults()
        for group, choice in (presets or {}).items():
            if choice is None:
                continue
            values.update(self.preset(group, choice).values)
        for key, raw in (overrides or {}).items():
            if key not in self:
                raise ParameterError(
                    f"{self.mechanism} has no parameter {key!r}; its parameters are: {', '.join(self.names)}"
                )
            values[key] = to_number(f"{self.mechanism}: {key}", self[key].unit, raw, brian2_units)
        for p in self.parameters:
            if not p.allows(values[p.name]):
                unit = "" if p.unit == "1" else f" {p.unit}"
                raise ParameterError(
                    f"{self.mechanism}: {p.name} = {values[p.name]:g}{unit} is out of range; "
                    f"allowed {p.bounds}{unit} ({p.doc or 'see the parameter table'})"
                )
        for check in self.checks:
            problem = check(values)
            if problem:
                raise ParameterError(f"{self.mechanism}: {problem}")
        return values

    def brian2_namespace(self, values: Mapping[str, float] | None = None) -> dict:
        """The Brian2 namespace: each parameter (default or given values) with its Brian2 unit."""
        values = self.defaults() if values is None else values
        return {p.name: p.brian2_value(values[p.name]) for p in self.parameters}

    def as_markdown(self) -> str:
        """A Markdown table of the parameters (used in the docs and the report)."""
        rows = ["| parameter | default | unit | bounds | meaning | source |", "|---|---|---|---|---|---|"]
        rows += [f"| `{p.name}` | {p.value:g} | {p.unit} | {p.bounds} | {p.doc} | {p.source} |" for p in self.parameters]
        return "\n".join(rows)


# -- temperature: Q10 scaling of rates and time constants --------------------------------------
#: the temperatures (degC) a mechanism with Q10 scaling accepts, in both simulators
CELSIUS_RANGE = (0.0, 45.0)
#: NEURON's default h.celsius; a Q10-scaled mechanism run there is several-fold slower than at 37 C
NEURON_DEFAULT_CELSIUS = 6.3


class CelsiusWarning(UserWarning):
    """The temperature is still NEURON's default 6.3 C (NEURON's ``h.celsius``, or no ``celsius`` in
    Brian2's ``ion_values``, whose default is the same) while a Q10-scaled mechanism is used."""


_celsius_warned = {"brian2": False}


def warn_default_celsius_brian2(mech, ion_values) -> None:
    """One :class:`CelsiusWarning` per process when a Q10-scaled mechanism is built for Brian2
    without a ``celsius`` in ``ion_values``: it then runs at the ion table's default 6.3 C (NEURON's
    default, kept the same in both simulators), several-fold slower than at its temp_ref."""
    import warnings

    if (not getattr(mech, "slowed_by_default_celsius", False) or "celsius" in (ion_values or {})
            or _celsius_warned["brian2"]):
        return
    _celsius_warned["brian2"] = True
    warnings.warn(
        f"ei_models: {mech.name} is built for Brian2 without ion_values={{'celsius': ...}}, so it runs at the "
        f"default {NEURON_DEFAULT_CELSIUS} C (NEURON's default, the same in both simulators); it and the other "
        "ei_models receptors scale their kinetics with Q10 from their reference temperature (temp_ref, about "
        "22-37 C), so at 6.3 C they run several-fold slower. Pass ion_values={'celsius': 37} (or your recording "
        "temperature) to synapse_model / make_synapses / post_equations / density_model (shown once per process)",
        CelsiusWarning, stacklevel=4)


def temperature_parameters(temp_ref: float, temp_source: str, q10: Mapping[str, tuple[float, str]]):
    """The temperature rows of a mechanism's table (one convention for every mechanism):
    ``temp_ref`` (degC, the temperature the kinetic values were measured at or are meant for)
    and a Q10 per process, ``q10`` for the key ``""`` and ``q10_<process>`` otherwise, each
    ``{process: (value, source)}``. Rates are multiplied and time constants divided by
    ``qt = q10**((celsius - temp_ref)/10)`` (:func:`q10_factors`), so at ``celsius = temp_ref``
    the mechanism gives its table values unchanged."""
    rows = [Parameter("temp_ref", temp_ref, "degC", "[0, 45]", temp_source,
                      "reference temperature of the kinetic values (Q10 scaling: qt = 1 there)")]
    for process, (value, source) in q10.items():
        name = f"q10_{process}" if process else "q10"
        what = f"{process} " if process else ""
        rows.append(Parameter(name, value, "1", "[1, 10]", source,
                              f"Q10 of the {what}rates (1 = temperature independent)"))
    return tuple(rows)


def check_celsius(celsius, what: str) -> float:
    """``celsius`` as a float if it lies in :data:`CELSIUS_RANGE`; :class:`ParameterError`
    naming ``celsius`` otherwise (a Q10 law is not evidence outside 0-45 C)."""
    lo, hi = CELSIUS_RANGE
    try:
        value = float(celsius)
    except (TypeError, ValueError):
        raise ParameterError(f"{what}: celsius must be a temperature in degC, got {celsius!r}") from None
    if not (math.isfinite(value) and lo <= value <= hi):
        raise ParameterError(
            f"{what}: celsius = {value:g} degC is outside [{lo:g}, {hi:g}] degC, the range of its Q10 temperature "
            f"scaling; set celsius within it (NEURON: h.celsius = 37; Brian2: ion_values={{'celsius': 37}})")
    return value


def q10_factors(values: Mapping[str, float], celsius: float) -> dict[str, float]:
    """``{"qt": ..., "qt_<process>": ...}``: the factor ``q10**((celsius - temp_ref)/10)`` of
    each Q10 row of a table's ``values`` (the Brian2 namespace constants; NEURON computes the
    same numbers in each mechanism's INITIAL). Empty for a table without ``temp_ref``."""
    if "temp_ref" not in values:
        return {}
    out = {}
    for key, q10 in values.items():
        if key == "q10" or key.startswith("q10_"):
            out["qt" + key[3:]] = float(q10) ** ((float(celsius) - float(values["temp_ref"])) / 10.0)
    return out
