"""V08 glu_gln: the glutamate-glutamine cycle conserves glutamate + glutamine, its steady-state
fluxes are equal all around, glutamine synthetase uses one ATP per glutamate, and blocking GS or
glutaminase moves the pools the way the source chapter says.

Protocol (``glu_gln_cycle``, one segment each, 100 s of simulated time, dt = 2 ms, 0.25 ms in the
full protocol). Every run starts at the steady state for the conserved total (NEURON computes it
in INITIAL, Brian2 gets it from ``ei_models.brian2.initialize``); at t = 10 s

=====  =================  ==================================================
cell   condition           expected (source chapter)
=====  =================  ==================================================
0      control             stays at the steady state: all six fluxes equal
1      GS 90 % blocked     (MSO) glutamate piles up in astrocytes; glutamine,
                           neuronal and vesicular glutamate fall
2      PAG 90 % blocked    (DON) glutamine piles up in neurons; neuronal and
                           vesicular (transmitter) glutamate fall
=====  =================  ==================================================

Closed form: the steady state of the cycle (every flux equal to J, c = Km J/(V - J) per
Michaelis-Menten pool, J from the conserved total by bisection); its direction of change under
each block is checked as well.

Tolerances: conservation 1e-9 relative over 100 s (the issue; NEURON's sparse with CONSERVE and
Brian2's Newton backward Euler, implicit_euler_newton, keep the linear invariant to round-off); steady-state fluxes equal
within 1e-6 relative (the issue) and equal to the closed-form J within 1e-6; initial pools equal
to the closed form within 1e-9; ATP used = GS flux: the ATP counter against the trapezoidal
integral of the GS flux, 1e-9 at steady state and 1e-4 during the blocked transient (the
trapezoid is second order in dt and straddles the switch at 10 s), and ATP = NH3 fixed to 1e-12 (one reaction makes both);
directions: the sign of each change at 100 s, and of the closed-form steady state under the
same block; NEURON vs Brian2 within 1 % of the peak of each pool's change after the block
(backward Euler in both, Brian2's by a fixed number of Newton iterations, at dt <= 2 ms).

Kinds (issue 15): all [consistency] but one [data] check (below). Conservation and equal
fluxes are the model's own invariants; the runs start at the closed-form steady state
(NEURON's INITIAL and Brian2's initializer solve the same equations), so staying there checks
the integrators, not the biology; "ATP used = GS flux" compares counters driven by one flux (a code self-check) and the
former "one NH3 fixed per ATP used" check (one reaction makes both) is dropped, its difference
reported; the directions under MSO/DON are the source chapter's specification. The cycle's
rates are scaled to Sibson et al. 1998's flux (a fit), so that flux is no evidence either.

[data]: the simulated steady extracellular glutamate (control run at 100 s) against the ambient
glutamate that tonic NMDA receptor currents report in hippocampal slices (Herman & Jahr 2007,
J Neurosci 27:9736, "near 25 nM"; electrophysiological estimates ~25-90 nM;
validation/data/V08.json). The cycle predicts it: at steady state glu_ecs = Km_eaat J/(Vmax_eaat - J)
per extracellular volume, with the EAAT capacity from Lehre & Danbolt 1998, the Km eaat's EAAT2
Km (18 uM, oocytes, Arriza et al. 1994) and J the fitted flux; no parameter is set from a glutamate
level. An expected miss: the model gives ~160 nM. The check passed while the cycle's Km was 5 uM
("as in eaat", after eaat had moved to the oocyte value); with one EAAT2 Km in the package it misses.
"""

from dataclasses import replace

import numpy as np

from ei_models import analytic as closed_form
from ei_models import mechanisms
from ei_models.validation.protocols import Drive, run as run_drive
from ei_models.validation import experimental
from ei_models.validation.harness import Check, Outcome, at_most, cross_simulator, is_true, save_figure, within

