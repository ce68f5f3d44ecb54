"""``gabaa_syn``: minimal dual-exponential GABA_A synapse. The model is described in ``mod/gabaa_syn.mod``.

The networks and the plasticity protocol use it where a cheap linear GABA_A synapse with an
exact closed form is wanted; ``gabaa_gamma2`` is the kinetic receptor model.

Temperature: the kinetics are Q10-scaled, qt = q10**((celsius - temp_ref)/10) (rates times qt,
time constants divided by it), from NEURON's ``h.celsius`` and, in Brian2, the ``celsius`` of
``ion_values`` (default NEURON's 6.3 C in both, several-fold slower than at 37 C: set
``h.celsius = 37`` / ``ion_values={"celsius": 37}``; ``ei_models.neuron.insert`` warns once at
6.3 C). celsius outside 0-45 C is a ParameterError in both simulators.
"""

from ..ions import bicarbonate_parameters
from ..physics import exp2_factor
from ..params import Parameter, ParameterTable, rise_before_decay, temperature_parameters
from . import Mechanism

BARTOS = "Bartos, Vida & Jonas 2007, Nat Rev Neurosci 8:45"
OTIS_MODY = ("Otis & Mody 1992, Neuroscience 49:13 (dentate granule cell sIPSCs at 34-35 C decay in 4.2-7.2 ms; "
             "Q10 of the decay rate 2.1 between 22 and 37 C)")

TABLE = ParameterTable(
    "gabaa_syn",
    (
        Parameter("tau_rise", 0.3, "ms", "(0, inf)", BARTOS, "rise time constant"),
        Parameter("tau_decay", 5.0, "ms", "(0, inf)", BARTOS, "decay time constant"),
        Parameter("erev", -75.0, "mV", "[-120, 60]", BARTOS, "chloride reversal potential"),
        *bicarbonate_parameters(),
        *temperature_parameters(35.0, OTIS_MODY + ": the 5 ms default is their 34-35 C decay", {"": (2.1, OTIS_MODY)}),
    ),
    checks=(rise_before_decay,),
)


def _derived(values):
    return {"factor": exp2_factor(values["tau_rise"], values["tau_decay"])}


MECHANISM = Mechanism(
    name="gabaa_syn",
    kind="point_process",
    title="GABA_A synapse, minimal: dual exponential, fixed Cl- reversal with HCO3- (GHK) (for networks)",
    table=TABLE,
    ions=("clo", "celsius"),
    traces={"g": "g", "i": "I", "egaba": "egaba"},
    derived=_derived,
    nonnegative=("A", "B", "g"),
    # peak-normalised dual exponentials: the sum never exceeds the summed weights
    bounded={"g": lambda v, w: (0.0, w)},
)
