TITLE cl_transport: intracellular chloride set by KCC2 and NKCC1 cotransport, loaded by GABA_A currents

COMMENT
Intracellular [Cl-] of a submembrane shell of depth `depth`, changed by every chloride current of
the segment (icl: gabaa_gamma2, gabaa_delta, gabaa_delta_syn write the chloride part of their
current there) and by two electroneutral cation-chloride cotransporters, each driven by the free
energy of its own cotransport. Written as equivalent Cl- current densities in the sense of icl
(outward positive, i.e. Cl- influx positive), with fluxes linear in the thermodynamic force
(Brumback & Staley 2008, J Neurosci 28:1301; Doyon et al. 2011, PLoS Comput Biol 7:e1002149;
Duesterwald et al. 2018, eLife 7:e39575):

    KCC2  (1 K+ : 1 Cl- out):     j_kcc2  = -g_kcc2 (RT/F) ln([K]i [Cl]i / ([K]o [Cl]o))
                                          =  g_kcc2 (E_K - E_Cl)
    NKCC1 (1 Na+ : 1 K+ : 2 Cl- in): j_nkcc1 = g_nkcc1 (1 - nkcc1_block) (RT/F) ln([Na]o [K]o [Cl]o^2 / ([Na]i [K]i [Cl]i^2))
                                          =  g_nkcc1 (1 - nkcc1_block) (E_Na + E_K - 2 E_Cl)

    cli' = (icl + j_kcc2 + j_nkcc1) / (F depth)

Without a chloride current [Cl-]i settles where the two fluxes cancel,
E_Cl = (g_kcc2 E_K + g_nkcc1' (E_Na + E_K)) / (g_kcc2 + 2 g_nkcc1'), g_nkcc1' = g_nkcc1 (1 -
nkcc1_block) (ei_models.physics.chloride_transport_balance): KCC2 pulls E_Cl toward E_K, NKCC1
toward (E_Na + E_K)/2. An NKCC1-dominated (immature) cell thus has a high [Cl-]i and depolarizing
GABA, a KCC2-dominated (mature) one a low [Cl-]i (Rivera et al. 1999, Nature 397:251; Yamada
et al. 2004, J Physiol 557:829; Ben-Ari 2002, Nat Rev Neurosci 3:728); bumetanide
(nkcc1_block = 1, Dzhala et al. 2005, Nat Med 11:1205) removes the uptake.

Ions: reads ki, ko, nai, nao from the segment's k and na ions and computes E_K, E_Na from them
(not the ions' ek/ena, which NEURON may hold fixed); the transport is electroneutral, so it writes
no Na+ or K+ current and leaves those concentrations alone (they change little compared with
[Cl-]i). It writes cli (a STATE); cli starts at the segment's value (ei_models.neuron.insert sets
the ion table's 10 mM) and relaxes to the balance; clo is read. Integration: derivimplicit (the
flux is logarithmic in cli, so not linear; backward Euler with Newton iteration, stable at the
large steps of slow chloride runs).

Guard: the table's bounds (and cli, clo, ki, ko, nai, nao > 0) are checked at every finitialize
by a hoc procedure, eim_cl_transport_guard(), run from an FInitializeHandler that
ei_models.neuron.load installs (ei_models.mechanisms.cl_transport.hoc_guard_source): a value
written straight to hoc (seg.g_kcc2_eim_cl_transport = -1) stops finitialize with a hoc error
naming the parameter, its value, the range and the segment. Not here in C, as in the other .mod
files, because NEURON 9.0.2 cannot translate it: nmodl aborts on any VERBATIM (INITIAL, a
PROCEDURE or FUNCTION, the top level; with or without THREADSAFE) in a mechanism that WRITEs an
ion concentration ('Not implemented. [wiejo]': its VERBATIM set-up cannot name the ion's style
index); without VERBATIM, nocmodl passes the thread arguments to an unknown C function
(hoc_execerror), and the one it knows, prterr, is missing from CoreNEURON, which compiles this
file too.

Parameter defaults, units and bounds are those of ei_models/mechanisms/cl_transport.py.
Temperature: g_kcc2 and g_nkcc1 are scaled by qt_transport = q10_transport^((celsius -
temp_ref)/10), computed in INITIAL from NEURON's celsius (outside 0-45 C the hoc guard stops
finitialize); the default q10_transport = 1 (no measured Q10 found) keeps the rates
temperature-independent unless set. A common factor of both rates leaves the steady [Cl-]i
unchanged (it sets only how fast it is reached).
ENDCOMMENT

