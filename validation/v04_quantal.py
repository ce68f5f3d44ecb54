"""V04 quantal: binomial release (``release``) in front of an AMPA receptor (``ampa``).

Protocol: ``n_syn`` independent synapses (release + ampa, one Random123 stream per synapse in
NEURON), each hit by ``n_events`` presynaptic spikes 20 ms apart; a trial is one spike, its
amplitude the peak AMPA conductance. Defaults N = 5 sites, Pr = 0.3, q = 0.5 nS. Quick: 1000 x 5
= 5000 trials; full: 2500 x 8 = 20000 trials. NEURON is run four times: seed 1, seed 1 again,
seed 1 with 2 threads (``ParallelContext.nthread(2)``), and seed 2; Brian2 twice with
``brian2.seed(1)``.

Closed forms: amplitude = k q_s with k ~ Binomial(N, Pr); mean N Pr q_s, variance
N Pr (1 - Pr) q_s^2; q_s = q times the peak of one quantum's normalised dual exponential sampled
on the dt grid (``analytic.exp2_conductance``; 0.9967 at dt = 0.1 ms).

Checks and tolerances (the issue's): every amplitude an integer multiple of q_s within 1e-3 q_s
(the tails of earlier events add at most N exp(-20 ms/tau_decay) q ~ 2.3e-4 q); mean within 3 standard errors of N Pr q_s; variance within 10 % of N Pr (1 - Pr)
q_s^2; chi-square of the count histogram against the binomial pmf (bins with expected count < 5
merged) p > 0.001; the same seed gives identical amplitudes; NEURON with 1 and 2 threads gives
identical amplitudes; NEURON against Brian2 (different generators, so compared as
distributions): chi-square test of homogeneity of the two count histograms, p > 0.001 (reported).
The residual of the previous events after 20 ms (exp(-10) of an AMPA event per quantum) stays
below 1e-3 of q and does not change any count.
"""

import numpy as np
from scipy import stats

from ei_models import analytic as closed_form
from ei_models import mechanisms
from ei_models.validation import experimental
from ei_models.validation.harness import Outcome, at_least, at_most, is_true, save_figure, within

CASE = "V04"
TITLE = "Quantal release: binomial amplitudes, N Pr q, reproducible streams"
INTERVAL = 20.0  # ms between presynaptic spikes
T0 = 1.0  # ms, first spike
DT = 0.1  # ms
FORWARD_DELAY = 0.2  # ms, release -> receptor (NEURON needs >= dt with several threads)
N_SECTIONS = 10
CELSIUS = 37.0  # degC, both simulators: the ampa kinetics are Q10-scaled from its temp_ref


def protocol(quick=False):
    return {"n_syn": 1000 if quick else 2500, "n_events": 5 if quick else 8, "release": {}, "ampa": {}}


def _values(p):
    return mechanisms.get("release").resolve(p["release"]), mechanisms.get("ampa").resolve(p["ampa"], {"ena": 50.0, "ek": -77.0})


def sampled_peak(ampa, celsius=CELSIUS):
    """Peak of one normalised quantum's conductance sampled at multiples of DT after the event
    (the time constants at ``celsius``: divided by the Q10 factor qt)."""
    t = np.arange(0.0, 10.0, DT)
    qt = mechanisms.get("ampa").q10_factors(ampa, celsius).get("qt", 1.0)
    return float(closed_form.exp2_conductance(t, [0.0], 1.0, ampa["tau_rise"] / qt, ampa["tau_decay"] / qt).max())


def analytic(p):
    rel, ampa = _values(p)
    n, pr = int(rel["n_sites"]), rel["Pr"]
    q_s = rel["q"] * sampled_peak(ampa)
    return {"N": n, "Pr": pr, "q": rel["q"], "q_s": q_s, "mean": n * pr * q_s, "var": n * pr * (1 - pr) * q_s ** 2,
            "pmf": stats.binom.pmf(np.arange(n + 1), n, pr), "trials": p["n_syn"] * p["n_events"]}


