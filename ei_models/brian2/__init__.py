"""The ei_models mechanisms as Brian2 equation sets with units.

The equations live in ``equations/<name>.eqs`` (sections ``[model]``, ``[on_pre]``,
``[summed]``, ``[method]``); the namespace comes from the mechanism's parameter table
(:mod:`ei_models.mechanisms`), so both simulators share names and defaults. Currents follow
NEURON's sign convention (outward positive): a membrane equation subtracts them, e.g.
``dv/dt = (gl*(El - v) - i_nmda - i_ampa) / Cm``.

Example
-------
>>> from brian2 import *
>>> from ei_models import brian2 as eib
>>> nmda = dict(subtype="GluN2B", mg=1.2*mM)
>>> post = NeuronGroup(10, "dv/dt = (gl*(El - v) - i_nmda) / Cm : volt\n" + eib.post_equations("nmda", **nmda),
...                    method='euler', namespace=dict(gl=10*nS, El=-65*mV, Cm=200*pF))
>>> syn = eib.make_synapses(source, post, "nmda", **nmda)   # summed g: Mg2+ block once per neuron
>>> syn.connect(p=0.1)

The target group's declarations choose the form (:func:`make_synapses`): with the summed
conductance of :func:`post_equations` the synapses sum ``g`` and the current is computed once
per neuron (:mod:`ei_models.brian2.forms`); with only ``i_nmda : amp`` they sum the current.
"""

from __future__ import annotations

import contextlib
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import brian2
import numpy as np
from brian2 import Equations, check_units, mV, mM

from .. import analytic, ions, mechanisms, physics
from . import forms
from .checks import CheckedSynapses, check_event_values, check_synapses, check_time_step  # noqa: F401
from . import implicit  # noqa: F401  (registers the "implicit_euler" state updater)
from . import implicit_linear  # noqa: F401  (registers "implicit_euler_linear", for kinetic schemes)
from . import implicit_newton  # noqa: F401  (registers "implicit_euler_newton", for nonlinear kinetics)
from .._resources import equations_dir
from ..errors import ParameterError, SimulatorError, UnknownNameError
from ..params import brian2_unit, warn_default_celsius_brian2

#: code-generation targets the validation accepts (never numpy)
COMPILED_TARGETS = ("cython", "cpp_standalone")


# -- helpers shared with the validation -----------------------------------------------------
@check_units(v=mV, mg=mM, k0=mM, gamma=1 / mV, result=1)
def mg_block(v, mg=1 * mM, k0=3.57 * mM, gamma=0.062 / mV):
    """NMDA Mg2+ unblocked fraction B(V) = 1/(1 + [Mg]/k0 exp(-gamma V)) (Jahr & Stevens 1990)."""
    return physics.mg_block(v / mV, mg / mM, k0 / mM, gamma * mV)


@check_units(c_out=mM, c_in=mM, z=1, celsius=1, result=mV)
def nernst(c_out, c_in, z, celsius=37.0):
    """Nernst potential RT/(zF) ln(c_out/c_in)."""
    return physics.nernst(c_out / mM, c_in / mM, z, celsius) * mV


# -- equation files -------------------------------------------------------------------------
def read_equations(name: str) -> dict[str, str]:
    """Sections of ``equations/<name>.eqs`` as strings (comments removed)."""
    mechanisms.get(name)
    path = equations_dir() / f"{name}.eqs"
    if not path.exists():
        raise UnknownNameError(f"mechanism {name!r} has no Brian2 equation set ({path} is missing)")
    sections: dict[str, list[str]] = {}
    current = None
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        m = re.fullmatch(r"\[(\w+)\]", line.strip())
        if m:
            current = sections.setdefault(m.group(1), [])
        elif current is None:
            raise ValueError(f"{path}: text before the first [section]")
        else:
            current.append(line.strip())
    return {k: "\n".join(v) for k, v in sections.items()}


def _summed_targets(text: str) -> list[tuple[str, str, bool]]:
    out = []
    for line in text.splitlines():
        m = re.fullmatch(r"(\w+)\s*->\s*(\w+)\s*(\(optional\))?", line)
        if not m:
            raise ValueError(f"bad [summed] line {line!r}")
        out.append((m.group(1), m.group(2), bool(m.group(3))))
    return out


