TITLE gad_pools: GABA synthesis by GAD67 (cytosolic, tonic) and GAD65 (terminal, phasic), PLP cofactor, GABA shunt

COMMENT
Three GABA pools of a GABAergic neuron (concentrations in mM, per cytosolic volume), the PLP
cofactor of the two GADs and the GABA shunt that degrades GABA:

  cyto   cytosolic GABA made by GAD67, which is mostly holoenzyme (PLP-bound, h67 = 0.91) and so
         constantly active, and makes ~90 % of the cell's GABA (Asada et al. 1997, PNAS 94:6496:
         GAD67-/- brains keep ~7 % of their GABA; Martin & Rimvall 1993, J Neurochem 60:395); it
         feeds metabolism (the GABA shunt) and non-vesicular release (supply = kleak * cyto, the
         tonic side; Wu et al. 2007, J Physiol 584:1041);
  term   terminal GABA made by GAD65, which palmitoylation anchors to the membrane of synaptic
         vesicle clusters in the terminal (Kanaani et al. 2002, J Cell Biol 158:1229; 2008, J Cell
         Sci 121:437) and hands straight to VGAT (Jin et al. 2003, PNAS 100:4293);
  ves    vesicular GABA (filled by VGAT from term, and slowly from cyto), released at rate krel;
  h65    holoenzyme fraction of GAD65. GAD65 binds PLP weakly (kd65_plp) and cycles between apo-
         and holoenzyme: PLP binding at ka65 * plp/(plp + kd65_plp), and an abortive
         transamination that leaves it apo at ki65/(1 + act) (Battaglioli, Liu & Martin 2003,
         J Neurochem 86:879; Soghomonian & Martin 1998, TIPS 19:500): ~ 40 % holo at rest
         (Kaufman, Houser & Tobin 1991, J Neurochem 56:720: most apo-GAD is GAD65); activity
         (act > 0; lower ATP, Martin & Rimvall 1993) recruits the apo reservoir. GAD67 binds PLP
         tightly: h67 = plp/(plp + kd67_plp) at equilibrium. Low PLP (plp < 1) so lowers GAD65
         (phasic) more than GAD67 (tonic);
  ssa    succinic semialdehyde: GABA-T (GABA transaminase) degrades GABA of both cytosolic
         pools at kgt = kdeg * (1 - vgb) to SSA, which SSA dehydrogenase turns into succinate
         for the TCA cycle, shunt = kssadh * ssa (mM/ms; Petroff 2002, Neuroscientist 8:562).
         Vigabatrin inactivates GABA-T irreversibly (Jung et al. 1977, J Neurochem 29:797): vgb
         is the inactivated fraction (> 80 % in rat brain after oral dosing, Qume & Fowler 1996,
         Biochem Pharmacol 52:1355, where brain GABA rose 2-3x); it raises total and cytosolic
         GABA, and with it the non-vesicular supply and the tonic side.

    h67   = plp / (plp + kd67_plp)
    h65'  = ka65 * plp/(plp + kd65_plp) * (1 - h65) - ki65/(1 + act) * h65
    term' = palm * s65 * gad65 * h65 - (kv + kgt) * term
    cyto' = s67 * gad67 * h67 + (1 - palm) * s65 * gad65 * h65 - (kgt + kvc) * cyto
    ves'  = kv * term + kvc * cyto - krel * ves
    ssa'  = kgt * (term + cyto) - kssadh * ssa
    total = cyto + term + ves;  supply = kleak * cyto (mM/ms, the src of the gat mechanism)
    ves_rel = ves / ves at control (palm = gad65 = gad67 = plp = 1, act = vgb = 0), the relative
    quantal size

s67 and s65 are the synthesis rates of fully PLP-bound enzyme at full expression; at control
they give 9e-5 and 1e-5 mM/ms (h67 = 1/1.1, h65 = 0.4). Without palmitoylation (palm = 0) GAD65
stays soluble and its GABA joins the cytosolic pool: vesicular GABA and phasic release fall
while total GABA barely changes (Kanaani et al. 2002; Tian et al. 1999, PNAS 96:12911,
GAD65-/-: normal total GABA, impaired release under demand); GAD67 knock-down (gad67 < 1) lowers
total GABA and the non-vesicular supply that sets the tonic side (Asada et al. 1997). Rates are
modelling choices (turnover ~ 100 s) that give the chapter's ~90 % GAD67 share. The model has
no feedback of GABA on GAD (GABA inhibits GAD and promotes apo-GAD65), so vigabatrin's rise is
an upper estimate. With constant parameters the system is linear and triangular (h65 -> term ->
ves, ssa; cyto -> ves, ssa), so INITIAL sets the exact steady state.