def _event_times(p):
    return T0 + INTERVAL * np.arange(p["n_events"])


def _peaks(g, t, p):
    """Peak of each synapse's trace in each inter-spike window -> flat array (synapse-major)."""
    out = np.empty((g.shape[0], p["n_events"]))
    for j, te in enumerate(_event_times(p)):
        sel = (t >= te) & (t < te + INTERVAL)
        out[:, j] = g[:, sel].max(axis=1)
    return out.ravel()


def run(simulator, p, target="cython"):
    if simulator == "neuron":
        runs = {"seed1": _run_neuron(p, 1, 1), "seed1_again": _run_neuron(p, 1, 1),
                "seed1_2threads": _run_neuron(p, 1, 2), "seed2": _run_neuron(p, 2, 1)}
    elif simulator == "brian2":
        runs = {"seed1": _run_brian2(p, 1, target), "seed1_again": _run_brian2(p, 1, target)}
    else:
        raise ValueError(f"unknown simulator {simulator!r}")
    return {"amplitudes": runs, "target": target if simulator == "brian2" else "nrnivmodl"}


def _run_neuron(p, seed, nthread):
    from neuron import h

    from ei_models import neuron as ein

    ein.load()
    h.load_file("stdrun.hoc")
    sections = [h.Section(name=f"v04_{k}") for k in range(N_SECTIONS)]
    keep, recs, inputs = [], [], []
    for k in range(p["n_syn"]):
        seg = sections[k % N_SECTIONS](0.5)
        rel = ein.insert("release", seg, seed=seed, stream=k, **p["release"])
        ampa = ein.insert("ampa", seg, **p["ampa"])
        ein.forward(rel, ampa, delay=FORWARD_DELAY)
        inputs.append(rel.connect(None, delay=FORWARD_DELAY))  # nc.event(t) delivers at t; the delay only sets mindelay
        vec = h.Vector()
        vec.record(ampa.hoc._ref_g)
        recs.append(vec)
        keep += [rel, ampa]
    times = _event_times(p)

    def queue():
        for nc in inputs:
            for te in times:
                nc.event(te)

    fih = h.FInitializeHandler(queue)
    pc = h.ParallelContext()
    pc.nthread(nthread)
    try:
        h.dt = DT
        h.steps_per_ms = 1.0 / DT
        h.cvode_active(0)
        h.celsius = CELSIUS
        h.finitialize(-65)
        tstop = times[-1] + INTERVAL
        steps = int(round(tstop / DT))
        h.continuerun(tstop)
        g = np.array([np.asarray(v)[1:steps + 1] for v in recs])  # assigned: value at t_(k+1) is t_k's
    finally:
        pc.nthread(1)
    del fih, keep
    t = np.arange(g.shape[1]) * DT
    return _peaks(g, t - FORWARD_DELAY, p)


def _run_brian2(p, seed, target):
    import brian2 as b2

    from ei_models import brian2 as eib
    from ei_models.validation.rig_brian2 import build_folder

    with build_folder((CASE, seed, p), target) as folder, eib.target(target, folder):
        b2.seed(seed)
        model = eib.synapse_model("ampa", release=dict(p["release"]), ion_values={"celsius": CELSIUS}, **p["ampa"])
        n = p["n_syn"]
        times = _event_times(p)
        idx = np.repeat(np.arange(n), len(times))
        spk = np.tile(times + FORWARD_DELAY - DT, n)  # on_pre acts after the step's update
        pre = b2.SpikeGeneratorGroup(n, idx, spk * b2.ms, dt=DT * b2.ms)
        post = b2.NeuronGroup(n, "v : volt\n" + model.post_equations(), dt=DT * b2.ms, method="exact", name="v04post*")
        post.v = -65 * b2.mV
        syn = b2.Synapses(pre, post, dt=DT * b2.ms, **model.kwargs())
        syn.connect(j="i")
        model.set_per_synapse(syn)
        mon = b2.StateMonitor(syn, "g", record=np.arange(n), dt=DT * b2.ms, when="start")  # synapse k: cell k
        net = b2.Network(pre, post, syn, mon)
        tstop = times[-1] + INTERVAL
        net.run(int(round(tstop / DT)) * DT * b2.ms)
        g = np.asarray(mon.g / b2.uS)[np.argsort(np.asarray(syn.j[:]))]
    t = np.arange(g.shape[1]) * DT
    return _peaks(g, t - FORWARD_DELAY, p)