CASE = "V08"
TITLE = "Glutamate-glutamine cycle: conservation, equal fluxes, ATP = GS flux, GS/PAG block"
NAME = "glu_gln_cycle"
POOLS = closed_form.GLU_GLN_POOLS
COUNTERS = ("atp_used", "nh3_fixed", "nh3_released")
CELLS = (("control", {}), ("GS block (MSO)", {"block_gs": 0.9}), ("PAG block (DON)", {"block_pag": 0.9}))
#: expected sign of each pool's change under each block (source chapter)
EXPECTED = {
    "GS block (MSO)": {"glu_astro": +1, "gln_astro": -1, "gln_neuron": -1, "glu_neuron": -1, "glu_ves": -1},
    "PAG block (DON)": {"gln_neuron": +1, "glu_neuron": -1, "glu_ves": -1},
}


def protocol(quick=False):
    return {"tstop": 100_000.0, "t_block": 10_000.0, "dt": 2.0 if quick else 0.25}


def _values(opts=None):
    return mechanisms.get(NAME).resolve(opts or {})


def analytic(p):
    out = {"labels": [c[0] for c in CELLS], "control": closed_form.glu_gln_steady_state(_values())}
    out["blocked"] = [closed_form.glu_gln_steady_state(_values(c[1])) for c in CELLS]
    out["total"] = _values()["total"]
    return out


def drive(p):
    """The protocol as a :class:`~ei_models.validation.protocols.Drive`: the cells' blocks start at
    ``t_block`` (the voltage clamp is immaterial; the cycle carries no current)."""
    changes = {key: [opts.get(key, 0.0) for _, opts in CELLS] for key in ("block_gs", "block_pag")}
    return Drive(NAME, v=[-65.0] * len(CELLS), inputs=[(p["t_block"], changes)], tstop=p["tstop"], dt=p["dt"],
                 record=POOLS + COUNTERS)


def run(simulator, p, target="cython"):
    return run_drive(simulator, drive(p), target)


def _fluxes(values, r, k, idx):
    return closed_form.glu_gln_fluxes(values, {pool: r[pool][k, idx] for pool in POOLS})