@dataclass
class SynapseModel:
    """Everything a ``Synapses`` needs for one mechanism: pass ``**model.kwargs()``.

    ``post_lines`` are the target group's lines (:meth:`post_equations`); ``conductance`` is the
    target's summed conductance in the summed-conductance form (``None`` in the per-synapse
    form, where the synapses sum the currents ``post_variables`` themselves).
    """

    name: str
    model: Equations
    on_pre: str
    method: str
    namespace: dict
    values: dict = field(default_factory=dict)
    per_synapse: dict = field(default_factory=dict)
    post_variables: list = field(default_factory=list)
    post_lines: list = field(default_factory=list)
    conductance: str | None = None

    def kwargs(self) -> dict:
        return dict(model=self.model, on_pre=self.on_pre, method=self.method, namespace=self.namespace)

    def post_equations(self) -> str:
        """Lines to add to the postsynaptic ``NeuronGroup`` equations (``i_nmda : amp`` ...; in the
        summed-conductance form the summed ``g_nmda : siemens`` and the current computed from it)."""
        return "\n".join(self.post_lines or [f"{var} : amp" for var in self.post_variables])

    def set_per_synapse(self, synapses) -> None:
        """Write the per-synapse parameter values into ``synapses`` (after ``connect``)."""
        for key, value in self.per_synapse.items():
            setattr(synapses, key, value)


def _presynaptic_options(receptor, options: dict) -> list:
    """Pop the options that name a presynaptic mechanism (``release={...}``, or its
    :attr:`~ei_models.mechanisms.Presynaptic.keyword` such as ``stp={...}``) from ``options``:
    ``[(mechanism, its options)]``; ``None``/``False`` values are dropped. At most one: each of
    them turns a spike into the receptor's event weight, so two would be two models of release."""
    by_key = {}
    for name in mechanisms.names():
        pre = mechanisms.get(name).presynaptic
        if pre is not None:
            by_key[name] = name
            if pre.keyword:
                by_key[pre.keyword] = name
    fronts = []
    for key in list(options):
        if key in receptor.table or key in receptor.table.presets or key in receptor.aliases or key not in by_key:
            continue
        value = options.pop(key)
        if value is None or value is False:
            continue
        fronts.append((key, mechanisms.get(by_key[key]), {} if value is True else dict(value)))
    if len(fronts) > 1:
        raise ParameterError(f"{receptor.name}: {' and '.join(k + '=' for k, _, _ in fronts)} each model how a "
                             f"spike becomes the receptor's event; choose one")
    return [(mech, opts) for _, mech, opts in fronts]


