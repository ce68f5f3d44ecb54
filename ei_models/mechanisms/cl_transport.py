"""``cl_transport``: intracellular chloride set by the cation-chloride cotransporters KCC2
(extrusion) and NKCC1 (uptake), each driven by its own thermodynamic force, and loaded by the
segment's chloride currents. See ``mod/cl_transport.mod``.

``cl_kcc2`` (first-order relaxation to a fixed resting [Cl-]i) stays as the simpler model; here
the resting [Cl-]i is not a parameter but where the two fluxes balance
(:func:`ei_models.physics.chloride_transport_balance`), so an NKCC1-dominated (immature) cell
has a high [Cl-]i and depolarizing GABA, a KCC2-dominated (mature) one a low [Cl-]i, and an
NKCC1 blocker (bumetanide) lowers it (validation case V18).

Temperature: both cotransport coefficients (``g_kcc2``, ``g_nkcc1``) are Q10-scaled, qt_transport =
q10_transport**((celsius - temp_ref)/10), from NEURON's ``h.celsius`` and, in Brian2, the
``celsius`` of ``ion_values``; celsius outside 0-45 C is a ParameterError in both simulators. The
default q10_transport = 1 (no measured Q10 found, see its source) keeps the rates
temperature-independent unless set; the steady [Cl-]i does not depend on a common factor of the
two rates at all (only the thermodynamic forces, through RT/F, follow celsius)."""

import math

from ..ions import TABLE as ION_TABLE
from ..params import Parameter, ParameterTable, Preset, _parse_bounds, bound_condition, temperature_parameters
from ..physics import chloride_transport_balance
from . import Mechanism

THERMO = ("flux linear in the cotransport free energy: Brumback & Staley 2008, J Neurosci 28:1301; "
          "Doyon et al. 2011, PLoS Comput Biol 7:e1002149; Duesterwald et al. 2018, eLife 7:e39575")
TAU = ("set so that [Cl-]i recovers from a load with tau ~ 2-3 s in a 1 um shell (Staley & Proctor 1999, "
       "J Physiol 519:693; cl_kcc2's tau_kcc2)")
DEV = ("Rivera et al. 1999, Nature 397:251 (KCC2 up-regulation ends depolarizing GABA); Yamada et al. 2004, "
       "J Physiol 557:829 (NKCC1 dominates in immature neurons); Ben-Ari 2002, Nat Rev Neurosci 3:728")
#: the Q10 of the cation-chloride cotransporters (cl_transport and cl_kcc2)
Q10_CCC = ("no measured Q10 found (searched: KCC2 / NKCC1 cotransport vs temperature, Q10 of Cl- extrusion; the "
           "reviews found (Kaila et al. 2014, Nat Rev Neurosci 15:637; Payne 2010) give none): "
           "temperature-independent unless set")
BUMETANIDE = ("Dzhala et al. 2005, Nat Med 11:1205 (10 uM bumetanide, NKCC1 IC50 ~ 0.1-0.5 uM, blocks NKCC1; "
              "KCC2 is ~ 100x less sensitive)")

