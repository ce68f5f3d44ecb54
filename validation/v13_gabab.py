"""V13 gabab: GABA_B -> Gi/o -> GIRK, cAMP, subunits, pertussis toxin and presynaptic inhibition.

Three voltage-clamp protocols, each run through both simulators' compiled code (dt = 0.025 ms):

``post`` (``gabab_girk``, E_K from Nernst of [K+]i = 140, [K+]o = 3 mM at 37 C, computed by each
simulator itself: NEURON ``ion_style``, Brian2 ``analytic.nernst``), 2 s (quick: 1.3 s), one cell each:

=====  =======================================  ======  =================================
cell   GABA release (weight 1 = 0.5 mM x 0.3 ms) V (mV)  claim
=====  =======================================  ======  =================================
0      one spike at 10 ms                       -50     single-spike response, timing
1      10 spikes at 200 Hz from 10 ms           -50     burst >> single (> 10x), cAMP
2      burst, GABA_B1 only (gabab2 = 0)         -50     exactly zero
3      burst, GABA_B2 only (gabab1 = 0)         -50     exactly zero
4      burst, pertussis toxin (ptx = 1)         -50     exactly zero, cAMP unchanged
5, 6   single, burst: Destexhe & Sejnowski 1995 -50     the desensitizing preset
7-11   burst                                    -120..-80  reversal at E_K
=====  =======================================  ======  =================================

``camp`` (``gabab_girk``): cells 0, 1 and 4 again, run for 5 s (quick: 2.5 s at dt = 0.1 ms,
the same step in both simulators) so that cAMP can recover.

``pre`` (``gabab_pre``): a terminal without GABA (control), after one GABA spike, after a burst,
and after a burst with pertussis toxin; a test action potential at 150 ms (when the burst's
Gbetagamma is near its peak) reads the Ca2+ at the release sensor ``ca`` and the release
probability ``pr``.

Checks and tolerances:

* burst/single peak conductance > 10 (the issue's bound; the ratio is reported, as is ratio/10,
  the supralinearity relative to N x single);
* time to peak and decay (1/e time from the peak) between 20 and 1000 ms (slow), reported next
  to the published ~100 ms time to peak of the fitted single-pulse responses (Destexhe &
  Sejnowski 1995; Destexhe, Mainen & Sejnowski 1998, fitted to Otis et al. 1993); the
  single-spike time to peak within 20 % of it; the late decay time constant (fit from 10 % to 3 %
  of the peak) within 5 % of the closed form of the published rates, 1/(n lambda_slow) (208 ms
  for the 1998 set, 388 ms for the 1995 set, whose tail is set by resensitization; 5 %: that tail
  is reached only asymptotically);
* reversal: zero of the linear fit of the peak current against V within 0.5 mV of Nernst E_K;
* B1-only, B2-only and PTX: g == 0 and i == 0 at every sample (exact zero, no tolerance);
* cAMP: never rises while falling and never falls while recovering (a single minimum), burst
  minimum below the single-spike minimum below baseline, at least 90 % of the drop recovered by
  the end of the 5 s run (40 % by the end of the 2.5 s quick run: G itself decays with 1/k2 =
  0.83 s in the default set), PTX leaves cAMP exactly at baseline;
* presynaptic: after the burst, Ca2+ (factor <= 0.9) and Pr (factor <= 0.8) of the test spike
  are lower than control (factors reported); Pr falls more than Ca2+ (cooperative release, Hill
  n_rel = 4), Pr equals the closed form of the recorded Ca2+ within 1e-9; PTX gives exactly the
  control values;
* the simulated G protein against the exact (matrix-exponential) solution of the linear cascade:
  max deviation of the GIRK conductance within 1 % of its peak for the default set and 3 % for the
  desensitizing set (both simulators take backward Euler steps, first order in dt; the fast
  binding of the 1995 set, k1*cmax = 0.33 /ms during the pulse, errs by ~0.4 % in G, which G^4
  multiplies by four);
* NEURON against Brian2: every trace of every cell within 1 % of that cell's peak (reported).

Kinds (issue 15): [closed_form] the late decay tau (slowest eigenvalue of the linear cascade),
the conductance against the matrix-exponential solution of the cascade, and the reversal against
Nernst E_K; [consistency] everything else: the B1-only / B2-only / PTX zeros follow from min()
and (1 - ptx) and the presynaptic Pr from the model's own Hill law (code self-checks); the single
-spike time to peak is the target both presets were fit to (Otis et al. 1993: "fit target"); the
ranges, ratios and cAMP shapes are the specification's criteria.
"""

