"""V15 ping: gamma from an E-I network (PING); frequency against the GABA_A decay tau_I and the
E/I ratio R.

Protocol (:mod:`ei_models.networks`): independent PING networks side by side in one simulation
per simulator, Wang-Buzsaki cells, ``ampa`` + ``nmda`` excitation, ``gabaa_syn`` inhibition
(the GABA_A mechanism is a module constant), one network per tau_I in ``TAUS`` at R = 1 and one
per R in the ratio sweep at tau_I = 10 ms. R multiplies every excitatory input (recurrent weights
and afferent drive) at fixed inhibition. Quick: 40 E + 10 I cells per network, 300 ms, R = 0.1,
1, 10. Full: 160 E + 40 I cells, 1.1 s, R = 0.1 ... 10 (7 values).

Measures, from spikes: the population rate (E + I, 1 ms bins, after a 100 ms transient), its
power spectrum (Hann window) and the peak frequency in 5-200 Hz (parabolic interpolation
between bins), the share of the band power within +-3 bins of the peak, and the mean E rate.

Checks (each simulator):

* tau_I = 10 and 15 ms: peak frequency in the gamma band, 30-80 Hz;
* tau_I = 30 ms: below 30 Hz (beta);
* frequency falls monotonically with tau_I, and the period grows linearly with tau_I
  (T = a tau_I + b, the PING prediction T ~ tau_I ln(g_peak/g_escape) + latency; Borgers &
  Kopell 2003): linear fit R^2 >= 0.95 and a > 0; f * tau_I is reported (f roughly ~ 1/tau_I;
  f tau_I grows with tau_I by the latency term b);
* ratio sweep labels (:func:`ei_models.networks.classify`): R = 0.1 silent (E rate < 1 Hz),
  R = 1 rhythmic (spectral peak share >= 0.2, E rate <= 80 Hz), R = 10 runaway/asynchronous;
* NEURON against Brian2: peak frequencies within 10 % at every tau_I (the issue's bound: the
  two simulators integrate the membrane with different first-order schemes, so spike times
  drift apart by O(dt) per spike and rasters are not identical, while the rhythm is).
"""

import numpy as np

from ei_models import networks as nw
from ei_models.validation import experimental
from ei_models.validation.harness import Outcome, at_least, at_most, is_true

CASE = "V15"
TITLE = "PING gamma: frequency vs GABA_A decay tau_I and E/I ratio (E-I network)"
GABA_MECHANISM = "gabaa_syn"
TAUS = (5.0, 10.0, 15.0, 20.0, 30.0)
T_SKIP = 100.0


def protocol(quick=False):
    ratios = (0.1, 1.0, 10.0) if quick else (0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0)
    blocks = [(t, 1.0) for t in TAUS] + [(10.0, r) for r in ratios if r != 1.0]
    size = dict(n_e=40, n_i=10, tstop=300.0) if quick else dict(n_e=160, n_i=40, k_ee=16, k_ei=32, k_ie=20,
                                                                 k_ii=10, w_ee=0.00005, w_ei=0.0001,
                                                                 w_ie=0.000085, w_ii=0.00025, tstop=1100.0)
    return nw.Ping(copies=tuple(blocks), gaba_mechanism=GABA_MECHANISM, **size), tuple(ratios)


def analytic(proto):
    return {"gamma_band": (30.0, 80.0), "beta_max": 30.0, "taus": TAUS, "ratios": proto[1],
            "expected": {0.1: "silent", 1.0: "rhythmic", 10.0: "runaway/asynchronous"}}


def run(simulator, proto, target="cython"):
    p = proto[0]
    if simulator == "neuron":
        out = nw.run_ping_neuron(p)
        out["target"] = "nrnivmodl"
    elif simulator == "brian2":
        out = nw.run_ping_brian2(p, target=target)
    else:
        raise ValueError(f"unknown simulator {simulator!r}")
    out["protocol"] = proto
    return out


def _block(p, tau, ratio):
    return p.blocks().index((float(tau), float(ratio)))


