"""Closed-form results of the source chapter, shared by the models, the validation cases and
the tests. Plain numpy functions in NEURON units (mV, ms, mM, uS, nA); no simulator needed.
"""

from __future__ import annotations

import numpy as np

from .physics import (AVOGADRO, F, R, ZERO_C, exp2_factor, exp2_peak_time, mg_block,  # noqa: F401
                      molecules_to_mM, nernst, parallel_reversal, rt_over_f)


def exp2_conductance(t, t_events, weight, tau_rise, tau_decay):
    """Closed-form conductance of a normalised dual-exponential synapse after events at
    ``t_events`` (ms) with ``weight`` (peak per isolated event)."""
    t = np.asarray(t, float)
    f = exp2_factor(tau_rise, tau_decay)
    g = np.zeros_like(t)
    for t0 in np.atleast_1d(t_events):
        s = np.clip(t - t0, 0, None)
        g += np.where(t >= t0, weight * f * (np.exp(-s / tau_decay) - np.exp(-s / tau_rise)), 0.0)
    return g


# -- calcium-controlled plasticity (Shouval, Bear & Cooper 2002, PNAS 99:10831) ------------------
def _sig(x, beta):
    return 1.0 / (1.0 + np.exp(-beta * x))


def shouval_omega(ca, alpha1=0.35, alpha2=0.55, beta1=80.0, beta2=80.0):
    """Omega(Ca) = 0.25 + sig(Ca - alpha2, beta2) - 0.25 sig(Ca - alpha1, beta1), Ca in uM:
    ~0.25 (no change) below alpha1, ~0 (LTD) between alpha1 and alpha2, ~1 (LTP) above alpha2."""
    ca = np.asarray(ca, float)
    return 0.25 + _sig(ca - alpha2, beta2) - 0.25 * _sig(ca - alpha1, beta1)


def shouval_eta(ca, p1=1000.0, p2=100.0, p3=1e-5, p4=3.0):
    """Learning rate eta(Ca) = 1/(p1 + p2/(p3 + Ca^p4)) in /ms (Ca in uM, p1 and p2 in ms)."""
    ca = np.asarray(ca, float)
    return 1.0 / (p1 + p2 / (p3 + np.power(np.clip(ca, 0.0, None), p4)))


def shouval_weight(t, ca, w0=0.25, lam=1.0, **params):
    """Integrate dW/dt = eta(Ca)(Omega(Ca) - lam W) along a sampled Ca trace (uM, times in ms),
    exactly per interval for piecewise-constant Ca (each interval uses the Ca at its midpoint).

    The reference that the simulated weights of ``ca_plasticity`` are checked against.
    """
    t, ca = np.asarray(t, float), np.asarray(ca, float)
    om_keys = ("alpha1", "alpha2", "beta1", "beta2")
    et_keys = ("p1", "p2", "p3", "p4")
    mid = 0.5 * (ca[1:] + ca[:-1])
    om = shouval_omega(mid, **{k: params[k] for k in om_keys if k in params})
    et = shouval_eta(mid, **{k: params[k] for k in et_keys if k in params})
    w = np.empty_like(t)
    w[0] = w0
    for k, dt in enumerate(np.diff(t)):
        rate = et[k] * lam
        target = om[k] / lam if lam > 0 else None
        if lam > 0:
            w[k + 1] = target + (w[k] - target) * np.exp(-rate * dt)
        else:
            w[k + 1] = w[k] + et[k] * om[k] * dt
    return w


# -- GABA_B -> Gi/o -> GIRK (gabab_girk, gabab_pre) ------------------------------------------
def girk_activation(G, n=4.0, kd=100.0):
    """Fraction of GIRK channels opened by activated G protein: G^n/(G^n + K_D) (Destexhe &
    Sejnowski 1995, PNAS 92:9515; n = 4, K_D = 100 uM^4). ``G`` in uM."""
    if n < 1:
        raise ValueError(f"n (Gbetagamma binding sites) must be >= 1, got {n}")
    if kd <= 0:
        raise ValueError(f"K_D must be > 0, got {kd}")
    gn = np.power(np.clip(np.asarray(G, float), 0.0, None), n)
    return gn / (gn + kd)


