"""The one per-target form of Brian2 synapses, and its exactness test.

A ``Synapses`` object computes its model once per synapse. Whatever is the same for all
synapses onto one target neuron can instead be computed once per neuron, in the target
``NeuronGroup``, and the synapses only sum what differs. Two forms, one implementation:

* **conductance form** (:func:`conductance_form`, used by ``synapse_model(...,
  sum_conductance=True)`` and by :func:`ei_models.brian2.make_synapses` when the target declares
  the summed conductance): each synapse keeps its own kinetics and sums its conductance ``g``
  into the target; the target computes the current from the sum (driving force, NMDA's Mg2+
  block). Exact when every summed current is proportional to ``g`` with a factor that is the
  same for all synapses of a target (shared reversal, shared [Mg2+]o).
* **state form** (:func:`state_form`, used by :func:`ei_models.brian2.target_model` and the
  PING network builder): the synaptic state itself lives in the target (one copy per neuron),
  ``on_pre`` adds to it. Exact when, besides the above, the state equations are linear and
  homogeneous in the states with synapse-independent coefficients and every event only adds
  to the states (dual exponentials): the sum of the per-synapse states obeys the same equations.

:func:`check_linear` is the single test (symbolic, with sympy) behind both; when the form would
not be exact it raises :class:`~ei_models.errors.ParameterError` naming the variable and why.

Target-side names follow NEURON's suffix convention: a state, subexpression or constant ``x``
becomes ``x_<suffix>`` (``A_nmda``, ``mgb_nmda``, ``erev_ampa_ext``); the summed currents keep
the names the synapses would sum into (``i_nmda``), the summed conductance is ``g_<suffix>``
unless named. Parameters are inlined as literals with units (``inline=True``, for lines a user
pastes into a group) or kept as suffixed names with a namespace (``inline=False``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import brian2
from brian2 import Equations

from ..errors import ParameterError

_WORD = re.compile(r"\b[A-Za-z_]\w*\b")
#: names Brian2 provides in every namespace (time, functions); never renamed
_BUILTIN = {"t", "dt", "xi", "rand", "randn", "exp", "log", "log10", "sqrt", "abs", "clip", "int", "sin", "cos",
            "tan", "tanh", "sinh", "cosh", "arcsin", "arccos", "arctan", "floor", "ceil", "sign", "inf", "pi", "e",
            "True", "False"}


@dataclass
class PerTarget:
    """The target half of a synapse mechanism in the per-target form.

    ``post_lines`` go into the target ``NeuronGroup``'s equations; ``namespace`` holds the
    constants they (and ``on_pre``) use by name (empty when inlined). ``conductance`` is the
    summed conductance of the conductance form, ``currents`` maps the synapse variables to the
    target's current names. In the state form ``on_pre`` and ``synapse_model`` are the
    ``Synapses``' event code and equations (only the weight and other event parameters).
    """

    post_lines: list
    namespace: dict = field(default_factory=dict)
    conductance: str | None = None
    currents: dict = field(default_factory=dict)
    on_pre: str = ""
    synapse_model: str = ""


def unit_text(dim) -> str:
    """Brian2 unit name for a dimension, as an equation's ``: unit`` needs."""
    return "1" if dim.is_dimensionless else repr(brian2.get_unit(dim))


def _is_unit(name: str) -> bool:
    return hasattr(brian2.units, name)


def _sympy(code: str):
    from brian2.parsing.sympytools import str_to_sympy

    return str_to_sympy(code)


def _expand(code: str, subs: dict, keep=()):
    """``code`` as a sympy expression with every subexpression (except ``keep``) substituted."""
    expr = _sympy(code)
    for sym in sorted(expr.free_symbols, key=str):
        if sym.name in subs and sym.name not in keep:
            expr = expr.subs(sym, _expand(subs[sym.name], subs, keep))
    return expr


@functools.lru_cache(maxsize=512)
def _linear_verdict(code: str, summed: frozenset, allowed: frozenset, variables: frozenset) -> str | None:
    import sympy as sp

    expr = _sympy(code)
    names = {s.name for s in expr.free_symbols}
    other = sorted(n for n in names - summed - allowed
                   if n in variables or not (_is_unit(n) or n.endswith("_post")))
    if other:
        return f"depends on the per-synapse {', '.join(other)}"
    syms = [s for s in expr.free_symbols if s.name in summed]
    if not syms:
        return "does not depend on " + " or ".join(sorted(summed))
    for a in syms:
        # linear: every first derivative is free of the summed quantities (structurally; an
        # expression that is linear only after cancellation is refused: conservative, and fast)
        coupled = sorted(s.name for s in sp.diff(expr, a).free_symbols if s.name in summed)
        if coupled:
            return f"is not linear in {a.name}" + (f" (it multiplies {', '.join(n for n in coupled if n != a.name)})"
                                                   if set(coupled) - {a.name} else "")
    rest = expr.subs({s: 0 for s in syms})
    if rest != 0 and sp.simplify(rest) != 0:
        return "is not proportional to " + " and ".join(sorted(s.name for s in syms)) + " (nonzero without them)"
    return None