NEURON {
    THREADSAFE
    SUFFIX eim_cl_transport
    USEION cl READ icl, clo WRITE cli VALENCE -1
    USEION k READ ki, ko VALENCE 1
    USEION na READ nai, nao VALENCE 1
    RANGE g_kcc2, g_nkcc1, nkcc1_block, depth, temp_ref, q10_transport, qt_transport
    RANGE j_kcc2, j_nkcc1, e_cl
}

UNITS {
    (mA) = (milliamp)
    (mV) = (millivolt)
    (mM) = (milli/liter)
    (um) = (micron)
    (S) = (siemens)
    FARADAY = (faraday) (coulomb)
    R = (k-mole) (joule/degC)
}

PARAMETER {
    g_kcc2 = 0.001 (S/cm2) <0, 1e9>       : KCC2 Cl- transport per unit K+-Cl- driving force
    g_nkcc1 = 0.0002 (S/cm2) <0, 1e9>     : NKCC1 Cl- transport per unit Na+-K+-2Cl- driving force
    nkcc1_block = 0 (1) <0, 1>            : fraction of NKCC1 blocked (bumetanide)
    depth = 1 (um) <1e-12, 1e9>           : depth of the submembrane shell
    temp_ref = 37 (degC) <0, 45>          : reference temperature of g_kcc2, g_nkcc1
    q10_transport = 1 (1) <1, 10>         : Q10 of the cotransport rates (1: temperature independent)
}

ASSIGNED {
    celsius (degC)
    icl (mA/cm2)
    clo (mM)
    ki (mM)
    ko (mM)
    nai (mM)
    nao (mM)
    j_kcc2 (mA/cm2)
    j_nkcc1 (mA/cm2)
    e_cl (mV)
    qt_transport (1)
}

STATE {
    cli (mM)
}

INITIAL {
    : >>> generated guard (the parameter table's bounds and checks, see ei_models.generated.guard_block)
    : no C guard: the nmodl transpiler (NEURON 9.0.2) aborts on any VERBATIM in a mechanism that writes an ion concentration, here cli ('Not implemented. [wiejo]'); the same checks run in hoc at every finitialize (ei_models.mechanisms.cl_transport.hoc_guard, installed by ei_models.neuron.load)
    : <<< generated guard
    qt_transport = q10_transport^((celsius - temp_ref) / 10 (degC))
    fluxes()
}

BREAKPOINT {
    SOLVE state METHOD derivimplicit
    : the recorded e_cl, j_kcc2, j_nkcc1 from the new cli (inside derivimplicit they hold the
    : last Newton iterate's values, which differ between nocmodl and nmodl); no current is
    : written, so NEURON runs this after the SOLVE
    fluxes()
}

DERIVATIVE state {
    : the fluxes inline in cli', not in LOCALs: the nmodl transpiler (NEURON 9.0.2) evaluates a
    : statement before the equation once, at the start of the step (its Newton functor's
    : initialize()), so with jk, jn as LOCALs its derivimplicit took the fluxes at the old cli, a
    : forward Euler step for them (1.3e-4 of e_cl's range off nocmodl's backward Euler over 60 ms);
    : rtf does not depend on cli. Nor RANGE values: Newton's iterates must not touch the recorded
    : j_kcc2, j_nkcc1 (fluxes() sets those)
    LOCAL rtf
    rtf = (1000) * R * (celsius + 273.15) / FARADAY
    cli' = (1e4) * (icl - qt_transport * g_kcc2 * rtf * log(ki * cli / (ko * clo)) + qt_transport * g_nkcc1 * (1 - nkcc1_block) * rtf * log(nao * ko * clo * clo / (nai * ki * cli * cli))) / (FARADAY * depth)
}

PROCEDURE fluxes() {
    LOCAL rtf
    rtf = (1000) * R * (celsius + 273.15) / FARADAY
    e_cl = rtf * log(cli / clo)
    j_kcc2 = -qt_transport * g_kcc2 * rtf * log(ki * cli / (ko * clo))
    j_nkcc1 = qt_transport * g_nkcc1 * (1 - nkcc1_block) * rtf * log(nao * ko * clo * clo / (nai * ki * cli * cli))
}
