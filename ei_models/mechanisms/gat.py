"""``gat``: GABA in a synaptic cleft and the extrasynaptic space, cleared by GAT-1 (synaptic)
and GAT-3 (astrocytic), with their blockers. See ``mod/gat.mod``."""

from ..gaba import gat_steady_state, gat_supply_check
from ..params import Parameter, ParameterTable, Preset
from . import Mechanism

LUMPED = "lumped capacity (modelling choice, see mod/gat.mod)"
BORDEN = "Borden et al. 1994, Eur J Pharmacol 269:219 (IC50s)"

TABLE = ParameterTable(
    "gat",
    (
        Parameter("crel", 0.05, "mM", "[0, inf)", LUMPED, "perisynaptic GABA added by one release (NetCon weight 1)"),
        Parameter("v1", 0.01, "mM/ms", "[0, inf)", LUMPED, "GAT-1 capacity at the synapse"),
        Parameter("km1", 0.007, "mM", "(0, inf)", "Guastella et al. 1990, Science 249:1303", "GAT-1 Michaelis constant"),
        Parameter("v1e", 5e-6, "mM/ms", "[0, inf)", LUMPED, "GAT-1 capacity in the extrasynaptic space"),
        Parameter("v3", 2e-4, "mM/ms", "[0, inf)", LUMPED, "GAT-3 capacity in the extrasynaptic space"),
        Parameter("km3", 0.012, "mM", "(0, inf)", "Borden 1996, Neurochem Int 29:335", "GAT-3 Michaelis constant"),
        Parameter("kesc", 0.02, "/ms", "[0, inf)", LUMPED, "cleft <-> extrasynaptic exchange rate"),
        Parameter("vr", 0.05, "1", "[0, inf)", LUMPED, "cleft / extrasynaptic volume ratio"),
        Parameter("src", 3e-6, "mM/ms", "[0, inf)", "Wu et al. 2007, J Physiol 584:1041 (non-vesicular release)",
                  "non-vesicular GABA supply to the extrasynaptic space"),
        Parameter("gat1_block", 0.0, "1", "[0, 1]", BORDEN, "blocked fraction of GAT-1"),
        Parameter("gat3_block", 0.0, "1", "[0, 1]", BORDEN, "blocked fraction of GAT-3"),
    ),
    checks=(gat_supply_check,),
    presets={
        "blocker": (
            Preset("none", {"gat1_block": 0.0, "gat3_block": 0.0}, "control"),
            # fraction = c/(c + IC50) at the usual bath concentration
            Preset("NO-711", {"gat1_block": 10 / (10 + 0.04)}, BORDEN, "10 uM NO-711 (GAT-1, IC50 ~ 0.04 uM)"),
            Preset("tiagabine", {"gat1_block": 10 / (10 + 0.07)}, BORDEN, "10 uM tiagabine (GAT-1, IC50 ~ 0.07 uM)"),
            Preset("SNAP-5114", {"gat3_block": 100 / (100 + 5.0)}, BORDEN, "100 uM SNAP-5114 (GAT-3, IC50 ~ 5 uM)"),
        ),
    },
)


def _derived(values):
    """Brian2 namespace: the steady state without release (initial values)."""
    from brian2 import mM

    ss = gat_steady_state(values)
    return {"cleft0": ss["cleft"] * mM, "ambient0": ss["ambient"] * mM}


MECHANISM = Mechanism(
    name="gat",
    kind="point_process",
    title="GABA transporters: cleft (GAT-1) and extrasynaptic (GAT-3) GABA with NO-711/tiagabine and SNAP-5114",
    table=TABLE,
    traces={"cleft": "cleft", "ambient": "ambient", "j_gat1": "j_gat1", "j_gat3": "j_gat3"},
    derived=_derived,
    weight_unit="1",
    nonnegative=("cleft", "ambient", "j_gat1", "j_gat1e", "j_gat3"),
    initial=gat_steady_state,  # INITIAL: cleft and ambient GABA at their steady state without release (mM)
)
