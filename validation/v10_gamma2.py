"""V10 gamma2: the synaptic GABA_A receptor (``gabaa_gamma2``): dose-response, IPSC,
desensitization and benzodiazepine potentiation.

Protocol (one run, voltage clamp at -80 mV, [Cl-] 10/120 mM, 22 C, dt = 0.025 ms; 22 C: the
room temperature the scheme's rates (Jones & Westbrook 1995) and the drug data (Perrais & Ropert
1999, 22 C) refer to, temp_ref of gabaa_gamma2; at 37 C its kinetics are Q10-scaled, see
tests/test_temperature.py):

* dose-response: GABA applied at t = 1 ms (0.3 uM ... 3 mM, log spaced) for 400 ms (quick:
  7 concentrations, 200 ms); the peak conductance of each cell, normalised, is fitted with a
  Hill equation -> EC50 and Hill slope;
* IPSC: one NetCon event (weight 1: a 1 mM x 1 ms transmitter pulse, Destexhe et al. 1994);
  peak open fraction, 10-90 % rise time and decay time constant (80 % -> 20 % fall, ln 4);
* desensitization: 1 mM for 500 ms (quick: the same; it is the criterion), fraction lost from
  the peak to the end of the application;
* benzodiazepines: a sub-saturating 3 uM GABA (~ EC10) with and without the ``diazepam`` and
  ``zolpidem`` presets (1 uM); potentiation = peak ratio (the EC50 shift at low GABA);
* drugs on the IPSC (issue 14): the IPSC of a 1 mM x 1 ms pulse with the ``diazepam``,
  ``zolpidem`` and ``allopregnanolone`` presets, with 2 uM and 100 nM neurosteroid, of a
  0.3 mM x 1 ms pulse (Perrais & Ropert's estimate of the synaptic GABA) with zolpidem, and at
  an alpha1-free receptor (``a1sub = 0``) with zolpidem and diazepam; amplitude and decay-tau
  ratios drug/control against the published ratios in :data:`ei_models.gaba.BZ_MEASURED`,
  ``ZOLP_MEASURED`` and ``NS_MEASURED`` (bz_kon, bz_koff and ns_koff are fitted to those
  ratios, so a pass shows the fit holds in both simulators, not independent evidence).

Reference: the exact solution of the same scheme (matrix exponential, :mod:`ei_models.gaba`)
for the same piecewise-constant GABA. Both simulators take backward Euler steps (NEURON:
solved in closed form in gabaa_gamma2.mod; Brian2: ``implicit_euler_linear``), which differ from the exact solution by O(dt):
measured values are compared with the exact ones within 3 % (EC50) and 2 % (IPSC peak); the two
simulators agree with each other to round-off, checked at 1 % of peak as the issue asks.

Acceptance criteria: EC50 in 5-50 uM; an IPSC from the pulse; >= 50 % desensitization in 500 ms;
diazepam potentiation >= 1.5x at a sub-saturating concentration; IPSC ratios within the
tolerances of :data:`DRUG_IPSC` of the published ones; zolpidem changes an alpha1-free
receptor's IPSC by < 0.1 % while diazepam still prolongs it.

Kinds (issue 15): [closed_form] every comparison with the exact (matrix-exponential) solution of
the scheme and the sign of the IPSC against the GHK E_GABA; [consistency] the rest. The
Jones-Westbrook rates are fit to the EC50 range and the >= 50 % desensitization (gaba.JW1995),
and bz_kon/bz_koff/ns_koff to the drug IPSC ratios (their sources say "fit to"), so those checks
say "(fit target)": they show the fit holds in both simulators, they are no evidence. Zolpidem
at an alpha1-free receptor follows from the a1sub multiplier (code self-check).
"""

import numpy as np

from ei_models import gaba, mechanisms
from ei_models.validation.protocols import Drive, run as run_drive
from ei_models.validation import experimental
from ei_models.validation.harness import Outcome, at_least, at_most, cross_simulator, decay_tau, is_true, save_figure, within

