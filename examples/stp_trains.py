"""Short-term depression and facilitation: spike trains through ``tsodyks_markram`` in front of
an AMPA receptor (NEURON).

Each presynaptic spike of a regular train (20 Hz, 8 spikes, then a recovery spike 500 ms after the
train) releases the fraction u of the available resources x (Tsodyks, Pawelzik & Markram 1998,
Neural Comput 10:821; Markram, Wang & Tsodyks 1998, PNAS 95:5323): the efficacy of a spike is
r = u x. With the ``depressing`` preset (U 0.5, no facilitation) the responses fall along the
train and recover within a second; with ``facilitating`` (U 0.03, tau_fac 530 ms) they grow.
``tsodyks_markram`` forwards every spike to the ``ampa`` receptor with the weight
1 nS x r, so the AMPA conductance follows the efficacies.

    python examples/stp_trains.py           # prints the efficacies, and a JSON line with them
"""

import json

from neuron import h

from ei_models import neuron as ein

h.load_file("stdrun.hoc")

PRESETS = ("depressing", "facilitating")


def train(connection: str, rate_hz: float = 20.0, n: int = 8, recovery_ms: float = 500.0) -> dict:
    """Drive ``tsodyks_markram`` (preset ``connection``) and its ``ampa`` receptor with ``n``
    spikes at ``rate_hz`` from t = 20 ms and one more ``recovery_ms`` after the last; the
    efficacy r after each spike, and the AMPA conductance trace (nS)."""
    times = [20.0 + k * 1000.0 / rate_hz for k in range(n)]
    times.append(times[-1] + recovery_ms)
    tstop = times[-1] + 100.0
    cell = h.Section(name="cell")
    cell.insert("pas")
    stp = ein.insert("tsodyks_markram", cell(0.5), connection=connection)
    ampa = ein.insert("ampa", cell(0.5))
    fwd = ein.forward(stp, ampa, weight=0.001)         # uS: 1 nS at efficacy 1
    spikes, recovery = h.NetStim(), h.NetStim()
    spikes.number, spikes.start, spikes.interval, spikes.noise = n, times[0], 1000.0 / rate_hz, 0
    recovery.number, recovery.start = 1, times[-1]
    nc = [stp.connect(spikes), stp.connect(recovery)]
    t, r, g = h.Vector().record(h._ref_t), stp.record("r"), ampa.record("g")
    h.finitialize(-65)
    h.continuerun(tstop)
    del fwd, nc
    t = list(t)
    after = [next(i for i, x in enumerate(t) if x > s + 0.5) for s in times]  # r is set at the spike
    return {"connection": connection, "spike_ms": list(times), "efficacy": [r[i] for i in after],
            "t": t, "g_nS": [x * 1e3 for x in g]}


def main(presets=PRESETS):
    out = {name: train(name) for name in presets}
    for name, res in out.items():
        eff = res["efficacy"]
        print(f"{name:13s} efficacy per spike: {' '.join(f'{e:.3f}' for e in eff[:-1])} | recovery spike {eff[-1]:.3f}"
              f" (last/first {eff[-2] / eff[0]:.2f})")
    print(json.dumps({name: {"efficacy": res["efficacy"], "spike_ms": res["spike_ms"]} for name, res in out.items()}))
    return out


if __name__ == "__main__":
    main()