def synapse_model(name: str, *, currents: dict | None = None, calcium: bool | str = False,
                  per_synapse: Iterable[str] = (), ion_values: dict | None = None,
                  sum_conductance: bool | None = False, pathway: str | None = None, conductance: str | None = None,
                  **options) -> SynapseModel:
    """Brian2 model of a point-process mechanism, checked against its parameter table.

    Parameters
    ----------
    name : str
        Mechanism name (``"nmda"``, ``"ampa"``, ...).
    currents : dict
        Rename the postsynaptic summed variables, e.g. ``{"i_nmda": "I_syn_nmda"}``.
    calcium : bool or str
        Also sum the Ca2+ current into the postsynaptic group (``ica_nmda`` or the given name).
    per_synapse : iterable of str
        Parameters to make per-synapse variables (heterogeneous synapses) instead of shared
        namespace constants; set them with :meth:`SynapseModel.set_per_synapse` or directly.
    ion_values : dict
        Ion values for the namespace (``ena``, ``ek`` ...); defaults from :mod:`ei_models.ions`.
        Concentrations given without their reversal potential (``ki``/``ko`` without ``ek``) set
        it by the Nernst equation at ``celsius`` (see :func:`ei_models.ions.with_nernst`).
    release : dict or True
        Put binomial quantal release (mechanism ``release``) in front of the receptor: the
        release options (``N``/``n_sites``, ``Pr``, ``q``) become per-synapse variables
        (``Pr`` may change during a run), every presynaptic spike draws ``n_rel ~
        Binomial(n_sites, Pr)`` in generated code, and the receptor's event weight ``w`` becomes
        ``w_rel = q * n_rel`` (so ``w`` is not a variable of the composed model). Any
        mechanism that declares :class:`~ei_models.mechanisms.Presynaptic` composes the same way
        under its own name.
    sum_conductance : bool or None
        ``True``: the summed-conductance form. The synapses sum their conductance ``g`` into the
        target (``g_<name>``) and the target computes the voltage-dependent rest of the current
        -- driving force, and for ``nmda`` the Mg2+ block -- once per neuron instead of once per
        synapse (:meth:`SynapseModel.post_equations` gives the target's lines). Exact (the
        currents are linear in ``g``), and allowed only when everything in the current besides
        ``g`` is the same for all synapses of a target: otherwise (a parameter of the current made
        per-synapse, a current not proportional to ``g``) :class:`ParameterError`. The
        per-synapse ``I``/``mgb`` remain recordable subexpressions. ``False`` (default here): the
        per-synapse form, the synapses sum their currents. ``None``: the summed form wherever it
        is exact, else the per-synapse form (what :func:`post_equations` and
        :func:`make_synapses` use).
    pathway : str
        Name of this pathway when several of one receptor reach one group (external and
        recurrent AMPA): the target's names get ``_<pathway>`` (``g_ampa_ext``, ``i_ampa_ext``),
        so each pathway sums into its own variables.
    conductance : str
        Name of the target's summed conductance (default ``g_<name>`` or ``g_<name>_<pathway>``).
    stp : dict or True
        Short-term plasticity in front of the receptor (``tsodyks_markram={...}`` is the same:
        presets such as ``connection="E1"``, ``U``, ``tau_rec``, ``tau_fac``, ``n_sites``,
        ``stochastic``): the receptor's event weight ``w`` becomes ``w * r_stp``, the spike's
        efficacy (see :mod:`ei_models.mechanisms.tsodyks_markram`). One presynaptic mechanism
        at a time (``release=`` or ``stp=``).
    **options
        Preset choices (``subtype="GluN2B"``), aliases (``erev`` for ampa) and parameter
        values, as Brian2 quantities (plain numbers are read in the table's NEURON units).
    """
    mech = mechanisms.get(name)
    if mech.kind != "point_process":
        raise ParameterError(f"{name} is a density mechanism; use ei_models.brian2.density_model")
    options = dict(options)
    fronts = _presynaptic_options(mech, options)
    env = ions.TABLE.validate({k: v for k, v in (ion_values or {}).items()}, brian2_units=True)
    env = ions.with_nernst(env, ion_values or {})  # e.g. ek from given ki/ko (Nernst)
    values = mech.resolve(options, env, brian2_units=True)
    per_synapse = list(per_synapse)
    for key in per_synapse:
        mech.table[key]
    sections = read_equations(name)
    if "method" not in sections:
        raise ValueError(f"equations/{name}.eqs must state its integration [method]")
    namespace = {k: v for k, v in mech.table.brian2_namespace(values).items() if k not in per_synapse}
    namespace.update({k: ions.TABLE[k].brian2_value(env[k]) for k in mech.ions})
    if mech.derived:
        namespace.update(mech.derived(values))
    namespace.update(mech.q10_factors(values, env["celsius"]))  # qt: Q10 scaling at celsius (ion_values)
    warn_default_celsius_brian2(mech, ion_values)
    if mech.brian2_functions:
        namespace.update(mech.brian2_functions())
    model = sections["model"]
    for key in per_synapse:
        model += f"\n{key} : {_unit_text(mech.table[key].unit)} (constant)"
    renames = dict(currents or {})
    targets = []
    for var, post, optional in _summed_targets(sections.get("summed", "")):
        if optional:
            if not calcium:
                continue
            post = calcium if isinstance(calcium, str) else post
        default = f"{post}_{pathway}" if pathway else post
        targets.append((var, renames.pop(post, default)))
    if renames:
        raise UnknownNameError(f"{name} has no postsynaptic current(s) {', '.join(renames)}")
    post_vars = [post for _, post in targets]
    form = None
    if sum_conductance is None and targets and "g" in Equations(model).names:
        try:
            form = _summed(name, mech, model, targets, namespace, values, pathway, conductance)
        except ParameterError:
            form = None  # not exact here: the per-synapse form, which always is
    elif sum_conductance:
        form = _summed(name, mech, model, targets, namespace, values, pathway, conductance)
    if form is not None:
        model += f"\n{form.conductance}_post = g : siemens (summed)"
    else:
        model += "".join(f"\n{post}_post = {var} : amp (summed)" for var, post in targets)
    per_values = {k: mech.table[k].brian2_value(values[k]) for k in per_synapse}
    result = SynapseModel(name, Equations(model), sections.get("on_pre", ""), sections["method"].strip(),
                          namespace, values, per_values, post_vars, form.post_lines if form else [],
                          form.conductance if form else None)
    for front, front_options in fronts:
        result = _in_front(result, front, front_options)
    return result


