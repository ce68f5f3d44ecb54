TITLE glu_gln_cycle: the glutamate-glutamine cycle between neurons and astrocytes

COMMENT
The glutamate-glutamine cycle of the source chapter as a kinetic scheme, a density mechanism
without membrane current (insert it in any section; its state is per segment).

Compartments and pools (mM of their own compartment; vol_* are fractions of tissue volume):
extracellular/cleft glutamate glu_ecs, astrocytic glu_astro and gln_astro, neuronal gln_neuron
and glu_neuron, vesicular glu_ves. The cycle, with fluxes in mM of tissue per ms:

    glu_ecs    -> glu_astro    EAAT uptake     j_eaat  = vmax_eaat vol_ecs glu_ecs/(km_eaat + glu_ecs)
    glu_astro  -> gln_astro    GS (+ATP, +NH3) j_gs    = (1 - block_gs) vmax_gs vol_astro glu_astro/(km_gs + glu_astro)
    gln_astro  -> gln_neuron   SNAT3 -> SNAT1  j_snat  = vmax_snat vol_astro gln_astro/(km_snat + gln_astro)
    gln_neuron -> glu_neuron   PAG (-NH3)      j_pag   = (1 - block_pag) vmax_pag vol_neuron gln_neuron/(km_pag + gln_neuron)
    glu_neuron -> glu_ves      VGLUT           j_vglut = vmax_vglut vol_neuron glu_neuron/(km_vglut + glu_neuron)
    glu_ves    -> glu_ecs      release         j_rel   = k_rel vol_ves glu_ves

Glutamine synthetase uses one ATP and one NH3 per glutamate and is irreversible (Meister 1974;
the source chapter: the ATP step makes the cycle run one way); atp_used and nh3_fixed count them
(mM of tissue), nh3_released counts the NH3 that glutaminase gives back. Every step is
irreversible (backward rate 0). The scheme conserves glutamate + glutamine,
sum_i vol_i c_i = total (CONSERVE; sparse keeps it to round-off). GS and PAG inhibitors (MSO,
DON) are the blocked fractions block_gs and block_pag; they may be changed during a run.

Initial state: the steady state for the given total, computed as in
ei_models.analytic.glu_gln_steady_state: every flux equals the cycle flux J, each
Michaelis-Menten pool is Km J/(V - J), V = vmax vol (1 - block), the vesicles hold
J/(k_rel vol_ves), and J solves sum_i vol_i c_i(J) = total by bisection (to round-off). With a
fully blocked step the total starts in the pool in front of it.

Values: cycle flux ~0.3 umol/g/min ~ 5e-6 mM/ms (Sibson et al. 1998, PNAS 95:316); pools:
neuronal glutamate ~10 mM (Ottersen et al. 1992, J Chem Neuroanat 5:433), vesicular ~100 mM
(Burger et al. 1989, Neuron 3:715), astrocytic glutamine a few mM; Km values: EAAT2 5 uM (Danbolt 2001),
GS a few mM (Listrom et al. 1997, Biochem J 328:159), SNAT 1.6 mM (Chaudhry et al. 1999, Cell
99:769), PAG a few mM (Curthoys & Watford 1995, Annu Rev Nutr 15:133), VGLUT 1-3 mM (Naito &
Ueda 1985, J Neurochem 44:99); the capacities are scaled to give the cycle flux. The full table
with sources is ei_models/mechanisms/glu_gln_cycle.py.

Parameter defaults, units and bounds are those of ei_models/mechanisms/glu_gln_cycle.py, the
single source of truth; tests/test_parameter_tables.py checks this file against it.
Temperature: every rate of the cycle (the five capacities and k_rel) is multiplied by qt =
q10^((celsius - temp_ref)/10) in the KINETIC block, computed in INITIAL from NEURON's celsius
(outside 0-45 C finitialize stops). A common factor leaves the steady pools unchanged, so INITIAL
computes them at temp_ref and j_cycle (the steady cycle flux) is qt times that. The default
q10 = 1 (no measured Q10 found) keeps the cycle temperature-independent unless set.
ENDCOMMENT

NEURON {
    THREADSAFE
    SUFFIX eim_glu_gln_cycle
    RANGE vol_ecs, vol_astro, vol_neuron, vol_ves, total
    RANGE vmax_eaat, km_eaat, vmax_gs, km_gs, vmax_snat, km_snat
    RANGE vmax_pag, km_pag, vmax_vglut, km_vglut, k_rel, block_gs, block_pag
    RANGE glu_ecs, glu_astro, gln_astro, gln_neuron, glu_neuron, glu_ves
    RANGE atp_used, nh3_fixed, nh3_released, j_cycle, temp_ref, q10, qt
}

UNITS {
    (mM) = (milli/liter)
}

