"""V02 chloride: the GABA_A reversal is E_Cl (Nernst, 37 C); the sign of the current at rest.

Chapter: [Cl-]o/[Cl-]i = 120/10 mM gives E_Cl = -66.4 mV, close to V_rest = -65 mV: GABA_A
opens a small outward (Cl- influx) current and mostly shunts; with [Cl-]i = 20 mM, E_Cl =
-47.9 mV and the current at -65 mV is inward: GABA depolarizes.

Chloride in both simulators: the mechanisms compute E_GABA = (RT/F) ln([Cl-]i/[Cl-]o) from the
concentrations, NEURON from the segment's cl ion (ei_models.neuron.insert puts the ion table's
10/120 mM there, NEURON's own default is 1/1 mM, i.e. 0 mV), Brian2 from the same table values
in the namespace (or per-cell variables); temperature 37 C in both.

Protocol: ``gabaa_gamma2`` (one 1 mM x 1 ms pulse) and ``gabaa_delta`` (tonic, 1 uM ambient)
voltage-clamped from -100 to -20 mV (2 mV steps, quick 10 mV) with [Cl-]i = 10 and 20 mM. The
current at the conductance peak (gamma2) or at steady state (delta) is linear in V; the zero
crossing of a least-squares line is the measured reversal. Tolerance: within 0.1 mV
of Nernst; the current at -65 mV outward for 10 mM and inward for 20 mM.
"""

import numpy as np

from ei_models import analytic as closed_form
from ei_models.validation.protocols import Drive, run as run_drive
from ei_models.validation.harness import Outcome, cross_simulator, is_true, save_figure, within

CASE = "V02"
TITLE = "GABA_A reversal = E_Cl (Nernst) at [Cl-]i 10 and 20 mM"
CLI = (10.0, 20.0)
CLO = 120.0
V_REST = -65.0


def protocol(quick=False):
    volts = np.arange(-100.0, -19.0, 10.0 if quick else 2.0)
    if V_REST not in volts:
        volts = np.sort(np.append(volts, V_REST))
    v = [x for _ in CLI for x in volts]
    cli = [c for c in CLI for _ in volts]
    gamma2 = Drive("gabaa_gamma2", v=v, events=[1.0], weight=1.0, tstop=10.0, dt=0.025, cli=cli, clo=CLO,
                   record=("g", "i", "egaba"))
    delta = Drive("gabaa_delta", v=v, options={"gaba": 1e-3}, tstop=2.0, dt=0.025, cli=cli, clo=CLO,
                  record=("g", "i", "egaba"))
    return {"gamma2": gamma2, "delta": delta}


def analytic(p):
    return {"ecl": {c: float(closed_form.nernst(CLO, c, -1, 37.0)) for c in CLI}}


def run(simulator, p, target="cython"):
    return {name: run_drive(simulator, drive, target) for name, drive in p.items()}


def _measure(r):
    out = {}
    for name, res in r.items():
        p = res["protocol"]
        v = np.asarray(p.v)
        k = int(np.argmax(res["g"][0])) if name == "gamma2" else -1
        i = res["i"][:, k]
        n = len(v) // len(CLI)
        for j, c in enumerate(CLI):
            sl = slice(j * n, (j + 1) * n)
            slope, icpt = np.polyfit(v[sl], i[sl], 1)
            out[(name, c)] = {"v": v[sl], "i": i[sl], "erev": -icpt / slope,
                              "i_rest": float(i[sl][np.argmin(np.abs(v[sl] - V_REST))]),
                              "egaba": float(res["egaba"][j * n, k])}
    return out


def check(raw, ref):
    outcomes = {}
    for sim, r in raw.items():
        m = _measure(r)
        o = Outcome()
        for (name, c), mm in m.items():
            unit = "nA" if name == "gamma2" else "mA/cm2"
            o.metrics[f"{name}_erev_mV[cli={c:g}]"] = mm["erev"]
            o.metrics[f"{name}_egaba_mV[cli={c:g}]"] = mm["egaba"]
            o.metrics[f"{name}_i_at_-65mV_{unit}[cli={c:g}]"] = mm["i_rest"]
            o.checks.append(within(f"{name}: measured reversal, [Cl-]i = {c:g} mM vs Nernst", mm["erev"], ref["ecl"][c], 0.1, "mV"))
            if c == 10.0:
                o.checks.append(is_true(f"{name}: at -65 mV, [Cl-]i = 10 mM, the current is outward", mm["i_rest"] > 0,
                                        "i > 0 (hyperpolarizing / shunting)"))
            else:
                o.checks.append(is_true(f"{name}: at -65 mV, [Cl-]i = 20 mM, the current is inward", mm["i_rest"] < 0,
                                        "i < 0 (depolarizing)"))
        outcomes[sim] = o
    cross_simulator(outcomes, raw, {"gamma2 i": lambda r: r["gamma2"]["i"], "delta i": lambda r: r["delta"]["i"]})
    return outcomes


def plot(raw, ref, path):
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    for sim, style in (("neuron", "-"), ("brian2", "--")):
        if sim not in raw:
            continue
        m = _measure(raw[sim])
        for ax, name in zip(axes, ("gamma2", "delta")):
            for c in CLI:
                mm = m[(name, c)]
                ax.plot(mm["v"], mm["i"], style, marker="o", ms=3,
                        label=f"{sim}, [Cl]i {c:g} mM: {mm['erev']:.2f} mV")
    for ax, name in zip(axes, ("gabaa_gamma2 (IPSC peak, nA)", "gabaa_delta (tonic, mA/cm2)")):
        ax.axhline(0, color="k", lw=0.5)
        ax.axvline(V_REST, color="g", ls=":", lw=0.8, label="V_rest -65 mV")
        for c in CLI:
            ax.axvline(ref["ecl"][c], color="r", ls=":", lw=0.8)
        ax.set(xlabel="V (mV)", ylabel="current", title=name)
        ax.legend(fontsize=7)
    save_figure(fig, path, f"{CASE} {TITLE} (red: Nernst)")
