"""The PING gamma rhythm and its frequency against the decay of inhibition tau_I (NEURON).

A pyramidal-interneuron network (``ei_models.networks``: 80 E + 20 I Wang-Buzsaki cells, AMPA
and NMDA from E cells, ``gabaa_syn`` from I cells) oscillates: the E cells fire, recruit the I
cells, and the inhibition silences everyone until it has decayed; so the period grows with
the GABA_A decay time constant tau_I (Whittington et al. 2000, Int J Psychophysiol 38:315;
Borgers & Kopell 2003, Neural Comput 15:509). One independent copy of the network per tau_I
runs side by side in one NEURON simulation; the rhythm's frequency is the peak of the
population rate's spectrum (after a 100 ms transient). Validation case V15 checks the same in
NEURON and Brian2.

    python examples/ping_gamma.py           # prints frequency per tau_I, and a JSON line
"""

import json

import numpy as np

from ei_models import networks as nw

TAUS = (5.0, 10.0, 20.0, 30.0)  # ms
T_SKIP = 100.0                  # ms of transient left out of the spectra


def main(taus=TAUS, tstop: float = 400.0):
    p = nw.Ping(n_e=80, n_i=20, tstop=tstop, copies=tuple((tau, 1.0) for tau in taus))
    spikes = nw.run_ping_neuron(p)
    t, gid = np.asarray(spikes["t"]), np.asarray(spikes["gid"])
    rows = []
    for b, tau in enumerate(taus):
        rate = (nw.population_rate(t, gid, p, b, "E", t_skip=T_SKIP)
                + nw.population_rate(t, gid, p, b, "I", t_skip=T_SKIP))
        f, share = nw.peak_frequency(rate)
        rate_e = float(nw.population_rate(t, gid, p, b, "E", t_skip=T_SKIP).mean())
        rows.append({"tau_i_ms": tau, "frequency_hz": f, "peak_share": share, "rate_e_hz": rate_e})
    slope, intercept = np.polyfit(taus, [1000.0 / r["frequency_hz"] for r in rows], 1)
    print(" tau_I | rhythm   | E rate")
    for r in rows:
        print(f"{r['tau_i_ms']:4.0f} ms | {r['frequency_hz']:5.1f} Hz | {r['rate_e_hz']:5.1f} Hz")
    print(f"period = {slope:.2f} tau_I + {intercept:.1f} ms")
    print(json.dumps({"rows": rows, "period_slope": slope, "period_intercept_ms": intercept}))
    return {"rows": rows, "t": t, "gid": gid, "ping": p, "period_slope": slope, "period_intercept_ms": intercept}


if __name__ == "__main__":
    main()