import numpy as np

from ei_models import analytic as closed_form
from ei_models import ions as ion_table
from ei_models import mechanisms
from ei_models.validation import experimental
from ei_models.validation.harness import SIMULATORS, Outcome, at_least, at_most, is_true, relative_to_peak, within
from ei_models.mechanisms.gabab_girk import PUBLISHED_TIMING
from ei_models.validation.protocols import Clamp, run as run_clamp

CASE = "V13"
TITLE = "GABA_B -> Gi/o -> GIRK: cooperativity, timing, E_K, subunits/PTX, cAMP, presynaptic Ca2+ and Pr"
DEFAULT, DESENS = "destexhe_mainen_sejnowski_1998", "destexhe_sejnowski_1995"
T0 = 10.0
SINGLE = [T0]
BURST = [T0 + 5.0 * k for k in range(10)]  # 10 spikes at 200 Hz
V_HOLD = -50.0
V_REV = (-120.0, -110.0, -100.0, -90.0, -80.0)
K_IONS = {"ki": 140.0, "ko": 3.0}
T_TEST = 150.0
CELLS = (
    ("single", V_HOLD, SINGLE, {}),
    ("burst", V_HOLD, BURST, {}),
    ("burst, GABA_B1 only", V_HOLD, BURST, {"gabab2": 0.0}),
    ("burst, GABA_B2 only", V_HOLD, BURST, {"gabab1": 0.0}),
    ("burst, pertussis toxin", V_HOLD, BURST, {"ptx": 1.0}),
    ("single, DS1995", V_HOLD, SINGLE, {"kinetics": DESENS}),
    ("burst, DS1995", V_HOLD, BURST, {"kinetics": DESENS}),
) + tuple((f"burst at {v:g} mV", v, BURST, {}) for v in V_REV)
CAMP_CELLS = (0, 1, 4)  # single, burst, pertussis toxin: a long run for cAMP recovery
PRE_CELLS = (("control", []), ("after one GABA spike", SINGLE), ("after a GABA burst", BURST),
             ("after a burst, pertussis toxin", BURST))


PARTS = (("post", ("g", "i", "camp", "gbg")), ("camp", ("g", "camp", "gbg")), ("pre", ("gbg", "inh", "ca", "pr")))


def protocol(quick=False):
    post = Clamp("gabab_girk", v=[c[1] for c in CELLS], events=[c[2] for c in CELLS], weight=1.0,
                 tstop=1300.0 if quick else 2000.0, options=[c[3] for c in CELLS],
                 record=("g", "i", "camp", "gbg"), ions=dict(K_IONS), nernst=("k",))
    camp = Clamp("gabab_girk", v=[V_HOLD] * len(CAMP_CELLS), events=[CELLS[c][2] for c in CAMP_CELLS], weight=1.0,
                 tstop=2500.0 if quick else 5000.0, dt=0.1 if quick else 0.025,
                 options=[CELLS[c][3] for c in CAMP_CELLS],
                 record=("g", "camp", "gbg"))
    pre = Clamp("gabab_pre", v=[V_HOLD] * len(PRE_CELLS), events=[c[1] for c in PRE_CELLS], weight=1.0,
                tstop=T_TEST + 50.0, options=[{}, {}, {}, {"ptx": 1.0}], record=("gbg", "inh", "ca", "pr"))
    return {"post": post, "camp": camp, "pre": pre, "camp_recovery": 0.4 if quick else 0.9}


