TITLE nmda: NMDA receptor synapse with glutamate and glycine co-agonism and Mg2+ block

COMMENT
NMDA receptor (GluN1/GluN2) synaptic conductance, driven by NetCon events.

Model
-----
Each event (weight w, uS) models a brief glutamate transient that the receptor integrates into a
dual-exponential conductance, with the normalisation of NEURON's Exp2Syn so that one isolated
event of weight w gives a peak of exactly w at full co-agonist occupancy:

    A' = -A/tau_rise,  B' = -B/tau_decay,  on event: A += w*factor, B += w*factor
    g  = glun1 * f_gly * (B - A)
    f_gly = gly/(gly + kd_gly)                     glycine/D-serine site occupancy
    mgb   = 1/(1 + mg/mg_k0 * exp(-mg_gamma*v))    Mg2+ block (Woodhull form)
    inonca = (1 - ca_frac) * g * mgb * (v - erev)  Na+/K+ part, reversal erev
    i_ca  = ca_frac * g * mgb * ghk_scale * f(v)   Ca2+ part (GHK), written to the ca ion (ica)
    i     = inonca + i_ca                          total current (nA)

For one event at t0 the closed form is
    g(t) = glun1 * f_gly * w * factor * (exp(-(t-t0)/tau_decay) - exp(-(t-t0)/tau_rise)),
    factor = 1/(exp(-tp/tau_decay) - exp(-tp/tau_rise)),
    tp = tau_rise*tau_decay/(tau_decay - tau_rise) * log(tau_decay/tau_rise).

Why a dual exponential and not a kinetic scheme: it has an exact closed form (so NEURON's
exact exponential step (Integration, below) and Brian2's exact integrator reproduce it to round-off, which the cross-simulator
validation uses), it is as cheap as Exp2Syn, and at low release rates NMDA EPSCs are well fitted
by two exponentials whose decay sets the GluN2 subtype (Lester et al. 1990, Nature 346:565).
It sums linearly, so it does not saturate under high-frequency trains; use the cleft-glutamate
driven mechanisms of this package where saturation matters.

Co-agonist: the channel opens only with glutamate bound to GluN2 AND glycine or D-serine bound
to GluN1 (Johnson & Ascher 1987, Nature 325:529; Kleckner & Dingledine 1988, Science 241:835).
gly = 0 gives no current; glun1 = 0 (no GluN1 subunit, no functional receptor) gives none
either (Monyer et al. 1992, Science 256:1217).

Mg2+ block: Jahr & Stevens (1990, J Neurosci 10:3178) fit, mg_k0 = 3.57 mM, mg_gamma =
0.062 /mV, by default; the Python layer selects other published sets (e.g. Zador, Koch & Brown
1990, PNAS 87:6718: 0.33 /mM, 0.06 /mV).

Subtypes: GluN1/GluN2A deactivates in ~50-90 ms, GluN1/GluN2B in ~150-500 ms (Monyer et al.
1994, Neuron 12:529; Vicini et al. 1998, J Neurophysiol 79:555). The defaults are GluN2A; the
Python layer's subtype presets set tau_rise and tau_decay.

Ca2+: about 10 % of the NMDA current is carried by Ca2+ at -60 mV and physiological [Ca2+]o
(Burnashev et al. 1995, J Physiol 485:403; Schneggenburger et al. 1993, Neuron 11:133). The Ca2+
part follows the Goldman-Hodgkin-Katz flux equation (Goldman 1943, J Gen Physiol 27:37; Hodgkin
& Katz 1949, J Physiol 108:37) with the segment's cai and cao (USEION ca READ cai, cao):
    f(v) = u (cai - cao exp(-u)) / (1 - exp(-u)),  u = 2 F v / (R T)   (mM; T from celsius)
the GHK current being P z F f(v). f < 0 (Ca2+ enters) at every v below E_Ca (+142 mV at 2 mM /
50 nM, 37 C), and is 0/0 at v = 0: below |u| = 1e-3 it is replaced by its Taylor series
(cai - cao) + (cai + cao) u/2 + (cai - cao) u^2/12 (error O(u^4), relative < 1e-13).
ghk_scale (mV/mM, a permeability in the units of the chord conductance, computed in INITIAL)
    ghk_scale = (v_ref - e_ref) / f(v_ref; cai_ref, cao_ref, celsius_ref)
