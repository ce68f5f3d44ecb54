"""V17 nmda_saturation: the saturating NMDA synapse (``nmda_sat``, Wang 2002 kinetics) on trains.

Protocol: ``nmda_sat`` synapses voltage-clamped at -60 mV, each driven by one train of 10 spikes
at 10, 40 or 100 Hz (and one single spike), with the published constants (Wang 2002, Neuron
36:955: tau_rise 2 ms, tau_decay 100 ms, alpha 0.5 /ms); two more 40 Hz trains take the model to
its two limits; the same 40 Hz train at dt = 0.025 and 0.5 ms; and NEST's ``iaf_bw_2001_exact``
(an independent implementation of the same gating, integrated by GSL's adaptive solver) on the
same spikes, when NEST is installed (``pip install nest-simulator``).

Checks
* closed form, no decay (tau_decay -> 1e9 ms): ds/dt = alpha x (1 - s) integrates to
  s(t) = 1 - exp(-alpha * integral of x), x a sum of exponentials; within 1e-6.
* closed form, linear limit (alpha = 1e-6 /ms): s / alpha is the dual exponential of the linear
  ``nmda`` with the same time constants, tau_r tau_d / (tau_d - tau_r) (exp(-t/tau_d) - exp(-t/tau_r))
  summed over spikes; within 1e-4 (the step's O(dt^2) error).
* saturation: s stays in [0, 1) at every rate, the 100 Hz train ends closer to 1 than the 10 Hz one,
  and the linear model's closed form exceeds the saturating one by a factor that grows with rate
  (reported: the 4.6x / 9.3x of the issue at 40 / 100 Hz is for a Brian2 network's summed g).
* step: the 40 Hz peak at dt = 0.5 ms within 1 % of dt = 0.025 ms (the spike's transmitter is
  integrated exactly within a step, so coarse steps do not change the dose).
* NEURON against Brian2 (s and g traces, 1e-9 of peak) and against NEST (s, 1e-5 of peak).
* [data] deactivation after one event at the experiment's room temperature (23 C): nmda GluN2A /
  GluN2B presets and nmda_sat against the recombinant GluN1/2A, GluN1/2B and GluN1/2A/2B tau_w of
  PMC6858497 Table 1 (validation/data/V17.json); expected misses (see ``_data_checks``).
"""

from dataclasses import replace

import numpy as np

from ei_models import mechanisms
from ei_models.validation import experimental
from ei_models.validation.harness import Outcome, at_most, cross_simulator, decay_tau, is_true, relative_to_peak, save_figure
from ei_models.validation.protocols import Clamp, run as run_clamp

CASE = "V17"
TITLE = "Saturating NMDA (Wang 2002) on spike trains"
RATES = (10.0, 40.0, 100.0)
N_SPIKES = 10
T0 = 7.025  # first spike (ms): on NEST's grid for the step-current-triggered presynaptic cell
LIMIT_OPTS = ({"tau_decay": 1e9}, {"alpha": 1e-6})
COARSE = 0.5
#: the deactivation data's temperature (room temperature; see validation/data/V17.json)
DEACT_CELSIUS = 23.0
DEACT_SUBTYPES = ("GluN2A", "GluN2B")


def _train(rate, n=N_SPIKES, t0=T0):
    return [round(t0 + k * 1000.0 / rate, 6) for k in range(n)]


def protocol(quick=False):
    trains = [_train(f) for f in RATES] + [[T0], _train(40.0), _train(40.0)]
    opts = [{}] * (len(RATES) + 1) + list(LIMIT_OPTS)
    main = Clamp("nmda_sat", v=[-60.0] * len(trains), events=trains, weight=0.001,
                 tstop=300.0 if quick else 1200.0, options=opts, record=("g", "s"))
    # the step check: the same 40 Hz train on the coarse step's grid
    step = Clamp("nmda_sat", v=[-60.0], events=[_train(40.0, t0=10.0)], weight=0.001,
                 tstop=300.0, record=("s",))
    # the data checks: one event (a brief glutamate pulse) at the experiment's temperature; the
    # linear nmda with each subtype preset and the saturating nmda_sat, long enough for GluN2B's tail
    deact = dict(v=[-60.0], events=[10.0], weight=0.001, tstop=3000.0, dt=0.1, celsius=DEACT_CELSIUS, record=("g",))
    deact_nmda = Clamp("nmda", **dict(deact, v=[-60.0] * len(DEACT_SUBTYPES),
                                      options=[{"subtype": s} for s in DEACT_SUBTYPES]))
    deact_sat = Clamp("nmda_sat", **dict(deact, tstop=1500.0))
    return {"main": main, "step": step, "deact_nmda": deact_nmda, "deact_sat": deact_sat}