def _counts(amp, ref):
    k = np.rint(amp / ref["q_s"])
    return k, np.bincount(k.astype(int), minlength=ref["N"] + 1)[: ref["N"] + 1]


def chi_square_binomial(counts, pmf):
    """Chi-square goodness of fit of ``counts`` (k = 0..N) to ``pmf``; bins with expected < 5
    are merged into their neighbour. Returns (statistic, p, degrees of freedom)."""
    n = counts.sum()
    obs, exp = [], []
    o_acc = e_acc = 0.0
    for o, e in zip(counts, pmf * n):
        o_acc += o
        e_acc += e
        if e_acc >= 5:
            obs.append(o_acc)
            exp.append(e_acc)
            o_acc = e_acc = 0.0
    if e_acc > 0:
        obs[-1] += o_acc
        exp[-1] += e_acc
    obs, exp = np.array(obs), np.array(exp)
    chi2 = float(np.sum((obs - exp) ** 2 / exp))
    dof = len(obs) - 1
    return chi2, float(stats.chi2.sf(chi2, dof)), dof


def check(raw, ref):
    outcomes = {}
    for sim, r in raw.items():
        runs = r["amplitudes"]
        amp = runs["seed1"]
        k, counts = _counts(amp, ref)
        n = len(amp)
        mean, var = float(amp.mean()), float(amp.var(ddof=1))
        se = float(amp.std(ddof=1) / np.sqrt(n))
        chi2, p_chi2, dof = chi_square_binomial(counts, ref["pmf"])
        o = Outcome(metrics={"trials": n, "mean_nS": mean * 1e3, "mean_expected_nS": ref["mean"] * 1e3,
                             "mean_z": (mean - ref["mean"]) / se, "var_over_expected": var / ref["var"],
                             "chi2": chi2, "chi2_dof": dof, "chi2_p": p_chi2,
                             "counts": counts.tolist(), "expected": (ref["pmf"] * n).tolist()})
        o.checks += [
            at_least("trials", n, 5000, kind="consistency"),
            at_most("amplitudes are whole quanta: max |amp/q_s - k|", float(np.max(np.abs(amp / ref["q_s"] - k))), 1e-3, kind="closed_form"),
            at_most("mean within 3 SE of N Pr q (|z|)", abs(mean - ref["mean"]) / se, 3.0, kind="closed_form"),
            within("variance / N Pr (1-Pr) q^2", var / ref["var"], 1.0, 0.10, kind="closed_form"),
            at_least("chi-square vs binomial pmf, p", p_chi2, 0.001, kind="closed_form"),
            is_true("same seed gives identical amplitudes", np.array_equal(runs["seed1"], runs["seed1_again"]),
                    "bitwise equal", kind="consistency"),
        ]
        if "seed1_2threads" in runs:
            o.checks.append(is_true("NEURON 1 thread == 2 threads", np.array_equal(runs["seed1"], runs["seed1_2threads"]),
                                    "bitwise equal", kind="consistency"))
            differs = float(np.mean(runs["seed1"] != runs["seed2"]))
            o.metrics["fraction_differing_seed2"] = differs
            o.checks.append(at_least("another seed gives other draws (fraction of trials differing)", differs, 0.1, kind="consistency"))
        o.checks += _data_checks(amp, k, o.metrics)
        outcomes[sim] = o
    if "neuron" in raw and "brian2" in raw:
        cn = _counts(raw["neuron"]["amplitudes"]["seed1"], ref)[1]
        cb = _counts(raw["brian2"]["amplitudes"]["seed1"], ref)[1]
        table = np.array([cn, cb])
        table = table[:, table.sum(axis=0) > 0]
        chi2, p_two, dof, _ = stats.chi2_contingency(table)
        ks = stats.mannwhitneyu(raw["neuron"]["amplitudes"]["seed1"], raw["brian2"]["amplitudes"]["seed1"])
        for sim in outcomes:
            outcomes[sim].metrics.update({"two_sample_chi2_p": float(p_two), "two_sample_mannwhitney_p": float(ks.pvalue)})
            outcomes[sim].checks.append(at_least("NEURON vs Brian2 count distributions, chi-square homogeneity p",
                                                 float(p_two), 0.001, kind="consistency"))
    return outcomes


