"""Closed-form results of the source chapter, shared by the models, the validation cases and
the tests. Plain numpy functions in NEURON units (mV, ms, mM, uS, nA); no simulator needed.
"""

from __future__ import annotations

import numpy as np

#: Gas constant (J mol^-1 K^-1) and Faraday constant (C mol^-1), CODATA 2018 exact values.
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


def mg_block(v, mg=1.0, k0=3.57, gamma=0.062):
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
