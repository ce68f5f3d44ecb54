"""
Persistent activity needs a saturating NMDA synapse
===================================================

A reduced Brunel & Wang (2001) / Wang (2002) network in Brian2 (``examples/wang2002_persistent.py``:
400 E + 100 I integrate-and-fire cells, two selective populations), stimulated in population A.
With ``nmda_sat`` A keeps firing after the stimulus (a persistent state); with the linear
``nmda`` and the same weights the network runs away.
"""

import sys
from pathlib import Path

try:
    EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
except NameError:  # sphinx-gallery runs the script in its own folder (docs/gallery) without __file__
    EXAMPLES = Path.cwd().resolve().parents[1] / "examples"

import matplotlib.pyplot as plt

sys.path.insert(0, str(EXAMPLES))
import wang2002_persistent  # noqa: E402  (examples/wang2002_persistent.py)

results = wang2002_persistent.main([])

# %%
# Rasters of both networks (excitatory cells below, inhibitory above).
fig, axes = plt.subplots(2, 1, figsize=(9, 6), sharex=True)
for ax, (name, r) in zip(axes, results.items()):
    ax.plot(r["t"], r["i"], ",k")
    ax.axvspan(1.0, 1.5, color="C1", alpha=0.2, label="stimulus to A")
    ax.set(ylabel="cell", title=f"{name}: A {r['A_before']:.1f} Hz before, {r['A_after']:.1f} Hz after")
axes[0].legend(loc="upper right")
axes[-1].set(xlabel="t (s)")
fig.tight_layout()
plt.show()
