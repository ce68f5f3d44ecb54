"""``cl_transport``: intracellular chloride set by the cation-chloride cotransporters KCC2
(extrusion) and NKCC1 (uptake), each driven by its own thermodynamic force, and loaded by the
segment's chloride currents. See ``mod/cl_transport.mod``.

``cl_kcc2`` (first-order relaxation to a fixed resting [Cl-]i) stays as the simpler model; here
the resting [Cl-]i is not a parameter but where the two fluxes balance
(:func:`ei_models.physics.chloride_transport_balance`), so an NKCC1-dominated (immature) cell
has a high [Cl-]i and depolarizing GABA, a KCC2-dominated (mature) one a low [Cl-]i, and an
NKCC1 blocker (bumetanide) lowers it (validation case V18)."""

from ..ions import TABLE as ION_TABLE
from ..params import Parameter, ParameterTable, Preset
from ..physics import chloride_transport_balance
from . import Mechanism

THERMO = ("flux linear in the cotransport free energy: Brumback & Staley 2008, J Neurosci 28:1301; "
          "Doyon et al. 2011, PLoS Comput Biol 7:e1002149; Duesterwald et al. 2018, eLife 7:e39575")
TAU = ("set so that [Cl-]i recovers from a load with tau ~ 2-3 s in a 1 um shell (Staley & Proctor 1999, "
       "J Physiol 519:693; cl_kcc2's tau_kcc2)")
DEV = ("Rivera et al. 1999, Nature 397:251 (KCC2 up-regulation ends depolarizing GABA); Yamada et al. 2004, "
       "J Physiol 557:829 (NKCC1 dominates in immature neurons); Ben-Ari 2002, Nat Rev Neurosci 3:728")
BUMETANIDE = ("Dzhala et al. 2005, Nat Med 11:1205 (10 uM bumetanide, NKCC1 IC50 ~ 0.1-0.5 uM, blocks NKCC1; "
              "KCC2 is ~ 100x less sensitive)")

TABLE = ParameterTable(
    "cl_transport",
    (
        Parameter("g_kcc2", 0.001, "S/cm2", "[0, inf)", f"{THERMO}; {TAU}",
                  "KCC2 Cl- transport per unit K+-Cl- driving force (E_K - E_Cl)"),
        Parameter("g_nkcc1", 0.0002, "S/cm2", "[0, inf)", f"{THERMO}; {DEV} (mature cells keep some NKCC1)",
                  "NKCC1 Cl- transport per unit Na+-K+-2Cl- driving force (E_Na + E_K - 2 E_Cl)"),
        Parameter("nkcc1_block", 0.0, "1", "[0, 1]", BUMETANIDE, "fraction of NKCC1 blocked (bumetanide)"),
        Parameter("depth", 1.0, "um", "(0, inf)", "Doyon et al. 2011, PLoS Comput Biol 7:e1002149 (shell, modelling choice)",
                  "depth of the submembrane shell"),
    ),
    presets={
        "stage": (
            Preset("mature", {"g_kcc2": 0.001, "g_nkcc1": 0.0002}, DEV, "KCC2-dominated: low [Cl-]i, hyperpolarizing GABA"),
            Preset("immature", {"g_kcc2": 0.0003, "g_nkcc1": 0.0004}, DEV,
                   "NKCC1-dominated (neonatal): high [Cl-]i, depolarizing GABA"),
        ),
        "drug": (
            Preset("none", {"nkcc1_block": 0.0}, "control", "no cotransporter blocker"),
            Preset("bumetanide", {"nkcc1_block": 1.0}, BUMETANIDE, "10 uM bumetanide: NKCC1 blocked"),
        ),
    },
)

#: the ion values the transport reads (NEURON: the segment's k, na and cl ions)
IONS = ("cli", "clo", "ki", "ko", "nai", "nao", "celsius")


def steady_state(values, ion_values):
    """Closed form of the transport balance (no chloride current): ``(cli, e_cl)`` in mM, mV,
    for the resolved parameter ``values`` and the ion table values ``ion_values``."""
    e = ion_values
    return chloride_transport_balance(values["g_kcc2"], values["g_nkcc1"] * (1.0 - values["nkcc1_block"]),
                                      e["ki"], e["ko"], e["nai"], e["nao"], e["clo"], e["celsius"])


def _initial(values):
    """INITIAL: cli starts at the segment's value, which ei_models.neuron.insert sets to the ion
    table's (NEURON re-initializes a written concentration from cli0_cl_ion); the same in Brian2."""
    return {"cli": ION_TABLE["cli"].value}


MECHANISM = Mechanism(
    name="cl_transport",
    kind="density",
    title="Intracellular Cl- set by KCC2 and NKCC1 cotransport (gradient-driven) and loaded by GABA_A currents",
    table=TABLE,
    ions=IONS,
    traces={"cli": "cli", "e_cl": "e_cl", "j_kcc2": "j_kcc2", "j_nkcc1": "j_nkcc1"},
    weight_unit="",
    nonnegative=("cli",),
    initial=_initial,
)
