"""V11 delta: the extrasynaptic GABA_A receptor (``gabaa_delta``, density mechanism): affinity,
tonic current, little desensitization, pharmacology.

Protocol (voltage clamp at -40 mV, where the tonic Cl- current is outward; [Cl-] 10/120 mM,
37 C; dt = 0.1 ms, quick 0.5 ms; 11 s):

* equilibrium dose-response of ``gabaa_delta`` (0.01 uM ... 100 uM, each cell at its steady
  state from t = 0, as a tonic current is) and, for like-with-like comparison, of
  ``gabaa_gamma2`` (same concentrations, equilibrium); Hill fits -> EC50s;
* tonic current at an ambient 0.5 uM GABA, and the wash-in at t = 1 s of 1 uM diazepam,
  1 uM allopregnanolone or 1 uM gaboxadol (THIP) (the ``drug`` presets' values); factor =
  current at 11 s / current before the wash-in;
* desensitization: 1 uM and 10 uM GABA applied at t = 1 s for 10 s from zero; fraction lost
  from the peak to the end;
* neurosteroid prolongation (issue 14): cells at equilibrium with 1 uM GABA, without and with
  1 uM allopregnanolone throughout, GABA removed at t = 1 s; the current before the removal
  (raise) and the decay time constant of its deactivation (80 % -> 20 % fall / ln 4) as
  ratios drug/control (no measured delta ratio exists for the decay: the direction is checked,
  the size reported; ns_koff is a modelling choice).

Reference: the exact steady states and time courses of the scheme (:mod:`ei_models.gaba`).
Acceptance criteria: delta EC50 >= 5x below gamma2's; < 20 % desensitization over 10 s; diazepam
changes the current < 2 % (no gamma2 subunit: no benzodiazepine site); allopregnanolone and
gaboxadol each >= 2x. NEURON-Brian2 agreement <= 1 % of peak (both take the same backward Euler
steps).

Steady-state desensitization (issue 15): the peak-to-end measure sees little because GABA binding
(2 kon c = 0.01 /ms at 1 uM) is as slow as desensitization, so the current rises to its steady
state without a peak. The desensitized fraction D at the end of the 10 s applications is
therefore checked against the scheme's linear steady state, solved in this module with
numpy.linalg from the rate table (independently of ei_models.gaba), and reported as shares: of
the bound receptors, of the activated ones (D/(O + D) = 44 % at any concentration, as d alpha /
(r beta) = 0.8 fixes D/O) and as the steady current lost to desensitization (O against the
same scheme with d = 0).

Kinds: [closed_form] every comparison with the exact steady states and time courses; the EC50
ratio is a fit target (the delta rates are fit to an EC50 ~ 0.9 uM, the gamma2 rates to 5-50
uM); diazepam's no-effect follows from the absent benzodiazepine site (code self-check); the
other criteria are [consistency].
"""

import numpy as np

from ei_models import gaba, mechanisms
from ei_models.validation.protocols import Drive, run as run_drive
from ei_models.validation import experimental
from ei_models.validation.harness import Outcome, at_least, at_most, cross_simulator, decay_tau, save_figure, within

CASE = "V11"
TITLE = "GABA_A delta: EC50 << gamma2, tonic current, no desensitization, neurosteroid/THIP, no BZ"
HOLD = -40.0
AMBIENT = 5e-4
T_WASH = 1000.0
T_END = 11000.0
DRUGS = ("none", "diazepam", "allopregnanolone", "gaboxadol")
DESENS_CONC = (1e-3, 1e-2)
DEACT_GABA = 1e-3
#: area for reporting a density as a current: 1000 um2 of membrane
AREA_CM2 = 1000e-8


def _conc(quick):
    return np.logspace(-5, -1, 7 if quick else 13)