Parameter defaults, units and bounds are those of ei_models/mechanisms/gad_pools.py, the single
source of truth; the parameter-table tests check this file against it.
Temperature: every rate (s67, s65, kdeg, kssadh, ka65, ki65, kv, kvc, krel, kleak) is
multiplied by qt = q10^((celsius - temp_ref)/10), computed in INITIAL from NEURON's celsius
(outside 0-45 C finitialize stops): each pool's derivative, supply and shunt are qt times their
temp_ref values, so the steady pools (INITIAL) do not depend on it. The default q10 = 1 (no
measured Q10 found) keeps the pools temperature-independent unless set.
ENDCOMMENT

NEURON {
    THREADSAFE
    SUFFIX eim_gad_pools
    RANGE s67, s65, gad67, gad65, palm, kdeg, vgb, kssadh, plp, kd67_plp, kd65_plp, ka65, ki65, act, kv, kvc, krel, kleak
    RANGE total, supply, ves_rel, ves_ctrl, h67, shunt, temp_ref, q10, qt
}

UNITS {
    (mM) = (milli/liter)
}

PARAMETER {
    s67 = 9.9e-5 (mM/ms) <0, 1e9>         : GAD67 synthesis rate at full expression, all holoenzyme
    s65 = 2.5e-5 (mM/ms) <0, 1e9>         : GAD65 synthesis rate at full expression, all holoenzyme
    gad67 = 1 (1) <0, 1e9>                : GAD67 expression (1 = control)
    gad65 = 1 (1) <0, 1e9>                : GAD65 expression (1 = control)
    palm = 1 (1) <0, 1>                   : palmitoylated (terminal-anchored) fraction of GAD65
    kdeg = 1e-5 (/ms) <1e-12, 1e9>        : GABA degradation rate by GABA-T (uninhibited)
    vgb = 0 (1) <0, 0.99>                 : fraction of GABA-T irreversibly inactivated (vigabatrin; <= 99 %: GABA-T is re-made)
    kssadh = 0.001 (/ms) <1e-12, 1e9>     : succinic semialdehyde -> succinate (SSADH) rate
    plp = 1 (1) <0, 1e9>                  : pyridoxal 5'-phosphate (PLP) availability (1 = control)
    kd67_plp = 0.1 (1) <1e-12, 1e9>       : GAD67 PLP dissociation constant (relative to control PLP): tight
    kd65_plp = 2 (1) <1e-12, 1e9>         : GAD65 PLP dissociation constant (relative to control PLP): weak
    ka65 = 1e-5 (/ms) <1e-12, 1e9>        : apo -> holo GAD65 rate with saturating PLP
    ki65 = 5e-6 (/ms) <0, 1e9>            : holo -> apo GAD65 rate at rest (abortive transamination)
    act = 0 (1) <0, 1e9>                  : neuronal activity (0 = rest): holo -> apo rate ki65 / (1 + act)
    kv = 1.5e-5 (/ms) <0, 1e9>            : VGAT filling from the terminal pool
    kvc = 1e-7 (/ms) <0, 1e9>             : VGAT filling from the cytosolic pool
    krel = 1.68e-5 (/ms) <1e-12, 1e9>     : vesicular turnover (release) rate
    kleak = 3.33e-7 (/ms) <0, 1e9>        : non-vesicular release per cytosolic GABA
    temp_ref = 37 (degC) <0, 45>          : reference temperature of the rates
    q10 = 1 (1) <1, 10>                   : Q10 of every rate (1: temperature independent)
}

ASSIGNED {
    total (mM)
    supply (mM/ms)
    ves_rel (1)
    ves_ctrl (mM)
    h67 (1)
    shunt (mM/ms)
    kgt (/ms)
    a65 (/ms)
    b65 (/ms)
    celsius (degC)
    qt (1)            : Q10 factor of the rates at celsius
}

STATE {
    term (mM)
    cyto (mM)
    ves (mM)
    ssa (mM)
    h65 (1)
}