def _summed(name, mech, model: str, targets, namespace, values, pathway, conductance):
    """The summed-conductance form's target lines (:func:`forms.conductance_form`)."""
    return forms.conductance_form(name, Equations(model), targets, namespace,
                                  suffix=f"{name}_{pathway}" if pathway else name, conductance=conductance,
                                  literal=_literals(mech, values, namespace))


def post_equations(name: str, **options) -> str:
    """The lines a target ``NeuronGroup`` needs for :func:`make_synapses` of ``name`` with the
    same options: the summed conductance and the current computed from it wherever that form is
    exact (``g_nmda : siemens`` and ``i_nmda = g_nmda * ... : amp``), else the current the
    synapses sum (``i_eaat : amp``). Subtract the current(s) in the membrane equation."""
    return synapse_model(name, sum_conductance=options.pop("sum_conductance", None), **options).post_equations()


# -- a presynaptic mechanism in front of a receptor --------------------------------------------
def __getattr__(attr: str):
    """Brian2 functions that mechanisms compile into generated code (e.g. ``release_count``)."""
    for name in mechanisms.names():
        mech = mechanisms.get(name)
        if mech.brian2_functions and attr in mech.brian2_functions():
            return mech.brian2_functions()[attr]
    raise AttributeError(f"module {__name__!r} has no attribute {attr!r}")


def _in_front(receptor: SynapseModel, front, options: dict) -> SynapseModel:
    """Compose the presynaptic mechanism ``front`` with a receptor model (see :func:`synapse_model`
    and :class:`~ei_models.mechanisms.Presynaptic`)."""
    pre = front.presynaptic
    if pre.compose is not None:
        return pre.compose(receptor, options)
    if receptor.name == front.name:
        raise ParameterError(f"{front.name} cannot be composed with itself; use synapse_model({front.name!r})")
    values = front.resolve(options, brian2_units=True)
    sections = read_equations(front.name)
    variables = {k: _unit_text(front.table[k].unit) + (f" ({flags})" if flags else "") for k, flags in pre.per_synapse.items()}
    front_model = Equations(sections["model"])
    code = sections["model"] + "\n" + sections.get("on_pre", "")
    constants = {k: v for k, v in front.table.brian2_namespace(values).items()
                 if k not in pre.per_synapse and re.search(rf"\b{k}\b", code)}
    functions = dict(front.brian2_functions() if front.brian2_functions else {})
    taken = set(receptor.model.names) | set(receptor.namespace)
    clash = taken & (set(variables) | set(front_model.names) | set(constants) | set(functions))
    clash = {k for k in clash if functions.get(k) is not receptor.namespace.get(k)} - {pre.replaces}
    if clash:
        raise ParameterError(f"{receptor.name} already uses the name(s) {', '.join(sorted(clash))}; "
                             f"cannot add {front.name}")
    if pre.replaces not in receptor.model.names:
        raise ParameterError(f"{receptor.name} has no event weight {pre.replaces} for {front.name} to drive")
    kept = Equations([eq for key, eq in receptor.model._equations.items() if key != pre.replaces])
    extra = Equations(sections["model"] + "\n" + "\n".join(f"{k} : {u}" for k, u in variables.items()))
    on_pre = sections.get("on_pre", "") + "\n" + re.sub(rf"\b{pre.replaces}\b", pre.output, receptor.on_pre)
    namespace = dict(receptor.namespace, **constants, **functions)
    per_synapse = dict(receptor.per_synapse)
    per_synapse.update({k: front.table[k].brian2_value(values[k]) for k in pre.per_synapse})
    merged = dict(receptor.values)
    merged.update({f"{front.name}.{k}": v for k, v in values.items()})
    return SynapseModel(receptor.name, kept + extra, on_pre, receptor.method, namespace, merged,
                        per_synapse, receptor.post_variables, receptor.post_lines, receptor.conductance)


@dataclass
class DensityModel:
    """A density mechanism's equations for a ``NeuronGroup`` (merge with ``+``).

    Every variable and parameter is renamed with the NEURON suffix convention, ``g`` ->
    ``g_<name>``, so several density mechanisms can share one group; ``current`` is the name of
    the current density (amp/meter**2, outward positive) to subtract, times the membrane area, in
    the membrane equation.
    """

    name: str
    equations: Equations
    method: str
    namespace: dict
    current: str
    values: dict = field(default_factory=dict)


