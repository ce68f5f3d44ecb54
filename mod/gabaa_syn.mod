TITLE gabaa_syn: minimal dual-exponential GABA_A (chloride and bicarbonate) synapse

COMMENT
A minimal phasic GABA_A synapse, driven by NetCon events: the normalised dual exponential of
nmda.mod and ampa.mod (one isolated event of weight w, uS, peaks at exactly w) with a fixed
chloride reversal potential erev and a bicarbonate share.

    A' = -A/tau_rise,  B' = -B/tau_decay,  on event: A += w*factor, B += w*factor
    g = B - A
    egaba = (RT/F) ln(([Cl-]i + p [HCO3-]i)/([Cl-]o + p [HCO3-]o)),  [Cl-]i = [Cl-]o exp(erev F/RT)
    i = g * (v - egaba)
    factor = 1/(exp(-tp/tau_decay) - exp(-tp/tau_rise)),
    tp = tau_rise*tau_decay/(tau_decay - tau_rise) * log(tau_decay/tau_rise)

Purpose: the network and plasticity code of the package needs a GABA_A synapse that is cheap,
linear and has an exact closed form. It has no desensitization, no benzodiazepine site and no
concentration dependence; use gabaa_gamma2 for those. The current is a NONSPECIFIC_CURRENT, so
it does not change the cell's chloride ion.

Anions: erev is the Cl- reversal E_Cl, given directly; the channel also passes HCO3- with
permeability ratio p = p_hco3 (0.2: Bormann, Hamill & Sakmann 1987, J Physiol 385:243; Kaila
1994, Prog Neurobiol 42:489), so the synapse reverses at the GHK potential egaba of Cl- and HCO3-
(ei_models.physics.ghk_anion_reversal), with [Cl-]i implied by erev and the segment's clo, and
hco3i/hco3o (16/26 mM) parameters; at celsius. p_hco3 = 0 gives egaba = erev exactly (the
chloride-only synapse; ei_models.networks passes p_hco3 = 0 because its gaba_erev is the
synapse's total reversal).

Kinetics: fast GABA_A IPSCs at interneuron output synapses rise in a few hundred microseconds
and decay with time constants of a few milliseconds at physiological temperature (Bartos, Vida
& Jonas 2007, Nat Rev Neurosci 8:45); defaults tau_rise = 0.3 ms, tau_decay = 5 ms. PING
networks vary tau_decay (Whittington et al. 2000, Int J Psychophysiol 38:315).

Temperature: both time constants are divided by qt = q10^((celsius - temp_ref)/10), computed in
INITIAL from NEURON's celsius (read at finitialize): tau_rise and tau_decay hold at temp_ref =
35 C, q10 = 2.1 (Otis & Mody 1992, Neuroscience 49:13: sIPSCs at 34-35 C decay in 4.2-7.2 ms, Q10
of the decay rate 2.1 between 22 and 37 C). At 37 C the IPSC decays in 5/2.1^0.2 = 4.3 ms; at
NEURON's default 6.3 C in 5 x 2.1^2.87 = 42 ms: set h.celsius = 37 (ei_models.neuron.insert warns
once at 6.3 C); celsius outside 0-45 C stops finitialize. The peak normalisation (factor) depends
only on tau_rise/tau_decay.
Reversal: E_Cl = -75 mV, mature neurons with low [Cl-]i (Bartos et al. 2007); set erev near the
resting potential for shunting inhibition.

Parameter defaults, units and bounds are those of ei_models/mechanisms/gabaa_syn.py, the single
source of truth; tests/test_parameter_tables.py checks this file against it.
ENDCOMMENT

NEURON {
    THREADSAFE
    POINT_PROCESS eim_gabaa_syn
    USEION cl READ clo VALENCE -1
    NONSPECIFIC_CURRENT i
    RANGE tau_rise, tau_decay, erev, p_hco3, hco3i, hco3o, temp_ref, q10
    RANGE g, factor, egaba, qt
}

UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
    (uS) = (microsiemens)
    (mM) = (milli/liter)
    FARADAY = (faraday) (kilocoulombs)
    R = (k-mole) (joule/degC)
}

