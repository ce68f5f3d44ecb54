"""``gad_pools``: GABA synthesis by GAD67 (cytosolic; most of the GABA; tonic side; mostly PLP-bound
holoenzyme, constantly active) and GAD65 (terminal, palmitoylated; vesicular pool; phasic side;
low PLP affinity, cycling between apo- and holoenzyme with activity), and its degradation by the
GABA shunt (GABA-T -> succinic semialdehyde -> succinate into the TCA cycle; vigabatrin blocks
GABA-T irreversibly). See ``mod/gad_pools.mod``.

Temperature: every rate of the pools (GAD synthesis, GABA-T, SSADH, the GAD65 apo/holo cycle, VGAT filling, release and leak) is multiplied by one Q10 factor, qt = q10**((celsius -
temp_ref)/10), from NEURON's ``h.celsius`` and, in Brian2, the ``celsius`` of ``ion_values``;
celsius outside 0-45 C is a ParameterError in both simulators. A common factor of every rate
leaves the steady pools unchanged (it sets how fast they are reached and the fluxes), so the
initial state is the same at every temperature. The default q10 = 1 (no measured Q10 found, see
its source) keeps it temperature-independent unless set.
"""

from ..gaba import gad_steady_state
from ..params import Parameter, ParameterTable, Preset, temperature_parameters
from . import Mechanism

CHOICE = "fit to GAD67 ~ 90 % of GABA synthesis (chapter; Asada et al. 1997, PNAS 94:6496)"
KANAANI = "Kanaani et al. 2002, J Cell Biol 158:1229"
PLP = "Martin & Rimvall 1993, J Neurochem 60:395; Kaufman, Houser & Tobin 1991, J Neurochem 56:720"
CYCLE = ("Battaglioli, Liu & Martin 2003, J Neurochem 86:879; Soghomonian & Martin 1998, TIPS 19:500 "
         "(apo/holo cycling by abortive transamination; rate a modelling choice, minutes)")
HOLO = "fit to GAD67 ~ 90 % holo (1/1.1), GAD65 ~ 40 % holo at rest (Kaufman et al. 1991; Martin & Rimvall 1993)"
SHUNT = "Petroff 2002, Neuroscientist 8:562 (GABA shunt); SSADH fast, SSA kept low (modelling choice)"
VGB = "Jung et al. 1977, J Neurochem 29:797 (vigabatrin, enzyme-activated irreversible GABA-T inhibitor)"
TEMP_REF = "assumed 37 C: the rates are used as body-temperature values (V09 runs at 37 C); with q10 = 1 it does not matter"
Q10 = ("no measured Q10 found (searched: glutamate decarboxylase (GAD65/GAD67), GABA transaminase, SSADH activity vs "
       "temperature; none in the texts found): temperature-independent unless set; one Q10 for every rate of the pools")
QUME = "Qume & Fowler 1996, Biochem Pharmacol 52:1355 (vigabatrin: brain GABA-T activity down > 80 %)"

