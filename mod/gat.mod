TITLE gat: GABA in a synaptic cleft and the extrasynaptic space, cleared by GAT-1 and GAT-3 (linear uptake)

COMMENT
Two well-mixed compartments around one GABAergic synapse (concentrations in mM):

  cleft    the synaptic cleft and the perisynaptic space around it, where GAT-1 sits on the
           terminals and perisynaptic astrocyte processes (Minelli et al. 1995, J Neurosci
           15:7734; Conti, Minelli & Melone 2004, Brain Res Rev 45:196);
  ambient  the extrasynaptic space, where GAT-3 on astrocytes sets the ambient concentration
           (Minelli et al. 1996, J Neurosci 16:6255; Kersante et al. 2013, J Physiol 591:2429).

    cleft'   = - j_gat1 - kesc * (cleft - ambient)
    ambient' = vr * kesc * (cleft - ambient) + src - j_gat3 - j_gat1e
    j_gat1   = (1 - gat1_block) * (v1  / km1) * cleft       GAT-1 at the synapse
    j_gat1e  = (1 - gat1_block) * (v1e / km1) * ambient     GAT-1, extrasynaptic share
    j_gat3   = (1 - gat3_block) * (v3  / km3) * ambient     GAT-3, astrocytic
    on a NetCon event of weight w:  cleft = cleft + w * crel            (one release)

Uptake is taken in the unsaturated (linear) regime of Michaelis-Menten kinetics, v c/(c + km)
~ (v/km) c for c << km: ambient GABA (0.1-1 uM) is far below the transporters' Km (7-12 uM), and
the perisynaptic concentration after a release (crel = 50 uM, for ~1 ms) is cleared within a
few ms either way. The linear system has an exact backward Euler step that every NMODL engine
(nocmodl, nmodl, CoreNEURON) and Brian2 (implicit_euler_linear) compute identically, and a
closed-form steady state (INITIAL):
    cleft0   = kesc * ambient0 / (k1 + kesc)
    ambient0 = src / (k3 + k1e + vr * kesc * k1 / (k1 + kesc))
with k1 = (1 - gat1_block) v1/km1, k1e = (1 - gat1_block) v1e/km1, k3 = (1 - gat3_block) v3/km3.

kesc is the diffusional exchange between the two compartments, vr the cleft/extrasynaptic
volume ratio (GABA leaving the cleft is diluted), src the non-vesicular supply of GABA to the
extrasynaptic space (GAD67-fed, e.g. transporter reversal: Wu et al. 2007, J Physiol 584:1041;
see gad_pools). Michaelis constants: GAT-1 ~ 7 uM (Guastella et al. 1990, Science 249:1303),
GAT-3 ~ 12 uM (Borden 1996, Neurochem Int 29:335). The capacities v1, v1e, v3 are lumped per
compartment volume and are modelling choices: GAT-1 dominates the clearance of the cleft (its
block prolongs IPSCs: Thompson & Gahwiler 1992, J Neurophysiol 67:1698; Roepstorff & Lambert
1994, J Neurophysiol 72:2911), GAT-3 dominates the extrasynaptic uptake (its block raises the
tonic current: Kersante et al. 2013), and GAT-1 carries a small share of it (its block changes
the tonic current little, as the chapter states).

Temperature (issue 13 item 4): the capacities v1, v1e, v3 are the values at temp_ref = 37 C
(assumed: they are lumped modelling choices for the body-temperature model) and are scaled by
qt_transport = q10_transport^((celsius - temp_ref)/10), computed in INITIAL from NEURON's celsius
(read at finitialize; outside 0-45 C finitialize stops), so the steady state in INITIAL is that of
the scaled rates. q10_transport = 3: Bossi et al. 2012 (Int J Mol Sci 13:15565) measured Q10 3-6
for the maximal transport current of rGAT1 in oocytes; 3 assumed, the lower end, and for GAT-3
the same. Km (whose apparent value Bossi et al. saw rise with temperature), kesc (diffusion) and
src are not scaled. At 22 C the uptake is 3^1.5 = 5.2x slower than at 37 C; at NEURON's default
6.3 C, 30x (ei_models.neuron.insert warns once at 6.3 C).

