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
>>> post = NeuronGroup(10, '''dv/dt = (gl*(El - v) - i_nmda) / Cm : volt
...                          i_nmda : amp''', method='euler', namespace=dict(gl=10*nS, El=-65*mV, Cm=200*pF))
>>> syn = eib.make_synapses(source, post, "nmda", subtype="GluN2B", mg=1.2*mM, weight=0.5*nS)
>>> syn.connect(p=0.1)
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
from . import implicit  # noqa: F401  (registers the "implicit_euler" state updater)
from . import implicit_linear  # noqa: F401  (registers "implicit_euler_linear", for kinetic schemes)
from .._resources import equations_dir
from ..errors import ParameterError, SimulatorError, UnknownNameError
from ..params import brian2_unit

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
    """Everything a ``Synapses`` needs for one mechanism: pass ``**model.kwargs()``."""

    name: str
    model: Equations
    on_pre: str
    method: str
    namespace: dict
    values: dict = field(default_factory=dict)
    per_synapse: dict = field(default_factory=dict)
    post_variables: list = field(default_factory=list)
    post_lines: list = field(default_factory=list)

    def kwargs(self) -> dict:
        return dict(model=self.model, on_pre=self.on_pre, method=self.method, namespace=self.namespace)

    def post_equations(self) -> str:
        """Lines to add to the postsynaptic ``NeuronGroup`` equations (``i_nmda : amp`` ...; with
        ``sum_conductance=True`` the summed ``g_nmda : siemens`` and the current computed from it)."""
        return "\n".join(self.post_lines or [f"{var} : amp" for var in self.post_variables])

    def set_per_synapse(self, synapses) -> None:
        """Write the per-synapse parameter values into ``synapses`` (after ``connect``)."""
        for key, value in self.per_synapse.items():
            setattr(synapses, key, value)


