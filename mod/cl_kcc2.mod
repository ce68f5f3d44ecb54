TITLE cl_kcc2: intracellular chloride with GABA_A influx and KCC2 extrusion

COMMENT
Intracellular [Cl-] of a submembrane shell, changed by every chloride current of the segment
(icl: the GABA_A receptors gabaa_gamma2, gabaa_delta, gabaa_delta_syn write theirs) and
restored by KCC2-like extrusion, a first-order relaxation to the resting level (Staley &
Proctor 1999, J Physiol 519:693; Jedlicka et al. 2011, Hippocampus 21:885; Doyon et al. 2011,
PLoS Comput Biol 7:e1002149):

    cli' = icl / (F * depth) - (cli - cli0) / tau_kcc2        (icl outward positive: Cl- influx)

With it, heavy GABA_A activation loads the cell with Cl- and shifts E_Cl (the receptors read
cli every step). NEURON's own cl ion would restart at 1 mM: INITIAL sets cli = cli0 (10 mM,
the chapter's mature neuron).

Parameter defaults, units and bounds are those of ei_models/mechanisms/cl_kcc2.py.
ENDCOMMENT

NEURON {
    THREADSAFE
    SUFFIX cl_kcc2
    USEION cl READ icl WRITE cli VALENCE -1
    RANGE cli0, tau_kcc2, depth
}

UNITS {
    (mA) = (milliamp)
    (mM) = (milli/liter)
    (um) = (micron)
    FARADAY = (faraday) (coulomb)
}

PARAMETER {
    cli0 = 10 (mM) <1e-9, 1e9>           : resting [Cl-]i set by KCC2
    tau_kcc2 = 3000 (ms) <1e-9, 1e9>     : KCC2 extrusion time constant
    depth = 1 (um) <1e-9, 1e9>           : depth of the submembrane shell
}

ASSIGNED {
    icl (mA/cm2)
}

STATE {
    cli (mM)
}

INITIAL {
    : >>> generated guard (the parameter table's bounds and checks, see ei_models.generated.guard_block)
    VERBATIM
#ifndef CORENEURON_BUILD
#define EI_GUARD(ok, ...) if (!(ok)) { char _ei_msg[512]; snprintf(_ei_msg, sizeof _ei_msg, __VA_ARGS__); hoc_execerror(_ei_msg, (char*) 0); }
    EI_GUARD(cli0 > 0.0 && cli0 - cli0 == 0, "ei_models cl_kcc2: cli0 = %g mM is outside its range (0, inf) mM; set it within the range (ei_models.neuron.insert('cl_kcc2', ...) checks values before NEURON sees them)", cli0)
    EI_GUARD(tau_kcc2 > 0.0 && tau_kcc2 - tau_kcc2 == 0, "ei_models cl_kcc2: tau_kcc2 = %g ms is outside its range (0, inf) ms; set it within the range (ei_models.neuron.insert('cl_kcc2', ...) checks values before NEURON sees them)", tau_kcc2)
    EI_GUARD(depth > 0.0 && depth - depth == 0, "ei_models cl_kcc2: depth = %g um is outside its range (0, inf) um; set it within the range (ei_models.neuron.insert('cl_kcc2', ...) checks values before NEURON sees them)", depth)
#undef EI_GUARD
#endif
    ENDVERBATIM
    : <<< generated guard
    cli = cli0
}

BREAKPOINT {
    SOLVE state METHOD cnexp
}

DERIVATIVE state {
    cli' = (1e4) * icl / (FARADAY * depth) - (cli - cli0) / tau_kcc2
}