TABLE = ParameterTable(
    "gad_pools",
    (
        Parameter("s67", 9.9e-5, "mM/ms", "[0, inf)", CHOICE + "; 9e-5 mM/ms at its holo fraction 1/1.1",
                  "GAD67 synthesis rate at full expression, all holoenzyme"),
        Parameter("s65", 2.5e-5, "mM/ms", "[0, inf)", CHOICE + "; 1e-5 mM/ms at its 40 % holo fraction",
                  "GAD65 synthesis rate at full expression, all holoenzyme"),
        Parameter("gad67", 1.0, "1", "[0, inf)", "Asada et al. 1997, PNAS 94:6496", "GAD67 expression (1 = control)"),
        Parameter("gad65", 1.0, "1", "[0, inf)", "Tian et al. 1999, PNAS 96:12911", "GAD65 expression (1 = control)"),
        Parameter("palm", 1.0, "1", "[0, 1]", KANAANI, "palmitoylated (terminal-anchored) fraction of GAD65"),
        Parameter("kdeg", 1e-5, "/ms", "(0, inf)", "GABA-T turnover ~ 100 s (modelling choice)", "GABA degradation rate by GABA-T (uninhibited)"),
        Parameter("vgb", 0.0, "1", "[0, 0.99]", VGB, "fraction of GABA-T irreversibly inactivated (vigabatrin; <= 99 %: GABA-T is re-made)"),
        Parameter("kssadh", 1e-3, "/ms", "(0, inf)", SHUNT, "succinic semialdehyde -> succinate (SSADH) rate"),
        Parameter("plp", 1.0, "1", "[0, inf)", PLP, "pyridoxal 5'-phosphate (PLP) availability (1 = control)"),
        Parameter("kd67_plp", 0.1, "1", "(0, inf)", HOLO, "GAD67 PLP dissociation constant (relative to control PLP): tight"),
        Parameter("kd65_plp", 2.0, "1", "(0, inf)", HOLO, "GAD65 PLP dissociation constant (relative to control PLP): weak"),
        Parameter("ka65", 1e-5, "/ms", "(0, inf)", CYCLE, "apo -> holo GAD65 rate with saturating PLP"),
        Parameter("ki65", 5e-6, "/ms", "[0, inf)", CYCLE + "; with ka65 sets HOLO's 40 %", "holo -> apo GAD65 rate at rest (abortive transamination)"),
        Parameter("act", 0.0, "1", "[0, inf)", "Martin & Rimvall 1993 (activity lowers ATP, which drives apo-GAD65 formation)",
                  "neuronal activity (0 = rest): holo -> apo rate ki65 / (1 + act)"),
        Parameter("kv", 1.5e-5, "/ms", "[0, inf)", "Jin et al. 2003, PNAS 100:4293 (GAD65-VGAT coupling)", "VGAT filling from the terminal pool"),
        Parameter("kvc", 1e-7, "/ms", "[0, inf)", CHOICE, "VGAT filling from the cytosolic pool"),
        Parameter("krel", 1.68e-5, "/ms", "(0, inf)", CHOICE, "vesicular turnover (release) rate"),
        Parameter("kleak", 3.33e-7, "/ms", "[0, inf)", "Wu et al. 2007, J Physiol 584:1041", "non-vesicular release per cytosolic GABA"),
        *temperature_parameters(37.0, TEMP_REF, {"": (1.0, Q10)}),
    ),
    presets={
        "perturbation": (
            Preset("control", {"palm": 1.0, "gad67": 1.0, "gad65": 1.0}, "control"),
            Preset("no_palmitoylation", {"palm": 0.0}, KANAANI, "palmitoylation blocked (e.g. 2-bromopalmitate): GAD65 off the terminal"),
            Preset("gad67_knockdown", {"gad67": 0.1}, "Asada et al. 1997, PNAS 94:6496", "GAD67 knock-down to 10 %"),
            Preset("gad65_knockout", {"gad65": 0.0}, "Tian et al. 1999, PNAS 96:12911", "no GAD65"),
            Preset("vigabatrin", {"vgb": 0.8}, QUME, "vigabatrin: 80 % of GABA-T irreversibly inactivated"),
            Preset("low_plp", {"plp": 0.2}, PLP + " (vitamin B6 deficiency / PLP depletion; 20 % a modelling choice)",
                   "PLP at 20 % of control"),
            Preset("high_activity", {"act": 1.0}, "Martin & Rimvall 1993, J Neurochem 60:395", "activity recruits apo-GAD65 (act = 1)"),
        ),
    },
)


def _derived(values):
    """Brian2 namespace: the steady state (initial values) and the control vesicular content."""
    from brian2 import mM

    ss = gad_steady_state(values)
    return {"term0": ss["term"] * mM, "cyto0": ss["cyto"] * mM, "ves0": ss["ves"] * mM, "ssa0": ss["ssa"] * mM,
            "h650": ss["h65"], "ves_ctrl": ss["ves_ctrl"] * mM}


def _initial(values):
    """INITIAL: the pools (mM) and GAD65's holo fraction at their steady state."""
    ss = gad_steady_state(values)
    return {k: ss[k] for k in ("term", "cyto", "ves", "ssa", "h65")}


MECHANISM = Mechanism(
    name="gad_pools",
    kind="density",
    title="GAD67 (cytosolic, tonic) and GAD65 (terminal, vesicular) GABA pools, PLP cofactor, GABA shunt",
    table=TABLE,
    traces={"term": "term", "cyto": "cyto", "ves": "ves", "total": "total", "supply": "supply", "ves_rel": "ves_rel",
            "ssa": "ssa", "h65": "h65", "h67": "h67", "shunt": "shunt"},
    derived=_derived,
    weight_unit="",
    nonnegative=("term", "cyto", "ves", "total", "supply", "ves_rel", "ssa", "h65", "h67", "shunt"),
    initial=_initial,
)
