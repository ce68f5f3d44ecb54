"""``eaat``: a glutamatergic synapse's cleft, cleared by EAAT1-5 transporters, driving AMPA and
NMDA receptors from the cleft glutamate concentration. The model is described in
``mod/eaat.mod``.

The five subtypes are rows of :data:`SUBTYPES` (affinity Km, turnover, membrane densities on
astrocytes and on neurons, anion-to-coupled current ratio, sources); the table's parameters
``km1 ... km5``, ``kcat1 ...``, ``dens_astro1 ...``, ``dens_neuron1 ...``, ``anion1 ...`` and the
blockers ``block1 ... block5`` are generated from it. Presets: ``tissue`` (which subtypes sit
where: hippocampal CA1 by default, cerebellar Purkinje cell with EAAT4, retina with EAAT5) and
``blocker`` (``DHK``: selective EAAT2 block, ``TBOA``: all subtypes).

Temperature: the receptor rates are Q10-scaled, qt_ampa = q10_ampa**((celsius - temp_ref)/10) (and
qt_nmda), from NEURON's ``h.celsius`` and, in Brian2, the ``celsius`` of ``ion_values`` (default
NEURON's 6.3 C in both: set ``h.celsius = 37`` / ``ion_values={"celsius": 37}``;
``ei_models.neuron.insert`` warns once at 6.3 C); celsius outside 0-45 C is a ParameterError in
both simulators. One AMPA and one NMDA receptor (issue 13): ``beta_ampa``/``beta_nmda`` are
``ampa``'s and ``nmda``'s 1/tau_decay at temp_ref (22 C) and ``q10_ampa``/``q10_nmda`` their q10,
so the receptor occupancy decays as ``ampa``'s (``nmda``'s) conductance at every temperature.
The transporter turnovers ``kcat1 ... kcat5`` are scaled by qt_transport (``q10_transport`` 3,
assumed: see its source); Km and the diffusional exchange ``k_diff`` are not scaled.
"""

from ..physics import MG_GAMMA_JS1990, MG_K0_JS1990
from ..params import Parameter, ParameterTable, Preset, temperature_parameters
from . import Mechanism
from .ampa import TABLE as AMPA_TABLE
from .nmda import TABLE as NMDA_TABLE

LD1998 = "Lehre & Danbolt 1998, J Neurosci 18:8751 (CA1 stratum radiatum, astrocyte membrane)"
KM_OOCYTE = ("Arriza et al. 1994, J Neurosci 14:5559 (human EAAT1/2/3 expressed in Xenopus oocytes, voltage clamp, "
             "room temperature: Km 20/18/28 uM; 48-97 uM in transfected mammalian cells); one expression system "
             "for the three, so the EAAT2 share follows from the densities")
ARRIZA94 = "Arriza et al. 1994, J Neurosci 14:5559 (Km 18-28 uM in oocytes; DHK blocks EAAT2 only)"
WADICHE95 = "Wadiche, Arriza, Amara & Kavanaugh 1995, Neuron 14:1019 (EAAT2 cycle ~ 30/s near 22-25 C)"
GREWER00 = "Grewer et al. 2000, PNAS 97:9706 (EAAT3 turnover ~ 30/s)"
WK1998 = "Wadiche & Kavanaugh 1998, J Neurosci 18:7650; Fairman et al. 1995, Nature 375:599 (EAAT4: Km ~ 1-3 uM, slow, Cl- dominated)"
ARRIZA97 = "Arriza et al. 1997, PNAS 94:4155; Gameiro et al. 2011, Biophys J 100:2623 (EAAT5: Km 61 uM, slow, mostly Cl- current)"
HOLMSETH = "Holmseth et al. 2012, J Neurosci 32:6000 (neuronal EAAC1 ~100x below GLT-1): derived density"
ANION = "Wadiche, Amara & Kavanaugh 1995, Neuron 15:721 (EAAT1 > EAAT2/3 anion share); Fairman 1995; Arriza 1997"
CLEMENTS = "Clements et al. 1992, Science 258:1498 (cleft glutamate ~1 mM, decays in ~1.2 ms)"
DIFFUSION = ("Barbour & Hausser 1997, Trends Neurosci 20:377; Clements 1996, Trends Neurosci 19:163 "
             "(free diffusion empties the cleft in ~0.1-0.2 ms)")
