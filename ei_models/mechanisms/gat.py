"""``gat``: GABA in a synaptic cleft and the extrasynaptic space, cleared by GAT-1 (synaptic)
and GAT-3 (astrocytic), with their blockers. See ``mod/gat.mod``.

Temperature: the transporter capacities ``v1``, ``v1e``, ``v3`` are Q10-scaled, qt_transport =
q10_transport**((celsius - temp_ref)/10), from NEURON's ``h.celsius`` and, in Brian2, the
``celsius`` of ``ion_values`` (default NEURON's 6.3 C in both: set ``h.celsius = 37`` /
``ion_values={"celsius": 37}``; ``ei_models.neuron.insert`` warns once at 6.3 C); celsius outside
0-45 C is a ParameterError in both simulators. temp_ref is 37 C (the lumped capacities are
modelling choices for the body-temperature model, V12), so the validation's numbers are those
of the table. The Michaelis constants, the exchange ``kesc`` and the supply ``src`` are not
scaled; the initial steady state is that of the scaled rates (``ei_models.brian2.initialize``
with ``celsius``, as the INITIAL block).
"""

from ..gaba import gat_steady_state, gat_supply_check
from ..params import Parameter, ParameterTable, Preset, temperature_parameters
from . import Mechanism

LUMPED = "lumped capacity (modelling choice, see mod/gat.mod)"
BORDEN = "Borden et al. 1994, Eur J Pharmacol 269:219 (IC50s)"
TEMP_REF = ("assumed 37 C: v1, v1e, v3 are lumped modelling choices for the body-temperature model (validated at 37 C, "
            "V12), not values measured at a recording temperature")
Q10_TRANSPORT = ("Bossi et al. 2012, Int J Mol Sci 13:15565 (rGAT1 in Xenopus oocytes: maximal transport current Imax "
                 "rises with temperature with Q10 = 3-6); 3 assumed, the lower end; GAT-3 assumed the same (no "
                 "measurement found; searched Binda et al. 2002 FEBS Lett 512:303, whose text was not found); the apparent "
                 "Km rises with temperature (Bossi et al. 2012), not modelled")
#: the capacities scaled by qt_transport
SCALED = ("v1", "v1e", "v3")

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
        *temperature_parameters(37.0, TEMP_REF, {"transport": (3.0, Q10_TRANSPORT)}),
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


def _initial(values):
    """The INITIAL steady state without release (mM) at the rates of ``values``: the capacities
    times ``qt_transport`` when :meth:`Mechanism.initial_state` got a celsius (1 at temp_ref)."""
    qt = values.get("qt_transport", 1.0)
    return gat_steady_state({**values, **{k: values[k] * qt for k in SCALED}})


MECHANISM = Mechanism(
    name="gat",
    kind="point_process",
    title="GABA transporters: cleft (GAT-1) and extrasynaptic (GAT-3) GABA with NO-711/tiagabine and SNAP-5114",
    table=TABLE,
    traces={"cleft": "cleft", "ambient": "ambient", "j_gat1": "j_gat1", "j_gat3": "j_gat3"},
    derived=_derived,
    weight_unit="1",
    nonnegative=("cleft", "ambient", "j_gat1", "j_gat1e", "j_gat3"),
    initial=_initial,  # INITIAL: cleft and ambient GABA at their steady state without release (mM)
)
