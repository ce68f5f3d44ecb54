"""``release``: binomial quantal release in front of any receptor. The model is described in
``mod/release.mod``; the Brian2 side composes it with a receptor (``ei_models.brian2.synapse_model(
"ampa", release={...})``): the mechanism declares that composition (:class:`Presynaptic`) and the
compiled binomial draw ``release_count`` its ``.eqs`` call (:func:`brian2_functions`).

Temperature: nothing to scale. The model has no rate or time constant (one binomial draw per
presynaptic spike; the recovery of release sites is not modelled here, see ``tsodyks_markram``),
so it has no ``temp_ref``/``q10`` rows, and ``Pr`` is temperature-independent as measured:
quantal content at low frequency and release probability did not change between 22-24 and
35-37 C at the calyx of Held (Kushmerick, Renden & von Gersdorff 2006, J Neurosci 26:1366), where
warming sped up the recovery from depression (about twofold), a process this mechanism does
not have. (Also searched: Pyott & Rosenmund 2002, J Physiol 539:523; Dinkelacker, Voets, Neher
& Moser 2000, J Neurosci; their texts were not found.)"""

import functools

from ..params import Parameter, ParameterTable
from . import Mechanism, Presynaptic

CHAPTER = "source chapter (quantal release: <I> = N Pr q); del Castillo & Katz 1954, J Physiol 124:560"
PR = "Dobrunz & Stevens 1997, Neuron 18:995 (CA3-CA1 Pr spans 0.05-0.9)"
Q = "Jonas, Major & Sakmann 1993, J Physiol 472:615 (quantal AMPA conductance of a few hundred pS)"
RNG = "Random123 (Salmon et al. 2011, SC'11); NEURON 9 NMODL RANDOM"
MAX_SITES = 1000


def whole_numbers(values, sites: str = "n_sites (N)") -> str | None:
    """Table check shared by the mechanisms with release sites and a Random123 stream
    (``release``, ``tsodyks_markram``): ``n_sites``, ``seed`` and ``stream`` are whole numbers."""
    n = values["n_sites"]
    if n != int(n):
        return f"{sites} must be a whole number of release sites >= 1, got {n:g}"
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
    checks=(whole_numbers,),
)


def _sites(value, ions):
    return {"n_sites": value}


# -- the binomial draw in Brian2's generated code ---------------------------------------------
_RELEASE_CYTHON = '''
cdef double release_count(double n, double p, double u):
    cdef int nn = <int>(n + 0.5)
    cdef int k = 0
    cdef int flip = 0
    cdef double pk, cdf, r
    if nn <= 0 or p <= 0.0:
        return 0.0
    if p >= 1.0:
        return <double>nn
    if p > 0.5:  # count the failures instead; 1 - u keeps k the inverse CDF of u
        p = 1.0 - p
        u = 1.0 - u
        flip = 1
    r = p / (1.0 - p)
    pk = (1.0 - p) ** nn
    cdf = pk
    while u > cdf and k < nn:
        pk = pk * r * (nn - k) / (k + 1.0)
        k += 1
        cdf += pk
    if flip:
        return <double>(nn - k)
    return <double>k
'''

_RELEASE_CPP = '''
double release_count(double n, double p, double u)
{
    const int nn = (int)(n + 0.5);
    int k = 0;
    bool flip = false;
    if (nn <= 0 || p <= 0.0) return 0.0;
    if (p >= 1.0) return (double)nn;
    if (p > 0.5) { p = 1.0 - p; u = 1.0 - u; flip = true; }  // count failures
    const double r = p / (1.0 - p);
    double pk = pow(1.0 - p, nn);
    double cdf = pk;
    while (u > cdf && k < nn) {
        pk = pk * r * (nn - k) / (k + 1.0);
        k += 1;
        cdf += pk;
    }
    return flip ? (double)(nn - k) : (double)k;
}
'''


@functools.lru_cache(maxsize=None)
def brian2_functions() -> dict:
    """``{"release_count": f}``: ``f(n, p, u)`` is the Binomial(n, p) count for one uniform draw
    ``u`` (inverse CDF: the smallest k with CDF(k) >= u), compiled into Brian2's generated code
    (cython, C++); its Python version is for checks. Exact for n <= MAX_SITES: the recursion
    starts from (1 - p)^n with p <= 0.5, which stays above the smallest double."""
    import brian2
    import numpy as np
    from brian2 import check_units

    @brian2.implementation("cpp", _RELEASE_CPP)
    @brian2.implementation("cython", _RELEASE_CYTHON)
    @check_units(n=1, p=1, u=1, result=1)
    def release_count(n, p, u):
        """Binomial(n, p) count for one uniform draw ``u`` (inverse CDF); see
        :func:`ei_models.mechanisms.release.brian2_functions`."""
        from scipy.stats import binom

        n, p, u = np.broadcast_arrays(np.round(n), np.asarray(p, float), np.asarray(u, float))
        return np.where(p <= 0, 0.0, np.where(p >= 1, n, binom.ppf(u, n, np.clip(p, 0, 1))))

    return {"release_count": release_count}


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
    brian2_functions=brian2_functions,
    # in front of a receptor: the receptor's event weight w becomes w_rel = q * n_rel; the site
    # count and quantal size are fixed per synapse, Pr may change during a run
    presynaptic=Presynaptic(output="w_rel", per_synapse={"n_sites": "constant", "Pr": "", "q": "constant"}),
)
