"""Physical chemistry and closed forms that the models themselves use: CODATA constants, RT/F,
the Nernst potential, parallel reversal potentials, the NMDA Mg2+ block of Jahr & Stevens (1990),
the dual-exponential peak factor and molecule counts as concentrations.

This is the one home of each formula in Python: the Brian2 helpers (``ei_models.brian2.mg_block``,
``nernst``), the ion table, the parameter tables' derived values and the validation references
all call these. Plain numpy, NEURON units (mV, ms, mM).
"""

from __future__ import annotations

import numpy as np

#: CODATA 2018 exact values: Avogadro constant (/mol), elementary charge (C); Faraday constant
#: (C/mol) = N_A e; gas constant (J/(mol K)) = N_A k_B.
AVOGADRO = 6.02214076e23
E_CHARGE = 1.602176634e-19
R = 8.314462618
F = 96485.33212
ZERO_C = 273.15


def rt_over_f(celsius: float) -> float:
    """RT/F in mV at ``celsius`` (26.71 mV at 310 K)."""
    return 1e3 * R * (celsius + ZERO_C) / F


def nernst(c_out, c_in, z: int, celsius: float = 37.0):
    """Nernst potential E = RT/(zF) ln(c_out/c_in), in mV.

    Raises
    ------
    ValueError
        For a non-positive concentration or z = 0.
    """
    c_out, c_in = np.asarray(c_out, float), np.asarray(c_in, float)
    if np.any(c_out <= 0) or np.any(c_in <= 0):
        raise ValueError(f"Nernst potential needs positive concentrations, got out={c_out}, in={c_in}")
    if z == 0:
        raise ValueError("Nernst potential needs a non-zero valence")
    return rt_over_f(celsius) / z * np.log(c_out / c_in)


def parallel_reversal(g, e):
    """Reversal of parallel conductances: E_rev = sum(g_i E_i) / sum(g_i)."""
    g, e = np.asarray(g, float), np.asarray(e, float)
    return float(np.sum(g * e) / np.sum(g))


#: Jahr & Stevens (1990, J Neurosci 10:3178) Mg2+ block: dissociation constant at 0 mV (mM) and
#: voltage dependence (/mV); the defaults of the nmda and eaat tables
MG_K0_JS1990 = 3.57
MG_GAMMA_JS1990 = 0.062


def mg_block(v, mg=1.0, k0=MG_K0_JS1990, gamma=MG_GAMMA_JS1990):
    """NMDA Mg2+ unblocked fraction B(V) = 1/(1 + [Mg]/k0 exp(-gamma V)) (Jahr & Stevens 1990,
    J Neurosci 10:3178). ``v`` in mV, ``mg`` and ``k0`` in mM, ``gamma`` in /mV."""
    if np.any(np.asarray(mg) < 0):
        raise ValueError(f"[Mg2+]o must be >= 0 mM, got {mg}")
    return 1.0 / (1.0 + np.asarray(mg, float) / k0 * np.exp(-gamma * np.asarray(v, float)))


def exp2_peak_time(tau_rise: float, tau_decay: float) -> float:
    """Time to peak of exp(-t/tau_decay) - exp(-t/tau_rise)."""
    if not 0 < tau_rise < tau_decay:
        raise ValueError(f"need 0 < tau_rise < tau_decay, got {tau_rise}, {tau_decay}")
    return tau_rise * tau_decay / (tau_decay - tau_rise) * np.log(tau_decay / tau_rise)


def exp2_factor(tau_rise: float, tau_decay: float) -> float:
    """Normalisation making the dual exponential peak at 1 (as NEURON's Exp2Syn)."""
    tp = exp2_peak_time(tau_rise, tau_decay)
    return 1.0 / (np.exp(-tp / tau_decay) - np.exp(-tp / tau_rise))


def molecules_to_mM(n, volume_um3):
    """Concentration (mM) of ``n`` molecules in ``volume_um3`` (um3): n/(N_A V)."""
    if np.any(np.asarray(volume_um3) <= 0):
        raise ValueError(f"volume must be > 0 um3, got {volume_um3}")
    return np.asarray(n, float) / (AVOGADRO * np.asarray(volume_um3, float) * 1e-15) * 1e3


#: below this |u| = |z F V / RT| the GHK expressions use their Taylor series (exact form 0/0 at V = 0)
GHK_SERIES_U = 1e-3


