"""Ion concentrations and reversal potentials shared by the mechanisms.

NEURON keeps these per segment in its ion mechanisms (``ena``, ``ek``, ``cli``, ...); a mechanism
reads them there. Brian2 has no ions, so the namespace of a Brian2 model gets the values of this
table (NEURON's own defaults, so both simulators start from the same numbers), overridable per
model. Temperature is ``celsius``, as in NEURON. NEURON holds reversal potentials (``ena``, ``ek``)
fixed unless a mechanism writes the concentrations; both are listed.
"""

from __future__ import annotations

from .params import Parameter, ParameterTable

_NRN = "NEURON default (nrn/src/nrnoc, ion defaults)"
_CL = "chapter (mature neuron, E_Cl = -66 mV at 37 C); Kaila et al. 2014, Nat Rev Neurosci 15:637"

TABLE = ParameterTable(
    "ions",
    (
        Parameter("ena", 50.0, "mV", "[-200, 200]", _NRN, "Na+ reversal potential"),
        Parameter("ek", -77.0, "mV", "[-200, 200]", _NRN, "K+ reversal potential"),
        Parameter("celsius", 6.3, "degC", "[-273.15, 100]", _NRN, "temperature"),
        Parameter("nai", 10.0, "mM", "(0, inf)", _NRN, "intracellular [Na+]"),
        Parameter("nao", 140.0, "mM", "(0, inf)", _NRN, "extracellular [Na+]"),
        Parameter("ki", 54.4, "mM", "(0, inf)", _NRN, "intracellular [K+]"),
        Parameter("ko", 2.5, "mM", "(0, inf)", _NRN, "extracellular [K+]"),
        Parameter("cai", 5e-5, "mM", "(0, inf)", _NRN, "intracellular [Ca2+]"),
        Parameter("cao", 2.0, "mM", "(0, inf)", _NRN, "extracellular [Ca2+]"),
        # NEURON has no built-in chloride defaults (a new cl ion starts at 1/1 mM, E_Cl = 0 mV);
        # ei_models uses the chapter's mature-neuron values in BOTH simulators:
        # ei_models.neuron.insert puts them on every segment that gets a chloride mechanism.
        Parameter("cli", 10.0, "mM", "(0, inf)", _CL, "intracellular [Cl-]"),
        Parameter("clo", 120.0, "mM", "(0, inf)", _CL, "extracellular [Cl-]"),
    ),
)

#: reversal potential -> (inside concentration, outside concentration, valence)
NERNST = {"ena": ("nai", "nao", 1), "ek": ("ki", "ko", 1), "eca": ("cai", "cao", 2), "ecl": ("cli", "clo", -1)}


def with_nernst(values: dict, given) -> dict:
    """``values`` (a validated ion table) with each reversal potential that was not ``given`` but
    whose concentrations were, replaced by the Nernst potential of those concentrations at
    ``values["celsius"]``. So ``{"ki": 140, "ko": 3}`` gives E_K = -102.7 mV at 37 C (with
    ``celsius=37``) instead of the table's fixed -77 mV, as NEURON does with ``ion_style``."""
    from .physics import nernst

    out = dict(values)
    given = set(given)
    for e_name, (c_in, c_out, z) in NERNST.items():
        if e_name in out and e_name not in given and ({c_in, c_out} & given) and c_in in out and c_out in out:
            out[e_name] = float(nernst(out[c_out], out[c_in], z, out["celsius"]))
    return out


# -- bicarbonate: the second anion of GABA_A channels ------------------------------------------
_P_HCO3 = ("Bormann, Hamill & Sakmann 1987, J Physiol 385:243 (P_HCO3/P_Cl = 0.18 at GABA_A channels); "
           "Kaila 1994, Prog Neurobiol 42:489 (0.2-0.4)")
_HCO3 = ("Kaila & Voipio 1987, Nature 330:163; Kaila 1994, Prog Neurobiol 42:489: 26 mM outside (5 % CO2, pH 7.4), "
         "inside by Henderson-Hasselbalch at pH_i 7.2, 26 x 10^(7.2 - 7.4) = 16 mM")


def bicarbonate_parameters():
    """The HCO3- parameters every GABA_A mechanism's table holds (one definition): the
    permeability ratio P_HCO3/P_Cl and [HCO3-]i/o. E_GABA follows the GHK voltage equation
    (:func:`ei_models.physics.ghk_anion_reversal`); ``p_hco3 = 0`` gives the Cl- Nernst potential.
    [HCO3-] is held constant (CO2 diffusion and carbonic anhydrase regenerate it; Kaila 1994), so
    these are parameters, not a NEURON ion."""
    return (
        Parameter("p_hco3", 0.2, "1", "[0, inf)", _P_HCO3, "HCO3- to Cl- permeability ratio of the channel"),
        Parameter("hco3i", 16.0, "mM", "(0, inf)", _HCO3, "intracellular [HCO3-]"),
        Parameter("hco3o", 26.0, "mM", "(0, inf)", _HCO3, "extracellular [HCO3-]"),
    )
