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
    ),
)
