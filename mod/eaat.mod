TITLE eaat: cleft glutamate cleared by EAAT1-5 transporters, driving AMPA and NMDA receptors

COMMENT
One glutamatergic synapse as a point process: the synaptic cleft, the extrasynaptic space around
it, the EAAT1-5 glutamate transporters on astrocytes and neurons that clear it, and AMPA and NMDA
receptors driven by the cleft glutamate concentration. Events are vesicles: a NetCon weight of 1
puts the glutamate of one vesicle (n_glu molecules) into the cleft; a release point process
forwards each released vesicle here (ei_models.neuron.forward(release, eaat)). The nmda and ampa
point processes are untouched; this mechanism is the cleft-driven alternative to their fixed
pulse, in one point process so that no POINTER or shared ion is needed and every synapse has its
own cleft.

Model (concentrations in mM, fluxes in molecules/ms)
-----
Two well-mixed compartments: the cleft (vol_cleft) exchanges with the extrasynaptic space
(vol_ecs) at rate k_diff; the transporters sit on the astrocyte (area_astro) and neuronal
(area_neuron) membrane facing the extrasynaptic space.

    C' = -k_diff (C - E)                                   cleft glutamate (glu)
    E' = k_diff (vol_cleft/vol_ecs)(C - E) - (J_astro + J_neuron)/(N_A vol_ecs)
    J_loc = area_loc * sum_k kcat_k (1 - block_k) dens_loc_k E/(km_k + E)
    on event (weight w): C += w n_glu/(N_A vol_cleft)

Transporters follow Michaelis-Menten kinetics per subtype k = 1..5 (EAAT1 GLAST, EAAT2 GLT-1,
EAAT3 EAAC1, EAAT4, EAAT5) with affinity km_k, turnover kcat_k and densities dens_astro_k,
dens_neuron_k (transporters per um2). In the linear regime (E << km) the extrasynaptic space is
cleared at k_up = sum_k Vmax_k/km_k, Vmax_k = kcat_k dens_k area/(N_A vol_ecs): tau = km/Vmax per
volume for one subtype, and for the two compartments the slow eigenvalue of
[[-k_diff, k_diff], [k_diff vol_cleft/vol_ecs, -k_diff vol_cleft/vol_ecs - k_up]]
(ei_models.analytic.eaat_linear_tau). block_k is the blocked fraction (dihydrokainate blocks
EAAT2 only, Arriza et al. 1994, J Neurosci 14:5559; TBOA all, Shimamoto et al. 1998, Mol
Pharmacol 53:195).

Currents. Each transport cycle moves 3 Na+ and 1 H+ in and 1 K+ out with one glutamate (Zerangue
& Kavanaugh 1996, Nature 383:634): 2 net positive charges inward per glutamate, so the coupled
current is -2 e J (inward). Glutamate-bound transporters also open an uncoupled anion
conductance; anion_k is its current relative to the coupled current at 100 mV of anion driving
force: i_anion = 2 e sum_k anion_k J_k (v - e_anion)/(100 mV). EAAT1-3 have a small anion share;
EAAT4 (Fairman et al. 1995, Nature 375:599; Wadiche & Kavanaugh 1998, J Neurosci 18:7650: high
affinity, slow) and EAAT5 (Arriza et al. 1997, PNAS 94:4155: current mostly Cl-) are dominated by
it. The neuronal transporter currents (i_neuron) flow in the segment that holds this point
process; the astrocytic ones (i_astro, at v_astro) are reported but flow in the astrocyte.

Receptors: first-order glutamate binding (Destexhe, Mainen & Sejnowski 1994, J Comput Neurosci
1:195), o' = alpha C (1 - o) - beta o, for AMPA and NMDA; i_ampa = g_ampa o_ampa (v - e_syn),
i_nmda = g_nmda o_nmda mgb(v) (v - e_syn) with the Jahr & Stevens (1990, J Neurosci 10:3178) Mg2+
block of nmda.mod. i = i_ampa + i_nmda + i_neuron.

