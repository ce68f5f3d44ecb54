"""GABA-side helpers shared by the GABA_A receptor, GAT and GAD mechanisms.

* The kinetic schemes of ``gabaa_gamma2`` and ``gabaa_delta``/``gabaa_delta_syn`` as transition
  lists (the same schemes as the NMODL KINETIC blocks and the Brian2 equation sets), with the
  generator matrix Q(conc) and the exact solution for piecewise-constant GABA (matrix
  exponential): the closed-form references of the validation cases V10 and V11, and the
  steady state a Brian2 model starts from (NEURON's INITIAL does ``STEADYSTATE sparse``).
* The drug presets (diazepam, zolpidem, allopregnanolone, gaboxadol/THIP) and the GAT blocker
  presets (NO-711, tiagabine, SNAP-5114).
* The closed-form steady states of ``gat`` and ``gad_pools`` (as their INITIAL blocks).

Units are NEURON's (mM, ms, /ms, /mM/ms).
"""

from __future__ import annotations

from typing import Mapping

import numpy as np

from .errors import ParameterError
from .params import Parameter, Preset

# -- drugs ------------------------------------------------------------------------------------
JW1995 = "Jones & Westbrook 1995, Neuron 15:181 (scheme); rates tuned to the EC50/desensitization of V10"
BZ_SRC = "Rogers, Twyman & Macdonald 1994, Mol Pharmacol 46:1001; Mellor & Randall 1997, J Physiol 503:353"
ZOLP_SRC = "Perrais & Ropert 1999, J Neurosci 19:578; Pritchett & Seeburg 1990, J Neurochem 54:1802"
NS_SRC = "Bianchi & Macdonald 2003, J Neurosci 23:10934; Stell et al. 2003, PNAS 100:14439"
THIP_SRC = "Brown et al. 2002, Br J Pharmacol 136:965; Mortensen et al. 2010, J Physiol 588:1251"
DELTA_SRC = "Haas & Macdonald 1999, J Physiol 514:27; Bianchi, Haas & Macdonald 2002, Neuropharmacology 43:492"
NOBZ_SRC = "no gamma2 subunit, no benzodiazepine site: Saxena & Macdonald 1994, J Neurosci 14:7077"
CHAPTER_DRUG = "typical bath concentration (modelling choice)"

#: drug presets for both receptor families (group "drug"); the first is no drug
DRUGS = (
    Preset("none", {"bz": 0.0, "ns": 0.0, "thip": 0.0}, "control", "no modulator"),
    Preset("diazepam", {"bz": 1e-3, "kd_bz": 5e-5}, BZ_SRC, "1 uM diazepam (benzodiazepine site, EC50 ~ 50 nM)"),
    Preset("zolpidem", {"bz": 1e-3, "kd_bz": 1e-4}, ZOLP_SRC, "1 uM zolpidem (alpha1-preferring benzodiazepine-site agonist, ~ 100 nM)"),
    Preset("allopregnanolone", {"ns": 1e-3}, NS_SRC, "1 uM allopregnanolone (neurosteroid)"),
    Preset("gaboxadol", {"thip": 1e-3}, THIP_SRC, "1 uM gaboxadol (THIP), delta-preferring GABA-site agonist"),
    Preset("thip", {"thip": 1e-3}, THIP_SRC, "1 uM THIP (= gaboxadol)"),
)


