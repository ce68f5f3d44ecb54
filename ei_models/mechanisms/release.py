"""``release``: binomial quantal release in front of any receptor. The model is described in
``mod/release.mod``; the Brian2 side composes it with a receptor (``ei_models.brian2.synapse_model(
"ampa", release={...})``)."""

from ..params import Parameter, ParameterTable
from . import Mechanism

CHAPTER = "source chapter (quantal release: <I> = N Pr q); del Castillo & Katz 1954, J Physiol 124:560"
PR = "Dobrunz & Stevens 1997, Neuron 18:995 (CA3-CA1 Pr spans 0.05-0.9)"
Q = "Jonas, Major & Sakmann 1993, J Physiol 472:615 (quantal AMPA conductance of a few hundred pS)"
RNG = "Random123 (Salmon et al. 2011, SC'11); NEURON 9 NMODL RANDOM"
MAX_SITES = 1000


def _integer_sites(values):
    n = values["n_sites"]
    if n != int(n):
        return f"n_sites (N) must be a whole number of release sites >= 1, got {n:g}"
    for key in ("seed", "stream"):
        if values[key] != int(values[key]):
            return f"{key} must be a whole number (a Random123 stream identifier), got {values[key]:g}"
    return None


TABLE = ParameterTable(
    "release",
    (
        Parameter("n_sites", 5.0, "1", f"[1, {MAX_SITES}]", CHAPTER, "number of independent release sites N (>= 1)"),
        Parameter("Pr", 0.3, "1", "[0, 1]", PR, "release probability per site and presynaptic spike"),
        Parameter("q", 0.0005, "uS", "[0, inf)", Q, "quantal size: weight forwarded per released vesicle (>= 0)"),
        Parameter("seed", 1.0, "1", "[0, 4294967295]", RNG, "Random123 id 1 (NEURON; Brian2 uses brian2.seed)"),
        Parameter("stream", 0.0, "1", "[0, 4294967295]", RNG, "Random123 id 2: per-synapse stream (NEURON)"),
    ),
    checks=(_integer_sites,),
)


def _sites(value, ions):
    return {"n_sites": value}


MECHANISM = Mechanism(
    name="release",
    kind="point_process",
    title="Quantal release: N independent sites, probability Pr, quantal size q (binomial), per-synapse streams",
    table=TABLE,
    traces={"n_rel": "n_rel", "w_rel": "w_rel"},
    aliases={"N": ("1", _sites)},
    weight_unit="1",
    nonnegative=("n_rel", "w_rel"),
    bounded={"n_rel": lambda v, w: (0.0, v["n_sites"]), "w_rel": lambda v, w: (0.0, v["n_sites"] * v["q"])},
    persistent=("n_rel", "w_rel"),  # the last event's draw stays until the next event
)
