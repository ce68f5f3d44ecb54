"""V18 chloride transport: NKCC1 and KCC2 set [Cl-]i, and so the sign of GABA_A, by thermodynamics.

Chapter: immature neurons express the Cl- importer NKCC1 and little of the exporter KCC2, so
[Cl-]i is high and GABA depolarizes; KCC2 up-regulation during development lowers [Cl-]i and
makes GABA hyperpolarizing (Rivera et al. 1999, Nature 397:251; Ben-Ari 2002, Nat Rev Neurosci
3:728); the NKCC1 blocker bumetanide lowers [Cl-]i in immature cells (Dzhala et al. 2005, Nat Med
11:1205).

Model: ``cl_transport`` (KCC2 flux g_kcc2 (E_K - E_Cl), NKCC1 flux g_nkcc1 (E_Na + E_K - 2 E_Cl),
linear in the cotransport free energy) in a 10 um x 10 um compartment at -65 mV with a
``gabaa_delta`` receptor that reads the evolving cli (no GABA: it reports its GHK E_GABA and
loads no Cl-). Mammalian K+/Na+ (ki 140, ko 3, nai 10, nao 145 mM; Hille 2001, Ion Channels of
Excitable Membranes, 3rd ed., table 1.1) in both simulators; 37 C; [Cl-]o 120 mM.

Protocol. Phase A: three cells, ``stage="mature"``, ``stage="immature"`` and immature with
``drug="bumetanide"``, start at [Cl-]i = 10 mM and relax for 120 s (dt 10 ms quick, 2 ms full;
NEURON derivimplicit, Brian2 rk4). Phase B: a ``gabaa_gamma2`` IPSC (1 mM x 1 ms) at each
cell's final [Cl-]i, voltage-clamped from -95 to -15 mV (10 mV steps; quick 20 mV) and at -65 mV;
the zero crossing of the peak current's least-squares line is the measured E_GABA.

Checks: steady [Cl-]i within 0.2 % of the closed form of the transport balance,
E_Cl = (g_kcc2 E_K + g_nkcc1 (E_Na + E_K)) / (g_kcc2 + 2 g_nkcc1); the receptors' E_GABA (phase A
trace and phase B zero crossing) within 0.1 mV of the GHK potential at that [Cl-]i with HCO3-
(p = 0.2, 16/26 mM); immature: E_GABA above -65 mV and an inward (depolarizing) IPSC at -65 mV;
mature: E_GABA below -65 mV and an outward IPSC; bumetanide lowers the immature E_GABA by more
than 10 mV. Cross-simulator: the cli traces and the phase B currents within 1 % of their peaks.
"""

import numpy as np

from ei_models import ions, mechanisms, physics
from ei_models.mechanisms import cl_transport
from ei_models.validation import experimental
from ei_models.validation.harness import Outcome, at_least, cross_simulator, is_true, save_figure, within
from ei_models.validation.protocols import Drive, run as run_drive

CASE = "V18"
TITLE = "NKCC1/KCC2 set [Cl-]i: immature depolarizing, mature hyperpolarizing GABA, bumetanide"
#: mammalian K+ and Na+ (Hille 2001, table 1.1), both simulators
K_NA = {"ki": 140.0, "ko": 3.0, "nai": 10.0, "nao": 145.0}
CELSIUS = 37.0
CLI0 = 10.0
V_REST = -65.0
CELLS = (("mature", {"stage": "mature"}), ("immature", {"stage": "immature"}),
         ("immature+bumetanide", {"stage": "immature", "drug": "bumetanide"}))
TSTOP_A = 120_000.0


def protocol(quick=False):
    volts = np.arange(-95.0, -14.0, 20.0 if quick else 10.0)
    volts = np.sort(np.append(volts, V_REST)) if V_REST not in volts else volts
    return {"dt_a": 10.0 if quick else 2.0, "tstop_a": TSTOP_A, "volts": volts}


def _ions():
    return dict(ions.TABLE.validate(dict(K_NA, celsius=CELSIUS)))


def analytic(p):
    env = _ions()
    rc = mechanisms.get("gabaa_delta").resolve({})
    out = {}
    for name, opts in CELLS:
        cli, ecl = cl_transport.steady_state(mechanisms.get("cl_transport").resolve(opts), env)
        out[name] = {"cli": cli, "ecl": ecl,
                     "egaba": float(physics.ghk_anion_reversal(cli, env["clo"], rc["hco3i"], rc["hco3o"], rc["p_hco3"], CELSIUS))}
    return out