def check(raw, ref):
    outcomes = {}
    base = _values()
    kb = None
    for sim, r in raw.items():
        t = r["t"]
        kb = int(np.argmin(np.abs(t - 10_000.0)))
        o = Outcome()
        total = np.array([closed_form.glu_gln_total(base, {pool: r[pool][k] for pool in POOLS}) for k in range(len(CELLS))])
        drift = float(np.max(np.abs(total - ref["total"])) / ref["total"])
        o.metrics["conservation_max_rel_drift"] = drift
        o.checks.append(at_most("glutamate + glutamine conserved over 100 s, all runs (max rel drift)", drift, 1e-9, kind="consistency"))
        init = max(abs(r[pool][0, 0] / ref["control"][pool] - 1) for pool in POOLS)
        o.metrics["initial_vs_closed_form_max_rel"] = init
        o.checks.append(at_most("initial state = closed-form steady state (max rel)", init, 1e-9, kind="consistency"))
        # steady state: control run at 100 s
        fl = _fluxes(base, r, 0, -1)
        fvals = np.array(list(fl.values()))
        spread = float((fvals.max() - fvals.min()) / fvals.mean())
        o.metrics.update({f"steady_{k}_mM_per_ms": v for k, v in fl.items()})
        o.metrics["steady_flux_spread_rel"] = spread
        o.metrics["cycle_flux_closed_form_mM_per_ms"] = ref["control"]["J"]
        o.checks.append(at_most("steady-state fluxes equal around the cycle at 100 s ((max-min)/mean)", spread, 1e-6, kind="consistency"))
        o.checks.append(within("steady-state cycle flux vs closed form (rel)", fvals.mean() / ref["control"]["J"], 1.0, 1e-6, kind="consistency"))
        # ATP used = GS flux
        for k, (label, opts) in enumerate(CELLS[:2]):
            pools = {pool: r[pool][k] for pool in POOLS}
            jgs = closed_form.glu_gln_fluxes(base, pools)["j_gs"]
            jgs[kb:] = closed_form.glu_gln_fluxes(_values(opts), pools)["j_gs"][kb:]  # block from 10 s on
            integral = np.trapezoid(jgs, t)
            atp = r["atp_used"][k, -1] - r["atp_used"][k, 0]
            rel = abs(atp / integral - 1)
            o.metrics[f"atp_used_mM[{label}]"] = atp
            o.metrics[f"atp_over_gs_integral_minus_1[{label}]"] = atp / integral - 1
            o.checks.append(at_most(f"ATP used = integral of GS flux, {label} (rel; code self-check: one flux drives both)", rel, 1e-9 if k == 0 else 1e-4, kind="consistency"))
        # "one NH3 fixed per ATP used" is not checked: one reaction increments both counters, so it
        # could not fail short of a typo (issue 15); the difference is reported
        o.metrics["nh3_fixed_minus_atp_used_max_rel"] = float(np.max(np.abs(r["atp_used"] - r["nh3_fixed"]))
                                                             / max(r["atp_used"].max(), 1e-300))
        nh3_bal = r["nh3_released"][0, -1] / r["nh3_fixed"][0, -1] - 1
        o.metrics["nh3_released_over_fixed_minus_1_control"] = nh3_bal
        o.checks.append(at_most("NH3 released by PAG = NH3 fixed by GS at steady state (rel)", abs(nh3_bal), 1e-6, kind="consistency"))
        # directions of change
        for k, (label, opts) in enumerate(CELLS[1:], 1):
            steady_new = ref["blocked"][k]
            for pool, sign in EXPECTED[label].items():
                change = r[pool][k, -1] - r[pool][k, kb]
                o.metrics[f"change_{pool}[{label}]_mM"] = change
                o.checks.append(is_true(f"{label}: {pool} {'rises' if sign > 0 else 'falls'} (simulated, 10 -> 100 s)",
                                        np.sign(change) == sign, f"change = {change:.3e} mM", kind="consistency"))
            for pool in POOLS:
                o.metrics[f"closed_form_steady_{pool}[{label}]_over_control"] = steady_new[pool] / ref["control"][pool]
            ok = all(np.sign(steady_new[pool] - ref["control"][pool]) == s for pool, s in EXPECTED[label].items())
            o.checks.append(is_true(f"{label}: closed-form new steady state moves the same way", ok,
                                    "signs of steady-state changes as expected", kind="consistency"))
            o.checks.append(is_true(f"{label}: closed-form cycle flux falls", steady_new["J"] < ref["control"]["J"],
                                    f"J = {steady_new['J']:.3e} < {ref['control']['J']:.3e} mM/ms", kind="consistency"))
        jgs_end = _fluxes(_values(CELLS[1][1]), r, 1, -1)["j_gs"]
        o.metrics["gs_flux_at_100s_over_control_GS_block"] = jgs_end / ref["control"]["J"]
        o.checks.append(is_true("GS block: ATP use (GS flux) falls", jgs_end < ref["control"]["J"], "j_gs(100 s) < J", kind="consistency"))
        o.checks += _data_checks(fvals.mean(), r["glu_ecs"][0, -1], o.metrics)
        outcomes[sim] = o
    if all(s in raw for s in ("neuron", "brian2")):
        cross_simulator(outcomes, raw, {pool: (lambda r, q=pool: r[q]) for pool in POOLS})
        cross_simulator(outcomes, raw, {f"{pool} change": (lambda r, q=pool: r[q][1:, kb:] - r[q][1:, kb:kb + 1])
                                        for pool in POOLS})
    return outcomes


