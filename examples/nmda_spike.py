"""A dendritic NMDA spike in a ball-and-stick cell (NEURON 9, ``from neuron import n``).

Clustered glutamatergic synapses on a thin dendrite are activated together, with AMPA + NMDA
receptors or with AMPA alone. Past a threshold number of synapses the NMDA conductance
regenerates through the relief of its Mg2+ block: the local potential jumps to a plateau near
-20 mV lasting tens of milliseconds (all or none), while AMPA alone gives brief depolarizations
that grow smoothly with the number of synapses (Schiller et al. 2000, Nature 404:285; Major et
al. 2008, J Neurosci 28:7555). A GABA_A synapse on the same spot, active at the same time
(``INHIBITION_NS``), raises the number of synapses the NMDA spike needs: inhibition shifts its
threshold.

    python examples/nmda_spike.py            # prints a table, and a JSON line with the numbers
"""

import json
import sys

from neuron import n
from neuron.units import mV, ms, um

from ei_models import neuron as ein

n.load_file("stdrun.hoc")
#: the synapses' kinetics follow celsius by their Q10 (the tables' temp_ref, q10): a slice
#: temperature, as in the recordings (NEURON's default 6.3 C would slow them several-fold)
n.celsius = 35


def cell():
    """A passive soma (Na+ channels blocked, as with TTX in Schiller et al. 2000, so that no
    somatic action potential mixes in) with a 250 um long, 0.6 um thin passive dendrite."""
    soma, dend = n.Section("soma"), n.Section("dend")
    dend.connect(soma(1))
    soma.L = soma.diam = 20 * um
    dend.L, dend.diam, dend.nseg = 250 * um, 0.6 * um, 25
    dend.Ra = soma.Ra = 150
    for sec in (soma, dend):
        sec.insert("pas")
    for seg in [*soma, *dend]:
        seg.pas.g, seg.pas.e = 5e-5, -65 * mV
    return soma, dend


def trial(n_syn: int, nmda: bool, where: float = 0.8, inhibition_ns: float = 0.0):
    """Activate ``n_syn`` synapses clustered around ``dend(where)`` at t = 20 ms, with a GABA_A
    synapse (``gabaa_syn``, ``inhibition_ns`` nS peak, decay 20 ms) at the same spot and time
    when ``inhibition_ns`` > 0; return the dendritic peak (mV) and how long the dendrite stays
    above -40 mV (ms)."""
    soma, dend = cell()
    stim = n.NetStim()
    stim.number, stim.start = 1, 20 * ms
    keep = []
    for k in range(n_syn):
        seg = dend(where + 0.02 * (k / max(1, n_syn - 1) - 0.5))  # within ~5 um
        ampa = ein.insert("ampa", seg)
        keep += [ampa, ampa.connect(stim, weight=0.0003, delay=1)]                 # 0.3 nS per synapse
        if nmda:
            syn = ein.insert("nmda", seg, mg=1.0)
            keep += [syn, syn.connect(stim, weight=0.0004, delay=1)]                # 0.4 nS per synapse
    if inhibition_ns > 0:
        gaba = ein.insert("gabaa_syn", dend(where), tau_decay=20)
        keep += [gaba, gaba.connect(stim, weight=inhibition_ns * 1e-3, delay=1)]
    t = n.Vector().record(n._ref_t)
    v = n.Vector().record(dend(where)._ref_v)
    n.finitialize(-65 * mV)
    n.continuerun(400 * ms)
    above = sum(1 for x in v if x > -40) * n.dt
    return {"peak_mV": max(v), "above_-40mV_ms": above}


#: GABA_A conductance (nS peak) of the inhibited condition
INHIBITION_NS = 2.0


def main(counts=range(1, 21, 1)):
    rows = []
    for k in counts:
        both, alone = trial(k, True), trial(k, False)
        inhibited = trial(k, True, inhibition_ns=INHIBITION_NS)
        rows.append({"n": k, "nmda": both, "ampa_only": alone, "nmda_inhibited": inhibited})
    print(f" n | AMPA+NMDA peak  time > -40 mV | AMPA only peak  time > -40 mV | + {INHIBITION_NS:g} nS GABA_A: time > -40 mV")
    for r in rows:
        print(f"{r['n']:2d} | {r['nmda']['peak_mV']:8.1f} mV {r['nmda']['above_-40mV_ms']:8.1f} ms    | "
              f"{r['ampa_only']['peak_mV']:8.1f} mV {r['ampa_only']['above_-40mV_ms']:8.1f} ms    | "
              f"{r['nmda_inhibited']['above_-40mV_ms']:8.1f} ms")
    print(json.dumps(rows))
    return rows


if __name__ == "__main__":
    main(range(2, 21, 2) if "--quick" in sys.argv else range(1, 21))
