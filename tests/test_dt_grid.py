"""Responses that do not depend on dt (issue 14, items 3 and 4): every mechanism of
:mod:`ei_models.validation.dt_table` at dt = 0.025, 0.1, 0.2, 0.5 and 1 ms, in NEURON
(nrnivmodl-compiled, fixed step) and Brian2 (cython).

* bounds at every dt: occupancies in [0, 1], concentrations >= 0, everything finite
  (before: Brian2 ``eaat`` under rk4 left [0, 1] at dt = 0.5 ms and overflowed at 1 ms);
* conservation: the glutamate-glutamine cycle's sum(vol_i c_i) (the kinetic schemes' occupancy
  sums are exact by construction: NEURON renormalises, Brian2 eliminates C0);
* the peak of the main output at dt = 0.1-0.5 ms within 5 % of the dt = 0.025 ms peak (the
  issue's criterion; before: one GABA_B event gave 0.20x / 7.2x the fine-step peak at dt 0.2 /
  0.5 ms, and 0 at 1 ms), where the mechanism's own integration error allows it (see
  :data:`PEAK_TOL`); at dt = 1 ms a looser, stated bound;
* NEURON against Brian2 at every dt.

Default run: the pulse-driven mechanisms and the nonlinear kinetic models whose Brian2 method
changed (the ones this issue touched) at dt = 0.025, 0.1 and 0.5 ms (:data:`DEFAULT_DTS`), each
mechanism's runs once (a module-level cache); ``-m slow`` runs every mechanism of the table over
the whole grid.
"""

import math

import numpy as np
import pytest

from ei_models import mechanisms

dt_table = pytest.importorskip("ei_models.validation.dt_table")

DTS = dt_table.DTS
#: the default run's grid: the fine step, and 0.1 and 0.5 ms (the issue's 0.1-0.5 ms criterion at
#: both ends); ``-m slow`` runs the whole grid (0.2 and 1 ms too) for every mechanism. Brian2's
#: substepped code is generated per dt (n substeps unrolled): at dt = 1 ms eaat's 20 copies cost
#: most of its 223 s with cold compile caches
DEFAULT_DTS = (0.025, 0.1, 0.5)
#: eaat runs in ``-m slow`` only (its Brian2 substeps are unrolled per dt: 63 s of the default run
#: with cold caches); in the default run its step is covered by test_convergence (order 1 where a
#: step is one substep, both simulators) and V07's quick case
FAST = ("gabaa_gamma2", "gabaa_delta_syn", "gabab_girk", "gabab_pre", "glu_gln_cycle")
SLOW = tuple(n for n in dt_table.SPECS if n not in FAST)
#: peak at dt in 0.1-0.5 ms vs dt = 0.025 ms, relative: 5 % (the issue) for every mechanism.
#: Before issue 14's substeps eaat (AMPA binding, cleft tau ~ 0.2 ms), gat (cleft uptake, tau ~
#: 0.7 ms) and gabaa_gamma2 (GABA binding at 1 mM, 2 kon [GABA] ~ 10/ms) missed it at dt = 0.5 ms
#: (0.83x, 1.18x on the grid, 0.86x), the first-order error of one backward Euler step on a
#: process faster than the step; their fixed-step code now takes ceil(dt / h_max) backward Euler
#: substeps (h_max = 0.05 ms; ei_models.brian2.substeps), the same in both simulators
#: (measured: validation/dt_table_after.txt). gat is compared on the coarse grid (Spec.jump).
PEAK_TOL: dict = {}
#: at dt = 1 ms (issue: bounds only; asserted loosely, the substepped three are within 5 % too)
PEAK_TOL_1MS = {"eaat": 0.05, "gat": 0.05, "gabaa_gamma2": 0.05}
#: NEURON vs Brian2 peak at each dt, relative (both take the same backward Euler steps for the
#: kinetic models, the same substeps for the substepped ones, the same exact updates for the
#: linear ones; measured deviations ~1e-15)
AGREE_TOL = {"eaat": 1e-9, "gat": 1e-9, "gabaa_gamma2": 1e-9}
_CACHE: dict = {}


#: shorter runs than the table's (cost of the default run): the cycle's 20 s at dt = 0.025 ms
#: took ~340 s on a loaded machine; 2 s after the GS block still moves glu_astro
TSTOP = {"glu_gln_cycle": 2000.0}


def _results(name, dts):
    if (name, dts) not in _CACHE:
        _CACHE[name, dts] = dt_table.measure([name], dts, tstop=TSTOP)
    return _CACHE[name, dts]


def _check(name, dts=DTS):
    r = _results(name, dts)
    problems = []
    for sim in ("neuron", "brian2"):
        ref = r[name, sim, dts[0]]["peak"]
        assert math.isfinite(ref) and ref != 0, f"{name} {sim}: no response at dt = {dts[0]} ({r[name, sim, dts[0]]['bad']})"
        for dt in dts:
            bad = r[name, sim, dt]["bad"]
            if bad:
                problems.append(f"{sim} dt={dt}: {bad}")
            ratio = dt_table.merit(r, name, sim, dt, dts)
            tol = PEAK_TOL.get(name, 0.05) if dt <= 0.5 else PEAK_TOL_1MS.get(name, 0.35)
            if not abs(ratio - 1) <= tol:
                problems.append(f"{sim} dt={dt}: peak {ratio:.4f} x the dt = {dts[0]} peak (tolerance {tol})")
    for dt in dts:
        n, b = r[name, "neuron", dt]["peak"], r[name, "brian2", dt]["peak"]
        tol = AGREE_TOL.get(name, 0.01)
        if not abs(n / b - 1) <= tol:
            problems.append(f"dt={dt}: NEURON/Brian2 peak {n / b:.4f} (tolerance {tol})")
    print(f"\n{dt_table.table(r, dts)}")
    assert not problems, f"{name}: " + "; ".join(problems)


