"""``gabaa_delta`` (density, tonic current) and ``gabaa_delta_syn`` (point process, spillover):
extrasynaptic delta-subunit GABA_A receptors. See ``mod/gabaa_delta.mod``; one NMODL file cannot
be both a SUFFIX and a POINT_PROCESS, so the point process is its own file with the same scheme
and parameters (plus gmax, tmax, cdur instead of gbar). What the two files share is written once:
the scheme (:data:`SCHEME`) and the kinetic parameters (the table) are rendered into both, and the
text and procedures of ``mod/gabaa_delta.mod``'s ``shared`` blocks (and of
``equations/gabaa_delta.eqs``) are copied into ``gabaa_delta_syn``'s files (:data:`GENERATED`,
see :mod:`ei_models.generated`).

Temperature: the kinetics are Q10-scaled, qt = q10**((celsius - temp_ref)/10) (rates times qt,
time constants divided by it), from NEURON's ``h.celsius`` and, in Brian2, the ``celsius`` of
``ion_values`` (default NEURON's 6.3 C in both, several-fold slower than at 37 C: set
``h.celsius = 37`` / ``ion_values={"celsius": 37}``; ``ei_models.neuron.insert`` warns once at
6.3 C). celsius outside 0-45 C is a ParameterError in both simulators.
"""

from ..gaba import DELTA_SRC, DRUGS, NOBZ_SRC, NS_SRC, THIP_SRC, KineticScheme, drug_parameters
from ..ions import bicarbonate_parameters
from ..params import Parameter, ParameterTable, temperature_parameters
from . import Mechanism

#: the scheme (Haas & Macdonald 1999, J Physiol 514:27; Bianchi & Macdonald 2003): two binding
#: steps, one doubly bound open and one desensitized state; the KINETIC blocks of
#: mod/gabaa_delta.mod and mod/gabaa_delta_syn.mod and both .eqs are written from it
SCHEME = KineticScheme(
    name="delta",
    states=("C0", "C1", "C2", "O", "D"),
    open=("O",),
    transitions=(
        ("C0", "C1", "2 * kb * conc", "ku"),
        ("C1", "C2", "kb * conc", "2 * ku"),
        ("C2", "O", "b", "alpha"),
        ("C2", "D", "d", "r"),
    ),
    gated={"b": "beta"},
    scale="qt",  # every rate times the Q10 factor (see TEMP_REF)
)
KINETIC_SCHEMES = {"gabaa_delta": SCHEME, "gabaa_delta_syn": SCHEME}

RATES = DELTA_SRC + "; rates fit to an EC50 ~ 0.9 uM (Brown et al. 2002, Br J Pharmacol 136:965)"


def _kinetics():
    return (
        Parameter("kon", 5.0, "/mM/ms", "[0, inf)", RATES, "GABA binding rate per site"),
        Parameter("koff", 0.002, "/ms", "[0, inf)", RATES, "GABA unbinding rate per site (high affinity)"),
        Parameter("beta", 0.03, "/ms", "[0, inf)", RATES, "opening rate, doubly bound (low efficacy)"),
        Parameter("alpha", 0.12, "/ms", "[0, inf)", RATES, "closing rate"),
        Parameter("d", 0.0004, "/ms", "[0, inf)", RATES, "desensitization rate (slow)"),
        Parameter("r", 0.002, "/ms", "[0, inf)", RATES, "recovery rate"),
        Parameter("gaba", 0.0, "mM", "[0, inf)", "input", "ambient / applied GABA concentration"),
        *drug_parameters(kd_ns=1e-4, ns_beta=5.0, bz_kon=1.0, thip_pot=0.5, thip_eff=2.5, ns_koff=0.5,
                         koff_src="direction from Zhu & Vicini 1997, J Neurosci 17:4022 and Belelli & Lambert "
                                  "2005, Nat Rev Neurosci 6:565 (neurosteroids prolong deactivation); "
                                  "size a modelling choice, no measured delta ratio",
                         ns_src=NS_SRC + "; Wohlfarth, Bianchi & Macdonald 2002, J Neurosci 22:1541",
                         bz_src=NOBZ_SRC, thip_src=THIP_SRC + " (superagonist at delta receptors)"),
        *temperature_parameters(
            22.0, "assumed 22 C: the recombinant delta-receptor kinetics (Haas & Macdonald 1999; Bianchi, Haas & "
                  "Macdonald 2002) were recorded at room temperature",
            {"": (2.1, "assumed: the GABA_A IPSC decay Q10 of Otis & Mody 1992, Neuroscience 49:13 (2.1, 22-37 C); "
                       "no delta-specific Q10 found; every rate of the scheme scaled alike")}),
    )