def analytic(p):
    post, pre = p["post"], p["pre"]
    env = ion_table.TABLE.validate(dict(K_IONS, celsius=post.celsius))
    out = {"ek": float(closed_form.nernst(env["ko"], env["ki"], 1, post.celsius)), "labels": [c[0] for c in CELLS]}
    girk = mechanisms.get("gabab_girk")
    t = post.time()[::40]  # every ms: the exact solution is smooth, and this keeps it fast
    out["t_exact"] = t
    exact = []
    for label, v, ev, opts in CELLS[:7]:
        vals = girk.resolve(opts)
        _, _, G = closed_form.gabab_cascade(t, ev, rtot=min(vals["gabab1"], vals["gabab2"]), **vals)
        exact.append(vals["gmax"] * closed_form.girk_activation(G, vals["n"], vals["kd"]))
    out["g_exact"] = np.array(exact)
    out["published"] = PUBLISHED_TIMING
    out["late_tau"] = {preset: late_decay_tau(girk.resolve({"kinetics": preset})) for preset in (DEFAULT, DESENS)}
    vals = mechanisms.get("gabab_pre").resolve({})
    out["pr_control"] = float(closed_form.release_probability(vals["ca_ap"], vals["kd_rel"], vals["n_rel"],
                                                              vals["pr_max"]))
    out["pre_values"] = vals
    out["t_test_index"] = int(round(T_TEST / pre.dt))
    out["camp_recovery"] = p["camp_recovery"]
    return out


def run(simulator, p, target="cython"):
    out = {part: run_clamp(simulator, p[part], target) for part in ("post", "camp", "pre")}
    out["data"] = _data_checks(simulator=simulator, target=target)  # the data check's own short run
    return out


def _timing(t, g, t_start):
    """Time to peak from the first spike, 1/e decay time from the peak, and the late decay time
    constant (log-linear fit where g falls from 10 % to 3 % of its peak), all in ms."""
    k = int(np.argmax(g))
    after = np.nonzero(g[k:] <= g[k] / np.e)[0]
    decay = t[k + after[0]] - t[k] if after.size else np.nan
    tail = np.nonzero((g[k:] <= 0.1 * g[k]) & (g[k:] >= 0.03 * g[k]))[0] + k
    late = -1.0 / np.polyfit(t[tail], np.log(g[tail]), 1)[0] if tail.size > 10 else np.nan
    return t[k] - t_start, decay, late


def late_decay_tau(values) -> float:
    """Closed-form late decay time constant of g for G^n << kd: g ~ G^n and G falls with the
    slowest eigenvalue lambda of the cascade without transmitter, so tau = 1/(n lambda)."""
    m = np.array([[-values["k2"], values["d2"], 0.0], [values["d1"], -values["d2"], 0.0],
                  [values["k3"] * (1 - values["ptx"]), 0.0, -values["k4"]]])
    if values["d1"] == 0:  # no desensitization: D is never populated, drop its (zero) mode
        m = m[np.ix_([0, 2], [0, 2])]
    lam = np.min(np.abs(np.linalg.eigvals(m).real))
    return 1.0 / (values["n"] * lam)


def _measure(r, ref):
    post, pre = r["post"], r["pre"]
    t, g, i = post["t"], post["g"], post["i"]
    m = {"peak_g_uS": g.max(axis=1)}
    m["burst_over_single"] = m["peak_g_uS"][1] / m["peak_g_uS"][0]
    m["burst_over_single_DS1995"] = m["peak_g_uS"][6] / m["peak_g_uS"][5]
    m["timing"] = {c: _timing(t, g[c], T0) for c in (0, 1, 5, 6)}
    # reversal: the peak current of each clamped cell (all reach their peak at the same step)
    rev_cells = np.arange(7, 7 + len(V_REV))
    k_peak = int(np.argmax(g[rev_cells[0]]))
    slope, icpt = np.polyfit(np.asarray(V_REV), i[rev_cells, k_peak], 1)
    m["e_rev_mV"] = -icpt / slope
    m["i_at_peak_nA"] = i[rev_cells, k_peak]
    m["camp"] = r["camp"]["camp"]
    m["g_exact_dev"] = [relative_to_peak(g[c, ::40], ref["g_exact"][c]) for c in (0, 1, 5, 6)]
    kt = ref["t_test_index"]
    m["ca_test"], m["pr_test"], m["inh_test"] = pre["ca"][:, kt], pre["pr"][:, kt], pre["inh"][:, kt]
    return m


