"""``gad_pools``: GABA synthesis by GAD67 (cytosolic; most of the GABA; tonic side) and GAD65
(terminal, palmitoylated; vesicular pool; phasic side). See ``mod/gad_pools.mod``."""

from ..gaba import gad_steady_state
from ..params import Parameter, ParameterTable, Preset
from . import Mechanism

CHOICE = "modelling choice giving GAD67 ~ 90 % of GABA (chapter; Asada et al. 1997, PNAS 94:6496)"
KANAANI = "Kanaani et al. 2002, J Cell Biol 158:1229"

TABLE = ParameterTable(
    "gad_pools",
    (
        Parameter("s67", 9e-5, "mM/ms", "[0, inf)", CHOICE, "GAD67 synthesis rate at full expression"),
        Parameter("s65", 1e-5, "mM/ms", "[0, inf)", CHOICE, "GAD65 synthesis rate at full expression"),
        Parameter("gad67", 1.0, "1", "[0, inf)", "Asada et al. 1997, PNAS 94:6496", "GAD67 expression (1 = control)"),
        Parameter("gad65", 1.0, "1", "[0, inf)", "Tian et al. 1999, PNAS 96:12911", "GAD65 expression (1 = control)"),
        Parameter("palm", 1.0, "1", "[0, 1]", KANAANI, "palmitoylated (terminal-anchored) fraction of GAD65"),
        Parameter("kdeg", 1e-5, "/ms", "(0, inf)", "GABA-T turnover ~ 100 s (modelling choice)", "GABA degradation rate"),
        Parameter("kv", 1.5e-5, "/ms", "[0, inf)", "Jin et al. 2003, PNAS 100:4293 (GAD65-VGAT coupling)", "VGAT filling from the terminal pool"),
        Parameter("kvc", 1e-7, "/ms", "[0, inf)", CHOICE, "VGAT filling from the cytosolic pool"),
        Parameter("krel", 1.68e-5, "/ms", "(0, inf)", CHOICE, "vesicular turnover (release) rate"),
        Parameter("kleak", 3.33e-7, "/ms", "[0, inf)", "Wu et al. 2007, J Physiol 584:1041", "non-vesicular release per cytosolic GABA"),
    ),
    presets={
        "perturbation": (
            Preset("control", {"palm": 1.0, "gad67": 1.0, "gad65": 1.0}, "control"),
            Preset("no_palmitoylation", {"palm": 0.0}, KANAANI, "palmitoylation blocked (e.g. 2-bromopalmitate): GAD65 off the terminal"),
            Preset("gad67_knockdown", {"gad67": 0.1}, "Asada et al. 1997, PNAS 94:6496", "GAD67 knock-down to 10 %"),
            Preset("gad65_knockout", {"gad65": 0.0}, "Tian et al. 1999, PNAS 96:12911", "no GAD65"),
        ),
    },
)


def _derived(values):
    """Brian2 namespace: the steady state (initial values) and the control vesicular content."""
    from brian2 import mM

    ss = gad_steady_state(values)
    return {"term0": ss["term"] * mM, "cyto0": ss["cyto"] * mM, "ves0": ss["ves"] * mM, "ves_ctrl": ss["ves_ctrl"] * mM}


def _initial(values):
    """INITIAL: the three pools at their steady state (mM)."""
    ss = gad_steady_state(values)
    return {k: ss[k] for k in ("term", "cyto", "ves")}


MECHANISM = Mechanism(
    name="gad_pools",
    kind="density",
    title="GAD67 (cytosolic, tonic) and GAD65 (terminal, palmitoylated, vesicular) GABA pools",
    table=TABLE,
    traces={"term": "term", "cyto": "cyto", "ves": "ves", "total": "total", "supply": "supply", "ves_rel": "ves_rel"},
    derived=_derived,
    weight_unit="",
    nonnegative=("term", "cyto", "ves", "total", "supply", "ves_rel"),
    initial=_initial,
)
