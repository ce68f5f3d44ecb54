"""Backward Euler for linear kinetic schemes in Brian2, by Gaussian elimination in generated code.

NEURON integrates a KINETIC block with ``METHOD sparse`` (ei_models' GABA_A .mod files compute
the same step in closed form): one backward Euler step
(I - dt Q) x(t+dt) = x(t) (+ dt b), Q the rate matrix evaluated at the start of the step, solved
by sparse elimination. For Markov schemes of more than three states the closed-form solution of
:mod:`ei_models.brian2.implicit` (Cramer's rule on symbolic matrices) becomes too large for sympy, so
this module registers the Brian2 state updater ``"implicit_euler_linear"``: it emits the
elimination itself, entry by entry, as generated-code statements (structural zeros skipped).

Requirements: the right-hand sides are linear in the state variables, with coefficients that
depend on anything except the state variables (taken at the start of the step, as NEURON does).
No pivoting: for a full rate matrix Q (columns summing to <= 0, non-negative off-diagonals),
I - dt Q is a column diagonally dominant M-matrix, for which elimination without pivoting is
stable and never meets a zero pivot. The package's kinetic equation sets eliminate their first
state by the conservation law (C0 = 1 - the others, as NEURON's CONSERVE does), which makes the
system affine, x' = A x + b; A then loses the M-matrix sign pattern where the eliminated state
fed another (C1's row gains -k01 in every column), so the no-pivot guarantee is not proven for
it; the validation cases V10 and V11 compare the resulting traces with NEURON's and with the
exact solution. The conserved total is exact by construction.

Usage: ``[method] implicit_euler_linear`` in an ``equations/<name>.eqs`` file (registered on
``import ei_models.brian2``).

``implicit_euler_linear_substeps``: the same step taken as ceil(dt / 0.05 ms) backward Euler substeps
(:mod:`ei_models.brian2.substeps`; the NMODL twins' fixed-step FROM loop), for models whose
fastest process makes one step's first-order error exceed 5 % at dt <= 0.5 ms.
"""

from __future__ import annotations

import re

import sympy as sp
from brian2.parsing.sympytools import str_to_sympy, sympy_to_str
from brian2.stateupdaters.base import StateUpdateMethod, UnsupportedEquationsException, extract_method_options

from . import substeps

NAME = "implicit_euler_linear"


class LinearImplicitEuler(StateUpdateMethod):
    """One backward Euler step of a linear ODE system, solved by Gaussian elimination."""

    def __init__(self, h_max=None):
        self.h_max = h_max  # ms; None: one step (see ei_models.brian2.substeps)

    def __call__(self, equations, variables=None, method_options=None):
        extract_method_options(method_options, {})
        if equations.is_stochastic:
            raise UnsupportedEquationsException(f"{NAME} cannot integrate stochastic equations")
        nsub = substeps.count(substeps.dt_ms(variables), self.h_max) if self.h_max else 1
        pairs = equations.get_substituted_expressions(variables)
        if not pairs:
            return ""
        names = [name for name, _ in pairs]
        rhs, kept = _rhs_keeping_subexpressions(equations, names, variables)
        symbol = {}
        for f in rhs:
            for s in f.free_symbols:
                symbol.setdefault(s.name, s)
        xs = [symbol.get(n, sp.Symbol(n, real=True)) for n in names]
        dt = symbol.get("dt", sp.Symbol("dt", real=True)) if nsub == 1 else sp.Symbol("_hsub", real=True)
        n = len(xs)
        jac = [[sp.expand(sp.diff(f, x)) for x in xs] for f in rhs]
        for row in jac:
            for entry in row:
                if entry.free_symbols & set(xs):
                    raise UnsupportedEquationsException(f"{NAME} needs equations linear in {', '.join(names)}")
        const = [sp.expand(f - sum(jac[i][j] * xs[j] for j in range(n))) for i, f in enumerate(rhs)]
        order = _min_degree_order(jac)  # eliminate leaves of a kinetic tree first: no fill-in
        xs, names, const = [xs[i] for i in order], [names[i] for i in order], [const[i] for i in order]
        jac = [[jac[i][j] for j in order] for i in order]
        # Statements in single-assignment form (Brian2 fixes each temporary as scalar or vector
        # and wants every scalar write before the first vector write): value[(i, j)] is the name
        # holding the current entry M_ij (None for a structural zero), and a statement is scalar
        # when everything it reads is scalar.
        vector = {str(x) for x in xs}
        for name_, var in (variables or {}).items():
            if not getattr(var, "scalar", True):
                vector.add(name_)
        scalar_code, vector_code = [], []
        counter = [0]
        for name_, code_ in kept:  # state-independent subexpressions, computed once per step
            reads = set(re.findall(r"\b[A-Za-z_]\w*\b", code_))
            if reads & vector:
                vector.add(name_)
                vector_code.append(f"{name_} = {code_}")
            else:
                scalar_code.append(f"{name_} = {code_}")

        def emit(expr_text, reads):
            counter[0] += 1
            name_ = f"_e{counter[0]}"
            if reads & vector:
                vector.add(name_)
                vector_code.append(f"{name_} = {expr_text}")
            else:
                scalar_code.append(f"{name_} = {expr_text}")
            return name_

        def sym_reads(expr):
            return {str(a) for a in sp.sympify(expr).free_symbols}

        m = {}
        r = {}
        for i in range(n):  # M = I - dt J, r = x + dt b
            for j in range(n):
                entry = (1 if i == j else 0) - dt * jac[i][j]
                m[i, j] = None if entry == 0 else emit(sympy_to_str(entry), sym_reads(entry))
            rhs_i = xs[i] + dt * const[i]
            r[i] = emit(sympy_to_str(rhs_i), sym_reads(rhs_i))
        inv = {}

        def reciprocal(k):  # one division per pivot, reused by every row and the back substitution
            if k not in inv:
                inv[k] = emit(f"1.0 / {m[k, k]}", {m[k, k]})
            return inv[k]

        for k in range(n):  # forward elimination, skipping structural zeros
            for i in range(k + 1, n):
                if m[i, k] is None:
                    continue
                f = emit(f"{m[i, k]} * {reciprocal(k)}", {m[i, k], reciprocal(k)})
                for j in range(k + 1, n):
                    if m[k, j] is None:
                        continue
                    if m[i, j] is None:
                        m[i, j] = emit(f"-{f} * {m[k, j]}", {f, m[k, j]})
                    else:
                        m[i, j] = emit(f"{m[i, j]} - {f} * {m[k, j]}", {m[i, j], f, m[k, j]})
                r[i] = emit(f"{r[i]} - {f} * {r[k]}", {r[i], f, r[k]})
        x = {}
        for i in reversed(range(n)):  # back substitution
            used = [j for j in range(i + 1, n) if m[i, j] is not None]
            terms = " ".join(f"- {m[i, j]} * {x[j]}" for j in used)
            x[i] = emit(f"({r[i]} {terms}) * {reciprocal(i)}", {r[i], reciprocal(i)} | {m[i, j] for j in used} | {x[j] for j in used})
        finals = [f"{name} = {x[i]}" for i, name in enumerate(names)]
        if nsub > 1:
            return substeps.unroll(scalar_code, vector_code, finals, nsub, "_hsub")
        return "\n".join(scalar_code + vector_code + finals)