def _camp_checks(o, t, camp, c0, min_recovery):
    first = int(np.searchsorted(t, T0))
    checks = []
    for cell, label in ((0, "single"), (1, "burst")):
        c = camp[cell]
        kmin = int(np.argmax(-c))
        fall_ok = bool(np.all(np.diff(c[first:kmin + 1]) <= 0) and np.all(c[:first + 1] == c0))
        rise_ok = bool(np.all(np.diff(c[kmin:]) >= 0))
        recovered = (c[-1] - c[kmin]) / (c0 - c[kmin])
        o.metrics[f"camp_min_over_basal[{label}]"] = c[kmin] / c0
        o.metrics[f"camp_time_of_min_ms[{label}]"] = t[kmin]
        o.metrics[f"camp_recovered_fraction[{label}]"] = recovered
        checks += [
            is_true(f"cAMP ({label}) falls monotonically from the first spike to its minimum", fall_ok,
                    "diff <= 0 before the minimum, basal before the first spike", kind="consistency"),
            is_true(f"cAMP ({label}) recovers monotonically after its minimum", rise_ok, "diff >= 0 after the minimum", kind="consistency"),
            at_least(f"cAMP ({label}): fraction of the drop recovered by the end", recovered, min_recovery, kind="consistency"),
        ]
    checks += [
        is_true("cAMP falls further with more activation (burst min < single min < basal)",
                camp[1].min() < camp[0].min() < c0, "ordering", kind="consistency"),
        is_true("pertussis toxin: cAMP stays exactly basal (code self-check: (1 - ptx))", np.all(camp[2] == c0), "camp == camp0 at every sample", kind="consistency"),
    ]
    return checks