def protocol(quick=False):
    conc = _conc(quick)
    dt = 0.5 if quick else 0.1
    table = mechanisms.get("gabaa_delta").table
    cells = [("dose", {"gaba": c}) for c in conc]
    cells += [("drug", {"gaba": AMBIENT}) for _ in DRUGS]
    cells += [("desens", {"gaba": 0.0}) for _ in DESENS_CONC]
    cells += [("deact", {"gaba": DEACT_GABA}), ("deact", dict(_allo(), gaba=DEACT_GABA))]
    changes = {}
    drug_values = [dict(table.preset("drug", d).values) for d in DRUGS]
    for key in sorted({k for v in drug_values for k in v}):
        values = [c[1].get(key, table[key].value) for c in cells]
        for j, v in enumerate(drug_values):
            if key in v:
                values[len(conc) + j] = v[key]
        changes[key] = values
    gaba_in = [c[1]["gaba"] for c in cells]
    for j, c in enumerate(DESENS_CONC):
        gaba_in[len(conc) + len(DRUGS) + j] = c
    n_deact = len(conc) + len(DRUGS) + len(DESENS_CONC)
    gaba_in[n_deact] = gaba_in[n_deact + 1] = 0.0
    changes["gaba"] = gaba_in
    delta = Drive("gabaa_delta", v=[HOLD] * len(cells), options=[c[1] for c in cells],
                  inputs=[(T_WASH, changes)], tstop=T_END, dt=dt, record=("g", "i", "O", "D"))
    gamma2 = Drive("gabaa_gamma2", v=[HOLD] * len(conc), options=[{"gaba": c} for c in conc], tstop=5.0, dt=0.025,
                   record=("g",))
    return {"delta": delta, "gamma2": gamma2}


def _allo():
    return dict(mechanisms.get("gabaa_delta").table.preset("drug", "allopregnanolone").values)


def _hill(conc, y):
    from scipy.optimize import curve_fit

    y = np.asarray(y) / np.max(y)
    (ec50, n), _ = curve_fit(lambda c, e, n: c ** n / (c ** n + e ** n), conc, y, p0=(1e-3, 1.0),
                             bounds=([1e-8, 0.3], [10.0, 5.0]))
    return float(ec50), float(n)


def analytic(p):
    conc = np.array([o["gaba"] for o in p["gamma2"].options])
    d = mechanisms.get("gabaa_delta").table.defaults()
    g2 = mechanisms.get("gabaa_gamma2").table.defaults()
    od = [gaba.steady_state("delta", d, c)["O"] for c in conc]
    og = [sum(gaba.steady_state("gamma2", g2, c)[s] for s in ("O1", "O2")) for c in conc]
    out = {"conc": conc, "delta_open": np.array(od), "gamma2_open": np.array(og)}
    out["ec50_delta"], out["hill_delta"] = _hill(conc, od)
    out["ec50_gamma2"], out["hill_gamma2"] = _hill(conc, og)
    base = gaba.steady_state("delta", d, AMBIENT)["O"]
    for drug in DRUGS:
        vals = mechanisms.get("gabaa_delta").resolve({"drug": drug})
        out[f"factor_{drug}"] = gaba.steady_state("delta", vals, AMBIENT)["O"] / base
    dt = p["delta"].dt
    deact = []
    for opts in ({}, _allo()):
        vals = mechanisms.get("gabaa_delta").resolve(opts)
        o = gaba.open_fraction("delta", vals, [(0.0, T_END - T_WASH)], dt, gaba0=DEACT_GABA,
                               celsius=p["delta"].celsius)  # the rates at the protocol's temperature (Q10)
        deact.append((o[0], decay_tau(o, dt, from_peak=False)))
    out["ns_raise"] = deact[1][0] / deact[0][0]
    out["ns_deact_tau_ratio"] = deact[1][1] / deact[0][1]
    out["deact_tau_ms"] = deact[0][1]
    # the steady state the peak-to-end measure hides: binding (2 kon c ~ 0.01 /ms at 1 uM) is as
    # slow as desensitization, so the current never shows a peak well above its steady state
    nod = dict(d, d=0.0)
    out["ss"] = {c: linear_steady_state(d, c) for c in DESENS_CONC}
    out["ss_no_desens"] = {c: linear_steady_state(nod, c) for c in DESENS_CONC}
    return out


