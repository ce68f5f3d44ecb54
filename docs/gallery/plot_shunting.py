"""
Shunting inhibition
===================

A GABA_A conductance that reverses at the resting potential (``gabaa_syn`` with ``erev=-65`` mV,
no HCO3- permeability) on a passive compartment (``examples/shunting.py``): alone it does not
move the membrane potential, yet it divides a simultaneous AMPA EPSP, the more the larger it is.
"""

import sys
from pathlib import Path

try:
    EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
except NameError:  # sphinx-gallery runs the script in its own folder (docs/gallery) without __file__
    EXAMPLES = Path.cwd().resolve().parents[1] / "examples"

import matplotlib.pyplot as plt

sys.path.insert(0, str(EXAMPLES))
import shunting  # noqa: E402  (examples/shunting.py)

rows = shunting.main()

# %%
# Left: the potential with the EPSP alone, with 5 nS of GABA_A, and GABA_A alone (flat at rest).
# Right: the EPSP amplitude against the GABA_A conductance.
fig, (a, b) = plt.subplots(1, 2, figsize=(9, 3.5))
for g, epsp, label in ((0, True, "EPSP alone"), (5, True, "EPSP + 5 nS GABA_A"), (5, False, "5 nS GABA_A alone")):
    tr = shunting.trial(g, epsp=epsp, trace=True)
    a.plot(tr["t"], tr["v"], label=label)
a.set(xlim=(40, 150), xlabel="time (ms)", ylabel="V (mV)")
a.legend(fontsize=8)
b.plot([r["g_gaba_nS"] for r in rows], [r["epsp"]["depolarization_mV"] for r in rows], "o-")
b.set(xlabel="GABA_A peak conductance (nS)", ylabel="EPSP amplitude (mV)", ylim=(0, None))
fig.tight_layout()
plt.show()