def ghk_drive(v, c_in, c_out, z: int = 2, celsius: float = 37.0):
    """The concentration term of the Goldman-Hodgkin-Katz flux (current) equation, in mM:

        f(V) = u (c_in - c_out exp(-u)) / (1 - exp(-u)),   u = z F V / (R T),

    so that the GHK current is I = P z F f(V) (Goldman 1943, J Gen Physiol 27:37; Hodgkin & Katz
    1949, J Physiol 108:37): negative (influx of a cation) for every V below the ion's Nernst
    potential, zero there, and f(0) = c_in - c_out. At |u| < :data:`GHK_SERIES_U` the series
    f = (c_in - c_out) + (c_in + c_out) u/2 + (c_in - c_out) u^2/12 (error O(u^4)) replaces the
    exact form, which is 0/0 at V = 0. ``v`` in mV, concentrations in mM (> 0)."""
    v, c_in, c_out = (np.asarray(x, float) for x in (v, c_in, c_out))
    if np.any(c_in <= 0) or np.any(c_out <= 0):
        raise ValueError(f"GHK needs positive concentrations, got in={c_in}, out={c_out}")
    u = z * v / rt_over_f(celsius)
    small = np.abs(u) < GHK_SERIES_U
    us = np.where(small, GHK_SERIES_U, u)
    exact = us * (c_in - c_out * np.exp(-us)) / (-np.expm1(-us))
    series = (c_in - c_out) + (c_in + c_out) * u / 2 + (c_in - c_out) * u ** 2 / 12
    return np.where(small, series, exact)


def ghk_drive_dv(v, c_in, c_out, z: int = 2, celsius: float = 37.0):
    """d f / d V of :func:`ghk_drive` (mM/mV), analytic, with the same series near V = 0."""
    v, c_in, c_out = (np.asarray(x, float) for x in (v, c_in, c_out))
    k = z / rt_over_f(celsius)
    u = k * v
    small = np.abs(u) < GHK_SERIES_U
    us = np.where(small, GHK_SERIES_U, u)
    eu = np.exp(-us)
    d = (1 - eu) ** 2
    da = ((1 - eu) - us * eu) / d  # d/du of u/(1 - exp(-u))
    db = eu * ((1 - eu) - us) / d  # d/du of u exp(-u)/(1 - exp(-u))
    exact = c_in * da - c_out * db
    series = (c_in + c_out) / 2 + (c_in - c_out) * u / 6
    return k * np.where(small, series, exact)


#: the conditions at which the NMDA receptor's Ca2+ share ``ca_frac`` is defined (Burnashev et al.
#: 1995, J Physiol 485:403; Schneggenburger et al. 1993, Neuron 11:133): -60 mV, 2 mM [Ca2+]o,
#: 50 nM [Ca2+]i (NEURON's default cai), 37 C, and the monovalent reversal potential 0 mV
NMDA_CA_REF = {"v": -60.0, "e_mono": 0.0, "cai": 5e-5, "cao": 2.0, "celsius": 37.0}


def nmda_ghk_scale(ref=None) -> float:
    """The permeability-like factor (mV/mM) of the NMDA Ca2+ current
    i_ca = ca_frac * g * mgb * ghk_scale * f(V, cai, cao): ghk_scale = (V_ref - E_mono) / f(V_ref)
    at :data:`NMDA_CA_REF`, so that there the Ca2+ current is exactly ``ca_frac`` of the total
    and the total chord conductance is g * mgb (the weight keeps meaning peak conductance)."""
    r = dict(NMDA_CA_REF, **(ref or {}))
    return float((r["v"] - r["e_mono"]) / ghk_drive(r["v"], r["cai"], r["cao"], 2, r["celsius"]))


# -- GABA_A: chloride and bicarbonate ---------------------------------------------------------------
def ghk_anion_reversal(cli, clo, hco3i, hco3o, p_hco3, celsius: float = 37.0):
    """Reversal potential (mV) of a channel passing Cl- and HCO3- (both z = -1), from the
    Goldman-Hodgkin-Katz voltage equation with the permeability ratio ``p_hco3`` = P_HCO3/P_Cl:

        E_GABA = (RT/F) ln(([Cl-]i + p [HCO3-]i) / ([Cl-]o + p [HCO3-]o))

    (Bormann, Hamill & Sakmann 1987, J Physiol 385:243; Kaila 1994, Prog Neurobiol 42:489). With
    ``p_hco3 = 0`` it is the chloride Nernst potential (RT/F) ln([Cl-]i/[Cl-]o) exactly."""
    cli, clo, hco3i, hco3o, p = (np.asarray(x, float) for x in (cli, clo, hco3i, hco3o, p_hco3))
    if np.any(cli <= 0) or np.any(clo <= 0) or np.any(hco3i <= 0) or np.any(hco3o <= 0):
        raise ValueError(f"GHK reversal needs positive concentrations, got cli={cli}, clo={clo}, "
                         f"hco3i={hco3i}, hco3o={hco3o}")
    if np.any(p < 0):
        raise ValueError(f"the permeability ratio p_hco3 must be >= 0, got {p}")
    return rt_over_f(celsius) * np.log((cli + p * hco3i) / (clo + p * hco3o))


