TITLE gabaa_delta: extrasynaptic (tonic) delta-subunit GABA_A receptor, density mechanism

COMMENT
: >>> shared description (copied into gabaa_delta_syn.mod: edit here)
Extrasynaptic GABA_A receptor containing the delta subunit (alpha4beta-delta / alpha6beta-delta
like, no gamma2), as a Markov (kinetic) scheme driven by the GABA concentration conc(t):

            2 kb conc        kb conc          b
       C0 <--------> C1 <--------> C2 <--------> O
            koff          2 koff    |    alpha
                                  d | r
                                    D

    C0 + C1 + C2 + O + D = 1      (CONSERVE)
    egaba = (RT/F) ln(([Cl-]i + p [HCO3-]i)/([Cl-]o + p [HCO3-]o))   GHK, Cl- and HCO3-, at celsius

The delta receptor differs from gabaa_gamma2 as the chapter describes: high affinity (simulated
EC50 ~ 0.9 uM; alpha4beta3delta 0.3-1 uM: Brown et al. 2002, Br J Pharmacol 136:965; Mortensen
et al. 2010, J Physiol 588:1251), low gating efficacy (brief openings, maximal open probability
~ 0.2: Haas & Macdonald 1999, J Physiol 514:27; Bianchi & Macdonald 2003, J Neurosci 23:10934),
and slow, shallow desensitization (Bianchi, Haas & Macdonald 2002, Neuropharmacology 43:492).
Anions: the channel passes Cl- and HCO3- with permeability ratio p = p_hco3 = P_HCO3/P_Cl ~ 0.2
(Bormann, Hamill & Sakmann 1987, J Physiol 385:243; Kaila 1994, Prog Neurobiol 42:489), so the
reversal egaba is the GHK voltage equation of both, from the segment's cli/clo and the
parameters hco3i/hco3o (16/26 mM: pH_i 7.2, pH_o 7.4, 5 % CO2; [HCO3-] held constant). The
current is split into a chloride part icl = g (1 - f_hco3) (v - e_cl) on the cl ion and a
bicarbonate part ihco3 = g f_hco3 (v - e_hco3) (NONSPECIFIC_CURRENT: nothing tracks [HCO3-]i),
each with its own Nernst potential; f_hco3 = (egaba - e_cl)/(e_hco3 - e_cl) keeps the total
conductance g and puts the reversal of the sum exactly at the GHK egaba (the linearised split
g/(1+p), g p/(1+p) would reverse at (E_Cl + p E_HCO3)/(1+p), -57.5 instead of GHK's -60.1 mV at
10/120 mM Cl-). p_hco3 = 0: egaba = E_Cl, the chloride-only model.

