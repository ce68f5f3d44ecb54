"""``gabab_girk``: GABA_B receptor -> Gi/o -> GIRK K+ current, with cAMP. Model: ``mod/gabab_girk.mod``.

The receptor / G-protein part of the table (:data:`CASCADE`, :data:`KINETICS`) is shared with
``gabab_pre`` (presynaptic GABA_B, :mod:`ei_models.mechanisms.gabab_pre`).

Temperature: the receptor and G-protein rates (k1-k4, d1, d2) are multiplied by qt =
q10**((celsius - temp_ref)/10) from NEURON's ``h.celsius`` and, in Brian2, the ``celsius`` of
``ion_values`` (default 6.3 C in both, several-fold slower than at 37 C; ``ei_models.neuron.insert``
warns once there); the transmitter pulse and the cAMP relaxation are not scaled. celsius outside
0-45 C is a ParameterError in both simulators.
"""

from ..params import Parameter, ParameterTable, Preset, temperature_parameters
from . import Mechanism

DMS1998 = ("Destexhe, Mainen & Sejnowski 1998, Kinetic models of synaptic transmission, in Methods in "
           "Neuronal Modeling 2nd ed. (Koch & Segev), MIT Press (minimal GABA_B model)")
DS1995 = ("Destexhe & Sejnowski 1995, PNAS 92:9515 (GABA_B model with receptor desensitization fitted to "
          "Otis et al. 1993, J Physiol 463:391)")
PULSE = "Destexhe, Mainen & Sejnowski 1994, Neural Comput 6:14 (transmitter pulse); " + DMS1998
SUBUNITS = ("Jones et al. 1998, Nature 396:674; Kaupmann et al. 1998, Nature 396:683; White et al. 1998, "
            "Nature 396:679 (GABA_B1/GABA_B2 obligate heterodimer)")
PTX = "Andrade, Malenka & Nicoll 1986, Science 234:1261 (pertussis toxin abolishes the GABA_B K+ response)"
AC = ("Taussig, Iniguez-Lluhi & Gilman 1993, Science 261:218 (Gi alpha inhibits adenylyl cyclase); "
      "magnitude: modelling choice")

#: Receptor and G-protein parameters, shared by gabab_girk and gabab_pre. G is the activated
#: G-protein (Galpha-GTP and free Gbetagamma, released 1:1), in the papers' units (uM), so kd is
#: in uM^n and is dimensionless here, as in the papers.
CASCADE = (
    Parameter("cmax", 0.5, "mM", "[0, inf)", PULSE, "GABA concentration of the pulse one event (weight 1) releases"),
    Parameter("cdur", 0.3, "ms", "(0, inf)", PULSE, "duration of the transmitter pulse"),
    Parameter("k1", 0.09, "/mM/ms", "[0, inf)", DMS1998, "GABA binding rate (rates must be >= 0)"),
    Parameter("k2", 0.0012, "/ms", "[0, inf)", DMS1998, "GABA unbinding rate (rates must be >= 0)"),
    Parameter("k3", 0.18, "/ms", "[0, inf)", DMS1998, "G-protein activation rate per active receptor (rates must be >= 0)"),
    Parameter("k4", 0.034, "/ms", "[0, inf)", DMS1998, "G-protein inactivation rate, GTP hydrolysis (rates must be >= 0)"),
    Parameter("d1", 0.0, "/ms", "[0, inf)", DMS1998 + " (no desensitization); " + DS1995,
              "receptor desensitization rate (rates must be >= 0)"),
    Parameter("d2", 0.0, "/ms", "[0, inf)", DMS1998 + " (no desensitization); " + DS1995,
              "receptor resensitization rate (rates must be >= 0)"),
    Parameter("gabab1", 1.0, "1", "[0, 1]", SUBUNITS, "GABA_B1 (R1) subunit expression (0 = knockout)"),
    Parameter("gabab2", 1.0, "1", "[0, 1]", SUBUNITS, "GABA_B2 (R2) subunit expression (0 = knockout)"),
    Parameter("ptx", 0.0, "1", "[0, 1]", PTX, "fraction of Gi/o ADP-ribosylated by pertussis toxin (1 = full block)"),
    # temperature: receptor and G-protein rates (k1-k4, d1, d2) times qt; the pulse and cAMP are not scaled
    *temperature_parameters(
        37.0, "assumed 37 C: the published rate sets (Destexhe et al. 1998; Destexhe & Sejnowski 1995) are used as "
              "values for physiological temperature, as the validation runs them; their recording temperatures "
              "were not re-derived",
        {"": (2.5, "assumed: no measured Q10 of the GABA_B receptor / G-protein cascade was found; 2.5 within the "
                   "2-3 of receptor kinetics (Postlethwaite et al. 2007, J Physiol 579:69; Otis & Mody 1992, "
                   "Neuroscience 49:13)")}),
)