DMS1994 = "Destexhe, Mainen & Sejnowski 1994, J Comput Neurosci 1:195 (kinetic AMPA/NMDA binding)"

# -- temperature (issue 13 item 4): one AMPA and one NMDA receptor at a given temperature -------
#: temp_ref: the transporter values (turnover, Km) were measured at room temperature
TEMP_REF = 22.0
TEMP_SOURCE = ("transport turnover and Km measured at room temperature, 22-25 C (Wadiche, Arriza, Amara & Kavanaugh "
               "1995, Neuron 14:1019; Arriza et al. 1994, J Neurosci 14:5559; Grewer et al. 2000, PNAS 97:9706); the "
               "receptor closing rates are the ampa / nmda tables' decays converted to 22 C by their Q10")


def _closing_rate(table) -> float:
    """The closing (unbinding) rate at :data:`TEMP_REF` (/ms) of a two-state receptor whose decay is
    ``table``'s ``tau_decay`` at its ``temp_ref``: 1/tau_decay times q10**((TEMP_REF - temp_ref)/10)
    (6 significant digits, as the .mod file states it). One receptor decay at every temperature:
    eaat scales it by the same Q10 (q10_ampa / q10_nmda are the tables' q10)."""
    v = table.defaults()
    return float(f"{v['q10'] ** ((TEMP_REF - v['temp_ref']) / 10.0) / v['tau_decay']:.6g}")


BETA_AMPA = _closing_rate(AMPA_TABLE)
BETA_NMDA = _closing_rate(NMDA_TABLE)
ONE_AMPA = ("1/tau_decay of ampa (2 ms at 35 C) at 22 C by ampa's q10 (one AMPA decay at every temperature, "
            "issue 13; it was 0.19 /ms, a 5.3 ms decay, Destexhe et al. 1994); ei_models.mechanisms.eaat._closing_rate")
ONE_NMDA = ("1/tau_decay of nmda (70 ms at 37 C, GluN2A) at 22 C by nmda's q10 (one NMDA decay at every temperature, "
            "issue 13; it was 0.0066 /ms, a 152 ms decay, Destexhe et al. 1994); ei_models.mechanisms.eaat._closing_rate")
Q10_AMPA = "ampa's q10 (one AMPA): " + AMPA_TABLE["q10"].source
Q10_NMDA = "nmda's q10 (one NMDA): " + NMDA_TABLE["q10"].source
Q10_TRANSPORT = ("assumed 3: no measured Q10 of EAAT turnover found (searched: Wadiche & Kavanaugh 1998, J Neurosci "
                 "18:7650: EAAT1 glutamate flux much more temperature dependent than its Cl- flux; Bergles & Jahr 1998, "
                 "J Neurosci 18:7709: astrocyte transporter currents larger and faster at 36 than at 24 C; Otis & "
                 "Kavanaugh 2000, Grewer et al. 2000: room temperature only; numbers not in the texts found); 3 is the "
                 "lower end of the Q10 3-6 measured for the transport rate of the Na+-coupled cotransporters rGAT1 and "
                 "KAAT1 (Bossi et al. 2012, Int J Mol Sci 13:15565); Km unchanged (Bossi et al. saw the apparent Km "
                 "of rGAT1 rise with temperature; not modelled)")
JS1990 = "Jahr & Stevens 1990, J Neurosci 10:3178"
VESICLE = "Burger et al. 1989, Neuron 3:715; Riveros et al. 1986, Brain Res 386:405 (~4000 glutamate per vesicle)"
GEOMETRY = ("Lehre & Danbolt 1998 (1.4 um2 astrocyte membrane per um3 tissue) / Nicholson & Sykova 1998, "
            "Trends Neurosci 21:207 (extracellular fraction 0.2)")

