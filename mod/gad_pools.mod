TITLE gad_pools: GABA synthesis by GAD67 (cytosolic, metabolic/tonic) and GAD65 (terminal, vesicular/phasic)

COMMENT
Three GABA pools of a GABAergic neuron (concentrations in mM, per cytosolic volume):

  cyto   cytosolic GABA made by GAD67, which is constitutively active (PLP-saturated) and makes
         ~90 % of the cell's GABA (Asada et al. 1997, PNAS 94:6496: GAD67-/- brains keep ~7 % of
         their GABA; Martin & Rimvall 1993, J Neurochem 60:395); it feeds metabolism (GABA
         shunt, degradation by GABA-T, rate kdeg) and non-vesicular release (supply = kleak *
         cyto, the tonic side; Wu et al. 2007, J Physiol 584:1041);
  term   terminal GABA made by GAD65, which palmitoylation anchors to the membrane of synaptic
         vesicle clusters in the terminal (Kanaani et al. 2002, J Cell Biol 158:1229; 2008, J Cell
         Sci 121:437) and hands straight to VGAT (Jin et al. 2003, PNAS 100:4293);
  ves    vesicular GABA (filled by VGAT from term, and slowly from cyto), released at rate krel.

    term' = palm * s65 * gad65 - (kv + kdeg) * term
    cyto' = s67 * gad67 + (1 - palm) * s65 * gad65 - (kdeg + kvc) * cyto
    ves'  = kv * term + kvc * cyto - krel * ves
    total = cyto + term + ves;  supply = kleak * cyto (mM/ms, the src of the gat mechanism)
    ves_rel = ves / ves at control (palm = gad65 = gad67 = 1), the relative quantal size

Without palmitoylation (palm = 0) GAD65 stays soluble and its GABA joins the cytosolic pool:
vesicular GABA and phasic release fall while total GABA barely changes (Kanaani et al. 2002;
Tian et al. 1999, PNAS 96:12911, GAD65-/-: normal total GABA, impaired release under demand);
GAD67 knock-down (gad67 < 1) lowers total GABA and the non-vesicular supply that sets the tonic
side (Asada et al. 1997). Rates are modelling choices (turnover ~ 100 s) that give the chapter's
~90 % GAD67 share; the system is linear and triangular, so INITIAL sets the exact steady state.

Parameter defaults, units and bounds are those of ei_models/mechanisms/gad_pools.py, the single
source of truth; the parameter-table tests check this file against it.
ENDCOMMENT

NEURON {
    THREADSAFE
    SUFFIX eim_gad_pools
    RANGE s67, s65, gad67, gad65, palm, kdeg, kv, kvc, krel, kleak
    RANGE total, supply, ves_rel, ves_ctrl
}

UNITS {
    (mM) = (milli/liter)
}

PARAMETER {
    s67 = 9e-05 (mM/ms) <0, 1e9>          : GAD67 synthesis rate at full expression
    s65 = 1e-05 (mM/ms) <0, 1e9>          : GAD65 synthesis rate at full expression
    gad67 = 1 (1) <0, 1e9>                : GAD67 expression (1 = control, < 1 knock-down)
    gad65 = 1 (1) <0, 1e9>                : GAD65 expression
    palm = 1 (1) <0, 1>                   : palmitoylated (terminal-anchored) fraction of GAD65
    kdeg = 1e-05 (/ms) <1e-15, 1e9>       : GABA degradation rate (GABA-T, GABA shunt)
    kv = 1.5e-05 (/ms) <0, 1e9>           : VGAT filling rate from the terminal pool
    kvc = 1e-07 (/ms) <0, 1e9>            : VGAT filling rate from the cytosolic pool
    krel = 1.68e-05 (/ms) <1e-15, 1e9>    : vesicular turnover (release) rate
    kleak = 3.33e-07 (/ms) <0, 1e9>       : non-vesicular release per cytosolic GABA
}

ASSIGNED {
    total (mM)
    supply (mM/ms)
    ves_rel (1)
    ves_ctrl (mM)
}

STATE {
    term (mM)
    cyto (mM)
    ves (mM)
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
    EI_GUARD(kv >= 0.0 && kv - kv == 0, "ei_models gad_pools: kv = %g /ms is outside its range [0, inf) /ms; set it within the range (ei_models.neuron.insert('gad_pools', ...) checks values before NEURON sees them)", kv)
    EI_GUARD(kvc >= 0.0 && kvc - kvc == 0, "ei_models gad_pools: kvc = %g /ms is outside its range [0, inf) /ms; set it within the range (ei_models.neuron.insert('gad_pools', ...) checks values before NEURON sees them)", kvc)
    EI_GUARD(krel > 0.0 && krel - krel == 0, "ei_models gad_pools: krel = %g /ms is outside its range (0, inf) /ms; set it within the range (ei_models.neuron.insert('gad_pools', ...) checks values before NEURON sees them)", krel)
    EI_GUARD(kleak >= 0.0 && kleak - kleak == 0, "ei_models gad_pools: kleak = %g /ms is outside its range [0, inf) /ms; set it within the range (ei_models.neuron.insert('gad_pools', ...) checks values before NEURON sees them)", kleak)
#undef EI_GUARD
#endif
    ENDVERBATIM
    : <<< generated guard
    t0 = s65 / (kv + kdeg)
    c0 = s67 / (kdeg + kvc)
    ves_ctrl = (kv * t0 + kvc * c0) / krel
    term = palm * s65 * gad65 / (kv + kdeg)
    cyto = (s67 * gad67 + (1 - palm) * s65 * gad65) / (kdeg + kvc)
    ves = (kv * term + kvc * cyto) / krel
    outputs()
}

BREAKPOINT {
    SOLVE pools METHOD cnexp
    outputs()
}

PROCEDURE outputs() {
    total = cyto + term + ves
    supply = kleak * cyto
    ves_rel = 0
    if (ves_ctrl > 0) {
        ves_rel = ves / ves_ctrl
    }
}

DERIVATIVE pools {
    : no current, so NEURON runs the BREAKPOINT after fixed steps only: under CVODE the outputs
    : follow the states here, at each right-hand side evaluation
    outputs()
    term' = palm * s65 * gad65 - (kv + kdeg) * term
    cyto' = s67 * gad67 + (1 - palm) * s65 * gad65 - (kdeg + kvc) * cyto
    ves' = kv * term + kvc * cyto - krel * ves
}