def synapse_model(name: str, *, currents: dict | None = None, calcium: bool | str = False,
                  per_synapse: Iterable[str] = (), ion_values: dict | None = None,
                  release: dict | bool | None = None, sum_conductance: bool = False, **options) -> SynapseModel:
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
        ``w_rel = q * n_rel`` (so ``w`` is not a variable of the composed model).
    sum_conductance : bool
        Sum the synapses' conductance ``g`` into the target (``g_<name>``) and compute the
        voltage-dependent rest of the current -- driving force, and for ``nmda`` the Mg2+ block
        -- once per target neuron instead of once per synapse (:meth:`SynapseModel.post_equations`
        gives the target's lines). Exact (the currents are linear in ``g``), and allowed only
        when everything in the current besides ``g`` is the same for all synapses of a target:
        a parameter of the current made per-synapse raises :class:`ParameterError`. The
        per-synapse ``I``/``mgb`` remain recordable subexpressions.
    **options
        Preset choices (``subtype="GluN2B"``), aliases (``erev`` for ampa) and parameter
        values, as Brian2 quantities (plain numbers are read in the table's NEURON units).
    """
    if release is not None and release is not False:
        return _with_release(synapse_model(name, currents=currents, calcium=calcium, per_synapse=per_synapse,
                                           ion_values=ion_values, **options),
                             {} if release is True else dict(release))
    mech = mechanisms.get(name)
    if mech.kind != "point_process":
        raise ParameterError(f"{name} is a density mechanism; use ei_models.brian2.density_model")
    env = ions.TABLE.validate({k: v for k, v in (ion_values or {}).items()}, brian2_units=True)
    env = ions.with_nernst(env, ion_values or {})  # e.g. ek from given ki/ko (Nernst)
    values = mech.resolve(options, env, brian2_units=True)
    per_synapse = list(per_synapse)
    for key in per_synapse:
        mech.table[key]
    sections = read_equations(name)
    namespace = {k: v for k, v in mech.table.brian2_namespace(values).items() if k not in per_synapse}
    namespace.update({k: ions.TABLE[k].brian2_value(env[k]) for k in mech.ions})
    if mech.derived:
        namespace.update(mech.derived(values))
    model = sections["model"]
    for key in per_synapse:
        model += f"\n{key} : {_unit_text(mech.table[key].unit)} (constant)"
    post_vars = []
    renames = dict(currents or {})
    targets = []
    for var, post, optional in _summed_targets(sections.get("summed", "")):
        if optional:
            if not calcium:
                continue
            post = calcium if isinstance(calcium, str) else post
        post = renames.pop(post, post)
        targets.append((var, post))
        post_vars.append(post)
    post_lines = []
    if sum_conductance:
        g_post, post_lines = _conductance_form(name, Equations(model), namespace, _literals(mech, values, namespace),
                                               targets)
        model += f"\n{g_post}_post = g : siemens (summed)"
    else:
        model += "".join(f"\n{post}_post = {var} : amp (summed)" for var, post in targets)
    if renames:
        raise UnknownNameError(f"{name} has no postsynaptic current(s) {', '.join(renames)}")
    if "method" not in sections:
        raise ValueError(f"equations/{name}.eqs must state its integration [method]")
    per_values = {k: mech.table[k].brian2_value(values[k]) for k in per_synapse}
    if name == "release":
        namespace["release_count"] = release_count
    return SynapseModel(name, Equations(model), sections.get("on_pre", ""), sections["method"].strip(),
                        namespace, values, per_values, post_vars, post_lines)


def _conductance_form(name: str, eqs: Equations, namespace: dict, literal: dict, targets) -> tuple[str, list[str]]:
    """For ``sum_conductance``: each summed current written as a function of the target's summed
    conductance ``g_<name>`` and ``v`` (parameters inlined). Checks that the current depends on
    the synapse only through ``g``, linearly (so the sum over synapses is exact)."""
    import sympy as sp
    from brian2.parsing.sympytools import str_to_sympy, sympy_to_str

    subs = {eq.varname: eq.expr.code for eq in eqs.ordered if eq.type == "subexpression"}
    if "g" not in subs:
        raise ParameterError(f"{name} has no synaptic conductance g to sum (sum_conductance=True)")
    g, g_t, v = (sp.Symbol(n, real=True) for n in ("g", f"g_{name}", "v"))

    def expand(code: str):
        expr = str_to_sympy(code)
        for sym in sorted(expr.free_symbols, key=str):
            if sym.name in subs and sym.name != "g":
                expr = expr.subs(sym, expand(subs[sym.name]))
        return expr

    lines = [f"g_{name} : siemens"]
    for var, post in targets:
        expr = expand(subs[var]) if var in subs else str_to_sympy(var)
        g_sym = next((s for s in expr.free_symbols if s.name == "g"), g)
        other = {s.name for s in expr.free_symbols if not hasattr(brian2.units, s.name)} - {"g", "v_post"} - set(namespace)
        if other:
            raise ParameterError(f"{name}: the current {var} depends on per-synapse {', '.join(sorted(other))}, "
                                 "so it cannot be computed once per target (sum_conductance=True)")
        if sp.simplify(sp.diff(expr, g_sym, 2)) != 0 or sp.simplify(expr.subs(g_sym, 0)) != 0:
            raise ParameterError(f"{name}: the current {var} is not proportional to g; sum_conductance is not exact")
        expr = expr.subs({g_sym: g_t, **{s: v for s in expr.free_symbols if s.name == "v_post"}})
        code = re.sub(r"\b[A-Za-z_]\w*\b", lambda m: literal.get(m.group(0), m.group(0)), sympy_to_str(expr))
        lines.append(f"{post} = {code} : amp")
    return f"g_{name}", lines


# -- quantal release in front of a receptor ---------------------------------------------------
_RELEASE_CYTHON = '''
cdef double release_count(double n, double p, double u):
    cdef int nn = <int>(n + 0.5)
    cdef int k = 0
    cdef int flip = 0
    cdef double pk, cdf, r
    if nn <= 0 or p <= 0.0:
        return 0.0
    if p >= 1.0:
        return <double>nn
    if p > 0.5:  # count the failures instead; 1 - u keeps k the inverse CDF of u
        p = 1.0 - p
        u = 1.0 - u
        flip = 1
    r = p / (1.0 - p)
    pk = (1.0 - p) ** nn
    cdf = pk
    while u > cdf and k < nn:
        pk = pk * r * (nn - k) / (k + 1.0)
        k += 1
        cdf += pk
    if flip:
        return <double>(nn - k)
    return <double>k
'''

_RELEASE_CPP = '''
double release_count(double n, double p, double u)
{
    const int nn = (int)(n + 0.5);
    int k = 0;
    bool flip = false;
    if (nn <= 0 || p <= 0.0) return 0.0;
    if (p >= 1.0) return (double)nn;
    if (p > 0.5) { p = 1.0 - p; u = 1.0 - u; flip = true; }  // count failures
    const double r = p / (1.0 - p);
    double pk = pow(1.0 - p, nn);
    double cdf = pk;
    while (u > cdf && k < nn) {
        pk = pk * r * (nn - k) / (k + 1.0);
        k += 1;
        cdf += pk;
    }
    return flip ? (double)(nn - k) : (double)k;
}
'''


@brian2.implementation("cpp", _RELEASE_CPP)
@brian2.implementation("cython", _RELEASE_CYTHON)
@check_units(n=1, p=1, u=1, result=1)
def release_count(n, p, u):
    """Binomial(n, p) count for one uniform draw ``u`` (inverse CDF; the smallest k with
    CDF(k) >= u). Compiled into Brian2's generated code (cython, C++); this Python version is
    for checks. Exact for n <= 1000 sites (the table's bound): the recursion starts from
    (1 - p)^n with p <= 0.5, which stays above the smallest double."""
    from scipy.stats import binom

    n, p, u = np.broadcast_arrays(np.round(n), np.asarray(p, float), np.asarray(u, float))
    return np.where(p <= 0, 0.0, np.where(p >= 1, n, binom.ppf(u, n, np.clip(p, 0, 1))))


_RELEASE_VARIABLES = {"n_sites": "1 (constant)", "Pr": "1", "q": "siemens (constant)"}


def _with_release(receptor: SynapseModel, options: dict) -> SynapseModel:
    """Compose ``release`` with a receptor model (see :func:`synapse_model`)."""
    if receptor.name == "release":
        raise ParameterError("release cannot be composed with itself; use synapse_model('release')")
    rel = mechanisms.get("release")
    values = rel.resolve(options, brian2_units=True)
    sections = read_equations("release")
    taken = set(receptor.model.names) | set(receptor.namespace)
    clash = taken & (set(_RELEASE_VARIABLES) | set(Equations(sections["model"]).names))
    if clash:
        raise ParameterError(f"{receptor.name} already uses the name(s) {', '.join(sorted(clash))}; cannot add release")
    kept = Equations([eq for name_, eq in receptor.model._equations.items() if name_ != "w"])
    extra = Equations(sections["model"] + "\n" + "\n".join(f"{k} : {u}" for k, u in _RELEASE_VARIABLES.items()))
    on_pre = sections["on_pre"] + "\n" + re.sub(r"\bw\b", "w_rel", receptor.on_pre)
    namespace = dict(receptor.namespace, release_count=release_count)
    per_synapse = dict(receptor.per_synapse)
    per_synapse.update({k: rel.table[k].brian2_value(values[k]) for k in _RELEASE_VARIABLES})
    merged = dict(receptor.values)
    merged.update({f"release.{k}": v for k, v in values.items()})
    return SynapseModel(receptor.name, kept + extra, on_pre, receptor.method, namespace, merged,
                        per_synapse, receptor.post_variables)


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

    ``target`` must declare the postsynaptic current(s) (see :meth:`SynapseModel.post_equations`;
    with ``sum_conductance=True`` the summed conductance and the current computed from it).
    With ``connect`` (``True`` or a dict of ``Synapses.connect`` arguments) the synapses are
    connected and ``weight`` (peak conductance of one isolated event, siemens), ``delay``, any
    ``per_synapse`` parameters and the mechanism's initial state (:func:`initialize`: kinetic
    occupancies, transporter pools) are set; otherwise do that yourself after ``connect``. Returns the
    Synapses; its ``.ei_model`` attribute is the :class:`SynapseModel`.
    """
    model = synapse_model(name, **options)
    declared = [ln.split(":")[0].split("=")[0].strip() for ln in model.post_lines] or model.post_variables
    missing = [v for v in declared if v not in target.variables]
    if missing:
        raise ParameterError(
            f"target group lacks the postsynaptic variable(s) {', '.join(missing)}; add "
            f"'{model.post_equations()}' to its equations and subtract them in dv/dt"
        )
    kwargs = model.kwargs()
    if dt is not None:
        kwargs["dt"] = dt
    syn = brian2.Synapses(source, target, name=synapse_name or f"{name}*", **kwargs)
    syn.add_attribute("ei_model")
    syn.ei_model = model
    if connect is not None and connect is not False:
        syn.connect(**({} if connect is True else dict(connect)))
        model.set_per_synapse(syn)
        if weight is not None:
            w_unit = mechanisms.get(name).weight_unit or "1"
            if not brian2.have_same_dimensions(weight, brian2_unit(w_unit)):
                what = "a conductance (siemens)" if w_unit == "uS" else f"in units of {w_unit}"
                raise ParameterError(f"{name}: weight must be {what}, got {weight!r}")
            syn.w = weight
        if delay is not None:
            syn.delay = delay
        if mechanisms.get(name).initial is not None:  # kinetic states: what NEURON's INITIAL sets
            initialize(syn, name, model.values)
    elif weight is not None or delay is not None:
        raise ParameterError("weight and delay need connect=...; or set syn.w and syn.delay after syn.connect()")
    return syn


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


def initialize(group, name: str, values=None, suffix: str | None = None) -> dict:
    """Set a mechanism's variables in ``group`` (``Synapses`` after ``connect``, or a
    ``NeuronGroup`` holding a density model) to the state its NMODL ``INITIAL`` block computes
    (:meth:`~ei_models.mechanisms.Mechanism.initial_state`), e.g. kinetic occupancies at
    equilibrium or pools at their steady state. Mechanisms whose states start at 0 need nothing.

    ``values``: the parameter values in table units (a dict, default the table's defaults, or
    one dict per element of ``group``). ``suffix``: appended to the state names (default ``""``
    for a point process, ``"_<name>"`` for a density model). The unit of each state is read from
    the group's variable. Returns the state set (NEURON units; arrays for per-element values).
    """
    mech = mechanisms.get(name)
    if suffix is None:
        suffix = "" if mech.kind == "point_process" else f"_{name}"
    if values is None or isinstance(values, dict):
        state = mech.initial_state(values)
    else:
        per = [mech.initial_state(v) for v in values]
        state = {k: np.array([s[k] for s in per]) for k in (per[0] if per else {})}
    for key, value in state.items():
        var = f"{key}{suffix}"
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
    carry only their weight ``w``; ``on_pre`` increments the target's state. Exact for mechanisms
    whose synaptic dynamics are linear and identical across the synapses of a target (declared
    by ``Mechanism.linear``): the sum of the per-synapse states obeys the same equations.
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
    return literal


def _literal(value) -> str:
    """A Brian2-parseable literal for a namespace value."""
    if hasattr(value, "dim") and not brian2.get_dimensions(value).is_dimensionless:
        unit = brian2.get_unit(brian2.get_dimensions(value))
        return f"({float(value / unit)!r}*{unit!r})"
    return f"({float(value)!r})"


def target_model(name: str, *, calcium: bool | str = False, ion_values: dict | None = None, **options) -> TargetModel:
    """Per-target (summed) Brian2 form of a linear synapse mechanism; see :class:`TargetModel`.

    Options as for :func:`synapse_model`. Raises :class:`ParameterError` for a mechanism whose
    synapses are nonlinear (kinetic schemes, saturation), where summing would be wrong.
    """
    mech = mechanisms.get(name)
    if not mech.linear:
        raise ParameterError(f"{name} is not a linear synapse; its per-target (summed) form would be wrong. "
                             "Use synapse_model()/make_synapses() instead")
    base = synapse_model(name, calcium=calcium, ion_values=ion_values, **options)
    eqs = base.model
    states = [eq.varname for eq in eqs.ordered if eq.type == "differential equation"]
    subexprs = [eq.varname for eq in eqs.ordered if eq.type == "subexpression" and "summed" not in eq.flags]
    rename = {v: f"{v}_{name}" for v in states + subexprs}
    rename["v_post"] = "v"
    for eq in eqs.ordered:
        if "summed" in eq.flags:
            rename[eq.expr.code.strip()] = eq.varname[: -len("_post")]
    literal = _literals(mech, base.values, base.namespace)

    def rewrite(code: str) -> str:
        return re.sub(r"\b[A-Za-z_]\w*\b", lambda m: rename.get(m.group(0), literal.get(m.group(0), m.group(0))), code)

    lines = []
    for eq in eqs.ordered:
        unit = "1" if eq.dim.is_dimensionless else repr(brian2.get_unit(eq.dim))
        if eq.type == "differential equation":
            lines.append(f"d{rename[eq.varname]}/dt = {rewrite(eq.expr.code)} : {unit}")
        elif eq.type == "subexpression" and "summed" not in eq.flags:
            target = rename[eq.varname]
            lines.append(f"{target} = {rewrite(eq.expr.code)} : {unit}")
    # the summed currents become the per-neuron subexpressions they were summed into
    for eq in eqs.ordered:
        if "summed" in eq.flags:
            src = eq.expr.code.strip()
            lines = [ln.replace(f"{src}_{name} =", f"{eq.varname[:-len('_post')]} =") for ln in lines]
    on_pre = "\n".join(re.sub(r"^\s*(\w+)", lambda m: f"{rename.get(m.group(1), m.group(1))}_post", ln)
                       for ln in base.on_pre.splitlines() if ln.strip())
    params = [eq for eq in eqs.ordered if eq.type == "parameter"]
    syn_model = "\n".join(f"{eq.varname} : {'1' if eq.dim.is_dimensionless else repr(brian2.get_unit(eq.dim))}"
                          f"{' (constant)' if 'constant' in eq.flags else ''}" for eq in params)
    return TargetModel(name, "\n".join(lines), syn_model, on_pre, dict(base.namespace), base.post_variables,
                       base.values)