Blockers: gat1_block is the blocked fraction of GAT-1 (NO-711, tiagabine), gat3_block that of
GAT-3 (SNAP-5114); the Python presets translate drug concentrations (IC50s: NO-711 ~ 0.04 uM,
tiagabine ~ 0.07 uM, SNAP-5114 ~ 5 uM at GAT-3; Borden et al. 1994, Eur J Pharmacol 269:219).

What receptors see. The brief, mM transmitter peak of a release inside the cleft is the
receptor model's own NetCon pulse (gabaa_gamma2, Destexhe et al. 1994); this mechanism gives
the slower perisynaptic GABA (cleft) that GAT-1 controls and the ambient GABA (ambient) that
GAT-3 controls. Feed them to the receptors' gaba input (Brian2: linked or summed variables;
NEURON: record this mechanism's cleft/ambient and Vector.play them into the receptors' gaba;
the coupling is one-way, receptor binding does not buffer GABA). Release does not depend on
v, so the mechanism carries no current.

A steady state exists when the ambient GABA is removed at all (the denominator of ambient0 > 0)
or src = 0; the Python layer checks that.

Numerics: backward Euler (the step of NEURON's derivimplicit and of the Brian2 twin's
implicit_euler_linear), solved in closed form for the two pools.

Substeps (issue 14): at a step longer than h_max = 0.05 ms the fixed-step code takes
nsub = ceil(dt / h_max) of these backward Euler steps, of dt / nsub each (rates held at their
start-of-step values), so the first-order error stays that of a 0.05 ms step: the peak at
dt = 0.1-1 ms is within 5 % of the dt = 0.025 ms peak (validation/dt_table_after.txt), each
substep keeps the bounds, and at dt <= 0.05 ms it is the single step. The Brian2 twin takes the
same substeps (implicit_euler_linear_substeps, ei_models/brian2/substeps.py).

