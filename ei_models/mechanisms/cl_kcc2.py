"""``cl_kcc2``: intracellular chloride loaded by GABA_A currents and extruded by KCC2, so heavy
inhibition shifts E_Cl. See ``mod/cl_kcc2.mod``.

Temperature: the KCC2 extrusion (1/tau_kcc2) is Q10-scaled, qt = q10_transport**((celsius - temp_ref)/10), from NEURON's
``h.celsius`` and, in Brian2, the ``celsius`` of ``ion_values``; celsius outside 0-45 C is a
ParameterError in both simulators. The default q10_transport = 1 (no measured Q10 found, see its source)
keeps it temperature-independent, so today's numbers hold at every temperature unless it is set.
"""

from ..params import Parameter, ParameterTable, temperature_parameters
from . import Mechanism
from .cl_transport import Q10_CCC, hoc_guard

KCC2 = "Staley & Proctor 1999, J Physiol 519:693; Jedlicka et al. 2011, Hippocampus 21:885"
TEMP_REF = ("assumed 37 C: tau_kcc2 is used as the body-temperature value; with q10_transport = 1 it does not "
            "matter")

TABLE = ParameterTable(
    "cl_kcc2",
    (
        Parameter("cli0", 10.0, "mM", "(0, inf)", "chapter (mature neuron); Kaila et al. 2014, Nat Rev Neurosci 15:637",
                  "resting [Cl-]i set by KCC2"),
        Parameter("tau_kcc2", 3000.0, "ms", "(0, inf)", KCC2, "KCC2 extrusion time constant"),
        Parameter("depth", 1.0, "um", "(0, inf)", "Doyon et al. 2011, PLoS Comput Biol 7:e1002149 (shell, modelling choice)",
                  "depth of the submembrane shell"),
        *temperature_parameters(37.0, TEMP_REF, {"transport": (1.0, Q10_CCC)}),
    ),
)

MECHANISM = Mechanism(
    name="cl_kcc2",
    kind="density",
    title="Intracellular Cl- with GABA_A influx and KCC2 extrusion (E_Cl follows heavy inhibition)",
    table=TABLE,
    ions=("cli",),
    traces={"cli": "cli"},
    weight_unit="",
    hoc_guard=hoc_guard("cl_kcc2"),
)
