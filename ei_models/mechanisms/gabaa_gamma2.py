"""``gabaa_gamma2``: synaptic (phasic) alpha1beta2gamma2-like GABA_A receptor, a kinetic scheme
with desensitization, benzodiazepine and neurosteroid modulation. See ``mod/gabaa_gamma2.mod``.

Temperature: the kinetics are Q10-scaled, qt = q10**((celsius - temp_ref)/10) (rates times qt,
time constants divided by it), from NEURON's ``h.celsius`` and, in Brian2, the ``celsius`` of
``ion_values`` (default NEURON's 6.3 C in both, several-fold slower than at 37 C: set
``h.celsius = 37`` / ``ion_values={"celsius": 37}``; ``ei_models.neuron.insert`` warns once at
6.3 C). celsius outside 0-45 C is a ParameterError in both simulators.
"""

from ..gaba import BZ_SRC, DRUGS, JW1995, THIP_SRC, KineticScheme, drug_parameters
from ..ions import bicarbonate_parameters
from ..params import Parameter, ParameterTable, temperature_parameters
from . import Mechanism

#: the scheme (Jones & Westbrook 1995, Neuron 15:181): two binding steps, a singly and a doubly
#: bound open and desensitized state each; mod/gabaa_gamma2.mod's KINETIC block and
#: equations/gabaa_gamma2.eqs are written from it, its equilibrium() and advance() are checked
#: against it (tests/test_parameter_tables.py)
SCHEME = KineticScheme(
    name="gamma2",
    states=("C0", "C1", "C2", "O1", "O2", "D1", "D2"),
    open=("O1", "O2"),
    transitions=(
        ("C0", "C1", "2 * kb * conc", "ku"),
        ("C1", "C2", "kb * conc", "2 * ku"),
        ("C1", "O1", "b1", "alpha1"),
        ("C2", "O2", "b2", "alpha2"),
        ("C1", "D1", "d1", "r1"),
        ("C2", "D2", "d2", "r2"),
    ),
    gated={"b1": "beta1", "b2": "beta2"},
    scale="qt",  # every rate times the Q10 factor (see TEMP_REF)
)
KINETIC_SCHEMES = {"gabaa_gamma2": SCHEME}

DESTEXHE = "Destexhe, Mainen & Sejnowski 1994, J Comput Neurosci 1:195"
#: temperature: the rates are the magnitudes of Jones & Westbrook's patches (room temperature); the
#: Q10 of the synaptic GABA_A IPSC decay; the same Q10 as gabaa_syn, so at 37 C the two give one
#: gamma2 IPSC time course (about 5 ms; 16 ms at 22 C)
TEMP_REF = ("assumed 22 C: the rates follow Jones & Westbrook 1995, Neuron 15:181, outside-out patches at room "
            "temperature (their IPSC-like 1 ms responses decay in 15-20 ms there)")
Q10 = ("Otis & Mody 1992, Neuroscience 49:13 (Q10 of the GABA_A sIPSC decay rate 2.1 between 22 and 37 C); "
       "every rate of the scheme scaled alike (assumed)")

