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