def check(raw, ref):
    outcomes = {}
    c0 = mechanisms.get("gabab_girk").table["camp0"].value
    pr_ref = ref["pre_values"]
    for sim, r in raw.items():
        m = _measure(r, ref)
        post = r["post"]
        o = Outcome()
        o.metrics.update({"burst_over_single": m["burst_over_single"],
                          "burst_over_10x_single": m["burst_over_single"] / 10,
                          "burst_over_single_DS1995": m["burst_over_single_DS1995"],
                          "peak_g_single_uS": m["peak_g_uS"][0], "peak_g_burst_uS": m["peak_g_uS"][1],
                          "e_rev_mV": m["e_rev_mV"], "e_k_nernst_mV": ref["ek"]})
        for cell, label, preset in ((0, "single", DEFAULT), (1, "burst", DEFAULT),
                                    (5, "single", DESENS), (6, "burst", DESENS)):
            tp, dec, late = m["timing"][cell]
            o.metrics[f"time_to_peak_ms[{label}, {preset}]"] = tp
            o.metrics[f"decay_1_over_e_ms[{label}, {preset}]"] = dec
            o.metrics[f"late_decay_tau_ms[{label}, {preset}]"] = late
            o.metrics[f"late_decay_tau_closed_form_ms[{preset}]"] = ref["late_tau"][preset]
            o.metrics[f"published_time_to_peak_ms[{preset}]"] = ref["published"][preset]["time_to_peak_ms"]
            o.checks += [
                at_least(f"{label} ({preset}): time to peak slow (ms)", tp, 20.0, kind="consistency"),
                at_most(f"{label} ({preset}): time to peak (ms)", tp, 500.0, kind="consistency"),
                at_least(f"{label} ({preset}): 1/e decay from the peak slow (ms)", dec, 20.0, kind="consistency"),
                at_most(f"{label} ({preset}): 1/e decay from the peak (ms)", dec, 1000.0, kind="consistency"),
                within(f"{label} ({preset}): late decay tau / closed form {ref['late_tau'][preset]:.1f} ms",
                       late / ref["late_tau"][preset], 1.0, 0.05, kind="closed_form"),
            ]
            if label == "single":
                pub = ref["published"][preset]["time_to_peak_ms"]
                o.checks.append(within(f"single ({preset}): time to peak / published {pub:g} ms (fit target: the rates are fit to Otis et al. 1993)", tp / pub, 1.0, 0.2, kind="consistency"))
        o.checks += [
            at_least("burst (10 x 200 Hz) / single-spike peak conductance", m["burst_over_single"], 10.0, kind="consistency"),
            at_least("burst / single-spike peak conductance, desensitizing set (DS1995)",
                     m["burst_over_single_DS1995"], 10.0, kind="consistency"),
            within("reversal of the GIRK current vs Nernst E_K (mV)", m["e_rev_mV"], ref["ek"], 0.5, "mV", kind="closed_form"),
        ]
        for cell in (2, 3, 4):
            o.checks.append(is_true(f"{CELLS[cell][0]}: conductance and current exactly zero (code self-check: min() / (1 - ptx))",
                                    np.all(post["g"][cell] == 0) and np.all(post["i"][cell] == 0), "g == i == 0", kind="consistency"))
        o.checks += _camp_checks(o, r["camp"]["t"], m["camp"], c0, ref["camp_recovery"])
        for (cell, preset), dev, tol in zip(((0, DEFAULT), (1, DEFAULT), (5, DESENS), (6, DESENS)), m["g_exact_dev"],
                                            (0.01, 0.01, 0.03, 0.03)):
            o.metrics[f"g_vs_exact_dev[{CELLS[cell][0]}]"] = dev
            o.checks.append(at_most(f"{CELLS[cell][0]}: g vs exact cascade solution (max dev / peak)", dev, tol, kind="closed_form"))
        ca, pr = m["ca_test"], m["pr_test"]
        o.metrics.update({"pre_ca_factor_burst": ca[2] / ca[0], "pre_pr_factor_burst": pr[2] / pr[0],
                          "pre_ca_factor_single": ca[1] / ca[0], "pre_pr_factor_single": pr[1] / pr[0],
                          "pre_pr_control": pr[0], "pre_pr_after_burst": pr[2],
                          "pre_inh_after_burst": m["inh_test"][2]})
        pr_closed = closed_form.release_probability(ca, pr_ref["kd_rel"], pr_ref["n_rel"], pr_ref["pr_max"])
        o.checks += [
            within("presynaptic control: Pr vs the release law at rest (code self-check: the model's Hill law)", pr[0],
                   ref["pr_control"], 1e-9, kind="consistency"),
            at_most("presynaptic: burst lowers Ca2+ of the test spike (factor)", ca[2] / ca[0], 0.9, kind="consistency"),
            at_most("presynaptic: burst lowers Pr of the test spike (factor)", pr[2] / pr[0], 0.8, kind="consistency"),
            is_true("presynaptic: Pr falls more than Ca2+ (4th-power release law)", pr[2] / pr[0] < ca[2] / ca[0],
                    "pr factor < ca factor", kind="consistency"),
            is_true("presynaptic: a burst inhibits more than a single spike", ca[2] < ca[1] < ca[0], "ordering", kind="consistency"),
            at_most("presynaptic: Pr vs the release law of the recorded Ca2+ (max abs dev; code self-check)",
                    np.max(np.abs(pr - pr_closed)), 1e-9, kind="consistency"),
            is_true("presynaptic: pertussis toxin gives exactly the control Ca2+ and Pr (code self-check: (1 - ptx))",
                    np.all(r["pre"]["ca"][3] == r["pre"]["ca"][0]) and np.all(r["pre"]["pr"][3] == r["pre"]["pr"][0]),
                    "identical traces", kind="consistency"),
        ]
        o.checks += _data_checks(r["data"], metrics=o.metrics)
        outcomes[sim] = o
    if all(s in raw for s in SIMULATORS):
        worst = {}
        for part, names in PARTS:
            for name in names:
                a, b = raw["brian2"][part][name], raw["neuron"][part][name]
                devs = [relative_to_peak(a[c], b[c]) for c in range(a.shape[0])]
                worst[f"{part}.{name}"] = max(devs)
        for sim in SIMULATORS:
            for label, dev in worst.items():
                outcomes[sim].metrics[f"cross_sim_dev_{label}"] = dev
                outcomes[sim].checks.append(
                    at_most(f"NEURON vs Brian2 {label} (max over cells of max dev / cell peak)", dev, 0.01, kind="consistency"))
    return outcomes