TABLE = ParameterTable(
    "cl_transport",
    (
        Parameter("g_kcc2", 0.001, "S/cm2", "[0, inf)", f"{THERMO}; {TAU}",
                  "KCC2 Cl- transport per unit K+-Cl- driving force (E_K - E_Cl)"),
        Parameter("g_nkcc1", 0.0002, "S/cm2", "[0, inf)", f"{THERMO}; {DEV} (mature cells keep some NKCC1)",
                  "NKCC1 Cl- transport per unit Na+-K+-2Cl- driving force (E_Na + E_K - 2 E_Cl)"),
        Parameter("nkcc1_block", 0.0, "1", "[0, 1]", BUMETANIDE, "fraction of NKCC1 blocked (bumetanide)"),
        Parameter("depth", 1.0, "um", "(0, inf)", "Doyon et al. 2011, PLoS Comput Biol 7:e1002149 (shell, modelling choice)",
                  "depth of the submembrane shell"),
        *temperature_parameters(37.0, "assumed 37 C: g_kcc2, g_nkcc1 are set for the body-temperature model (V18 runs at "
                                      "37 C); with q10_transport = 1 it does not matter", {"transport": (1.0, Q10_CCC)}),
    ),
    presets={
        "stage": (
            Preset("mature", {"g_kcc2": 0.001, "g_nkcc1": 0.0002}, DEV, "KCC2-dominated: low [Cl-]i, hyperpolarizing GABA"),
            Preset("immature", {"g_kcc2": 0.0003, "g_nkcc1": 0.0004}, DEV,
                   "NKCC1-dominated (neonatal): high [Cl-]i, depolarizing GABA"),
        ),
        "drug": (
            Preset("none", {"nkcc1_block": 0.0}, "control", "no cotransporter blocker"),
            Preset("bumetanide", {"nkcc1_block": 1.0}, BUMETANIDE, "10 uM bumetanide: NKCC1 blocked"),
        ),
    },
)

#: the ion values the transport reads (NEURON: the segment's k, na and cl ions)
IONS = ("cli", "clo", "ki", "ko", "nai", "nao", "celsius")


def steady_state(values, ion_values):
    """Closed form of the transport balance (no chloride current): ``(cli, e_cl)`` in mM, mV,
    for the resolved parameter ``values`` and the ion table values ``ion_values``."""
    e = ion_values
    return chloride_transport_balance(values["g_kcc2"], values["g_nkcc1"] * (1.0 - values["nkcc1_block"]),
                                      e["ki"], e["ko"], e["nai"], e["nao"], e["clo"], e["celsius"])


def _initial(values):
    """INITIAL: cli starts at the segment's value, which ei_models.neuron.insert sets to the ion
    table's (NEURON re-initializes a written concentration from cli0_cl_ion); the same in Brian2."""
    return {"cli": ION_TABLE["cli"].value}


# -- the finitialize guard, in hoc -------------------------------------------------------------
#: the segment concentrations cl_transport takes the logarithm of (mM; checked > 0 and finite)
LOG_CONCENTRATIONS = ("cli", "clo", "ki", "ko", "nai", "nao")
#: hoc FInitializeHandlers installed in this process, by mechanism name (kept alive here)
_HANDLERS: dict = {}


