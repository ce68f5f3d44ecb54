TITLE gat: GABA in a synaptic cleft and the extrasynaptic space, cleared by GAT-1 and GAT-3

COMMENT
Two well-mixed compartments around one GABAergic synapse (concentrations in mM):

  cleft    the synaptic cleft and the perisynaptic space around it, where GAT-1 sits on the
           terminals and perisynaptic astrocyte processes (Minelli et al. 1995, J Neurosci
           15:7734; Conti, Minelli & Melone 2004, Brain Res Rev 45:196);
  ambient  the extrasynaptic space, where GAT-3 on astrocytes sets the ambient concentration
           (Minelli et al. 1996, J Neurosci 16:6255; Kersante et al. 2013, J Physiol 591:2429).

    cleft'   = - j_gat1 - kesc * (cleft - ambient)
    ambient' = vr * kesc * (cleft - ambient) + src - j_gat3 - j_gat1e
    j_gat1   = (1 - gat1_block) * v1  * cleft   / (cleft   + km1)     GAT-1 at the synapse
    j_gat1e  = (1 - gat1_block) * v1e * ambient / (ambient + km1)     GAT-1, extrasynaptic share
    j_gat3   = (1 - gat3_block) * v3  * ambient / (ambient + km3)     GAT-3, astrocytic
    on a NetCon event of weight w:  cleft = cleft + w * crel            (one release)

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

INITIAL puts both compartments at their steady state without release, found by nested
bisection (the cleft balance is monotone in cleft for a given ambient, the extrasynaptic
balance monotone in ambient); ei_models.mechanisms.gat.steady_state does the same in Python for
Brian2. A steady state exists when src is below the unblocked transport capacity
(1 - gat3_block) v3 + (1 - gat1_block) (v1e + vr v1) (without the vr v1 term if kesc = 0);
the Python layer checks that.

Parameter defaults, units and bounds are those of ei_models/mechanisms/gat.py, the single
source of truth; the parameter-table tests check this file against it.
ENDCOMMENT

NEURON {
    THREADSAFE
    POINT_PROCESS gat
    RANGE crel, v1, km1, v1e, v3, km3, kesc, vr, src, gat1_block, gat3_block
    RANGE j_gat1, j_gat1e, j_gat3
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
}

ASSIGNED {
    j_gat1 (mM/ms)
    j_gat1e (mM/ms)
    j_gat3 (mM/ms)
}

STATE {
    cleft (mM)
    ambient (mM)
}

INITIAL {
    steady()
    fluxes()
}

BREAKPOINT {
    SOLVE states METHOD derivimplicit
    fluxes()
}

FUNCTION cleft_balance(a (mM)) (mM) {
    : the cleft concentration at which the cleft is in balance with ambient a
    LOCAL lo, hi, mid, k
    hi = a
    lo = 0 * a
    k = 0
    while (k < 200 && hi - lo > 1e-16 * hi) {
        mid = 0.5 * (lo + hi)
        if ((1 - gat1_block) * v1 * mid / (mid + km1) + kesc * (mid - a) > 0) {
            hi = mid
        } else {
            lo = mid
        }
        k = k + 1
    }
    cleft_balance = 0.5 * (lo + hi)
}

FUNCTION ambient_rate(a (mM)) (mM/ms) {
    : net rate of change of ambient at ambient a with the cleft in balance
    LOCAL c
    c = cleft_balance(a)
    ambient_rate = vr * kesc * (c - a) + src - (1 - gat3_block) * v3 * a / (a + km3) - (1 - gat1_block) * v1e * a / (a + km1)
}

PROCEDURE steady() {
    LOCAL lo, hi, mid, k
    hi = km3
    lo = 0 * km3
    k = 0
    while (k < 200 && ambient_rate(hi) > 0) {
        lo = hi
        hi = 2 * hi
        k = k + 1
    }
    k = 0
    while (k < 200 && hi - lo > 1e-15 * hi) {
        mid = 0.5 * (lo + hi)
        if (ambient_rate(mid) > 0) {
            lo = mid
        } else {
            hi = mid
        }
        k = k + 1
    }
    ambient = 0.5 * (lo + hi)
    cleft = cleft_balance(ambient)
}

PROCEDURE fluxes() {
    : c/(|c| + km) equals c/(c + km) for c >= 0 and continues it smoothly (slope 1/km) and
    : monotonically below 0, so Newton's iteration of derivimplicit never meets c = -km
    j_gat1 = (1 - gat1_block) * v1 * (cleft / km1) / (fabs(cleft / km1) + 1)
    j_gat1e = (1 - gat1_block) * v1e * (ambient / km1) / (fabs(ambient / km1) + 1)
    j_gat3 = (1 - gat3_block) * v3 * (ambient / km3) / (fabs(ambient / km3) + 1)
}

DERIVATIVE states {
    fluxes()
    cleft' = -j_gat1 - kesc * (cleft - ambient)
    ambient' = vr * kesc * (cleft - ambient) + src - j_gat3 - j_gat1e
}

NET_RECEIVE(weight (1)) {
    cleft = cleft + weight * crel
}