def measure(r):
    p, ratios = r["protocol"]
    out = {"f": {}, "share": {}, "rate_e": {}, "rate_i": {}, "label": {}, "spectra": {}}
    for b, key in enumerate(p.blocks()):
        re_ = nw.population_rate(r["t"], r["gid"], p, b, "E", t_skip=T_SKIP)
        ri = nw.population_rate(r["t"], r["gid"], p, b, "I", t_skip=T_SKIP)
        f, share = nw.peak_frequency(re_ + ri)
        out["f"][key], out["share"][key] = f, share
        out["rate_e"][key], out["rate_i"][key] = float(re_.mean()), float(ri.mean())
        out["label"][key] = nw.classify(re_.mean(), share)
        out["spectra"][key] = nw.spectrum(re_ + ri)
    return out


def check(raw, ref):
    outcomes = {}
    ms = {sim: measure(r) for sim, r in raw.items()}
    for sim, m in ms.items():
        p = raw[sim]["protocol"][0]
        o = Outcome()
        f = np.array([m["f"][(t, 1.0)] for t in TAUS])
        taus = np.array(TAUS)
        period = 1000.0 / f
        a, b = np.polyfit(taus, period, 1)
        fit = a * taus + b
        r2 = 1 - np.sum((period - fit) ** 2) / np.sum((period - period.mean()) ** 2)
        slope_loglog = np.polyfit(np.log(taus), np.log(f), 1)[0]
        for t, fi in zip(TAUS, f):
            o.metrics[f"f_Hz[tau_I={t:g}]"] = fi
            o.metrics[f"f_tau[tau_I={t:g}]"] = fi * t / 1000.0
            o.metrics[f"rate_E_Hz[tau_I={t:g}]"] = m["rate_e"][(t, 1.0)]
        o.metrics.update({"period_fit_slope": a, "period_fit_intercept_ms": b, "period_fit_r2": r2,
                          "loglog_slope_f_vs_tau": slope_loglog, "n_cells": p.n_total, "tstop_ms": p.tstop})
        for r in ref["ratios"]:
            key = (10.0, float(r))
            o.metrics[f"label[R={r:g}]"] = m["label"][key]
            o.metrics[f"rate_E_Hz[R={r:g}]"] = m["rate_e"][key]
            o.metrics[f"peak_share[R={r:g}]"] = m["share"][key]
        lo, hi = ref["gamma_band"]
        for t in (10.0, 15.0):
            fi = m["f"][(t, 1.0)]
            o.checks.append(is_true(f"tau_I = {t:g} ms: gamma, {fi:.1f} Hz", lo <= fi <= hi, f"{lo:g} <= f <= {hi:g} Hz"))
        o.checks.append(at_most("tau_I = 30 ms: beta, f (Hz)", m["f"][(30.0, 1.0)], ref["beta_max"] - 1e-9))
        o.checks.append(is_true("f falls monotonically with tau_I", bool(np.all(np.diff(f) < 0)), "f(5) > f(10) > ... > f(30)"))
        o.checks.append(at_least("period linear in tau_I (T = a tau_I + b): R^2", r2, 0.95))
        o.checks.append(at_least("period slope a (ms per ms of tau_I)", a, 0.2))
        for r, want in ref["expected"].items():
            if r in ref["ratios"]:
                got = m["label"][(10.0, float(r))]
                o.checks.append(is_true(f"R = {r:g}: {got}", got == want, f"expected {want}"))
        o.checks += _data_checks(m)
        outcomes[sim] = o
    if "neuron" in ms and "brian2" in ms:
        for t in TAUS:
            fn, fb = ms["neuron"]["f"][(t, 1.0)], ms["brian2"]["f"][(t, 1.0)]
            dev = abs(fb - fn) / fn
            for sim in outcomes:
                outcomes[sim].metrics[f"cross_sim_dev_f[tau_I={t:g}]"] = dev
                outcomes[sim].checks.append(at_most(f"NEURON vs Brian2 peak frequency at tau_I = {t:g} ms (rel)", dev, 0.10))
    return outcomes


