TITLE gabab_pre: presynaptic GABA_B receptors inhibit Ca2+ entry and release at an axon terminal

COMMENT
Presynaptic GABA_B receptors on an axon terminal (auto- or heteroreceptors), driven by NetCon
events of GABA release onto the terminal. Place it on the terminal (or on the presynaptic cell's
axon) of the synapse whose release it controls.

Receptor and G protein: exactly as in gabab_girk.mod (same parameters and rate presets; Destexhe,
Mainen & Sejnowski 1998, Methods in Neuronal Modeling 2nd ed.; Destexhe & Sejnowski 1995, PNAS
92:9515): GABA pulse T = weight*cmax for cdur; rtot = min(gabab1, gabab2) (obligate B1/B2
heterodimer); pertussis toxin fraction ptx blocks Gi/o activation;
    R' = k1*T*(rtot - R - D) - k2*R + d2*D
    D' = d1*R - d2*D
    G' = k3*(1 - ptx)*R - k4*G
k2*R is the whole outflow of the active state and d1*R the desensitizing part of it, so the
Python layer requires d1 <= k2 (d1 > k2 creates receptors: R + D grows without bound).

Gbetagamma arm at the terminal: free Gbetagamma binds voltage-gated Ca2+ channels (Cav2.1/2.2),
one per channel (Zamponi et al. 1997, Nature 385:442), and makes them reluctant to open, so less
Ca2+ enters per action potential (Takahashi, Kajikawa & Tsujimoto 1998, J Neurosci 18:3138):
    inh = inh_max * G^n_ca/(G^n_ca + kd_ca)    fraction of Ca2+ entry inhibited
    ca  = ca_ap*(1 - inh)                       peak Ca2+ at the release sensor per spike (mM)
Release: n_rel Ca2+ ions act cooperatively on the sensor (Dodge & Rahamimoff 1967, J Physiol
193:419: release grows with the 4th power of Ca2+), in Hill form so that Pr saturates:
    pr  = pr_max*(ca/kd_rel)^n_rel/((ca/kd_rel)^n_rel + 1)   release probability of a spike now
so a fractional Ca2+ reduction lowers release by up to its n_rel-th power (by the power
n_rel*(1 - pr/pr_max) for small changes).

