"""V01 reversal: the AMPA (mixed Na+/K+) channel reverses at the conductance-weighted mean.

Chapter: a non-selective cation channel with g_Na:g_K = 3:2, E_Na = +60 mV, E_K = -90 mV has
E_rev = (3*60 + 2*(-90))/5 = 0 mV, so at V_rest = -65 mV its current is inward (excitatory).

Protocol: ``ampa`` synapses voltage-clamped from -100 to +40 mV, one event each. The I-V relation
at the conductance peak is linear; its zero crossing is the measured reversal. A second set of
cells uses the ``erev`` alias (reversal set directly, -10 mV) to check the inverse relation.
Tolerance: reversal within 0.1 mV of the analytic value.

Kinds (issue 15): every check here is [consistency]: the .mod computes erev = frac_na ena +
(1 - frac_na) ek, the very formula of the reference, so the reversal checks are code
self-checks (they catch a wiring or unit error, not a wrong model); NEURON vs Brian2 likewise.
"""

import numpy as np

from ei_models import analytic as closed_form
from ei_models.validation import experimental
from ei_models.validation.harness import Outcome, at_most, cross_simulator, is_true, save_figure, within
from ei_models.validation.protocols import Clamp, peak_index, run as run_clamp

CASE = "V01"
TITLE = "AMPA reversal from the Na+/K+ conductance ratio"
ENA, EK, RATIO = 60.0, -90.0, (3.0, 2.0)
E_SET = -10.0


def protocol(quick=False):
    volts = np.arange(-100.0, 41.0, 20.0 if quick else 5.0)
    n = len(volts)
    return Clamp("ampa", v=list(volts) * 2, events=[1.0], weight=0.001, tstop=6.0 if quick else 20.0,
                 options=[{}] * n + [{"erev": E_SET}] * n, ions={"ena": ENA, "ek": EK}, record=("g", "i"))


def analytic(p):
    return {"erev": closed_form.parallel_reversal(RATIO, (ENA, EK)), "erev_set": E_SET}


def run(simulator, p, target="cython"):
    return run_clamp(simulator, p, target)


def _measure(raw, p):
    v = np.asarray(p.v)
    n = len(v) // 2
    k = peak_index(raw["g"][0])
    i_peak = raw["i"][:, k]
    out = {"v": v[:n], "i_peak": i_peak[:n], "i_peak_set": i_peak[n:], "g_peak": raw["g"][0, k]}
    for key, sl in (("erev", slice(0, n)), ("erev_set", slice(n, 2 * n))):
        slope, icpt = np.polyfit(v[sl], i_peak[sl], 1)
        out[key] = -icpt / slope
    out["i_at_rest"] = float(np.interp(-65.0, v[:n], i_peak[:n]))
    return out


def check(raw, ref):
    outcomes = {}
    for sim, r in raw.items():
        m = _measure(r, r["protocol"])
        o = Outcome(metrics={"erev_mV": m["erev"], "erev_set_mV": m["erev_set"], "i_at_-65mV_nA": m["i_at_rest"],
                             "g_peak_uS": m["g_peak"]})
        o.checks += [
            within("reversal (g_Na:g_K = 3:2) vs frac_na E_Na + (1 - frac_na) E_K (code self-check: the .mod computes this formula)", m["erev"], ref["erev"], 0.1, "mV", kind="consistency"),
            within("reversal set directly (erev alias; code self-check)", m["erev_set"], ref["erev_set"], 0.1, "mV", kind="consistency"),
            is_true("current at -65 mV is inward (follows from the reversal; code self-check)", m["i_at_rest"] < 0, "i < 0 (excitatory)", kind="consistency"),
            at_most("peak conductance vs weight (rel; the code's own normalisation)", abs(m["g_peak"] / 0.001 - 1), 1e-3, kind="consistency"),
        ]
        o.checks += _data_checks(m)
        outcomes[sim] = o
    cross_simulator(outcomes, raw, {"g": lambda r: r["g"], "i": lambda r: r["i"]})
    return outcomes


def _data_checks(m):
    """[data] the AMPA reversal (g_Na:g_K = 3:2) against outside-out patches of hippocampal basket
    cells (validation/data/V01.json); n is not stated, so the interval is mean +- 2 SEM."""
    d = experimental.load(CASE)["ampa_reversal"]
    return [experimental.data_check("AMPA reversal vs Koh et al. 1995 (basket-cell patches)", m["erev"], d,
                                    interval=(d.value - 2 * d.sem, d.value + 2 * d.sem))]


def plot(raw, ref, path):
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    for sim, style in (("neuron", "-"), ("brian2", "--")):
        if sim not in raw:
            continue
        m = _measure(raw[sim], raw[sim]["protocol"])
        axes[0].plot(m["v"], m["i_peak"], style, marker="o", ms=3, label=f"{sim}, 3:2")
        axes[0].plot(m["v"], m["i_peak_set"], style, marker="s", ms=3, label=f"{sim}, erev = {E_SET:g} mV")
        n = len(m["v"])
        for row in (0, n // 2, n - 1):
            axes[1].plot(raw[sim]["t"], raw[sim]["i"][row], style, label=f"{sim} {m['v'][row]:g} mV")
    axes[0].axhline(0, color="k", lw=0.5)
    axes[0].axvline(ref["erev"], color="r", lw=0.8, ls=":", label="analytic 0 mV")
    axes[0].axvline(-65, color="g", lw=0.8, ls=":", label="V_rest")
    d = experimental.load(CASE)["ampa_reversal"]
    axes[0].errorbar([d.value], [0.0], xerr=[2 * d.sem], fmt="ks", capsize=5, label="data: reversal +- 2 SEM (Koh 1995)")
    axes[0].set(xlabel="V (mV)", ylabel="peak current (nA)", title="I-V at the conductance peak")
    axes[1].set(xlabel="t (ms)", ylabel="i (nA)", title="clamp currents")
    axes[0].legend(fontsize=7)
    axes[1].legend(fontsize=7)
    save_figure(fig, path, f"{CASE} {TITLE}")