def _phase_a_neuron(p):
    from neuron import h

    from ei_models import neuron as ein

    h.load_file("stdrun.hoc")
    keep, rec = [], {}
    for name, opts in CELLS:
        sec = h.Section(name=f"v18_{name.replace('+', '_')}")
        sec.L = sec.diam = 10.0
        ein.insert("cl_transport", sec, **opts)
        ein.insert("gabaa_delta", sec, gaba=0.0)
        seg = sec(0.5)
        for k, v in K_NA.items():
            setattr(seg, k, v)
        rec[name] = {"cli": h.Vector().record(seg._ref_cli),
                     "egaba": h.Vector().record(seg._ref_egaba_eim_gabaa_delta)}
        keep.append(sec)
    h.celsius, h.dt = CELSIUS, p["dt_a"]
    h.cvode_active(0)
    ein.finitialize(V_REST)
    h.continuerun(p["tstop_a"] + p["dt_a"])  # one extra step for the shift of egaba
    n = int(round(p["tstop_a"] / p["dt_a"])) + 1
    out = {"cli": np.array([np.asarray(rec[c]["cli"])[:n] for c, _ in CELLS]),
           # egaba is computed in BREAKPOINT from the cli at the start of the step: shift by one
           "egaba": np.array([np.asarray(rec[c]["egaba"])[1:n + 1] for c, _ in CELLS])}
    del keep
    return out


def _phase_a_brian2(p, target):
    import brian2 as b2

    from ei_models import brian2 as eib
    from ei_models.validation import rig_brian2

    iv = {k: v * b2.mM for k, v in K_NA.items()}
    iv["celsius"] = CELSIUS
    with rig_brian2.build_folder(("V18", p["dt_a"], p["tstop_a"]), target) as folder, eib.target(target, folder):
        objs, mons = [], []
        for name, opts in CELLS:
            tr = eib.density_model("cl_transport", ion_values=iv, **opts)
            rc = eib.density_model("gabaa_delta", gaba=0.0 * b2.mM, ion_values=iv)
            ns = {**rc.namespace, **tr.namespace}
            ns.pop("cli")
            g = b2.NeuronGroup(1, rc.equations + tr.equations + b2.Equations("v : volt"), method="rk4",
                               namespace=ns, dt=p["dt_a"] * b2.ms, name=f"v18_{len(objs)}")
            g.v = V_REST * b2.mV
            g.cli = CLI0 * b2.mM
            load = g.run_regularly("I_cl_cl_transport = I_cl_gabaa_delta", when="start", order=-10)
            mon = b2.StateMonitor(g, ["cli", "egaba_gabaa_delta"], record=0, when="start")
            objs += [g, load, mon]
            mons.append(mon)
        b2.Network(*objs).run(p["tstop_a"] * b2.ms + 0.5 * p["dt_a"] * b2.ms)
        n = int(round(p["tstop_a"] / p["dt_a"])) + 1
        return {"cli": np.array([np.asarray(m.cli[0] / b2.mM)[:n] for m in mons]),
                "egaba": np.array([np.asarray(m.egaba_gabaa_delta[0] / b2.mV)[:n] for m in mons])}


def run(simulator, p, target="cython"):
    a = _phase_a_neuron(p) if simulator == "neuron" else _phase_a_brian2(p, target)
    volts = list(p["volts"])
    cli_end = [float(a["cli"][k, -1]) for k in range(len(CELLS))]
    drive = Drive("gabaa_gamma2", v=volts * len(CELLS), events=[1.0], weight=1.0, tstop=10.0, dt=0.025,
                  cli=[c for c in cli_end for _ in volts], clo=ions.TABLE["clo"].value, celsius=CELSIUS,
                  record=("g", "i", "egaba"))
    return {"a": a, "b": run_drive(simulator, drive, target), "t_a": np.arange(a["cli"].shape[1]) * p["dt_a"]}


def _measure(r, p):
    volts = np.asarray(p["volts"])
    b = r["b"]
    k = int(np.argmax(b["g"][0]))
    n = len(volts)
    out = {}
    for j, (name, _) in enumerate(CELLS):
        i = b["i"][j * n:(j + 1) * n, k]
        slope, icpt = np.polyfit(volts, i, 1)
        out[name] = {"cli": float(r["a"]["cli"][j, -1]), "egaba_trace": float(r["a"]["egaba"][j, -1]),
                     "erev": float(-icpt / slope), "i_rest": float(i[np.argmin(np.abs(volts - V_REST))]),
                     "i": i}
    return out


