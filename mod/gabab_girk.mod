TITLE gabab_girk: GABA_B receptor -> Gi/o -> GIRK K+ current, with cAMP and pertussis toxin

COMMENT
GABA_B receptor-mediated slow inhibition, driven by NetCon events (one event = one release of
GABA onto the receptors; the NetCon weight scales the amount of GABA, 1 = one release).

Model
-----
Transmitter. Each event starts a square pulse of GABA, T = weight*cmax for cdur ms (the pulse
approximation of Destexhe, Mainen & Sejnowski 1994, Neural Comput 6:14). An event during a pulse
restarts it (amplitude of the newest event, cdur from the newest event).

Receptor. Only GABA_B1/GABA_B2 heterodimers reach the surface and signal: GABA binds the B1
subunit, B2 carries the receptor to the membrane and couples to the G protein (Jones et al. 1998,
Nature 396:674; Kaupmann et al. 1998, Nature 396:683; White et al. 1998, Nature 396:679). The
surface receptor pool is set by the scarcer subunit,
    rtot = min(gabab1, gabab2)                 (expression levels, 0..1)
so either subunit alone (the other at 0) gives rtot = 0 and no response at all.

Kinetics (Destexhe & Sejnowski 1995, PNAS 92:9515; Destexhe, Mainen & Sejnowski 1998, in
Methods in Neuronal Modeling, 2nd ed., MIT Press):
    R' = k1*T*(rtot - R - D) - k2*R + d2*D     active (GABA-bound) receptor
    D' = d1*R - d2*D                           desensitized receptor
    G' = k3*(1 - ptx)*R - k4*G                 activated G protein (uM), Galpha-GTP + free Gbetagamma
The default rates are the minimal model of Destexhe, Mainen & Sejnowski (1998): k1 = 0.09
/mM/ms, k2 = 0.0012 /ms, k3 = 0.18 /ms, k4 = 0.034 /ms, no desensitization (d1 = d2 = 0),
kd = 100 uM^4, n = 4, pulse 0.5 mM x 0.3 ms. The Python layer selects the desensitizing fit of
Destexhe & Sejnowski (1995): k1 = 0.66, k2 = 0.020, k3 = 0.083, k4 = 0.0079, d1 = 0.017,
d2 = 0.0053 (same units).
k2*R is the whole outflow of the active state and d1*R the desensitizing part of it, so the
Python layer requires d1 <= k2 (d1 > k2 creates receptors: R + D grows without bound).

Pertussis toxin ADP-ribosylates Galpha(i/o) so that the receptor can no longer activate it
(Andrade, Malenka & Nicoll 1986, Science 234:1261): ptx is the modified fraction; ptx = 1 gives
G = 0, no GIRK current and no cAMP change.

Gbetagamma arm: n Gbetagamma bind a GIRK channel, binding fast compared with G (Destexhe &
Sejnowski 1995):
    g = gmax * G^n/(G^n + kd)                  n = 4: cooperative, so bursts >> single spikes
    i = g*(v - ek)                             K+ current, ek from the k ion of the segment
The current is written to ik so it reverses at the segment's E_K (set ek, or let NEURON compute
it from ki/ko with ion_style).

Galpha arm: Galpha(i/o)-GTP inhibits adenylyl cyclase (Taussig, Iniguez-Lluhi & Gilman 1993,
Science 261:218), so cAMP falls towards a lower steady level while G is up and recovers with the
phosphodiesterase time constant tau_camp:
    cAMP target = camp0*(1 - ac_inh*G/(G + kd_ac))
    camp_drop'  = (camp0*ac_inh*G/(G + kd_ac) - camp_drop)/tau_camp,   camp = camp0 - camp_drop
(the state is the deficit so that it starts at 0 in both simulators). The cAMP parameters are
modelling choices (see the parameter table).

