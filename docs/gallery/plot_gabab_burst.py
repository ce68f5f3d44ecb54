"""
GABA_B: burst against single spike
==================================

One GABA release against a burst of ten at 200 Hz (``examples/gabab_burst.py``), onto
postsynaptic GABA_B receptors opening GIRK channels (``gabab_girk``) and onto presynaptic
GABA_B receptors of an axon terminal (``gabab_pre``). GIRK needs four Gbetagamma per channel:
the burst's conductance is thousands of times the single spike's. The terminal's release
probability falls after one spike already, and further after the burst.
"""

import sys
from pathlib import Path

try:
    EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
except NameError:  # sphinx-gallery runs the script in its own folder (docs/gallery) without __file__
    EXAMPLES = Path.cwd().resolve().parents[1] / "examples"

import matplotlib.pyplot as plt

sys.path.insert(0, str(EXAMPLES))
import gabab_burst  # noqa: E402  (examples/gabab_burst.py)

single, burst, summary = gabab_burst.main()

# %%
# GIRK conductance (log scale) and the terminal's release probability after each input.
fig, (a, b) = plt.subplots(1, 2, figsize=(9, 3.5))
for r, label in ((single, "1 spike"), (burst, "10 spikes, 200 Hz")):
    a.semilogy(r["t"], [max(x, 1e-9) for x in r["g_nS"]], label=label)
    b.plot(r["t"], r["pr"], label=label)
a.set(xlabel="time (ms)", ylabel="GIRK conductance (nS)", ylim=(1e-7, 1))
a.set_title(f"burst / single peak: {summary['burst_over_single']:.0f}x", fontsize=9)
b.set(xlabel="time (ms)", ylabel="release probability pr")
a.legend(fontsize=8)
fig.tight_layout()
plt.show()