def release_probability(ca, kd_rel=0.01, n_rel=4.0, pr_max=1.0):
    """Release probability pr_max Ca^n/(Ca^n + K^n), n_rel = 4 cooperative Ca2+ ions (Dodge &
    Rahamimoff 1967, J Physiol 193:419: release grows with the 4th power of Ca2+ when Pr is low);
    ``ca`` and ``kd_rel`` in mM."""
    ca = np.asarray(ca, float)
    if np.any(ca < 0) or kd_rel <= 0:
        raise ValueError(f"need Ca2+ >= 0 and kd_rel > 0, got ca={ca}, kd_rel={kd_rel}")
    can = np.power(ca, n_rel)
    return pr_max * can / (can + kd_rel ** n_rel)


def gabab_cascade(t, events, *, cmax, cdur, k1, k2, k3, k4, d1=0.0, d2=0.0, rtot=1.0, ptx=0.0, weight=1.0,
                  **_ignored):
    """Exact receptor and G-protein states (R, D, G) of the GABA_B cascade of ``gabab_girk`` /
    ``gabab_pre`` at the times ``t`` (ms) for GABA pulses (weight*cmax mM for cdur ms, an event
    during a pulse restarting it) at ``events`` (ms).

    The system R' = k1 T (rtot - R - D) - k2 R + d2 D, D' = d1 R - d2 D, G' = k3 (1 - ptx) R - k4 G
    is linear with piecewise-constant T, so each interval is advanced exactly by a matrix
    exponential. This is the reference the simulators' backward Euler steps are compared with.
    Extra keyword arguments (the other parameters of a table) are ignored.
    """
    from scipy.linalg import expm

    rates = dict(k1=k1, k2=k2, k3=k3, k4=k4, d1=d1, d2=d2)
    bad = [k for k, v in rates.items() if v < 0]
    if bad:
        raise ValueError(f"rates must be >= 0, got {', '.join(f'{k}={rates[k]}' for k in bad)}")
    t = np.asarray(t, float)
    pulses = []  # (start, end) with restart semantics
    for te in sorted(events):
        if pulses and te < pulses[-1][1]:
            pulses[-1] = (pulses[-1][0], te)
        pulses.append((te, te + cdur))
    edges = sorted({x for p in pulses for x in p} | set(t.tolist()) | {0.0})
    c_on = weight * cmax

    def conc(a, b):
        mid = 0.5 * (a + b)
        return c_on if any(s <= mid < e for s, e in pulses) else 0.0

    cache = {}

    def propagator(T, h):
        key = (T, round(h, 12))
        if key not in cache:
            m = np.zeros((4, 4))  # affine system in (R, D, G, 1)
            m[0, :] = (-k1 * T - k2, -k1 * T + d2, 0.0, k1 * T * rtot)
            m[1, :2] = (d1, -d2)
            m[2, 0], m[2, 2] = k3 * (1.0 - ptx), -k4
            cache[key] = expm(m * h)
        return cache[key]

    state = np.array([0.0, 0.0, 0.0, 1.0])
    values = {0.0: state[:3].copy()}
    for a, b in zip(edges[:-1], edges[1:]):
        if b > a:
            state = propagator(conc(a, b), b - a) @ state
        values[b] = state[:3].copy()
    out = np.array([values[x] for x in t.tolist()])
    return out[:, 0], out[:, 1], out[:, 2]


# -- glutamate transporters (eaat) ------------------------------------------------------------
def eaat_vmax(values, location):
    """Per-subtype maximal uptake rate Vmax_k (mM/ms, in the extrasynaptic volume) of the
    transporters on ``location`` (``"astro"`` or ``"neuron"``): kcat_k (1 - block_k) dens_k area
    / (N_A vol_ecs). ``values`` is a complete eaat parameter set (NEURON units)."""
    if location not in ("astro", "neuron"):
        raise ValueError(f"location must be 'astro' or 'neuron', got {location!r}")
    area = values[f"area_{location}"]
    n = [values[f"kcat{k}"] * (1 - values[f"block{k}"]) * values[f"dens_{location}{k}"] * area for k in range(1, 6)]
    return molecules_to_mM(np.array(n), values["vol_ecs"])


def eaat_linear_rates(values):
    """Linear-regime clearance rate constants Vmax_k/Km_k (/ms) per subtype, astrocytes + neurons."""
    km = np.array([values[f"km{k}"] for k in range(1, 6)])
    if np.any(km <= 0):
        raise ValueError(f"Km must be > 0 mM, got {km}")
    return (eaat_vmax(values, "astro") + eaat_vmax(values, "neuron")) / km