def drug_parameters(*, kd_ns: float, ns_beta: float, bz_kon: float, thip_pot: float, thip_eff: float,
                    ns_src: str, bz_src: str, thip_src: str) -> tuple[Parameter, ...]:
    """The modulator parameters shared by the GABA_A receptor mechanisms (subtype values given)."""
    return (
        Parameter("bz", 0.0, "mM", "[0, inf)", BZ_SRC, "benzodiazepine-site agonist (diazepam, zolpidem) concentration"),
        Parameter("kd_bz", 5e-5, "mM", "(0, inf)", BZ_SRC, "benzodiazepine potency (diazepam ~ 50 nM)"),
        Parameter("bz_kon", bz_kon, "1", "(0, inf)", bz_src, "maximal fold change of the GABA binding rate by a benzodiazepine"),
        Parameter("ns", 0.0, "mM", "[0, inf)", NS_SRC, "neurosteroid (allopregnanolone) concentration"),
        Parameter("kd_ns", kd_ns, "mM", "(0, inf)", ns_src, "neurosteroid potency"),
        Parameter("ns_beta", ns_beta, "1", "(0, inf)", ns_src, "maximal fold increase of the opening rate(s) by a neurosteroid"),
        Parameter("thip", 0.0, "mM", "[0, inf)", THIP_SRC, "gaboxadol (THIP) concentration"),
        Parameter("thip_pot", thip_pot, "1", "[0, inf)", thip_src, "THIP binding rate relative to GABA"),
        Parameter("thip_eff", thip_eff, "1", "[0, inf)", thip_src, "THIP gating efficacy relative to GABA"),
    )


# -- kinetic schemes --------------------------------------------------------------------------
def _modulated(values: Mapping[str, float], conc: float):
    """(binding rate kb, efficacy factor) for total agonist ``conc`` (as the NMODL rates())."""
    v = values
    eff = 1.0
    if conc > 0:
        eff = 1.0 + (v["thip_eff"] - 1.0) * v["thip_pot"] * v["thip"] / conc
    eff *= 1.0 + (v["ns_beta"] - 1.0) * v["ns"] / (v["ns"] + v["kd_ns"])
    kb = v["kon"] * (1.0 + (v["bz_kon"] - 1.0) * v["bz"] / (v["bz"] + v["kd_bz"]))
    return kb, eff


#: state names and open states of each scheme (the first state is the conserved one)
SCHEMES = {
    "gamma2": (("C0", "C1", "C2", "O1", "O2", "D1", "D2"), ("O1", "O2")),
    "delta": (("C0", "C1", "C2", "O", "D"), ("O",)),
}


def scheme_of(mechanism: str) -> str:
    return "gamma2" if mechanism.startswith("gabaa_gamma2") else "delta"


def generator(scheme: str, values: Mapping[str, float], gaba: float) -> np.ndarray:
    """Q with dx/dt = Q x for GABA concentration ``gaba`` (mM, plus THIP from ``values``)."""
    conc = gaba + values["thip_pot"] * values["thip"]
    kb, eff = _modulated(values, conc)
    names, _ = SCHEMES[scheme]
    idx = {n: k for k, n in enumerate(names)}
    q = np.zeros((len(names), len(names)))

    def add(a, b, rate):
        q[idx[b], idx[a]] += rate
        q[idx[a], idx[a]] -= rate

    v = values
    if scheme == "gamma2":
        pairs = [("C0", "C1", 2 * kb * conc, v["koff"]), ("C1", "C2", kb * conc, 2 * v["koff"]),
                 ("C1", "O1", v["beta1"] * eff, v["alpha1"]), ("C2", "O2", v["beta2"] * eff, v["alpha2"]),
                 ("C1", "D1", v["d1"], v["r1"]), ("C2", "D2", v["d2"], v["r2"])]
    else:
        pairs = [("C0", "C1", 2 * kb * conc, v["koff"]), ("C1", "C2", kb * conc, 2 * v["koff"]),
                 ("C2", "O", v["beta"] * eff, v["alpha"]), ("C2", "D", v["d"], v["r"])]
    for a, b, forward, backward in pairs:
        add(a, b, forward)
        add(b, a, backward)
    return q


def steady_state(scheme: str, values: Mapping[str, float], gaba: float) -> dict[str, float]:
    """Occupancies at equilibrium with constant GABA (NEURON: ``SOLVE kin STEADYSTATE sparse``)."""
    names, _ = SCHEMES[scheme]
    q = generator(scheme, values, gaba)
    a = np.vstack([q[1:], np.ones(len(names))])
    b = np.zeros(len(names))
    b[-1] = 1.0
    x = np.linalg.solve(a, b)
    return dict(zip(names, np.clip(x, 0.0, 1.0)))