def _rhs_keeping_subexpressions(equations, states, variables):
    """Right-hand sides as sympy expressions in which the subexpressions that do not depend on
    the states stay symbols (``_s_<name>``), plus their definitions in dependency order.

    Substituting every subexpression (``conc``, ``kb``, drug factors ...) would repeat it, fully
    expanded, in every matrix entry of the generated code; kept as one temporary each, the step
    computes it once. Subexpressions that depend on the states (e.g. ``C0 = 1 - C1 - ...``) are
    substituted, so the system stays explicitly linear in the states."""
    subs = {eq.varname: eq.expr.code for eq in equations.ordered if eq.type == "subexpression"
            and "summed" not in eq.flags}
    ident = re.compile(r"\b[A-Za-z_]\w*\b")
    state_set = set(states)
    dependent = {}

    def depends(name, seen=()):
        if name not in dependent:
            refs = set(ident.findall(subs[name]))
            dependent[name] = bool(refs & state_set) or any(
                depends(r, seen + (name,)) for r in refs if r in subs and r not in seen)
        return dependent[name]

    kept, order = {}, []

    def keep(name):
        if name in kept:
            return kept[name]
        for r in ident.findall(subs[name]):
            if r in subs and not depends(r):
                keep(r)
        kept[name] = sp.Symbol(f"_s_{name}", real=True)
        order.append((f"_s_{name}", ident.sub(lambda m: f"_s_{m.group(0)}" if m.group(0) in subs else m.group(0),
                                               subs[name])))
        return kept[name]

    exprs = dict(equations.diff_eq_expressions)
    rhs = []
    for name in states:
        f = str_to_sympy(exprs[name].code, variables)
        for _ in range(100):  # nested subexpressions
            found = {sym for sym in f.free_symbols if sym.name in subs}
            if not found:
                break
            f = f.subs({sym: keep(sym.name) if not depends(sym.name) else str_to_sympy(subs[sym.name], variables)
                        for sym in found})
        rhs.append(f)
    return rhs, order


def _min_degree_order(jac) -> list[int]:
    """Elimination order by the greedy minimum-degree rule on the symmetrized structure of the
    Jacobian (ties: equation order). For a tree-shaped kinetic scheme it removes leaves first,
    so the elimination creates no fill-in and the generated code grows linearly with the number
    of states instead of cubically. A symmetric permutation keeps the pivots those of an
    M-matrix, so elimination without pivoting stays safe."""
    n = len(jac)
    adj = {i: {j for j in range(n) if j != i and (jac[i][j] != 0 or jac[j][i] != 0)} for i in range(n)}
    order = []
    while adj:
        k = min(adj, key=lambda i: (len(adj[i]), i))
        for a in adj[k]:
            adj[a] |= adj[k] - {a}
            adj[a].discard(k)
        del adj[k]
        order.append(k)
    return order


linear_implicit_euler = LinearImplicitEuler()
if NAME not in StateUpdateMethod.stateupdaters:
    StateUpdateMethod.register(NAME, linear_implicit_euler)
#: the same step as ceil(dt / H_MAX) backward Euler substeps (ei_models.brian2.substeps)
linear_implicit_euler_substeps = LinearImplicitEuler(h_max=substeps.H_MAX)
if NAME + "_substeps" not in StateUpdateMethod.stateupdaters:
    StateUpdateMethod.register(NAME + "_substeps", linear_implicit_euler_substeps)