#: Published rate sets (the first is the default): receptor and G-protein rates, and for GIRK
#: the Gbetagamma binding (kd, n).
RATES = {
    "destexhe_mainen_sejnowski_1998": {"k1": 0.09, "k2": 0.0012, "k3": 0.18, "k4": 0.034, "d1": 0.0, "d2": 0.0},
    "destexhe_sejnowski_1995": {"k1": 0.66, "k2": 0.020, "k3": 0.083, "k4": 0.0079, "d1": 0.017, "d2": 0.0053},
}
GIRK_BINDING = {"kd": 100.0, "n": 4.0}  # both papers
_DOCS = {"destexhe_mainen_sejnowski_1998": (DMS1998, "minimal model, no desensitization (fit to Otis et al. 1993)"),
         "destexhe_sejnowski_1995": (DS1995, "receptor desensitization (fit to Otis et al. 1993)")}


def kinetics_presets(extra=None) -> tuple:
    """The published rate sets as presets, with ``extra`` values added to each."""
    return tuple(Preset(name, dict(rates, **(extra or {})), _DOCS[name][0], _DOCS[name][1])
                 for name, rates in RATES.items())


KINETICS = kinetics_presets(GIRK_BINDING)

#: Published time course the presets were fitted to (reported by validation case V13).
PUBLISHED_TIMING = {
    "destexhe_mainen_sejnowski_1998": {"time_to_peak_ms": 100.0, "source": DMS1998 + "; Otis et al. 1993"},
    "destexhe_sejnowski_1995": {"time_to_peak_ms": 100.0, "source": DS1995},
}


def desensitization_within_outflow(values) -> str | None:
    """In the scheme of Destexhe & Sejnowski (1995), ``-k2*R`` is the whole outflow from the
    active state and ``d1*R`` the part of it that enters the desensitized state (``R'`` has no
    separate ``-d1*R`` term). ``d1 > k2`` would create receptors: ``(R + D)' = k1*T*free -
    (k2 - d1)*R`` grows without bound once GABA is gone (an unstable, unphysical system; NEURON's
    Newton solver then fails). The published rates satisfy it (0.017 <= 0.020 /ms)."""
    if values["d1"] > values["k2"]:
        return (f"d1 ({values['d1']:g} /ms) must not exceed k2 ({values['k2']:g} /ms): in this scheme k2*R is the "
                "whole outflow from the active receptor state and d1*R the desensitizing part of it")
    return None


def rtot(values) -> float:
    """Surface GABA_B1/B2 heterodimers: limited by the scarcer subunit (1:1 stoichiometry)."""
    return min(values["gabab1"], values["gabab2"])


TABLE = ParameterTable(
    "gabab_girk",
    CASCADE + (
        Parameter("kd", 100.0, "1", "(0, inf)", DMS1998, "Gbetagamma dissociation constant of GIRK, uM^n (must be > 0)"),
        Parameter("n", 4.0, "1", "[1, inf)", DMS1998, "Gbetagamma binding sites per GIRK channel (cooperativity, >= 1)"),
        Parameter("gmax", 0.1, "uS", "[0, inf)", "modelling choice (GIRK conductance at full Gbetagamma occupancy)",
                  "maximal GIRK conductance"),
        Parameter("camp0", 0.001, "mM", "[0, inf)", "modelling choice (basal cAMP of the order of 1 uM)", "basal cAMP"),
        Parameter("tau_camp", 500.0, "ms", "(0, inf)",
                  "modelling choice (cAMP turnover within seconds; Nikolaev et al. 2004, J Biol Chem 279:37215)",
                  "cAMP relaxation time constant (phosphodiesterase)"),
        Parameter("kd_ac", 0.2, "1", "(0, inf)", AC, "Galpha level (uM) for half-maximal adenylyl cyclase inhibition"),
        Parameter("ac_inh", 0.7, "1", "[0, 1]", AC, "maximal fractional inhibition of adenylyl cyclase by Galpha(i/o)"),
    ),
    checks=(desensitization_within_outflow,),
    presets={"kinetics": KINETICS},
)


def _derived(values):
    return {"rtot": rtot(values)}


MECHANISM = Mechanism(
    name="gabab_girk",
    kind="point_process",
    title="GABA_B1/B2 -> Gi/o -> GIRK K+ current (cooperative Gbetagamma), Galpha -> cAMP, pertussis toxin",
    table=TABLE,
    ions=("ek",),
    traces={"g": "g", "i": "I", "camp": "camp", "gbg": "gbg"},
    derived=_derived,
    weight_unit="1",
    nonnegative=("R", "D", "G", "camp_drop", "g", "gbg", "camp", "T"),
    bounded={
        # free receptors rtot - R - D >= 0 (backward Euler keeps it: the scheme is an M-matrix when d1 <= k2)
        "R": lambda v, w: (0.0, rtot(v)),
        "D": lambda v, w: (0.0, rtot(v)),
        "g": lambda v, w: (0.0, v["gmax"]),  # gmax * G^n / (G^n + kd)
        # cAMP relaxes towards camp0 * (1 - ac_inh * G / (G + kd_ac))
        "camp": lambda v, w: (v["camp0"] * (1 - v["ac_inh"]), v["camp0"]),
        "camp_drop": lambda v, w: (0.0, v["camp0"] * v["ac_inh"]),
    },
)