def open_fraction(scheme: str, values: Mapping[str, float], segments, dt: float, gaba0: float | None = None):
    """Exact open fraction for piecewise-constant GABA: ``segments`` = [(gaba mM, duration ms), ...],
    sampled every ``dt`` (the closed form of the validation cases), starting at the steady state
    of ``gaba0`` (default 0 mM)."""
    from scipy.linalg import expm

    names, open_states = SCHEMES[scheme]
    ss = steady_state(scheme, values, 0.0 if gaba0 is None else gaba0)
    x = np.array([ss[n] for n in names])
    io = [names.index(n) for n in open_states]
    out = [x[io].sum()]
    for gaba, duration in segments:
        m = expm(generator(scheme, values, gaba) * dt)
        for _ in range(int(round(duration / dt))):
            x = m @ x
            out.append(x[io].sum())
    return np.array(out)


# -- gat --------------------------------------------------------------------------------------
def gat_rates(v: Mapping[str, float]) -> tuple[float, float, float]:
    """First-order uptake rates (/ms): GAT-1 in the cleft, GAT-1 and GAT-3 extrasynaptic."""
    k1 = (1 - v["gat1_block"]) * v["v1"] / v["km1"]
    k1e = (1 - v["gat1_block"]) * v["v1e"] / v["km1"]
    k3 = (1 - v["gat3_block"]) * v["v3"] / v["km3"]
    return k1, k1e, k3


def gat_removal(v: Mapping[str, float]) -> float:
    """Rate (/ms) at which ambient GABA is removed at steady state (GAT-3, extrasynaptic GAT-1,
    and the cleft's GAT-1 reached by exchange)."""
    k1, k1e, k3 = gat_rates(v)
    cleft_path = v["vr"] * v["kesc"] * k1 / (k1 + v["kesc"]) if k1 + v["kesc"] > 0 else 0.0
    return k3 + k1e + cleft_path


def gat_supply_check(v: Mapping[str, float]) -> str | None:
    if v["src"] > 0 and gat_removal(v) <= 0:
        return (f"the GABA supply src = {v['src']:g} mM/ms is never removed (all uptake blocked or zero): "
                f"ambient GABA has no steady state (lower src or the blocks)")
    return None


def gat_steady_state(v: Mapping[str, float]) -> dict[str, float]:
    """Steady ``cleft`` and ``ambient`` (mM) without release, in closed form (gat.mod's INITIAL)."""
    problem = gat_supply_check(v)
    if problem:
        raise ParameterError(f"gat: {problem}")
    k1, _, _ = gat_rates(v)
    removal = gat_removal(v)
    ambient = v["src"] / removal if removal > 0 else 0.0
    cleft = v["kesc"] * ambient / (k1 + v["kesc"]) if k1 + v["kesc"] > 0 else ambient
    return {"ambient": ambient, "cleft": cleft}


# -- gad_pools --------------------------------------------------------------------------------
def gad_steady_state(v: Mapping[str, float]) -> dict[str, float]:
    """Steady pools of ``gad_pools`` (as its INITIAL): term, cyto, ves, total, supply, ves_rel."""
    term = v["palm"] * v["s65"] * v["gad65"] / (v["kv"] + v["kdeg"])
    cyto = (v["s67"] * v["gad67"] + (1 - v["palm"]) * v["s65"] * v["gad65"]) / (v["kdeg"] + v["kvc"])
    ves = (v["kv"] * term + v["kvc"] * cyto) / v["krel"]
    t0 = v["s65"] / (v["kv"] + v["kdeg"])
    c0 = v["s67"] / (v["kdeg"] + v["kvc"])
    ves_ctrl = (v["kv"] * t0 + v["kvc"] * c0) / v["krel"]
    return {"term": term, "cyto": cyto, "ves": ves, "total": term + cyto + ves, "supply": v["kleak"] * cyto,
            "ves_rel": ves / ves_ctrl if ves_ctrl > 0 else 0.0, "ves_ctrl": ves_ctrl}
