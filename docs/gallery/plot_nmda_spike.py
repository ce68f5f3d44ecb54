"""
A dendritic NMDA spike
======================

Clustered synapses on a thin dendrite of a ball-and-stick cell (``examples/nmda_spike.py``),
activated together with AMPA + NMDA receptors or AMPA alone. Past a threshold number of synapses
the NMDA conductance regenerates through the relief of its Mg2+ block: a plateau near -20 mV
lasting tens of milliseconds, all or none (Schiller et al. 2000, Nature 404:285; Major et al.
2008, J Neurosci 28:7555); AMPA alone grows smoothly. A GABA_A synapse (``gabaa_syn``, 2 nS) on
the same spot at the same time shifts the threshold to more synapses.
"""

import sys
from pathlib import Path

try:
    EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
except NameError:  # sphinx-gallery runs the script in its own folder (docs/gallery) without __file__
    EXAMPLES = Path.cwd().resolve().parents[1] / "examples"

import matplotlib.pyplot as plt

sys.path.insert(0, str(EXAMPLES))
import nmda_spike  # noqa: E402  (examples/nmda_spike.py)

rows = nmda_spike.main(range(1, 17))

# %%
# Dendritic peak and time above -40 mV against the number of synapses.
n = [r["n"] for r in rows]
fig, (a, b) = plt.subplots(1, 2, figsize=(9, 3.5))
for key, label in (("nmda", "AMPA + NMDA"), ("ampa_only", "AMPA only"),
                   ("nmda_inhibited", f"AMPA + NMDA, {nmda_spike.INHIBITION_NS:g} nS GABA_A")):
    a.plot(n, [r[key]["peak_mV"] for r in rows], "o-", label=label)
    b.plot(n, [r[key]["above_-40mV_ms"] for r in rows], "o-", label=label)
a.set(xlabel="synapses", ylabel="dendritic peak (mV)")
b.set(xlabel="synapses", ylabel="time above -40 mV (ms)")
a.legend(fontsize=8)
fig.tight_layout()
plt.show()