@pytest.mark.neuron
@pytest.mark.brian2
@pytest.mark.parametrize("name", FAST)
def test_dt_grid(name, nrn, b2):
    _check(name, DEFAULT_DTS)


@pytest.mark.slow
@pytest.mark.neuron
@pytest.mark.brian2
@pytest.mark.parametrize("name", FAST + SLOW)
def test_dt_grid_whole_grid(name, nrn, b2):
    _check(name)


@pytest.mark.neuron
@pytest.mark.brian2
@pytest.mark.parametrize("dt", [0.5, 1.0])
def test_glu_gln_cycle_conserves_its_total_at_large_steps(dt, nrn, b2):
    """sum(vol_i c_i) of the cycle's six pools stays at its initial value to 1e-9 (relative) over
    a GS block at dt = 0.5 and 1 ms, in both simulators."""
    from ei_models.validation.protocols import run

    spec = dt_table.SPECS["glu_gln_cycle"]
    vals = mechanisms.get("glu_gln_cycle").resolve({})
    vol = {"glu_ecs": vals["vol_ecs"], "glu_astro": vals["vol_astro"], "gln_astro": vals["vol_astro"],
           "gln_neuron": vals["vol_neuron"], "glu_neuron": vals["vol_neuron"], "glu_ves": vals["vol_ves"]}
    for sim in ("neuron", "brian2"):
        r = run(sim, spec.protocol(dt))
        total = sum(vol[k] * np.asarray(r[k][0]) for k in vol)
        drift = np.max(np.abs(total / total[0] - 1))
        assert drift < 1e-9, f"{sim} dt={dt}: total drifts by {drift:.3g}"


@pytest.mark.brian2
def test_implicit_euler_newton_is_backward_euler(b2):
    """One step of ``implicit_euler_newton`` on a Michaelis-Menten uptake coupled to a linear
    exchange (eaat's C, E block in miniature) at a step 10x the uptake's time scale: the new
    state solves the backward Euler equations to 1e-12 and stays >= 0."""
    import ei_models.brian2  # noqa: F401  (registers the method)

    k, vmax, km, h = 2.0, 5.0, 0.1, 1.0  # /ms, mM/ms, mM, ms
    eqs = b2.Equations("""dC/dt = -k*(C - E) : 1
                          dE/dt = k*(C - E) - vmax*E/(km + E) : 1""")
    g = b2.NeuronGroup(1, eqs, method="implicit_euler_newton", dt=h * b2.ms,
                       namespace={"k": k / b2.ms, "vmax": vmax / b2.ms, "km": km})
    g.C, g.E = 3.0, 0.5
    b2.Network(g).run(h * b2.ms)
    c, e = float(g.C[0]), float(g.E[0])
    assert c >= 0 and e >= 0
    assert abs(c - (3.0 - h * k * (c - e))) < 1e-12
    assert abs(e - (0.5 + h * (k * (c - e) - vmax * e / (km + e)))) < 1e-12


@pytest.mark.brian2
def test_substeps_take_ceil_dt_over_h_max_backward_euler_steps(b2):
    """``implicit_euler_linear_substeps`` on x' = -k x: one step of dt gives x0 / (1 + k h)^n with
    n = ceil(dt / h_max), h = dt / n (closed form of n backward Euler steps), at two dts in one
    process (Brian2's state-updater cache must not hand the dt = 0.025 code to dt = 0.5)."""
    from ei_models.brian2 import substeps

    rate = 4.0  # /ms
    for dt, n in ((0.025, 1), (0.5, 10), (0.25, 5)):
        assert substeps.count(dt) == n
        # one name for every group: Brian2's cache keys a Variable by its attributes (the group's
        # name among them), not by dt's value; without ei_models' dt-keyed cache the dt = 0.5
        # group got the dt = 0.025 code (measured: x = 1/3 instead of 0.1615)
        g = b2.NeuronGroup(1, "dx/dt = -k*x : 1", method="implicit_euler_linear_substeps", dt=dt * b2.ms,
                           namespace={"k": rate / b2.ms}, name="substep_check")
        g.x = 1.0
        b2.Network(g).run(dt * b2.ms)
        h = dt / n
        assert abs(float(g.x[0]) - (1 + rate * h) ** -n) < 1e-12, (dt, float(g.x[0]))
        del g


def test_mod_files_substep_bound_is_brian2s():
    """The NMODL twins' literal h_max and substep formula are ei_models.brian2.substeps'."""
    import re
    from pathlib import Path

    from ei_models.brian2 import substeps

    root = Path(__file__).resolve().parents[1]
    for name in ("gabaa_gamma2", "eaat", "gat"):
        text = (root / "mod" / f"{name}.mod").read_text()
        m = re.search(r"^\s*h_max = ([0-9.e+-]+) \(ms\)$", text, re.M)
        assert m and float(m.group(1)) == substeps.H_MAX, name
        assert "nsub = floor(hstep / h_max - 1e-6) + 1" in text and "FROM isub = 1 TO nsub" in text, name
        assert substeps._SLACK == 1e-6