PARAMETER {
    vol_ecs = 0.2 (1) <1e-12, 1>              : extracellular (cleft) volume fraction
    vol_astro = 0.2 (1) <1e-12, 1>            : astrocyte volume fraction
    vol_neuron = 0.55 (1) <1e-12, 1>          : neuronal (terminal cytosol) volume fraction
    vol_ves = 0.005 (1) <1e-12, 1>            : vesicle lumen volume fraction
    total = 7.5 (mM) <1e-12, 1e9>             : glutamate + glutamine in the cycle, per tissue volume (> 0)
    vmax_eaat = 0.003 (mM/ms) <0, 1e9>        : EAAT uptake capacity per extracellular volume
    km_eaat = 0.018 (mM) <1e-12, 1e9>         : EAAT affinity (eaat's EAAT2 Km, km2)
    vmax_gs = 0.0005 (mM/ms) <0, 1e9>         : glutamine synthetase capacity per astrocyte volume
    km_gs = 3.5 (mM) <1e-12, 1e9>             : GS affinity for glutamate
    vmax_snat = 4e-05 (mM/ms) <0, 1e9>        : SNAT3 -> SNAT1 glutamine transfer capacity per astrocyte volume
    km_snat = 1.6 (mM) <1e-12, 1e9>           : SNAT affinity for glutamine
    vmax_pag = 2.3e-05 (mM/ms) <0, 1e9>       : phosphate-activated glutaminase capacity per neuronal volume
    km_pag = 3 (mM) <1e-12, 1e9>              : PAG affinity for glutamine
    vmax_vglut = 1.1e-05 (mM/ms) <0, 1e9>     : VGLUT vesicular loading capacity per neuronal volume
    km_vglut = 1.5 (mM) <1e-12, 1e9>          : VGLUT affinity
    k_rel = 1e-05 (/ms) <0, 1e9>              : fraction of the vesicular pool released per ms (mean over activity)
    block_gs = 0 (1) <0, 1>                   : GS fraction inhibited
    block_pag = 0 (1) <0, 1>                  : PAG fraction inhibited
    temp_ref = 37 (degC) <0, 45>              : reference temperature of the rates
    q10 = 1 (1) <1, 10>                       : Q10 of every rate of the cycle (1: temperature independent)
}

ASSIGNED {
    j_cycle (mM/ms)     : steady-state cycle flux of the initial state
    lo (mM/ms)          : bisection bounds for j_cycle
    hi (mM/ms)
    mid (mM/ms)
    cap_eaat (mM/ms)
    cap_gs (mM/ms)
    cap_snat (mM/ms)
    cap_pag (mM/ms)
    cap_vglut (mM/ms)
    celsius (degC)
    qt (1)              : Q10 factor of the rates at celsius
}

STATE {
    glu_ecs (mM)
    glu_astro (mM)
    gln_astro (mM)
    gln_neuron (mM)
    glu_neuron (mM)
    glu_ves (mM)
    atp_used (mM)       : ATP used by glutamine synthetase, per tissue volume
    nh3_fixed (mM)      : NH3 fixed by glutamine synthetase, per tissue volume
    nh3_released (mM)   : NH3 released by glutaminase, per tissue volume
}

INITIAL {
    LOCAL n
    : >>> generated guard (the parameter table's bounds and checks, see ei_models.generated.guard_block)
    VERBATIM
#ifndef CORENEURON_BUILD
#define EI_GUARD(ok, ...) if (!(ok)) { char _ei_msg[512]; snprintf(_ei_msg, sizeof _ei_msg, __VA_ARGS__); hoc_execerror(_ei_msg, (char*) 0); }
    EI_GUARD(vol_ecs > 0.0 && vol_ecs <= 1.0, "ei_models glu_gln_cycle: vol_ecs = %g is outside its range (0, 1]; set it within the range (ei_models.neuron.insert('glu_gln_cycle', ...) checks values before NEURON sees them)", vol_ecs)
    EI_GUARD(vol_astro > 0.0 && vol_astro <= 1.0, "ei_models glu_gln_cycle: vol_astro = %g is outside its range (0, 1]; set it within the range (ei_models.neuron.insert('glu_gln_cycle', ...) checks values before NEURON sees them)", vol_astro)
    EI_GUARD(vol_neuron > 0.0 && vol_neuron <= 1.0, "ei_models glu_gln_cycle: vol_neuron = %g is outside its range (0, 1]; set it within the range (ei_models.neuron.insert('glu_gln_cycle', ...) checks values before NEURON sees them)", vol_neuron)
    EI_GUARD(vol_ves > 0.0 && vol_ves <= 1.0, "ei_models glu_gln_cycle: vol_ves = %g is outside its range (0, 1]; set it within the range (ei_models.neuron.insert('glu_gln_cycle', ...) checks values before NEURON sees them)", vol_ves)
    EI_GUARD(total > 0.0 && total - total == 0, "ei_models glu_gln_cycle: total = %g mM is outside its range (0, inf) mM; set it within the range (ei_models.neuron.insert('glu_gln_cycle', ...) checks values before NEURON sees them)", total)
    EI_GUARD(vmax_eaat >= 0.0 && vmax_eaat - vmax_eaat == 0, "ei_models glu_gln_cycle: vmax_eaat = %g mM/ms is outside its range [0, inf) mM/ms; set it within the range (ei_models.neuron.insert('glu_gln_cycle', ...) checks values before NEURON sees them)", vmax_eaat)
    EI_GUARD(km_eaat > 0.0 && km_eaat - km_eaat == 0, "ei_models glu_gln_cycle: km_eaat = %g mM is outside its range (0, inf) mM; set it within the range (ei_models.neuron.insert('glu_gln_cycle', ...) checks values before NEURON sees them)", km_eaat)
    EI_GUARD(vmax_gs >= 0.0 && vmax_gs - vmax_gs == 0, "ei_models glu_gln_cycle: vmax_gs = %g mM/ms is outside its range [0, inf) mM/ms; set it within the range (ei_models.neuron.insert('glu_gln_cycle', ...) checks values before NEURON sees them)", vmax_gs)
    EI_GUARD(km_gs > 0.0 && km_gs - km_gs == 0, "ei_models glu_gln_cycle: km_gs = %g mM is outside its range (0, inf) mM; set it within the range (ei_models.neuron.insert('glu_gln_cycle', ...) checks values before NEURON sees them)", km_gs)
    EI_GUARD(vmax_snat >= 0.0 && vmax_snat - vmax_snat == 0, "ei_models glu_gln_cycle: vmax_snat = %g mM/ms is outside its range [0, inf) mM/ms; set it within the range (ei_models.neuron.insert('glu_gln_cycle', ...) checks values before NEURON sees them)", vmax_snat)
    EI_GUARD(km_snat > 0.0 && km_snat - km_snat == 0, "ei_models glu_gln_cycle: km_snat = %g mM is outside its range (0, inf) mM; set it within the range (ei_models.neuron.insert('glu_gln_cycle', ...) checks values before NEURON sees them)", km_snat)
    EI_GUARD(vmax_pag >= 0.0 && vmax_pag - vmax_pag == 0, "ei_models glu_gln_cycle: vmax_pag = %g mM/ms is outside its range [0, inf) mM/ms; set it within the range (ei_models.neuron.insert('glu_gln_cycle', ...) checks values before NEURON sees them)", vmax_pag)
    EI_GUARD(km_pag > 0.0 && km_pag - km_pag == 0, "ei_models glu_gln_cycle: km_pag = %g mM is outside its range (0, inf) mM; set it within the range (ei_models.neuron.insert('glu_gln_cycle', ...) checks values before NEURON sees them)", km_pag)
    EI_GUARD(vmax_vglut >= 0.0 && vmax_vglut - vmax_vglut == 0, "ei_models glu_gln_cycle: vmax_vglut = %g mM/ms is outside its range [0, inf) mM/ms; set it within the range (ei_models.neuron.insert('glu_gln_cycle', ...) checks values before NEURON sees them)", vmax_vglut)
    EI_GUARD(km_vglut > 0.0 && km_vglut - km_vglut == 0, "ei_models glu_gln_cycle: km_vglut = %g mM is outside its range (0, inf) mM; set it within the range (ei_models.neuron.insert('glu_gln_cycle', ...) checks values before NEURON sees them)", km_vglut)
    EI_GUARD(k_rel >= 0.0 && k_rel - k_rel == 0, "ei_models glu_gln_cycle: k_rel = %g /ms is outside its range [0, inf) /ms; set it within the range (ei_models.neuron.insert('glu_gln_cycle', ...) checks values before NEURON sees them)", k_rel)
    EI_GUARD(block_gs >= 0.0 && block_gs <= 1.0, "ei_models glu_gln_cycle: block_gs = %g is outside its range [0, 1]; set it within the range (ei_models.neuron.insert('glu_gln_cycle', ...) checks values before NEURON sees them)", block_gs)
    EI_GUARD(block_pag >= 0.0 && block_pag <= 1.0, "ei_models glu_gln_cycle: block_pag = %g is outside its range [0, 1]; set it within the range (ei_models.neuron.insert('glu_gln_cycle', ...) checks values before NEURON sees them)", block_pag)
    EI_GUARD(temp_ref >= 0.0 && temp_ref <= 45.0, "ei_models glu_gln_cycle: temp_ref = %g degC is outside its range [0, 45] degC; set it within the range (ei_models.neuron.insert('glu_gln_cycle', ...) checks values before NEURON sees them)", temp_ref)
    EI_GUARD(q10 >= 1.0 && q10 <= 10.0, "ei_models glu_gln_cycle: q10 = %g is outside its range [1, 10]; set it within the range (ei_models.neuron.insert('glu_gln_cycle', ...) checks values before NEURON sees them)", q10)
    EI_GUARD(celsius >= 0.0 && celsius <= 45.0, "ei_models glu_gln_cycle: celsius = %g degC is outside [0, 45] degC, the range of its Q10 temperature scaling; set h.celsius within it (e.g. 37) before finitialize", celsius)
#undef EI_GUARD
#endif
    ENDVERBATIM
    : <<< generated guard
    qt = q10^((celsius - temp_ref) / 10 (degC))
    capacities()
    atp_used = 0
    nh3_fixed = 0
    nh3_released = 0
    glu_ecs = 0
    glu_astro = 0
    gln_astro = 0
    gln_neuron = 0
    glu_neuron = 0
    glu_ves = 0
    j_cycle = 0
    if (cap_eaat <= 0) {
        glu_ecs = total / vol_ecs
    } else if (cap_gs <= 0) {
        glu_astro = total / vol_astro
    } else if (cap_snat <= 0) {
        gln_astro = total / vol_astro
    } else if (cap_pag <= 0) {
        gln_neuron = total / vol_neuron
    } else if (cap_vglut <= 0) {
        glu_neuron = total / vol_neuron
    } else if (k_rel <= 0) {
        glu_ves = total / vol_ves
    } else {
        lo = 0
        hi = cap_eaat
        if (cap_gs < hi) { hi = cap_gs }
        if (cap_snat < hi) { hi = cap_snat }
        if (cap_pag < hi) { hi = cap_pag }
        if (cap_vglut < hi) { hi = cap_vglut }
        n = 0
        WHILE (n < 200) {
            mid = 0.5 * (lo + hi)
            if (mid == lo || mid == hi) {
                n = 200
            } else {
                if (amount_at(mid) < total) {
                    lo = mid
                } else {
                    hi = mid
                }
                n = n + 1
            }
        }
        j_cycle = 0.5 * (lo + hi)
        glu_ecs = km_eaat * j_cycle / (cap_eaat - j_cycle)
        glu_astro = km_gs * j_cycle / (cap_gs - j_cycle)
        gln_astro = km_snat * j_cycle / (cap_snat - j_cycle)
        gln_neuron = km_pag * j_cycle / (cap_pag - j_cycle)
        glu_neuron = km_vglut * j_cycle / (cap_vglut - j_cycle)
        glu_ves = j_cycle / (k_rel * vol_ves)
        j_cycle = qt * j_cycle
    }
}

BREAKPOINT {
    SOLVE cycle METHOD sparse
}

PROCEDURE capacities() {
    cap_eaat = vmax_eaat * vol_ecs
    cap_gs = (1 - block_gs) * vmax_gs * vol_astro
    cap_snat = vmax_snat * vol_astro
    cap_pag = (1 - block_pag) * vmax_pag * vol_neuron
    cap_vglut = vmax_vglut * vol_neuron
}

FUNCTION amount_at(J (mM/ms)) (mM) {
    : glutamate + glutamine per tissue volume when every flux equals J
    amount_at = vol_ecs * km_eaat * J / (cap_eaat - J) + vol_astro * km_gs * J / (cap_gs - J)
    amount_at = amount_at + vol_astro * km_snat * J / (cap_snat - J) + vol_neuron * km_pag * J / (cap_pag - J)
    amount_at = amount_at + vol_neuron * km_vglut * J / (cap_vglut - J) + J / k_rel
}

KINETIC cycle {
    capacities()
    COMPARTMENT vol_ecs {glu_ecs}
    COMPARTMENT vol_astro {glu_astro gln_astro}
    COMPARTMENT vol_neuron {gln_neuron glu_neuron}
    COMPARTMENT vol_ves {glu_ves}
    ~ glu_ecs <-> glu_astro (qt * cap_eaat / (km_eaat + glu_ecs), 0)
    ~ glu_astro <-> gln_astro + atp_used + nh3_fixed (qt * cap_gs / (km_gs + glu_astro), 0)
    ~ gln_astro <-> gln_neuron (qt * cap_snat / (km_snat + gln_astro), 0)
    ~ gln_neuron <-> glu_neuron + nh3_released (qt * cap_pag / (km_pag + gln_neuron), 0)
    ~ glu_neuron <-> glu_ves (qt * cap_vglut / (km_vglut + glu_neuron), 0)
    ~ glu_ves <-> glu_ecs (qt * k_rel * vol_ves, 0)
    CONSERVE glu_ecs + glu_astro + gln_astro + gln_neuron + glu_neuron + glu_ves = total
}
