TITLE ampa: AMPA receptor synapse, a fast non-selective cation conductance

COMMENT
AMPA receptor synaptic conductance, driven by NetCon events.

Model
-----
The same normalised dual exponential as nmda.mod (one event of weight w, uS, peaks at w):

    A' = -A/tau_rise,  B' = -B/tau_decay,  on event: A += w*factor, B += w*factor
    g   = B - A
    ina = frac_na * g * (v - ena)              Na+ part
    ik  = (1 - frac_na) * g * (v - ek)         K+ part
    i   = ina + ik = g * (v - erev)
    erev = frac_na*ena + (1 - frac_na)*ek      parallel-conductance reversal

The channel is a parallel Na+/K+ conductance (Ca2+-impermeable GluA2-containing receptors), so
its reversal potential is the conductance-weighted mean of E_Na and E_K, read from the segment's
na and k ions: E_rev = sum(g_i E_i)/sum(g_i). With g_Na:g_K = 3:2 (frac_na = 0.6), E_Na = +60 mV
and E_K = -90 mV this gives 0 mV, the value of the source chapter. To set the reversal directly,
the Python layer (ei_models.neuron.insert(..., erev=...)) solves this relation for frac_na.

Temperature: both time constants are divided by qt = q10^((celsius - temp_ref)/10), computed
in INITIAL from NEURON's celsius (so h.celsius is read at finitialize): tau_rise and tau_decay
are the values at temp_ref = 35 C, q10 = 2.4 (Postlethwaite et al. 2007, J Physiol 579:69: Q10
of AMPA EPSC kinetics about 2-3). NEURON's default celsius is 6.3 C, where the EPSC decays
2.4^2.87 = 12x slower than at 35 C: set h.celsius = 37 (ei_models.neuron.insert warns once at
6.3 C). celsius outside 0-45 C stops finitialize. The peak normalisation (factor) depends only
on tau_rise/tau_decay, so qt leaves the peak conductance unchanged.

Kinetics: AMPA EPSCs rise in a few hundred microseconds and decay in 1-3 ms at 35 C (Hestrin
et al. 1990, J Physiol 422:203; Jonas, Major & Sakmann 1993, J Physiol 472:615); defaults
tau_rise = 0.2 ms, tau_decay = 2 ms. Closed form: see nmda.mod.

Parameter defaults, units and bounds are those of ei_models/mechanisms/ampa.py, the single
source of truth; tests/test_parameter_tables.py checks this file against it.
ENDCOMMENT

NEURON {
    THREADSAFE
    POINT_PROCESS eim_ampa
    USEION na READ ena WRITE ina
    USEION k READ ek WRITE ik
    RANGE tau_rise, tau_decay, frac_na, temp_ref, q10
    RANGE g, i, erev, factor, qt
}

UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
    (uS) = (microsiemens)
}

PARAMETER {
    tau_rise = 0.2 (ms) <1e-9, 1e9>   : rise time constant
    tau_decay = 2 (ms) <1e-9, 1e9>    : decay time constant
    frac_na = 0.6 (1) <0, 1>          : Na+ share of the conductance, g_Na/(g_Na + g_K)
    temp_ref = 35 (degC) <0, 45>      : reference temperature of tau_rise, tau_decay
    q10 = 2.4 (1) <1, 10>             : Q10 of the kinetics
}

ASSIGNED {
    v (mV)
    ena (mV)
    ek (mV)
    ina (nA)
    ik (nA)
    i (nA)
    g (uS)
    erev (mV)
    factor (1)
    celsius (degC)
    qt (1)
}

STATE {
    A (uS)
    B (uS)
}

INITIAL {
    LOCAL tp
    : >>> generated guard (the parameter table's bounds and checks, see ei_models.generated.guard_block)
    VERBATIM
#ifndef CORENEURON_BUILD
#define EI_GUARD(ok, ...) if (!(ok)) { char _ei_msg[512]; snprintf(_ei_msg, sizeof _ei_msg, __VA_ARGS__); hoc_execerror(_ei_msg, (char*) 0); }
    EI_GUARD(tau_rise > 0.0 && tau_rise - tau_rise == 0, "ei_models ampa: tau_rise = %g ms is outside its range (0, inf) ms; set it within the range (ei_models.neuron.insert('ampa', ...) checks values before NEURON sees them)", tau_rise)
    EI_GUARD(tau_decay > 0.0 && tau_decay - tau_decay == 0, "ei_models ampa: tau_decay = %g ms is outside its range (0, inf) ms; set it within the range (ei_models.neuron.insert('ampa', ...) checks values before NEURON sees them)", tau_decay)
    EI_GUARD(frac_na >= 0.0 && frac_na <= 1.0, "ei_models ampa: frac_na = %g is outside its range [0, 1]; set it within the range (ei_models.neuron.insert('ampa', ...) checks values before NEURON sees them)", frac_na)
    EI_GUARD(temp_ref >= 0.0 && temp_ref <= 45.0, "ei_models ampa: temp_ref = %g degC is outside its range [0, 45] degC; set it within the range (ei_models.neuron.insert('ampa', ...) checks values before NEURON sees them)", temp_ref)
    EI_GUARD(q10 >= 1.0 && q10 <= 10.0, "ei_models ampa: q10 = %g is outside its range [1, 10]; set it within the range (ei_models.neuron.insert('ampa', ...) checks values before NEURON sees them)", q10)
    EI_GUARD(tau_rise < tau_decay, "ei_models ampa: tau_rise (%g ms) must be shorter than tau_decay (%g ms); change them (ei_models.neuron.insert('ampa', ...) checks values before NEURON sees them)", tau_rise, tau_decay)
    EI_GUARD(celsius >= 0.0 && celsius <= 45.0, "ei_models ampa: celsius = %g degC is outside [0, 45] degC, the range of its Q10 temperature scaling; set h.celsius within it (e.g. 37) before finitialize", celsius)
#undef EI_GUARD
#endif
    ENDVERBATIM
    : <<< generated guard
    if (tau_rise / tau_decay > 0.9999) {
        tau_rise = 0.9999 * tau_decay
    }
    qt = q10^((celsius - temp_ref) / 10 (degC))
    A = 0
    B = 0
    tp = (tau_rise * tau_decay) / (tau_decay - tau_rise) * log(tau_decay / tau_rise)
    factor = 1 / (exp(-tp / tau_decay) - exp(-tp / tau_rise))
}

BREAKPOINT {
    SOLVE state METHOD cnexp
    g = B - A
    ina = frac_na * g * (v - ena)
    ik = (1 - frac_na) * g * (v - ek)
    i = ina + ik
    erev = frac_na * ena + (1 - frac_na) * ek
}

DERIVATIVE state {
    A' = -A * qt / tau_rise
    B' = -B * qt / tau_decay
}

NET_RECEIVE(weight (uS)) {
    A = A + weight * factor
    B = B + weight * factor
}