def _x_integral(t, spikes, tau_r):
    """integral_0^t x, x = sum of exp(-(t - t_k)/tau_r) for t > t_k."""
    out = np.zeros_like(t)
    for tk in spikes:
        after = t > tk
        out[after] += tau_r * (1 - np.exp(-(t[after] - tk) / tau_r))
    return out


def _dual_exp(t, spikes, tau_r, tau_d):
    out = np.zeros_like(t)
    for tk in spikes:
        after = t > tk
        h = t[after] - tk
        out[after] += tau_r * tau_d / (tau_d - tau_r) * (np.exp(-h / tau_d) - np.exp(-h / tau_r))
    return out


def _nest(spikes, tstop, dt):
    """s(t) of NEST's iaf_bw_2001_exact for NMDA events at ``spikes`` (None without NEST)."""
    try:
        import nest
    except ImportError:
        return None
    nest.set_verbosity("M_ERROR")
    nest.ResetKernel()
    nest.resolution = dt
    v = mechanisms.get("nmda_sat").table.defaults()
    pars = {"tau_rise_NMDA": v["tau_rise"], "tau_decay_NMDA": v["tau_decay"], "alpha": v["alpha"]}
    pre = nest.Create("iaf_bw_2001_exact", params=pars)
    post = nest.Create("iaf_bw_2001_exact", params=dict(pars, V_th=1e9, gsl_error_tol=1e-12))
    # a one-step current pulse makes the presynaptic cell fire once; the device's 1 ms delay, one
    # step to cross threshold and the synapse's 1 ms delay put the event at t_pulse + 2 ms + dt
    pulses = [t - 2.0 - dt for t in spikes]
    at = sorted(pulses + [t + dt for t in pulses])
    amps = [1e7 if k % 2 == 0 else 0.0 for k in range(len(at))]
    gen = nest.Create("step_current_generator", params={"amplitude_times": at, "amplitude_values": amps})
    nest.Connect(gen, pre)
    nest.Connect(pre, post, syn_spec={"weight": 1.0, "delay": 1.0, "receptor_type": post.receptor_types["NMDA"]})
    rec = nest.Create("spike_recorder")
    nest.Connect(pre, rec)
    mm = nest.Create("multimeter", params={"record_from": ["s_NMDA"], "interval": dt})
    nest.Connect(mm, post)
    nest.Simulate(tstop + 2 * dt)
    arrived = np.asarray(rec.events["times"]) + 1.0
    if len(arrived) != len(spikes) or np.max(np.abs(arrived - spikes)) > 1e-9:
        raise RuntimeError(f"NEST's presynaptic spikes arrive at {arrived}, not {spikes}")
    return {"t": np.asarray(mm.events["times"]), "s": np.asarray(mm.events["s_NMDA"])}


def analytic(p):
    m = p["main"]
    v = mechanisms.get("nmda_sat").table.defaults()
    t = m.time()
    train40 = _train(40.0)
    return {
        "t": t,
        "no_decay": 1 - np.exp(-v["alpha"] * _x_integral(t, train40, v["tau_rise"])),
        "linear_unit": _dual_exp(t, train40, v["tau_rise"], v["tau_decay"]),
        "linear": {f: v["alpha"] * _dual_exp(t, _train(f), v["tau_rise"], v["tau_decay"]) for f in RATES},
        "nest": _nest(np.asarray(_train(40.0)), m.tstop, m.dt),
    }


def run(simulator, p, target="cython"):
    out = {"main": run_clamp(simulator, p["main"], target)}
    for dt in (p["step"].dt, COARSE):
        out[f"step_{dt:g}"] = run_clamp(simulator, replace(p["step"], dt=dt), target)
    for key in ("deact_nmda", "deact_sat"):
        out[key] = run_clamp(simulator, p[key], target)
    return out