CVODE: the step is a DERIVATIVE block solved by METHOD euler, one right-hand side per
state, X' = cvode_on*f(X) + hinv*(Xn - X). At a fixed step h (cvode_on = 0, hinv = 1/h)
Xn is the closed-form step above, and NEURON's Euler update X + h*X' lands on it to
round-off: fixed-step results and speed stay those of the closed form. Under CVODE
(fixed_step() reads NEURON's cvode_active_: cvode_on = 1, hinv = 0) X' is the model's
right-hand side f(X), whose diagonal Jacobian (all CVODE's Newton iteration uses from a
mechanism) is exact. CoreNEURON, fixed-step only, always takes the closed form. With no current,
NEURON runs this BREAKPOINT after fixed steps only, so under CVODE the DERIVATIVE block
calls fluxes() itself.

Parameter defaults, units and bounds are those of ei_models/mechanisms/gat.py, the single
source of truth; the parameter-table tests check this file against it.
ENDCOMMENT

NEURON {
    THREADSAFE
    POINT_PROCESS eim_gat
    RANGE crel, v1, km1, v1e, v3, km3, kesc, vr, src, gat1_block, gat3_block, temp_ref, q10_transport
    RANGE qt_transport
    RANGE j_gat1, j_gat1e, j_gat3, k_gat1, k_gat1e, k_gat3
}

UNITS {
    (mM) = (milli/liter)
}

PARAMETER {
    crel = 0.05 (mM) <0, 1e9>             : perisynaptic GABA added by one release (NetCon weight 1)
    v1 = 0.01 (mM/ms) <0, 1e9>            : GAT-1 capacity at the synapse (per cleft volume)
    km1 = 0.007 (mM) <1e-12, 1e9>         : GAT-1 Michaelis constant (Guastella et al. 1990)
    v1e = 5e-06 (mM/ms) <0, 1e9>          : GAT-1 capacity in the extrasynaptic space
    v3 = 0.0002 (mM/ms) <0, 1e9>          : GAT-3 capacity in the extrasynaptic space
    km3 = 0.012 (mM) <1e-12, 1e9>         : GAT-3 Michaelis constant
    kesc = 0.02 (/ms) <0, 1e9>            : cleft <-> extrasynaptic exchange rate
    vr = 0.05 (1) <0, 1e9>                : cleft / extrasynaptic volume ratio
    src = 3e-06 (mM/ms) <0, 1e9>          : non-vesicular GABA supply to the extrasynaptic space
    gat1_block = 0 (1) <0, 1>             : blocked fraction of GAT-1 (NO-711, tiagabine)
    gat3_block = 0 (1) <0, 1>             : blocked fraction of GAT-3 (SNAP-5114)
    temp_ref = 37 (degC) <0, 45>          : reference temperature of v1, v1e, v3
    q10_transport = 3 (1) <1, 10>         : Q10 of the transporter capacities
}

ASSIGNED {
    k_gat1 (/ms)
    k_gat1e (/ms)
    k_gat3 (/ms)
    j_gat1 (mM/ms)
    j_gat1e (mM/ms)
    j_gat3 (mM/ms)
    dt (ms)
    hstep (ms)
    hinv (/ms)
    cvode_on (1)
    celsius (degC)
    qt_transport (1)  : Q10 factor of the capacities at celsius
}

STATE {
    cleft (mM)
    ambient (mM)
}

INITIAL {
    LOCAL removal
    : >>> generated guard (the parameter table's bounds and checks, see ei_models.generated.guard_block)
    VERBATIM
#ifndef CORENEURON_BUILD
#define EI_GUARD(ok, ...) if (!(ok)) { char _ei_msg[512]; snprintf(_ei_msg, sizeof _ei_msg, __VA_ARGS__); hoc_execerror(_ei_msg, (char*) 0); }
    EI_GUARD(crel >= 0.0 && crel - crel == 0, "ei_models gat: crel = %g mM is outside its range [0, inf) mM; set it within the range (ei_models.neuron.insert('gat', ...) checks values before NEURON sees them)", crel)
    EI_GUARD(v1 >= 0.0 && v1 - v1 == 0, "ei_models gat: v1 = %g mM/ms is outside its range [0, inf) mM/ms; set it within the range (ei_models.neuron.insert('gat', ...) checks values before NEURON sees them)", v1)
    EI_GUARD(km1 > 0.0 && km1 - km1 == 0, "ei_models gat: km1 = %g mM is outside its range (0, inf) mM; set it within the range (ei_models.neuron.insert('gat', ...) checks values before NEURON sees them)", km1)
    EI_GUARD(v1e >= 0.0 && v1e - v1e == 0, "ei_models gat: v1e = %g mM/ms is outside its range [0, inf) mM/ms; set it within the range (ei_models.neuron.insert('gat', ...) checks values before NEURON sees them)", v1e)
    EI_GUARD(v3 >= 0.0 && v3 - v3 == 0, "ei_models gat: v3 = %g mM/ms is outside its range [0, inf) mM/ms; set it within the range (ei_models.neuron.insert('gat', ...) checks values before NEURON sees them)", v3)
    EI_GUARD(km3 > 0.0 && km3 - km3 == 0, "ei_models gat: km3 = %g mM is outside its range (0, inf) mM; set it within the range (ei_models.neuron.insert('gat', ...) checks values before NEURON sees them)", km3)
    EI_GUARD(kesc >= 0.0 && kesc - kesc == 0, "ei_models gat: kesc = %g /ms is outside its range [0, inf) /ms; set it within the range (ei_models.neuron.insert('gat', ...) checks values before NEURON sees them)", kesc)
    EI_GUARD(vr >= 0.0 && vr - vr == 0, "ei_models gat: vr = %g is outside its range [0, inf); set it within the range (ei_models.neuron.insert('gat', ...) checks values before NEURON sees them)", vr)
    EI_GUARD(src >= 0.0 && src - src == 0, "ei_models gat: src = %g mM/ms is outside its range [0, inf) mM/ms; set it within the range (ei_models.neuron.insert('gat', ...) checks values before NEURON sees them)", src)
    EI_GUARD(gat1_block >= 0.0 && gat1_block <= 1.0, "ei_models gat: gat1_block = %g is outside its range [0, 1]; set it within the range (ei_models.neuron.insert('gat', ...) checks values before NEURON sees them)", gat1_block)
    EI_GUARD(gat3_block >= 0.0 && gat3_block <= 1.0, "ei_models gat: gat3_block = %g is outside its range [0, 1]; set it within the range (ei_models.neuron.insert('gat', ...) checks values before NEURON sees them)", gat3_block)
    EI_GUARD(temp_ref >= 0.0 && temp_ref <= 45.0, "ei_models gat: temp_ref = %g degC is outside its range [0, 45] degC; set it within the range (ei_models.neuron.insert('gat', ...) checks values before NEURON sees them)", temp_ref)
    EI_GUARD(q10_transport >= 1.0 && q10_transport <= 10.0, "ei_models gat: q10_transport = %g is outside its range [1, 10]; set it within the range (ei_models.neuron.insert('gat', ...) checks values before NEURON sees them)", q10_transport)
    EI_GUARD(celsius >= 0.0 && celsius <= 45.0, "ei_models gat: celsius = %g degC is outside [0, 45] degC, the range of its Q10 temperature scaling; set h.celsius within it (e.g. 37) before finitialize", celsius)
#undef EI_GUARD
#endif
    ENDVERBATIM
    : <<< generated guard
    qt_transport = q10_transport^((celsius - temp_ref) / 10 (degC))
    rates()
    removal = k_gat3 + k_gat1e
    if (k_gat1 + kesc > 0) {
        removal = removal + vr * kesc * k_gat1 / (k_gat1 + kesc)
    }
    ambient = 0
    if (removal > 0) {
        ambient = src / removal
    }
    cleft = ambient
    if (k_gat1 + kesc > 0) {
        cleft = kesc * ambient / (k_gat1 + kesc)
    }
    fluxes()
}

BREAKPOINT {
    SOLVE advance METHOD euler
    fluxes()
}

PROCEDURE rates() {
    k_gat1 = qt_transport * (1 - gat1_block) * v1 / km1
    k_gat1e = qt_transport * (1 - gat1_block) * v1e / km1
    k_gat3 = qt_transport * (1 - gat3_block) * v3 / km3
}

PROCEDURE fluxes() {
    j_gat1 = k_gat1 * cleft
    j_gat1e = k_gat1e * ambient
    j_gat3 = k_gat3 * ambient
}

DERIVATIVE advance {
    : one right-hand side, two paths (see COMMENT, CVODE): at a fixed step, NEURON's Euler
    : update X + hstep*X' lands on Xn, the closed-form backward Euler value of the two pools;
    : under CVODE (cvode_on = 1, hinv = 0) X' is the model's right-hand side
    LOCAL a11, a12, a21, a22, s1, s2, det, h, cleftn, ambientn, h_max, nsub, isub
    rates()
    fixed_step()
    if (hstep > 0) {
        : nsub backward Euler substeps of h = hstep / nsub (issue 14): nsub = ceil(hstep / h_max)
        : with h_max = 0.05 ms (numerical: substep bound for the <= 5 % dt criterion; the same
        : bound and formula as Brian2's implicit_euler_linear_substeps, ei_models.brian2.substeps),
        : so nsub = 1, the single step, at hstep <= h_max
        h_max = 0.05 (ms)
        nsub = floor(hstep / h_max - 1e-6) + 1
        h = hstep / nsub
        a11 = 1 + h * (k_gat1 + kesc)
        a12 = -h * kesc
        a21 = -h * vr * kesc
        a22 = 1 + h * (vr * kesc + k_gat3 + k_gat1e)
        det = a11 * a22 - a12 * a21
        cleftn = cleft
        ambientn = ambient
        FROM isub = 1 TO nsub {
            s1 = cleftn
            s2 = ambientn + h * src
            cleftn = (s1 * a22 - a12 * s2) / det
            ambientn = (a11 * s2 - a21 * s1) / det
        }
    } else {
        cleftn = cleft
        ambientn = ambient
    }
    cleft' = cvode_on * (kesc * (ambient - cleft) - k_gat1 * cleft) + hinv * (cleftn - cleft)
    ambient' = cvode_on * (src + vr * kesc * (cleft - ambient) - (k_gat3 + k_gat1e) * ambient) + hinv * (ambientn - ambient)
    if (cvode_on > 0) {
        : this mechanism has no current, so NEURON evaluates its BREAKPOINT (fluxes) after each
        : fixed step only; under CVODE the fluxes follow the states here, at each right-hand side
        fluxes()
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

NET_RECEIVE(weight (1)) {
    cleft = cleft + weight * crel
}