def check_linear(name: str, what: str, expr, summed, allowed, hint: str, variables=()) -> None:
    """The exactness test of the per-target forms: ``expr`` (a sympy expression) must be linear
    and homogeneous in the ``summed`` per-synapse quantities and depend on nothing else that
    differs between synapses (anything but ``allowed`` names, units and target variables
    ``x_post``; ``variables``, the synapse's own names, never count as units). Raises :class:`ParameterError` ``"<name>: <what> <reason>; <hint>"`` otherwise."""
    from brian2.parsing.sympytools import sympy_to_str

    reason = _linear_verdict(sympy_to_str(expr), frozenset(summed), frozenset(allowed), frozenset(variables))
    if reason:
        raise ParameterError(f"{name}: {what} {reason}; {hint}")


def _literal(value) -> str:
    """A Brian2-parseable literal with units for a namespace value."""
    if hasattr(value, "dim") and not brian2.get_dimensions(value).is_dimensionless:
        unit = brian2.get_unit(brian2.get_dimensions(value))
        return f"({float(value / unit)!r}*{unit!r})"
    if isinstance(value, brian2.Function) or callable(value):
        return None
    return f"({float(value)!r})"


class _Renamer:
    """Renames identifiers of synapse-side code for the target (or the synapses' on_pre)."""

    def __init__(self, rename: dict, namespace: dict, suffix: str, inline: bool, literal: dict | None):
        self.rename, self.inline = dict(rename), inline
        self.literal = dict(literal or {})
        self.namespace = {}
        for key, value in namespace.items():
            lit = self.literal.get(key) if key in self.literal else _literal(value)
            if key in self.rename or key in _BUILTIN:
                continue
            if inline and lit is not None:
                self.literal[key] = lit
            else:  # a function, or inline=False: a suffixed name in the namespace
                new = key if callable(value) and not hasattr(value, "dim") else f"{key}_{suffix}"
                self.rename[key] = new
                self.namespace[new] = value

    def __call__(self, code: str, post: bool = False) -> str:
        def sub(m):
            word = m.group(0)
            if word in self.rename:
                new = self.rename[word]
                return f"{new}_post" if post and new in self.target_names else new
            if word in self.literal and self.inline:
                return self.literal[word]
            if word.endswith("_post") and not post:
                return word[: -len("_post")]
            return word

        return _WORD.sub(sub, code)

    target_names: set = set()


def _subexpressions(eqs: Equations) -> dict:
    return {eq.varname: eq.expr.code for eq in eqs.ordered if eq.type == "subexpression"}


def _needed(codes, subs: dict, stop=()) -> list:
    """Subexpressions the ``codes`` use, transitively (not through ``stop``), dependencies first."""
    order, seen = [], set()

    def visit(code):
        for word in _WORD.findall(code):
            if word in subs and word not in seen and word not in stop:
                seen.add(word)
                visit(subs[word])
                order.append(word)

    for code in codes:
        visit(code)
    return order


def conductance_form(name: str, eqs: Equations, targets, namespace: dict, *, suffix: str | None = None,
                     conductance: str | None = None, inline: bool = True, literal: dict | None = None) -> PerTarget:
    """Conductance form: the synapses sum ``g``; the target computes the ``targets`` currents.

    ``eqs`` are the synapse equations, ``targets`` the ``(synapse variable, target current)``
    pairs the synapses would sum, ``namespace`` the shared constants. Raises
    :class:`ParameterError` if a current is not proportional to ``g`` with a synapse-independent
    factor (then the sum of ``g`` does not give the sum of the currents)."""
    suffix = suffix or name
    conductance = conductance or f"g_{suffix}"
    subs = _subexpressions(eqs)
    if "g" not in eqs.names:
        raise ParameterError(f"{name} has no synaptic conductance g to sum (sum_conductance=True); "
                             "use the per-synapse form (sum_conductance=False)")
    if not targets:
        raise ParameterError(f"{name} sums no current into its target, so there is nothing to compute there "
                             "(sum_conductance=True); use sum_conductance=False")
    for var, _ in targets:
        if var not in subs:
            raise ParameterError(f"{name}: the summed {var} is not a subexpression of g; use sum_conductance=False")
    hint = ("so it cannot be computed once per target from the summed g (sum_conductance=True); use the "
            "per-synapse form (sum_conductance=False), or make that parameter shared")
    allowed = set(namespace) | {"v_post"} | _BUILTIN
    for var, _ in targets:
        expr = _expand(subs.get(var, var), subs, keep=("g",))
        check_linear(name, f"the current {var}", expr, {"g"}, allowed, hint, eqs.names)
    post_of = dict(targets)
    chain = _needed([subs[v] for v, _ in targets], subs, stop=("g",))
    chain += [v for v, _ in targets if v in subs and v not in chain]
    rename = {"g": conductance, "v_post": "v"}
    rename.update({n: post_of.get(n, f"{n}_{suffix}") for n in chain})
    ren = _Renamer(rename, namespace, suffix, inline, literal)
    lines = [f"{conductance} : siemens"]
    for n in chain:
        eq = eqs[n]
        lines.append(f"{rename[n]} = {ren(eq.expr.code)} : {unit_text(eq.dim)}")
    return PerTarget(lines, ren.namespace, conductance, post_of)


