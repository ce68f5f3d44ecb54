TITLE gabaa_gamma2: synaptic (phasic) alpha1beta2gamma2-like GABA_A receptor, kinetic scheme with desensitization

COMMENT
Synaptic GABA_A receptor containing the gamma2 subunit (alpha1beta2gamma2-like), as a Markov
(kinetic) scheme driven by the GABA concentration conc(t) at the receptor.

Scheme (structure of Jones & Westbrook 1995, Neuron 15:181, with one singly and one doubly
liganded open and desensitized state each; see also Haas & Macdonald 1999, J Physiol 514:27):

             2 kb conc        kb conc
       C0 <--------> C1 <--------> C2
            koff      |    2 koff   |
                beta1 | alpha1      | beta2 alpha2
                      O1            O2
                   d1 | r1       d2 | r2
                      D1            D2

    C0 + C1 + C2 + O1 + O2 + D1 + D2 = 1          (CONSERVE)
    g     = gmax * (O1 + O2)                        (uS)
    egaba = (RT/F) ln(([Cl-]i + p [HCO3-]i)/([Cl-]o + p [HCO3-]o))   GHK, Cl- and HCO3-, at celsius
    i     = icl + ihco3 = g * (v - egaba)           (nA, outward positive)

Anions: the channel passes Cl- and HCO3- with permeability ratio p = p_hco3 = P_HCO3/P_Cl ~ 0.2
(Bormann, Hamill & Sakmann 1987, J Physiol 385:243; Kaila & Voipio 1987, Nature 330:163; Kaila
1994, Prog Neurobiol 42:489), so the reversal egaba is the GHK voltage equation of both, from the
segment's cl ion (cli, clo; ei_models.neuron.insert gives every segment the chapter's 10 mM /
120 mM unless told otherwise) and the parameters hco3i/hco3o (16/26 mM: pH_i 7.2, pH_o 7.4, 5 %
CO2; [HCO3-] held constant). The current is split into a chloride part icl = g (1 - f_hco3)
(v - e_cl) on the cl ion (so cl_transport and cl_kcc2 see the Cl- load) and a bicarbonate part
ihco3 = g f_hco3 (v - e_hco3) (NONSPECIFIC_CURRENT: nothing tracks [HCO3-]i), each with its own
Nernst potential; f_hco3 = (egaba - e_cl)/(e_hco3 - e_cl) keeps the total conductance g and
puts the reversal of the sum exactly at the GHK egaba (ei_models.physics.hco3_share).
p_hco3 = 0: egaba = E_Cl, the chloride-only model.

Transmitter conc = gaba + tpulse + thip_pot * thip (mM):
  gaba   applied / ambient GABA (a RANGE parameter: set it, or Vector.play into it, for
         dose-response curves and long applications);
  tpulse  the transmitter pulse of Destexhe, Mainen & Sejnowski 1994 (J Comput Neurosci 1:195):
         a NetCon event of weight w sets tpulse = w * tmax for cdur; an event during a pulse
         restarts it (the pulse ends cdur after the last event);
  thip   gaboxadol (THIP), a GABA-site agonist that binds thip_pot times as fast as GABA and
         gates with thip_eff times GABA's efficacy; for a GABA/THIP mixture the opening rates
         are scaled by the mean-field efficacy 1 + (thip_eff - 1) * thip_pot*thip/conc.