CASE = "V10"
TITLE = "GABA_A gamma2: EC50, IPSC, desensitization, benzodiazepine potentiation"
HOLD = -80.0
T_ON = 1.0
BZ_GABA = 0.003
DESENS_MS = 500.0
#: IPSC cells with drugs: (label, options, pulse tmax mM, control label)
DRUG_CELLS = (
    ("ctrl", {}, 1.0, None),
    ("diazepam", {"drug": "diazepam"}, 1.0, "ctrl"),
    ("zolpidem", {"drug": "zolpidem"}, 1.0, "ctrl"),
    ("allopregnanolone", {"drug": "allopregnanolone"}, 1.0, "ctrl"),
    ("ns_2uM", {"ns": 2e-3}, 1.0, "ctrl"),
    ("ns_100nM", {"ns": 1e-4}, 1.0, "ctrl"),
    ("ctrl_0.3mM", {}, 0.3, None),
    ("zolpidem_0.3mM", {"drug": "zolpidem"}, 0.3, "ctrl_0.3mM"),
    ("ctrl_noa1", {"a1sub": 0.0}, 1.0, None),
    ("zolpidem_noa1", {"drug": "zolpidem", "a1sub": 0.0}, 1.0, "ctrl_noa1"),
    ("diazepam_noa1", {"drug": "diazepam", "a1sub": 0.0}, 1.0, "ctrl_noa1"),
)
#: checked ratios: (cell, "amp" or "tau", published (value, source), relative tolerance)
DRUG_IPSC = (
    ("diazepam", "amp", gaba.BZ_MEASURED["amp"], 0.15),
    ("diazepam", "tau", gaba.BZ_MEASURED["tau"], 0.2),
    ("zolpidem_0.3mM", "amp", gaba.ZOLP_MEASURED["amp"], 0.19),  # published SD 26 % of 138 %
    ("zolpidem_0.3mM", "tau", gaba.ZOLP_MEASURED["tau"], 0.2),
    ("ns_2uM", "amp", gaba.NS_MEASURED["amp"], 0.15),
    ("ns_2uM", "tau", gaba.NS_MEASURED["tau"], 0.2),
    ("ns_100nM", "tau", gaba.NS_MEASURED["tau_low"], 0.15),
)
DRUG_WINDOW_MS = 200.0


#: degC: the recording temperature of the data (see the module docstring)
CELSIUS = 22.0


def _design(quick):
    conc = np.logspace(np.log10(3e-4), np.log10(3.0), 7 if quick else 13)
    dose_ms = 200.0 if quick else 400.0
    cells = [("dose", c, {}) for c in conc]
    cells += [("ipsc", 0.0, {}), ("desens", 1.0, {})]
    cells += [("bz", BZ_GABA, {}), ("bz", BZ_GABA, {"drug": "diazepam"}), ("bz", BZ_GABA, {"drug": "zolpidem"})]
    cells += [("ipsc_drug", 0.0, dict(opts, tmax=tmax)) for _, opts, tmax, _ in DRUG_CELLS]
    return conc, dose_ms, cells


def protocol(quick=False):
    conc, dose_ms, cells = _design(quick)
    tstop = T_ON + DESENS_MS + 20.0
    return Drive("gabaa_gamma2", v=[HOLD] * len(cells), options=[c[2] for c in cells],
                 inputs=[(T_ON, {"gaba": [c[1] for c in cells]})],
                 events=[[T_ON] if c[0].startswith("ipsc") else [] for c in cells], weight=1.0,
                 tstop=tstop, dt=0.025, record=("g", "i"), celsius=CELSIUS)


def _hill_fit(conc, peak):
    from scipy.optimize import curve_fit

    y = peak / peak.max()

    def hill(c, ec50, n):
        return c ** n / (c ** n + ec50 ** n)

    (ec50, n), _ = curve_fit(hill, conc, y, p0=(0.03, 1.5), bounds=([1e-6, 0.3], [10.0, 5.0]))
    return float(ec50), float(n)


