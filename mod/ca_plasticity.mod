TITLE ca_plasticity: NMDA-fed calcium pool and the Shouval-Bear-Cooper calcium-control weight rule

COMMENT
A calcium pool and a synaptic efficacy W that follows the calcium-control rule of Shouval,
Bear & Cooper (2002, PNAS 99:10831), for one synapse-sized compartment (a spine head, or the
segment holding one nmda point process).

Calcium pool (a thin shell under the membrane, fast linear buffering):

    capool' = max(-ica, 0) / (2 F depth (1 + kappa)) - (capool - ca_rest) / tau_ca

ica is the segment's total Ca2+ current density; with the package's nmda point process in the
segment it is the NMDA Ca2+ current (nmda writes its GHK Ca2+ current to the ca ion, inward at
every voltage below E_Ca, about +140 mV). The pool integrates the influx only: an outward ica
(a clamp above E_Ca, or another mechanism's extrusion written to ica) takes nothing from it,
since the pool's own extrusion is the relaxation term. So the pool can never go negative: the
influx is >= 0, and the relaxation -(capool - ca_rest)/tau_ca drives capool up, never down,
once it is below ca_rest (>= 0), so capool >= min(capool(0), ca_rest) >= 0 at all times; the
implicit (derivimplicit) step, capool_new = (capool + dt (J + ca_rest/tau_ca)) / (1 + dt/tau_ca)
with J >= 0, keeps this at any dt, as does Brian2's exact exponential step. The pool
reads ica only and keeps its own concentration (it does not write cai), so inserting it does not
disturb a cell's own calcium handling. kappa is the endogenous buffer capacity: of the Ca2+ that
enters, 1/(1 + kappa) stays free (spines: kappa ~ 20, Sabatini, Oertner & Svoboda 2002, Neuron
33:439). depth 0.1 um as in Destexhe et al. (1993, J Neurophysiol 69:1138) pools.
tau_ca = 50 ms is the calcium decay time of Shouval et al. (2002).

Weight rule (Shouval et al. 2002, their equations for Omega and eta):

    W'    = eta(Ca) * (Omega(Ca) - lambda * W)
    Omega = 0.25 + sig(Ca - alpha2, beta2) - 0.25 * sig(Ca - alpha1, beta1),
    sig(x, b) = exp(b x)/(1 + exp(b x)) = 1/(1 + exp(-b x))
    eta   = 1/tau_w,  tau_w(Ca) = p1 + p2/(p3 + (Ca/1 uM)^p4)

with alpha1 = 0.35 uM, alpha2 = 0.55 uM, beta1 = beta2 = 80 /uM: below alpha1 Omega ~ 0.25 (no
change from the resting weight 0.25), between alpha1 and alpha2 Omega ~ 0 (LTD), above alpha2
Omega ~ 1 (LTP). The learning rate rises steeply with Ca (p1 = 1 s, p2 = 0.1 s, p3 = 1e-5,
p4 = 3; tau_w is ~1e4 s at rest, ~1 s at 1 uM: the form and values of Shouval et al. 2002 and
Yeung, Shouval, Blais & Cooper 2004, PNAS 101:14943). With lambda = 1 and W(0) = w0 = 0.25 =
Omega(rest) the weight is at rest when Ca is; W is bounded in [0, 1]. W is a dimensionless
efficacy: scale synaptic weights by W / w0.

Assumptions: one well-mixed compartment per pool; linear fast buffering; no extrusion
saturation. Integration: derivimplicit (Omega and eta are nonlinear in Ca).

Parameter defaults, units and bounds are those of ei_models/mechanisms/ca_plasticity.py, the
single source of truth; tests/test_parameter_tables.py checks this file against it.
Temperature: the Ca2+ removal is scaled by qt_removal = q10_removal^((celsius - temp_ref)/10)
(capool decays with tau_ca / qt_removal), computed in INITIAL from NEURON's celsius (outside
0-45 C finitialize stops); the default q10_removal = 1 (no measured Q10 found) keeps it
temperature-independent unless set. eta(Ca) is not scaled.
ENDCOMMENT

NEURON {
    THREADSAFE
    SUFFIX eim_ca_plasticity
    USEION ca READ ica
    RANGE tau_ca, ca_rest, depth, kappa, alpha1, alpha2, beta1, beta2, p1, p2, p3, p4, lam, w0
    RANGE temp_ref, q10_removal, qt_removal
    RANGE capool, W, omega, eta
}

