"""``gabab_pre``: presynaptic GABA_B receptors. Gbetagamma inhibits the voltage-gated Ca2+ entry of
an axon terminal and so lowers its release probability. Model: ``mod/gabab_pre.mod``.

Receptor, subunit, pertussis-toxin and G-protein parameters are those of ``gabab_girk``
(:data:`ei_models.mechanisms.gabab_girk.CASCADE`), with the same presets.
"""

from ..params import Parameter, ParameterTable
from . import Mechanism
from .gabab_girk import CASCADE, desensitization_within_outflow, kinetics_presets, rtot

VGCC = ("Takahashi, Kajikawa & Tsujimoto 1998, J Neurosci 18:3138 (GABA_B inhibits presynaptic Ca2+ "
        "currents by up to about half); magnitude: modelling choice")
ZAMPONI = "Zamponi et al. 1997, Nature 385:442 (one Gbetagamma per Cav2 channel)"
DR1967 = "Dodge & Rahamimoff 1967, J Physiol 193:419 (release grows with the 4th power of Ca2+)"
CA_AP = ("Bollmann, Sakmann & Borst 2000, Science 289:953; Schneggenburger & Neher 2000, Nature 406:889 "
         "(~10 uM Ca2+ at the release sensor during an action potential)")

TABLE = ParameterTable(
    "gabab_pre",
    CASCADE + (
        Parameter("ca_ap", 0.01, "mM", "[0, inf)", CA_AP, "peak Ca2+ at the release sensor per action potential, uninhibited"),
        Parameter("inh_max", 0.5, "1", "[0, 1]", VGCC, "maximal fractional inhibition of Ca2+ entry by Gbetagamma"),
        Parameter("kd_ca", 0.1, "1", "(0, inf)", "modelling choice (G level in uM for half-maximal inhibition)",
                  "Gbetagamma level for half-maximal Ca2+ channel inhibition (must be > 0)"),
        Parameter("n_ca", 1.0, "1", "[1, inf)", ZAMPONI, "Gbetagamma per Ca2+ channel (cooperativity, >= 1)"),
        Parameter("kd_rel", 0.01, "mM", "(0, inf)", "modelling choice (baseline Pr = 0.5 with ca_ap = 10 uM)",
                  "Ca2+ for half-maximal release, Hill form (must be > 0)"),
        Parameter("n_rel", 4.0, "1", "[1, inf)", DR1967, "Ca2+ ions needed for release"),
        Parameter("pr_max", 1.0, "1", "[0, 1]", "modelling choice", "release probability at saturating Ca2+"),
    ),
    checks=(desensitization_within_outflow,),
    presets={"kinetics": kinetics_presets()},
)


def _derived(values):
    return {"rtot": rtot(values)}


MECHANISM = Mechanism(
    name="gabab_pre",
    kind="point_process",
    title="presynaptic GABA_B: Gbetagamma inhibits terminal Ca2+ entry, lowering release probability",
    table=TABLE,
    traces={"gbg": "gbg", "inh": "inh", "ca": "ca", "pr": "pr"},
    derived=_derived,
    weight_unit="1",
    nonnegative=("R", "D", "G", "gbg", "inh", "ca", "pr", "T"),
    bounded={
        "R": lambda v, w: (0.0, rtot(v)),
        "D": lambda v, w: (0.0, rtot(v)),
        "inh": lambda v, w: (0.0, v["inh_max"]),
        "ca": lambda v, w: (v["ca_ap"] * (1 - v["inh_max"]), v["ca_ap"]),
        "pr": lambda v, w: (0.0, v["pr_max"]),
    },
)