Numerics: backward Euler, the step NEURON's derivimplicit took by Newton iteration, solved in
closed form: with T constant within a step, D(t+dt) is linear in R(t+dt), which gives R(t+dt)
from one division; G(t+dt) follows from R(t+dt), and camp_drop(t+dt) from
G(t+dt); the current's voltage derivative g is given by a CONDUCTANCE hint (the G^n Hill term
is evaluated once per step). No iteration, no numerical Jacobian: ~20x cheaper per instance,
1.9x NEURON's Exp2Syn (ei-models bench). The Brian2 twin
(equations/gabab_girk.eqs) uses ei_models' "implicit_euler" state updater, which generates the
same backward Euler step in closed form, so both simulators take identical steps.

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
the CVODE right-hand sides are qt times the fluxes. The transmitter pulse (cmax, cdur) and the cAMP relaxation (tau_camp) is
not scaled. temp_ref = 37 C and q10 = 2.5 are assumed (see the table). NEURON's default
celsius = 6.3 C slows the cascade 2.5^3.07 = 17x: set h.celsius = 37 (ei_models.neuron.insert
warns once at 6.3 C); celsius outside 0-45 C stops finitialize.

CVODE: the step is a DERIVATIVE block solved by METHOD euler, one right-hand side per
state, X' = cvode_on*f(X) + hinv*(Xn - X). At a fixed step h (cvode_on = 0, hinv = 1/h)
Xn is the closed-form step above, and NEURON's Euler update X + h*X' lands on it to
round-off: fixed-step results and speed stay those of the closed form. Under CVODE
(fixed_step() reads NEURON's cvode_active_: cvode_on = 1, hinv = 0) X' is the model's
right-hand side f(X), whose diagonal Jacobian (all CVODE's Newton iteration uses from a
mechanism) is exact. CoreNEURON, fixed-step only, always takes the closed form.

Parameter defaults, units and bounds are those of ei_models/mechanisms/gabab_girk.py, the
single source of truth; tests/test_parameter_tables.py checks this file against it.
ENDCOMMENT

NEURON {
    THREADSAFE
    POINT_PROCESS eim_gabab_girk
    USEION k READ ek WRITE ik
    RANGE temp_ref, q10, qt
    RANGE cmax, cdur, k1, k2, k3, k4, d1, d2, kd, n, gabab1, gabab2, ptx
    RANGE gmax, camp0, tau_camp, kd_ac, ac_inh
    RANGE g, i, gbg, camp, T, rtot, c_pulse, t_off, dose
}

UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
    (uS) = (microsiemens)
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
    kd = 100 (1) <1e-12, 1e12>         : Gbetagamma dissociation constant of GIRK (uM^n)
    n = 4 (1) <1, 1e9>                 : Gbetagamma binding sites per GIRK channel
    gabab1 = 1 (1) <0, 1>              : GABA_B1 expression (0 = knockout)
    gabab2 = 1 (1) <0, 1>              : GABA_B2 expression (0 = knockout)
    ptx = 0 (1) <0, 1>                 : pertussis-toxin-modified fraction of Gi/o
    gmax = 0.1 (uS) <0, 1e9>           : maximal GIRK conductance
    camp0 = 0.001 (mM) <0, 1e9>        : basal cAMP
    tau_camp = 500 (ms) <1e-9, 1e9>    : cAMP relaxation time constant
    kd_ac = 0.2 (1) <1e-12, 1e12>      : G (uM) for half-maximal adenylyl cyclase inhibition
    ac_inh = 0.7 (1) <0, 1>            : maximal fractional adenylyl cyclase inhibition
    temp_ref = 37 (degC) <0, 45>      : reference temperature of the receptor / G-protein rates
    q10 = 2.5 (1) <1, 10>             : Q10 of the receptor / G-protein rates
}

ASSIGNED {
    v (mV)
    ek (mV)
    ik (nA)
    i (nA)
    g (uS)
    gbg (1)
    camp (mM)
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
    camp_drop (mM)
}

