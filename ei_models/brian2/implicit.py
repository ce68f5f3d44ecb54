"""Backward (implicit) Euler for Brian2, step for step the scheme of NEURON's ``derivimplicit``.

NEURON integrates a DERIVATIVE block with ``METHOD derivimplicit`` by the backward Euler step
x(t+dt) = x(t) + dt f(x(t+dt)), solved by Newton iteration (ei_models' gabab_girk and gabab_pre
.mod files compute the same step in closed form). Brian2 has no implicit integrator,
and its explicit ones (``rk4``, ``exponential_euler``) differ from backward Euler by O(dt) per
unit time; for a cooperative readout such as GIRK activation G^4/(G^4 + K_D) that difference is
multiplied by four and can exceed 1 % at dt = 0.025 ms. This module registers the Brian2 state
updater ``"implicit_euler"`` that generates the backward Euler step in closed form, so that a
Brian2 model and its NMODL twin take the same steps (agreement to round-off and Newton
tolerance).

Which systems. The right-hand sides are split into blocks of mutually dependent state
variables (strongly connected components of "appears in the derivative of"), solved in
dependency order. Each block must be *linear in its own variables*; its coefficients may depend
on any non-state variable (taken at the start of the step, as NEURON does with ASSIGNED
variables) and, in any way, on the state variables of blocks solved before it (taken at their
new values). For such block-triangular systems the backward Euler step has this exact solution,
and it is what Newton's iteration in ``derivimplicit`` converges to. Anything else raises
``UnsupportedEquationsException``.

Usage: ``Synapses(..., method="implicit_euler")`` after ``import ei_models.brian2``, or in an
``equations/<name>.eqs`` file's ``[method]`` section.
"""

from __future__ import annotations

import sympy as sp
from brian2.parsing.sympytools import str_to_sympy, sympy_to_str
from brian2.stateupdaters.base import StateUpdateMethod, UnsupportedEquationsException, extract_method_options

NAME = "implicit_euler"


def _parse(equations, variables):
    """The differential equations as sympy: ``(names, rhs, symbol, deps, dt)`` (``rhs[name]`` the
    right-hand side, ``symbol[name]`` the symbol of every name met, ``deps[name]`` the state
    variables appearing in ``rhs[name]``), or None if there are none. Shared by the implicit
    updaters of this package."""
    pairs = equations.get_substituted_expressions(variables)
    if not pairs:
        return None
    names = [name for name, _ in pairs]
    rhs = {name: str_to_sympy(expr.code, variables) for name, expr in pairs}
    symbol = {}
    for f in rhs.values():
        for s in f.free_symbols:
            symbol.setdefault(s.name, s)
    for name in names:
        symbol.setdefault(name, sp.Symbol(name, real=True))
    deps = {n: {m for m in names if symbol[m] in rhs[n].free_symbols} for n in names}
    dt = symbol.get("dt", sp.Symbol("dt", real=True))
    return names, rhs, symbol, deps, dt


def _blocks(deps: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of the dependency graph, dependencies first (Tarjan)."""
    index, low, stack, on_stack, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(deps[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            block = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                block.append(w)
                if w == v:
                    break
            out.append(sorted(block))

    for v in sorted(deps):
        if v not in index:
            visit(v)
    return out  # Tarjan emits a component after everything it depends on


class ImplicitEulerStateUpdater(StateUpdateMethod):
    """Backward Euler for block-triangular systems that are linear within each block."""

    def __call__(self, equations, variables=None, method_options=None):
        extract_method_options(method_options, {})
        if equations.is_stochastic:
            raise UnsupportedEquationsException("implicit_euler cannot integrate stochastic equations")
        parsed = _parse(equations, variables)
        if parsed is None:
            return ""
        names, rhs, symbol, deps, dt = parsed
        new_value = {}  # symbol -> symbol of its value at t + dt
        code = []
        for block in _blocks(deps):
            xs = [symbol[n] for n in block]
            fs = [rhs[n].subs(new_value) for n in block]
            jac = sp.Matrix([[sp.diff(f, x) for x in xs] for f in fs])
            if any(sp.simplify(sp.diff(entry, x)) != 0 for entry in jac for x in xs):
                raise UnsupportedEquationsException(
                    f"implicit_euler needs equations linear in {', '.join(block)} (they depend on each "
                    f"other); got {', '.join(str(f) for f in fs)}")
            b = sp.Matrix([sp.expand(f - sum(jac[i, j] * xs[j] for j in range(len(xs)))) for i, f in enumerate(fs)])
            # (I - dt J) x_new = x + dt b
            # by Cramer's rule, x_new = adj(M) r / det(M): unlike pivoting elimination it never
            # divides by a coefficient that may vanish (such as a zero rate)
            lhs = sp.eye(len(xs)) - dt * jac
            det = sp.factor(lhs.det(method="berkowitz"))
            solution = lhs.adjugate(method="berkowitz") * (sp.Matrix(xs) + dt * b) / det
            for n, x, value in zip(block, xs, solution):
                new = sp.Symbol(f"_{n}", real=True)
                code.append(f"_{n} = {sympy_to_str(sp.together(value))}")
                new_value[x] = new
        code += [f"{n} = _{n}" for n in names]
        return "\n".join(code)


implicit_euler = ImplicitEulerStateUpdater()
if NAME not in StateUpdateMethod.stateupdaters:
    StateUpdateMethod.register(NAME, implicit_euler)