def _data_checks(flux_mM_per_ms, glu_ecs_mM, metrics):
    """[data] the simulated steady extracellular glutamate (control cell at 100 s, mM -> nM) against
    the ambient glutamate of hippocampal slices measured with the tonic NMDA receptor current
    (Herman & Jahr 2007, "near 25 nM"; the electrophysiological estimates span ~25-90 nM, which is
    the accepted range: validation/data/V08.json). No parameter is fit to it: glu_ecs follows
    from the EAAT capacity (Lehre & Danbolt 1998) and Km (eaat's EAAT2 Km, 18 uM in oocytes, Arriza
    et al. 1994) at the fitted flux. An expected miss (above the range; reason in the check).

    Also the steady cycle flux against the human 13C NMR cycle rate (mM per tissue volume per ms ->
    umol/min/g with 1 mL = 1 g), labelled ``consistency``, not ``data``: the capacities are fit to
    a steady cycle flux of the same size (Sibson et al. 1998, rat; ``glu_gln_cycle.SIBSON``), so
    agreement with the human value follows from the fit and tests nothing about the model."""
    data = experimental.load(CASE)
    glu_nM = float(glu_ecs_mM) * 1e6
    metrics["steady_glu_ecs_nM"] = glu_nM
    ambient = experimental.data_check(
        "steady extracellular glutamate vs ambient glutamate of hippocampal slices "
        "(tonic NMDAR current; Herman & Jahr 2007, ~25-90 nM)", glu_nM, data["ambient_glu"],
        expected_miss="with eaat's oocyte EAAT2 Km (18 uM, room temperature) and the Sibson-fitted flux the cycle's "
                      "tissue-average steady state lies above the slice estimates; the slices' baseline is mostly "
                      "non-vesicular release (Cavelier & Attwell 2005), which the cycle does not have, and uptake "
                      "affinity in tissue may differ from oocytes; nothing was tuned (it passed only while the "
                      "cycle's Km was a stale 5 uM)")
    value = float(flux_mM_per_ms) * 6e4
    metrics["cycle_flux_umol_per_min_per_g"] = value
    check = experimental.data_check("steady cycle flux vs human Vcycle (Shen et al. 1999) (fit target: the "
                                    "capacities are fit to Sibson 1998's rat flux of the same size)",
                                    value, data["vcycle_human"])
    return [ambient, replace(check, kind="consistency")]


def plot(raw, ref, path):
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 4, figsize=(20, 7))
    for sim, style in (("neuron", "-"), ("brian2", "--")):
        if sim not in raw:
            continue
        r = raw[sim]
        ts = r["t"] / 1000.0
        for ax, pool in zip(axes.flat, POOLS):
            for k, (label, _) in enumerate(CELLS):
                ax.plot(ts, r[pool][k], style, label=f"{sim}: {label}")
            ax.set(title=pool, xlabel="t (s)", ylabel="mM")
    for ax, pool in zip(axes.flat, POOLS):
        ax.axhline(ref["control"][pool], color="k", lw=0.6, ls=":", label="closed-form steady state")
        ax.legend(fontsize=6)
    amb = experimental.load(CASE)["ambient_glu"]
    for x, sim in enumerate(("neuron", "brian2")):
        if sim in raw:
            axes[1, 2].bar([x], [raw[sim]["glu_ecs"][0, -1] * 1e6], width=0.5, label=f"{sim}: control steady glu_ecs")
    axes[1, 2].errorbar([2], [amb.value], yerr=[[0.0], [amb.range[1] - amb.value]], fmt="ks", capsize=5,
                        label="data: ambient glutamate, slices, ~25 (25-90) nM (Herman & Jahr 2007)")
    axes[1, 2].set(xticks=[], ylabel="extracellular glutamate (nM)", title="steady glu_ecs vs data")
    axes[1, 2].legend(fontsize=6)
    d = experimental.load(CASE)["vcycle_human"]
    for x, sim in enumerate(("neuron", "brian2")):
        if sim in raw:
            flux = float(np.mean(list(_fluxes(_values(), raw[sim], 0, -1).values()))) * 6e4
            axes[1, 3].bar([x], [flux], width=0.5, label=f"{sim}: control steady flux")
    axes[1, 3].errorbar([2], [d.value], yerr=[2 * d.sd], fmt="ks", capsize=5, label="data: human Vcycle +- 2 SD (Shen 1999)")
    axes[1, 3].set(xticks=[], ylabel="cycle flux (umol/min/g)", title="cycle flux vs data")
    axes[1, 3].legend(fontsize=6)
    save_figure(fig, path, f"{CASE} {TITLE} (block at 10 s)")