_KEEP = {"v", "t", "dt", "xi", "exp", "log", "sqrt", "abs", "clip", "int", "sin", "cos", "tanh"}


def density_model(name: str, *, ion_values: dict | None = None, **options) -> DensityModel:
    """Brian2 equations of a density mechanism, parameters checked against its table.

    ``equations/<name>.eqs`` gives ``[model]`` (with a current density ``I``), ``[method]`` and
    optionally ``[current]`` (the current variable, default ``I``). Options as in
    :func:`synapse_model`.
    """
    mech = mechanisms.get(name)
    if mech.kind != "density":
        raise ParameterError(f"{name} is a point process; use ei_models.brian2.synapse_model")
    env = ions.TABLE.validate(dict(ion_values or {}), brian2_units=True)
    values = mech.resolve(options, env, brian2_units=True)
    sections = read_equations(name)
    eqs = Equations(sections["model"])
    namespace = mech.table.brian2_namespace(values)
    namespace.update({k: ions.TABLE[k].brian2_value(env[k]) for k in mech.ions})
    if mech.derived:
        namespace.update(mech.derived(values))
    namespace.update(mech.q10_factors(values, env["celsius"]))  # qt: Q10 scaling at celsius (ion_values)
    warn_default_celsius_brian2(mech, ion_values)
    rename = {n: f"{n}_{name}" for n in set(eqs.names) | set(namespace)
              if n not in _KEEP and n not in mech.ions}
    current = sections.get("current", "I").strip()
    return DensityModel(name, Equations(sections["model"], **rename), sections["method"].strip(),
                        {rename.get(k, k): v for k, v in namespace.items()}, rename.get(current, current), values)


_BASE_UNITS = ("metre", "kilogram", "second", "amp", "kelvin", "mole", "candle")
#: units Brian2 accepts by name in an equation's unit specification
_SPEC_UNITS = {"amp", "coulomb", "farad", "hertz", "joule", "kelvin", "kilogram", "metre", "mmolar", "mole",
               "newton", "ohm", "pascal", "second", "siemens", "volt", "watt"}


def _unit_text(unit: str) -> str:
    """Brian2 unit string for a ``name : unit`` declaration (a product of base units, which
    Brian2 parses for any dimension, e.g. ``metre**3 * mole**-1 * second**-1``)."""
    dim = brian2.get_dimensions(brian2_unit(unit))
    if dim.is_dimensionless:
        return "1"
    named = repr(brian2.get_unit(dim))
    if named in _SPEC_UNITS:
        return named
    return " * ".join(f"{base}**{exp:g}" if exp != 1 else base
                      for base, exp in zip(_BASE_UNITS, dim._dims) if exp != 0)


def make_synapses(source, target, name: str, *, connect=None, weight=None, synapse_name=None, dt=None,
                  delay=None, **options):
    """A ``brian2.Synapses`` from ``source`` to ``target`` running mechanism ``name``.

    ``target`` declares what the synapses need (:func:`post_equations` with the same options
    gives its lines), and that choice picks the form:

    * the target has the summed conductance (``g_nmda : siemens`` and ``i_nmda = g_nmda * ...``,
      as :func:`post_equations` writes wherever it is exact): the synapses sum only ``g``; the
      driving force and NMDA's Mg2+ block are computed once per neuron (fast; the same currents
      to round-off). The target's current must be the one these synapses imply (same shared
      [Mg2+]o, reversal ...), else :class:`ParameterError`.
    * the target only has the current (``i_nmda : amp``): the per-synapse form, the synapses
      compute and sum the current themselves. Needed where a parameter of the current differs
      between synapses (``per_synapse=["mg"]``), and always correct.

    ``sum_conductance=True``/``False`` forces a form. With ``connect`` (``True`` or a dict of
    ``Synapses.connect`` arguments) the synapses are connected and ``weight`` (peak conductance of
    one isolated event, siemens), ``delay``, any ``per_synapse`` parameters and the mechanism's initial state (:func:`initialize`:
    kinetic occupancies, transporter pools) are set; otherwise
    do that yourself after ``connect``. Returns the Synapses; its ``.ei_model`` attribute is the
    :class:`SynapseModel`.
    """
    choice = options.pop("sum_conductance", None)
    model = synapse_model(name, sum_conductance=choice, **options)
    if choice is None and model.conductance and model.conductance not in target.variables:
        per = synapse_model(name, sum_conductance=False, **options)
        if all(v in target.variables for v in per.post_variables):
            model = per
    _check_target(model, target, lambda: synapse_model(name, sum_conductance=choice, **options).post_equations())
    kwargs = model.kwargs()
    if dt is not None:
        kwargs["dt"] = check_time_step(dt, f"{name}: dt")
    syn = CheckedSynapses(source, target, name=synapse_name or f"{name}*", **kwargs)  # values checked at run start
    syn.add_attribute("ei_model")
    syn.ei_model = model
    if connect is not None and connect is not False:
        syn.connect(**({} if connect is True else dict(connect)))
        model.set_per_synapse(syn)
        if weight is not None:
            w_unit = mechanisms.get(name).weight_unit or "1"
            what = "a conductance (siemens)" if w_unit == "uS" else f"in units of {w_unit}"
            _set_checked(syn, "w", weight, brian2_unit(w_unit), f"{name}: weight", what)
        if delay is not None:
            _set_checked(syn, "delay", delay, brian2.second, f"{name}: delay", "a time (second)")
        if mechanisms.get(name).initial is not None:  # kinetic states: what NEURON's INITIAL sets
            celsius = (options.get("ion_values") or {}).get("celsius", ions.TABLE["celsius"].value)
            initialize(syn, name, model.values, celsius=celsius)
    elif weight is not None or delay is not None:
        raise ParameterError("weight and delay need connect=...; or set syn.w and syn.delay after syn.connect()")
    return syn