def check(raw, ref):
    outcomes = {}
    n = len(RATES)
    for sim, r in raw.items():
        o = Outcome()
        s = r["main"]["s"]
        dev = relative_to_peak(s[n + 1], ref["no_decay"])
        o.metrics["no_decay_closed_form_dev"] = dev
        o.checks.append(at_most("tau_decay -> inf: s = 1 - exp(-alpha int x) (closed form, max dev / peak)", dev, 1e-6, kind="closed_form"))
        dev = relative_to_peak(s[n + 2] / LIMIT_OPTS[1]["alpha"], ref["linear_unit"])
        o.metrics["linear_limit_closed_form_dev"] = dev
        o.checks.append(at_most("alpha -> 0: s/alpha = linear dual exponential (closed form, max dev / peak)", dev, 1e-4, kind="closed_form"))
        peaks = {f: float(s[k].max()) for k, f in enumerate(RATES)}
        o.metrics["s_peak"] = {f"{f:g} Hz": peaks[f] for f in RATES}
        o.metrics["s_peak_single_spike"] = float(s[n].max())
        o.checks.append(is_true("s in [0, 1) at every rate", bool(np.all(s[: n + 2] >= 0) and np.all(s[: n + 2] < 1)),
                                "0 <= s < 1", kind="consistency"))
        o.checks.append(is_true("saturation grows with rate", peaks[100.0] > peaks[40.0] > peaks[10.0],
                                "s_peak(100 Hz) > s_peak(40 Hz) > s_peak(10 Hz)", kind="consistency"))
        over = {f: float(ref["linear"][f].max()) / peaks[f] for f in RATES}
        o.metrics["linear_over_saturating_peak"] = {f"{f:g} Hz": over[f] for f in RATES}
        o.checks.append(is_true("the linear model overestimates more at higher rates", over[100.0] > over[40.0] > over[10.0],
                                "linear/saturating peak ratio grows with rate", kind="consistency"))
        fine, coarse = r[f"step_{0.025:g}"]["s"][0].max(), r[f"step_{COARSE:g}"]["s"][0].max()
        o.metrics["peak_dt0.5_over_dt0.025"] = float(coarse / fine)
        o.checks.append(at_most("40 Hz peak at dt 0.5 ms vs 0.025 ms (rel dev)", abs(coarse / fine - 1), 0.01, kind="consistency"))
        if ref["nest"] is not None:
            ts = ref["nest"]["t"]
            mine = np.interp(ts, ref["t"], s[1])  # the 40 Hz train
            dev = relative_to_peak(mine, ref["nest"]["s"])
            o.metrics["nest_iaf_bw_2001_exact_dev"] = dev
            o.checks.append(at_most("against NEST iaf_bw_2001_exact, 40 Hz (max dev / peak)", dev, 1e-5, kind="consistency"))
        o.checks += _data_checks(r, o.metrics)
        outcomes[sim] = o
    cross_simulator(outcomes, raw, {"s": lambda r: r["main"]["s"], "g": lambda r: r["main"]["g"]}, tol=1e-9)
    return outcomes


def _tau_of(r, k):
    """Deactivation time constant of trace ``k`` of a clamp's conductance (harness.decay_tau, the
    80 % -> 20 % fall after the peak)."""
    return decay_tau(r["g"][k], float(r["t"][1] - r["t"][0]))


