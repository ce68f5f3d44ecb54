TITLE nmda_sat: saturating NMDA receptor synapse (Wang 2002 x-s kinetics) with Mg2+ block

COMMENT
Saturating NMDA receptor conductance, driven by NetCon events (Brunel & Wang 2001, J Comput
Neurosci 11:63; Wang 2002, Neuron 36:955):

    x' = -x/tau_rise                          x += 1 at every event
    s' = alpha*x*(1 - s) - s/tau_decay        open fraction, 0 <= s < 1
    g  = gw * glun1 * f_gly * s               f_gly = gly/(gly + kd_gly)
    mgb = 1/(1 + mg/mg_k0 * exp(-mg_gamma*v)) (Jahr & Stevens 1990, J Neurosci 10:3178)
    inonca = (1 - ca_frac) g mgb (v - erev),  i_ca = ca_frac g mgb ghk_scale f(v) (ica, GHK)
    i = inonca + i_ca   (the Ca2+ part, its reference conditions and CONDUCTANCE hints: nmda.mod)

Weight: the NetCon weight gw (uS) is the conductance at s = 1. Unlike the linear nmda (peak =
weight), one isolated event peaks at about (1 - exp(-alpha*tau_rise)) gw = 0.63 gw with the
published constants, and a train saturates towards gw. One instance models the receptors of one
connection (Wang's s_j of one presynaptic cell): NetCons into one instance share its x and s (a
pooled receptor population), so they must carry the same weight; an event whose weight differs
from the first one counts in n_mismatch (ei_models refuses such a NetCon before it is made).

Integration. One right-hand side with two paths, as in every mechanism of the package (see
nmda.mod, CVODE): x' = -kx*x and s' = cvode_on*(alpha*x*(1 - s) - s/tau_decay) + hinv*(sn - s).
Under CVODE (cvode_on = 1, hinv = 0) these are the model's equations. At a fixed step (cvode_on
= 0, hinv = 1/h, kx = (1 - exp(-h/tau_rise))/h) NEURON's Euler update lands on the step below.
Fixed step: x is decayed exactly, exp(-dt/tau_rise) cached until dt or tau_rise
changes. Over one step s solves its linear equation exactly with x replaced by its exact mean
over the step, xbar = x*tau_rise*(1 - exp(-dt/tau_rise))/dt:
    k = 1/tau_decay + alpha*xbar,  s_inf = alpha*xbar/k,  s <- s_inf + (s - s_inf)*exp(-k*dt)
which keeps 0 <= s < 1 at any dt (an exponential step towards s_inf < 1), and delivers the
transmitter of a spike exactly whatever the step (the integral of x over the step is exact). The
Temperature: the time constants are divided and alpha is multiplied by qt = q10^((celsius -
temp_ref)/10), computed in INITIAL from NEURON's celsius (read at finitialize): the table values
hold at temp_ref = 37 C (assumed: Wang 2002's constants are meant for body temperature), q10 =
2.5 as nmda (Postlethwaite et al. 2007, J Physiol 579:69). At NEURON's default 6.3 C the kinetics
are 17x slower: set h.celsius = 37 (ei_models.neuron.insert warns once); celsius outside 0-45 C
stops finitialize.

Brian2 twin (equations/nmda_sat.eqs) takes the same step (exponential Euler on s with xbar),
so the two agree to round-off.

Parameter defaults, units and bounds are those of ei_models/mechanisms/nmda_sat.py, the single
source of truth; tests/test_parameter_tables.py checks this file against it.
ENDCOMMENT

NEURON {
    THREADSAFE
    POINT_PROCESS eim_nmda_sat
    USEION ca READ cai, cao WRITE ica
    NONSPECIFIC_CURRENT inonca
    RANGE tau_rise, tau_decay, alpha, erev, mg, mg_k0, mg_gamma, gly, kd_gly, glun1, ca_frac
    RANGE temp_ref, q10, qt
    RANGE g, i, i_ca, mgb, ghk_scale, drive, ddrive, gw, n_mismatch
}

UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
    (uS) = (microsiemens)
    (mM) = (milli/liter)
    FARADAY = (faraday) (kilocoulombs)
    R = (k-mole) (joule/degC)
}