at the reference conditions v_ref = -60 mV, e_ref = 0 mV, cai_ref = 50 nM, cao_ref = 2 mM,
celsius_ref = 37 C (CONSTANT block; ei_models.physics.NMDA_CA_REF, nmda_ghk_scale), so there
i_ca / i = ca_frac exactly and the total current is g * mgb * (v_ref - e_ref): the weight keeps
its meaning, the peak (chord) conductance of one event at -60 mV. ghk_scale is a fixed
permeability: it does not follow erev, cai, cao or celsius, so away from the reference the
Ca2+ share changes as GHK says (more with more [Ca2+]o, at +20 mV 3 % of the outward total).
The total current no longer reverses exactly at erev: at erev = 0 mV the inward Ca2+ current
moves the reversal to about +1.4 mV (default ca_frac, 2 mM/50 nM, 37 C); the monovalent part
keeps its reversal erev. Other erev values leave the Ca2+ part unchanged.

Integration (fixed step): the decays are exact, A <- A*exp(-dt/tau_rise), B <- B*exp(-dt/tau_decay),
the two factors computed once and reused until dt or a time constant changes (cnexp would call
exp twice per step; this is the same update without them). The current's voltage derivative,
needed by NEURON's implicit voltage solve, is given analytically through CONDUCTANCE hints,
    d inonca/dv = (1 - ca_frac)*g*mgb*(1 + mg_gamma*(1 - mgb)*(v - erev)),
    d i_ca/dv   = ca_frac*g*mgb*ghk_scale*(mg_gamma*(1 - mgb)*f(v) + f'(v)),
    f'(v) = (2F/RT) (cai a'(u) - cao b'(u)), a = u/(1 - exp(-u)), b = a exp(-u)   (series near 0)
so the current, and the exps of the Mg2+ block and of GHK, are evaluated once per step instead of twice
(NEURON's default is a numerical derivative from a second evaluation at v + 0.001 mV). Together
these make an instance cost ~1.2x NEURON's Exp2Syn (ei-models bench).

CVODE: the decay is a DERIVATIVE block solved by METHOD euler, A' = -ka*A, B' = -kb*B. At a
fixed step h, ka = (1 - exp(-h/tau_rise))/h (likewise kb), so NEURON's Euler update A + h*A'
is the exact decay above to round-off (same speed, same numbers); under CVODE (fixed_step()
reads NEURON's cvode_active_) ka = 1/tau_rise, kb = 1/tau_decay, the true right-hand side.
CoreNEURON, fixed-step only, always takes the exact decay.

Temperature: tau_rise and tau_decay are divided by qt = q10^((celsius - temp_ref)/10), computed
in INITIAL from NEURON's celsius (read at finitialize): the table values hold at temp_ref = 37 C
(assumed, see ei_models/mechanisms/nmda.py), q10 = 2.5 (Postlethwaite et al. 2007, J Physiol
579:69: Q10 of NMDA EPSC decay about 2-3). At NEURON's default celsius = 6.3 C the decay is
2.5^3.07 = 17x slower: set h.celsius = 37 (ei_models.neuron.insert warns once at 6.3 C);
celsius outside 0-45 C stops finitialize. The Mg2+ block and the GHK scale are not scaled.

Time constants: ei_models (insert, attribute writes, Brian2) refuses tau_rise >= tau_decay with
an error naming both. NMODL has no statement that raises an error, so INITIAL cannot refuse a
value set directly from hoc; it leaves tau_rise as set (it does not clamp it). For tau_rise >
tau_decay the formulas above give the same dual exponential with the two time constants'
roles exchanged (tp and factor are symmetric in them), still peaking at w; tau_rise = tau_decay
has no dual exponential and gives a non-finite factor.

Parameter defaults, units and bounds are those of ei_models/mechanisms/nmda.py, the single
source of truth; tests/test_parameter_tables.py checks this file against it.
ENDCOMMENT

NEURON {
    THREADSAFE
    POINT_PROCESS eim_nmda
    USEION ca READ cai, cao WRITE ica
    NONSPECIFIC_CURRENT inonca
    RANGE tau_rise, tau_decay, erev, mg, mg_k0, mg_gamma, gly, kd_gly, glun1, ca_frac
    RANGE temp_ref, q10, qt
    RANGE g, i, i_ca, mgb, ghk_scale, drive, ddrive, factor
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
    tau_rise = 3 (ms) <1e-9, 1e9>     : rise time constant (GluN2A)
    tau_decay = 70 (ms) <1e-9, 1e9>   : decay time constant (GluN2A)
    erev = 0 (mV) <-100, 100>         : reversal potential
    mg = 1 (mM) <0, 1e9>              : extracellular [Mg2+]
    mg_k0 = 3.57 (mM) <1e-9, 1e9>     : Mg2+ dissociation constant at 0 mV (Jahr & Stevens 1990)
    mg_gamma = 0.062 (/mV) <0, 1e9>   : voltage dependence of the block (Jahr & Stevens 1990)
    gly = 0.01 (mM) <0, 1e9>          : glycine/D-serine concentration at the GluN1 site
    kd_gly = 0.001 (mM) <1e-12, 1e9>  : glycine-site EC50
    glun1 = 1 (1) <0, 1>              : GluN1 expression (0 = no functional receptor)
    ca_frac = 0.1 (1) <0, 1>          : fraction of the current carried by Ca2+
    temp_ref = 37 (degC) <0, 45>      : reference temperature of tau_rise, tau_decay
    q10 = 2.5 (1) <1, 10>             : Q10 of the kinetics
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
    mgb (1)
    factor (1)
    dt (ms)
    gca (uS)
    gnon (uS)
    ka (/ms)
    kb (/ms)
    dt_used (ms)
    tr_used (ms)
    td_used (ms)
    hstep (ms)
    hinv (/ms)
    cvode_on (1)
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
    EI_GUARD(tau_rise > 0.0 && tau_rise - tau_rise == 0, "ei_models nmda: tau_rise = %g ms is outside its range (0, inf) ms; set it within the range (ei_models.neuron.insert('nmda', ...) checks values before NEURON sees them)", tau_rise)
    EI_GUARD(tau_decay > 0.0 && tau_decay - tau_decay == 0, "ei_models nmda: tau_decay = %g ms is outside its range (0, inf) ms; set it within the range (ei_models.neuron.insert('nmda', ...) checks values before NEURON sees them)", tau_decay)
    EI_GUARD(erev >= -100.0 && erev <= 100.0, "ei_models nmda: erev = %g mV is outside its range [-100, 100] mV; set it within the range (ei_models.neuron.insert('nmda', ...) checks values before NEURON sees them)", erev)
    EI_GUARD(mg >= 0.0 && mg - mg == 0, "ei_models nmda: mg = %g mM is outside its range [0, inf) mM; set it within the range (ei_models.neuron.insert('nmda', ...) checks values before NEURON sees them)", mg)
    EI_GUARD(mg_k0 > 0.0 && mg_k0 - mg_k0 == 0, "ei_models nmda: mg_k0 = %g mM is outside its range (0, inf) mM; set it within the range (ei_models.neuron.insert('nmda', ...) checks values before NEURON sees them)", mg_k0)
    EI_GUARD(mg_gamma >= 0.0 && mg_gamma - mg_gamma == 0, "ei_models nmda: mg_gamma = %g /mV is outside its range [0, inf) /mV; set it within the range (ei_models.neuron.insert('nmda', ...) checks values before NEURON sees them)", mg_gamma)
    EI_GUARD(gly >= 0.0 && gly - gly == 0, "ei_models nmda: gly = %g mM is outside its range [0, inf) mM; set it within the range (ei_models.neuron.insert('nmda', ...) checks values before NEURON sees them)", gly)
    EI_GUARD(kd_gly > 0.0 && kd_gly - kd_gly == 0, "ei_models nmda: kd_gly = %g mM is outside its range (0, inf) mM; set it within the range (ei_models.neuron.insert('nmda', ...) checks values before NEURON sees them)", kd_gly)
    EI_GUARD(glun1 >= 0.0 && glun1 <= 1.0, "ei_models nmda: glun1 = %g is outside its range [0, 1]; set it within the range (ei_models.neuron.insert('nmda', ...) checks values before NEURON sees them)", glun1)
    EI_GUARD(temp_ref >= 0.0 && temp_ref <= 45.0, "ei_models nmda: temp_ref = %g degC is outside its range [0, 45] degC; set it within the range (ei_models.neuron.insert('nmda', ...) checks values before NEURON sees them)", temp_ref)
    EI_GUARD(q10 >= 1.0 && q10 <= 10.0, "ei_models nmda: q10 = %g is outside its range [1, 10]; set it within the range (ei_models.neuron.insert('nmda', ...) checks values before NEURON sees them)", q10)
    EI_GUARD(ca_frac >= 0.0 && ca_frac <= 1.0, "ei_models nmda: ca_frac = %g is outside its range [0, 1]; set it within the range (ei_models.neuron.insert('nmda', ...) checks values before NEURON sees them)", ca_frac)
    EI_GUARD(tau_rise < tau_decay, "ei_models nmda: tau_rise (%g ms) must be shorter than tau_decay (%g ms); change them (ei_models.neuron.insert('nmda', ...) checks values before NEURON sees them)", tau_rise, tau_decay)
    EI_GUARD(celsius >= 0.0 && celsius <= 45.0, "ei_models nmda: celsius = %g degC is outside [0, 45] degC, the range of its Q10 temperature scaling; set h.celsius within it (e.g. 37) before finitialize", celsius)
    EI_GUARD(cai > 0 && cai - cai == 0, "ei_models nmda: cai = %g mM on its segment, calcium concentrations must be positive and finite (the Ca2+ current is GHK); set seg.cai (or cai0_ca_ion before finitialize; NEURON's defaults: cai = 5e-05, cao = 2 mM)", cai)
    EI_GUARD(cao > 0 && cao - cao == 0, "ei_models nmda: cao = %g mM on its segment, calcium concentrations must be positive and finite (the Ca2+ current is GHK); set seg.cao (or cao0_ca_ion before finitialize; NEURON's defaults: cai = 5e-05, cao = 2 mM)", cao)
#undef EI_GUARD
#endif
    ENDVERBATIM
    : <<< generated guard
    ghk_scale = ghk_ref()
    qt = q10^((celsius - temp_ref) / 10 (degC))
    : no clamp of tau_rise (see COMMENT, "Time constants"): the peak formula is symmetric in
    : the two time constants, and ei_models refuses tau_rise >= tau_decay before NEURON runs
    A = 0
    B = 0
    dt_used = -1
    tp = (tau_rise * tau_decay) / (tau_decay - tau_rise) * log(tau_decay / tau_rise)
    factor = 1 / (exp(-tp / tau_decay) - exp(-tp / tau_rise))
}

BREAKPOINT {
    SOLVE decay METHOD euler
    g = glun1 * gly / (gly + kd_gly) * (B - A)
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

DERIVATIVE decay {
    : one right-hand side, two paths (see COMMENT, CVODE): A' = -ka*A, B' = -kb*B with
    : ka = qt/tau_rise, kb = qt/tau_decay under CVODE, and at a fixed step h the rates for which
    : NEURON's Euler update A + h*A' is the exact decay A*exp(-h/tau_rise):
    : ka = (1 - exp(-h qt/tau_rise))/h, computed once and reused until h or a time constant changes
    fixed_step()
    if (hstep > 0) {
        if (hstep != dt_used || tau_rise != tr_used || tau_decay != td_used) {
            ka = (1 - exp(-hstep * qt / tau_rise)) / hstep
            kb = (1 - exp(-hstep * qt / tau_decay)) / hstep
            dt_used = hstep
            tr_used = tau_rise
            td_used = tau_decay
        }
    } else {
        ka = qt / tau_rise
        kb = qt / tau_decay
        dt_used = -1
    }
    A' = -ka * A
    B' = -kb * B
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
    A = A + weight * factor
    B = B + weight * factor
}
