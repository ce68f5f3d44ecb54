"""
Short-term depression and facilitation
======================================

A 20 Hz train of 8 spikes and a recovery spike 500 ms later through ``tsodyks_markram`` in front
of ``ampa`` (``examples/stp_trains.py``), with the ``depressing`` and the ``facilitating``
presets: the efficacy r = u x of each spike, and the AMPA conductance it gives.
"""

import sys
from pathlib import Path

try:
    EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
except NameError:  # sphinx-gallery runs the script in its own folder (docs/gallery) without __file__
    EXAMPLES = Path.cwd().resolve().parents[1] / "examples"

import matplotlib.pyplot as plt

sys.path.insert(0, str(EXAMPLES))
import stp_trains  # noqa: E402  (examples/stp_trains.py)

out = stp_trains.main()

# %%
# Top: AMPA conductance (nS) for each preset. Bottom: efficacy of each spike relative to the first.
fig, axes = plt.subplots(2, 2, figsize=(9, 5), sharex="col", gridspec_kw={"width_ratios": [3, 1]})
for row, (name, res) in enumerate(out.items()):
    a, b = axes[row]
    a.plot(res["t"], res["g_nS"], "k", lw=0.8)
    a.set(ylabel=f"{name}\nAMPA g (nS)")
    eff = res["efficacy"]
    b.plot(range(1, len(eff)), [e / eff[0] for e in eff[:-1]], "o-", label="train")
    b.plot([len(eff) + 1], [eff[-1] / eff[0]], "s", label="recovery")
    b.set(ylabel="r / r1")
axes[1][0].set(xlabel="time (ms)")
axes[1][1].set(xlabel="spike")
axes[0][1].legend(fontsize=8)
fig.tight_layout()
plt.show()
