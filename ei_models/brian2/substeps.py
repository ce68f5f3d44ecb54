"""Backward Euler substeps inside a Brian2 step, step for step the NMODL twins' (issue 14 item 3).

A backward Euler step is first order: on a process faster than the step (``eaat``'s cleft
glutamate and AMPA binding, ``gabaa_gamma2``'s GABA binding at 1 mM, ``gat``'s cleft uptake)
its error at dt = 0.5 ms is 14-40 % of the peak. The ``*_substeps`` variants of the implicit
updaters (``implicit_euler_linear_substeps``, ``implicit_euler_newton_substeps``) take
n = :func:`count` (dt) backward Euler substeps of h = dt / n within each step, n the smallest
integer with h <= :data:`H_MAX` (n = 1, the plain step, at dt <= H_MAX: the fine-step results and
cost do not change). Each substep is the updater's own backward Euler step (A-stable,
positivity and occupancies in [0, 1] kept), with the non-state coefficients (transmitter,
parameters, v) held at their start-of-step values, as in the NMODL twins, whose fixed-step
code runs the same substeps in a ``FROM`` loop (``mod/gabaa_gamma2.mod``, ``eaat.mod``,
``gat.mod``, where the same bound is the literal ``h_max``; tests/test_dt_grid.py checks the
two are equal). dt is read from the group's clock when Brian2 generates the code (before each
run), so the loop is unrolled: n copies of the step's state-dependent statements.
"""

from __future__ import annotations

import math
import re

#: substep bound (ms): numerical, the substep bound for the <= 5 % dt criterion (backward Euler's
#: error on eaat's AMPA occupancy is 5.0 % at a step of 0.1 ms, ~2.5 % at 0.05 ms)
H_MAX = 0.05
#: slack on dt / H_MAX (a dt that is a whole multiple of H_MAX in floating point gets that many)
_SLACK = 1e-6


def count(dt_ms: float, h_max: float = H_MAX) -> int:
    """Substeps per step: floor(dt / h_max - 1e-6) + 1 (the NMODL files' formula)."""
    return int(math.floor(dt_ms / h_max - _SLACK)) + 1


def dt_ms(variables) -> float:
    """The step (ms) of the group whose ``variables`` Brian2 passes to a state updater."""
    var = (variables or {}).get("dt")
    if var is None:
        raise ValueError("substepping needs the group's dt")
    try:
        value = float(var.get_value().item() if hasattr(var.get_value(), "item") else var.get_value())
    except NotImplementedError:  # standalone devices: the clock keeps the requested dt
        owner = var.owner
        value = float(getattr(owner, "_new_dt", None) or owner.dt_)
    return value * 1e3


def unroll(scalar_code: list[str], vector_code: list[str], finals: list[str], n: int, h: str) -> str:
    """The statements of n substeps: ``h = dt / n`` and the scalar statements once (they do not
    depend on the states, so every substep's are the same), then n copies of the vector
    statements and the state assignments, each copy's temporaries renamed ``<name>_k<i>``."""
    temps = [line.split("=", 1)[0].strip() for line in vector_code]
    pattern = re.compile(r"\b(" + "|".join(re.escape(t) for t in sorted(temps, key=len, reverse=True)) + r")\b") if temps else None
    code = [f"{h} = dt / {n}"] + list(scalar_code)
    for i in range(1, n + 1):
        for line in vector_code + finals:
            code.append(pattern.sub(lambda m: f"{m.group(1)}_k{i}", line) if pattern else line)
    return "\n".join(code)


# Brian2 caches StateUpdateMethod.apply_stateupdater on (equations, variables, method, ...),
# where a Variable counts by identity, not value: a substepping updater's code depends on dt's
# value, so its cache key must include it (otherwise a group created at another dt, or a
# changed defaultclock.dt, silently reuses a stale substep count).
from brian2.stateupdaters.base import StateUpdateMethod  # noqa: E402
from brian2.utils.caching import _hashable  # noqa: E402

_apply_cached = StateUpdateMethod.apply_stateupdater
_apply = getattr(_apply_cached, "__wrapped__", _apply_cached)
_cache: dict = {}


def _substepping(method) -> bool:
    if isinstance(method, str):
        method = StateUpdateMethod.stateupdaters.get(method)
    elif not callable(method):
        return False  # a list of methods: each is applied (through this function) in turn
    return getattr(method, "h_max", None) is not None


def _apply_stateupdater(equations, variables, method, method_options=None, group_name=None):
    if not _substepping(method):
        return _apply_cached(equations, variables, method, method_options=method_options, group_name=group_name)
    key = (_hashable(equations), _hashable(variables), method if isinstance(method, str) else id(method),
           _hashable(method_options), group_name, dt_ms(variables))
    if key not in _cache:
        _cache[key] = _apply(equations, variables, method, method_options=method_options, group_name=group_name)
    return _cache[key]


if not getattr(StateUpdateMethod.apply_stateupdater, "_ei_substeps", False):
    _apply_stateupdater._ei_substeps = True
    StateUpdateMethod.apply_stateupdater = staticmethod(_apply_stateupdater)
