"""``ca_plasticity``: NMDA-fed Ca2+ pool and the Shouval-Bear-Cooper weight rule.

The model is described in ``mod/ca_plasticity.mod``; the closed forms of Omega(Ca) and
eta(Ca) are :func:`ei_models.analytic.shouval_omega` and :func:`ei_models.analytic.shouval_eta`.

Temperature: the Ca2+ removal (1/tau_ca) is Q10-scaled, qt = q10_removal**((celsius - temp_ref)/10), from NEURON's
``h.celsius`` and, in Brian2, the ``celsius`` of ``ion_values``; celsius outside 0-45 C is a
ParameterError in both simulators. The default q10_removal = 1 (no measured Q10 found, see its source)
keeps it temperature-independent, so today's numbers hold at every temperature unless it is set.
The weight rule's eta(Ca) (a phenomenological learning rate) is not scaled.
"""

from ..params import Parameter, ParameterTable, temperature_parameters
from . import Mechanism

SBC2002 = "Shouval, Bear & Cooper 2002, PNAS 99:10831"
ETA = "Shouval, Bear & Cooper 2002, PNAS 99:10831; Yeung et al. 2004, PNAS 101:14943"
SABATINI = "Sabatini, Oertner & Svoboda 2002, Neuron 33:439"
TEMP_REF = ("assumed 37 C: tau_ca is used as the body-temperature value (Shouval et al. 2002 give no temperature); "
            "with q10_removal = 1 it does not matter")
Q10_REMOVAL = ("no measured Q10 found (searched: spine/dendrite Ca2+ decay vs temperature, Sabatini, Oertner & Svoboda "
               "2002, Majewska et al. 2000 J Neurosci 20:1722; no number in the texts found): "
               "temperature-independent unless set")


def _thresholds(values):
    if values["alpha1"] >= values["alpha2"]:
        return f"alpha1 ({values['alpha1']:g} uM, LTD onset) must be below alpha2 ({values['alpha2']:g} uM, LTP onset)"
    return None


TABLE = ParameterTable(
    "ca_plasticity",
    (
        Parameter("tau_ca", 50.0, "ms", "(0, inf)", SBC2002, "calcium decay time constant"),
        Parameter("ca_rest", 0.05, "uM", "[0, inf)", "NEURON default cai (50 nM); " + SABATINI, "resting free [Ca2+]"),
        Parameter("depth", 0.1, "um", "(0, inf)", "Destexhe et al. 1993, J Neurophysiol 69:1138", "submembrane shell depth"),
        Parameter("kappa", 20.0, "1", "[0, inf)", SABATINI, "endogenous buffer capacity (bound/free)"),
        Parameter("alpha1", 0.35, "uM", "[0, inf)", SBC2002, "Omega: LTD threshold"),
        Parameter("alpha2", 0.55, "uM", "[0, inf)", SBC2002, "Omega: LTP threshold"),
        Parameter("beta1", 80.0, "/uM", "[0, inf)", SBC2002, "Omega: steepness at alpha1"),
        Parameter("beta2", 80.0, "/uM", "[0, inf)", SBC2002, "Omega: steepness at alpha2"),
        Parameter("p1", 1000.0, "ms", "(0, inf)", ETA, "eta: fastest weight time constant (1 s)"),
        Parameter("p2", 100.0, "ms", "[0, inf)", ETA, "eta: scale (0.1 s)"),
        Parameter("p3", 1e-5, "1", "(0, inf)", ETA, "eta: offset (uM^p4)"),
        Parameter("p4", 3.0, "1", "[0, inf)", ETA, "eta: exponent"),
        Parameter("lam", 1.0, "1", "(0, inf)", SBC2002, "weight decay constant lambda (> 0: Brian2's exponential Euler divides by it)"),
        Parameter("w0", 0.25, "1", "[0, inf)", SBC2002 + " (W = Omega at rest)", "initial weight"),
        *temperature_parameters(37.0, TEMP_REF, {"removal": (1.0, Q10_REMOVAL)}),
    ),
    checks=(_thresholds,),
)

MECHANISM = Mechanism(
    name="ca_plasticity",
    kind="density",
    title="Ca2+ pool fed by NMDA Ca2+ current; Shouval et al. 2002 Omega(Ca)/eta(Ca) weight rule",
    table=TABLE,
    traces={"capool": "capool", "W": "W", "omega": "omega", "eta": "eta"},
    weight_unit="",
    persistent=("W",),  # the synaptic weight keeps what plasticity gave it
)


def synaptic_weight_model(**options):
    """The ``ca_plasticity`` weight rule as equations of a Brian2 ``Synapses``.

    Returns ``(equations, namespace)``: a per-synapse weight ``W_ca_plasticity_syn`` (with
    ``omega_ca_plasticity_syn`` and ``eta_ca_plasticity_syn``; Brian2 wants synaptic names that differ
    from the postsynaptic group's) updated in the synapses' generated code
    from the postsynaptic pool ``capool_ca_plasticity_post``, which the target group gets from
    :func:`ei_models.brian2.density_model` ``("ca_plasticity")``. Add them to the synapse model
    (``model.model += eqs``; ``model.namespace.update(ns)``) and integrate with
    ``exponential_euler``. Same rule, names and parameters as the NEURON mechanism, whose weight
    lives in the segment (one synapse per spine compartment).
    """
    import re

    import brian2 as b2

    from ei_models import brian2 as eib

    pool = eib.density_model("ca_plasticity", **options)
    lines = []
    for line in str(eib.read_equations("ca_plasticity")["model"]).splitlines():
        if line.replace(" ", "").startswith("dcapool/dt"):
            continue
        line = re.sub(r"\bcapool\b", "capool_post", line)
        if line.replace(" ", "").startswith("dW/dt"):
            line += " (clock-driven)"
        lines.append(line)
    rename = {k: f"{k}_ca_plasticity_syn" for k in ("W", "omega", "eta")}
    rename["capool_post"] = "capool_ca_plasticity_post"
    rename.update({k[: -len("_ca_plasticity")]: k for k in pool.namespace})
    eqs = b2.Equations("\n".join(lines), **rename)
    return eqs, dict(pool.namespace)