UNITS {
    (mA) = (milliamp)
    (um) = (micron)
    (uM) = (micro/liter)
    FARADAY = (faraday) (coulomb)
}

CONSTANT {
    one_uM = 1 (uM)                   : reference concentration of the eta(Ca) power law
}

PARAMETER {
    tau_ca = 50 (ms) <1e-9, 1e9>      : calcium decay time (Shouval et al. 2002)
    ca_rest = 0.05 (uM) <0, 1e9>      : resting free [Ca2+]
    depth = 0.1 (um) <1e-9, 1e9>      : depth of the submembrane shell
    kappa = 20 (1) <0, 1e9>           : endogenous buffer capacity (bound/free)
    alpha1 = 0.35 (uM) <0, 1e9>       : LTD threshold of Omega (Shouval et al. 2002)
    alpha2 = 0.55 (uM) <0, 1e9>       : LTP threshold of Omega (Shouval et al. 2002)
    beta1 = 80 (/uM) <0, 1e9>         : steepness at alpha1
    beta2 = 80 (/uM) <0, 1e9>         : steepness at alpha2
    p1 = 1000 (ms) <1e-9, 1e9>        : fastest weight time constant (1 s)
    p2 = 100 (ms) <0, 1e9>            : eta(Ca) scale (0.1 s)
    p3 = 1e-5 (1) <1e-12, 1e9>        : eta(Ca) offset, in uM^p4
    p4 = 3 (1) <0, 1e9>               : eta(Ca) exponent
    lam = 1 (1) <1e-12, 1e9>          : weight decay constant lambda (> 0)
    w0 = 0.25 (1) <0, 1e9>            : initial weight
    temp_ref = 37 (degC) <0, 45>      : reference temperature of tau_ca
    q10_removal = 1 (1) <1, 10>       : Q10 of the Ca2+ removal (1: temperature independent)
}

ASSIGNED {
    ica (mA/cm2)
    influx (mA/cm2)
    omega (1)
    eta (/ms)
    celsius (degC)
    qt_removal (1)
}

STATE {
    capool (uM)
    W (1)
}

