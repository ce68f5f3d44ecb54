"""``gabaa_delta`` (density, tonic current) and ``gabaa_delta_syn`` (point process, spillover):
extrasynaptic delta-subunit GABA_A receptors. See ``mod/gabaa_delta.mod``; one NMODL file cannot
be both a SUFFIX and a POINT_PROCESS, so the point process is its own file with the same scheme
and parameters (plus gmax, tmax, cdur instead of gbar)."""

from ..gaba import DELTA_SRC, DRUGS, NOBZ_SRC, NS_SRC, THIP_SRC, drug_parameters
from ..params import Parameter, ParameterTable
from . import Mechanism

RATES = DELTA_SRC + "; rates set for EC50 ~ 0.9 uM (Brown et al. 2002, Br J Pharmacol 136:965)"


def _kinetics():
    return (
        Parameter("kon", 5.0, "/mM/ms", "[0, inf)", RATES, "GABA binding rate per site"),
        Parameter("koff", 0.002, "/ms", "[0, inf)", RATES, "GABA unbinding rate per site (high affinity)"),
        Parameter("beta", 0.03, "/ms", "[0, inf)", RATES, "opening rate, doubly bound (low efficacy)"),
        Parameter("alpha", 0.12, "/ms", "[0, inf)", RATES, "closing rate"),
        Parameter("d", 0.0004, "/ms", "[0, inf)", RATES, "desensitization rate (slow)"),
        Parameter("r", 0.002, "/ms", "[0, inf)", RATES, "recovery rate"),
        Parameter("gaba", 0.0, "mM", "[0, inf)", "input", "ambient / applied GABA concentration"),
        *drug_parameters(kd_ns=1e-4, ns_beta=5.0, bz_kon=1.0, thip_pot=0.5, thip_eff=2.5,
                         ns_src=NS_SRC + "; Wohlfarth, Bianchi & Macdonald 2002, J Neurosci 22:1541",
                         bz_src=NOBZ_SRC, thip_src=THIP_SRC + " (superagonist at delta receptors)"),
    )


SPILL = "Farrant & Nusser 2005, Nat Rev Neurosci 6:215; Rossi & Hamann 1998, Neuron 20:783"

TABLE = ParameterTable(
    "gabaa_delta",
    (Parameter("gbar", 1e-4, "S/cm2", "[0, inf)", "tonic conductance ~ 1 nS per cell (modelling choice)",
               "conductance density with every receptor open"),) + _kinetics(),
    presets={"drug": DRUGS},
)

TABLE_SYN = ParameterTable(
    "gabaa_delta_syn",
    (Parameter("gmax", 0.001, "uS", "[0, inf)", "modelling choice", "conductance with every receptor open"),)
    + _kinetics()
    + (Parameter("tmax", 0.02, "mM", "[0, inf)", SPILL, "spillover pulse concentration per unit NetCon weight"),
       Parameter("cdur", 10.0, "ms", "(0, inf)", SPILL, "spillover pulse duration")),
    presets={"drug": DRUGS},
)

_TRACES = {"g": "g", "i": "I", "egaba": "egaba", "conc": "conc", "O": "O", "D": "D"}
#: kinetic-scheme occupancies (CONSERVE C0 + C1 + C2 + O + D = 1 in the KINETIC block)
_STATES = ("C0", "C1", "C2", "O", "D")

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