def eaat_linear_tau(values):
    """Decay time constant (ms) of extrasynaptic/cleft glutamate in the linear regime (E << Km).

    One compartment: tau = 1/sum_k(Vmax_k/Km_k) (the chapter's tau = Km/Vmax per volume). With the
    cleft (vol_cleft, exchange k_diff) it is -1/lambda_slow of
    [[-k_diff, k_diff], [k_diff r, -k_diff r - k_up]], r = vol_cleft/vol_ecs.
    """
    k_up = float(np.sum(eaat_linear_rates(values)))
    kd, r = values["k_diff"], values["vol_cleft"] / values["vol_ecs"]
    tr = -(kd + kd * r + k_up)
    det = kd * k_up
    if k_up <= 0:
        return np.inf
    lam = (tr + np.sqrt(tr * tr - 4 * det)) / 2
    return -1.0 / lam


def eaat_capacity_ratio(values):
    """Astrocyte / neuron uptake capacity: sum_k kcat_k dens_k area over the two membranes."""
    astro, neuron = eaat_vmax(values, "astro").sum(), eaat_vmax(values, "neuron").sum()
    return astro / neuron if neuron > 0 else np.inf


def eaat_share(values, k=2):
    """Share of subtype ``k`` in the linear-regime uptake (Vmax_k/Km_k over the sum)."""
    rates = eaat_linear_rates(values)
    return float(rates[k - 1] / rates.sum())


# -- glutamate-glutamine cycle (glu_gln_cycle) ---------------------------------------------------
GLU_GLN_POOLS = ("glu_ecs", "glu_astro", "gln_astro", "gln_neuron", "glu_neuron", "glu_ves")
_CYCLE_STEPS = (("eaat", "vol_ecs", None), ("gs", "vol_astro", "block_gs"), ("snat", "vol_astro", None),
                ("pag", "vol_neuron", "block_pag"), ("vglut", "vol_neuron", None))


def glu_gln_fluxes(values, pools):
    """Fluxes (mM per tissue volume per ms) leaving each pool: EAAT uptake, GS, SNAT, PAG, VGLUT,
    release. ``pools`` maps the pool names of :data:`GLU_GLN_POOLS` to concentrations (mM)."""
    out = {}
    for (step, vol, block), pool in zip(_CYCLE_STEPS, GLU_GLN_POOLS):
        c = np.asarray(pools[pool], float)
        vmax = values[f"vmax_{step}"] * (1 - (values[block] if block else 0.0))
        out[f"j_{step}"] = vmax * values[vol] * c / (values[f"km_{step}"] + c)
    out["j_rel"] = values["k_rel"] * values["vol_ves"] * np.asarray(pools["glu_ves"], float)
    return out


def glu_gln_steady_state(values):
    """Steady state of the cycle for the conserved ``total``: every flux equals the cycle flux J,
    so each Michaelis-Menten pool is c = Km J/(V - J) (V = vmax vol (1 - block)), the vesicles
    hold J/(k_rel vol_ves), and J solves sum_i vol_i c_i(J) = total (monotonic: bisection to
    round-off). Returns ``{"J": J, pool: concentration}``. With a fully blocked step (or no
    release) the whole total sits in the pool in front of it and J = 0."""
    caps = []
    for step, vol, block in _CYCLE_STEPS:
        caps.append(values[f"vmax_{step}"] * values[vol] * (1 - (values[block] if block else 0.0)))
    caps.append(np.inf if values["k_rel"] > 0 else 0.0)
    vols = [values[v] for _, v, _ in _CYCLE_STEPS] + [values["vol_ves"]]
    if min(caps) <= 0:
        k = int(np.argmin(caps))
        out = {p: 0.0 for p in GLU_GLN_POOLS}
        out[GLU_GLN_POOLS[k]] = values["total"] / vols[k]
        out["J"] = 0.0
        return out

    def pools_at(J):
        c = [values[f"km_{step}"] * J / (cap - J) for (step, _, _), cap in zip(_CYCLE_STEPS, caps[:-1])]
        c.append(J / (values["k_rel"] * values["vol_ves"]))
        return c

    lo, hi = 0.0, min(caps[:-1])
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if mid in (lo, hi):
            break
        if sum(v * c for v, c in zip(vols, pools_at(mid))) < values["total"]:
            lo = mid
        else:
            hi = mid
    J = 0.5 * (lo + hi)
    out = dict(zip(GLU_GLN_POOLS, pools_at(J)))
    out["J"] = J
    return out


def glu_gln_total(values, pools):
    """Glutamate + glutamine per tissue volume (mM): sum_i vol_i c_i."""
    vols = [values[v] for _, v, _ in _CYCLE_STEPS] + [values["vol_ves"]]
    return sum(v * np.asarray(pools[p], float) for v, p in zip(vols, GLU_GLN_POOLS))