def analytic(p):
    quick = len(p.v) < 13 + 5 + len(DRUG_CELLS)
    conc, dose_ms, cells = _design(quick)
    values = mechanisms.get("gabaa_gamma2").table.defaults()
    dt = p.dt
    out = {"conc": conc}
    peaks = []
    for c in conc:
        o = gaba.open_fraction("gamma2", values, [(0.0, T_ON), (c, dose_ms)], dt, celsius=p.celsius)
        peaks.append(o.max())
    out["dose_peak"] = np.array(peaks)
    out["ec50"], out["hill"] = _hill_fit(conc, out["dose_peak"])
    o = gaba.open_fraction("gamma2", values, [(0.0, T_ON), (1.0, 1.0), (0.0, 100.0)], dt, celsius=p.celsius)
    out["ipsc"] = o
    out["ipsc_peak"] = o.max()
    out["ipsc_tau"] = decay_tau(o, dt)
    o = gaba.open_fraction("gamma2", values, [(0.0, T_ON), (1.0, DESENS_MS)], dt, celsius=p.celsius)
    out["desens"] = 1 - o[-1] / o.max()
    for drug in ("none", "diazepam", "zolpidem"):
        vals = mechanisms.get("gabaa_gamma2").resolve({"drug": drug})
        out[f"bz_{drug}"] = gaba.open_fraction("gamma2", vals, [(0.0, T_ON), (BZ_GABA, 300.0)], dt, celsius=p.celsius).max()
    out["diazepam_x"] = out["bz_diazepam"] / out["bz_none"]
    out["zolpidem_x"] = out["bz_zolpidem"] / out["bz_none"]
    ipscs = {}
    for label, opts, tmax, _ in DRUG_CELLS:
        vals = mechanisms.get("gabaa_gamma2").resolve(opts)
        o = gaba.open_fraction("gamma2", vals, [(0.0, T_ON), (tmax, 1.0), (0.0, DRUG_WINDOW_MS)], dt, celsius=p.celsius)
        ipscs[label] = (o.max(), decay_tau(o, dt))
    out["drug_ratios"] = _ratios(ipscs)
    return out


def _ratios(ipscs):
    """{cell: {"amp": ratio, "tau": ratio}} drug/control, from {cell: (peak, tau)}."""
    out = {}
    for label, _, _, ctrl in DRUG_CELLS:
        if ctrl is not None:
            out[label] = {"amp": ipscs[label][0] / ipscs[ctrl][0], "tau": ipscs[label][1] / ipscs[ctrl][1]}
    return out


def run(simulator, p, target="cython"):
    return run_drive(simulator, p, target)


def _rise(trace, dt):
    k = int(np.argmax(trace))
    seg = trace[: k + 1] / trace[k]
    return (np.argmax(seg >= 0.9) - np.argmax(seg >= 0.1)) * dt


def _measure(r, p):
    quick = len(p.v) < 13 + 5 + len(DRUG_CELLS)
    conc, dose_ms, cells = _design(quick)
    gmax = mechanisms.get("gabaa_gamma2").table["gmax"].value
    o = r["g"] / gmax
    kinds = [c[0] for c in cells]
    n_dose = len(conc)
    k_on, k_dose_end = int(round(T_ON / p.dt)), int(round((T_ON + dose_ms) / p.dt))
    dose_peak = o[:n_dose, : k_dose_end + 1].max(axis=1)
    ec50, hill = _hill_fit(conc, dose_peak)
    ipsc = o[kinds.index("ipsc")]
    des = o[kinds.index("desens")]
    k_des_end = int(round((T_ON + DESENS_MS) / p.dt))
    bz = o[[i for i, k in enumerate(kinds) if k == "bz"]]
    bz_peak = bz[:, : k_on + int(round(300.0 / p.dt)) + 1].max(axis=1)
    i_ipsc = r["i"][kinds.index("ipsc")]
    k_win = k_on + int(round((1.0 + DRUG_WINDOW_MS) / p.dt)) + 1
    drug_rows = [i for i, k in enumerate(kinds) if k == "ipsc_drug"]
    ipscs = {label: (o[j, :k_win].max(), decay_tau(o[j, k_on:k_win], p.dt))
             for (label, _, _, _), j in zip(DRUG_CELLS, drug_rows)}
    return {"drug_ratios": _ratios(ipscs), "drug_traces": {label: o[j] for (label, _, _, _), j in zip(DRUG_CELLS, drug_rows)},
            "dose_peak": dose_peak, "ec50": ec50, "hill": hill, "ipsc": ipsc, "ipsc_peak": ipsc.max(),
            "ipsc_tau": decay_tau(ipsc, p.dt), "ipsc_rise": _rise(ipsc, p.dt),
            "ipsc_i_peak_pA": 1e3 * i_ipsc[np.argmax(np.abs(i_ipsc))],
            "desens": 1 - des[k_des_end] / des[: k_des_end + 1].max(), "desens_trace": des,
            "diazepam_x": bz_peak[1] / bz_peak[0], "zolpidem_x": bz_peak[2] / bz_peak[0]}


