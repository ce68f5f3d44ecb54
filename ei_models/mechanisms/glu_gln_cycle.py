"""``glu_gln_cycle``: the glutamate-glutamine cycle between neurons and astrocytes, a density
mechanism without current. The model is described in ``mod/glu_gln_cycle.mod``; the steady state
in closed form (a one-dimensional root for the cycle flux) is
:func:`ei_models.analytic.glu_gln_steady_state`.

Pools are in mM of their own compartment; volumes are fractions of tissue volume, so that
``vol * concentration`` is an amount per tissue volume (mM) and the cycle conserves
sum(vol_i c_i) = ``total``. Rates are Michaelis-Menten per source-compartment volume, scaled so
that the steady-state cycle flux is the measured brain value (Sibson et al. 1998, PNAS 95:316:
V_cycle ~ 0.3 umol/g/min ~ 5e-6 mM/ms) with the pools below.

Temperature: every rate of the cycle (the five capacities and k_rel) is multiplied by one Q10 factor, qt = q10**((celsius -
temp_ref)/10), from NEURON's ``h.celsius`` and, in Brian2, the ``celsius`` of ``ion_values``;
celsius outside 0-45 C is a ParameterError in both simulators. A common factor of every rate
leaves the steady pools unchanged (it sets how fast they are reached and the fluxes), so the
initial state is the same at every temperature. The default q10 = 1 (no measured Q10 found, see
its source) keeps it temperature-independent unless set.
"""

from ..params import Parameter, ParameterTable, Preset, temperature_parameters
from . import Mechanism
from .eaat import TABLE as EAAT_TABLE

SIBSON = "fit to a steady cycle flux of ~5e-6 mM/ms (Sibson et al. 1998, PNAS 95:316)"
NICHOLSON = "Nicholson & Sykova 1998, Trends Neurosci 21:207 (extracellular fraction 0.2)"
VOLUMES = "model choice (astrocytes ~20 %, neurons ~55 % of neuropil; Kasischke et al. 2004, Science 305:99)"
VESICLES = "Burger et al. 1989, Neuron 3:715 (~100 mM glutamate in vesicles); vesicle lumen ~0.5 % of tissue (model choice)"
SPEC = "the glutamate-glutamine cycle of the source chapter (EAAT -> GS -> SNAT -> PAG -> vesicles)"
#: one EAAT2 affinity in the package: eaat's (it was 5 uM here, "as in eaat", after eaat had moved to the
#: oocyte value; found by V08's ambient-glutamate data check, whose pass rested on it)
KM_EAAT = "eaat's EAAT2 Km (km2: " + EAAT_TABLE["km2"].source + ")"
TEMP_REF = "37 C: the capacities are fit to the cycle flux measured in vivo in rat brain (Sibson et al. 1998)"
Q10 = ("no measured Q10 found (searched: glutamine synthetase, phosphate-activated glutaminase, SNAT, VGLUT activity "
       "vs temperature; none in the texts found): temperature-independent unless set; one Q10 for every rate of the "
       "cycle (EAAT as in eaat would be q10_transport 3, assumed)")