def check(raw, ref):
    outcomes = {}
    for sim, r in raw.items():
        m = _measure(r, {"volts": _volts(r)})
        o = Outcome()
        env = _ions()
        rc = mechanisms.get("gabaa_delta").resolve({})
        for name, _ in CELLS:
            mm, rr = m[name], ref[name]
            ghk_at_cli = float(physics.ghk_anion_reversal(mm["cli"], env["clo"], rc["hco3i"], rc["hco3o"], rc["p_hco3"], CELSIUS))
            o.metrics[f"cli_mM[{name}]"] = mm["cli"]
            o.metrics[f"cli_closed_form_mM[{name}]"] = rr["cli"]
            o.metrics[f"ecl_closed_form_mV[{name}]"] = rr["ecl"]
            o.metrics[f"egaba_mV[{name}]"] = mm["egaba_trace"]
            o.metrics[f"egaba_closed_form_mV[{name}]"] = rr["egaba"]
            o.metrics[f"egaba_ipsc_zero_crossing_mV[{name}]"] = mm["erev"]
            o.metrics[f"i_at_-65mV_nA[{name}]"] = mm["i_rest"]
            o.checks += [
                within(f"{name}: steady [Cl-]i vs transport balance (rel)", mm["cli"] / rr["cli"], 1.0, 0.002, kind="closed_form"),
                within(f"{name}: receptor E_GABA vs GHK (closed-form [Cl-]i)", mm["egaba_trace"], rr["egaba"], 0.1, "mV", kind="closed_form"),
                within(f"{name}: IPSC zero crossing vs GHK at its [Cl-]i", mm["erev"], ghk_at_cli, 0.1, "mV", kind="closed_form"),
            ]
        imm, mat, bum = m["immature"], m["mature"], m["immature+bumetanide"]
        o.checks += [
            is_true("immature: E_GABA above V_rest (-65 mV)", imm["egaba_trace"] > V_REST, "depolarizing GABA", kind="closed_form"),
            is_true("immature: IPSC at -65 mV inward", imm["i_rest"] < 0, "i < 0 (depolarizing)", kind="closed_form"),
            is_true("mature: E_GABA below V_rest (-65 mV)", mat["egaba_trace"] < V_REST, "hyperpolarizing GABA", kind="closed_form"),
            is_true("mature: IPSC at -65 mV outward", mat["i_rest"] > 0, "i > 0 (hyperpolarizing)", kind="closed_form"),
            at_least("bumetanide lowers the immature E_GABA by", imm["egaba_trace"] - bum["egaba_trace"], 10.0, "mV", kind="consistency"),
        ]
        o.metrics["bumetanide_shift_mV"] = bum["egaba_trace"] - imm["egaba_trace"]
        o.checks += _data_checks(m)
        outcomes[sim] = o
    cross_simulator(outcomes, raw, {"cli": lambda r: r["a"]["cli"], "egaba": lambda r: r["a"]["egaba"],
                                    "IPSC i": lambda r: r["b"]["i"]})
    return outcomes


def _volts(r):
    p = r["b"]["protocol"]
    return np.asarray(p.v)[: len(p.v) // len(CELLS)]


def _data_checks(m):
    """[data] the steady [Cl-]i of the mature and immature cells against gramicidin-perforated
    recordings (validation/data/V18.json; no transport parameter was fitted to them)."""
    data = experimental.load(CASE)
    return [experimental.data_check("mature: steady [Cl-]i vs Ebihara et al. 1995 (dissociated SNR neurons)",
                                    m["mature"]["cli"], data["cli_mature"]),
            experimental.data_check("immature: steady [Cl-]i vs Lombardi et al. 2018 (CA3, P4-7)",
                                    m["immature"]["cli"], data["cli_immature"])]


def plot(raw, ref, path):
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    for sim, style in (("neuron", "-"), ("brian2", "--")):
        if sim not in raw:
            continue
        r = raw[sim]
        m = _measure(r, {"volts": _volts(r)})
        for j, (name, _) in enumerate(CELLS):
            axes[0].plot(r["t_a"] / 1e3, r["a"]["cli"][j], style, label=f"{sim}: {name}")
            axes[1].plot(_volts(r), m[name]["i"], style, marker="o", ms=3,
                         label=f"{sim}, {name}: {m[name]['erev']:.2f} mV")
    for name, _ in CELLS:
        axes[0].axhline(ref[name]["cli"], color="k", ls=":", lw=0.6)
        axes[1].axvline(ref[name]["egaba"], color="r", ls=":", lw=0.6)
    t_end = raw[next(iter(raw))]["t_a"][-1] / 1e3
    for k, (key, colour) in enumerate((("cli_mature", "b"), ("cli_immature", "m"))):
        d = experimental.load(CASE)[key]
        axes[0].errorbar(t_end * (1.02 + 0.03 * k), d.value, yerr=[[d.value - d.range[0]], [d.range[1] - d.value]],
                         fmt="s", color=colour, capsize=4, label=f"data: {d.citation.split(',')[0]} (range)")
    axes[1].axhline(0, color="k", lw=0.5)
    axes[1].axvline(V_REST, color="g", ls=":", lw=0.8)
    axes[0].set(xlabel="t (s)", ylabel="[Cl-]i (mM)", title="phase A: [Cl-]i (dotted: transport balance)")
    axes[1].set(xlabel="V (mV)", ylabel="IPSC peak (nA)", title="phase B: gamma2 IPSC (red: GHK E_GABA)")
    for ax in axes:
        ax.legend(fontsize=6)
    save_figure(fig, path, f"{CASE} {TITLE}")
