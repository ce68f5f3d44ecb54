"""
A NetPyNE E/I network, with and without the chloride settings
=============================================================

``examples/netpyne_ei_network.py``: 20 excitatory and 5 inhibitory Hodgkin-Huxley cells with
AMPA + NMDA from E and ``gabaa_gamma2`` from I. Without ``ei_models.netpyne.ions()`` the
sections keep NEURON's cli = clo = 1 mM, GABA_A reverses at 0 mV and the "inhibition" excites.
Each run is its own process (NetPyNE keeps one network per process). Needs ``pip install
".[netpyne]"``.
"""

import json
import subprocess
import sys
from pathlib import Path

try:
    EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
except NameError:  # sphinx-gallery runs the script in its own folder (docs/gallery) without __file__
    EXAMPLES = Path.cwd().resolve().parents[1] / "examples"

import matplotlib.pyplot as plt

script = EXAMPLES / "netpyne_ei_network.py"
rates = {}
for label, args in (("chloride 10/120 mM", []), ("NEURON's 1/1 mM", ["--no-chloride"])):
    out = subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True, check=True)
    rates[label] = json.loads(out.stdout.strip().splitlines()[-1])
    print(label, rates[label])

# %%
# Mean rates of both populations.
fig, ax = plt.subplots(figsize=(6, 3.5))
for k, pop in enumerate(("E", "I")):
    ax.bar([x + 0.4 * k for x in range(len(rates))], [r[f"rate_{pop}_Hz"] for r in rates.values()], 0.4, label=pop)
ax.set_xticks([0.2 + x for x in range(len(rates))], list(rates))
ax.set(ylabel="rate (Hz)")
ax.legend(title="population")
fig.tight_layout()
plt.show()