#: The subtype table: (name, alias, Km mM, turnover /ms, density on astrocytes /um2, density on
#: neurons /um2, anion/coupled current ratio at 100 mV anion driving force, sources)
SUBTYPES = (
    ("EAAT1", "GLAST", 0.020, 0.03, 2300.0, 0.0, 1.0, (KM_OOCYTE, WADICHE95, LD1998, LD1998, ANION)),
    ("EAAT2", "GLT-1", 0.018, 0.03, 8500.0, 0.0, 0.2, (KM_OOCYTE, WADICHE95, LD1998,
                                                        "terminal GLT-1 (Furness et al. 2008, Neuroscience 157:80) omitted by default", ANION)),
    ("EAAT3", "EAAC1", 0.028, 0.03, 0.0, 40.0, 0.2, (KM_OOCYTE, GREWER00, "not on astrocytes (Rothstein et al. 1994, Neuron 13:713)", HOLMSETH, ANION)),
    ("EAAT4", "EAAT4", 0.0025, 0.003, 0.0, 0.0, 20.0, (WK1998, WK1998, "Purkinje cells only (Dehnes et al. 1998, J Neurosci 18:3606)",
                                                       "absent from CA1; see tissue='cerebellum'", WK1998)),
    ("EAAT5", "EAAT5", 0.061, 0.003, 0.0, 0.0, 50.0, (ARRIZA97, ARRIZA97, "retinal neurons only (Arriza et al. 1997)",
                                                      "absent from CA1; see tissue='retina'", ARRIZA97)),
)
K = range(1, 6)


def _subtype_parameters():
    rows = []
    for k, (name, alias, km, kcat, da, dn, an, src) in zip(K, SUBTYPES):
        label = f"{name} ({alias})" if alias != name else name
        rows += [
            Parameter(f"km{k}", km, "mM", "(0, inf)", src[0], f"{label} glutamate affinity Km (> 0)"),
            Parameter(f"kcat{k}", kcat, "/ms", "[0, inf)", src[1], f"{label} turnover: glutamate per transporter per ms"),
            Parameter(f"dens_astro{k}", da, "/um2", "[0, inf)", src[2], f"{label} density on astrocyte membrane (>= 0)"),
            Parameter(f"dens_neuron{k}", dn, "/um2", "[0, inf)", src[3], f"{label} density on neuronal membrane (>= 0)"),
            Parameter(f"anion{k}", an, "1", "[0, inf)", src[4], f"{label} anion / coupled current at 100 mV anion driving force"),
            Parameter(f"block{k}", 0.0, "1", "[0, 1]", "pharmacology (0 = none, 1 = full block)", f"{label} fraction blocked"),
        ]
    return tuple(rows)