#: below this |ln([HCO3-]i/[HCO3-]o) - ln([Cl-]i/[Cl-]o)| (= |E_HCO3 - E_Cl| F/RT) the bicarbonate
#: share takes its limit (the two Nernst potentials coincide, any split gives the same total
#: current); the same threshold in the .mod and .eqs files
HCO3_DEGENERATE = 1e-8


def hco3_share(cli, clo, hco3i, hco3o, p_hco3, celsius: float = 37.0):
    """The bicarbonate share f of a GABA_A conductance g: g_HCO3 = f g, g_Cl = (1 - f) g.

    Each part is ohmic with its own Nernst potential, i_Cl = g_Cl (V - E_Cl), i_HCO3 =
    g_HCO3 (V - E_HCO3), and f is fixed by requiring the total g (V - E_GABA) to reverse at the
    GHK potential (:func:`ghk_anion_reversal`) with the total conductance unchanged:

        f = (E_GABA - E_Cl) / (E_HCO3 - E_Cl)      (0 <= f < 1; f = 0 for p_hco3 = 0)

    Where E_HCO3 = E_Cl (within :data:`HCO3_DEGENERATE` RT/F) f takes its limit
    p [HCO3-]o / ([Cl-]o + p [HCO3-]o)."""
    rtf = rt_over_f(celsius)
    cli, clo, hco3i, hco3o, p = (np.asarray(x, float) for x in (cli, clo, hco3i, hco3o, p_hco3))
    e_gaba = ghk_anion_reversal(cli, clo, hco3i, hco3o, p, celsius)
    e_cl = rtf * np.log(cli / clo)
    e_hco3 = rtf * np.log(hco3i / hco3o)
    far = np.abs(np.log(hco3i / hco3o) - np.log(cli / clo)) > HCO3_DEGENERATE
    f = np.where(far, (e_gaba - e_cl) / np.where(far, e_hco3 - e_cl, 1.0), p * hco3o / (clo + p * hco3o))
    return f if f.ndim else float(f)


# -- Cl- transport by KCC2 and NKCC1 -------------------------------------------------------------------
def chloride_transport_balance(g_kcc2, g_nkcc1, ki, ko, nai, nao, clo, celsius: float = 37.0):
    """Steady [Cl-]i (mM) and E_Cl (mV) where KCC2 extrusion balances NKCC1 uptake.

    Both cotransporters are electroneutral; their Cl- fluxes, written as equivalent Cl- current
    densities, are proportional to the free energy of the cotransport (linear thermodynamics:
    Brumback & Staley 2008, J Neurosci 28:1301; Doyon et al. 2011, PLoS Comput Biol 7:e1002149;
    Duesterwald et al. 2018, eLife 7:e39575):

        KCC2:  j = g_kcc2  (E_K - E_Cl)          = -g_kcc2 (RT/F) ln([K]i[Cl]i / ([K]o[Cl]o))
        NKCC1: j = g_nkcc1 (E_Na + E_K - 2 E_Cl)  =  g_nkcc1 (RT/F) ln([Na]o[K]o[Cl]o^2 / ([Na]i[K]i[Cl]i^2))

    Their sum vanishes at E_Cl = (g_kcc2 E_K + g_nkcc1 (E_Na + E_K)) / (g_kcc2 + 2 g_nkcc1), i.e.
    [Cl-]i = [Cl-]o exp(E_Cl F/RT). Returns ``(cli, ecl)``."""
    g_k, g_n = float(g_kcc2), float(g_nkcc1)
    if g_k < 0 or g_n < 0 or g_k + g_n <= 0:
        raise ValueError(f"need g_kcc2, g_nkcc1 >= 0, not both 0; got {g_k}, {g_n}")
    e_k = nernst(ko, ki, 1, celsius)
    e_na = nernst(nao, nai, 1, celsius)
    e_cl = (g_k * e_k + g_n * (e_na + e_k)) / (g_k + 2.0 * g_n)
    return float(clo * np.exp(e_cl / rt_over_f(celsius))), float(e_cl)
