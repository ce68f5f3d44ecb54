"""Backward Euler with Newton iteration for nonlinear kinetic models in Brian2 (issue 14).

:mod:`ei_models.brian2.implicit` solves the backward Euler step x(t+dt) = x(t) + dt f(x(t+dt))
in closed form for systems whose blocks are linear in their own variables. Transporter and
enzyme kinetics (Michaelis-Menten uptake in ``eaat``, the glutamate-glutamine cycle) are not:
NEURON takes their backward Euler step by Newton iteration (``eaat.mod``'s loop on E(t+dt);
``glu_gln_cycle.mod``'s KINETIC block, which ``METHOD sparse`` solves by Newton iteration to
convergence). Brian2's explicit ``rk4`` is only conditionally stable: at dt = 0.5 ms ``eaat``'s
receptor occupancies left [0, 1], at 1 ms they overflowed to NaN.

This module registers the state updater ``"implicit_euler_newton"``: the same block
decomposition as ``implicit_euler`` (strongly connected components of "appears in the derivative
of", solved in dependency order). A block linear in its own variables gets the closed-form
solution (Cramer's rule, as ``implicit_euler``); a nonlinear block gets :data:`ITERATIONS`
Newton iterations, unrolled in the generated code (Brian2's abstract code has no loops), each
solving (I - dt J(x_k)) d = -(x_k - x(t) - dt f(x_k)) by Gaussian elimination without pivoting
(for a kinetic model J has non-negative off-diagonals and non-positive column sums, so
I - dt J is a column diagonally dominant M-matrix; elimination without pivoting is stable and
never meets a zero pivot), starting from x(t). Each iterate is clipped at 0: the states of a
kinetic model (concentrations, occupancies) are non-negative, the backward Euler solution of
such a model is, and for the concave uptake terms Newton's first iterate can overshoot below 0,
from where it converges monotonically (NEURON's ``eaat.mod`` clips the same way). Every Newton
iterate keeps the model's linear invariants (sum of vol_i c_i) exactly; the clip only acts
where an iterate overshoots.

Backward Euler is A-stable (L-stable): a step of any size decays where the model decays, and
for kinetic models it keeps concentrations >= 0 and occupancies in [0, 1]. Coefficients that
are not states (parameters, ``v``) are taken at the start of the step, as NEURON does with
ASSIGNED variables.

Usage: ``[method] implicit_euler_newton`` in an ``equations/<name>.eqs`` file (registered on
``import ei_models.brian2``); ``method_options={"iterations": n}`` changes the number of Newton
iterations.

``implicit_euler_newton_substeps``: the same step taken as ceil(dt / 0.05 ms) backward Euler substeps
(:mod:`ei_models.brian2.substeps`; the NMODL twins' fixed-step FROM loop), for models whose
fastest process makes one step's first-order error exceed 5 % at dt <= 0.5 ms.
"""

from __future__ import annotations

import re

import sympy as sp
from brian2.parsing.sympytools import sympy_to_str
from brian2.stateupdaters.base import StateUpdateMethod, UnsupportedEquationsException, extract_method_options

from . import substeps
from .implicit import _blocks, _parse

NAME = "implicit_euler_newton"
#: Newton iterations per step (quadratic convergence: the models' steps converge to round-off
#: in 4-6 at dt = 1 ms; tests/test_dt_grid.py compares with NEURON's converged Newton solve)
ITERATIONS = 10