Modulators (binding to their own sites, occupancy by a Hill-1 isotherm; fbz, fns below):
  benzodiazepine-site agonists (diazepam, zolpidem) at the alpha/gamma2 interface raise the GABA
  binding rate and slow its unbinding, kb = kon * (1 + (bz_kon - 1) * fbz),
  ku = koff * (1 + (bz_koff - 1) * fbz) * (neurosteroid factor), with
  fbz = bz/(bz + kd_bz) * (a1sub + (1 - a1sub) * bz_nona1): a1sub = 1 for an alpha1-containing
  receptor, 0 for an alpha1-free (alpha2/3/5) one; bz_nona1 is the drug's efficacy there
  (diazepam 1, zolpidem 0: alpha1-selective, Pritchett & Seeburg 1990, J Neurochem 54:1802).
  The higher affinity shifts the EC50 left (potentiation at low GABA: Rogers, Twyman &
  Macdonald 1994, Mol Pharmacol 46:1001; Lavoie & Twyman 1996, Neuropharmacology 35:1383); the
  slower unbinding prolongs the IPSC (Otis & Mody 1992, Neuroscience 49:13; Mellor & Randall
  1997, J Physiol 503:353: deactivation ~ 1.5x slower, amplitude unchanged at 1 mM GABA) and
  raises a sub-saturating one (Perrais & Ropert 1999, J Neurosci 19:578: zolpidem mIPSC
  amplitude 1.38x, duration 1.63x, at ~ 0.3 mM synaptic GABA). bz_kon and bz_koff are FIT to
  those two papers' ratios (validation case V10 measures them), not measured rates.
  neurosteroid (allopregnanolone), fns = ns/(ns + kd_ns), raises the gating efficacy,
  beta_k * (1 + (ns_beta - 1) * fns), and slows unbinding, ku * (1 + (ns_koff - 1) * fns); at
  gamma2 receptors the efficacy gain is modest and the decay is prolonged (Zhu & Vicini 1997,
  J Neurosci 17:4022, through desensitized states, here lumped into the unbinding rate; Cooper,
  Johnston & Edwards 1999, J Physiol 521:437: THDOC prolongs the mIPSC decay ~ 4x at 2 uM and
  1.25-1.5x at 50-100 nM, amplitude unchanged;
  ns_koff is FIT to that).

Rates: kon, koff, the gating and desensitization rates follow the magnitudes of Jones &
Westbrook (1995) for hippocampal receptors; they are set so that the simulated peak
dose-response has EC50 ~ 30 uM (alpha1beta2gamma2: 10-40 uM, e.g. Mortensen et al. 2012,
J Physiol 590:163), a 1 mM x 1 ms pulse gives an IPSC decaying in ~15-20 ms, and a 500 ms 1 mM
application desensitizes the response by about 60 % (61 % measured; the acceptance limit is
>= 50 %; validation case V10 measures all of these).

Integration (fixed step): one backward Euler step of the scheme, (I - dt Q) x(t+dt) = x(t),
with the rates taken at the start of the step -- the update NEURON's sparse solver computes,
solved here in closed form because the scheme is a tree: each leaf state (O1, D1 on C1; O2, D2 on C2; C0 on C1) depends on
its parent alone, x_leaf(t+dt) = (x_leaf + dt k_in x_parent(t+dt))/(1 + dt k_out), and
substituting the leaves leaves a 2x2 system for C1 and C2. No iteration, no matrix set-up;
the total occupancy is conserved to round-off, as sparse's CONSERVE gives. The reversal potentials
are recomputed only when cli, clo, celsius or a bicarbonate parameter change, and the current's
voltage derivative (g) is given by CONDUCTANCE hints (gcl, ghco3) so the current is evaluated once per step. An instance costs ~1.9x
NEURON's Exp2Syn instead of ~11x with sparse (ei-models bench).

Substeps (issue 14): at a step longer than h_max = 0.05 ms the fixed-step code takes
nsub = ceil(dt / h_max) of these backward Euler steps, of dt / nsub each (rates held at their
start-of-step values), so the first-order error stays that of a 0.05 ms step: the peak at
dt = 0.1-1 ms is within 5 % of the dt = 0.025 ms peak (validation/dt_table_after.txt), each
substep keeps the bounds, and at dt <= 0.05 ms it is the single step. The Brian2 twin takes the
same substeps (implicit_euler_linear_substeps, ei_models/brian2/substeps.py).

