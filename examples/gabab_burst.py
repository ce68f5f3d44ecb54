"""GABA_B: a burst activates GIRK and presynaptic inhibition, a single spike hardly (NEURON).

A GABAergic input releases GABA once (one spike) or ten times at 200 Hz (a burst) onto a passive
cell with postsynaptic GABA_B receptors coupled to GIRK channels (``gabab_girk``) and onto an
axon terminal with presynaptic GABA_B receptors (``gabab_pre``). Gbetagamma opens GIRK
cooperatively (four Gbetagamma per channel, g = gmax G^4 / (G^4 + K_D)), so the burst's
conductance is thousands of times the single spike's, not ten times (Destexhe & Sejnowski 1995,
PNAS 92:9515; Destexhe, Mainen & Sejnowski 1998, Methods in Neuronal Modeling 2nd ed.; validation
case V13 checks the ratio). At the terminal the same Gbetagamma inhibits Ca2+ entry and so lowers
the release probability ``pr`` of the next action potential; its Ca2+ channels bind one
Gbetagamma each, so there a single spike already acts, and the burst acts more. Default
parameters throughout (``gmax`` 0.1 uS, one release = weight 1).

    python examples/gabab_burst.py          # prints the numbers, and a JSON line with them
"""

import json

from neuron import h

from ei_models import neuron as ein

h.load_file("stdrun.hoc")

BURST = 10, 5.0  # spikes, interval (ms): 200 Hz


def trial(n_spikes: int, interval: float = BURST[1], tstop: float = 1000.0) -> dict:
    """GABA released by ``n_spikes`` spikes from t = 50 ms; the GIRK conductance (nS), the IPSP
    (mV) and the terminal's release probability, as peaks and as traces (``t`` in ms)."""
    cell = h.Section(name="cell")
    cell.L = cell.diam = 20
    cell.insert("pas")
    cell.e_pas = -65
    girk = ein.insert("gabab_girk", cell(0.5))
    pre = ein.insert("gabab_pre", cell(0.5))       # stands for an axon terminal: it makes no current
    stim = h.NetStim()
    stim.number, stim.start, stim.interval, stim.noise = n_spikes, 50, interval, 0
    keep = [cell, stim, girk, pre, girk.connect(stim, weight=1), pre.connect(stim, weight=1)]  # one release each
    t = h.Vector().record(h._ref_t)
    g, pr, v = girk.record("g"), pre.record("pr"), h.Vector().record(cell(0.5)._ref_v)
    h.finitialize(-65)
    h.continuerun(tstop)
    del keep
    g_ns = [x * 1e3 for x in g]
    return {"spikes": n_spikes, "g_peak_nS": max(g_ns), "t_peak_ms": t[g_ns.index(max(g_ns))] - 50,
            "ipsp_mV": min(v) + 65, "pr_rest": pr[0], "pr_min": min(pr),
            "t": list(t), "g_nS": g_ns, "v": list(v), "pr": list(pr)}


def main():
    single, burst = trial(1), trial(BURST[0])
    summary = {"single": {k: v for k, v in single.items() if not isinstance(v, list)},
               "burst": {k: v for k, v in burst.items() if not isinstance(v, list)}}
    summary["burst_over_single"] = burst["g_peak_nS"] / single["g_peak_nS"]
    for name, r in (("single spike", summary["single"]), ("burst (10 at 200 Hz)", summary["burst"])):
        print(f"{name:21s}: GIRK peak {r['g_peak_nS']:.3g} nS at {r['t_peak_ms']:.0f} ms, IPSP {r['ipsp_mV']:.3g} mV, "
              f"release probability {r['pr_rest']:.3f} -> {r['pr_min']:.3f}")
    print(f"burst / single peak conductance: {summary['burst_over_single']:.0f}x")
    print(json.dumps(summary))
    return single, burst, summary


if __name__ == "__main__":
    main()