ca and pr are continuous read-outs: the Ca2+ influx and release probability an action potential
of the terminal would have now. A quantal release model takes pr over by reading it at each
presynaptic spike (in Brian2, a linked/summed variable; in NEURON, from Python or a NetCon-driven
release mechanism that computes the same function of ca). No membrane current is produced
(the cascade's own K+ current at the terminal is neglected). Without a current, NEURON
evaluates the BREAKPOINT read-outs after SOLVE, i.e. at the end of each step.

Numerics: backward Euler, the step NEURON's derivimplicit took by Newton iteration, solved in
closed form: with T constant within a step, D(t+dt) is linear in R(t+dt), which gives R(t+dt)
from one division, and G(t+dt) follows from R(t+dt). No iteration, no numerical Jacobian. The Brian2
twin (equations/gabab_pre.eqs) uses the matching "implicit_euler" state updater of ei_models,
the same backward Euler step.

Exact dose at a fixed step (issue 14): the pulse enters each step as its mean over the step,
T = (the part of the pulse's amount c_pulse*cdur not yet delivered, at most c_pulse*h)/h, so a
pulse shorter than the step, or not a multiple of it, delivers its whole amount c_pulse*cdur
(mM ms) within the steps it overlaps (dose holds the part still to come; an event during a
pulse restarts it with the newest amount). At dt -> 0 this is the square pulse; the Brian2 twin
takes the same mean, from the overlap of the step with [t_on, t_off]. Under CVODE the pulse is
the exact square pulse of the events (net_send ends it).

Temperature: the receptor and G-protein rates (k1-k4, d1, d2) are multiplied by qt =
q10^((celsius - temp_ref)/10), computed in INITIAL from NEURON's celsius (read at
finitialize): the fixed step advances R, D, G by the backward Euler step of length qt*hstep,
the CVODE right-hand sides are qt times the fluxes. The transmitter pulse (cmax, cdur) is
not scaled. temp_ref = 37 C and q10 = 2.5 are assumed (see the table). NEURON's default
celsius = 6.3 C slows the cascade 2.5^3.07 = 17x: set h.celsius = 37 (ei_models.neuron.insert
warns once at 6.3 C); celsius outside 0-45 C stops finitialize.

CVODE: the step is a DERIVATIVE block solved by METHOD euler, one right-hand side per
state, X' = cvode_on*f(X) + hinv*(Xn - X). At a fixed step h (cvode_on = 0, hinv = 1/h)
Xn is the closed-form step above, and NEURON's Euler update X + h*X' lands on it to
round-off: fixed-step results and speed stay those of the closed form. Under CVODE
(fixed_step() reads NEURON's cvode_active_: cvode_on = 1, hinv = 0) X' is the model's
right-hand side f(X), whose diagonal Jacobian (all CVODE's Newton iteration uses from a
mechanism) is exact. CoreNEURON, fixed-step only, always takes the closed form. With no current,
NEURON runs this BREAKPOINT after fixed steps only, so under CVODE the DERIVATIVE block
calls readout() itself.

Parameter defaults, units and bounds are those of ei_models/mechanisms/gabab_pre.py, the single
source of truth; tests/test_parameter_tables.py checks this file against it.
ENDCOMMENT

NEURON {
    THREADSAFE
    POINT_PROCESS eim_gabab_pre
    RANGE temp_ref, q10, qt
    RANGE cmax, cdur, k1, k2, k3, k4, d1, d2, gabab1, gabab2, ptx
    RANGE ca_ap, inh_max, kd_ca, n_ca, kd_rel, n_rel, pr_max
    RANGE gbg, inh, ca, pr, T, rtot, c_pulse, t_off, dose
}

UNITS {
    (mM) = (milli/liter)
}

PARAMETER {
    cmax = 0.5 (mM) <0, 1e9>           : GABA concentration of one pulse (weight 1)
    cdur = 0.3 (ms) <1e-9, 1e9>        : pulse duration
    k1 = 0.09 (/mM/ms) <0, 1e9>        : GABA binding rate (Destexhe, Mainen & Sejnowski 1998)
    k2 = 0.0012 (/ms) <0, 1e9>         : GABA unbinding rate
    k3 = 0.18 (/ms) <0, 1e9>           : G-protein activation rate
    k4 = 0.034 (/ms) <0, 1e9>          : G-protein inactivation rate
    d1 = 0 (/ms) <0, 1e9>              : desensitization rate (0 in the minimal model)
    d2 = 0 (/ms) <0, 1e9>              : resensitization rate
    gabab1 = 1 (1) <0, 1>              : GABA_B1 expression (0 = knockout)
    gabab2 = 1 (1) <0, 1>              : GABA_B2 expression (0 = knockout)
    ptx = 0 (1) <0, 1>                 : pertussis-toxin-modified fraction of Gi/o
    ca_ap = 0.01 (mM) <0, 1e9>         : peak Ca2+ at the sensor per spike, uninhibited
    inh_max = 0.5 (1) <0, 1>           : maximal inhibition of Ca2+ entry
    kd_ca = 0.1 (1) <1e-12, 1e12>      : G (uM) for half-maximal Ca2+ channel inhibition
    n_ca = 1 (1) <1, 1e9>              : Gbetagamma per Ca2+ channel
    kd_rel = 0.01 (mM) <1e-12, 1e9>    : Ca2+ for half-maximal release
    n_rel = 4 (1) <1, 1e9>             : Ca2+ ions needed for release
    pr_max = 1 (1) <0, 1>              : release probability at saturating Ca2+
    temp_ref = 37 (degC) <0, 45>      : reference temperature of the receptor / G-protein rates
    q10 = 2.5 (1) <1, 10>             : Q10 of the receptor / G-protein rates
}

ASSIGNED {
    gbg (1)
    inh (1)
    ca (mM)
    pr (1)
    T (mM)
    rtot (1)
    c_pulse (mM)
    t_off (ms)
    dose (mM ms)
    dt (ms)
    hstep (ms)
    hinv (/ms)
    cvode_on (1)
    celsius (degC)
    qt (1)
}

STATE {
    R (1)
    D (1)
    G (1)
}

INITIAL {
    : >>> generated guard (the parameter table's bounds and checks, see ei_models.generated.guard_block)
    VERBATIM
#ifndef CORENEURON_BUILD
#define EI_GUARD(ok, ...) if (!(ok)) { char _ei_msg[512]; snprintf(_ei_msg, sizeof _ei_msg, __VA_ARGS__); hoc_execerror(_ei_msg, (char*) 0); }
    EI_GUARD(cmax >= 0.0 && cmax - cmax == 0, "ei_models gabab_pre: cmax = %g mM is outside its range [0, inf) mM; set it within the range (ei_models.neuron.insert('gabab_pre', ...) checks values before NEURON sees them)", cmax)
    EI_GUARD(cdur > 0.0 && cdur - cdur == 0, "ei_models gabab_pre: cdur = %g ms is outside its range (0, inf) ms; set it within the range (ei_models.neuron.insert('gabab_pre', ...) checks values before NEURON sees them)", cdur)
    EI_GUARD(k1 >= 0.0 && k1 - k1 == 0, "ei_models gabab_pre: k1 = %g /mM/ms is outside its range [0, inf) /mM/ms; set it within the range (ei_models.neuron.insert('gabab_pre', ...) checks values before NEURON sees them)", k1)
    EI_GUARD(k2 >= 0.0 && k2 - k2 == 0, "ei_models gabab_pre: k2 = %g /ms is outside its range [0, inf) /ms; set it within the range (ei_models.neuron.insert('gabab_pre', ...) checks values before NEURON sees them)", k2)
    EI_GUARD(k3 >= 0.0 && k3 - k3 == 0, "ei_models gabab_pre: k3 = %g /ms is outside its range [0, inf) /ms; set it within the range (ei_models.neuron.insert('gabab_pre', ...) checks values before NEURON sees them)", k3)
    EI_GUARD(k4 >= 0.0 && k4 - k4 == 0, "ei_models gabab_pre: k4 = %g /ms is outside its range [0, inf) /ms; set it within the range (ei_models.neuron.insert('gabab_pre', ...) checks values before NEURON sees them)", k4)
    EI_GUARD(d1 >= 0.0 && d1 - d1 == 0, "ei_models gabab_pre: d1 = %g /ms is outside its range [0, inf) /ms; set it within the range (ei_models.neuron.insert('gabab_pre', ...) checks values before NEURON sees them)", d1)
    EI_GUARD(d2 >= 0.0 && d2 - d2 == 0, "ei_models gabab_pre: d2 = %g /ms is outside its range [0, inf) /ms; set it within the range (ei_models.neuron.insert('gabab_pre', ...) checks values before NEURON sees them)", d2)
    EI_GUARD(gabab1 >= 0.0 && gabab1 <= 1.0, "ei_models gabab_pre: gabab1 = %g is outside its range [0, 1]; set it within the range (ei_models.neuron.insert('gabab_pre', ...) checks values before NEURON sees them)", gabab1)
    EI_GUARD(gabab2 >= 0.0 && gabab2 <= 1.0, "ei_models gabab_pre: gabab2 = %g is outside its range [0, 1]; set it within the range (ei_models.neuron.insert('gabab_pre', ...) checks values before NEURON sees them)", gabab2)
    EI_GUARD(ptx >= 0.0 && ptx <= 1.0, "ei_models gabab_pre: ptx = %g is outside its range [0, 1]; set it within the range (ei_models.neuron.insert('gabab_pre', ...) checks values before NEURON sees them)", ptx)
    EI_GUARD(temp_ref >= 0.0 && temp_ref <= 45.0, "ei_models gabab_pre: temp_ref = %g degC is outside its range [0, 45] degC; set it within the range (ei_models.neuron.insert('gabab_pre', ...) checks values before NEURON sees them)", temp_ref)
    EI_GUARD(q10 >= 1.0 && q10 <= 10.0, "ei_models gabab_pre: q10 = %g is outside its range [1, 10]; set it within the range (ei_models.neuron.insert('gabab_pre', ...) checks values before NEURON sees them)", q10)
    EI_GUARD(ca_ap >= 0.0 && ca_ap - ca_ap == 0, "ei_models gabab_pre: ca_ap = %g mM is outside its range [0, inf) mM; set it within the range (ei_models.neuron.insert('gabab_pre', ...) checks values before NEURON sees them)", ca_ap)
    EI_GUARD(inh_max >= 0.0 && inh_max <= 1.0, "ei_models gabab_pre: inh_max = %g is outside its range [0, 1]; set it within the range (ei_models.neuron.insert('gabab_pre', ...) checks values before NEURON sees them)", inh_max)
    EI_GUARD(kd_ca > 0.0 && kd_ca - kd_ca == 0, "ei_models gabab_pre: kd_ca = %g is outside its range (0, inf); set it within the range (ei_models.neuron.insert('gabab_pre', ...) checks values before NEURON sees them)", kd_ca)
    EI_GUARD(n_ca >= 1.0 && n_ca - n_ca == 0, "ei_models gabab_pre: n_ca = %g is outside its range [1, inf); set it within the range (ei_models.neuron.insert('gabab_pre', ...) checks values before NEURON sees them)", n_ca)
    EI_GUARD(kd_rel > 0.0 && kd_rel - kd_rel == 0, "ei_models gabab_pre: kd_rel = %g mM is outside its range (0, inf) mM; set it within the range (ei_models.neuron.insert('gabab_pre', ...) checks values before NEURON sees them)", kd_rel)
    EI_GUARD(n_rel >= 1.0 && n_rel - n_rel == 0, "ei_models gabab_pre: n_rel = %g is outside its range [1, inf); set it within the range (ei_models.neuron.insert('gabab_pre', ...) checks values before NEURON sees them)", n_rel)
    EI_GUARD(pr_max >= 0.0 && pr_max <= 1.0, "ei_models gabab_pre: pr_max = %g is outside its range [0, 1]; set it within the range (ei_models.neuron.insert('gabab_pre', ...) checks values before NEURON sees them)", pr_max)
    EI_GUARD(d1 <= k2, "ei_models gabab_pre: d1 (%g /ms) must not exceed k2 (%g /ms); change them (ei_models.neuron.insert('gabab_pre', ...) checks values before NEURON sees them)", d1, k2)
    EI_GUARD(celsius >= 0.0 && celsius <= 45.0, "ei_models gabab_pre: celsius = %g degC is outside [0, 45] degC, the range of its Q10 temperature scaling; set h.celsius within it (e.g. 37) before finitialize", celsius)
#undef EI_GUARD
#endif
    ENDVERBATIM
    : <<< generated guard
    qt = q10^((celsius - temp_ref) / 10 (degC))
    if (gabab1 < gabab2) {
        rtot = gabab1
    } else {
        rtot = gabab2
    }
    R = 0
    D = 0
    G = 0
    T = 0
    c_pulse = 0
    t_off = -1e9
    dose = 0
    readout()
}

BREAKPOINT {
    SOLVE advance METHOD euler
    readout()
}

PROCEDURE readout() {
    gbg = G
    inh = inh_max * G^n_ca / (G^n_ca + kd_ca)
    ca = ca_ap * (1 - inh)
    pr = pr_max * (ca / kd_rel)^n_rel / ((ca / kd_rel)^n_rel + 1)
}

DERIVATIVE advance {
    : one right-hand side, two paths (see COMMENT, CVODE): at a fixed step, NEURON's Euler
    : update X + hstep*X' lands on Xn, the closed-form backward Euler value; under CVODE
    : (cvode_on = 1, hinv = 0) X' is the model's right-hand side
    LOCAL kt, ed, c, h, Rn, Dn, Gn
    fixed_step()
    if (hstep > 0) {
        pulse_step()
    }
    kt = k1 * T
    if (hstep > 0) {
        : the closed-form backward Euler step (see COMMENT, Numerics), over hstep
        h = hstep * qt  : the receptor / G-protein rates times qt (Temperature, COMMENT)
        ed = 1 / (1 + h * d2)
        c = h * (d2 - kt)
        Rn = (R + h * kt * rtot + c * ed * D) / (1 + h * (kt + k2) - c * ed * h * d1)
        Dn = (D + h * d1 * Rn) * ed
        Gn = (G + h * k3 * (1 - ptx) * Rn) / (1 + h * k4)
    } else {
        Rn = R
        Dn = D
        Gn = G
    }
    R' = cvode_on * qt * (kt * (rtot - R - D) - k2 * R + d2 * D) + hinv * (Rn - R)
    D' = cvode_on * qt * (d1 * R - d2 * D) + hinv * (Dn - D)
    G' = cvode_on * qt * (k3 * (1 - ptx) * R - k4 * G) + hinv * (Gn - G)
    if (cvode_on > 0) {
        : this mechanism has no current, so NEURON evaluates its BREAKPOINT (readout) after each
        : fixed step only; under CVODE the readout follow the states here, at each right-hand side
        readout()
    }
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

PROCEDURE pulse_step() {
    : the exact dose (see COMMENT, Exact dose): at a fixed step of hstep the pulse enters as its
    : mean over the step, so that a pulse shorter than the step, or not a multiple of it,
    : delivers its whole amount c_pulse*cdur
    LOCAL amount
    amount = c_pulse * hstep
    if (amount > dose) {
        amount = dose
    }
    T = amount / hstep
    dose = dose - amount
}

NET_RECEIVE(weight (1)) {
    if (flag == 0) {
        c_pulse = weight * cmax
        dose = c_pulse * cdur
        T = c_pulse
        t_off = t + cdur
        net_send(cdur, 1)
    } else {
        if (t >= t_off - 1e-6 * cdur) {  : the end of the newest pulse only
            T = 0
        }
    }
}