Transmitter conc = gaba + tpulse + thip_pot * thip (mM): gaba is the ambient concentration
(set it, Vector.play into it, or take it from the gat mechanism's ambient output); thip is
gaboxadol (THIP), a GABA-site agonist with thip_pot times GABA's binding rate and thip_eff times
its gating efficacy: a superagonist at delta receptors (Brown et al. 2002; Mortensen et al. 2010);
for a mixture the opening rate is scaled by the mean-field efficacy
1 + (thip_eff - 1) * thip_pot*thip/conc.

Modulators: neurosteroids (allopregnanolone) raise the gating efficacy strongly at delta
receptors, b = beta * (1 + (ns_beta - 1) * fns), fns = ns/(ns + kd_ns) (Bianchi & Macdonald
2003; Stell et al. 2003, PNAS 100:14439; Wohlfarth, Bianchi & Macdonald 2002, J Neurosci
22:1541), and slow the unbinding, ku = koff * (1 + (ns_koff - 1) * fns) (the direction of Zhu &
Vicini 1997, J Neurosci 17:4022 and Belelli & Lambert 2005, Nat Rev Neurosci 6:565; its size is
a modelling choice). The benzodiazepine site sits at the alpha/gamma2 interface, which delta
receptors lack (Saxena & Macdonald 1994, J Neurosci 14:7077): the same benzodiazepine
parameters as gabaa_gamma2 are present (bz, kd_bz, bz_kon, bz_koff, bz_nona1, a1sub) so that
drug presets apply to both, but bz_kon = bz_koff = 1 and a1sub = 0 (no effect).
: <<< shared description

Density version for the tonic current: g = gbar * O (S/cm2), i = g * (v - egaba) (mA/cm2,
written as icl). The point-process version for spillover onto a patch of extrasynaptic
receptors is gabaa_delta_syn (same scheme, same parameters, plus NetCon-driven pulses); one
NMODL file cannot be both a SUFFIX and a POINT_PROCESS mechanism.

: >>> shared integration (copied into gabaa_delta_syn.mod: edit here)
Integration (fixed step): one backward Euler step of the scheme, (I - dt Q) x(t+dt) = x(t),
with the rates taken at the start of the step -- the update NEURON's sparse solver computes,
solved here in closed form because the scheme is a tree: each leaf state (O, D on C2; C0 on
C1) depends on its parent alone, x_leaf(t+dt) = (x_leaf + dt k_in x_parent(t+dt))/(1 + dt
k_out), and substituting the leaves leaves a 2x2 system for C1 and C2. No iteration, no matrix set-up;
the total occupancy is conserved to round-off, as sparse's CONSERVE gives. The reversal potentials are
recomputed only when cli, clo, celsius or a bicarbonate parameter change, and the current's voltage derivative (g) is
given by CONDUCTANCE hints (gcl, ghco3) so the current is evaluated once per step. A gabaa_delta_syn
instance costs ~1.5x NEURON's Exp2Syn instead of ~8x with sparse (ei-models bench).

Temperature: every rate of the scheme (binding, unbinding, gating, desensitization, recovery,
with their modulation) is multiplied by qt = q10^((celsius - temp_ref)/10), computed in INITIAL
from NEURON's celsius (read at finitialize); the transmitter pulse (tmax, cdur) is not scaled.
Equivalently the scheme runs on the time axis qt*t: the fixed step is the backward Euler step of
length qt*hstep, the CVODE right-hand side is qt times the fluxes; the equilibrium is unchanged.
The rates are room-temperature values, temp_ref = 22 C (assumed, see the table), q10 = 2.1 (Otis
& Mody 1992, Neuroscience 49:13: Q10 of the GABA_A sIPSC decay rate between 22 and 37 C).
NEURON's default celsius = 6.3 C slows the scheme 2.1^1.57 = 3.2x against 22 C: set h.celsius
= 37 (ei_models.neuron.insert warns once at 6.3 C); celsius outside 0-45 C stops finitialize.

CVODE: the step is a DERIVATIVE block solved by METHOD euler, one right-hand side per
state, X' = cvode_on*f(X) + hinv*(Xn - X). At a fixed step h (cvode_on = 0, hinv = 1/h)
Xn is the closed-form step above, and NEURON's Euler update X + h*X' lands on it to
round-off: fixed-step results and speed stay those of the closed form. Under CVODE
(fixed_step() reads NEURON's cvode_active_: cvode_on = 1, hinv = 0) X' is the model's
right-hand side f(X), whose diagonal Jacobian (all CVODE's Newton iteration uses from a
mechanism) is exact. CoreNEURON, fixed-step only, always takes the closed form. The CVODE
fluxes are written from the scheme (KineticScheme.derivative_lines).
: <<< shared integration

Parameter defaults, units and bounds are those of ei_models/mechanisms/gabaa_delta.py, the single
source of truth; the parameter-table tests check this file against it.
The text, PARAMETER lines and procedures shared with gabaa_delta_syn.mod are the blocks marked
"shared" here; ei_models.mechanisms.gabaa_delta copies them into that file (python -m
ei_models.generated; tests/test_generated.py checks the copy byte for byte).
ENDCOMMENT

NEURON {
    THREADSAFE
    SUFFIX eim_gabaa_delta
    USEION cl READ cli, clo WRITE icl VALENCE -1
    NONSPECIFIC_CURRENT ihco3
    RANGE gbar, kon, koff, beta, alpha, d, r, gaba
    RANGE bz, kd_bz, bz_kon, bz_koff, bz_nona1, a1sub, ns, kd_ns, ns_beta, ns_koff, thip, thip_pot, thip_eff
    RANGE p_hco3, hco3i, hco3o, e_cl, e_hco3, f_hco3, gcl, ghco3
    RANGE temp_ref, q10, qt
    RANGE g, i, egaba, conc
}

UNITS {
    (nA) = (nanoamp)
    (mA) = (milliamp)
    (S) = (siemens)
    (mV) = (millivolt)
    (uS) = (microsiemens)
    (mM) = (milli/liter)
    FARADAY = (faraday) (kilocoulombs)
    R = (k-mole) (joule/degC)
}

PARAMETER {
    gbar = 0.0001 (S/cm2) <0, 1e9>        : conductance density with every receptor open
    : >>> generated kinetic-parameters (from the table in ei_models/mechanisms/gabaa_delta.py)
    kon = 5 (/mM/ms) <0, 1e9>             : GABA binding rate per site
    koff = 0.002 (/ms) <0, 1e9>           : GABA unbinding rate per site (high affinity)
    beta = 0.03 (/ms) <0, 1e9>            : opening rate, doubly bound (low efficacy)
    alpha = 0.12 (/ms) <0, 1e9>           : closing rate
    d = 0.0004 (/ms) <0, 1e9>             : desensitization rate (slow)
    r = 0.002 (/ms) <0, 1e9>              : recovery rate
    gaba = 0 (mM) <0, 1e9>                : ambient / applied GABA concentration
    bz = 0 (mM) <0, 1e9>                  : benzodiazepine-site agonist (diazepam, zolpidem) concentration
    kd_bz = 5e-5 (mM) <1e-12, 1e9>        : benzodiazepine potency (diazepam ~ 50 nM)
    bz_kon = 1 (1) <1e-12, 1e9>           : maximal fold change of the GABA binding rate by a benzodiazepine
    bz_koff = 1 (1) <1e-12, 1e9>          : maximal fold change of the GABA unbinding rate by a benzodiazepine
    bz_nona1 = 1 (1) <0, 1>               : benzodiazepine-site drug's efficacy at alpha1-free receptors (diazepam 1, zolpidem 0)
    a1sub = 0 (1) <0, 1>                  : 1: alpha1-containing receptor, 0: alpha1-free (alpha2/3/5, or no BZ site)
    ns = 0 (mM) <0, 1e9>                  : neurosteroid (allopregnanolone) concentration
    kd_ns = 0.0001 (mM) <1e-12, 1e9>      : neurosteroid potency
    ns_beta = 5 (1) <1e-12, 1e9>          : maximal fold increase of the opening rate(s) by a neurosteroid
    ns_koff = 0.5 (1) <1e-12, 1e9>        : maximal fold change of the GABA unbinding rate by a neurosteroid
    thip = 0 (mM) <0, 1e9>                : gaboxadol (THIP) concentration
    thip_pot = 0.5 (1) <0, 1e9>           : THIP binding rate relative to GABA
    thip_eff = 2.5 (1) <0, 1e9>           : THIP gating efficacy relative to GABA
    temp_ref = 22 (degC) <0, 45>          : reference temperature of the kinetic values (Q10 scaling: qt = 1 there)
    q10 = 2.1 (1) <1, 10>                 : Q10 of the rates (1 = temperature independent)
    : <<< generated kinetic-parameters
    : >>> generated bicarbonate-parameters (from the table in ei_models/mechanisms/gabaa_delta.py)
    p_hco3 = 0.2 (1) <0, 1e9>             : HCO3- to Cl- permeability ratio of the channel
    hco3i = 16 (mM) <1e-12, 1e9>          : intracellular [HCO3-]
    hco3o = 26 (mM) <1e-12, 1e9>          : extracellular [HCO3-]
    : <<< generated bicarbonate-parameters
}

ASSIGNED {
    v (mV)
    celsius (degC)
    qt (1)
    cli (mM)
    clo (mM)
    icl (mA/cm2)
    ihco3 (mA/cm2)
    gcl (S/cm2)
    ghco3 (S/cm2)
    e_cl (mV)
    e_hco3 (mV)
    f_hco3 (1)
    i (mA/cm2)
    g (S/cm2)
    egaba (mV)
    tpulse (mM)
    conc (mM)
    kb (/mM/ms)
    ku (/ms)
    b (/ms)
    cli_used (mM)
    clo_used (mM)
    celsius_used (degC)
    p_used (1)
    hco3i_used (mM)
    hco3o_used (mM)
    dt (ms)
    hstep (ms)
    hinv (/ms)
    cvode_on (1)
}

: >>> shared states (copied into gabaa_delta_syn.mod: edit here)
STATE {
    C0
    C1
    C2
    O
    D
}
: <<< shared states

INITIAL {
    : >>> generated guard (the parameter table's bounds and checks, see ei_models.generated.guard_block)
    VERBATIM
#ifndef CORENEURON_BUILD
#define EI_GUARD(ok, ...) if (!(ok)) { char _ei_msg[512]; snprintf(_ei_msg, sizeof _ei_msg, __VA_ARGS__); hoc_execerror(_ei_msg, (char*) 0); }
    EI_GUARD(gbar >= 0.0 && gbar - gbar == 0, "ei_models gabaa_delta: gbar = %g S/cm2 is outside its range [0, inf) S/cm2; set it within the range (ei_models.neuron.insert('gabaa_delta', ...) checks values before NEURON sees them)", gbar)
    EI_GUARD(kon >= 0.0 && kon - kon == 0, "ei_models gabaa_delta: kon = %g /mM/ms is outside its range [0, inf) /mM/ms; set it within the range (ei_models.neuron.insert('gabaa_delta', ...) checks values before NEURON sees them)", kon)
    EI_GUARD(koff >= 0.0 && koff - koff == 0, "ei_models gabaa_delta: koff = %g /ms is outside its range [0, inf) /ms; set it within the range (ei_models.neuron.insert('gabaa_delta', ...) checks values before NEURON sees them)", koff)
    EI_GUARD(beta >= 0.0 && beta - beta == 0, "ei_models gabaa_delta: beta = %g /ms is outside its range [0, inf) /ms; set it within the range (ei_models.neuron.insert('gabaa_delta', ...) checks values before NEURON sees them)", beta)
    EI_GUARD(alpha >= 0.0 && alpha - alpha == 0, "ei_models gabaa_delta: alpha = %g /ms is outside its range [0, inf) /ms; set it within the range (ei_models.neuron.insert('gabaa_delta', ...) checks values before NEURON sees them)", alpha)
    EI_GUARD(d >= 0.0 && d - d == 0, "ei_models gabaa_delta: d = %g /ms is outside its range [0, inf) /ms; set it within the range (ei_models.neuron.insert('gabaa_delta', ...) checks values before NEURON sees them)", d)
    EI_GUARD(r >= 0.0 && r - r == 0, "ei_models gabaa_delta: r = %g /ms is outside its range [0, inf) /ms; set it within the range (ei_models.neuron.insert('gabaa_delta', ...) checks values before NEURON sees them)", r)
    EI_GUARD(gaba >= 0.0 && gaba - gaba == 0, "ei_models gabaa_delta: gaba = %g mM is outside its range [0, inf) mM; set it within the range (ei_models.neuron.insert('gabaa_delta', ...) checks values before NEURON sees them)", gaba)
    EI_GUARD(bz >= 0.0 && bz - bz == 0, "ei_models gabaa_delta: bz = %g mM is outside its range [0, inf) mM; set it within the range (ei_models.neuron.insert('gabaa_delta', ...) checks values before NEURON sees them)", bz)
    EI_GUARD(kd_bz > 0.0 && kd_bz - kd_bz == 0, "ei_models gabaa_delta: kd_bz = %g mM is outside its range (0, inf) mM; set it within the range (ei_models.neuron.insert('gabaa_delta', ...) checks values before NEURON sees them)", kd_bz)
    EI_GUARD(bz_kon > 0.0 && bz_kon - bz_kon == 0, "ei_models gabaa_delta: bz_kon = %g is outside its range (0, inf); set it within the range (ei_models.neuron.insert('gabaa_delta', ...) checks values before NEURON sees them)", bz_kon)
    EI_GUARD(bz_koff > 0.0 && bz_koff - bz_koff == 0, "ei_models gabaa_delta: bz_koff = %g is outside its range (0, inf); set it within the range (ei_models.neuron.insert('gabaa_delta', ...) checks values before NEURON sees them)", bz_koff)
    EI_GUARD(bz_nona1 >= 0.0 && bz_nona1 <= 1.0, "ei_models gabaa_delta: bz_nona1 = %g is outside its range [0, 1]; set it within the range (ei_models.neuron.insert('gabaa_delta', ...) checks values before NEURON sees them)", bz_nona1)
    EI_GUARD(a1sub >= 0.0 && a1sub <= 1.0, "ei_models gabaa_delta: a1sub = %g is outside its range [0, 1]; set it within the range (ei_models.neuron.insert('gabaa_delta', ...) checks values before NEURON sees them)", a1sub)
    EI_GUARD(ns >= 0.0 && ns - ns == 0, "ei_models gabaa_delta: ns = %g mM is outside its range [0, inf) mM; set it within the range (ei_models.neuron.insert('gabaa_delta', ...) checks values before NEURON sees them)", ns)
    EI_GUARD(kd_ns > 0.0 && kd_ns - kd_ns == 0, "ei_models gabaa_delta: kd_ns = %g mM is outside its range (0, inf) mM; set it within the range (ei_models.neuron.insert('gabaa_delta', ...) checks values before NEURON sees them)", kd_ns)
    EI_GUARD(ns_beta > 0.0 && ns_beta - ns_beta == 0, "ei_models gabaa_delta: ns_beta = %g is outside its range (0, inf); set it within the range (ei_models.neuron.insert('gabaa_delta', ...) checks values before NEURON sees them)", ns_beta)
    EI_GUARD(ns_koff > 0.0 && ns_koff - ns_koff == 0, "ei_models gabaa_delta: ns_koff = %g is outside its range (0, inf); set it within the range (ei_models.neuron.insert('gabaa_delta', ...) checks values before NEURON sees them)", ns_koff)
    EI_GUARD(thip >= 0.0 && thip - thip == 0, "ei_models gabaa_delta: thip = %g mM is outside its range [0, inf) mM; set it within the range (ei_models.neuron.insert('gabaa_delta', ...) checks values before NEURON sees them)", thip)
    EI_GUARD(thip_pot >= 0.0 && thip_pot - thip_pot == 0, "ei_models gabaa_delta: thip_pot = %g is outside its range [0, inf); set it within the range (ei_models.neuron.insert('gabaa_delta', ...) checks values before NEURON sees them)", thip_pot)
    EI_GUARD(thip_eff >= 0.0 && thip_eff - thip_eff == 0, "ei_models gabaa_delta: thip_eff = %g is outside its range [0, inf); set it within the range (ei_models.neuron.insert('gabaa_delta', ...) checks values before NEURON sees them)", thip_eff)
    EI_GUARD(temp_ref >= 0.0 && temp_ref <= 45.0, "ei_models gabaa_delta: temp_ref = %g degC is outside its range [0, 45] degC; set it within the range (ei_models.neuron.insert('gabaa_delta', ...) checks values before NEURON sees them)", temp_ref)
    EI_GUARD(q10 >= 1.0 && q10 <= 10.0, "ei_models gabaa_delta: q10 = %g is outside its range [1, 10]; set it within the range (ei_models.neuron.insert('gabaa_delta', ...) checks values before NEURON sees them)", q10)
    EI_GUARD(p_hco3 >= 0.0 && p_hco3 - p_hco3 == 0, "ei_models gabaa_delta: p_hco3 = %g is outside its range [0, inf); set it within the range (ei_models.neuron.insert('gabaa_delta', ...) checks values before NEURON sees them)", p_hco3)
    EI_GUARD(hco3i > 0.0 && hco3i - hco3i == 0, "ei_models gabaa_delta: hco3i = %g mM is outside its range (0, inf) mM; set it within the range (ei_models.neuron.insert('gabaa_delta', ...) checks values before NEURON sees them)", hco3i)
    EI_GUARD(hco3o > 0.0 && hco3o - hco3o == 0, "ei_models gabaa_delta: hco3o = %g mM is outside its range (0, inf) mM; set it within the range (ei_models.neuron.insert('gabaa_delta', ...) checks values before NEURON sees them)", hco3o)
    EI_GUARD(celsius >= 0.0 && celsius <= 45.0, "ei_models gabaa_delta: celsius = %g degC is outside [0, 45] degC, the range of its Q10 temperature scaling; set h.celsius within it (e.g. 37) before finitialize", celsius)
    EI_GUARD(cli > 0 && cli - cli == 0, "ei_models gabaa_delta: cli = %g mM on its segment, chloride concentrations must be positive and finite (the reversal is Nernst, log(cli/clo)); set seg.cli (e.g. cli = 10, clo = 120 mM)", cli)
    EI_GUARD(clo > 0 && clo - clo == 0, "ei_models gabaa_delta: clo = %g mM on its segment, chloride concentrations must be positive and finite (the reversal is Nernst, log(cli/clo)); set seg.clo (e.g. cli = 10, clo = 120 mM)", clo)
#undef EI_GUARD
    { static int _ei_warned = 0;
      if (cli == 1 && clo == 1 && !_ei_warned) { _ei_warned = 1;
        fprintf(stderr, "ei_models warning: %s sits on a segment with NEURON's default cli = clo = 1 mM, so E_Cl = 0 mV and its GABA_A current depolarises. Fix: ei_models.neuron.insert sets cli = 10, clo = 120 mM; or set seg.cli and seg.clo (e.g. 10 and 120 mM) before finitialize, or use the ion settings of ei_models.netpyne (shown once per mechanism type and process)\n", "gabaa_delta"); } }
#endif
    ENDVERBATIM
    : <<< generated guard
    qt = q10^((celsius - temp_ref) / 10 (degC))
    tpulse = 0
    cli_used = -1
    : >>> shared initial (copied into gabaa_delta_syn.mod: edit here)
    rates()
    C0 = 1
    C1 = 0
    C2 = 0
    O = 0
    D = 0
    SOLVE kin STEADYSTATE sparse
    if (ku > 0 && alpha > 0 && r > 0) {
        equilibrium()
    }
    : <<< shared initial
}

: >>> shared equilibrium (copied into gabaa_delta_syn.mod: edit here)
PROCEDURE equilibrium() {
    : the scheme is a tree, so its equilibrium obeys detailed balance: each state's weight is
    : the product of forward/backward rate ratios along its path from C0 (exact, to round-off;
    : the iterative STEADYSTATE solve above remains for zero backward rates)
    LOCAL w1, w2, total
    w1 = 2 * kb * conc / ku
    w2 = w1 * kb * conc / (2 * ku)
    total = 1 + w1 + w2 * (1 + b / alpha + d / r)
    C0 = 1 / total
    C1 = w1 / total
    C2 = w2 / total
    O = w2 * b / alpha / total
    D = w2 * d / r / total
}
: <<< shared equilibrium

BREAKPOINT {
    SOLVE advance METHOD euler
    g = gbar * O
    : >>> shared current (copied into gabaa_delta_syn.mod: edit here)
    if (cli != cli_used || clo != clo_used || celsius != celsius_used || p_hco3 != p_used || hco3i != hco3i_used || hco3o != hco3o_used) {
        reversal()
    }
    : the chloride part on the cl ion (cl_transport, cl_kcc2 see it), the bicarbonate part
    : nonspecific; together g * (v - egaba)
    gcl = g * (1 - f_hco3)
    ghco3 = g * f_hco3
    icl = gcl * (v - e_cl)
    ihco3 = ghco3 * (v - e_hco3)
    i = icl + ihco3
    CONDUCTANCE gcl USEION cl
    CONDUCTANCE ghco3
    : <<< shared current
}

: >>> shared procedures (copied into gabaa_delta_syn.mod: edit here)
DERIVATIVE advance {
    : one right-hand side, two paths (see COMMENT, CVODE): at a fixed step, the closed-form
    : backward Euler step of the tree gives the new occupancies Xn, on which NEURON's Euler update
    : lands; under CVODE, the scheme's fluxes
    LOCAL k01, k12, e0, eo, ed, a11, a12, a21, a22, s1, s2, det, tot, h, C0n, C1n, C2n, On, Dn
    fixed_step()
    pulse_step()
    rates()
    if (hstep > 0) {
        h = hstep * qt
        k01 = 2 * kb * conc
        k12 = kb * conc
        e0 = 1 / (1 + h * k01)
        eo = 1 / (1 + h * alpha)
        ed = 1 / (1 + h * r)
        a11 = 1 + h * (k12 + ku * e0)
        a12 = -h * 2 * ku
        a21 = -h * k12
        a22 = 1 + h * (2 * ku + b * eo + d * ed)
        s1 = C1 + h * k01 * e0 * C0
        s2 = C2 + h * (alpha * eo * O + r * ed * D)
        det = a11 * a22 - a12 * a21
        C1n = (s1 * a22 - a12 * s2) / det
        C2n = (a11 * s2 - a21 * s1) / det
        C0n = (C0 + h * ku * C1n) * e0
        On = (O + h * b * C2n) * eo
        Dn = (D + h * d * C2n) * ed
        : the step conserves the total exactly; renormalizing stops round-off accumulating
        tot = 1 / (C0n + C1n + C2n + On + Dn)
        C0n = C0n * tot
        C1n = C1n * tot
        C2n = C2n * tot
        On = On * tot
        Dn = Dn * tot
    } else {
        C0n = C0
        C1n = C1
        C2n = C2
        On = O
        Dn = D
    }
    : >>> generated derivative (from SCHEME in ei_models/mechanisms/gabaa_delta.py)
    C0' = cvode_on * qt * (ku * C1 - 2 * kb * conc * C0) + hinv * (C0n - C0)
    C1' = cvode_on * qt * (2 * kb * conc * C0 + 2 * ku * C2 - (ku + kb * conc) * C1) + hinv * (C1n - C1)
    C2' = cvode_on * qt * (kb * conc * C1 + alpha * O + r * D - (2 * ku + b + d) * C2) + hinv * (C2n - C2)
    O' = cvode_on * qt * (b * C2 - alpha * O) + hinv * (On - O)
    D' = cvode_on * qt * (d * C2 - r * D) + hinv * (Dn - D)
    : <<< generated derivative
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

PROCEDURE rates() {
    LOCAL eff, fbz, fns
    conc = gaba + tpulse + thip_pot * thip
    eff = 1
    if (conc > 0) {
        eff = 1 + (thip_eff - 1) * thip_pot * thip / conc
    }
    : modulator occupancies: the benzodiazepine site's, weighted by the drug's efficacy at this
    : receptor (a1sub: alpha1 subunit present; bz_nona1: efficacy without alpha1), and the
    : neurosteroid site's
    fbz = bz / (bz + kd_bz) * (a1sub + (1 - a1sub) * bz_nona1)
    fns = ns / (ns + kd_ns)
    eff = eff * (1 + (ns_beta - 1) * fns)
    kb = kon * (1 + (bz_kon - 1) * fbz)
    ku = koff * (1 + (bz_koff - 1) * fbz) * (1 + (ns_koff - 1) * fns)
    b = beta * eff
}

KINETIC kin {
    rates()
    : >>> generated kinetic (from SCHEME in ei_models/mechanisms/gabaa_delta.py)
    ~ C0 <-> C1 (2 * kb * conc, ku)
    ~ C1 <-> C2 (kb * conc, 2 * ku)
    ~ C2 <-> O (b, alpha)
    ~ C2 <-> D (d, r)
    CONSERVE C0 + C1 + C2 + O + D = 1
    : <<< generated kinetic
}

PROCEDURE reversal() {
    : E_Cl and E_HCO3 (Nernst, z = -1), E_GABA (GHK voltage equation for Cl- and HCO3-), and the
    : bicarbonate share f_hco3 of g that makes the two ohmic parts reverse together at E_GABA
    : (ei_models.physics.hco3_share); p_hco3 = 0 gives f_hco3 = 0 and E_GABA = E_Cl exactly
    LOCAL rtf, d
    rtf = R * (celsius + 273.15) / FARADAY
    e_cl = rtf * log(cli / clo)
    e_hco3 = rtf * log(hco3i / hco3o)
    egaba = rtf * log((cli + p_hco3 * hco3i) / (clo + p_hco3 * hco3o))
    d = log(hco3i / hco3o) - log(cli / clo)
    if (fabs(d) > 1e-8) {
        f_hco3 = (egaba - e_cl) / (e_hco3 - e_cl)
    } else {
        f_hco3 = p_hco3 * hco3o / (clo + p_hco3 * hco3o)
    }
    cli_used = cli
    clo_used = clo
    celsius_used = celsius
    p_used = p_hco3
    hco3i_used = hco3i
    hco3o_used = hco3o
}
: <<< shared procedures

PROCEDURE pulse_step() {
    : no transmitter pulses in the tonic receptor (tpulse stays 0); gabaa_delta_syn's version
    : gives the pulse's mean over a fixed step (its exact dose, issue 14)
}