TABLE = ParameterTable(
    "eaat",
    (
        Parameter("vol_cleft", 0.0015, "um3", "(0, inf)", "cleft disc, radius 0.15 um, height 20 nm (Harris & Sultan 1995, Neuropharmacology 34:1387)", "cleft volume (> 0)"),
        Parameter("vol_ecs", 1.0, "um3", "(0, inf)", GEOMETRY, "well-mixed extrasynaptic volume around the synapse (> 0)"),
        Parameter("area_astro", 7.0, "um2", "[0, inf)", GEOMETRY, "astrocyte membrane facing vol_ecs (1.4/0.2 um2 per um3)"),
        Parameter("area_neuron", 17.5, "um2", "[0, inf)", "neuropil neuronal membrane 3.5 um2/um3 tissue / 0.2 (model choice)", "neuronal membrane facing vol_ecs"),
        Parameter("k_diff", 5.0, "/ms", "(0, inf)", DIFFUSION, "cleft <-> extrasynaptic exchange rate (1/0.2 ms)"),
        Parameter("n_glu", 4000.0, "1", "[0, inf)", VESICLE, "glutamate molecules per vesicle (event weight 1)"),
        Parameter("alpha_ampa", 1.1, "/mM/ms", "[0, inf)", DMS1994, "AMPA glutamate binding rate"),
        Parameter("beta_ampa", BETA_AMPA, "/ms", "(0, inf)", ONE_AMPA, "AMPA unbinding/closing rate at temp_ref"),
        Parameter("alpha_nmda", 0.072, "/mM/ms", "[0, inf)", DMS1994, "NMDA glutamate binding rate"),
        Parameter("beta_nmda", BETA_NMDA, "/ms", "(0, inf)", ONE_NMDA, "NMDA unbinding rate at temp_ref"),
        Parameter("g_ampa", 0.001, "uS", "[0, inf)", "model choice (1 nS fully open)", "AMPA maximal conductance"),
        Parameter("g_nmda", 0.001, "uS", "[0, inf)", "model choice (1 nS fully open)", "NMDA maximal conductance"),
        Parameter("e_syn", 0.0, "mV", "[-100, 100]", "Mayer & Westbrook 1987, Prog Neurobiol 28:197", "AMPA/NMDA reversal potential"),
        Parameter("mg", 1.0, "mM", "[0, inf)", "physiological [Mg2+]o", "extracellular [Mg2+] (NMDA block)"),
        Parameter("mg_k0", MG_K0_JS1990, "mM", "(0, inf)", JS1990, "Mg2+ dissociation constant at 0 mV"),
        Parameter("mg_gamma", MG_GAMMA_JS1990, "/mV", "[0, inf)", JS1990, "voltage dependence of the Mg2+ block"),
        Parameter("e_anion", -65.0, "mV", "[-150, 50]", "E_Cl of a mature neuron (model choice)", "reversal of the EAAT anion conductance"),
        Parameter("v_astro", -85.0, "mV", "[-150, 50]", "Bergles & Jahr 1997, Neuron 19:1297 (astrocyte resting potential)", "astrocyte membrane potential"),
        *temperature_parameters(TEMP_REF, TEMP_SOURCE, {
            "ampa": (AMPA_TABLE["q10"].value, Q10_AMPA),
            "nmda": (NMDA_TABLE["q10"].value, Q10_NMDA),
            "transport": (3.0, Q10_TRANSPORT),
        }),
    ) + _subtype_parameters(),
    presets={
        "tissue": (
            Preset("hippocampus", {"dens_astro1": 2300.0, "dens_astro2": 8500.0, "dens_neuron3": 40.0,
                                   "dens_neuron4": 0.0, "dens_neuron5": 0.0}, LD1998, "CA1 stratum radiatum"),
            Preset("cerebellum", {"dens_astro1": 4700.0, "dens_astro2": 2800.0, "dens_neuron3": 40.0,
                                  "dens_neuron4": 1800.0, "dens_neuron5": 0.0},
                   "Lehre & Danbolt 1998 (molecular layer GLAST 4700, GLT-1 2800 /um2); Dehnes et al. 1998 (EAAT4 in Purkinje spines, "
                   "density of the order of GLT-1 there)", "Purkinje cell synapse"),
            Preset("retina", {"dens_astro1": 2300.0, "dens_astro2": 8500.0, "dens_neuron3": 0.0,
                              "dens_neuron4": 0.0, "dens_neuron5": 1000.0},
                   "Arriza et al. 1997 (EAAT5 in photoreceptor/bipolar terminals; density a model choice)", "retinal ribbon synapse"),
        ),
        "blocker": (
            Preset("none", {f"block{k}": 0.0 for k in K}, "no drug"),
            Preset("DHK", {"block1": 0.0, "block2": 1.0, "block3": 0.0, "block4": 0.0, "block5": 0.0}, ARRIZA94,
                   "dihydrokainate: selective EAAT2 block"),
            Preset("TBOA", {f"block{k}": 1.0 for k in K}, "Shimamoto et al. 1998, Mol Pharmacol 53:195", "DL-TBOA: all EAATs"),
        ),
    },
)


