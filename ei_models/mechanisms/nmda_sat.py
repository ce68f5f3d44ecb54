"""``nmda_sat``: saturating NMDA receptor synapse (Wang 2002 kinetics). See ``mod/nmda_sat.mod``.

The linear ``nmda`` (a dual exponential) sums without limit: under a 40 Hz train its conductance
grows to several times that of one event. Attractor and decision networks (Brunel & Wang 2001,
J Comput Neurosci 11:63; Wang 2002, Neuron 36:955) rely on the saturation of the NMDA gating
variable ``s`` at 1, which this mechanism has:

    dx/dt = -x / tau_rise              x += 1 at every presynaptic spike
    ds/dt = alpha x (1 - s) - s / tau_decay
    g = w * glun1 * gly / (gly + kd_gly) * s

``w`` (the event weight, uS in NEURON, siemens in Brian2) is the conductance at ``s = 1``; one
isolated spike gives ``s`` about 1 - exp(-alpha tau_rise) = 0.63 with the published constants, so
its peak is about 0.6 w, not w as in ``nmda``.

Which to choose: ``nmda`` for single synapses and dendritic integration at low rates (EPSC shape
fitted by subtype, peak = weight); ``nmda_sat`` for networks whose persistent states depend on
saturation, and wherever one synapse carries trains of tens of Hz.

Temperature: the kinetics are Q10-scaled, qt = q10**((celsius - temp_ref)/10) (rates times qt,
time constants divided by it), from NEURON's ``h.celsius`` and, in Brian2, the ``celsius`` of
``ion_values`` (default NEURON's 6.3 C in both, several-fold slower than at 37 C: set
``h.celsius = 37`` / ``ion_values={"celsius": 37}``; ``ei_models.neuron.insert`` warns once at
6.3 C). celsius outside 0-45 C is a ParameterError in both simulators.
"""

from ..params import Parameter, ParameterTable, rise_before_decay, temperature_parameters
from . import Mechanism
from .nmda import TABLE as NMDA
from .nmda import Q10 as NMDA_Q10
from .nmda import ghk_scale

WANG2002 = "Wang 2002, Neuron 36:955 (as Brunel & Wang 2001, J Comput Neurosci 11:63)"
#: what the receptor shares with the linear nmda (reversal, Mg2+ block, co-agonist, Ca2+ share):
#: the same Parameter entries, so the two tables cannot drift
SHARED = ("erev", "mg", "mg_k0", "mg_gamma", "gly", "kd_gly", "glun1", "ca_frac")

TABLE = ParameterTable(
    "nmda_sat",
    (
        Parameter("tau_rise", 2.0, "ms", "(0, inf)", WANG2002, "decay of the glutamate-bound fraction x (rise of s)"),
        Parameter("tau_decay", 100.0, "ms", "(0, inf)", WANG2002, "decay of the open fraction s"),
        Parameter("alpha", 0.5, "/ms", "(0, inf)", WANG2002, "rate of s's rise per unit x (saturation)"),
        *(NMDA[name] for name in SHARED),
        *temperature_parameters(37.0, "assumed 37 C: Wang 2002's network constants are meant for body temperature",
                                {"": (2.5, NMDA_Q10)}),
    ),
    checks=(rise_before_decay,),
)


MECHANISM = Mechanism(
    name="nmda_sat",
    kind="point_process",
    title="Saturating NMDA receptor (Wang 2002 x-s kinetics): Mg2+ block, co-agonist, s bounded by 1",
    table=TABLE,
    traces={"g": "g", "i": "I", "s": "s", "mgb": "mgb"},
    derived=lambda values: {"ghk_scale": ghk_scale()},
    ions=("cai", "cao", "celsius"),  # GHK Ca2+ current, as nmda
    linear=False,
    nonnegative=("x", "s", "g", "mgb"),
    bounded={"s": lambda v, w: (0.0, 1.0),
             "g": lambda v, w: (0.0, v["glun1"] * v["gly"] / (v["gly"] + v["kd_gly"]) * w),
             "mgb": lambda v, w: (0.0, 1.0)},
)
