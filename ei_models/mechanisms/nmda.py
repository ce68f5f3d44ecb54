"""``nmda``: NMDA receptor (GluN1/GluN2) synapse. The model is described in ``mod/nmda.mod``.

Temperature: the kinetics are Q10-scaled, qt = q10**((celsius - temp_ref)/10) (rates times qt,
time constants divided by it), from NEURON's ``h.celsius`` and, in Brian2, the ``celsius`` of
``ion_values`` (default NEURON's 6.3 C in both, several-fold slower than at 37 C: set
``h.celsius = 37`` / ``ion_values={"celsius": 37}``; ``ei_models.neuron.insert`` warns once at
6.3 C). celsius outside 0-45 C is a ParameterError in both simulators.
"""

from ..physics import MG_GAMMA_JS1990, MG_K0_JS1990, exp2_factor, nmda_ghk_scale
from ..params import Parameter, ParameterTable, rise_before_decay, Preset, temperature_parameters
from . import Mechanism

JS1990 = "Jahr & Stevens 1990, J Neurosci 10:3178"
SUBTYPES = "Monyer et al. 1994, Neuron 12:529; Vicini et al. 1998, J Neurophysiol 79:555"
#: temperature (see mod/nmda.mod, Temperature)
TEMP_REF = ("assumed 37 C: the subtype time constants are used as body-temperature EPSC values (as the validation "
            "has always run them, at 37 C); the recombinant-receptor measurements (Monyer 1994, Vicini 1998) were "
            "made at room temperature and are slower")
Q10 = ("Postlethwaite et al. 2007, J Physiol 579:69 (NMDA EPSC decay accelerates with temperature with a Q10 of "
       "about 2-3); 2.5 assumed within that range")

TABLE = ParameterTable(
    "nmda",
    (
        Parameter("tau_rise", 3.0, "ms", "(0, inf)", SUBTYPES, "rise time constant"),
        Parameter("tau_decay", 70.0, "ms", "(0, inf)", SUBTYPES, "decay (deactivation) time constant"),
        Parameter("erev", 0.0, "mV", "[-100, 100]", "Mayer & Westbrook 1987, Prog Neurobiol 28:197", "reversal potential"),
        Parameter("mg", 1.0, "mM", "[0, inf)", "physiological [Mg2+]o", "extracellular [Mg2+]"),
        Parameter("mg_k0", MG_K0_JS1990, "mM", "(0, inf)", JS1990, "Mg2+ dissociation constant at 0 mV"),
        Parameter("mg_gamma", MG_GAMMA_JS1990, "/mV", "[0, inf)", JS1990, "voltage dependence of the Mg2+ block"),
        Parameter("gly", 0.01, "mM", "[0, inf)", "Johnson & Ascher 1987, Nature 325:529", "glycine/D-serine concentration"),
        Parameter("kd_gly", 0.001, "mM", "(0, inf)", "Kleckner & Dingledine 1988, Science 241:835", "glycine-site EC50"),
        Parameter("glun1", 1.0, "1", "[0, 1]", "Monyer et al. 1992, Science 256:1217", "GluN1 expression (0 = knockout)"),
        *temperature_parameters(37.0, TEMP_REF, {"": (2.5, Q10)}),
        Parameter("ca_frac", 0.1, "1", "[0, 1]", "Burnashev et al. 1995, J Physiol 485:403", "fraction of the current carried by Ca2+ at -60 mV, 2 mM [Ca2+]o, 50 nM [Ca2+]i, 37 C (GHK scale)"),
    ),
    checks=(rise_before_decay,),
    presets={
        "subtype": (
            Preset("GluN2A", {"tau_rise": 3.0, "tau_decay": 70.0}, SUBTYPES, "fast, adult forebrain"),
            Preset("GluN2B", {"tau_rise": 5.0, "tau_decay": 300.0}, SUBTYPES, "slow, juvenile and extrasynaptic"),
        ),
        "mg_block": (
            Preset("jahr_stevens_1990", {"mg_k0": MG_K0_JS1990, "mg_gamma": MG_GAMMA_JS1990}, JS1990),
            Preset("zador_1990", {"mg_k0": 1 / 0.33, "mg_gamma": 0.06}, "Zador, Koch & Brown 1990, PNAS 87:6718"),
        ),
    },
)


def ghk_scale():
    """The Brian2 namespace constant ``ghk_scale`` (volt/mmolar) of the GHK Ca2+ current
    (:func:`ei_models.physics.nmda_ghk_scale`; NEURON computes the same number in INITIAL from the
    reference conditions in its CONSTANT block, ``ghk_scale`` on the point process)."""
    import brian2

    return nmda_ghk_scale() * brian2.mV / brian2.mM


def _derived(values):
    return {"factor": exp2_factor(values["tau_rise"], values["tau_decay"]), "ghk_scale": ghk_scale()}


MECHANISM = Mechanism(
    name="nmda",
    kind="point_process",
    title="NMDA receptor: glutamate + glycine co-agonist, Mg2+ block, GluN2A/2B kinetics, Ca2+ share",
    table=TABLE,
    traces={"g": "g", "i": "I", "i_ca": "I_ca", "mgb": "mgb"},
    derived=_derived,
    ions=("cai", "cao", "celsius"),  # GHK Ca2+ current: the segment's / namespace's [Ca2+] and T
    linear=True,
    nonnegative=("A", "B", "g", "mgb"),
    # linear superposition: g never exceeds the summed peak conductance of all events
    bounded={"g": lambda v, w: (0.0, v["glun1"] * v["gly"] / (v["gly"] + v["kd_gly"]) * w),
             "mgb": lambda v, w: (0.0, 1.0)},
)