INITIAL {
    LOCAL t0, c0
    : >>> generated guard (the parameter table's bounds and checks, see ei_models.generated.guard_block)
    VERBATIM
#ifndef CORENEURON_BUILD
#define EI_GUARD(ok, ...) if (!(ok)) { char _ei_msg[512]; snprintf(_ei_msg, sizeof _ei_msg, __VA_ARGS__); hoc_execerror(_ei_msg, (char*) 0); }
    EI_GUARD(s67 >= 0.0 && s67 - s67 == 0, "ei_models gad_pools: s67 = %g mM/ms is outside its range [0, inf) mM/ms; set it within the range (ei_models.neuron.insert('gad_pools', ...) checks values before NEURON sees them)", s67)
    EI_GUARD(s65 >= 0.0 && s65 - s65 == 0, "ei_models gad_pools: s65 = %g mM/ms is outside its range [0, inf) mM/ms; set it within the range (ei_models.neuron.insert('gad_pools', ...) checks values before NEURON sees them)", s65)
    EI_GUARD(gad67 >= 0.0 && gad67 - gad67 == 0, "ei_models gad_pools: gad67 = %g is outside its range [0, inf); set it within the range (ei_models.neuron.insert('gad_pools', ...) checks values before NEURON sees them)", gad67)
    EI_GUARD(gad65 >= 0.0 && gad65 - gad65 == 0, "ei_models gad_pools: gad65 = %g is outside its range [0, inf); set it within the range (ei_models.neuron.insert('gad_pools', ...) checks values before NEURON sees them)", gad65)
    EI_GUARD(palm >= 0.0 && palm <= 1.0, "ei_models gad_pools: palm = %g is outside its range [0, 1]; set it within the range (ei_models.neuron.insert('gad_pools', ...) checks values before NEURON sees them)", palm)
    EI_GUARD(kdeg > 0.0 && kdeg - kdeg == 0, "ei_models gad_pools: kdeg = %g /ms is outside its range (0, inf) /ms; set it within the range (ei_models.neuron.insert('gad_pools', ...) checks values before NEURON sees them)", kdeg)
    EI_GUARD(vgb >= 0.0 && vgb <= 0.99, "ei_models gad_pools: vgb = %g is outside its range [0, 0.99]; set it within the range (ei_models.neuron.insert('gad_pools', ...) checks values before NEURON sees them)", vgb)
    EI_GUARD(kssadh > 0.0 && kssadh - kssadh == 0, "ei_models gad_pools: kssadh = %g /ms is outside its range (0, inf) /ms; set it within the range (ei_models.neuron.insert('gad_pools', ...) checks values before NEURON sees them)", kssadh)
    EI_GUARD(plp >= 0.0 && plp - plp == 0, "ei_models gad_pools: plp = %g is outside its range [0, inf); set it within the range (ei_models.neuron.insert('gad_pools', ...) checks values before NEURON sees them)", plp)
    EI_GUARD(kd67_plp > 0.0 && kd67_plp - kd67_plp == 0, "ei_models gad_pools: kd67_plp = %g is outside its range (0, inf); set it within the range (ei_models.neuron.insert('gad_pools', ...) checks values before NEURON sees them)", kd67_plp)
    EI_GUARD(kd65_plp > 0.0 && kd65_plp - kd65_plp == 0, "ei_models gad_pools: kd65_plp = %g is outside its range (0, inf); set it within the range (ei_models.neuron.insert('gad_pools', ...) checks values before NEURON sees them)", kd65_plp)
    EI_GUARD(ka65 > 0.0 && ka65 - ka65 == 0, "ei_models gad_pools: ka65 = %g /ms is outside its range (0, inf) /ms; set it within the range (ei_models.neuron.insert('gad_pools', ...) checks values before NEURON sees them)", ka65)
    EI_GUARD(ki65 >= 0.0 && ki65 - ki65 == 0, "ei_models gad_pools: ki65 = %g /ms is outside its range [0, inf) /ms; set it within the range (ei_models.neuron.insert('gad_pools', ...) checks values before NEURON sees them)", ki65)
    EI_GUARD(act >= 0.0 && act - act == 0, "ei_models gad_pools: act = %g is outside its range [0, inf); set it within the range (ei_models.neuron.insert('gad_pools', ...) checks values before NEURON sees them)", act)
    EI_GUARD(kv >= 0.0 && kv - kv == 0, "ei_models gad_pools: kv = %g /ms is outside its range [0, inf) /ms; set it within the range (ei_models.neuron.insert('gad_pools', ...) checks values before NEURON sees them)", kv)
    EI_GUARD(kvc >= 0.0 && kvc - kvc == 0, "ei_models gad_pools: kvc = %g /ms is outside its range [0, inf) /ms; set it within the range (ei_models.neuron.insert('gad_pools', ...) checks values before NEURON sees them)", kvc)
    EI_GUARD(krel > 0.0 && krel - krel == 0, "ei_models gad_pools: krel = %g /ms is outside its range (0, inf) /ms; set it within the range (ei_models.neuron.insert('gad_pools', ...) checks values before NEURON sees them)", krel)
    EI_GUARD(kleak >= 0.0 && kleak - kleak == 0, "ei_models gad_pools: kleak = %g /ms is outside its range [0, inf) /ms; set it within the range (ei_models.neuron.insert('gad_pools', ...) checks values before NEURON sees them)", kleak)
    EI_GUARD(temp_ref >= 0.0 && temp_ref <= 45.0, "ei_models gad_pools: temp_ref = %g degC is outside its range [0, 45] degC; set it within the range (ei_models.neuron.insert('gad_pools', ...) checks values before NEURON sees them)", temp_ref)
    EI_GUARD(q10 >= 1.0 && q10 <= 10.0, "ei_models gad_pools: q10 = %g is outside its range [1, 10]; set it within the range (ei_models.neuron.insert('gad_pools', ...) checks values before NEURON sees them)", q10)
    EI_GUARD(celsius >= 0.0 && celsius <= 45.0, "ei_models gad_pools: celsius = %g degC is outside [0, 45] degC, the range of its Q10 temperature scaling; set h.celsius within it (e.g. 37) before finitialize", celsius)
#undef EI_GUARD
#endif
    ENDVERBATIM
    : <<< generated guard
    : control (plp = 1, act = 0, vgb = 0, full expression) for ves_rel
    qt = q10^((celsius - temp_ref) / 10 (degC))
    h67 = 1 / (1 + kd67_plp)
    a65 = ka65 / (1 + kd65_plp)
    h65 = a65 / (a65 + ki65)
    t0 = s65 * h65 / (kv + kdeg)
    c0 = s67 * h67 / (kdeg + kvc)
    ves_ctrl = (kv * t0 + kvc * c0) / krel
    : the steady state (closed form, ei_models.gaba.gad_steady_state)
    rates()
    h65 = a65 / (a65 + b65)
    term = palm * s65 * gad65 * h65 / (kv + kgt)
    cyto = (s67 * gad67 * h67 + (1 - palm) * s65 * gad65 * h65) / (kgt + kvc)
    ves = (kv * term + kvc * cyto) / krel
    ssa = kgt * (term + cyto) / kssadh
    outputs()
}

BREAKPOINT {
    SOLVE pools METHOD cnexp
    outputs()
}

PROCEDURE rates() {
    : PLP-bound fraction of GAD67 (tight binding, at equilibrium), GAD65's apo -> holo and
    : holo -> apo rates, and the uninhibited fraction of GABA-T
    h67 = plp / (plp + kd67_plp)
    a65 = ka65 * plp / (plp + kd65_plp)
    b65 = ki65 / (1 + act)
    kgt = kdeg * (1 - vgb)
}

PROCEDURE outputs() {
    total = cyto + term + ves
    supply = qt * kleak * cyto
    shunt = qt * kssadh * ssa
    ves_rel = 0
    if (ves_ctrl > 0) {
        ves_rel = ves / ves_ctrl
    }
}

DERIVATIVE pools {
    : no current, so NEURON runs the BREAKPOINT after fixed steps only: under CVODE the outputs
    : follow the states here, at each right-hand side evaluation
    rates()
    outputs()
    h65' = qt * (a65 * (1 - h65) - b65 * h65)
    term' = qt * (palm * s65 * gad65 * h65 - (kv + kgt) * term)
    cyto' = qt * (s67 * gad67 * h67 + (1 - palm) * s65 * gad65 * h65 - (kgt + kvc) * cyto)
    ves' = qt * (kv * term + kvc * cyto - krel * ves)
    ssa' = qt * (kgt * (term + cyto) - kssadh * ssa)
}