INITIAL {
    : >>> generated guard (the parameter table's bounds and checks, see ei_models.generated.guard_block)
    VERBATIM
#ifndef CORENEURON_BUILD
#define EI_GUARD(ok, ...) if (!(ok)) { char _ei_msg[512]; snprintf(_ei_msg, sizeof _ei_msg, __VA_ARGS__); hoc_execerror(_ei_msg, (char*) 0); }
    EI_GUARD(tau_ca > 0.0 && tau_ca - tau_ca == 0, "ei_models ca_plasticity: tau_ca = %g ms is outside its range (0, inf) ms; set it within the range (ei_models.neuron.insert('ca_plasticity', ...) checks values before NEURON sees them)", tau_ca)
    EI_GUARD(ca_rest >= 0.0 && ca_rest - ca_rest == 0, "ei_models ca_plasticity: ca_rest = %g uM is outside its range [0, inf) uM; set it within the range (ei_models.neuron.insert('ca_plasticity', ...) checks values before NEURON sees them)", ca_rest)
    EI_GUARD(depth > 0.0 && depth - depth == 0, "ei_models ca_plasticity: depth = %g um is outside its range (0, inf) um; set it within the range (ei_models.neuron.insert('ca_plasticity', ...) checks values before NEURON sees them)", depth)
    EI_GUARD(kappa >= 0.0 && kappa - kappa == 0, "ei_models ca_plasticity: kappa = %g is outside its range [0, inf); set it within the range (ei_models.neuron.insert('ca_plasticity', ...) checks values before NEURON sees them)", kappa)
    EI_GUARD(alpha1 >= 0.0 && alpha1 - alpha1 == 0, "ei_models ca_plasticity: alpha1 = %g uM is outside its range [0, inf) uM; set it within the range (ei_models.neuron.insert('ca_plasticity', ...) checks values before NEURON sees them)", alpha1)
    EI_GUARD(alpha2 >= 0.0 && alpha2 - alpha2 == 0, "ei_models ca_plasticity: alpha2 = %g uM is outside its range [0, inf) uM; set it within the range (ei_models.neuron.insert('ca_plasticity', ...) checks values before NEURON sees them)", alpha2)
    EI_GUARD(beta1 >= 0.0 && beta1 - beta1 == 0, "ei_models ca_plasticity: beta1 = %g /uM is outside its range [0, inf) /uM; set it within the range (ei_models.neuron.insert('ca_plasticity', ...) checks values before NEURON sees them)", beta1)
    EI_GUARD(beta2 >= 0.0 && beta2 - beta2 == 0, "ei_models ca_plasticity: beta2 = %g /uM is outside its range [0, inf) /uM; set it within the range (ei_models.neuron.insert('ca_plasticity', ...) checks values before NEURON sees them)", beta2)
    EI_GUARD(p1 > 0.0 && p1 - p1 == 0, "ei_models ca_plasticity: p1 = %g ms is outside its range (0, inf) ms; set it within the range (ei_models.neuron.insert('ca_plasticity', ...) checks values before NEURON sees them)", p1)
    EI_GUARD(p2 >= 0.0 && p2 - p2 == 0, "ei_models ca_plasticity: p2 = %g ms is outside its range [0, inf) ms; set it within the range (ei_models.neuron.insert('ca_plasticity', ...) checks values before NEURON sees them)", p2)
    EI_GUARD(p3 > 0.0 && p3 - p3 == 0, "ei_models ca_plasticity: p3 = %g is outside its range (0, inf); set it within the range (ei_models.neuron.insert('ca_plasticity', ...) checks values before NEURON sees them)", p3)
    EI_GUARD(p4 >= 0.0 && p4 - p4 == 0, "ei_models ca_plasticity: p4 = %g is outside its range [0, inf); set it within the range (ei_models.neuron.insert('ca_plasticity', ...) checks values before NEURON sees them)", p4)
    EI_GUARD(lam > 0.0 && lam - lam == 0, "ei_models ca_plasticity: lam = %g is outside its range (0, inf); set it within the range (ei_models.neuron.insert('ca_plasticity', ...) checks values before NEURON sees them)", lam)
    EI_GUARD(w0 >= 0.0 && w0 - w0 == 0, "ei_models ca_plasticity: w0 = %g is outside its range [0, inf); set it within the range (ei_models.neuron.insert('ca_plasticity', ...) checks values before NEURON sees them)", w0)
    EI_GUARD(temp_ref >= 0.0 && temp_ref <= 45.0, "ei_models ca_plasticity: temp_ref = %g degC is outside its range [0, 45] degC; set it within the range (ei_models.neuron.insert('ca_plasticity', ...) checks values before NEURON sees them)", temp_ref)
    EI_GUARD(q10_removal >= 1.0 && q10_removal <= 10.0, "ei_models ca_plasticity: q10_removal = %g is outside its range [1, 10]; set it within the range (ei_models.neuron.insert('ca_plasticity', ...) checks values before NEURON sees them)", q10_removal)
    EI_GUARD(alpha1 < alpha2, "ei_models ca_plasticity: alpha1 (%g uM, LTD onset) must be below alpha2 (%g uM, LTP onset); change them (ei_models.neuron.insert('ca_plasticity', ...) checks values before NEURON sees them)", alpha1, alpha2)
    EI_GUARD(celsius >= 0.0 && celsius <= 45.0, "ei_models ca_plasticity: celsius = %g degC is outside [0, 45] degC, the range of its Q10 temperature scaling; set h.celsius within it (e.g. 37) before finitialize", celsius)
#undef EI_GUARD
#endif
    ENDVERBATIM
    : <<< generated guard
    qt_removal = q10_removal^((celsius - temp_ref) / 10 (degC))
    capool = ca_rest
    W = w0
    rates(capool)
}

BREAKPOINT {
    SOLVE state METHOD derivimplicit
}

DERIVATIVE state {
    rates(capool)
    : influx only (see COMMENT, Calcium pool): an outward ica takes nothing from the pool
    influx = -ica
    if (influx < 0) {
        influx = 0
    }
    capool' = (1e7) * influx / (2 * FARADAY * depth * (1 + kappa)) - qt_removal * (capool - ca_rest) / tau_ca
    W' = eta * (omega - lam * W)
}

PROCEDURE rates(c (uM)) {
    omega = 0.25 + 1 / (1 + exp(-beta2 * (c - alpha2))) - 0.25 / (1 + exp(-beta1 * (c - alpha1)))
    eta = 1 / (p1 + p2 / (p3 + pow(c / one_uM, p4)))
}
