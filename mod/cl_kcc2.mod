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

Guard: the table's bounds are checked at every finitialize by a hoc procedure,
eim_cl_kcc2_guard(), run from an FInitializeHandler that ei_models.neuron.load installs; not in
C here, as NEURON 9.0.2 cannot translate VERBATIM in a mechanism that writes cli (see
mod/cl_transport.mod).

Parameter defaults, units and bounds are those of ei_models/mechanisms/cl_kcc2.py.
Temperature: the KCC2 extrusion is scaled by qt_transport = q10_transport^((celsius -
temp_ref)/10) (cli relaxes with tau_kcc2 / qt_transport), computed in INITIAL from NEURON's
celsius (outside 0-45 C the hoc guard stops finitialize); the default q10_transport = 1 (no
measured Q10 found) keeps it temperature-independent unless set.
ENDCOMMENT

NEURON {
    THREADSAFE
    SUFFIX eim_cl_kcc2
    USEION cl READ icl WRITE cli VALENCE -1
    RANGE cli0, tau_kcc2, depth, temp_ref, q10_transport, qt_transport
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
    temp_ref = 37 (degC) <0, 45>         : reference temperature of tau_kcc2
    q10_transport = 1 (1) <1, 10>        : Q10 of the KCC2 extrusion (1: temperature independent)
}

ASSIGNED {
    icl (mA/cm2)
    celsius (degC)
    qt_transport (1)
}

STATE {
    cli (mM)
}

INITIAL {
    : >>> generated guard (the parameter table's bounds and checks, see ei_models.generated.guard_block)
    : no C guard: the nmodl transpiler (NEURON 9.0.2) aborts on any VERBATIM in a mechanism that writes an ion concentration, here cli ('Not implemented. [wiejo]'); the same checks run in hoc at every finitialize (ei_models.mechanisms.cl_transport.hoc_guard, installed by ei_models.neuron.load)
    : <<< generated guard
    qt_transport = q10_transport^((celsius - temp_ref) / 10 (degC))
    cli = cli0
}

BREAKPOINT {
    SOLVE state METHOD cnexp
}

DERIVATIVE state {
    cli' = (1e4) * icl / (FARADAY * depth) - qt_transport * (cli - cli0) / tau_kcc2
}