Exact dose at a fixed step (issue 14): the pulse enters each step as its mean over the step,
tpulse = (the part of the pulse's amount c_pulse*cdur not yet delivered, at most c_pulse*h)/h,
so a pulse shorter than the step, or not a multiple of it, delivers its whole amount
c_pulse*cdur (mM ms) within the steps it overlaps (dose holds the part still to come; an event
during a pulse restarts it with the newest amount). At dt -> 0 this is the square pulse; the
Brian2 twin takes the same mean, from the overlap of the step with [t_on, t_off]. Under CVODE
the pulse is the exact square pulse of the events (net_send ends it).

Temperature: every rate of the scheme (binding, unbinding, gating, desensitization, recovery,
with their modulation) is multiplied by qt = q10^((celsius - temp_ref)/10), computed in INITIAL
from NEURON's celsius (read at finitialize); the transmitter pulse (tmax, cdur) is not scaled.
Equivalently the scheme runs on the time axis qt*t: each fixed-step substep is the backward Euler step of
length qt*hstep/nsub, the CVODE right-hand side is qt times the fluxes; the equilibrium is unchanged.
The rates are room-temperature values, temp_ref = 22 C (assumed, see the table), q10 = 2.1 (Otis
& Mody 1992, Neuroscience 49:13: Q10 of the GABA_A sIPSC decay rate between 22 and 37 C); at 37 C the 1 mM x 1 ms IPSC decays 2.1^1.5 = 3.0x faster than
at 22 C (about 5 ms, the gabaa_syn time course there).
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

Parameter defaults, units and bounds are those of ei_models/mechanisms/gabaa_gamma2.py, the
single source of truth; the parameter-table tests check this file against it.
ENDCOMMENT

NEURON {
    THREADSAFE
    POINT_PROCESS eim_gabaa_gamma2
    USEION cl READ cli, clo WRITE icl VALENCE -1
    NONSPECIFIC_CURRENT ihco3
    RANGE gmax, kon, koff, beta1, alpha1, beta2, alpha2, d1, r1, d2, r2, tmax, cdur, gaba
    RANGE bz, kd_bz, bz_kon, bz_koff, bz_nona1, a1sub, ns, kd_ns, ns_beta, ns_koff, thip, thip_pot, thip_eff
    RANGE p_hco3, hco3i, hco3o, e_cl, e_hco3, f_hco3, gcl, ghco3
    RANGE temp_ref, q10, qt
    RANGE g, i, egaba, tpulse, conc, n_on, c_pulse, dose
}

UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
    (uS) = (microsiemens)
    (mM) = (milli/liter)
    FARADAY = (faraday) (kilocoulombs)
    R = (k-mole) (joule/degC)
}

PARAMETER {
    gmax = 0.001 (uS) <0, 1e9>            : conductance with every receptor open
    kon = 5 (/mM/ms) <0, 1e9>             : GABA binding rate per site (Jones & Westbrook 1995)
    koff = 0.2 (/ms) <0, 1e9>             : GABA unbinding rate per site
    beta1 = 0.2 (/ms) <0, 1e9>            : opening rate, singly bound
    alpha1 = 1.1 (/ms) <0, 1e9>           : closing rate, singly bound
    beta2 = 2.5 (/ms) <0, 1e9>            : opening rate, doubly bound
    alpha2 = 0.5 (/ms) <0, 1e9>           : closing rate, doubly bound
    d1 = 0.013 (/ms) <0, 1e9>             : desensitization rate, singly bound
    r1 = 0.01 (/ms)   <0, 1e9>            : recovery rate, singly bound
    d2 = 0.05 (/ms) <0, 1e9>              : desensitization rate, doubly bound
    r2 = 0.005 (/ms)  <0, 1e9>            : recovery rate, doubly bound
    tmax = 1 (mM) <0, 1e9>                : pulse concentration per unit NetCon weight (Destexhe et al. 1994)
    cdur = 1 (ms) <1e-9, 1e9>             : pulse duration (Destexhe et al. 1994)
    gaba = 0 (mM) <0, 1e9>                : applied / ambient GABA concentration
    bz = 0 (mM) <0, 1e9>                  : benzodiazepine-site agonist (diazepam) concentration
    kd_bz = 5e-05 (mM) <1e-15, 1e9>       : its potency (diazepam ~ 50 nM)
    bz_kon = 1.5 (1) <1e-12, 1e9>         : maximal fold change of the GABA binding rate by a benzodiazepine
    bz_koff = 0.55 (1) <1e-12, 1e9>       : maximal fold change of the GABA unbinding rate by a benzodiazepine
    bz_nona1 = 1 (1) <0, 1>               : benzodiazepine-site drug's efficacy at alpha1-free receptors (diazepam 1, zolpidem 0)
    a1sub = 1 (1) <0, 1>                  : 1: alpha1-containing receptor, 0: alpha1-free (alpha2/3/5, or no BZ site)
    ns = 0 (mM) <0, 1e9>                  : neurosteroid (allopregnanolone) concentration
    kd_ns = 0.0003 (mM) <1e-15, 1e9>      : its potency
    ns_beta = 1.1 (1) <1e-12, 1e9>        : maximal fold increase of the opening rate(s) by a neurosteroid
    ns_koff = 0.1 (1) <1e-12, 1e9>        : maximal fold change of the GABA unbinding rate by a neurosteroid
    thip = 0 (mM) <0, 1e9>                : gaboxadol (THIP) concentration
    thip_pot = 0.05 (1) <0, 1e9>          : THIP binding rate relative to GABA
    thip_eff = 1 (1) <0, 1e9>             : THIP gating efficacy relative to GABA
    p_hco3 = 0.2 (1) <0, 1e9>             : HCO3- to Cl- permeability ratio of the channel
    hco3i = 16 (mM) <1e-12, 1e9>          : intracellular [HCO3-]
    hco3o = 26 (mM) <1e-12, 1e9>          : extracellular [HCO3-]
    temp_ref = 22 (degC) <0, 45>          : reference temperature of the rates
    q10 = 2.1 (1) <1, 10>                 : Q10 of every rate of the scheme
}

