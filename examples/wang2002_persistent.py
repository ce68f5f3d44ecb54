"""A persistent (working-memory) state needs a saturating NMDA synapse.

A reduced Brunel & Wang (2001, J Comput Neurosci 11:63) / Wang (2002, Neuron 36:955) network in
Brian2: N_E excitatory and N_I inhibitory leaky integrate-and-fire cells, all-to-all, with
external Poisson AMPA input (2.4 kHz per cell), recurrent AMPA, NMDA and GABA_A; two selective
populations (15 % of the E cells each) whose internal connections are stronger (w+). The
conductances are Wang's for 1,600 E + 400 I cells, scaled by 1600 / N_E (and 400 / N_I).

The same network is run twice, once with ``nmda_sat`` (Wang's saturating x-s kinetics) and once
with the linear ``nmda`` (dual exponential, tau_rise 2 ms, tau_decay 100 ms, the same weight):
rates of population A before, during and after a selective stimulus to A.

Run: ``python examples/wang2002_persistent.py [--n-e 400] [--plot out.png]``. Prints one line per
model. The network is an illustration (its size and w+ are choices, not fits to data).
"""

import argparse

import numpy as np


def run(nmda: str, n_e: int = 400, n_i: int = 100, w_plus: float = 1.7, t_stim=(1.0, 1.5), t_end=3.0,
        seed: int = 1, dt_ms: float = 0.1):
    import brian2 as b2
    from brian2 import Hz, mV, ms, nF, nS

    from ei_models import brian2 as eib

    b2.prefs.codegen.target = "cython"
    b2.start_scope()
    b2.seed(seed)
    b2.defaultclock.dt = dt_ms * ms
    f = 0.15
    w_minus = 1 - f * (w_plus - 1) / (1 - f)
    se, si = 1600 / n_e, 400 / n_i
    # the network at 37 C (ion_values celsius: the receptors' kinetics follow it by their Q10), and
    # Wang's AMPA and GABA_A time constants are his network's, so temp_ref = 37 C says they hold there
    # (the tables' own AMPA/GABA_A values are at 35 C; nmda_sat's table is at 37 C)
    body = {"ion_values": {"celsius": 37.0}}
    ampa = dict(tau_rise=0.05 * ms, tau_decay=2 * ms, erev=0 * mV, temp_ref=37.0, **body)
    gaba = dict(tau_rise=0.05 * ms, tau_decay=5 * ms, erev=-70 * mV, p_hco3=0, temp_ref=37.0,
                **body)  # Wang 2002: -70 mV is E_GABA
    if nmda == "nmda_sat":
        glu = dict(**body)
    else:  # the linear model with Wang's time constants
        glu = dict(tau_rise=2 * ms, tau_decay=100 * ms, temp_ref=37.0, **body)
    # nmda's and nmda_sat's conductance carries the glycine-site factor gly/(gly + kd_gly):
    unblock = 1.0 / (0.01 / (0.01 + 0.001))
    lines = "\n".join([
        eib.post_equations("ampa", pathway="ext", **ampa),
        eib.post_equations("ampa", pathway="rec", **ampa),
        eib.post_equations(nmda, **glu),
        eib.post_equations("gabaa_syn", **gaba),
    ])
    eqs = ("dv/dt = (gl * (-70*mV - v) - i_ampa_ext - i_ampa_rec - i_nmda - i_gabaa_syn) / Cm : volt (unless refractory)\n"
           "gl : siemens (constant)\nCm : farad (constant)\npop : integer (constant)\n" + lines)
    cells = b2.NeuronGroup(n_e + n_i, eqs, threshold="v > -50*mV", reset="v = -55*mV",
                           refractory="(2 - int(i >= N_E)) * ms", method="euler",
                           namespace={"N_E": n_e})
    E, I = cells[:n_e], cells[n_e:]
    E.gl, E.Cm, I.gl, I.Cm = 25 * nS, 0.5 * nF, 20 * nS, 0.2 * nF
    n_sel = int(f * n_e)
    E.pop = np.r_[np.ones(n_sel), 2 * np.ones(n_sel), np.zeros(n_e - 2 * n_sel)].astype(int)
    cells.v = -70 * mV + 10 * mV * np.random.default_rng(seed).random(n_e + n_i)

    stim_on, stim_off = t_stim
    ext = b2.PoissonGroup(n_e + n_i, rates="2400*Hz + (t >= t_on and t < t_off and i < n_sel) * 60*Hz * 40",
                          namespace={"t_on": stim_on * b2.second, "t_off": stim_off * b2.second, "n_sel": n_sel})
    syns = [eib.make_synapses(ext, cells, "ampa", connect=dict(j="i"), pathway="ext", **ampa,
                              weight=f"(2.1 * int(j < {n_e}) + 1.62 * int(j >= {n_e})) * nS")]
    # recurrent excitation with the selective structure; weights are Wang's per-connection values
    structure = (f"(int(pop_post == 0) + int(pop_post > 0) * (int(pop_pre == pop_post) * {w_plus}"
                 f" + int(pop_pre != pop_post) * {w_minus}))")
    for name, g_e, g_i, extra in (("ampa", 0.05, 0.04, dict(pathway="rec", **ampa)),
                                  (nmda, 0.165 * unblock, 0.13 * unblock, glu)):
        to_e = eib.make_synapses(E, E, name, connect=True, delay=0.5 * ms, **extra,
                                 weight=f"{g_e * se} * nS * {structure}")
        to_i = eib.make_synapses(E, I, name, connect=True, delay=0.5 * ms, **extra, weight=f"{g_i * se} * nS")
        syns += [to_e, to_i]
    syns += [eib.make_synapses(I, cells, "gabaa_syn", connect=True, delay=0.5 * ms, **gaba,
                               weight=f"(1.3 * int(j < {n_e}) + 1.0 * int(j >= {n_e})) * {si} * nS")]
    spikes = b2.SpikeMonitor(cells)
    b2.Network(cells, ext, *syns, spikes).run(t_end * b2.second)
    t, i = np.asarray(spikes.t / b2.second), np.asarray(spikes.i)

    def rate_of(lo, hi, a, b):
        sel = (i >= lo) & (i < hi) & (t >= a) & (t < b)
        return sel.sum() / ((hi - lo) * (b - a))

    return {
        "A_before": rate_of(0, n_sel, 0.5, stim_on), "A_during": rate_of(0, n_sel, stim_on, stim_off),
        "A_after": rate_of(0, n_sel, stim_off + 0.5, t_end), "B_after": rate_of(n_sel, 2 * n_sel, stim_off + 0.5, t_end),
        "I_before": rate_of(n_e, n_e + n_i, 0.5, stim_on), "t": t, "i": i, "n_sel": n_sel, "n_e": n_e,
    }


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n-e", type=int, default=400)
    ap.add_argument("--w-plus", type=float, default=1.7)
    ap.add_argument("--plot", default=None)
    args = ap.parse_args(argv)
    results = {}
    for nmda in ("nmda_sat", "nmda"):
        r = run(nmda, n_e=args.n_e, n_i=args.n_e // 4, w_plus=args.w_plus)
        results[nmda] = r
        print(f"{nmda:9s}: population A {r['A_before']:.1f} Hz before, {r['A_during']:.1f} Hz during and "
              f"{r['A_after']:.1f} Hz after the stimulus (B {r['B_after']:.1f} Hz; I {r['I_before']:.1f} Hz before)")
    if args.plot:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        fig, axes = plt.subplots(2, 1, figsize=(8, 6), sharex=True)
        for ax, (name, r) in zip(axes, results.items()):
            ax.plot(r["t"], r["i"], ",k")
            ax.set(ylabel="cell", title=name)
        axes[-1].set(xlabel="t (s)")
        fig.tight_layout()
        fig.savefig(args.plot, dpi=110)
    return results


if __name__ == "__main__":
    main()