Temperature (issue 13 item 4): the receptor rates are Q10-scaled, alpha and beta of AMPA times
qt_ampa = q10_ampa^((celsius - temp_ref)/10), of NMDA times qt_nmda, computed in INITIAL from
NEURON's celsius (read at finitialize; outside 0-45 C finitialize stops). temp_ref = 22 C, the
room temperature at which the transporter values were measured (Wadiche et al. 1995, Neuron
14:1019; Arriza et al. 1994). One AMPA and one NMDA receptor: beta_ampa and beta_nmda are not
the Destexhe et al. (1994) 0.19 and 0.0066 /ms (5.3 and 152 ms decays) but 1/tau_decay of
ampa.mod (2 ms at 35 C) and nmda.mod (70 ms at 37 C) converted to 22 C by their Q10, and
q10_ampa, q10_nmda are those tables' q10 (2.4, 2.5), so once the cleft is empty the occupancy
decays with ampa's (nmda's) tau_decay at every temperature: 6.24 / 3.10 / 1.68 ms for AMPA at
22 / 30 / 37 C (ei_models/mechanisms/eaat.py derives both from the ampa and nmda tables).
The transporter turnovers kcat_k are
scaled by qt_transport = q10_transport^((celsius - temp_ref)/10), q10_transport = 3 assumed (no
measured EAAT Q10 found: Wadiche & Kavanaugh 1998 and Bergles & Jahr 1998 report a strong but
unquantified temperature dependence; 3 is the lower end of the 3-6 measured for the Na+-coupled
rGAT1, Bossi et al. 2012, Int J Mol Sci 13:15565), so the linear-regime clearance at 37 C is
3^1.5 = 5.2x faster than at 22 C; Km and k_diff (free diffusion, Q10 ~ 1.3 of water's viscosity)
are not scaled. NEURON's default
celsius is 6.3 C, where the receptors run 2.4^1.57 = 4x slower than at 22 C: set h.celsius
(ei_models.neuron.insert warns once at 6.3 C).

Values: densities Lehre & Danbolt 1998 (J Neurosci 18:8751): GLT-1 8500, GLAST 2300 per um2 of
astrocyte membrane in CA1 stratum radiatum; affinities of EAAT1-3 from one expression system,
human transporters in Xenopus oocytes (Arriza et al. 1994, J Neurosci 14:5559: 20, 18, 28 uM; rat
tissue values of Danbolt 2001, Prog Neurobiol 65:1, are 24, 5, 14 uM); EAAT4 2.5 uM, EAAT5 61 uM
(Gameiro et al. 2011, Biophys J 100:2623); the full table with sources is
ei_models/mechanisms/eaat.py (glu_gln_cycle's km_eaat is its EAAT2 Km).
N_A is FARADAY/e. The per-subtype lines (RANGE, PARAMETER, the uptake sums) are generated from
the subtype table by ei_models.mechanisms.eaat (blocks marked "generated"; python -m
ei_models.generated rewrites them, tests/test_generated.py checks them).

Numerics: backward Euler, the step NEURON's derivimplicit took with a numerical 4x4 Jacobian,
solved by elimination instead: C(t+dt) is linear in E(t+dt), so E(t+dt) is the root of one
scalar equation, found by Newton's method with the analytic derivative (the uptake is concave
in E, so the iterates approach the root monotonically after the first step; stopped at a
relative change of newton_rtol = 1e-13, at most newton_maxit = 100 iterations: a step that
reaches the cap unconverged, or meets a NaN, is counted in n_unconverged); Ra and Rn then
follow in closed form. The current's voltage derivative is given analytically by a CONDUCTANCE
hint (the Mg2+ block and the ten uptake terms are evaluated once per step, not twice).

Substeps (issue 14): at a step longer than h_max = 0.05 ms the fixed-step code takes
nsub = ceil(dt / h_max) of these backward Euler steps, of dt / nsub each (rates held at their
start-of-step values), so the first-order error stays that of a 0.05 ms step: the peak at
dt = 0.1-1 ms is within 5 % of the dt = 0.025 ms peak (validation/dt_table_after.txt), each
substep keeps the bounds, and at dt <= 0.05 ms it is the single step. The Brian2 twin takes the
same substeps (implicit_euler_newton_substeps, ei_models/brian2/substeps.py).

CVODE: the step is a DERIVATIVE block solved by METHOD euler, one right-hand side per
state, X' = cvode_on*f(X) + hinv*(Xn - X). At a fixed step h (cvode_on = 0, hinv = 1/h)
Xn is the closed-form step above, and NEURON's Euler update X + h*X' lands on it to
round-off: fixed-step results and speed stay those of the closed form. Under CVODE
(fixed_step() reads NEURON's cvode_active_: cvode_on = 1, hinv = 0) X' is the model's
right-hand side f(X), whose diagonal Jacobian (all CVODE's Newton iteration uses from a
mechanism) is exact. CoreNEURON, fixed-step only, always takes the closed form. The uptake
is written ue*E, ue = sum_k a_k/(km_k + E), so its Jacobian term is the secant slope (exact
for E << km).

Parameter defaults, units and bounds are those of ei_models/mechanisms/eaat.py, the single
source of truth; tests/test_parameter_tables.py checks this file against it.
ENDCOMMENT

NEURON {
    THREADSAFE
    POINT_PROCESS eim_eaat
    NONSPECIFIC_CURRENT i
    RANGE vol_cleft, vol_ecs, area_astro, area_neuron, k_diff, n_glu, alpha_ampa, beta_ampa
    RANGE alpha_nmda, beta_nmda, g_ampa, g_nmda, e_syn, mg, mg_k0, mg_gamma, e_anion, v_astro
    RANGE temp_ref, q10_ampa, q10_nmda, q10_transport, qt_ampa, qt_nmda, qt_transport
    : >>> generated subtype-ranges
    RANGE km1, kcat1, dens_astro1, dens_neuron1, anion1, block1
    RANGE km2, kcat2, dens_astro2, dens_neuron2, anion2, block2
    RANGE km3, kcat3, dens_astro3, dens_neuron3, anion3, block3
    RANGE km4, kcat4, dens_astro4, dens_neuron4, anion4, block4
    RANGE km5, kcat5, dens_astro5, dens_neuron5, anion5, block5
    : <<< generated subtype-ranges
    RANGE glu, glu_ecs, o_ampa, o_nmda, mgb, i_ampa, i_nmda, i_neuron, i_astro
    RANGE uptake_astro, uptake_neuron, anion_astro, anion_neuron, n_unconverged
}

UNITS {
    (nA) = (nanoamp)
    (mV) = (millivolt)
    (uS) = (microsiemens)
    (mM) = (milli/liter)
    (um) = (micron)
    FARADAY = (faraday) (coulomb)
    QE = (e) (coulomb)
}

CONSTANT {
    v_anion_ref = 100 (mV)          : anion driving force at which anion_k is defined
    mol = 1e18 (mM um3)             : one mole in mM um3 (1 um3 = 1e-15 l), so mol/N_A/vol is one molecule in vol
    nA_per_C_per_ms = 1e12 (nA ms/coulomb)  : a charge flux of 1 coulomb/ms is 1e12 nA
    newton_rtol = 1e-13 (1)         : Newton on E(t+dt) stops at a relative change below this ...
    newton_maxit = 100 (1)          : ... or after this many iterations (then counted in n_unconverged)
}

PARAMETER {
    vol_cleft = 0.0015 (um3) <1e-12, 1e9>       : cleft volume (> 0)
    vol_ecs = 1 (um3) <1e-12, 1e9>              : well-mixed extrasynaptic volume around the synapse (> 0)
    area_astro = 7 (um2) <0, 1e9>               : astrocyte membrane facing vol_ecs (1.4/0.2 um2 per um3)
    area_neuron = 17.5 (um2) <0, 1e9>           : neuronal membrane facing vol_ecs
    k_diff = 5 (/ms) <1e-12, 1e9>               : cleft <-> extrasynaptic exchange rate (1/0.2 ms)
    n_glu = 4000 (1) <0, 1e9>                   : glutamate molecules per vesicle (event weight 1)
    alpha_ampa = 1.1 (/mM/ms) <0, 1e9>          : AMPA glutamate binding rate
    beta_ampa = 0.160212 (/ms) <1e-12, 1e9>     : AMPA unbinding/closing rate at temp_ref
    alpha_nmda = 0.072 (/mM/ms) <0, 1e9>        : NMDA glutamate binding rate
    beta_nmda = 0.00361403 (/ms) <1e-12, 1e9>   : NMDA unbinding rate at temp_ref
    g_ampa = 0.001 (uS) <0, 1e9>                : AMPA maximal conductance
    g_nmda = 0.001 (uS) <0, 1e9>                : NMDA maximal conductance
    e_syn = 0 (mV) <-100.0, 100.0>              : AMPA/NMDA reversal potential
    mg = 1 (mM) <0, 1e9>                        : extracellular [Mg2+] (NMDA block)
    mg_k0 = 3.57 (mM) <1e-12, 1e9>              : Mg2+ dissociation constant at 0 mV
    mg_gamma = 0.062 (/mV) <0, 1e9>             : voltage dependence of the Mg2+ block
    e_anion = -65 (mV) <-150.0, 50.0>           : reversal of the EAAT anion conductance
    v_astro = -85 (mV) <-150.0, 50.0>           : astrocyte membrane potential
    temp_ref = 22 (degC) <0, 45>                : reference temperature of the kinetic values
    q10_ampa = 2.4 (1) <1, 10>                  : Q10 of the AMPA receptor rates (ampa's q10)
    q10_nmda = 2.5 (1) <1, 10>                  : Q10 of the NMDA receptor rates (nmda's q10)
    q10_transport = 3 (1) <1, 10>               : Q10 of the transporter turnovers (assumed)
    : >>> generated subtype-parameters
    km1 = 0.02 (mM) <1e-12, 1e9>                : EAAT1 (GLAST) glutamate affinity Km (> 0)
    kcat1 = 0.03 (/ms) <0, 1e9>                 : EAAT1 (GLAST) turnover: glutamate per transporter per ms
    dens_astro1 = 2300 (/um2) <0, 1e9>          : EAAT1 (GLAST) density on astrocyte membrane (>= 0)
    dens_neuron1 = 0 (/um2) <0, 1e9>            : EAAT1 (GLAST) density on neuronal membrane (>= 0)
    anion1 = 1 (1) <0, 1e9>                     : EAAT1 (GLAST) anion / coupled current at 100 mV anion driving force
    block1 = 0 (1) <0, 1>                       : EAAT1 (GLAST) fraction blocked
    km2 = 0.018 (mM) <1e-12, 1e9>               : EAAT2 (GLT-1) glutamate affinity Km (> 0)
    kcat2 = 0.03 (/ms) <0, 1e9>                 : EAAT2 (GLT-1) turnover: glutamate per transporter per ms
    dens_astro2 = 8500 (/um2) <0, 1e9>          : EAAT2 (GLT-1) density on astrocyte membrane (>= 0)
    dens_neuron2 = 0 (/um2) <0, 1e9>            : EAAT2 (GLT-1) density on neuronal membrane (>= 0)
    anion2 = 0.2 (1) <0, 1e9>                   : EAAT2 (GLT-1) anion / coupled current at 100 mV anion driving force
    block2 = 0 (1) <0, 1>                       : EAAT2 (GLT-1) fraction blocked
    km3 = 0.028 (mM) <1e-12, 1e9>               : EAAT3 (EAAC1) glutamate affinity Km (> 0)
    kcat3 = 0.03 (/ms) <0, 1e9>                 : EAAT3 (EAAC1) turnover: glutamate per transporter per ms
    dens_astro3 = 0 (/um2) <0, 1e9>             : EAAT3 (EAAC1) density on astrocyte membrane (>= 0)
    dens_neuron3 = 40 (/um2) <0, 1e9>           : EAAT3 (EAAC1) density on neuronal membrane (>= 0)
    anion3 = 0.2 (1) <0, 1e9>                   : EAAT3 (EAAC1) anion / coupled current at 100 mV anion driving force
    block3 = 0 (1) <0, 1>                       : EAAT3 (EAAC1) fraction blocked
    km4 = 0.0025 (mM) <1e-12, 1e9>              : EAAT4 glutamate affinity Km (> 0)
    kcat4 = 0.003 (/ms) <0, 1e9>                : EAAT4 turnover: glutamate per transporter per ms
    dens_astro4 = 0 (/um2) <0, 1e9>             : EAAT4 density on astrocyte membrane (>= 0)
    dens_neuron4 = 0 (/um2) <0, 1e9>            : EAAT4 density on neuronal membrane (>= 0)
    anion4 = 20 (1) <0, 1e9>                    : EAAT4 anion / coupled current at 100 mV anion driving force
    block4 = 0 (1) <0, 1>                       : EAAT4 fraction blocked
    km5 = 0.061 (mM) <1e-12, 1e9>               : EAAT5 glutamate affinity Km (> 0)
    kcat5 = 0.003 (/ms) <0, 1e9>                : EAAT5 turnover: glutamate per transporter per ms
    dens_astro5 = 0 (/um2) <0, 1e9>             : EAAT5 density on astrocyte membrane (>= 0)
    dens_neuron5 = 0 (/um2) <0, 1e9>            : EAAT5 density on neuronal membrane (>= 0)
    anion5 = 50 (1) <0, 1e9>                    : EAAT5 anion / coupled current at 100 mV anion driving force
    block5 = 0 (1) <0, 1>                       : EAAT5 fraction blocked
    : <<< generated subtype-parameters
}

ASSIGNED {
    v (mV)
    i (nA)
    i_ampa (nA)
    i_nmda (nA)
    i_neuron (nA)     : neuronal transporter current (coupled + anion), in this segment
    i_astro (nA)      : astrocytic transporter current at v_astro (reported only)
    glu (mM)          : cleft glutamate
    glu_ecs (mM)      : extrasynaptic glutamate
    o_ampa (1)
    o_nmda (1)
    mgb (1)
    uptake_astro (/ms)    : glutamate taken up by astrocytes, molecules/ms
    uptake_neuron (/ms)   : glutamate taken up by neurons, molecules/ms
    anion_astro (/ms)
    anion_neuron (/ms)
    per_cleft (mM)    : one molecule in the cleft
    per_ecs (mM)      : one molecule in the extrasynaptic space
    gi (uS)           : di/dv, for NEURON's implicit voltage solve
    n_unconverged (1) : time steps whose Newton solve stopped at newton_maxit without converging
    dt (ms)
    hstep (ms)
    hinv (/ms)
    cvode_on (1)
    celsius (degC)
    qt_ampa (1)       : Q10 factor of the AMPA rates at celsius
    qt_nmda (1)       : Q10 factor of the NMDA rates at celsius
    qt_transport (1)  : Q10 factor of the transporter turnovers at celsius
}

STATE {
    C (mM)
    E (mM)
    Ra (1)
    Rn (1)
}

INITIAL {
    : >>> generated guard (the parameter table's bounds and checks, see ei_models.generated.guard_block)
    VERBATIM
#ifndef CORENEURON_BUILD
#define EI_GUARD(ok, ...) if (!(ok)) { char _ei_msg[512]; snprintf(_ei_msg, sizeof _ei_msg, __VA_ARGS__); hoc_execerror(_ei_msg, (char*) 0); }
    EI_GUARD(vol_cleft > 0.0 && vol_cleft - vol_cleft == 0, "ei_models eaat: vol_cleft = %g um3 is outside its range (0, inf) um3; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", vol_cleft)
    EI_GUARD(vol_ecs > 0.0 && vol_ecs - vol_ecs == 0, "ei_models eaat: vol_ecs = %g um3 is outside its range (0, inf) um3; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", vol_ecs)
    EI_GUARD(area_astro >= 0.0 && area_astro - area_astro == 0, "ei_models eaat: area_astro = %g um2 is outside its range [0, inf) um2; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", area_astro)
    EI_GUARD(area_neuron >= 0.0 && area_neuron - area_neuron == 0, "ei_models eaat: area_neuron = %g um2 is outside its range [0, inf) um2; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", area_neuron)
    EI_GUARD(k_diff > 0.0 && k_diff - k_diff == 0, "ei_models eaat: k_diff = %g /ms is outside its range (0, inf) /ms; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", k_diff)
    EI_GUARD(n_glu >= 0.0 && n_glu - n_glu == 0, "ei_models eaat: n_glu = %g is outside its range [0, inf); set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", n_glu)
    EI_GUARD(alpha_ampa >= 0.0 && alpha_ampa - alpha_ampa == 0, "ei_models eaat: alpha_ampa = %g /mM/ms is outside its range [0, inf) /mM/ms; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", alpha_ampa)
    EI_GUARD(beta_ampa > 0.0 && beta_ampa - beta_ampa == 0, "ei_models eaat: beta_ampa = %g /ms is outside its range (0, inf) /ms; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", beta_ampa)
    EI_GUARD(alpha_nmda >= 0.0 && alpha_nmda - alpha_nmda == 0, "ei_models eaat: alpha_nmda = %g /mM/ms is outside its range [0, inf) /mM/ms; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", alpha_nmda)
    EI_GUARD(beta_nmda > 0.0 && beta_nmda - beta_nmda == 0, "ei_models eaat: beta_nmda = %g /ms is outside its range (0, inf) /ms; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", beta_nmda)
    EI_GUARD(g_ampa >= 0.0 && g_ampa - g_ampa == 0, "ei_models eaat: g_ampa = %g uS is outside its range [0, inf) uS; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", g_ampa)
    EI_GUARD(g_nmda >= 0.0 && g_nmda - g_nmda == 0, "ei_models eaat: g_nmda = %g uS is outside its range [0, inf) uS; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", g_nmda)
    EI_GUARD(e_syn >= -100.0 && e_syn <= 100.0, "ei_models eaat: e_syn = %g mV is outside its range [-100, 100] mV; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", e_syn)
    EI_GUARD(mg >= 0.0 && mg - mg == 0, "ei_models eaat: mg = %g mM is outside its range [0, inf) mM; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", mg)
    EI_GUARD(mg_k0 > 0.0 && mg_k0 - mg_k0 == 0, "ei_models eaat: mg_k0 = %g mM is outside its range (0, inf) mM; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", mg_k0)
    EI_GUARD(mg_gamma >= 0.0 && mg_gamma - mg_gamma == 0, "ei_models eaat: mg_gamma = %g /mV is outside its range [0, inf) /mV; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", mg_gamma)
    EI_GUARD(e_anion >= -150.0 && e_anion <= 50.0, "ei_models eaat: e_anion = %g mV is outside its range [-150, 50] mV; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", e_anion)
    EI_GUARD(v_astro >= -150.0 && v_astro <= 50.0, "ei_models eaat: v_astro = %g mV is outside its range [-150, 50] mV; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", v_astro)
    EI_GUARD(temp_ref >= 0.0 && temp_ref <= 45.0, "ei_models eaat: temp_ref = %g degC is outside its range [0, 45] degC; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", temp_ref)
    EI_GUARD(q10_ampa >= 1.0 && q10_ampa <= 10.0, "ei_models eaat: q10_ampa = %g is outside its range [1, 10]; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", q10_ampa)
    EI_GUARD(q10_nmda >= 1.0 && q10_nmda <= 10.0, "ei_models eaat: q10_nmda = %g is outside its range [1, 10]; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", q10_nmda)
    EI_GUARD(q10_transport >= 1.0 && q10_transport <= 10.0, "ei_models eaat: q10_transport = %g is outside its range [1, 10]; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", q10_transport)
    EI_GUARD(km1 > 0.0 && km1 - km1 == 0, "ei_models eaat: km1 = %g mM is outside its range (0, inf) mM; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", km1)
    EI_GUARD(kcat1 >= 0.0 && kcat1 - kcat1 == 0, "ei_models eaat: kcat1 = %g /ms is outside its range [0, inf) /ms; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", kcat1)
    EI_GUARD(dens_astro1 >= 0.0 && dens_astro1 - dens_astro1 == 0, "ei_models eaat: dens_astro1 = %g /um2 is outside its range [0, inf) /um2; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", dens_astro1)
    EI_GUARD(dens_neuron1 >= 0.0 && dens_neuron1 - dens_neuron1 == 0, "ei_models eaat: dens_neuron1 = %g /um2 is outside its range [0, inf) /um2; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", dens_neuron1)
    EI_GUARD(anion1 >= 0.0 && anion1 - anion1 == 0, "ei_models eaat: anion1 = %g is outside its range [0, inf); set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", anion1)
    EI_GUARD(block1 >= 0.0 && block1 <= 1.0, "ei_models eaat: block1 = %g is outside its range [0, 1]; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", block1)
    EI_GUARD(km2 > 0.0 && km2 - km2 == 0, "ei_models eaat: km2 = %g mM is outside its range (0, inf) mM; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", km2)
    EI_GUARD(kcat2 >= 0.0 && kcat2 - kcat2 == 0, "ei_models eaat: kcat2 = %g /ms is outside its range [0, inf) /ms; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", kcat2)
    EI_GUARD(dens_astro2 >= 0.0 && dens_astro2 - dens_astro2 == 0, "ei_models eaat: dens_astro2 = %g /um2 is outside its range [0, inf) /um2; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", dens_astro2)
    EI_GUARD(dens_neuron2 >= 0.0 && dens_neuron2 - dens_neuron2 == 0, "ei_models eaat: dens_neuron2 = %g /um2 is outside its range [0, inf) /um2; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", dens_neuron2)
    EI_GUARD(anion2 >= 0.0 && anion2 - anion2 == 0, "ei_models eaat: anion2 = %g is outside its range [0, inf); set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", anion2)
    EI_GUARD(block2 >= 0.0 && block2 <= 1.0, "ei_models eaat: block2 = %g is outside its range [0, 1]; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", block2)
    EI_GUARD(km3 > 0.0 && km3 - km3 == 0, "ei_models eaat: km3 = %g mM is outside its range (0, inf) mM; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", km3)
    EI_GUARD(kcat3 >= 0.0 && kcat3 - kcat3 == 0, "ei_models eaat: kcat3 = %g /ms is outside its range [0, inf) /ms; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", kcat3)
    EI_GUARD(dens_astro3 >= 0.0 && dens_astro3 - dens_astro3 == 0, "ei_models eaat: dens_astro3 = %g /um2 is outside its range [0, inf) /um2; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", dens_astro3)
    EI_GUARD(dens_neuron3 >= 0.0 && dens_neuron3 - dens_neuron3 == 0, "ei_models eaat: dens_neuron3 = %g /um2 is outside its range [0, inf) /um2; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", dens_neuron3)
    EI_GUARD(anion3 >= 0.0 && anion3 - anion3 == 0, "ei_models eaat: anion3 = %g is outside its range [0, inf); set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", anion3)
    EI_GUARD(block3 >= 0.0 && block3 <= 1.0, "ei_models eaat: block3 = %g is outside its range [0, 1]; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", block3)
    EI_GUARD(km4 > 0.0 && km4 - km4 == 0, "ei_models eaat: km4 = %g mM is outside its range (0, inf) mM; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", km4)
    EI_GUARD(kcat4 >= 0.0 && kcat4 - kcat4 == 0, "ei_models eaat: kcat4 = %g /ms is outside its range [0, inf) /ms; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", kcat4)
    EI_GUARD(dens_astro4 >= 0.0 && dens_astro4 - dens_astro4 == 0, "ei_models eaat: dens_astro4 = %g /um2 is outside its range [0, inf) /um2; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", dens_astro4)
    EI_GUARD(dens_neuron4 >= 0.0 && dens_neuron4 - dens_neuron4 == 0, "ei_models eaat: dens_neuron4 = %g /um2 is outside its range [0, inf) /um2; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", dens_neuron4)
    EI_GUARD(anion4 >= 0.0 && anion4 - anion4 == 0, "ei_models eaat: anion4 = %g is outside its range [0, inf); set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", anion4)
    EI_GUARD(block4 >= 0.0 && block4 <= 1.0, "ei_models eaat: block4 = %g is outside its range [0, 1]; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", block4)
    EI_GUARD(km5 > 0.0 && km5 - km5 == 0, "ei_models eaat: km5 = %g mM is outside its range (0, inf) mM; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", km5)
    EI_GUARD(kcat5 >= 0.0 && kcat5 - kcat5 == 0, "ei_models eaat: kcat5 = %g /ms is outside its range [0, inf) /ms; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", kcat5)
    EI_GUARD(dens_astro5 >= 0.0 && dens_astro5 - dens_astro5 == 0, "ei_models eaat: dens_astro5 = %g /um2 is outside its range [0, inf) /um2; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", dens_astro5)
    EI_GUARD(dens_neuron5 >= 0.0 && dens_neuron5 - dens_neuron5 == 0, "ei_models eaat: dens_neuron5 = %g /um2 is outside its range [0, inf) /um2; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", dens_neuron5)
    EI_GUARD(anion5 >= 0.0 && anion5 - anion5 == 0, "ei_models eaat: anion5 = %g is outside its range [0, inf); set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", anion5)
    EI_GUARD(block5 >= 0.0 && block5 <= 1.0, "ei_models eaat: block5 = %g is outside its range [0, 1]; set it within the range (ei_models.neuron.insert('eaat', ...) checks values before NEURON sees them)", block5)
    EI_GUARD(celsius >= 0.0 && celsius <= 45.0, "ei_models eaat: celsius = %g degC is outside [0, 45] degC, the range of its Q10 temperature scaling; set h.celsius within it (e.g. 37) before finitialize", celsius)
#undef EI_GUARD
#endif
    ENDVERBATIM
    : <<< generated guard
    qt_ampa = q10_ampa^((celsius - temp_ref) / 10 (degC))
    qt_nmda = q10_nmda^((celsius - temp_ref) / 10 (degC))
    qt_transport = q10_transport^((celsius - temp_ref) / 10 (degC))
    per_cleft = mol * QE / (FARADAY * vol_cleft)
    per_ecs = mol * QE / (FARADAY * vol_ecs)
    n_unconverged = 0
    C = 0
    E = 0
    Ra = 0
    Rn = 0
    rates(E)
}

BREAKPOINT {
    SOLVE advance METHOD euler
    rates(E)
    glu = C
    glu_ecs = E
    o_ampa = Ra
    o_nmda = Rn
    mgb = 1 / (1 + mg / mg_k0 * exp(-mg_gamma * v))
    i_ampa = g_ampa * Ra * (v - e_syn)
    i_nmda = g_nmda * Rn * mgb * (v - e_syn)
    i_neuron = nA_per_C_per_ms * 2 * QE * (anion_neuron * (v - e_anion) / v_anion_ref - uptake_neuron)
    i_astro = nA_per_C_per_ms * 2 * QE * (anion_astro * (v_astro - e_anion) / v_anion_ref - uptake_astro)
    i = i_ampa + i_nmda + i_neuron
    gi = g_ampa * Ra + g_nmda * Rn * mgb * (1 + mg_gamma * (1 - mgb) * (v - e_syn)) + nA_per_C_per_ms * 2 * QE * anion_neuron / v_anion_ref
    CONDUCTANCE gi
}

DERIVATIVE advance {
    : one right-hand side, two paths: at a fixed step, the backward Euler step (see COMMENT,
    : Numerics): Newton on E(t+h), then C, Ra, Rn in closed form, on which NEURON's Euler update
    : X + h*X' lands (h = hstep); under CVODE (cvode_on = 1, hinv = 0) X' is the model's
    : right-hand side, the uptake written as ue*E, ue = sum_k a_k/(km_k + E) (its diagonal
    : Jacobian term the secant slope, exact for E << km);
    : a_k = maximal uptake rate of subtype k (mM/ms); the loop runs until the squared step is
    : at most newton_rtol^2 en^2 (a NaN never is: it runs to newton_maxit and is counted)
    : >>> generated newton-locals
    LOCAL a1, a2, a3, a4, a5, q, en, de, u, up, it, h, ue, Cn, Ran, Rnn, h_max, nsub, isub, es
    a1 = per_ecs * (area_astro * dens_astro1 + area_neuron * dens_neuron1) * qt_transport * kcat1 * (1 - block1)
    a2 = per_ecs * (area_astro * dens_astro2 + area_neuron * dens_neuron2) * qt_transport * kcat2 * (1 - block2)
    a3 = per_ecs * (area_astro * dens_astro3 + area_neuron * dens_neuron3) * qt_transport * kcat3 * (1 - block3)
    a4 = per_ecs * (area_astro * dens_astro4 + area_neuron * dens_neuron4) * qt_transport * kcat4 * (1 - block4)
    a5 = per_ecs * (area_astro * dens_astro5 + area_neuron * dens_neuron5) * qt_transport * kcat5 * (1 - block5)
    : <<< generated newton-locals
    fixed_step()
    if (hstep > 0) {
        : nsub backward Euler substeps of h = hstep / nsub (issue 14): nsub = ceil(hstep / h_max)
        : with h_max = 0.05 ms (numerical: substep bound for the <= 5 % dt criterion; the same
        : bound and formula as Brian2's implicit_euler_newton_substeps, ei_models.brian2.substeps),
        : so nsub = 1, the single step, at hstep <= h_max; each substep is the step above (Newton
        : on E, then C, Ra, Rn in closed form) from the previous substep's values
        h_max = 0.05 (ms)
        nsub = floor(hstep / h_max - 1e-6) + 1
        h = hstep / nsub
        q = 1 + h * k_diff
        en = E
        Cn = C
        Ran = Ra
        Rnn = Rn
        FROM isub = 1 TO nsub {
            es = en
            de = en
            it = 0
            while (it == 0 || (it < newton_maxit && !(de * de <= newton_rtol * newton_rtol * en * en))) {
                : >>> generated newton-uptake
                u = a1 * en / (km1 + en) + a2 * en / (km2 + en) + a3 * en / (km3 + en) + a4 * en / (km4 + en) + a5 * en / (km5 + en)
                up = a1 * km1 / ((km1 + en) * (km1 + en)) + a2 * km2 / ((km2 + en) * (km2 + en)) + a3 * km3 / ((km3 + en) * (km3 + en)) + a4 * km4 / ((km4 + en) * (km4 + en)) + a5 * km5 / ((km5 + en) * (km5 + en))
                : <<< generated newton-uptake
                de = (en - es - h * k_diff * (vol_cleft / vol_ecs) * (Cn - en) / q + h * u) / (1 + h * k_diff * (vol_cleft / vol_ecs) / q + h * up)
                en = en - de
                if (en < 0) {
                    en = 0 (mM)
                }
                it = it + 1
            }
            if (!(de * de <= newton_rtol * newton_rtol * en * en)) {
                n_unconverged = n_unconverged + 1
            }
            Cn = (Cn + h * k_diff * en) / q
            Ran = (Ran + h * qt_ampa * alpha_ampa * Cn) / (1 + h * qt_ampa * (alpha_ampa * Cn + beta_ampa))
            Rnn = (Rnn + h * qt_nmda * alpha_nmda * Cn) / (1 + h * qt_nmda * (alpha_nmda * Cn + beta_nmda))
        }
        ue = 0
    } else {
        : >>> generated cvode-uptake
        ue = a1 / (km1 + E) + a2 / (km2 + E) + a3 / (km3 + E) + a4 / (km4 + E) + a5 / (km5 + E)
        : <<< generated cvode-uptake
        Cn = C
        en = E
        Ran = Ra
        Rnn = Rn
    }
    C' = cvode_on * k_diff * (E - C) + hinv * (Cn - C)
    E' = cvode_on * (k_diff * (vol_cleft / vol_ecs) * (C - E) - ue * E) + hinv * (en - E)
    Ra' = cvode_on * qt_ampa * (alpha_ampa * C * (1 - Ra) - beta_ampa * Ra) + hinv * (Ran - Ra)
    Rn' = cvode_on * qt_nmda * (alpha_nmda * C * (1 - Rn) - beta_nmda * Rn) + hinv * (Rnn - Rn)
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

PROCEDURE rates(E (mM)) {
    LOCAL j
    uptake_astro = 0
    uptake_neuron = 0
    anion_astro = 0
    anion_neuron = 0
    : >>> generated subtype-rates
    j = area_astro * qt_transport * kcat1 * (1 - block1) * dens_astro1 * E / (km1 + E)
    uptake_astro = uptake_astro + j
    anion_astro = anion_astro + anion1 * j
    j = area_neuron * qt_transport * kcat1 * (1 - block1) * dens_neuron1 * E / (km1 + E)
    uptake_neuron = uptake_neuron + j
    anion_neuron = anion_neuron + anion1 * j
    j = area_astro * qt_transport * kcat2 * (1 - block2) * dens_astro2 * E / (km2 + E)
    uptake_astro = uptake_astro + j
    anion_astro = anion_astro + anion2 * j
    j = area_neuron * qt_transport * kcat2 * (1 - block2) * dens_neuron2 * E / (km2 + E)
    uptake_neuron = uptake_neuron + j
    anion_neuron = anion_neuron + anion2 * j
    j = area_astro * qt_transport * kcat3 * (1 - block3) * dens_astro3 * E / (km3 + E)
    uptake_astro = uptake_astro + j
    anion_astro = anion_astro + anion3 * j
    j = area_neuron * qt_transport * kcat3 * (1 - block3) * dens_neuron3 * E / (km3 + E)
    uptake_neuron = uptake_neuron + j
    anion_neuron = anion_neuron + anion3 * j
    j = area_astro * qt_transport * kcat4 * (1 - block4) * dens_astro4 * E / (km4 + E)
    uptake_astro = uptake_astro + j
    anion_astro = anion_astro + anion4 * j
    j = area_neuron * qt_transport * kcat4 * (1 - block4) * dens_neuron4 * E / (km4 + E)
    uptake_neuron = uptake_neuron + j
    anion_neuron = anion_neuron + anion4 * j
    j = area_astro * qt_transport * kcat5 * (1 - block5) * dens_astro5 * E / (km5 + E)
    uptake_astro = uptake_astro + j
    anion_astro = anion_astro + anion5 * j
    j = area_neuron * qt_transport * kcat5 * (1 - block5) * dens_neuron5 * E / (km5 + E)
    uptake_neuron = uptake_neuron + j
    anion_neuron = anion_neuron + anion5 * j
    : <<< generated subtype-rates
}

NET_RECEIVE(weight (1)) {
    C = C + weight * n_glu * per_cleft
}