def _set_checked(syn, attr: str, value, unit, what: str, meaning: str) -> None:
    """Set ``syn.<attr>`` to ``value`` (a quantity, an array of them, or a Brian2 string
    expression such as ``"rand() * nS"``) only if every value is finite and >= 0 in ``unit``'s
    dimension; :class:`ParameterError` naming ``what`` otherwise. A string is evaluated by Brian2
    and its values are checked afterwards where they exist before the run (runtime targets);
    under ``cpp_standalone`` they do not, so a string is refused there (give the values)."""
    if isinstance(value, str):
        if type(brian2.get_device()).__name__ != "RuntimeDevice":
            raise ParameterError(f"{what}: a string expression ({value!r}) cannot be checked before a "
                                 f"cpp_standalone run; give the values as a quantity or an array of them")
        try:
            setattr(syn, attr, value)
        except Exception as err:  # Brian2's own parsing/unit errors, reworded
            raise ParameterError(f"{what}: Brian2 could not evaluate {value!r} ({err}); it must be {meaning}") from None
        numbers = np.asarray(getattr(syn, attr)[:] / unit, float)
        if numbers.size and not (np.all(np.isfinite(numbers)) and np.all(numbers >= 0)):
            bad = numbers[~(np.isfinite(numbers) & (numbers >= 0))][0]
            raise ParameterError(f"{what} {value!r} gives {bad:g} for some synapses; it must be finite and >= 0")
        return
    check_event_values(value, unit, what, meaning)
    setattr(syn, attr, value)


def _check_target(model: SynapseModel, target, lines) -> None:
    """Refuse a target that lacks the variables ``model`` sums into, or whose current (in the
    summed-conductance form) is not the one the synapses imply."""
    group = getattr(target, "source", target)
    eqs = getattr(group, "equations", None)

    def kind(var):
        return eqs[var].type if eqs is not None and var in eqs else None

    summed = [model.conductance] if model.conductance else model.post_variables
    missing = [v for v in summed + model.post_variables if v not in target.variables]
    if missing:
        raise ParameterError(
            f"target group lacks the postsynaptic variable(s) {', '.join(dict.fromkeys(missing))}; add "
            f"'{lines()}' to its equations (ei_models.brian2.post_equations({model.name!r}, ...) with the synapses' "
            "options gives them) and subtract the current(s) in dv/dt")
    for var in summed:
        if kind(var) == "subexpression":
            raise ParameterError(
                f"{model.name}: the target computes {var} itself, but these synapses would sum into it; declare "
                f"it as '{var} : {'siemens' if var == model.conductance else 'amp'}' or use the lines of "
                f"ei_models.brian2.post_equations({model.name!r}, ...)")
    if model.conductance and eqs is not None:
        mine = Equations("\n".join(model.post_lines))
        own = set(mine.names)  # expand only the synapses' own lines (a target may define v itself)
        for var in model.post_variables:
            if kind(var) != "subexpression" or _expanded(mine, var, own) != _expanded(eqs, var, own):
                raise ParameterError(
                    f"{model.name}: the target's {var} is not the current these synapses imply (a shared "
                    "parameter such as mg or erev differs, or it is not computed from "
                    f"{model.conductance}); build the target's lines with ei_models.brian2.post_equations("
                    f"{model.name!r}, ...) and the same options as the synapses:\n{lines()}")