def state_form(name: str, eqs: Equations, on_pre: str, targets, namespace: dict, *, suffix: str | None = None,
               per_target=(), inline: bool = True,
               literal: dict | None = None) -> PerTarget:
    """State form: the synaptic state lives in the target; ``on_pre`` adds to it.

    ``per_target`` parameters (declared in ``eqs``) become target variables (``x_<suffix> : unit
    (constant)``; the same for all synapses of one neuron). Raises :class:`ParameterError` unless the mechanism is
    a linear synapse (see the module docstring): events only add to states, the state equations
    and the currents are linear and homogeneous in the states."""
    suffix = suffix or name
    hint = ("so summing its synapses per target would be wrong: it is not a linear synapse. Use "
            "synapse_model()/make_synapses() (one state per synapse) instead")
    subs = _subexpressions(eqs)
    states = [eq.varname for eq in eqs.ordered if eq.type == "differential equation"]
    params = [eq.varname for eq in eqs.ordered if eq.type == "parameter" and eq.varname not in per_target]
    if not states:
        raise ParameterError(f"{name} has no synaptic state; {hint}")
    allowed = set(namespace) | set(per_target) | {"v_post"} | _BUILTIN
    events = []
    for line in (ln.strip() for ln in on_pre.splitlines()):
        if not line:
            continue
        m = re.fullmatch(r"(\w+)\s*\+=\s*(.+)", line)
        if not m or m.group(1) not in states:
            raise ParameterError(f"{name}: the event code {line!r} does not only add to a state, {hint}")
        incr = {s.name for s in _sympy(m.group(2)).free_symbols} & set(states)
        if incr:
            raise ParameterError(f"{name}: the event increment of {m.group(1)} depends on {', '.join(sorted(incr))}, "
                                 f"{hint}")
        events.append((m.group(1), m.group(2)))
    for eq in eqs.ordered:
        if eq.type == "differential equation":
            check_linear(name, f"d{eq.varname}/dt", _expand(eq.expr.code, subs), set(states), allowed, hint,
                         eqs.names)
    for var, _ in targets:
        check_linear(name, f"the current {var}", _expand(subs.get(var, var), subs), set(states), allowed, hint,
                     eqs.names)
    post_of = dict(targets)
    rename = {"v_post": "v"}
    rename.update({n: f"{n}_{suffix}" for n in states + list(subs) + list(per_target)})
    rename.update({v: post for v, post in targets})
    ren = _Renamer(rename, namespace, suffix, inline, literal)
    lines = []
    for eq in eqs.ordered:
        if eq.type == "differential equation":
            lines.append(f"d{rename[eq.varname]}/dt = {ren(eq.expr.code)} : {unit_text(eq.dim)}")
        elif eq.type == "subexpression":
            lines.append(f"{rename[eq.varname]} = {ren(eq.expr.code)} : {unit_text(eq.dim)}")
    for key in per_target:
        lines.append(f"{rename[key]} : {unit_text(eqs[key].dim)} (constant)")
    ren.target_names = {rename[k] for k in per_target}
    on_pre_lines = [f"{rename[s]}_post += {ren(code, post=True)}" for s, code in events]
    syn_lines = []
    for p in params:
        eq = eqs[p]
        syn_lines.append(f"{p} : {unit_text(eq.dim)}{' (constant)' if 'constant' in eq.flags else ''}")
    return PerTarget(lines, ren.namespace, None, post_of, "\n".join(on_pre_lines), "\n".join(syn_lines))