def _data_checks(amp, k, metrics):
    """[data] trial-to-trial variability of the simulated amplitudes against unitary EPSPs of
    layer 5 pyramid pairs (validation/data/V04.json; Markram et al. 1997): c.v. and failures."""
    data = experimental.load(CASE)
    cv = float(amp.std(ddof=1) / amp.mean())
    failures = 100.0 * float(np.mean(k == 0))
    metrics.update({"cv_amplitude": cv, "failures_pct": failures})
    return [experimental.data_check("c.v. of amplitudes vs L5 pyramid pairs (Markram et al. 1997, range)", cv,
                                    data["cv_unitary_epsp"]),
            experimental.data_check("failures vs L5 pyramid pairs (Markram et al. 1997, range)", failures,
                                    data["failures_unitary_epsp"])]


def plot(raw, ref, path):
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(16, 4))
    x = np.arange(ref["N"] + 1)
    width = 0.38
    for j, (sim, r) in enumerate(raw.items()):
        amp = r["amplitudes"]["seed1"]
        counts = _counts(amp, ref)[1]
        axes[0].bar(x + (j - 0.5) * width, counts / counts.sum(), width=width, label=f"{sim} ({len(amp)} trials)")
        axes[1].hist(amp * 1e3, bins=np.arange(-0.5, ref["N"] + 1) * ref["q_s"] * 1e3, histtype="step", label=sim)
        kk = _counts(amp, ref)[0]
        axes[2].plot([0 + 0.1 * j, 1 + 0.1 * j], [amp.std(ddof=1) / amp.mean(), np.mean(kk == 0)], "o", label=f"{sim}: model")
    data = experimental.load(CASE)
    for xi, key, scale in ((0, "cv_unitary_epsp", 1.0), (1, "failures_unitary_epsp", 0.01)):
        d = data[key]
        axes[2].errorbar([xi - 0.15], [d.value * scale], yerr=[[(d.value - d.range[0]) * scale], [(d.range[1] - d.value) * scale]],
                         fmt="ks", capsize=4, label="data: mean and range, L5 pairs (Markram 1997)" if xi == 0 else None)
    axes[2].set(xticks=[0, 1], xticklabels=["c.v.", "failure fraction"], yscale="log", title="variability vs data")
    axes[0].plot(x, ref["pmf"], "k*", ms=10, label=f"Binomial({ref['N']}, {ref['Pr']:g})")
    axes[0].set(xlabel="quanta released k", ylabel="fraction of trials", title="count histogram vs binomial pmf")
    axes[1].axvline(ref["mean"] * 1e3, color="k", ls=":", label="N Pr q")
    axes[1].set(xlabel="peak AMPA conductance (nS)", ylabel="trials", title="amplitudes")
    for ax in axes:
        ax.legend(fontsize=7)
    save_figure(fig, path, f"{CASE} {TITLE}")