class NewtonImplicitEuler(StateUpdateMethod):
    """Backward Euler: closed form for linear blocks, unrolled Newton iteration for nonlinear ones."""

    def __init__(self, h_max=None):
        self.h_max = h_max  # ms; None: one step (see ei_models.brian2.substeps)

    def __call__(self, equations, variables=None, method_options=None):
        options = extract_method_options(method_options, {"iterations": ITERATIONS})
        iterations = int(options["iterations"])
        if equations.is_stochastic:
            raise UnsupportedEquationsException(f"{NAME} cannot integrate stochastic equations")
        parsed = _parse(equations, variables)
        if parsed is None:
            return ""
        names, rhs, symbol, deps, dt = parsed
        nsub = substeps.count(substeps.dt_ms(variables), self.h_max) if self.h_max else 1
        if nsub > 1:
            hsub = sp.Symbol("_hsub", real=True)
            rhs = {n: f.subs(dt, hsub) for n, f in rhs.items()}
            dt = hsub

        vector = set(names) | {k for k, v in (variables or {}).items() if not getattr(v, "scalar", True)}
        scalar_code, vector_code = [], []
        counter = [0]

        def emit(expr, prefix="_q"):
            """A temporary holding ``expr`` (a sympy expression); 0 and plain symbols are not stored."""
            expr = sp.sympify(expr)
            if expr.is_Number or expr.is_Symbol:
                return expr
            counter[0] += 1
            name = f"{prefix}{counter[0]}"
            reads = {str(a) for a in expr.free_symbols}
            text = sympy_to_str(expr)
            if reads & vector:
                vector.add(name)
                vector_code.append(f"{name} = {text}")
            else:
                scalar_code.append(f"{name} = {text}")
            return sp.Symbol(name, real=True)

        new_value = {}
        for block in _blocks(deps):
            xs = [symbol[n] for n in block]
            fs = [rhs[n].subs(new_value) for n in block]
            jac = [[sp.diff(f, x) for x in xs] for f in fs]
            # structurally linear: no Jacobian entry contains the block's own variables
            linear = not any(entry.free_symbols & set(xs) for row in jac for entry in row)
            if linear:
                m = sp.Matrix(jac)
                b = sp.Matrix([sp.expand(f - sum(m[i, j] * xs[j] for j in range(len(xs)))) for i, f in enumerate(fs)])
                lhs = sp.eye(len(xs)) - dt * m
                det = sp.factor(lhs.det(method="berkowitz"))
                solution = lhs.adjugate(method="berkowitz") * (sp.Matrix(xs) + dt * b) / det
                for n, value in zip(block, solution):
                    new_value[symbol[n]] = emit(sp.together(value), f"_{n}_")
                continue
            current = list(xs)
            # a state inside a log (cl_transport's cli) is iterated on its log, x -> x exp(d/x): Newton in ln x,
            # always > 0 (a clip at 0 would hand the log a zero); the others are clipped at 0
            logs = [any(x in a.args[0].free_symbols for a in f.atoms(sp.log)) for f, x in zip(fs, xs)]
            for _ in range(iterations):
                at = dict(zip(xs, current))
                # M d = r with M = I - dt J(x_k), r = x(t) + dt f(x_k) - x_k
                m = {}
                for i in range(len(xs)):
                    for j in range(len(xs)):
                        entry = (1 if i == j else 0) - dt * jac[i][j].subs(at)
                        m[i, j] = None if entry == 0 else emit(entry)
                r = [emit(xs[i] + dt * fs[i].subs(at) - current[i]) for i in range(len(xs))]
                inv = {}
                for k in range(len(xs)):  # forward elimination, no pivoting (M-matrix)
                    inv[k] = emit(1 / m[k, k])
                    for i in range(k + 1, len(xs)):
                        if m[i, k] is None:
                            continue
                        f = emit(m[i, k] * inv[k])
                        for j in range(k + 1, len(xs)):
                            if m[k, j] is not None:
                                m[i, j] = emit((m[i, j] if m[i, j] is not None else 0) - f * m[k, j])
                        r[i] = emit(r[i] - f * r[k])
                d = [None] * len(xs)
                for i in reversed(range(len(xs))):  # back substitution
                    acc = r[i] - sum(m[i, j] * d[j] for j in range(i + 1, len(xs)) if m[i, j] is not None)
                    d[i] = emit(acc * inv[i])
                current = [emit(current[i] * sp.exp(d[i] / current[i]) if logs[i] else
                                sp.Function("clip")(current[i] + d[i], 0, sp.oo)) for i in range(len(xs))]
            for n, value in zip(block, current):
                new_value[symbol[n]] = value
        finals = [f"{n} = {sympy_to_str(new_value[symbol[n]])}" for n in names]
        if nsub > 1:
            return _clip_inf(substeps.unroll(scalar_code, vector_code, finals, nsub, "_hsub"))
        code = scalar_code + vector_code + finals
        return "\n".join(_clip_inf(line) for line in code)


def _clip_inf(line: str) -> str:
    """sympy writes the clip's upper bound as ``oo`` / ``inf``; Brian2's code wants ``inf``."""
    return re.sub(r"\boo\b", "inf", line)


newton_implicit_euler = NewtonImplicitEuler()
if NAME not in StateUpdateMethod.stateupdaters:
    StateUpdateMethod.register(NAME, newton_implicit_euler)
#: the same step as ceil(dt / H_MAX) backward Euler substeps (ei_models.brian2.substeps)
newton_implicit_euler_substeps = NewtonImplicitEuler(h_max=substeps.H_MAX)
if NAME + "_substeps" not in StateUpdateMethod.stateupdaters:
    StateUpdateMethod.register(NAME + "_substeps", newton_implicit_euler_substeps)