INITIAL {
    : >>> generated guard (the parameter table's bounds and checks, see ei_models.generated.guard_block)
    VERBATIM
#ifndef CORENEURON_BUILD
#define EI_GUARD(ok, ...) if (!(ok)) { char _ei_msg[512]; snprintf(_ei_msg, sizeof _ei_msg, __VA_ARGS__); hoc_execerror(_ei_msg, (char*) 0); }
    EI_GUARD(cmax >= 0.0 && cmax - cmax == 0, "ei_models gabab_girk: cmax = %g mM is outside its range [0, inf) mM; set it within the range (ei_models.neuron.insert('gabab_girk', ...) checks values before NEURON sees them)", cmax)
    EI_GUARD(cdur > 0.0 && cdur - cdur == 0, "ei_models gabab_girk: cdur = %g ms is outside its range (0, inf) ms; set it within the range (ei_models.neuron.insert('gabab_girk', ...) checks values before NEURON sees them)", cdur)
    EI_GUARD(k1 >= 0.0 && k1 - k1 == 0, "ei_models gabab_girk: k1 = %g /mM/ms is outside its range [0, inf) /mM/ms; set it within the range (ei_models.neuron.insert('gabab_girk', ...) checks values before NEURON sees them)", k1)
    EI_GUARD(k2 >= 0.0 && k2 - k2 == 0, "ei_models gabab_girk: k2 = %g /ms is outside its range [0, inf) /ms; set it within the range (ei_models.neuron.insert('gabab_girk', ...) checks values before NEURON sees them)", k2)
    EI_GUARD(k3 >= 0.0 && k3 - k3 == 0, "ei_models gabab_girk: k3 = %g /ms is outside its range [0, inf) /ms; set it within the range (ei_models.neuron.insert('gabab_girk', ...) checks values before NEURON sees them)", k3)
    EI_GUARD(k4 >= 0.0 && k4 - k4 == 0, "ei_models gabab_girk: k4 = %g /ms is outside its range [0, inf) /ms; set it within the range (ei_models.neuron.insert('gabab_girk', ...) checks values before NEURON sees them)", k4)
    EI_GUARD(d1 >= 0.0 && d1 - d1 == 0, "ei_models gabab_girk: d1 = %g /ms is outside its range [0, inf) /ms; set it within the range (ei_models.neuron.insert('gabab_girk', ...) checks values before NEURON sees them)", d1)
    EI_GUARD(d2 >= 0.0 && d2 - d2 == 0, "ei_models gabab_girk: d2 = %g /ms is outside its range [0, inf) /ms; set it within the range (ei_models.neuron.insert('gabab_girk', ...) checks values before NEURON sees them)", d2)
    EI_GUARD(gabab1 >= 0.0 && gabab1 <= 1.0, "ei_models gabab_girk: gabab1 = %g is outside its range [0, 1]; set it within the range (ei_models.neuron.insert('gabab_girk', ...) checks values before NEURON sees them)", gabab1)
    EI_GUARD(gabab2 >= 0.0 && gabab2 <= 1.0, "ei_models gabab_girk: gabab2 = %g is outside its range [0, 1]; set it within the range (ei_models.neuron.insert('gabab_girk', ...) checks values before NEURON sees them)", gabab2)
    EI_GUARD(ptx >= 0.0 && ptx <= 1.0, "ei_models gabab_girk: ptx = %g is outside its range [0, 1]; set it within the range (ei_models.neuron.insert('gabab_girk', ...) checks values before NEURON sees them)", ptx)
    EI_GUARD(temp_ref >= 0.0 && temp_ref <= 45.0, "ei_models gabab_girk: temp_ref = %g degC is outside its range [0, 45] degC; set it within the range (ei_models.neuron.insert('gabab_girk', ...) checks values before NEURON sees them)", temp_ref)
    EI_GUARD(q10 >= 1.0 && q10 <= 10.0, "ei_models gabab_girk: q10 = %g is outside its range [1, 10]; set it within the range (ei_models.neuron.insert('gabab_girk', ...) checks values before NEURON sees them)", q10)
    EI_GUARD(kd > 0.0 && kd - kd == 0, "ei_models gabab_girk: kd = %g is outside its range (0, inf); set it within the range (ei_models.neuron.insert('gabab_girk', ...) checks values before NEURON sees them)", kd)
    EI_GUARD(n >= 1.0 && n - n == 0, "ei_models gabab_girk: n = %g is outside its range [1, inf); set it within the range (ei_models.neuron.insert('gabab_girk', ...) checks values before NEURON sees them)", n)
    EI_GUARD(gmax >= 0.0 && gmax - gmax == 0, "ei_models gabab_girk: gmax = %g uS is outside its range [0, inf) uS; set it within the range (ei_models.neuron.insert('gabab_girk', ...) checks values before NEURON sees them)", gmax)
    EI_GUARD(camp0 >= 0.0 && camp0 - camp0 == 0, "ei_models gabab_girk: camp0 = %g mM is outside its range [0, inf) mM; set it within the range (ei_models.neuron.insert('gabab_girk', ...) checks values before NEURON sees them)", camp0)
    EI_GUARD(tau_camp > 0.0 && tau_camp - tau_camp == 0, "ei_models gabab_girk: tau_camp = %g ms is outside its range (0, inf) ms; set it within the range (ei_models.neuron.insert('gabab_girk', ...) checks values before NEURON sees them)", tau_camp)
    EI_GUARD(kd_ac > 0.0 && kd_ac - kd_ac == 0, "ei_models gabab_girk: kd_ac = %g is outside its range (0, inf); set it within the range (ei_models.neuron.insert('gabab_girk', ...) checks values before NEURON sees them)", kd_ac)
    EI_GUARD(ac_inh >= 0.0 && ac_inh <= 1.0, "ei_models gabab_girk: ac_inh = %g is outside its range [0, 1]; set it within the range (ei_models.neuron.insert('gabab_girk', ...) checks values before NEURON sees them)", ac_inh)
    EI_GUARD(d1 <= k2, "ei_models gabab_girk: d1 (%g /ms) must not exceed k2 (%g /ms); change them (ei_models.neuron.insert('gabab_girk', ...) checks values before NEURON sees them)", d1, k2)
    EI_GUARD(celsius >= 0.0 && celsius <= 45.0, "ei_models gabab_girk: celsius = %g degC is outside [0, 45] degC, the range of its Q10 temperature scaling; set h.celsius within it (e.g. 37) before finitialize", celsius)
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
    camp_drop = 0
    T = 0
    c_pulse = 0
    t_off = -1e9
    dose = 0
}

BREAKPOINT {
    SOLVE advance METHOD euler
    gbg = G
    g = gmax * G^n / (G^n + kd)
    i = g * (v - ek)
    ik = i
    CONDUCTANCE g USEION k
    camp = camp0 - camp_drop
}

DERIVATIVE advance {
    : one right-hand side, two paths (see COMMENT, CVODE): at a fixed step, NEURON's Euler
    : update X + hstep*X' lands on Xn, the closed-form backward Euler value; under CVODE
    : (cvode_on = 1, hinv = 0) X' is the model's right-hand side
    LOCAL kt, ed, c, h, Rn, Dn, Gn, camp_dropn
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
        camp_dropn = (camp_drop + hstep / tau_camp * camp0 * ac_inh * Gn / (Gn + kd_ac)) / (1 + hstep / tau_camp)
    } else {
        Rn = R
        Dn = D
        Gn = G
        camp_dropn = camp_drop
    }
    R' = cvode_on * qt * (kt * (rtot - R - D) - k2 * R + d2 * D) + hinv * (Rn - R)
    D' = cvode_on * qt * (d1 * R - d2 * D) + hinv * (Dn - D)
    G' = cvode_on * qt * (k3 * (1 - ptx) * R - k4 * G) + hinv * (Gn - G)
    camp_drop' = cvode_on * (camp0 * ac_inh * G / (G + kd_ac) - camp_drop) / tau_camp + hinv * (camp_dropn - camp_drop)
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