PARAMETER {
    tau_rise = 0.3 (ms) <1e-9, 1e9>   : rise time constant
    tau_decay = 5 (ms) <1e-9, 1e9>    : decay time constant
    erev = -75 (mV) <-120, 60>        : chloride reversal potential
    p_hco3 = 0.2 (1) <0, 1e9>         : HCO3- to Cl- permeability ratio of the channel
    hco3i = 16 (mM) <1e-12, 1e9>      : intracellular [HCO3-]
    hco3o = 26 (mM) <1e-12, 1e9>      : extracellular [HCO3-]
    temp_ref = 35 (degC) <0, 45>      : reference temperature of tau_rise, tau_decay
    q10 = 2.1 (1) <1, 10>             : Q10 of the kinetics
}

ASSIGNED {
    v (mV)
    celsius (degC)
    qt (1)
    clo (mM)
    i (nA)
    g (uS)
    factor (1)
    egaba (mV)
    clo_used (mM)
    celsius_used (degC)
    erev_used (mV)
    p_used (1)
    hco3i_used (mM)
    hco3o_used (mM)
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
    EI_GUARD(p_hco3 >= 0.0 && p_hco3 - p_hco3 == 0, "ei_models gabaa_syn: p_hco3 = %g is outside its range [0, inf); set it within the range (ei_models.neuron.insert('gabaa_syn', ...) checks values before NEURON sees them)", p_hco3)
    EI_GUARD(hco3i > 0.0 && hco3i - hco3i == 0, "ei_models gabaa_syn: hco3i = %g mM is outside its range (0, inf) mM; set it within the range (ei_models.neuron.insert('gabaa_syn', ...) checks values before NEURON sees them)", hco3i)
    EI_GUARD(hco3o > 0.0 && hco3o - hco3o == 0, "ei_models gabaa_syn: hco3o = %g mM is outside its range (0, inf) mM; set it within the range (ei_models.neuron.insert('gabaa_syn', ...) checks values before NEURON sees them)", hco3o)
    EI_GUARD(temp_ref >= 0.0 && temp_ref <= 45.0, "ei_models gabaa_syn: temp_ref = %g degC is outside its range [0, 45] degC; set it within the range (ei_models.neuron.insert('gabaa_syn', ...) checks values before NEURON sees them)", temp_ref)
    EI_GUARD(q10 >= 1.0 && q10 <= 10.0, "ei_models gabaa_syn: q10 = %g is outside its range [1, 10]; set it within the range (ei_models.neuron.insert('gabaa_syn', ...) checks values before NEURON sees them)", q10)
    EI_GUARD(tau_rise < tau_decay, "ei_models gabaa_syn: tau_rise (%g ms) must be shorter than tau_decay (%g ms); change them (ei_models.neuron.insert('gabaa_syn', ...) checks values before NEURON sees them)", tau_rise, tau_decay)
    EI_GUARD(celsius >= 0.0 && celsius <= 45.0, "ei_models gabaa_syn: celsius = %g degC is outside [0, 45] degC, the range of its Q10 temperature scaling; set h.celsius within it (e.g. 37) before finitialize", celsius)
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
    clo_used = -1
    tp = (tau_rise * tau_decay) / (tau_decay - tau_rise) * log(tau_decay / tau_rise)
    factor = 1 / (exp(-tp / tau_decay) - exp(-tp / tau_rise))
}

BREAKPOINT {
    SOLVE state METHOD cnexp
    g = B - A
    if (clo != clo_used || celsius != celsius_used || erev != erev_used || p_hco3 != p_used || hco3i != hco3i_used || hco3o != hco3o_used) {
        reversal()
    }
    i = g * (v - egaba)
}

PROCEDURE reversal() {
    : the GHK potential of Cl- and HCO3-, with [Cl-]i = clo exp(erev F/RT) (ei_models.physics)
    LOCAL rtf
    if (p_hco3 > 0) {
        rtf = R * (celsius + 273.15) / FARADAY
        egaba = rtf * log((clo * exp(erev / rtf) + p_hco3 * hco3i) / (clo + p_hco3 * hco3o))
    } else {
        egaba = erev
    }
    clo_used = clo
    celsius_used = celsius
    erev_used = erev
    p_used = p_hco3
    hco3i_used = hco3i
    hco3o_used = hco3o
}

DERIVATIVE state {
    A' = -A * qt / tau_rise
    B' = -B * qt / tau_decay
}

NET_RECEIVE(weight (uS)) {
    A = A + weight * factor
    B = B + weight * factor
}
