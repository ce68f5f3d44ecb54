TITLE wang_buzsaki: Wang-Buzsaki (1996) spiking currents, a type I model neuron for networks

COMMENT
Spike-generating Na+ and K+ currents and a leak of Wang & Buzsaki (1996, J Neurosci 16:6402),
the single-compartment model of a hippocampal fast-spiking interneuron used in most PING
studies (e.g. Borgers & Kopell 2003, Neural Comput 15:509; Borgers, Epstein & Kopell 2005,
PNAS 102:7002). Unlike NEURON's built-in hh, it has type I excitability: it fires at arbitrarily
low rates and does not accommodate to slowly decaying inhibition, so the period of a PING rhythm
follows the decay time of the inhibition.

    ina = gnabar * minf^3 * h * (v - ena),   minf = am/(am + bm) (instantaneous)
    ik  = gkbar * n^4 * (v - ek)
    il  = gl * (v - el)                      (NONSPECIFIC_CURRENT)
    h'  = phi * (ah (1 - h) - bh h),  n' = phi * (an (1 - n) - bn n)
    am = 0.1 (v + 35)/(1 - exp(-(v + 35)/10)),  bm = 4 exp(-(v + 60)/18)
    ah = 0.07 exp(-(v + 58)/20),                bh = 1/(1 + exp(-(v + 28)/10))
    an = 0.01 (v + 34)/(1 - exp(-(v + 34)/10)), bn = 0.125 exp(-(v + 44)/80)
    (rates in /ms, v in mV; the 0/0 points are removed with vtrap, as in NEURON's hh.mod)

Published values: gnabar = 35 mS/cm2, gkbar = 9 mS/cm2, gl = 0.1 mS/cm2, el = -65 mV, phi = 5,
ENa = +55 mV and EK = -90 mV (set the segment's ena and ek: the mechanism reads them from the na
and k ions), Cm = 1 uF/cm2. Integration: cnexp (h and n are linear given v).

Temperature: not Q10-scaled (the mechanism does not read celsius). phi = 5 is the paper's fixed
speed-up of h and n, with no stated temperature or Q10; expressing it as q10^((celsius -
temp_ref)/10) would need values the paper does not give and would change every network run at
NEURON's default 6.3 C. To model a temperature, set phi (ei_models/mechanisms/wang_buzsaki.py).

Parameter defaults, units and bounds are those of ei_models/mechanisms/wang_buzsaki.py, the
single source of truth; tests/test_parameter_tables.py checks this file against it.
ENDCOMMENT

NEURON {
    THREADSAFE
    SUFFIX eim_wang_buzsaki
    USEION na READ ena WRITE ina
    USEION k READ ek WRITE ik
    NONSPECIFIC_CURRENT il
    RANGE gnabar, gkbar, gl, el, phi
    RANGE minf
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (S) = (siemens)
}

PARAMETER {
    gnabar = 0.035 (S/cm2) <0, 1e9>   : Na+ conductance density (Wang & Buzsaki 1996)
    gkbar = 0.009 (S/cm2) <0, 1e9>    : K+ conductance density
    gl = 0.0001 (S/cm2) <0, 1e9>      : leak conductance density
    el = -65 (mV) <-120, 60>          : leak reversal potential
    phi = 5 (1) <1e-12, 1e9>          : temperature factor of the h and n kinetics
}

ASSIGNED {
    v (mV)
    ena (mV)
    ek (mV)
    ina (mA/cm2)
    ik (mA/cm2)
    il (mA/cm2)
    minf (1)
    am (/ms)
    bm (/ms)
    ah (/ms)
    bh (/ms)
    an (/ms)
    bn (/ms)
}

STATE {
    h (1)
    n (1)
}

INITIAL {
    : >>> generated guard (the parameter table's bounds and checks, see ei_models.generated.guard_block)
    VERBATIM
#ifndef CORENEURON_BUILD
#define EI_GUARD(ok, ...) if (!(ok)) { char _ei_msg[512]; snprintf(_ei_msg, sizeof _ei_msg, __VA_ARGS__); hoc_execerror(_ei_msg, (char*) 0); }
    EI_GUARD(gnabar >= 0.0 && gnabar - gnabar == 0, "ei_models wang_buzsaki: gnabar = %g S/cm2 is outside its range [0, inf) S/cm2; set it within the range (ei_models.neuron.insert('wang_buzsaki', ...) checks values before NEURON sees them)", gnabar)
    EI_GUARD(gkbar >= 0.0 && gkbar - gkbar == 0, "ei_models wang_buzsaki: gkbar = %g S/cm2 is outside its range [0, inf) S/cm2; set it within the range (ei_models.neuron.insert('wang_buzsaki', ...) checks values before NEURON sees them)", gkbar)
    EI_GUARD(gl >= 0.0 && gl - gl == 0, "ei_models wang_buzsaki: gl = %g S/cm2 is outside its range [0, inf) S/cm2; set it within the range (ei_models.neuron.insert('wang_buzsaki', ...) checks values before NEURON sees them)", gl)
    EI_GUARD(el >= -120.0 && el <= 60.0, "ei_models wang_buzsaki: el = %g mV is outside its range [-120, 60] mV; set it within the range (ei_models.neuron.insert('wang_buzsaki', ...) checks values before NEURON sees them)", el)
    EI_GUARD(phi > 0.0 && phi - phi == 0, "ei_models wang_buzsaki: phi = %g is outside its range (0, inf); set it within the range (ei_models.neuron.insert('wang_buzsaki', ...) checks values before NEURON sees them)", phi)
#undef EI_GUARD
#endif
    ENDVERBATIM
    : <<< generated guard
    rates(v)
    h = ah / (ah + bh)
    n = an / (an + bn)
}

BREAKPOINT {
    SOLVE states METHOD cnexp
    rates(v)
    minf = am / (am + bm)
    ina = gnabar * minf * minf * minf * h * (v - ena)
    ik = gkbar * n * n * n * n * (v - ek)
    il = gl * (v - el)
}

DERIVATIVE states {
    rates(v)
    h' = phi * (ah * (1 - h) - bh * h)
    n' = phi * (an * (1 - n) - bn * n)
}

UNITSOFF
PROCEDURE rates(v (mV)) {
    am = 0.1 * vtrap(-(v + 35), 10)
    bm = 4 * exp(-(v + 60) / 18)
    ah = 0.07 * exp(-(v + 58) / 20)
    bh = 1 / (1 + exp(-(v + 28) / 10))
    an = 0.01 * vtrap(-(v + 34), 10)
    bn = 0.125 * exp(-(v + 44) / 80)
}

FUNCTION vtrap(x, y) {
    : x/(exp(x/y) - 1), with its limit y*(1 - x/y/2) near x = 0
    if (fabs(x / y) < 1e-6) {
        vtrap = y * (1 - x / y / 2)
    } else {
        vtrap = x / (exp(x / y) - 1)
    }
}
UNITSON