def _expanded(eqs: Equations, var: str, only=None):
    subs = {eq.varname: eq.expr.code for eq in eqs.ordered
            if eq.type == "subexpression" and (only is None or eq.varname in only)}
    return forms._expand(subs[var], subs)


# -- code generation targets -----------------------------------------------------------------
@contextlib.contextmanager
def target(name: str = "cython", directory: str | Path | None = None):
    """Run Brian2 with a compiled code-generation target inside the block.

    ``cython`` uses the runtime device; ``cpp_standalone`` activates a fresh standalone project
    in ``directory`` (a new temporary folder by default) and resets the device afterwards, so
    several builds can follow each other in one process. The numpy target is refused: the
    validation must run generated, compiled code.
    """
    if name not in COMPILED_TARGETS:
        raise SimulatorError(f"Brian2 target {name!r} is not allowed here; use one of {', '.join(COMPILED_TARGETS)}")
    old_target = brian2.prefs.codegen.target
    if name == "cython":
        brian2.set_device("runtime")
        brian2.prefs.codegen.target = "cython"
        try:
            yield {"target": "cython", "directory": None}
        finally:
            brian2.prefs.codegen.target = old_target
        return
    directory = Path(directory) if directory else Path(tempfile.mkdtemp(prefix="ei_models_standalone_"))
    brian2.device.reinit()
    brian2.set_device("cpp_standalone", directory=str(directory), build_on_run=True)
    brian2.device.activate(directory=str(directory), build_on_run=True)
    try:
        yield {"target": "cpp_standalone", "directory": str(directory)}
    finally:
        brian2.device.reinit()
        brian2.set_device("runtime")


def init_glu_gln_cycle(group, values=None, suffix: str = "_glu_gln_cycle") -> dict:
    """Deprecated: use ``initialize(group, "glu_gln_cycle", values)``. Sets the cycle's pools to
    their steady state (ATP/NH3 counters to 0) and returns it with the cycle flux ``J`` (mM/ms)."""
    import warnings

    warnings.warn("init_glu_gln_cycle is deprecated; use ei_models.brian2.initialize(group, 'glu_gln_cycle')",
                  DeprecationWarning, stacklevel=2)
    values = mechanisms.get("glu_gln_cycle").resolve({}) if values is None else values
    initialize(group, "glu_gln_cycle", values, suffix=suffix)
    return analytic.glu_gln_steady_state(values)


def neuron_unit(dim):
    """NEURON's unit for a Brian2 dimension: the point-process / concentration units the
    mechanisms' ``initial`` and traces are given in (nA, uS, mV, mM, ms, /ms, mM/ms), and the
    density units (S/cm2, mA/cm2)."""
    for unit in ("nA", "uS", "mV", "mM", "ms", "/ms", "mM/ms", "S/cm2", "mA/cm2"):
        if brian2.get_dimensions(brian2_unit(unit)) == dim:
            return brian2_unit(unit)
    if dim.is_dimensionless:
        return 1
    raise ParameterError(f"no NEURON unit for the Brian2 dimension {dim}")


def initialize(group, name: str, values=None, suffix: str | None = None, celsius=None) -> dict:
    """Set a mechanism's variables in ``group`` (``Synapses`` after ``connect``, or a
    ``NeuronGroup`` holding a density model) to the state its NMODL ``INITIAL`` block computes
    (:meth:`~ei_models.mechanisms.Mechanism.initial_state`), e.g. kinetic occupancies at
    equilibrium or pools at their steady state. Mechanisms whose states start at 0 need nothing.

    ``values``: the parameter values in table units (a dict, default the table's defaults, or
    one dict per element of ``group``). ``suffix``: appended to the state names (default ``""``
    for a point process, ``"_<name>"`` for a density model). The unit of each state is read from
    the group's variable. ``celsius``: the temperature (degC) whose Q10-scaled rates set a steady
    state (as ``ion_values`` celsius; default the table's temp_ref). Returns the state set (NEURON
    units; arrays for per-element values).
    """
    mech = mechanisms.get(name)
    if suffix is None:
        suffix = "" if mech.kind == "point_process" else f"_{name}"
    if values is None or isinstance(values, dict):
        state = mech.initial_state(values, celsius)
    else:
        per = [mech.initial_state(v, celsius) for v in values]
        state = {k: np.array([s[k] for s in per]) for k in (per[0] if per else {})}
    for key, value in state.items():
        var = key if key in mech.ions else f"{key}{suffix}"  # ion variables (cli) keep their names
        if var not in group.variables:
            raise UnknownNameError(f"{name}: {group.name} has no variable {var} to initialize; "
                                   "is the mechanism's model (and this suffix) in the group?")
        setattr(group, var, value * neuron_unit(group.variables[var].dim))
    return state


