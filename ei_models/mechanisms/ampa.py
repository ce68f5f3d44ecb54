"""``ampa``: AMPA receptor synapse. The model is described in ``mod/ampa.mod``.

Temperature: the kinetics are Q10-scaled, qt = q10**((celsius - temp_ref)/10) (rates times qt,
time constants divided by it), from NEURON's ``h.celsius`` and, in Brian2, the ``celsius`` of
``ion_values`` (default NEURON's 6.3 C in both, several-fold slower than at 37 C: set
``h.celsius = 37`` / ``ion_values={"celsius": 37}``; ``ei_models.neuron.insert`` warns once at
6.3 C). celsius outside 0-45 C is a ParameterError in both simulators.
"""

from ..physics import exp2_factor
from ..errors import ParameterError
from ..params import Parameter, ParameterTable, rise_before_decay, temperature_parameters
from . import Mechanism

KINETICS = "Hestrin et al. 1990, J Physiol 422:203; Jonas, Major & Sakmann 1993, J Physiol 472:615"
#: temperature: the 0.2/2 ms defaults are the AMPA EPSC time course near 35 C
TEMP_REF = ("assumed 35 C: tau_decay = 2 ms is the AMPA EPSC decay near physiological temperature (35 C) that "
            "mod/ampa.mod has always stated (Hestrin et al. 1990; Jonas, Major & Sakmann 1993), not re-derived "
            "from their recording temperatures")
Q10 = ("Postlethwaite et al. 2007, J Physiol 579:69 (AMPA EPSC kinetics accelerate between room and physiological "
       "temperature with a Q10 of about 2-3); 2.4 assumed within that range")

TABLE = ParameterTable(
    "ampa",
    (
        Parameter("tau_rise", 0.2, "ms", "(0, inf)", KINETICS, "rise time constant"),
        Parameter("tau_decay", 2.0, "ms", "(0, inf)", KINETICS, "decay time constant"),
        Parameter("frac_na", 0.6, "1", "[0, 1]", "source chapter: g_Na:g_K = 3:2", "Na+ share of the conductance"),
        *temperature_parameters(35.0, TEMP_REF, {"": (2.4, Q10)}),
    ),
    checks=(rise_before_decay,),
)


def _frac_na_for(erev, ions):
    """frac_na giving reversal ``erev`` (mV) between E_K and E_Na (parallel conductances)."""
    ena, ek = ions["ena"], ions["ek"]
    if ena == ek:
        raise ParameterError("ampa: cannot set erev when E_Na equals E_K")
    frac = (erev - ek) / (ena - ek)
    if not 0 <= frac <= 1:
        raise ParameterError(f"ampa: erev = {erev:g} mV is outside [E_K, E_Na] = [{ek:g}, {ena:g}] mV")
    return {"frac_na": frac}


def _derived(values):
    return {"factor": exp2_factor(values["tau_rise"], values["tau_decay"])}


MECHANISM = Mechanism(
    name="ampa",
    kind="point_process",
    title="AMPA receptor: fast Na+/K+ conductance, reversal from the conductance ratio",
    table=TABLE,
    ions=("ena", "ek"),
    traces={"g": "g", "i": "I", "erev": "erev"},
    aliases={"erev": ("mV", _frac_na_for)},
    derived=_derived,
    linear=True,
    nonnegative=("A", "B", "g"),
    bounded={"g": lambda v, w: (0.0, w)},
)