ASSIGNED {
    v (mV)
    celsius (degC)
    qt (1)
    cli (mM)
    clo (mM)
    icl (nA)
    ihco3 (nA)
    gcl (uS)
    ghco3 (uS)
    e_cl (mV)
    e_hco3 (mV)
    f_hco3 (1)
    i (nA)
    g (uS)
    egaba (mV)
    tpulse (mM)
    c_pulse (mM)
    dose (mM ms)
    conc (mM)
    n_on (1)
    kb (/mM/ms)
    ku (/ms)
    b1 (/ms)
    b2 (/ms)
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

STATE {
    C0
    C1
    C2
    O1
    O2
    D1
    D2
}

INITIAL {
    : >>> generated guard (the parameter table's bounds and checks, see ei_models.generated.guard_block)
    VERBATIM
#ifndef CORENEURON_BUILD
#define EI_GUARD(ok, ...) if (!(ok)) { char _ei_msg[512]; snprintf(_ei_msg, sizeof _ei_msg, __VA_ARGS__); hoc_execerror(_ei_msg, (char*) 0); }
    EI_GUARD(gmax >= 0.0 && gmax - gmax == 0, "ei_models gabaa_gamma2: gmax = %g uS is outside its range [0, inf) uS; set it within the range (ei_models.neuron.insert('gabaa_gamma2', ...) checks values before NEURON sees them)", gmax)
    EI_GUARD(kon >= 0.0 && kon - kon == 0, "ei_models gabaa_gamma2: kon = %g /mM/ms is outside its range [0, inf) /mM/ms; set it within the range (ei_models.neuron.insert('gabaa_gamma2', ...) checks values before NEURON sees them)", kon)
    EI_GUARD(koff >= 0.0 && koff - koff == 0, "ei_models gabaa_gamma2: koff = %g /ms is outside its range [0, inf) /ms; set it within the range (ei_models.neuron.insert('gabaa_gamma2', ...) checks values before NEURON sees them)", koff)
    EI_GUARD(beta1 >= 0.0 && beta1 - beta1 == 0, "ei_models gabaa_gamma2: beta1 = %g /ms is outside its range [0, inf) /ms; set it within the range (ei_models.neuron.insert('gabaa_gamma2', ...) checks values before NEURON sees them)", beta1)
    EI_GUARD(alpha1 >= 0.0 && alpha1 - alpha1 == 0, "ei_models gabaa_gamma2: alpha1 = %g /ms is outside its range [0, inf) /ms; set it within the range (ei_models.neuron.insert('gabaa_gamma2', ...) checks values before NEURON sees them)", alpha1)
    EI_GUARD(beta2 >= 0.0 && beta2 - beta2 == 0, "ei_models gabaa_gamma2: beta2 = %g /ms is outside its range [0, inf) /ms; set it within the range (ei_models.neuron.insert('gabaa_gamma2', ...) checks values before NEURON sees them)", beta2)
    EI_GUARD(alpha2 >= 0.0 && alpha2 - alpha2 == 0, "ei_models gabaa_gamma2: alpha2 = %g /ms is outside its range [0, inf) /ms; set it within the range (ei_models.neuron.insert('gabaa_gamma2', ...) checks values before NEURON sees them)", alpha2)
    EI_GUARD(d1 >= 0.0 && d1 - d1 == 0, "ei_models gabaa_gamma2: d1 = %g /ms is outside its range [0, inf) /ms; set it within the range (ei_models.neuron.insert('gabaa_gamma2', ...) checks values before NEURON sees them)", d1)
    EI_GUARD(r1 >= 0.0 && r1 - r1 == 0, "ei_models gabaa_gamma2: r1 = %g /ms is outside its range [0, inf) /ms; set it within the range (ei_models.neuron.insert('gabaa_gamma2', ...) checks values before NEURON sees them)", r1)
    EI_GUARD(d2 >= 0.0 && d2 - d2 == 0, "ei_models gabaa_gamma2: d2 = %g /ms is outside its range [0, inf) /ms; set it within the range (ei_models.neuron.insert('gabaa_gamma2', ...) checks values before NEURON sees them)", d2)
    EI_GUARD(r2 >= 0.0 && r2 - r2 == 0, "ei_models gabaa_gamma2: r2 = %g /ms is outside its range [0, inf) /ms; set it within the range (ei_models.neuron.insert('gabaa_gamma2', ...) checks values before NEURON sees them)", r2)
    EI_GUARD(tmax >= 0.0 && tmax - tmax == 0, "ei_models gabaa_gamma2: tmax = %g mM is outside its range [0, inf) mM; set it within the range (ei_models.neuron.insert('gabaa_gamma2', ...) checks values before NEURON sees them)", tmax)
    EI_GUARD(cdur > 0.0 && cdur - cdur == 0, "ei_models gabaa_gamma2: cdur = %g ms is outside its range (0, inf) ms; set it within the range (ei_models.neuron.insert('gabaa_gamma2', ...) checks values before NEURON sees them)", cdur)
    EI_GUARD(gaba >= 0.0 && gaba - gaba == 0, "ei_models gabaa_gamma2: gaba = %g mM is outside its range [0, inf) mM; set it within the range (ei_models.neuron.insert('gabaa_gamma2', ...) checks values before NEURON sees them)", gaba)
    EI_GUARD(bz >= 0.0 && bz - bz == 0, "ei_models gabaa_gamma2: bz = %g mM is outside its range [0, inf) mM; set it within the range (ei_models.neuron.insert('gabaa_gamma2', ...) checks values before NEURON sees them)", bz)
    EI_GUARD(kd_bz > 0.0 && kd_bz - kd_bz == 0, "ei_models gabaa_gamma2: kd_bz = %g mM is outside its range (0, inf) mM; set it within the range (ei_models.neuron.insert('gabaa_gamma2', ...) checks values before NEURON sees them)", kd_bz)
    EI_GUARD(bz_kon > 0.0 && bz_kon - bz_kon == 0, "ei_models gabaa_gamma2: bz_kon = %g is outside its range (0, inf); set it within the range (ei_models.neuron.insert('gabaa_gamma2', ...) checks values before NEURON sees them)", bz_kon)
    EI_GUARD(bz_koff > 0.0 && bz_koff - bz_koff == 0, "ei_models gabaa_gamma2: bz_koff = %g is outside its range (0, inf); set it within the range (ei_models.neuron.insert('gabaa_gamma2', ...) checks values before NEURON sees them)", bz_koff)
    EI_GUARD(bz_nona1 >= 0.0 && bz_nona1 <= 1.0, "ei_models gabaa_gamma2: bz_nona1 = %g is outside its range [0, 1]; set it within the range (ei_models.neuron.insert('gabaa_gamma2', ...) checks values before NEURON sees them)", bz_nona1)
    EI_GUARD(a1sub >= 0.0 && a1sub <= 1.0, "ei_models gabaa_gamma2: a1sub = %g is outside its range [0, 1]; set it within the range (ei_models.neuron.insert('gabaa_gamma2', ...) checks values before NEURON sees them)", a1sub)
    EI_GUARD(ns >= 0.0 && ns - ns == 0, "ei_models gabaa_gamma2: ns = %g mM is outside its range [0, inf) mM; set it within the range (ei_models.neuron.insert('gabaa_gamma2', ...) checks values before NEURON sees them)", ns)
    EI_GUARD(kd_ns > 0.0 && kd_ns - kd_ns == 0, "ei_models gabaa_gamma2: kd_ns = %g mM is outside its range (0, inf) mM; set it within the range (ei_models.neuron.insert('gabaa_gamma2', ...) checks values before NEURON sees them)", kd_ns)
    EI_GUARD(ns_beta > 0.0 && ns_beta - ns_beta == 0, "ei_models gabaa_gamma2: ns_beta = %g is outside its range (0, inf); set it within the range (ei_models.neuron.insert('gabaa_gamma2', ...) checks values before NEURON sees them)", ns_beta)
    EI_GUARD(ns_koff > 0.0 && ns_koff - ns_koff == 0, "ei_models gabaa_gamma2: ns_koff = %g is outside its range (0, inf); set it within the range (ei_models.neuron.insert('gabaa_gamma2', ...) checks values before NEURON sees them)", ns_koff)
    EI_GUARD(thip >= 0.0 && thip - thip == 0, "ei_models gabaa_gamma2: thip = %g mM is outside its range [0, inf) mM; set it within the range (ei_models.neuron.insert('gabaa_gamma2', ...) checks values before NEURON sees them)", thip)
    EI_GUARD(thip_pot >= 0.0 && thip_pot - thip_pot == 0, "ei_models gabaa_gamma2: thip_pot = %g is outside its range [0, inf); set it within the range (ei_models.neuron.insert('gabaa_gamma2', ...) checks values before NEURON sees them)", thip_pot)
    EI_GUARD(thip_eff >= 0.0 && thip_eff - thip_eff == 0, "ei_models gabaa_gamma2: thip_eff = %g is outside its range [0, inf); set it within the range (ei_models.neuron.insert('gabaa_gamma2', ...) checks values before NEURON sees them)", thip_eff)
    EI_GUARD(p_hco3 >= 0.0 && p_hco3 - p_hco3 == 0, "ei_models gabaa_gamma2: p_hco3 = %g is outside its range [0, inf); set it within the range (ei_models.neuron.insert('gabaa_gamma2', ...) checks values before NEURON sees them)", p_hco3)
    EI_GUARD(hco3i > 0.0 && hco3i - hco3i == 0, "ei_models gabaa_gamma2: hco3i = %g mM is outside its range (0, inf) mM; set it within the range (ei_models.neuron.insert('gabaa_gamma2', ...) checks values before NEURON sees them)", hco3i)
    EI_GUARD(hco3o > 0.0 && hco3o - hco3o == 0, "ei_models gabaa_gamma2: hco3o = %g mM is outside its range (0, inf) mM; set it within the range (ei_models.neuron.insert('gabaa_gamma2', ...) checks values before NEURON sees them)", hco3o)
    EI_GUARD(temp_ref >= 0.0 && temp_ref <= 45.0, "ei_models gabaa_gamma2: temp_ref = %g degC is outside its range [0, 45] degC; set it within the range (ei_models.neuron.insert('gabaa_gamma2', ...) checks values before NEURON sees them)", temp_ref)
    EI_GUARD(q10 >= 1.0 && q10 <= 10.0, "ei_models gabaa_gamma2: q10 = %g is outside its range [1, 10]; set it within the range (ei_models.neuron.insert('gabaa_gamma2', ...) checks values before NEURON sees them)", q10)
    EI_GUARD(celsius >= 0.0 && celsius <= 45.0, "ei_models gabaa_gamma2: celsius = %g degC is outside [0, 45] degC, the range of its Q10 temperature scaling; set h.celsius within it (e.g. 37) before finitialize", celsius)
    EI_GUARD(cli > 0 && cli - cli == 0, "ei_models gabaa_gamma2: cli = %g mM on its segment, chloride concentrations must be positive and finite (the reversal is Nernst, log(cli/clo)); set seg.cli (e.g. cli = 10, clo = 120 mM)", cli)
    EI_GUARD(clo > 0 && clo - clo == 0, "ei_models gabaa_gamma2: clo = %g mM on its segment, chloride concentrations must be positive and finite (the reversal is Nernst, log(cli/clo)); set seg.clo (e.g. cli = 10, clo = 120 mM)", clo)
#undef EI_GUARD
    { static int _ei_warned = 0;
      if (cli == 1 && clo == 1 && !_ei_warned) { _ei_warned = 1;
        fprintf(stderr, "ei_models warning: %s sits on a segment with NEURON's default cli = clo = 1 mM, so E_Cl = 0 mV and its GABA_A current depolarises. Fix: ei_models.neuron.insert sets cli = 10, clo = 120 mM; or set seg.cli and seg.clo (e.g. 10 and 120 mM) before finitialize, or use the ion settings of ei_models.netpyne (shown once per mechanism type and process)\n", "gabaa_gamma2"); } }
#endif
    ENDVERBATIM
    : <<< generated guard
    qt = q10^((celsius - temp_ref) / 10 (degC))
    tpulse = 0
    c_pulse = 0
    dose = 0
    cli_used = -1
    n_on = 0
    rates()
    C0 = 1
    C1 = 0
    C2 = 0
    O1 = 0
    O2 = 0
    D1 = 0
    D2 = 0
    SOLVE kin STEADYSTATE sparse
    if (ku > 0 && alpha1 > 0 && alpha2 > 0 && r1 > 0 && r2 > 0) {
        equilibrium()
    }
}

PROCEDURE equilibrium() {
    : the scheme is a tree, so its equilibrium obeys detailed balance: each state's weight is
    : the product of forward/backward rate ratios along its path from C0 (exact, to round-off;
    : the iterative STEADYSTATE solve above remains for zero backward rates)
    LOCAL w1, w2, total
    w1 = 2 * kb * conc / ku
    w2 = w1 * kb * conc / (2 * ku)
    total = 1 + w1 * (1 + b1 / alpha1 + d1 / r1) + w2 * (1 + b2 / alpha2 + d2 / r2)
    C0 = 1 / total
    C1 = w1 / total
    C2 = w2 / total
    O1 = w1 * b1 / alpha1 / total
    O2 = w2 * b2 / alpha2 / total
    D1 = w1 * d1 / r1 / total
    D2 = w2 * d2 / r2 / total
}

BREAKPOINT {
    SOLVE advance METHOD euler
    g = gmax * (O1 + O2)
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
}

DERIVATIVE advance {
    : one right-hand side, two paths (see COMMENT, CVODE): at a fixed step, the closed-form
    : backward Euler step of the tree gives the new occupancies Xn, on which NEURON's Euler update
    : lands; under CVODE, the scheme's fluxes
    LOCAL k01, k12, e0, eo1, ed1, eo2, ed2, a11, a12, a21, a22, s1, s2, det, tot, h, C0n, C1n, C2n, O1n, O2n, D1n, D2n, h_max, nsub, isub
    fixed_step()
    if (hstep > 0) {
        pulse_step()
    }
    rates()
    if (hstep > 0) {
        : nsub backward Euler substeps of h = hstep / nsub (issue 14): nsub = ceil(hstep / h_max)
        : with h_max = 0.05 ms (numerical: substep bound for the <= 5 % dt criterion; the same
        : bound and formula as Brian2's implicit_euler_linear_substeps, ei_models.brian2.substeps),
        : so nsub = 1, the single step, at hstep <= h_max; the rates (and the step-averaged
        : transmitter) are held at their start-of-step values, as in the single step; qt (Q10
        : temperature factor) scales every rate, so it scales the substep
        h_max = 0.05 (ms)
        nsub = floor(hstep / h_max - 1e-6) + 1
        h = hstep / nsub * qt
        k01 = 2 * kb * conc
        k12 = kb * conc
        e0 = 1 / (1 + h * k01)
        eo1 = 1 / (1 + h * alpha1)
        ed1 = 1 / (1 + h * r1)
        eo2 = 1 / (1 + h * alpha2)
        ed2 = 1 / (1 + h * r2)
        a11 = 1 + h * (k12 + ku * e0 + b1 * eo1 + d1 * ed1)
        a12 = -h * 2 * ku
        a21 = -h * k12
        a22 = 1 + h * (2 * ku + b2 * eo2 + d2 * ed2)
        det = a11 * a22 - a12 * a21
        C0n = C0
        C1n = C1
        C2n = C2
        O1n = O1
        O2n = O2
        D1n = D1
        D2n = D2
        FROM isub = 1 TO nsub {
            s1 = C1n + h * (k01 * e0 * C0n + alpha1 * eo1 * O1n + r1 * ed1 * D1n)
            s2 = C2n + h * (alpha2 * eo2 * O2n + r2 * ed2 * D2n)
            C1n = (s1 * a22 - a12 * s2) / det
            C2n = (a11 * s2 - a21 * s1) / det
            C0n = (C0n + h * ku * C1n) * e0
            O1n = (O1n + h * b1 * C1n) * eo1
            D1n = (D1n + h * d1 * C1n) * ed1
            O2n = (O2n + h * b2 * C2n) * eo2
            D2n = (D2n + h * d2 * C2n) * ed2
            : each substep conserves the total exactly; renormalizing stops round-off
            : accumulating over long runs (sparse's CONSERVE does the same)
            tot = 1 / (C0n + C1n + C2n + O1n + O2n + D1n + D2n)
            C0n = C0n * tot
            C1n = C1n * tot
            C2n = C2n * tot
            O1n = O1n * tot
            O2n = O2n * tot
            D1n = D1n * tot
            D2n = D2n * tot
        }
    } else {
        C0n = C0
        C1n = C1
        C2n = C2
        O1n = O1
        O2n = O2
        D1n = D1
        D2n = D2
    }
    : >>> generated derivative (from SCHEME in ei_models/mechanisms/gabaa_gamma2.py)
    C0' = cvode_on * qt * (ku * C1 - 2 * kb * conc * C0) + hinv * (C0n - C0)
    C1' = cvode_on * qt * (2 * kb * conc * C0 + 2 * ku * C2 + alpha1 * O1 + r1 * D1 - (ku + kb * conc + b1 + d1) * C1) + hinv * (C1n - C1)
    C2' = cvode_on * qt * (kb * conc * C1 + alpha2 * O2 + r2 * D2 - (2 * ku + b2 + d2) * C2) + hinv * (C2n - C2)
    O1' = cvode_on * qt * (b1 * C1 - alpha1 * O1) + hinv * (O1n - O1)
    O2' = cvode_on * qt * (b2 * C2 - alpha2 * O2) + hinv * (O2n - O2)
    D1' = cvode_on * qt * (d1 * C1 - r1 * D1) + hinv * (D1n - D1)
    D2' = cvode_on * qt * (d2 * C2 - r2 * D2) + hinv * (D2n - D2)
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
    b1 = beta1 * eff
    b2 = beta2 * eff
}

KINETIC kin {
    rates()
    : >>> generated kinetic (from SCHEME in ei_models/mechanisms/gabaa_gamma2.py)
    ~ C0 <-> C1 (2 * kb * conc, ku)
    ~ C1 <-> C2 (kb * conc, 2 * ku)
    ~ C1 <-> O1 (b1, alpha1)
    ~ C2 <-> O2 (b2, alpha2)
    ~ C1 <-> D1 (d1, r1)
    ~ C2 <-> D2 (d2, r2)
    CONSERVE C0 + C1 + C2 + O1 + O2 + D1 + D2 = 1
    : <<< generated kinetic
}

PROCEDURE pulse_step() {
    : the exact dose (see COMMENT, Exact dose): at a fixed step of hstep the pulse enters as its
    : mean over the step, so that a pulse shorter than the step, or not a multiple of it,
    : delivers its whole amount c_pulse*cdur
    LOCAL amount
    amount = c_pulse * hstep
    if (amount > dose) {
        amount = dose
    }
    tpulse = amount / hstep
    dose = dose - amount
}

NET_RECEIVE(weight (1)) {
    if (flag == 0) {
        c_pulse = weight * tmax
        dose = c_pulse * cdur
        tpulse = c_pulse
        n_on = n_on + 1
        net_send(cdur, 1)
    } else {
        n_on = n_on - 1
        if (n_on < 0.5) {
            n_on = 0
            tpulse = 0
        }
    }
}