# -- per-target form of linear synapses --------------------------------------------------------
@dataclass
class TargetModel:
    """A linear synapse mechanism summed per postsynaptic neuron.

    ``post_equations`` (a string, parameters inlined as values with units) goes into the target
    ``NeuronGroup``: it holds one copy of the synaptic state per neuron (``A_nmda``, ``B_nmda``), the
    Mg2+ block computed once per neuron, and defines the current (``i_nmda``). The ``Synapses``
    carry only their weight ``w``; ``on_pre`` increments the target's state. Exact for linear
    synapses (:func:`ei_models.brian2.forms.state_form` checks it): the sum of the per-synapse
    states obeys the same equations.
    """

    name: str
    post_equations: str
    synapse_model: str
    on_pre: str
    namespace: dict
    post_variables: list
    values: dict = field(default_factory=dict)

    def kwargs(self) -> dict:
        return dict(model=self.synapse_model, on_pre=self.on_pre, namespace=self.namespace)


def _literals(mech, values: dict, namespace: dict) -> dict:
    """Brian2-parseable literals for a model's namespace, in the parameter tables' units."""
    from ..params import _BRIAN2_UNITS

    literal = {k: _literal(v) for k, v in namespace.items()}
    for table, vals in ((mech.table, values), (ions.TABLE, None)):
        for p in table:
            if p.name in namespace:
                number = vals[p.name] if vals is not None else float(namespace[p.name] / brian2_unit(p.unit))
                literal[p.name] = f"({number!r}*{_BRIAN2_UNITS[p.unit]})" if p.unit != "1" else f"({number!r})"
    return {k: v for k, v in literal.items() if v is not None}


def _literal(value) -> str | None:
    """A Brian2-parseable literal for a namespace value (``None`` for a function)."""
    return forms._literal(value)


def target_model(name: str, *, calcium: bool | str = False, ion_values: dict | None = None,
                 currents: dict | None = None, pathway: str | None = None, per_target: Iterable[str] = (),
                 suffix: str | None = None, inline: bool = True, **options) -> TargetModel:
    """Per-target (summed) Brian2 form of a linear synapse mechanism; see :class:`TargetModel`.

    Options as for :func:`synapse_model` (``currents``, ``pathway`` name the target's variables).
    ``per_target`` parameters become variables of the target group (``tau_decay_<suffix>``:
    one value per neuron); ``suffix`` (default ``name`` or ``name_pathway``) is appended to the
    target-side names; ``inline=False`` keeps the parameters as suffixed names in
    :attr:`TargetModel.namespace` instead of literals. Raises :class:`ParameterError` for a
    mechanism whose synapses are nonlinear (kinetic schemes, saturation), where summing would be
    wrong.
    """
    per_target = list(per_target)
    base = synapse_model(name, calcium=calcium, ion_values=ion_values, currents=currents, pathway=pathway,
                         per_synapse=per_target, **options)
    eqs = Equations([eq for eq in base.model.ordered if "summed" not in eq.flags])
    targets = [(eq.expr.code.strip(), eq.varname[: -len("_post")]) for eq in base.model.ordered if "summed" in eq.flags]
    mech = mechanisms.get(name)
    form = forms.state_form(name, eqs, base.on_pre, targets, base.namespace, per_target=per_target,
                            suffix=suffix or (f"{name}_{pathway}" if pathway else name), inline=inline,
                            literal=_literals(mech, base.values, base.namespace))
    return TargetModel(name, "\n".join(form.post_lines), form.synapse_model, form.on_pre, form.namespace,
                       base.post_variables, base.values)