CONSTANT {
    : reference conditions of ca_frac (ei_models.physics.NMDA_CA_REF; see COMMENT, Ca2+)
    v_ref = -60 (mV)
    e_ref = 0 (mV)
    cai_ref = 5e-5 (mM)
    cao_ref = 2 (mM)
    celsius_ref = 37 (degC)
}

PARAMETER {
    tau_rise = 2 (ms) <1e-9, 1e9>      : decay of x (Wang 2002)
    tau_decay = 100 (ms) <1e-9, 1e9>   : decay of s (Wang 2002)
    alpha = 0.5 (/ms) <1e-12, 1e9>     : saturation rate (Wang 2002)
    erev = 0 (mV) <-100, 100>          : reversal potential
    mg = 1 (mM) <0, 1e9>               : extracellular [Mg2+]
    mg_k0 = 3.57 (mM) <1e-9, 1e9>      : Mg2+ dissociation constant at 0 mV (Jahr & Stevens 1990)
    mg_gamma = 0.062 (/mV) <0, 1e9>    : voltage dependence of the block (Jahr & Stevens 1990)
    gly = 0.01 (mM) <0, 1e9>           : glycine/D-serine concentration at the GluN1 site
    kd_gly = 0.001 (mM) <1e-12, 1e9>   : glycine-site EC50
    glun1 = 1 (1) <0, 1>               : GluN1 expression (0 = no functional receptor)
    ca_frac = 0.1 (1) <0, 1>           : fraction of the current carried by Ca2+
    temp_ref = 37 (degC) <0, 45>       : reference temperature of the kinetics
    q10 = 2.5 (1) <1, 10>              : Q10 of the kinetics
}

ASSIGNED {
    v (mV)
    i (nA)
    inonca (nA)
    ica (nA)
    i_ca (nA)
    cai (mM)
    cao (mM)
    celsius (degC)
    qt (1)
    ghk_scale (mV/mM)
    drive (mM)
    ddrive (mM/mV)
    gm (uS)
    g (uS)
    gw (uS)
    mgb (1)
    n_mismatch (1)
    dt (ms)
    gca (uS)
    gnon (uS)
    fx (1)
    kx (/ms)
    hstep (ms)
    hinv (/ms)
    cvode_on (1)
    dt_used (ms)
    tr_used (ms)
}

STATE {
    x (1)
    s (1)
}