def check(raw, ref):
    outcomes = {}
    for sim, r in raw.items():
        p = r["protocol"]
        m = _measure(r, p)
        o = Outcome(metrics={"EC50_uM": 1e3 * m["ec50"], "hill": m["hill"], "EC50_exact_uM": 1e3 * ref["ec50"],
                             "ipsc_peak_open_fraction": m["ipsc_peak"], "ipsc_peak_pA_at_-80mV": m["ipsc_i_peak_pA"],
                             "ipsc_rise_10_90_ms": m["ipsc_rise"], "ipsc_decay_tau_ms": m["ipsc_tau"],
                             "desensitization_500ms": m["desens"], "diazepam_factor": m["diazepam_x"],
                             "zolpidem_factor": m["zolpidem_x"], "diazepam_factor_exact": ref["diazepam_x"]})
        o.checks += [
            at_least("EC50 (Hill fit of the peak dose-response) >= 5 uM (fit target)", 1e3 * m["ec50"], 5.0, "uM", kind="consistency"),
            at_most("EC50 (Hill fit of the peak dose-response) <= 50 uM (fit target)", 1e3 * m["ec50"], 50.0, "uM", kind="consistency"),
            within("EC50 vs exact solution (rel)", m["ec50"] / ref["ec50"], 1.0, 0.03, kind="closed_form"),
            at_least("IPSC from a 1 mM x 1 ms pulse: peak open fraction", m["ipsc_peak"], 0.1, kind="consistency"),
            within("IPSC peak vs exact solution (rel)", m["ipsc_peak"] / ref["ipsc_peak"], 1.0, 0.02, kind="closed_form"),
            is_true("IPSC at -80 mV is inward (GHK E_GABA = -60.1 mV)", m["ipsc_i_peak_pA"] < 0, "i < 0", kind="closed_form"),
            at_least("desensitization during 500 ms of 1 mM (fit target)", m["desens"], 0.5, kind="consistency"),
            at_least("diazepam (1 uM) potentiation at 3 uM GABA", m["diazepam_x"], 1.5, "x", kind="consistency"),
            at_least("zolpidem (1 uM) potentiation at 3 uM GABA", m["zolpidem_x"], 1.2, "x", kind="consistency"),
        ]
        ratios = m["drug_ratios"]
        for cell, what, (published, source), tol in DRUG_IPSC:
            got = ratios[cell][what]
            o.metrics[f"{cell}_{what}_ratio"] = got
            o.metrics[f"{cell}_{what}_ratio_published"] = published
            # the drug rates are fit to these ratios (gaba.BZ_SRC etc. say "fit to"): a check that
            # the fit holds in this simulator, not [data] evidence
            o.checks.append(within(f"{cell} IPSC {what} ratio vs {published:g} ({source}; fit target)",
                                   got / published, 1.0, tol, kind="consistency"))
            o.checks.append(within(f"{cell} IPSC {what} ratio vs exact solution (rel)", got / ref["drug_ratios"][cell][what], 1.0, 0.01, kind="closed_form"))
        for cell in ("zolpidem", "allopregnanolone"):
            o.metrics[f"{cell}_amp_ratio"] = ratios[cell]["amp"]
            o.metrics[f"{cell}_tau_ratio"] = ratios[cell]["tau"]
        o.metrics["zolpidem_noa1_amp_ratio"] = ratios["zolpidem_noa1"]["amp"]
        o.metrics["diazepam_noa1_tau_ratio"] = ratios["diazepam_noa1"]["tau"]
        o.checks += [
            within("zolpidem at an alpha1-free receptor: IPSC amplitude unchanged (code self-check: a1sub = 0)", ratios["zolpidem_noa1"]["amp"], 1.0, 1e-3, kind="consistency"),
            within("zolpidem at an alpha1-free receptor: IPSC decay unchanged (code self-check: a1sub = 0)", ratios["zolpidem_noa1"]["tau"], 1.0, 1e-3, kind="consistency"),
            at_least("diazepam at an alpha1-free receptor still prolongs the IPSC", ratios["diazepam_noa1"]["tau"], 1.3, "x", kind="consistency"),
        ]
        o.checks += _data_checks(ref["conc"], m["dose_peak"], o.metrics)
        outcomes[sim] = o
    cross_simulator(outcomes, raw, {"g": lambda r: r["g"], "i": lambda r: r["i"]})
    return outcomes