def _data_checks(m):
    """[data] the reference network (tau_I = 10 ms, R = 1) against hippocampal slice gamma
    (validation/data/V15.json): its frequency and its E cells' mean rate."""
    data = experimental.load(CASE)
    key = (10.0, 1.0)
    return [experimental.data_check("tau_I = 10 ms, R = 1: frequency vs kainate gamma in CA3 (Tsintsadze et al. 2015)",
                                    m["f"][key], data["gamma_freq_ca3_kainate"],
                                    expected_miss="the PING network (Wang-Buzsaki cells, every E cell firing on most "
                                    "cycles) runs faster than slice gamma; the slices' temperature (below 37 C) is not "
                                    "modelled"),
            experimental.data_check("tau_I = 10 ms, R = 1: mean E-cell rate vs CA3 pyramidal cells in gamma (Hajos et al. 2004)",
                                    m["rate_e"][key], data["pyramidal_rate_gamma"],
                                    expected_miss="in this PING regime the E cells fire on most cycles (~50 Hz); slice "
                                    "pyramidal cells fire sparsely (~3 Hz) and the rhythm is carried by the population")]


def plot(raw, ref, path):
    import matplotlib.pyplot as plt

    ms = {sim: measure(r) for sim, r in raw.items()}
    fig, axes = plt.subplots(2, 3, figsize=(16, 8))
    sim0 = "neuron" if "neuron" in raw else next(iter(raw))
    r0, p = raw[sim0], raw[sim0]["protocol"][0]
    for ax, key in zip((axes[0, 0], axes[0, 1]), ((10.0, 1.0), (30.0, 1.0))):
        b = _block(p, *key)
        sel = (r0["gid"] >= b * p.n_cells) & (r0["gid"] < (b + 1) * p.n_cells)
        gid = r0["gid"][sel] - b * p.n_cells
        ax.plot(r0["t"][sel], gid, "|", ms=2, color="k")
        ax.axhline(p.n_e - 0.5, color="r", lw=0.5)
        ax.set(xlabel="t (ms)", ylabel="cell (E below, I above red line)",
               title=f"{sim0} raster, tau_I = {key[0]:g} ms ({ms[sim0]['f'][key]:.1f} Hz)")
    for sim, style in (("neuron", "o-"), ("brian2", "s--")):
        if sim not in ms:
            continue
        f = [ms[sim]["f"][(t, 1.0)] for t in TAUS]
        axes[0, 2].plot(TAUS, f, style, label=f"{sim}")
        axes[1, 0].plot(TAUS, np.array(f) * np.array(TAUS) / 1000, style, label=sim)
        rs = list(ref["ratios"])
        axes[1, 2].semilogx(rs, [ms[sim]["rate_e"][(10.0, float(r))] for r in rs], style, label=sim)
        for r in rs:
            axes[1, 2].annotate(ms[sim]["label"][(10.0, float(r))].split("/")[0], (r, ms[sim]["rate_e"][(10.0, float(r))]),
                                fontsize=7, rotation=30)
        for t in TAUS:
            fr, pw = ms[sim]["spectra"][(t, 1.0)]
            if sim == sim0:
                axes[1, 1].plot(fr, pw / pw.max(), label=f"tau_I = {t:g} ms")
    axes[0, 2].axhspan(30, 80, color="g", alpha=0.1, label="gamma 30-80 Hz")
    data = experimental.load(CASE)
    d = data["gamma_freq_ca3_kainate"]
    axes[0, 2].errorbar([10.0], [d.value], yerr=[[d.value - d.range[0]], [d.range[1] - d.value]], fmt="ks", capsize=5,
                        label="data: CA3 kainate gamma, range (Tsintsadze 2015)")
    d = data["pyramidal_rate_gamma"]
    axes[1, 2].errorbar([1.0], [d.value], yerr=[2 * d.sd], fmt="ks", capsize=5,
                        label="data: CA3 pyramidal rate in gamma, +-2 SD (Hajos 2004)")
    axes[0, 2].set(xlabel="tau_I (ms)", ylabel="peak frequency (Hz)", title="frequency vs GABA_A decay")
    axes[1, 0].set(xlabel="tau_I (ms)", ylabel="f * tau_I", title="f * tau_I")
    axes[1, 1].set(xlabel="f (Hz)", ylabel="power (norm.)", xlim=(0, 150), title=f"{sim0} population-rate spectra")
    axes[1, 2].set(xlabel="R = g_E / g_I", ylabel="E rate (Hz)", title="E/I ratio sweep (tau_I = 10 ms)")
    for ax in axes.flat:
        ax.legend(fontsize=7) if ax.get_legend_handles_labels()[0] else None
    fig.suptitle(f"{CASE} {TITLE}")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
