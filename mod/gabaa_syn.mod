TITLE gabaa_syn: minimal dual-exponential GABA_A (chloride) synapse

COMMENT
A minimal phasic GABA_A synapse, driven by NetCon events: the normalised dual exponential of
nmda.mod and ampa.mod (one isolated event of weight w, uS, peaks at exactly w) with a fixed
chloride reversal potential.

    A' = -A/tau_rise,  B' = -B/tau_decay,  on event: A += w*factor, B += w*factor
    g = B - A
    i = g * (v - erev)
    factor = 1/(exp(-tp/tau_decay) - exp(-tp/tau_rise)),
    tp = tau_rise*tau_decay/(tau_decay - tau_rise) * log(tau_decay/tau_rise)

Purpose: the network and plasticity code of the package needs a GABA_A synapse that is cheap,
linear and has an exact closed form. It has no desensitization, no benzodiazepine site and no
concentration dependence; use gabaa_gamma2 for those. The current is a NONSPECIFIC_CURRENT with
its reversal given directly (erev), so it does not change the cell's chloride ion.

Kinetics: fast GABA_A IPSCs at interneuron output synapses rise in a few hundred microseconds
and decay with time constants of a few milliseconds at physiological temperature (Bartos, Vida
& Jonas 2007, Nat Rev Neurosci 8:45); defaults tau_rise = 0.3 ms, tau_decay = 5 ms. PING
networks vary tau_decay (Whittington et al. 2000, Int J Psychophysiol 38:315).
Reversal: E_Cl = -75 mV, mature neurons with low [Cl-]i (Bartos et al. 2007); set erev near the
resting potential for shunting inhibition.

Parameter defaults, units and bounds are those of ei_models/mechanisms/gabaa_syn.py, the single
source of truth; tests/test_parameter_tables.py checks this file against it.
ENDCOMMENT

NEURON {
    THREADSAFE
    POINT_PROCESS eim_gabaa_syn
    NONSPECIFIC_CURRENT i
    RANGE tau_rise, tau_decay, erev
    RANGE g, factor
}

UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
    (uS) = (microsiemens)
}

PARAMETER {
    tau_rise = 0.3 (ms) <1e-9, 1e9>   : rise time constant
    tau_decay = 5 (ms) <1e-9, 1e9>    : decay time constant
    erev = -75 (mV) <-120, 60>        : chloride reversal potential
}

ASSIGNED {
    v (mV)
    i (nA)
    g (uS)
    factor (1)
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
    EI_GUARD(tau_rise > 0.0 && tau_rise - tau_rise == 0, "ei_models gabaa_syn: tau_rise = %g ms is outside its range (0, inf) ms; set it within the range (ei_models.neuron.insert('gabaa_syn', ...) checks values before NEURON sees them)", tau_rise)
    EI_GUARD(tau_decay > 0.0 && tau_decay - tau_decay == 0, "ei_models gabaa_syn: tau_decay = %g ms is outside its range (0, inf) ms; set it within the range (ei_models.neuron.insert('gabaa_syn', ...) checks values before NEURON sees them)", tau_decay)
    EI_GUARD(erev >= -120.0 && erev <= 60.0, "ei_models gabaa_syn: erev = %g mV is outside its range [-120, 60] mV; set it within the range (ei_models.neuron.insert('gabaa_syn', ...) checks values before NEURON sees them)", erev)
    EI_GUARD(tau_rise < tau_decay, "ei_models gabaa_syn: tau_rise (%g ms) must be shorter than tau_decay (%g ms); change them (ei_models.neuron.insert('gabaa_syn', ...) checks values before NEURON sees them)", tau_rise, tau_decay)
#undef EI_GUARD
#endif
    ENDVERBATIM
    : <<< generated guard
    if (tau_rise / tau_decay > 0.9999) {
        tau_rise = 0.9999 * tau_decay
    }
    A = 0
    B = 0
    tp = (tau_rise * tau_decay) / (tau_decay - tau_rise) * log(tau_decay / tau_rise)
    factor = 1 / (exp(-tp / tau_decay) - exp(-tp / tau_rise))
}

BREAKPOINT {
    SOLVE state METHOD cnexp
    g = B - A
    i = g * (v - erev)
}

DERIVATIVE state {
    A' = -A / tau_rise
    B' = -B / tau_decay
}

NET_RECEIVE(weight (uS)) {
    A = A + weight * factor
    B = B + weight * factor
}