def linear_steady_state(values, gaba_mM):
    """Occupancies (C0, C1, C2, O, D) of the delta scheme at equilibrium with constant GABA, solved
    here from the rate table with numpy.linalg (independently of ei_models.gaba's scheme code):
    C0 <-> C1 (2 kon c, koff), C1 <-> C2 (kon c, 2 koff), C2 <-> O (beta, alpha), C2 <-> D (d, r);
    Q x = 0 with sum(x) = 1."""
    kon, koff, beta, alpha, d, r = (values[k] for k in ("kon", "koff", "beta", "alpha", "d", "r"))
    c = gaba_mM
    q = np.zeros((5, 5))  # q[j, i]: rate from state i to state j
    for i, j, fwd, back in ((0, 1, 2 * kon * c, koff), (1, 2, kon * c, 2 * koff), (2, 3, beta, alpha), (2, 4, d, r)):
        q[j, i] += fwd
        q[i, j] += back
    q -= np.diag(q.sum(axis=0))
    a = np.vstack([q[1:], np.ones(5)])
    return np.linalg.solve(a, np.r_[np.zeros(4), 1.0])


def run(simulator, p, target="cython"):
    out = {name: run_drive(simulator, drive, target) for name, drive in p.items()}
    out["data"] = _data_checks(simulator=simulator, target=target)  # the data check's own short run
    return out


def _measure(r):
    dp = r["delta"]["protocol"]
    conc = np.array([o["gaba"] for o in r["gamma2"]["protocol"].options])
    n = len(conc)
    gd = r["delta"]["g"]
    gbar = mechanisms.get("gabaa_delta").table["gbar"].value
    gmax = mechanisms.get("gabaa_gamma2").table["gmax"].value
    od = gd[:n, -1] / gbar
    og = r["gamma2"]["g"][:, -1] / gmax
    k_wash = int(round(T_WASH / dp.dt)) - 1
    drugs = gd[n:n + len(DRUGS)]
    factors = {d: drugs[j, -1] / drugs[j, k_wash] for j, d in enumerate(DRUGS)}
    des = gd[n + len(DRUGS):n + len(DRUGS) + len(DESENS_CONC)]
    deact = gd[n + len(DRUGS) + len(DESENS_CONC):]
    k0 = int(round(T_WASH / dp.dt))
    taus = [decay_tau(row[k0:], dp.dt, from_peak=False) for row in deact]
    desens = [1 - row[-1] / row.max() for row in des]
    i_tonic = r["delta"]["i"][n, k_wash]  # mA/cm2, control at ambient
    des_rows = slice(n + len(DRUGS), n + len(DRUGS) + len(DESENS_CONC))
    d_end, o_end = r["delta"]["D"][des_rows, -1], r["delta"]["O"][des_rows, -1]
    return {"conc": conc, "od": od, "og": og, "ec50_delta": _hill(conc, od), "ec50_gamma2": _hill(conc, og),
            "factors": factors, "desens": desens, "tonic_pA_per_1000um2": i_tonic * AREA_CM2 * 1e9,
            "ns_raise": deact[1, k_wash] / deact[0, k_wash], "ns_deact_tau_ratio": taus[1] / taus[0],
            "deact_tau_ms": taus[0], "D_end": d_end, "O_end": o_end,
            "tonic_open": drugs[0, k_wash] / gbar, "drug_traces": drugs / gbar, "des_traces": des / gbar}


