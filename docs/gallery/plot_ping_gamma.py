"""
The PING rhythm and its frequency against tau_I
===============================================

80 E + 20 I Wang-Buzsaki cells (``ei_models.networks``, ``examples/ping_gamma.py``), one copy of
the network per GABA_A decay time constant tau_I, in one NEURON simulation. The raster at
tau_I = 10 ms shows the gamma cycles (E cells fire, then I cells, then the inhibition silences
both); the frequency falls as tau_I grows, and the period grows linearly with it.
"""

import sys
from pathlib import Path

try:
    EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
except NameError:  # sphinx-gallery runs the script in its own folder (docs/gallery) without __file__
    EXAMPLES = Path.cwd().resolve().parents[1] / "examples"

import matplotlib.pyplot as plt
import numpy as np

sys.path.insert(0, str(EXAMPLES))
import ping_gamma  # noqa: E402  (examples/ping_gamma.py)

res = ping_gamma.main()

# %%
# Left: raster of the tau_I = 10 ms network (E cells below, I cells above the line).
# Right: rhythm frequency against tau_I, with the linear fit of the period.
p, t, gid = res["ping"], res["t"], res["gid"]
block = [r["tau_i_ms"] for r in res["rows"]].index(10.0)
sel = (gid >= block * p.n_cells) & (gid < (block + 1) * p.n_cells) & (t >= 200) & (t <= 400)
local = gid[sel] - block * p.n_cells
fig, (a, b) = plt.subplots(1, 2, figsize=(10, 3.8), gridspec_kw={"width_ratios": [2, 1]})
a.plot(t[sel], local, "|", ms=3, color="k")
a.plot(t[sel][local >= p.n_e], local[local >= p.n_e], "|", ms=3, color="tab:red")
a.axhline(p.n_e - 0.5, color="0.6", lw=0.8)
a.set(xlabel="time (ms)", ylabel="cell (E below, I above)", title="tau_I = 10 ms")
taus = np.array([r["tau_i_ms"] for r in res["rows"]])
freqs = np.array([r["frequency_hz"] for r in res["rows"]])
fine = np.linspace(taus.min(), taus.max(), 50)
b.plot(taus, freqs, "o", label="network")
b.plot(fine, 1000.0 / (res["period_slope"] * fine + res["period_intercept_ms"]), "-",
       label=f"period {res['period_slope']:.2f} tau_I + {res['period_intercept_ms']:.1f} ms")
b.set(xlabel="tau_I (ms)", ylabel="rhythm frequency (Hz)")
b.legend(fontsize=8)
fig.tight_layout()
plt.show()