SPILL = "Farrant & Nusser 2005, Nat Rev Neurosci 6:215; Rossi & Hamann 1998, Neuron 20:783"

TABLE = ParameterTable(
    "gabaa_delta",
    (Parameter("gbar", 1e-4, "S/cm2", "[0, inf)", "tonic conductance ~ 1 nS per cell (modelling choice)",
               "conductance density with every receptor open"),) + _kinetics() + bicarbonate_parameters(),
    presets={"drug": DRUGS},
)

TABLE_SYN = ParameterTable(
    "gabaa_delta_syn",
    (Parameter("gmax", 0.001, "uS", "[0, inf)", "modelling choice", "conductance with every receptor open"),)
    + _kinetics()
    + (Parameter("tmax", 0.02, "mM", "[0, inf)", SPILL, "spillover pulse concentration per unit NetCon weight"),
       Parameter("cdur", 10.0, "ms", "(0, inf)", SPILL, "spillover pulse duration"))
    + bicarbonate_parameters(),
    presets={"drug": DRUGS},
)

_TRACES = {"g": "g", "i": "I", "egaba": "egaba", "conc": "conc", "O": "O", "D": "D",
           "icl": "I_cl", "ihco3": "I_hco3", "e_cl": "e_cl", "e_hco3": "e_hco3", "f_hco3": "f_hco3"}
#: kinetic-scheme occupancies (CONSERVE C0 + C1 + C2 + O + D = 1 in the KINETIC block)
_STATES = SCHEME.states

def _initial(values):
    """INITIAL: the scheme at equilibrium with the applied GABA (C0 is 1 - the others)."""
    from ..gaba import steady_state

    return {k: v for k, v in steady_state("delta", values, values["gaba"]).items() if k != "C0"}


MECHANISMS = (
    Mechanism(
        name="gabaa_delta",
        kind="density",
        title="GABA_A delta (extrasynaptic, tonic), density: high affinity, little desensitization, neurosteroid/THIP, no BZ",
        table=TABLE,
        ions=("cli", "clo", "celsius"),
        traces=_TRACES,
        weight_unit="",
        nonnegative=_STATES + ("g", "conc"),
        occupancy=(_STATES,),
        bounded={"g": lambda v, w: (0.0, v["gbar"])},
        initial=_initial,
    ),
    Mechanism(
        name="gabaa_delta_syn",
        kind="point_process",
        title="GABA_A delta as a point process (spillover): same scheme as gabaa_delta, NetCon pulses",
        table=TABLE_SYN,
        ions=("cli", "clo", "celsius"),
        traces=_TRACES,
        weight_unit="1",
        nonnegative=_STATES + ("g", "conc", "tpulse"),
        occupancy=(_STATES,),
        bounded={"g": lambda v, w: (0.0, v["gmax"])},  # g = gmax*O, O <= 1
        initial=_initial,
    ),
)


# -- one source for the two .mod files and the two .eqs files -----------------------------------
def _kinetic_parameters():
    from ..generated import parameter_line

    return "\n".join(parameter_line(p, width=38) for p in _kinetics())


def _bicarbonate_parameters():
    from ..generated import parameter_line

    return "\n".join(parameter_line(p, width=38) for p in bicarbonate_parameters())


def _shared(path: str, comment: str) -> dict:
    """The ``shared`` blocks of gabaa_delta's file (the source of gabaa_delta_syn's copies)."""
    from .._resources import equations_dir, mod_dir
    from ..generated import blocks

    root, name = path.split("/", 1)
    return blocks(((mod_dir() if root == "mod" else equations_dir()) / name).read_text(), comment)


#: blocks of the checked-in files written from the table, the scheme and gabaa_delta's shared
#: blocks (see ei_models.generated)
GENERATED = {
    "mod/gabaa_delta.mod": lambda: {"kinetic": SCHEME.kinetic_lines(), "derivative": SCHEME.derivative_lines(),
                                    "kinetic-parameters": _kinetic_parameters(), "bicarbonate-parameters": _bicarbonate_parameters()},
    "mod/gabaa_delta_syn.mod": lambda: dict(_shared("mod/gabaa_delta.mod", ":"), **{"kinetic-parameters": _kinetic_parameters(),
                                                                                  "bicarbonate-parameters": _bicarbonate_parameters()}),
    "equations/gabaa_delta.eqs": lambda: {"scheme": SCHEME.brian2_lines()},
    "equations/gabaa_delta_syn.eqs": lambda: dict(_shared("equations/gabaa_delta.eqs", "#"),
                                                  scheme=SCHEME.brian2_lines("clock-driven")),
}