def check(raw, ref):
    outcomes = {}
    for sim, r in raw.items():
        m = _measure(r)
        ec_d, ec_g = m["ec50_delta"][0], m["ec50_gamma2"][0]
        f = m["factors"]
        o = Outcome(metrics={"EC50_delta_uM": 1e3 * ec_d, "EC50_gamma2_equilibrium_uM": 1e3 * ec_g,
                             "EC50_ratio_gamma2_over_delta": ec_g / ec_d, "hill_delta": m["ec50_delta"][1],
                             "tonic_open_fraction_0.5uM": m["tonic_open"],
                             "tonic_current_pA_per_1000um2_at_-40mV": m["tonic_pA_per_1000um2"],
                             "desens_10s_1uM": m["desens"][0], "desens_10s_10uM": m["desens"][1],
                             "diazepam_factor": f["diazepam"], "allopregnanolone_factor": f["allopregnanolone"],
                             "gaboxadol_factor": f["gaboxadol"], "control_drift": f["none"],
                             "allopregnanolone_raise_at_1uM_GABA": m["ns_raise"],
                             "deactivation_tau_ms_control": m["deact_tau_ms"],
                             "allopregnanolone_deactivation_tau_ratio": m["ns_deact_tau_ratio"]})
        o.checks += [
            at_least("EC50 gamma2 / EC50 delta (equilibrium, same protocol; fit target)", ec_g / ec_d, 5.0, "x", kind="consistency"),
            within("delta EC50 vs exact steady state (rel)", ec_d / ref["ec50_delta"], 1.0, 0.01, kind="closed_form"),
            at_most("desensitization over 10 s of 1 uM GABA, peak-to-end (blind to the steady state: see D)", m["desens"][0], 0.2, kind="consistency"),
            at_most("desensitization over 10 s of 10 uM GABA, peak-to-end (blind to the steady state: see D)", m["desens"][1], 0.2, kind="consistency"),
            at_most("diazepam (1 uM): |current change| at 0.5 uM GABA (code self-check: no BZ site)", abs(f["diazepam"] - 1), 0.02, kind="consistency"),
            at_least("allopregnanolone (1 uM) potentiation", f["allopregnanolone"], 2.0, "x", kind="consistency"),
            at_least("gaboxadol / THIP (1 uM) potentiation", f["gaboxadol"], 2.0, "x", kind="consistency"),
            within("allopregnanolone factor vs exact steady state (rel)", f["allopregnanolone"] / ref["factor_allopregnanolone"], 1.0, 0.01, kind="closed_form"),
            within("gaboxadol factor vs exact steady state (rel)", f["gaboxadol"] / ref["factor_gaboxadol"], 1.0, 0.01, kind="closed_form"),
            at_most("control stays at its steady state (|drift|)", abs(f["none"] - 1), 1e-6, kind="consistency"),
            at_least("allopregnanolone (1 uM) raises the current at 1 uM GABA", m["ns_raise"], 2.0, "x", kind="consistency"),
            at_least("allopregnanolone (1 uM) prolongs the deactivation", m["ns_deact_tau_ratio"], 1.2, "x", kind="consistency"),
            within("allopregnanolone deactivation tau ratio vs exact solution (rel)",
                   m["ns_deact_tau_ratio"] / ref["ns_deact_tau_ratio"], 1.0, 0.02, kind="closed_form"),
        ]
        for j, c in enumerate(DESENS_CONC):
            ss, ss0 = ref["ss"][c], ref["ss_no_desens"][c]
            tag = f"{1e3 * c:g} uM"
            o.metrics[f"steady_desensitized_fraction_D[{tag}]"] = m["D_end"][j]
            o.metrics[f"steady_desensitized_fraction_D_linear_ss[{tag}]"] = ss[4]
            o.metrics[f"steady_desensitized_share_of_bound[{tag}]"] = m["D_end"][j] / (1 - ss[0])
            o.metrics[f"steady_desensitized_share_of_O_plus_D[{tag}]"] = m["D_end"][j] / (m["D_end"][j] + m["O_end"][j])
            o.metrics[f"steady_current_lost_to_desensitization[{tag}]"] = 1 - ss[3] / ss0[3]
            o.checks.append(within(f"steady desensitized fraction D after 10 s of {tag} vs the scheme's linear steady "
                                   "state (numpy.linalg, rel)", m["D_end"][j] / ss[4], 1.0, 1e-3, kind="closed_form"))
            o.checks.append(within(f"steady open fraction O after 10 s of {tag} vs the linear steady state (rel)",
                                   m["O_end"][j] / ss[3], 1.0, 1e-3, kind="closed_form"))
        o.checks += _data_checks(r["data"], metrics=o.metrics)
        outcomes[sim] = o
    cross_simulator(outcomes, raw, {"delta g": lambda r: r["delta"]["g"], "delta i": lambda r: r["delta"]["i"],
                                    "gamma2 g": lambda r: r["gamma2"]["g"]})
    return outcomes