TABLE = ParameterTable(
    "glu_gln_cycle",
    (
        Parameter("vol_ecs", 0.2, "1", "(0, 1]", NICHOLSON, "extracellular (cleft) volume fraction"),
        Parameter("vol_astro", 0.2, "1", "(0, 1]", VOLUMES, "astrocyte volume fraction"),
        Parameter("vol_neuron", 0.55, "1", "(0, 1]", VOLUMES, "neuronal (terminal cytosol) volume fraction"),
        Parameter("vol_ves", 0.005, "1", "(0, 1]", VESICLES, "vesicle lumen volume fraction"),
        Parameter("total", 7.5, "mM", "(0, inf)", "Ottersen et al. 1992, J Chem Neuroanat 5:433 (neuronal glutamate ~10 mM); the source chapter",
                  "glutamate + glutamine in the cycle, per tissue volume (> 0)"),
        Parameter("vmax_eaat", 0.003, "mM/ms", "[0, inf)", "Lehre & Danbolt 1998, J Neurosci 18:8751 (as in eaat)", "EAAT uptake capacity per extracellular volume"),
        Parameter("km_eaat", EAAT_TABLE["km2"].value, "mM", "(0, inf)", KM_EAAT, "EAAT affinity"),
        Parameter("vmax_gs", 5e-4, "mM/ms", "[0, inf)", SIBSON, "glutamine synthetase capacity per astrocyte volume"),
        Parameter("km_gs", 3.5, "mM", "(0, inf)", "Listrom et al. 1997, Biochem J 328:159 (GS Km for glutamate a few mM)", "GS affinity for glutamate"),
        Parameter("vmax_snat", 4e-5, "mM/ms", "[0, inf)", SIBSON, "SNAT3 -> SNAT1 glutamine transfer capacity per astrocyte volume"),
        Parameter("km_snat", 1.6, "mM", "(0, inf)", "Chaudhry et al. 1999, Cell 99:769 (SN1/SNAT3 glutamine Km ~1.6 mM)", "SNAT affinity for glutamine"),
        Parameter("vmax_pag", 2.3e-5, "mM/ms", "[0, inf)", SIBSON, "phosphate-activated glutaminase capacity per neuronal volume"),
        Parameter("km_pag", 3.0, "mM", "(0, inf)", "Curthoys & Watford 1995, Annu Rev Nutr 15:133 (glutaminase Km a few mM)", "PAG affinity for glutamine"),
        Parameter("vmax_vglut", 1.1e-5, "mM/ms", "[0, inf)", SIBSON, "VGLUT vesicular loading capacity per neuronal volume"),
        Parameter("km_vglut", 1.5, "mM", "(0, inf)", "Naito & Ueda 1985, J Neurochem 44:99 (vesicular uptake Km 1-3 mM)", "VGLUT affinity"),
        Parameter("k_rel", 1e-5, "/ms", "[0, inf)", SIBSON, "fraction of the vesicular pool released per ms (mean over activity)"),
        Parameter("block_gs", 0.0, "1", "[0, 1]", "methionine sulfoximine (MSO) inhibits GS", "GS fraction inhibited"),
        Parameter("block_pag", 0.0, "1", "[0, 1]", "6-diazo-5-oxo-L-norleucine (DON) inhibits PAG", "PAG fraction inhibited"),
        *temperature_parameters(37.0, TEMP_REF, {"": (1.0, Q10)}),
    ),
    presets={
        "inhibitor": (
            Preset("none", {"block_gs": 0.0, "block_pag": 0.0}, SPEC),
            Preset("MSO", {"block_gs": 0.9, "block_pag": 0.0}, "Meister 1974 (MSO, irreversible GS inhibitor); 90 % block", "GS inhibited"),
            Preset("DON", {"block_gs": 0.0, "block_pag": 0.9}, "Kvamme et al. 1985 / Curthoys & Watford 1995 (DON); 90 % block", "PAG inhibited"),
        ),
    },
)

#: pools (state names) in cycle order, the compartment of each, and the flux leaving each
POOLS = (("glu_ecs", "vol_ecs", "j_eaat"), ("glu_astro", "vol_astro", "j_gs"), ("gln_astro", "vol_astro", "j_snat"),
         ("gln_neuron", "vol_neuron", "j_pag"), ("glu_neuron", "vol_neuron", "j_vglut"), ("glu_ves", "vol_ves", "j_rel"))

def _initial(values):
    """INITIAL: the pools at the cycle's steady state for the conserved total (mM); the ATP and
    NH3 counters start at 0."""
    from ..analytic import GLU_GLN_POOLS, glu_gln_steady_state

    steady = glu_gln_steady_state(values)
    return {**{pool: steady[pool] for pool in GLU_GLN_POOLS}, "atp_used": 0.0, "nh3_fixed": 0.0, "nh3_released": 0.0}


MECHANISM = Mechanism(
    name="glu_gln_cycle",
    kind="density",
    title="Glutamate-glutamine cycle: EAAT -> GS (ATP, NH3) -> SNAT -> PAG -> VGLUT -> release, conserved",
    table=TABLE,
    traces={n: n for n in ("glu_ecs", "glu_astro", "gln_astro", "gln_neuron", "glu_neuron", "glu_ves",
                           "atp_used", "nh3_fixed", "nh3_released")},
    weight_unit="",
    nonnegative=("glu_ecs", "glu_astro", "gln_astro", "gln_neuron", "glu_neuron", "glu_ves", "atp_used",
                 "nh3_fixed", "nh3_released"),
    persistent=("atp_used", "nh3_fixed", "nh3_released"),  # cumulative counters: they only grow
    initial=_initial,
)