def _data_checks(data_run=None, metrics=None, simulator=None, target="cython"):
    """[data] the recovery of presynaptic GABA_B inhibition against paired-pulse depression of
    IPSPs (validation/data/V13.json; Deisz 1999). Called with ``simulator`` it makes the check's
    own run (one terminal, one GABA spike, 1 s: the ``pre`` protocol stops at 200 ms); called
    with that run's result it returns the check: the decay time constant of ``inh`` from a
    log-linear fit where it falls from 50 % to 5 % of its peak (or to the end of the run)."""
    if simulator is not None:
        clamp = Clamp("gabab_pre", v=[V_HOLD], events=[SINGLE], weight=1.0, tstop=1000.0, dt=0.1, record=("inh",))
        return run_clamp(simulator, clamp, target)
    t, inh = data_run["t"], data_run["inh"][0]
    k = int(np.argmax(inh))
    sel = np.nonzero((inh[k:] <= 0.5 * inh[k]) & (inh[k:] >= 0.05 * inh[k]))[0] + k
    tau = -1.0 / np.polyfit(t[sel], np.log(inh[sel]), 1)[0]
    if metrics is not None:
        metrics["pre_inh_peak_time_after_spike_ms"] = float(t[k] - SINGLE[0])
        metrics["pre_inh_recovery_tau_ms"] = float(tau)
    return [experimental.data_check("presynaptic inhibition recovery tau vs paired-pulse depression (Deisz 1999)",
                                    tau, experimental.load(CASE)["ppd_recovery_tau"],
                                    expected_miss="with one Gbetagamma per Ca2+ channel (n_ca = 1) the presynaptic "
                                    "inhibition follows G itself, whose slowest mode is receptor unbinding (k2 = 0.0012 "
                                    "/ms, 833 ms); the postsynaptic GIRK response decays 4x faster only through its "
                                    "cooperativity n = 4")]