MECHANISM = Mechanism(
    name="eaat",
    kind="point_process",
    title="Cleft glutamate cleared by EAAT1-5 (Km, turnover, density; astrocytes and neurons) driving AMPA/NMDA",
    table=TABLE,
    traces={"glu": "glu", "glu_ecs": "glu_ecs", "i": "I", "i_ampa": "I_ampa", "i_nmda": "I_nmda",
            "i_astro": "I_astro", "i_neuron": "I_neuron", "uptake_astro": "uptake_astro",
            "uptake_neuron": "uptake_neuron", "o_ampa": "o_ampa", "o_nmda": "o_nmda"},
    weight_unit="1",
    nonnegative=("C", "E", "Ra", "Rn", "glu", "glu_ecs", "o_ampa", "o_nmda", "mgb", "uptake_astro",
                 "uptake_neuron", "anion_astro", "anion_neuron"),
    # open fractions of the two-state receptors and the Mg2+ unblocked fraction
    bounded={k: (lambda v, w: (0.0, 1.0)) for k in ("Ra", "Rn", "o_ampa", "o_nmda", "mgb")},
)


# -- the per-subtype lines of mod/eaat.mod and equations/eaat.eqs, written from SUBTYPES ---------
_ROWS = ("km", "kcat", "dens_astro", "dens_neuron", "anion", "block")


def _flux(k, where):
    """Uptake of subtype k on ``where`` ("astro" or "neuron") per unit membrane area."""
    return f"qt_transport*kcat{k}*(1 - block{k})*dens_{where}{k}*E/(km{k} + E)"


def _mod_blocks():
    from ..generated import parameter_line

    rates = []
    for k in K:
        for where in ("astro", "neuron"):
            rates += [f"    j = area_{where} * qt_transport * kcat{k} * (1 - block{k}) * dens_{where}{k} * E / (km{k} + E)",
                      f"    uptake_{where} = uptake_{where} + j",
                      f"    anion_{where} = anion_{where} + anion{k} * j"]
    return {
        "subtype-ranges": "\n".join("    RANGE " + ", ".join(f"{r}{k}" for r in _ROWS) for k in K),
        "subtype-parameters": "\n".join(parameter_line(TABLE[f"{r}{k}"]) for k in K for r in _ROWS),
        "newton-locals": "\n".join(
            ["    LOCAL " + ", ".join(f"a{k}" for k in K) + ", q, en, de, u, up, it, h, ue, Cn, Ran, Rnn, h_max, nsub, isub, es"]
            + [f"    a{k} = per_ecs * (area_astro * dens_astro{k} + area_neuron * dens_neuron{k}) * qt_transport * kcat{k} * (1 - block{k})"
               for k in K]),
        "newton-uptake": "\n".join([
            "                u = " + " + ".join(f"a{k} * en / (km{k} + en)" for k in K),
            "                up = " + " + ".join(f"a{k} * km{k} / ((km{k} + en) * (km{k} + en))" for k in K)]),
        "cvode-uptake": "        ue = " + " + ".join(f"a{k} / (km{k} + E)" for k in K),
        "subtype-rates": "\n".join(rates),
    }


def _eqs_blocks():
    lines = []
    for where in ("astro", "neuron"):
        lines.append(f"uptake_{where} = area_{where}*(" + " + ".join(_flux(k, where) for k in K) + ") : 1/second")
    for where in ("astro", "neuron"):
        lines.append(f"anion_{where} = area_{where}*(" + " + ".join(f"anion{k}*{_flux(k, where)}" for k in K) + ") : 1/second")
    return {"subtype-uptake": "\n".join(lines)}


#: blocks of the checked-in files written from the subtype table (see ei_models.generated)
GENERATED = {"mod/eaat.mod": _mod_blocks, "equations/eaat.eqs": _eqs_blocks}