def hoc_guard_source(name: str, concentrations=()) -> str:
    """hoc code defining ``proc <neuron name>_guard()``: at every segment carrying mechanism
    ``name`` it checks each table parameter against its table bounds (and each of the segment
    ``concentrations`` to be positive and finite) and stops with ``execerror`` naming the
    mechanism, the parameter, its value, the range, the segment and the fix, the same message as
    the C guard of the other mechanisms (``ei_models.generated.guard_block``), so that
    ``ein.finitialize`` turns it into a ParameterError.

    Why hoc: cl_kcc2 and cl_transport WRITE cli, and NEURON 9.0.2's nmodl transpiler aborts on
    any VERBATIM in such a mechanism ('Not implemented. [wiejo]', from the macro set-up it writes
    for VERBATIM, which cannot name the ion's style index); without VERBATIM, nocmodl passes
    the thread arguments to any C function it does not know (hoc_execerror), and the one it
    knows (prterr) is missing from CoreNEURON, which compiles the same files."""
    from . import get
    from ..generated import GUARD_PREFIX

    mech = get(name)
    suffix = mech.neuron_name
    fix = f"set it within the range (ei_models.neuron.insert({name!r}, ...) checks values before NEURON sees them)"
    checks = []
    for p in mech.table:
        unit = "" if p.unit == "1" else f" {p.unit}"
        var = f"{p.name}_{suffix}(x)"
        checks.append((bound_condition(var, *_parse_bounds(p.bounds)), var,
                       f"{GUARD_PREFIX} {name}: {p.name} = %g{unit} is outside its range {p.bounds}{unit} "
                       f"(at %s(%g)); {fix}"))
    if mech.temperature:  # Q10 scaling: the C guard's celsius check (ei_models.generated.guard_block)
        checks.append((bound_condition("celsius", *_parse_bounds("[0, 45]")), "celsius",
                       f"{GUARD_PREFIX} {name}: celsius = %g degC (at %s(%g)) is outside [0, 45] degC, the range of "
                       f"its Q10 temperature scaling; set h.celsius within it (e.g. 37) before finitialize"))
    for ion in concentrations:
        var = f"{ion}(x)"
        ion_name = ion[:-1]
        checks.append((bound_condition(var, 0.0, False, math.inf, False), var,
                       f"{GUARD_PREFIX} {name}: {ion} = %g mM (at %s(%g)) must be positive and finite (the "
                       f"cotransport fluxes are logarithmic in it); set {ion}0_{ion_name}_ion, which NEURON starts "
                       f"the segments from, or seg.{ion} (e.g. the ion table's {ION_TABLE[ion].value:g} mM)"))
    # float_epsilon = 0 only around each condition: hoc's comparisons are then exact, while the
    # segment loop needs the usual epsilon (with 0, for (x, 0) also visits x = 0 and 1)
    # the section as Python names it (hoc names a Python-made section "_pysec.<name>")
    lines = ['if (name_declared("ei_models_guard_msg") == 0) { execute1("strdef ei_models_guard_msg") }',
             'if (name_declared("ei_models_guard_sec") == 0) { execute1("strdef ei_models_guard_sec") }',
             'if (name_declared("ei_models_guard_str") == 0) { execute1("objref ei_models_guard_str") }',
             "ei_models_guard_str = new StringFunctions()",
             f"proc {suffix}_guard() {{ local x, eps, ok", "    eps = float_epsilon",
             f'    forall if (ismembrane("{suffix}")) for (x, 0) {{']
    for condition, var, message in checks:
        if '"' in message or "\\" in message or message.count("%") != 3:
            raise ValueError(f"guard message {message!r} cannot be put into hoc")
        lines += ["        float_epsilon = 0",
                  f"        ok = {condition}",
                  "        float_epsilon = eps",
                  "        if (!ok) {",
                  "            ei_models_guard_sec = secname()",
                  '            if (ei_models_guard_str.substr(ei_models_guard_sec, "_pysec.") == 0) {',
                  "                ei_models_guard_str.right(ei_models_guard_sec, 7)",
                  "            }",
                  f'            sprint(ei_models_guard_msg, "{message}", {var}, ei_models_guard_sec, x)',
                  "            execerror(ei_models_guard_msg)",
                  "        }"]
    lines += ["    }", "}"]
    return "\n".join(lines)


def hoc_guard(name: str, concentrations=()):
    """The ``Mechanism.hoc_guard`` of ``name``: a function that defines its hoc guard
    (:func:`hoc_guard_source`) and runs it at every finitialize, after the INITIAL blocks, from
    a hoc FInitializeHandler (a hoc ``execerror`` there raises a RuntimeError from
    ``h.finitialize`` and leaves NEURON usable; a Python exception in a Python handler does
    not). Called once per process by ``ei_models.neuron.load``; idempotent."""

    def install():
        if name in _HANDLERS:
            return
        from neuron import h

        from . import get

        if not h.name_declared(get(name).neuron_name):
            return  # a library without it (a subset build): its hoc names would not parse
        h(hoc_guard_source(name, concentrations))
        _HANDLERS[name] = h.FInitializeHandler(1, f"{get(name).neuron_name}_guard()")

    return install


MECHANISM = Mechanism(
    name="cl_transport",
    kind="density",
    title="Intracellular Cl- set by KCC2 and NKCC1 cotransport (gradient-driven) and loaded by GABA_A currents",
    table=TABLE,
    ions=IONS,
    traces={"cli": "cli", "e_cl": "e_cl", "j_kcc2": "j_kcc2", "j_nkcc1": "j_nkcc1"},
    weight_unit="",
    nonnegative=("cli",),
    initial=_initial,
    hoc_guard=hoc_guard("cl_transport", LOG_CONCENTRATIONS),
)