INITIAL {
    : >>> generated guard (the parameter table's bounds and checks, see ei_models.generated.guard_block)
    VERBATIM
#ifndef CORENEURON_BUILD
#define EI_GUARD(ok, ...) if (!(ok)) { char _ei_msg[512]; snprintf(_ei_msg, sizeof _ei_msg, __VA_ARGS__); hoc_execerror(_ei_msg, (char*) 0); }
    EI_GUARD(tau_rise > 0.0 && tau_rise - tau_rise == 0, "ei_models nmda_sat: tau_rise = %g ms is outside its range (0, inf) ms; set it within the range (ei_models.neuron.insert('nmda_sat', ...) checks values before NEURON sees them)", tau_rise)
    EI_GUARD(tau_decay > 0.0 && tau_decay - tau_decay == 0, "ei_models nmda_sat: tau_decay = %g ms is outside its range (0, inf) ms; set it within the range (ei_models.neuron.insert('nmda_sat', ...) checks values before NEURON sees them)", tau_decay)
    EI_GUARD(alpha > 0.0 && alpha - alpha == 0, "ei_models nmda_sat: alpha = %g /ms is outside its range (0, inf) /ms; set it within the range (ei_models.neuron.insert('nmda_sat', ...) checks values before NEURON sees them)", alpha)
    EI_GUARD(erev >= -100.0 && erev <= 100.0, "ei_models nmda_sat: erev = %g mV is outside its range [-100, 100] mV; set it within the range (ei_models.neuron.insert('nmda_sat', ...) checks values before NEURON sees them)", erev)
    EI_GUARD(mg >= 0.0 && mg - mg == 0, "ei_models nmda_sat: mg = %g mM is outside its range [0, inf) mM; set it within the range (ei_models.neuron.insert('nmda_sat', ...) checks values before NEURON sees them)", mg)
    EI_GUARD(mg_k0 > 0.0 && mg_k0 - mg_k0 == 0, "ei_models nmda_sat: mg_k0 = %g mM is outside its range (0, inf) mM; set it within the range (ei_models.neuron.insert('nmda_sat', ...) checks values before NEURON sees them)", mg_k0)
    EI_GUARD(mg_gamma >= 0.0 && mg_gamma - mg_gamma == 0, "ei_models nmda_sat: mg_gamma = %g /mV is outside its range [0, inf) /mV; set it within the range (ei_models.neuron.insert('nmda_sat', ...) checks values before NEURON sees them)", mg_gamma)
    EI_GUARD(gly >= 0.0 && gly - gly == 0, "ei_models nmda_sat: gly = %g mM is outside its range [0, inf) mM; set it within the range (ei_models.neuron.insert('nmda_sat', ...) checks values before NEURON sees them)", gly)
    EI_GUARD(kd_gly > 0.0 && kd_gly - kd_gly == 0, "ei_models nmda_sat: kd_gly = %g mM is outside its range (0, inf) mM; set it within the range (ei_models.neuron.insert('nmda_sat', ...) checks values before NEURON sees them)", kd_gly)
    EI_GUARD(glun1 >= 0.0 && glun1 <= 1.0, "ei_models nmda_sat: glun1 = %g is outside its range [0, 1]; set it within the range (ei_models.neuron.insert('nmda_sat', ...) checks values before NEURON sees them)", glun1)
    EI_GUARD(ca_frac >= 0.0 && ca_frac <= 1.0, "ei_models nmda_sat: ca_frac = %g is outside its range [0, 1]; set it within the range (ei_models.neuron.insert('nmda_sat', ...) checks values before NEURON sees them)", ca_frac)
    EI_GUARD(temp_ref >= 0.0 && temp_ref <= 45.0, "ei_models nmda_sat: temp_ref = %g degC is outside its range [0, 45] degC; set it within the range (ei_models.neuron.insert('nmda_sat', ...) checks values before NEURON sees them)", temp_ref)
    EI_GUARD(q10 >= 1.0 && q10 <= 10.0, "ei_models nmda_sat: q10 = %g is outside its range [1, 10]; set it within the range (ei_models.neuron.insert('nmda_sat', ...) checks values before NEURON sees them)", q10)
    EI_GUARD(tau_rise < tau_decay, "ei_models nmda_sat: tau_rise (%g ms) must be shorter than tau_decay (%g ms); change them (ei_models.neuron.insert('nmda_sat', ...) checks values before NEURON sees them)", tau_rise, tau_decay)
    EI_GUARD(celsius >= 0.0 && celsius <= 45.0, "ei_models nmda_sat: celsius = %g degC is outside [0, 45] degC, the range of its Q10 temperature scaling; set h.celsius within it (e.g. 37) before finitialize", celsius)
    EI_GUARD(cai > 0 && cai - cai == 0, "ei_models nmda_sat: cai = %g mM on its segment, calcium concentrations must be positive and finite (the Ca2+ current is GHK); set seg.cai (or cai0_ca_ion before finitialize; NEURON's defaults: cai = 5e-05, cao = 2 mM)", cai)
    EI_GUARD(cao > 0 && cao - cao == 0, "ei_models nmda_sat: cao = %g mM on its segment, calcium concentrations must be positive and finite (the Ca2+ current is GHK); set seg.cao (or cao0_ca_ion before finitialize; NEURON's defaults: cai = 5e-05, cao = 2 mM)", cao)
#undef EI_GUARD
#endif
    ENDVERBATIM
    : <<< generated guard
    ghk_scale = ghk_ref()
    qt = q10^((celsius - temp_ref) / 10 (degC))
    x = 0
    s = 0
    gw = 0
    n_mismatch = 0
    dt_used = -1
}

BREAKPOINT {
    SOLVE advance METHOD euler
    g = gw * glun1 * gly / (gly + kd_gly) * s
    mgb = 1 / (1 + mg / mg_k0 * exp(-mg_gamma * v))
    gm = g * mgb
    ghk(v)
    : monovalent part, reversal erev; Ca2+ part by GHK (see COMMENT, Ca2+)
    inonca = (1 - ca_frac) * gm * (v - erev)
    i_ca = ca_frac * gm * ghk_scale * drive
    ica = i_ca
    i = inonca + i_ca
    : analytic di/dv of each part (d mgb/dv = mg_gamma * mgb * (1 - mgb))
    gnon = (1 - ca_frac) * gm * (1 + mg_gamma * (1 - mgb) * (v - erev))
    gca = ca_frac * gm * ghk_scale * (mg_gamma * (1 - mgb) * drive + ddrive)
    CONDUCTANCE gca USEION ca
    CONDUCTANCE gnon
}

PROCEDURE ghk(vm (mV)) {
    : the GHK flux term f(v) = u (cai - cao exp(-u)) / (1 - exp(-u)), u = 2 F v / (R T), and its
    : derivative df/dv; below |u| = 1e-3 their Taylor series (the exact form is 0/0 at v = 0)
    LOCAL u, eu, d, kz
    kz = 2 * FARADAY / (R * (celsius + 273.15))
    u = kz * vm
    if (fabs(u) < 1e-3) {
        drive = (cai - cao) + (cai + cao) * u / 2 + (cai - cao) * u * u / 12
        ddrive = kz * ((cai + cao) / 2 + (cai - cao) * u / 6)
    } else {
        eu = exp(-u)
        d = 1 - eu
        drive = u * (cai - cao * eu) / d
        ddrive = kz * (cai * (d - u * eu) - cao * eu * (d - u)) / (d * d)
    }
}

FUNCTION ghk_ref() (mV/mM) {
    : ghk_scale = (v_ref - e_ref) / f(v_ref) at the reference conditions (ei_models.physics.NMDA_CA_REF)
    LOCAL u, eu
    u = 2 * FARADAY * v_ref / (R * (celsius_ref + 273.15))
    eu = exp(-u)
    ghk_ref = (v_ref - e_ref) * (1 - eu) / (u * (cai_ref - cao_ref * eu))
}

DERIVATIVE advance {
    : one right-hand side, two paths (see COMMENT, CVODE): at a fixed step, NEURON's Euler
    : update X + hstep*X' lands on the exact-x, exponential-s step; under CVODE (cvode_on = 1,
    : hinv = 0) X' is the model's right-hand side
    LOCAL xbar, k, sinf, sn, tr, td, aq
    fixed_step()
    tr = tau_rise / qt
    td = tau_decay / qt
    aq = alpha * qt
    if (hstep > 0) {
        if (hstep != dt_used || tau_rise != tr_used) {
            fx = exp(-hstep / tr)
            kx = (1 - fx) / hstep
            dt_used = hstep
            tr_used = tau_rise
        }
        xbar = x * tr * (1 - fx) / hstep
        k = 1 / td + aq * xbar
        sinf = aq * xbar / k
        sn = sinf + (s - sinf) * exp(-k * hstep)
    } else {
        kx = 1 / tr
        sn = s
        dt_used = -1
    }
    x' = -kx * x
    s' = cvode_on * (aq * x * (1 - s) - s / td) + hinv * (sn - s)
}

: >>> generated fixed-step (ei_models.generated.FIXED_STEP, the switch between the two paths)
PROCEDURE fixed_step() {
    : the two paths of the DERIVATIVE block (see COMMENT, CVODE): at a fixed step, hstep is
    : the step that nrn_state's Euler update spans (nocmodl's secondorder scheme takes it as two
    : increments of dt/2 each) and hinv = 1/hstep, cvode_on = 0; under CVODE (NEURON's global
    : cvode_active_; CoreNEURON has none) hstep = hinv = 0, cvode_on = 1
    hstep = dt
VERBATIM
#if !defined(CORENEURON_BUILD)
    if (cvode_active_) {
        hstep = 0.0;
    }
#if defined(_threadargsproto_)
    else if (secondorder) {
        hstep = 2.0 * dt;
    }
#endif
#endif
ENDVERBATIM
    if (hstep > 0) {
        hinv = 1 / hstep
        cvode_on = 0
    } else {
        hinv = 0
        cvode_on = 1
    }
}
: <<< generated fixed-step

NET_RECEIVE(weight (uS)) {
    if (gw == 0) {
        gw = weight
    } else if (weight != gw) {
        n_mismatch = n_mismatch + 1
    }
    x = x + 1
}