TABLE = ParameterTable(
    "gabaa_gamma2",
    (
        Parameter("gmax", 0.001, "uS", "[0, inf)", "unitary IPSC ~ 1 nS (modelling choice)", "conductance with every receptor open"),
        Parameter("kon", 5.0, "/mM/ms", "[0, inf)", JW1995, "GABA binding rate per site"),
        Parameter("koff", 0.2, "/ms", "[0, inf)", JW1995, "GABA unbinding rate per site"),
        Parameter("beta1", 0.2, "/ms", "[0, inf)", JW1995, "opening rate, singly bound"),
        Parameter("alpha1", 1.1, "/ms", "[0, inf)", JW1995, "closing rate, singly bound"),
        Parameter("beta2", 2.5, "/ms", "[0, inf)", JW1995, "opening rate, doubly bound"),
        Parameter("alpha2", 0.5, "/ms", "[0, inf)", JW1995, "closing rate, doubly bound"),
        Parameter("d1", 0.013, "/ms", "[0, inf)", JW1995, "desensitization rate, singly bound"),
        Parameter("r1", 0.01, "/ms", "[0, inf)", JW1995, "recovery rate, singly bound"),
        Parameter("d2", 0.05, "/ms", "[0, inf)", JW1995, "desensitization rate, doubly bound"),
        Parameter("r2", 0.005, "/ms", "[0, inf)", JW1995, "recovery rate, doubly bound"),
        Parameter("tmax", 1.0, "mM", "[0, inf)", DESTEXHE, "pulse concentration per unit NetCon weight"),
        Parameter("cdur", 1.0, "ms", "(0, inf)", DESTEXHE, "pulse duration"),
        Parameter("gaba", 0.0, "mM", "[0, inf)", "input", "applied / ambient GABA concentration"),
        *drug_parameters(kd_ns=3e-4, ns_beta=1.1, bz_kon=1.5, thip_pot=0.05, thip_eff=1.0, bz_koff=0.55, ns_koff=0.1,
                         a1sub=1.0,
                         ns_src="Zhu & Vicini 1997, J Neurosci 17:4022 (modest efficacy gain at gamma2 receptors)",
                         bz_src=BZ_SRC + "; fit to Perrais & Ropert 1999 (zolpidem mIPSC amplitude 1.38x, "
                                         "taken at their ~ 0.3 mM synaptic GABA) with bz_koff",
                         thip_src=THIP_SRC + " (THIP EC50 ~ 100+ uM at alpha1beta2gamma2)",
                         koff_src="fit to Mellor & Randall 1997, J Physiol 503:353 (benzodiazepine: deactivation "
                                  "~ 1.5x slower) and Cooper, Johnston & Edwards 1999, J Physiol 521:437 "
                                  "(neurosteroid: mIPSC decay ~ 4x at 2 uM, 1.25-1.5x at 50-100 nM); slower unbinding, Lavoie & "
                                  "Twyman 1996, Neuropharmacology 35:1383"),
        *bicarbonate_parameters(),
        *temperature_parameters(22.0, TEMP_REF, {"": (2.1, Q10)}),
    ),
    presets={"drug": DRUGS},
)


def _initial(values):
    """INITIAL: the scheme at equilibrium with the applied GABA (C0 is 1 - the others)."""
    from ..gaba import steady_state

    return {k: v for k, v in steady_state("gamma2", values, values["gaba"]).items() if k != "C0"}


MECHANISM = Mechanism(
    name="gabaa_gamma2",
    kind="point_process",
    title="GABA_A gamma2 (synaptic, phasic): kinetic scheme, desensitization, benzodiazepine site, Cl-/HCO3- (GHK) reversal",
    table=TABLE,
    ions=("cli", "clo", "celsius"),
    traces={"g": "g", "i": "I", "egaba": "egaba", "conc": "conc", "O1": "O1", "O2": "O2",
            "icl": "I_cl", "ihco3": "I_hco3", "e_cl": "e_cl", "e_hco3": "e_hco3", "f_hco3": "f_hco3"},
    weight_unit="1",
    nonnegative=SCHEME.states + ("g", "conc", "tpulse"),
    occupancy=(SCHEME.states,),  # CONSERVE in the KINETIC block
    bounded={"g": lambda v, w: (0.0, v["gmax"])},  # g = gmax*(O1 + O2), O1 + O2 <= 1
    initial=_initial,
)


#: blocks of the checked-in files written from the scheme (see ei_models.generated)
GENERATED = {"mod/gabaa_gamma2.mod": lambda: {"kinetic": SCHEME.kinetic_lines(), "derivative": SCHEME.derivative_lines()},
             "equations/gabaa_gamma2.eqs": lambda: {"scheme": SCHEME.brian2_lines("clock-driven")}}