def _data_checks(data_run=None, metrics=None, simulator=None, target="cython"):
    """[data] neurosteroid potentiation at saturating GABA against recombinant alpha4beta2delta
    receptors (validation/data/V11.json). Called with ``simulator`` it makes the check's own run
    (two cells at equilibrium in 50 uM GABA, without and with 1 uM allopregnanolone, 2 ms);
    called with that run's result it returns the check on the conductance ratio."""
    d = experimental.load(CASE)["allo_potentiation_saturating"]
    if simulator is not None:
        c = d.conditions["gaba_uM"] * 1e-3
        drive = Drive("gabaa_delta", v=[HOLD] * 2, options=[{"gaba": c}, dict(_allo(), gaba=c)], tstop=2.0, dt=0.1,
                      record=("g",))
        return run_drive(simulator, drive, target)
    ratio = float(data_run["g"][1, -1] / data_run["g"][0, -1])
    if metrics is not None:
        metrics["allopregnanolone_factor_at_50uM_GABA"] = ratio
    return [experimental.data_check("allopregnanolone (1 uM) potentiation at 50 uM GABA vs recombinant a4b2d",
                                    ratio, d, n_sd=2,
                                    expected_miss="the model's neurosteroid raises the opening rate at most 5x "
                                    "(ns_beta) on a receptor open ~20 % at saturating GABA, so the current can rise only "
                                    "~2.9x; the recombinant alpha4beta2delta receptors rose 6.7x (lower GABA efficacy)")]


def plot(raw, ref, path):
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 4, figsize=(20, 4))
    for sim, style in (("neuron", "-"), ("brian2", "--")):
        if sim not in raw:
            continue
        r = raw[sim]
        m = _measure(r)
        axes[0].semilogx(m["conc"] * 1e3, m["od"] / m["od"].max(), style, marker="o", ms=3,
                         label=f"{sim} delta: EC50 {1e3 * m['ec50_delta'][0]:.2f} uM")
        axes[0].semilogx(m["conc"] * 1e3, m["og"] / m["og"].max(), style, marker="s", ms=3,
                         label=f"{sim} gamma2: EC50 {1e3 * m['ec50_gamma2'][0]:.1f} uM")
        t = r["delta"]["t"] / 1e3
        for j, d in enumerate(DRUGS):
            axes[1].plot(t, m["drug_traces"][j], style, label=f"{sim}: {d}")
        for j, c in enumerate(DESENS_CONC):
            axes[2].plot(t, m["des_traces"][j], style, label=f"{sim}: {c * 1e3:g} uM ({100 * m['desens'][j]:.0f} %)")
    axes[0].set(xlabel="GABA (uM)", ylabel="equilibrium open fraction (norm.)", title="dose-response")
    axes[1].set(xlabel="t (s)", ylabel="open fraction", title=f"tonic at {AMBIENT * 1e3:g} uM, drug at 1 s")
    axes[2].set(xlabel="t (s)", ylabel="open fraction", title="10 s application")
    d = experimental.load(CASE)["allo_potentiation_saturating"]
    for x, sim in enumerate(("neuron", "brian2")):
        if sim in raw:
            g = raw[sim]["data"]["g"]
            axes[3].bar([x], [g[1, -1] / g[0, -1]], width=0.5, label=f"{sim}: model, 50 uM GABA")
    sd = d.sem * np.sqrt(d.n)
    axes[3].errorbar([2], [d.value], yerr=[2 * sd], fmt="ks", capsize=5, label="data: a4b2d, +-2 SD (Mol Pharmacol 2014)")
    axes[3].set(xticks=[], ylabel="potentiation by 1 uM allopregnanolone", title="neurosteroid at saturating GABA")
    for ax in axes:
        ax.legend(fontsize=6)
    save_figure(fig, path, f"{CASE} {TITLE}")
