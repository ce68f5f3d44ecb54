"""``wang_buzsaki``: Wang & Buzsaki (1996) spiking currents (type I), for the PING networks.

The model is described in ``mod/wang_buzsaki.mod``. Set the segment's ``ena`` = 55 mV and
``ek`` = -90 mV (Brian2: ``ion_values``) for the published reversal potentials.

Temperature: not Q10-scaled; the kinetics do not read celsius. ``phi`` = 5 is Wang & Buzsaki's
fixed speed-up of the Hodgkin-Huxley-type h and n kinetics, chosen for fast spiking; the paper
states no temperature it stands for and no Q10, so writing it as q10**((celsius - temp_ref)/10)
would need a temp_ref and a Q10 of our own, and with any Q10 > 1 every network run at NEURON's
default 6.3 C (or a Brian2 model without ``ion_values`` celsius) would spike differently from
today's (V15 and the PING examples). So it stays the table's fixed factor: to model a
temperature, set ``phi`` yourself (e.g. phi * 3**((T - T0)/10) with Hodgkin & Huxley's gating
Q10 of 3, for a T0 of your choosing).
"""

from ..params import Parameter, ParameterTable
from . import Mechanism

WB1996 = "Wang & Buzsaki 1996, J Neurosci 16:6402"

TABLE = ParameterTable(
    "wang_buzsaki",
    (
        Parameter("gnabar", 0.035, "S/cm2", "[0, inf)", WB1996, "Na+ conductance density"),
        Parameter("gkbar", 0.009, "S/cm2", "[0, inf)", WB1996, "K+ conductance density"),
        Parameter("gl", 0.0001, "S/cm2", "[0, inf)", WB1996, "leak conductance density"),
        Parameter("el", -65.0, "mV", "[-120, 60]", WB1996, "leak reversal potential"),
        Parameter("phi", 5.0, "1", "(0, inf)", WB1996, "temperature factor of the h and n kinetics"),
    ),
)

#: the paper's reversal potentials (mV), to set on the segment / in the Brian2 ion values
REVERSALS = {"ena": 55.0, "ek": -90.0}

MECHANISM = Mechanism(
    name="wang_buzsaki",
    kind="density",
    title="Wang-Buzsaki 1996 Na+/K+/leak spiking currents (type I excitability) for networks",
    table=TABLE,
    ions=("ena", "ek"),
    traces={"minf": "minf", "h": "h", "n": "n"},
    weight_unit="",
    nonnegative=("minf", "h", "n"),
    bounded={k: (lambda v, w: (0.0, 1.0)) for k in ("minf", "h", "n")},  # gating fractions
)