def plot(raw, ref, path):
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 4, figsize=(20, 8.5))
    ax = axes.ravel()
    styles = (("neuron", "-"), ("brian2", "--"))
    for sim, style in styles:
        if sim not in raw:
            continue
        r, m = raw[sim], _measure(raw[sim], ref)
        t, g = r["post"]["t"], r["post"]["g"]
        # A: burst vs single
        ax[0].semilogy(t, np.clip(g[0] * 1e3, 1e-9, None), style, label=f"{sim}: single")
        ax[0].semilogy(t, np.clip(g[1] * 1e3, 1e-9, None), style, label=f"{sim}: burst 10 x 200 Hz")
        ax[0].set_title(f"A burst / single peak = {m['burst_over_single']:.0f}")
        # B: timing, normalised, both presets, with the exact solution
        for c, lab in ((0, "single"), (1, "burst"), (5, "single DS1995"), (6, "burst DS1995")):
            ax[1].plot(t - T0, g[c] / g[c].max(), style, label=f"{sim}: {lab}")
        # C: reversal
        ax[2].plot(V_REV, m["i_at_peak_nA"] * 1e3, "o" if sim == "neuron" else "x",
                   label=f"{sim} (E_rev {m['e_rev_mV']:.2f} mV)")
        # D: subunits and PTX
        for c in (1, 2, 3, 4):
            ax[3].plot(t, g[c] * 1e3, style, label=f"{sim}: {CELLS[c][0]}")
        # E: cAMP
        for k, c in enumerate(CAMP_CELLS):
            ax[4].plot(r["camp"]["t"], r["camp"]["camp"][k] * 1e3, style, label=f"{sim}: {CELLS[c][0]}")
        # F, G: presynaptic
        tp = r["pre"]["t"]
        for c, lab in enumerate(PRE_CELLS):
            ax[5].plot(tp, r["pre"]["ca"][c] * 1e3, style, label=f"{sim}: {lab[0]}")
            ax[6].plot(tp, r["pre"]["pr"][c], style, label=f"{sim}: {lab[0]}")
    for c in (0, 1, 5, 6):
        ax[1].plot(ref["t_exact"] - T0, ref["g_exact"][c] / ref["g_exact"][c].max(), ":k", lw=0.8)
    for preset, pub in ref["published"].items():
        ax[1].axvline(pub["time_to_peak_ms"], color="grey", lw=0.8)
    ax[1].set(xlabel="t from first spike (ms)", ylabel="g / peak",
              title="B timing (dotted: exact; grey: published ~100 ms peak)")
    vv = np.linspace(min(V_REV), max(V_REV), 10)
    ax[2].axvline(ref["ek"], color="k", lw=0.8, label=f"Nernst E_K {ref['ek']:.2f} mV")
    ax[2].axhline(0, color="grey", lw=0.5)
    ax[2].set(xlabel="V (mV)", ylabel="peak i (pA)", title="C reversal at E_K", xlim=(vv[0] - 5, vv[-1] + 5))
    ax[0].set(xlabel="t (ms)", ylabel="g (nS)")
    ax[3].set(xlabel="t (ms)", ylabel="g (nS)", title="D subunits and pertussis toxin (zero)")
    ax[4].set(xlabel="t (ms)", ylabel="cAMP (uM)", title="E cAMP falls and recovers")
    ax[5].axvline(T_TEST, color="k", lw=0.8)
    ax[6].axvline(T_TEST, color="k", lw=0.8)
    ax[5].set(xlabel="t (ms)", ylabel="Ca2+ at sensor per spike (uM)",
              title="F presynaptic Ca2+ entry (test spike: line)")
    ax[6].set(xlabel="t (ms)", ylabel="release probability", title="G presynaptic release probability")
    if all(s in raw for s in SIMULATORS):
        labels, devs = [], []
        for part, names in PARTS:
            for name in names:
                a, b = raw["brian2"][part][name], raw["neuron"][part][name]
                labels.append(f"{part}.{name}")
                devs.append(max(relative_to_peak(a[c], b[c]) for c in range(a.shape[0])))
        ax[7].bar(range(len(devs)), np.maximum(devs, 1e-17))
        ax[7].axhline(0.01, color="r", lw=0.8, label="1 % limit")
        ax[7].set_yscale("log")
        ax[7].set_xticks(range(len(devs)), labels, rotation=45, ha="right", fontsize=7)
        ax[7].set(ylabel="max dev / peak (worst cell)", title="H NEURON vs Brian2")
    d = experimental.load(CASE)["ppd_recovery_tau"]
    for sim, style in styles:
        if sim in raw:
            dr = raw[sim]["data"]
            ax[6].plot(dr["t"], 1 - dr["inh"][0], style, lw=0.8, label=f"{sim}: 1 - inh, one spike (1 s run)")
    tt = np.linspace(SINGLE[0] + d.conditions["depression_maximum_at_isi_ms"], 1000.0, 50)
    for tau, fmt in ((d.value, "k-"), (d.value - d.sd, "k:"), (d.value + d.sd, "k:")):
        ax[6].plot(tt, 1 - 0.4 * np.exp(-(tt - tt[0]) / tau), fmt, lw=0.8,
                   label=f"data: recovery tau {d.value:g} +- {d.sd:g} ms (Deisz 1999), shape only" if fmt == "k-" else None)
    for a in ax:
        a.legend(fontsize=5)
    fig.suptitle(f"{CASE} {TITLE}", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