def _data_checks(r, metrics):
    """[data] deactivation after one brief glutamate pulse at the experiment's room temperature
    (DEACT_CELSIUS) against the recombinant GluN1/2A, GluN1/2B and GluN1/2A/2B tau_w of PMC6858497
    Table 1 (validation/data/V17.json): nmda's subtype presets (from Monyer 1994 / Vicini 1998) and
    nmda_sat (Wang 2002) were not set from that paper. The presets are room-temperature recombinant
    values used as 37 C values (nmda's TEMP_REF), so at 23 C the Q10 of 2.5 makes them
    2.5**1.4 = 3.6 times slower than measured: a known miss, kept."""
    d = experimental.load(CASE)
    slow = ("the subtype time constants are room-temperature recombinant values (Monyer 1994, Vicini 1998) "
            "used as 37 C values (temp_ref 37); at the experiment's ~23 C the Q10 of 2.5 slows them "
            "2.5**1.4 = 3.6-fold, far past the measured tau_w")
    checks = []
    dn = r["deact_nmda"]
    for k, sub in enumerate(DEACT_SUBTYPES):
        tau = _tau_of(dn, k)
        metrics[f"deact_tau_{sub}_{DEACT_CELSIUS:g}C_ms"] = float(tau)
        m = d[f"deact_tau_glun1_{sub[-2:].lower()}"]
        checks.append(experimental.data_check(
            f"nmda {sub} deactivation tau after one event at {DEACT_CELSIUS:g} C vs recombinant GluN1/{sub[-2:]} tau_w (PMC6858497 Table 1)",
            tau, m, expected_miss=slow))
    ds = r["deact_sat"]
    tau = _tau_of(ds, 0)
    metrics[f"deact_tau_nmda_sat_{DEACT_CELSIUS:g}C_ms"] = float(tau)
    checks.append(experimental.data_check(
        f"nmda_sat deactivation tau after one spike at {DEACT_CELSIUS:g} C vs recombinant GluN1/2A/2B triheteromer tau_w (PMC6858497 Table 1)",
        tau, d["deact_tau_glun1_2a_2b"],
        expected_miss="Wang 2002's tau_decay of 100 ms is a 37 C network value (temp_ref 37); at ~23 C the Q10 of 2.5 "
                      "slows it 3.6-fold, past the measured triheteromer tau_w"))
    return checks


def plot(raw, ref, path):
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 4, figsize=(18, 4))
    t = ref["t"]
    for sim, ls in (("neuron", "-"), ("brian2", "--")):
        if sim not in raw:
            continue
        s = raw[sim]["main"]["s"]
        for k, f in enumerate(RATES):
            axes[0].plot(t, s[k], ls, lw=1, label=f"{sim} {f:g} Hz")
        axes[1].plot(t, s[len(RATES) + 1], ls, lw=1, label=f"{sim}, tau_decay -> inf")
        axes[2].plot(t, s[len(RATES) + 2] / LIMIT_OPTS[1]["alpha"], ls, lw=1, label=f"{sim}, alpha -> 0")
    for f in RATES:
        axes[0].plot(t, ref["linear"][f], ":", lw=0.8, label=f"linear model {f:g} Hz")
    if ref["nest"] is not None:
        axes[0].plot(ref["nest"]["t"], ref["nest"]["s"], "k.", ms=1, label="NEST iaf_bw_2001_exact 40 Hz")
    axes[1].plot(t, ref["no_decay"], "k:", label="closed form")
    axes[2].plot(t, ref["linear_unit"], "k:", label="closed form")
    axes[0].set(xlabel="t (ms)", ylabel="s", title="trains of 10 spikes", ylim=(0, 2.5))
    axes[1].set(xlabel="t (ms)", ylabel="s", title="no decay: 1 - exp(-alpha int x)")
    axes[2].set(xlabel="t (ms)", ylabel="s / alpha (ms)", title="linear limit")
    d = experimental.load(CASE)
    ids = ("deact_tau_glun1_2a", "deact_tau_glun1_2b", "deact_tau_glun1_2a_2b")
    x = np.arange(len(ids))
    lo_hi = np.array([d[i].interval() for i in ids])
    vals = np.array([d[i].value for i in ids])
    axes[3].errorbar(x, vals, yerr=[vals - lo_hi[:, 0], lo_hi[:, 1] - vals], fmt="ks", capsize=5,
                     label="data: tau_w +- 2 SD (PMC6858497 Table 1)")
    for sim, mk in (("neuron", "o"), ("brian2", "x")):
        if sim not in raw:
            continue
        dn, ds = raw[sim]["deact_nmda"], raw[sim]["deact_sat"]
        taus = [_tau_of(dn, k) for k in range(len(DEACT_SUBTYPES))] + [_tau_of(ds, 0)]
        axes[3].plot(x, taus, mk, ms=8, label=f"{sim} at {DEACT_CELSIUS:g} C")
    axes[3].set_xticks(x, ["nmda GluN2A\nvs 2A", "nmda GluN2B\nvs 2B", "nmda_sat\nvs 2A/2B"])
    axes[3].set(ylabel="deactivation tau (ms)", yscale="log", title=f"one event at {DEACT_CELSIUS:g} C vs recombinant data")
    for ax in axes:
        ax.legend(fontsize=6)
    save_figure(fig, path, f"{CASE} {TITLE}")