def _data_checks(conc, peak, metrics):
    """[data] the low-concentration slope of the dose-response, log peak against log [GABA] over
    the protocol's concentrations in 1-10 uM, against recombinant alpha1beta2gamma2L receptors
    (validation/data/V10.json; the EC50 is a fit target, the slope is not)."""
    d = experimental.load(CASE)["low_conc_slope"]
    lo, hi = d.conditions["concentrations_mM"]
    sel = (conc >= lo) & (conc <= hi)
    slope = float(np.polyfit(np.log(conc[sel]), np.log(peak[sel]), 1)[0])
    metrics["loglog_slope_1_10uM"] = slope
    return [experimental.data_check("dose-response log-log slope, 1-10 uM GABA, vs recombinant a1b2g2L (HEK 293)", slope, d,
                                    expected_miss="the Jones & Westbrook scheme has two binding sites and opens when singly "
                                    "bound (beta1), so at low GABA the peak grows about linearly (slope ~1.2); the recombinant "
                                    "receptors' slope 2.2 points to at least three sites")]


def plot(raw, ref, path):
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 4, figsize=(17, 4))
    for sim, style in (("neuron", "-"), ("brian2", "--")):
        if sim not in raw:
            continue
        r = raw[sim]
        m = _measure(r, r["protocol"])
        axes[0].semilogx(ref["conc"] * 1e3, m["dose_peak"] / m["dose_peak"].max(), style, marker="o", ms=3,
                         label=f"{sim}: EC50 {1e3 * m['ec50']:.1f} uM")
        t = r["t"]
        axes[1].plot(t[: len(m["ipsc"])], m["ipsc"], style, label=sim)
        axes[2].plot(t, m["desens_trace"], style, label=f"{sim}: {100 * m['desens']:.0f} % desens.")
        axes[3].bar([0 if sim == "neuron" else 0.4, 1.2 if sim == "neuron" else 1.6], [m["diazepam_x"], m["zolpidem_x"]],
                    width=0.35, label=sim)
    c = np.logspace(np.log10(ref["conc"][0]), np.log10(ref["conc"][-1]), 100)
    axes[0].semilogx(c * 1e3, c ** ref["hill"] / (c ** ref["hill"] + ref["ec50"] ** ref["hill"]), "k:", label="exact, Hill fit")
    axes[1].plot(np.arange(len(ref["ipsc"])) * raw[next(iter(raw))]["protocol"].dt, ref["ipsc"], "k:", label="exact")
    d = experimental.load(CASE)["low_conc_slope"]
    c0, y0 = 1e-3, float(np.interp(np.log(1e-3), np.log(ref["conc"]), np.log(ref["dose_peak"] / ref["dose_peak"].max())))
    for slope, fmt in ((d.value, "r-"), (d.value - 2 * d.sd, "r:"), (d.value + 2 * d.sd, "r:")):
        axes[0].semilogx([1.0, 10.0], [np.exp(y0), np.exp(y0) * 10 ** slope], fmt, lw=1.5,
                         label=f"data: slope {d.value:g} +- 2 SD, 1-10 uM (a1b2g2L, HEK 293)" if fmt == "r-" else None)
    axes[0].set(yscale="log", ylim=(1e-4, 2.0))
    axes[1].set_xlim(0, 100)
    axes[3].axhline(1.5, color="r", ls=":", label="criterion 1.5x")
    axes[3].set_xticks([0.2, 1.4], ["diazepam", "zolpidem"])
    axes[0].set(xlabel="GABA (uM)", ylabel="peak open fraction (norm.)", title="dose-response")
    axes[1].set(xlabel="t (ms)", ylabel="open fraction", title="IPSC, 1 mM x 1 ms")
    axes[2].set(xlabel="t (ms)", ylabel="open fraction", title="1 mM for 500 ms")
    axes[3].set(ylabel="potentiation at 3 uM GABA", title="benzodiazepines")
    for ax in axes:
        ax.legend(fontsize=7)
    save_figure(fig, path, f"{CASE} {TITLE}")
