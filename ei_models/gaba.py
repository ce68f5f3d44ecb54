"""GABA-side helpers shared by the GABA_A receptor, GAT and GAD mechanisms.

* :class:`KineticScheme`, a receptor's kinetic scheme as data (each receptor mechanism module
  declares its own in ``KINETIC_SCHEMES``; the NMODL KINETIC block and the Brian2 equations are
  written from it), with the generator matrix Q(conc) and the exact solution for
  piecewise-constant GABA (matrix exponential): the closed-form references of the validation
  cases V10 and V11, and the steady state a Brian2 model starts from (NEURON's INITIAL does
  ``STEADYSTATE sparse``). Nothing here names a mechanism.
* The drug presets (diazepam, zolpidem, allopregnanolone, gaboxadol/THIP) and the GAT blocker
  presets (NO-711, tiagabine, SNAP-5114).
* The closed-form steady states of ``gat`` and ``gad_pools`` (as their INITIAL blocks), the
  latter with the GABA shunt (GABA-T, vigabatrin) and the PLP cofactor of GAD65/GAD67.

Units are NEURON's (mM, ms, /ms, /mM/ms).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

import numpy as np

from .errors import ParameterError, UnknownNameError
from .params import Parameter, Preset

# -- drugs ------------------------------------------------------------------------------------
JW1995 = ("Jones & Westbrook 1995, Neuron 15:181 (scheme); rates fit to V10's targets: EC50 5-50 uM and "
          ">= 50 % desensitization in 500 ms of 1 mM GABA")
BZ_SRC = "Rogers, Twyman & Macdonald 1994, Mol Pharmacol 46:1001; Mellor & Randall 1997, J Physiol 503:353"
ZOLP_SRC = "Perrais & Ropert 1999, J Neurosci 19:578; Pritchett & Seeburg 1990, J Neurochem 54:1802"
NS_SRC = "Bianchi & Macdonald 2003, J Neurosci 23:10934; Stell et al. 2003, PNAS 100:14439"
THIP_SRC = "Brown et al. 2002, Br J Pharmacol 136:965; Mortensen et al. 2010, J Physiol 588:1251"
DELTA_SRC = "Haas & Macdonald 1999, J Physiol 514:27; Bianchi, Haas & Macdonald 2002, Neuropharmacology 43:492"
NOBZ_SRC = "no gamma2 subunit, no benzodiazepine site: Saxena & Macdonald 1994, J Neurosci 14:7077"
CHAPTER_DRUG = "typical bath concentration (modelling choice)"

#: published drug effects the presets are checked against (validation V10/V11, tests/test_gaba.py).
#: Each is (value, source); they are measurements, not fitted numbers. Ratios are drug/control of
#: the IPSC peak ("amp") and decay time constant ("tau").
BZ_MEASURED = {
    # 1 uM flunitrazepam, 5 ms of 1 mM GABA on patches: amplitude unchanged, deactivation slowed by
    # ~50 %; on mIPSCs the half-width rises much more than the amplitude
    "amp": (1.0, "Mellor & Randall 1997, J Physiol 503:353 (1 mM GABA on patches: no change)"),
    "tau": (1.5, "Mellor & Randall 1997, J Physiol 503:353 (deactivation slowed ~ 50 %); "
                 "Otis & Mody 1992, Neuroscience 49:13 (midazolam prolongs the sIPSC decay)"),
}
ZOLP_MEASURED = {
    "amp": (1.38, "Perrais & Ropert 1999, J Neurosci 19:578 (mIPSC amplitude 138 +- 26 %, 10 uM, 22 C)"),
    "tau": (1.63, "Perrais & Ropert 1999, J Neurosci 19:578 (mIPSC duration 163 +- 14 %, 10 uM, 22 C)"),
}
NS_MEASURED = {
    "amp": (1.0, "Cooper, Johnston & Edwards 1999, J Physiol 521:437 (THDOC 1-2 uM: no change of mIPSC amplitude)"),
    "tau": (4.0, "Cooper, Johnston & Edwards 1999, J Physiol 521:437 (THDOC 2 uM: ~ 4x the slow mIPSC decay)"),
    "tau_low": (1.375, "Cooper, Johnston & Edwards 1999, J Physiol 521:437 (THDOC 50-100 nM: decay +25-50 %)"),
}

#: drug presets for both receptor families (group "drug"); the first is no drug. ``bz_nona1`` is
#: the drug's efficacy at alpha1-free (alpha2/3/5) receptors relative to alpha1 ones: 1 for
#: diazepam (non-selective), 0 for zolpidem (alpha1-selective: ~ 10x lower affinity at
#: alpha2/3 and none at alpha5, Pritchett & Seeburg 1990; Sieghart 1995, Pharmacol Rev 47:181)
DRUGS = (
    Preset("none", {"bz": 0.0, "ns": 0.0, "thip": 0.0}, "control", "no modulator"),
    Preset("diazepam", {"bz": 1e-3, "kd_bz": 5e-5, "bz_nona1": 1.0}, BZ_SRC,
           "1 uM diazepam (benzodiazepine site, EC50 ~ 50 nM, alpha1/2/3/5 alike)"),
    Preset("zolpidem", {"bz": 1e-3, "kd_bz": 1e-4, "bz_nona1": 0.0}, ZOLP_SRC,
           "1 uM zolpidem (alpha1-selective benzodiazepine-site agonist, ~ 100 nM; no effect without alpha1)"),
    Preset("allopregnanolone", {"ns": 1e-3}, NS_SRC, "1 uM allopregnanolone (neurosteroid)"),
    Preset("gaboxadol", {"thip": 1e-3}, THIP_SRC, "1 uM gaboxadol (THIP), delta-preferring GABA-site agonist"),
    Preset("thip", {"thip": 1e-3}, THIP_SRC, "1 uM THIP (= gaboxadol)"),
)


def drug_parameters(*, kd_ns: float, ns_beta: float, bz_kon: float, thip_pot: float, thip_eff: float,
                    ns_src: str, bz_src: str, thip_src: str, bz_koff: float = 1.0, ns_koff: float = 1.0,
                    a1sub: float = 0.0, koff_src: str = "no effect (modelling choice)") -> tuple[Parameter, ...]:
    """The modulator parameters shared by the GABA_A receptor mechanisms (subtype values given).
    ``bz_koff``/``ns_koff``: fold change of the GABA unbinding rate by a saturating
    benzodiazepine / neurosteroid (< 1 slows unbinding and prolongs the IPSC); ``a1sub``: 1 for
    an alpha1-containing receptor, 0 for an alpha1-free one (zolpidem's selectivity)."""
    return (
        Parameter("bz", 0.0, "mM", "[0, inf)", BZ_SRC, "benzodiazepine-site agonist (diazepam, zolpidem) concentration"),
        Parameter("kd_bz", 5e-5, "mM", "(0, inf)", BZ_SRC, "benzodiazepine potency (diazepam ~ 50 nM)"),
        Parameter("bz_kon", bz_kon, "1", "(0, inf)", bz_src, "maximal fold change of the GABA binding rate by a benzodiazepine"),
        Parameter("bz_koff", bz_koff, "1", "(0, inf)", koff_src, "maximal fold change of the GABA unbinding rate by a benzodiazepine"),
        Parameter("bz_nona1", 1.0, "1", "[0, 1]", ZOLP_SRC, "benzodiazepine-site drug's efficacy at alpha1-free receptors (diazepam 1, zolpidem 0)"),
        Parameter("a1sub", a1sub, "1", "[0, 1]", ZOLP_SRC, "1: alpha1-containing receptor, 0: alpha1-free (alpha2/3/5, or no BZ site)"),
        Parameter("ns", 0.0, "mM", "[0, inf)", NS_SRC, "neurosteroid (allopregnanolone) concentration"),
        Parameter("kd_ns", kd_ns, "mM", "(0, inf)", ns_src, "neurosteroid potency"),
        Parameter("ns_beta", ns_beta, "1", "(0, inf)", ns_src, "maximal fold increase of the opening rate(s) by a neurosteroid"),
        Parameter("ns_koff", ns_koff, "1", "(0, inf)", koff_src, "maximal fold change of the GABA unbinding rate by a neurosteroid"),
        Parameter("thip", 0.0, "mM", "[0, inf)", THIP_SRC, "gaboxadol (THIP) concentration"),
        Parameter("thip_pot", thip_pot, "1", "[0, inf)", thip_src, "THIP binding rate relative to GABA"),
        Parameter("thip_eff", thip_eff, "1", "[0, inf)", thip_src, "THIP gating efficacy relative to GABA"),
    )


# -- kinetic schemes --------------------------------------------------------------------------
def _modulated(values: Mapping[str, float], conc: float):
    """(binding rate kb, unbinding rate ku, efficacy factor) for total agonist ``conc`` (as the
    NMODL rates()): the benzodiazepine site's occupancy bz/(bz + kd_bz), weighted by the drug's
    efficacy at this receptor (a1sub + (1 - a1sub) * bz_nona1), scales the binding rate by up
    to bz_kon and the unbinding rate by up to bz_koff; the neurosteroid's occupancy scales the
    opening rates by up to ns_beta and the unbinding rate by up to ns_koff."""
    v = values
    eff = 1.0
    if conc > 0:
        eff = 1.0 + (v["thip_eff"] - 1.0) * v["thip_pot"] * v["thip"] / conc
    fns = v["ns"] / (v["ns"] + v["kd_ns"])
    eff *= 1.0 + (v["ns_beta"] - 1.0) * fns
    fbz = v["bz"] / (v["bz"] + v["kd_bz"]) * (v["a1sub"] + (1.0 - v["a1sub"]) * v["bz_nona1"])
    kb = v["kon"] * (1.0 + (v["bz_kon"] - 1.0) * fbz)
    ku = v["koff"] * (1.0 + (v["bz_koff"] - 1.0) * fbz) * (1.0 + (v["ns_koff"] - 1.0) * fns)
    return kb, ku, eff


@dataclass(frozen=True)
class KineticScheme:
    """A receptor's kinetic scheme as data, the one source of its NMODL ``KINETIC`` block, its
    Brian2 equations (both written from it, see :mod:`ei_models.generated`) and the generator
    matrix below.

    Parameters
    ----------
    name : str
        Short name of the scheme (several mechanisms may share one).
    states : tuple of str
        Occupancies; the first is the conserved one (NEURON: ``CONSERVE``; Brian2 eliminates it).
    open : tuple of str
        The conducting states.
    transitions : tuple of (str, str, str, str)
        ``(a, b, forward, backward)``: ``a <-> b`` with rate expressions (NMODL, Brian2 and
        Python syntax alike) in the mechanism's parameters and the modulated quantities ``conc``
        (total agonist), ``kb`` (binding rate per site), ``ku`` (unbinding rate per site) and the
        names in ``gated``.
    gated : mapping
        Opening rates scaled by the agonist/neurosteroid efficacy: ``{rate: parameter}``, e.g.
        ``{"b1": "beta1"}`` for ``b1 = beta1 * eff``.
    scale : str
        Name of a factor multiplying every rate (``"qt"``, the Q10 factor at ``celsius``, see
        :func:`ei_models.params.q10_factors`): the generated right-hand sides are ``scale * (...)``.
    """

    name: str
    states: tuple[str, ...]
    open: tuple[str, ...]
    transitions: tuple[tuple[str, str, str, str], ...]
    gated: Mapping[str, str]
    scale: str = ""

    def __post_init__(self):
        for a, b, _, _ in self.transitions:
            if a not in self.states or b not in self.states:
                raise ValueError(f"scheme {self.name}: transition {a} <-> {b} between unknown states")
        if not set(self.open) <= set(self.states):
            raise ValueError(f"scheme {self.name}: open states {self.open} not among {self.states}")

    # -- text written from the data ---------------------------------------------------------
    def kinetic_lines(self, indent: str = "    ") -> str:
        """The reactions and the conservation law of the NMODL ``KINETIC`` block."""
        lines = [f"{indent}~ {a} <-> {b} ({f}, {r})" for a, b, f, r in self.transitions]
        lines.append(f"{indent}CONSERVE {' + '.join(self.states)} = 1")
        return "\n".join(lines)

    def derivative_lines(self, indent: str = "    ") -> str:
        """The NMODL ``DERIVATIVE`` statements of the mod files' two-path step, one per state:
        ``X' = cvode_on * (mass-action flux of X) + hinv * (Xn - X)``. Under CVODE
        (``cvode_on = 1``, ``hinv = 0``) this is the scheme's right-hand side, the KINETIC block's
        fluxes written out (inflow from parents and children, minus the summed exit rates times
        X), and its diagonal Jacobian is exact; at a fixed step h (``cvode_on = 0``,
        ``hinv = 1/h``) NEURON's Euler update X + h X' lands on ``Xn``, the mod file's closed-form
        backward-Euler value."""

        def term(rate, state):
            return f"({rate}) * {state}" if re.search(r"[-+]", rate) else f"{rate} * {state}"

        lines = []
        for x in self.states:
            gains = [term(f, a) for a, b, f, _ in self.transitions if b == x]
            gains += [term(r, b) for a, b, _, r in self.transitions if a == x]
            exits = [r for a, b, f, r in self.transitions if b == x] + [f for a, b, f, r in self.transitions if a == x]
            loss = term(exits[0], x) if len(exits) == 1 else f"({' + '.join(exits)}) * {x}"
            k = f"{self.scale} * " if self.scale else ""
            lines.append(f"{indent}{x}' = cvode_on * {k}({' + '.join(gains)} - {loss}) + hinv * ({x}n - {x})")
        return "\n".join(lines)

    def brian2_lines(self, flags: str = "") -> str:
        """Brian2 equations: ``dX/dt`` of every state but the first, which follows from the
        conservation law. Per state: inflow from its parents, minus its summed exit rates times
        itself, plus inflow from its children (parent = the first state of a transition)."""

        def term(rate, state):
            return f"({rate}) * {state}" if re.search(r"[-+]", rate) else f"{rate} * {state}"

        suffix = f" ({flags})" if flags else ""
        lines = []
        for x in self.states[1:]:
            parents = [term(f, a) for a, b, f, _ in self.transitions if b == x]
            children = [term(r, b) for a, b, _, r in self.transitions if a == x]
            exits = [r for a, b, f, r in self.transitions if b == x] + [f for a, b, f, r in self.transitions if a == x]
            loss = term(exits[0], x) if len(exits) == 1 else f"({' + '.join(exits)}) * {x}"
            rhs = " + ".join(parents) + f" - {loss}" + "".join(f" + {c}" for c in children)
            rhs = f"{self.scale} * ({rhs})" if self.scale else rhs
            lines.append(f"d{x}/dt = {rhs} : 1{suffix}")
        lines.append(f"{self.states[0]} = 1 - {' - '.join(self.states[1:])} : 1")
        return "\n".join(lines)


def _schemes() -> dict[str, KineticScheme]:
    """{mechanism name and scheme name: scheme} from the ``KINETIC_SCHEMES`` of the mechanism
    modules (``{mechanism: KineticScheme}``)."""
    import importlib
    import pkgutil

    from . import mechanisms

    found: dict[str, KineticScheme] = {}
    for info in pkgutil.iter_modules(mechanisms.__path__):
        module = importlib.import_module(f"{mechanisms.__name__}.{info.name}")
        for mech, scheme in getattr(module, "KINETIC_SCHEMES", {}).items():
            found[mech] = found[scheme.name] = scheme
    return found


def scheme_of(which) -> KineticScheme:
    """The kinetic scheme of a mechanism (its name), by the scheme's own name, or ``which``
    itself when it is a :class:`KineticScheme`."""
    if isinstance(which, KineticScheme):
        return which
    schemes = _schemes()
    try:
        return schemes[which]
    except (KeyError, TypeError):
        raise UnknownNameError(f"no kinetic scheme {which!r}; known: {', '.join(sorted(schemes))}") from None


def generator(scheme, values: Mapping[str, float], gaba: float, celsius: float | None = None) -> np.ndarray:
    """Q with dx/dt = Q x for GABA concentration ``gaba`` (mM, plus THIP from ``values``).
    ``scheme``: a :class:`KineticScheme`, its name or a mechanism's name. ``celsius``: every rate
    times the Q10 factor ``q10**((celsius - temp_ref)/10)`` of ``values`` (a scheme with
    :attr:`KineticScheme.scale`); ``None``: the rates at ``temp_ref`` (the table's values)."""
    scheme = scheme_of(scheme)
    qt = 1.0
    if celsius is not None and scheme.scale:
        from .params import check_celsius, q10_factors

        qt = q10_factors(values, check_celsius(celsius, f"scheme {scheme.name}"))[scheme.scale]
    conc = gaba + values["thip_pot"] * values["thip"]
    kb, ku, eff = _modulated(values, conc)
    env = dict(values, conc=conc, kb=kb, ku=ku, **{rate: values[p] * eff for rate, p in scheme.gated.items()})
    idx = {n: k for k, n in enumerate(scheme.states)}
    q = np.zeros((len(idx), len(idx)))

    def add(a, b, rate):
        q[idx[b], idx[a]] += rate
        q[idx[a], idx[a]] -= rate

    for a, b, forward, backward in scheme.transitions:
        add(a, b, float(eval(forward, {"__builtins__": {}}, env)))
        add(b, a, float(eval(backward, {"__builtins__": {}}, env)))
    return q * qt


def steady_state(scheme, values: Mapping[str, float], gaba: float) -> dict[str, float]:
    """Occupancies at equilibrium with constant GABA (NEURON: ``SOLVE kin STEADYSTATE sparse``).
    ``scheme``: a :class:`KineticScheme`, its name or a mechanism's name."""
    names = scheme_of(scheme).states
    q = generator(scheme, values, gaba)
    a = np.vstack([q[1:], np.ones(len(names))])
    b = np.zeros(len(names))
    b[-1] = 1.0
    x = np.linalg.solve(a, b)
    return dict(zip(names, np.clip(x, 0.0, 1.0)))


def open_fraction(scheme, values: Mapping[str, float], segments, dt: float, gaba0: float | None = None,
                  celsius: float | None = None):
    """Exact open fraction for piecewise-constant GABA: ``segments`` = [(gaba mM, duration ms), ...],
    sampled every ``dt`` (the closed form of the validation cases), starting at the steady state
    of ``gaba0`` (default 0 mM). ``scheme``: a :class:`KineticScheme`, its name or a mechanism's name.
    ``celsius``: the rates Q10-scaled to that temperature (:func:`generator`); ``None``: at temp_ref."""
    from scipy.linalg import expm

    scheme = scheme_of(scheme)
    names = scheme.states
    ss = steady_state(scheme, values, 0.0 if gaba0 is None else gaba0)
    x = np.array([ss[n] for n in names])
    io = [names.index(n) for n in scheme.open]
    out = [x[io].sum()]
    for gaba, duration in segments:
        m = expm(generator(scheme, values, gaba, celsius) * dt)
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
def gad_holo(v: Mapping[str, float]) -> tuple[float, float]:
    """Holoenzyme (PLP-bound) fractions (GAD67, GAD65) at steady state: GAD67 binds PLP tightly,
    h67 = plp/(plp + kd67_plp); GAD65 cycles between apo and holo forms, PLP binding at rate
    ka65 * plp/(plp + kd65_plp) and abortive transamination back to apo at ki65/(1 + act), so
    h65 = a/(a + b) (gad_pools.mod's INITIAL)."""
    h67 = v["plp"] / (v["plp"] + v["kd67_plp"])
    a = v["ka65"] * v["plp"] / (v["plp"] + v["kd65_plp"])
    b = v["ki65"] / (1.0 + v["act"])
    return h67, (a / (a + b) if a + b > 0 else 0.0)


def gad_steady_state(v: Mapping[str, float]) -> dict[str, float]:
    """Steady pools of ``gad_pools`` (as its INITIAL): term, cyto, ves, ssa (succinic
    semialdehyde), h65, h67, total, supply, shunt (succinate flux into the TCA cycle), ves_rel,
    ves_ctrl (vesicular GABA at control: palm = gad65 = gad67 = plp = 1, act = vgb = 0)."""
    h67, h65 = gad_holo(v)
    kgt = v["kdeg"] * (1.0 - v["vgb"])
    term = v["palm"] * v["s65"] * v["gad65"] * h65 / (v["kv"] + kgt)
    cyto = (v["s67"] * v["gad67"] * h67 + (1 - v["palm"]) * v["s65"] * v["gad65"] * h65) / (kgt + v["kvc"])
    ves = (v["kv"] * term + v["kvc"] * cyto) / v["krel"]
    ssa = kgt * (term + cyto) / v["kssadh"]
    h67c, h65c = gad_holo(dict(v, plp=1.0, act=0.0))
    t0 = v["s65"] * h65c / (v["kv"] + v["kdeg"])
    c0 = v["s67"] * h67c / (v["kdeg"] + v["kvc"])
    ves_ctrl = (v["kv"] * t0 + v["kvc"] * c0) / v["krel"]
    return {"term": term, "cyto": cyto, "ves": ves, "ssa": ssa, "h65": h65, "h67": h67,
            "total": term + cyto + ves, "supply": v["kleak"] * cyto, "shunt": v["kssadh"] * ssa,
            "synthesis": v["s67"] * v["gad67"] * h67 + v["s65"] * v["gad65"] * h65,
            "ves_rel": ves / ves_ctrl if ves_ctrl > 0 else 0.0, "ves_ctrl": ves_ctrl}
