"""``tsodyks_markram``: short-term depression and facilitation in front of any receptor.

Deterministic Tsodyks-Markram dynamics (Tsodyks, Pawelzik & Markram 1998, Neural Comput 10:821;
Markram, Wang & Tsodyks 1998, PNAS 95:5323) updated exactly from spike to spike, or (``stochastic
= 1``) a pool of ``n_sites`` release sites refilling with ``tau_rec`` and releasing with the
facilitated probability ``u`` (Fuhrmann et al. 2002, J Neurophysiol 87:140). The model is written
out in ``mod/tsodyks_markram.mod``; NEURON composes it with a receptor through
:func:`ei_models.neuron.forward`, Brian2 through ``synapse_model(receptor, stp={...})``
(:func:`compose_brian2`). :func:`efficacies` is the closed-form recursion both are checked
against.

``tau_fac = 0`` is allowed and means no facilitation (``u = U`` at every spike: the depression-only
model), as in NEST's ``tsodyks2_synapse`` and the Blue Brain synapses. The SONATA / Blue Brain
edge fields ``u_syn``, ``depression_time``, ``facilitation_time`` and ``n_rrp_vesicles`` are
accepted as aliases of ``U``, ``tau_rec``, ``tau_fac`` and ``n_sites``. The parameters of the 1997
depression-only model (``U_SE``, ``A_SE``, ``tau_inact``/``tau_in``) are refused with a message
saying what replaces them here.

Presets (``connection=...``), every one a fit, so none is evidence for the model: ``depressing``
(Tsodyks, Pawelzik & Markram 1998 Fig 1, fit to Tsodyks & Markram 1997 pyramid -> pyramid data),
``facilitating`` (Markram, Wang & Tsodyks 1998 Fig 4, fit to that pyramid -> interneuron
connection), ``I1``-``I3`` (Gupta, Wang & Markram 2000, Science 287:273: class means of the
inhibitory classes F1-F3), ``E2`` (the Blue Brain excitatory class E2, pyramidal -> pyramidal,
Markram et al. 2015, Cell 163:456). ``E1`` and ``E3`` say "untraced" in their source: they are
not from Gupta et al. 2000 (which has no excitatory classes), and no source text giving their
values was found.
"""

from __future__ import annotations

import math
import re

import numpy as np

from ..errors import ParameterError
from ..params import Parameter, ParameterTable, Preset
from . import Mechanism, Presynaptic
from .release import MAX_SITES, RNG, whole_numbers

TPM98 = "Tsodyks, Pawelzik & Markram 1998, Neural Comput 10:821"
MWT98 = "Markram, Wang & Tsodyks 1998, PNAS 95:5323"
#: Gupta et al. 2000 name the three inhibitory synapse classes F1 (facilitating), F2 (depressing) and
#: F3 (pseudo-linear); the Blue Brain model and the issue call them I1-I3. Each value is the class
#: mean of per-connection fits of the model to that connection's own trains: a fit, not a prediction.
GUPTA_I = ("Gupta, Wang & Markram 2000, Science 287:273, class means of the inhibitory classes F1-F3 "
           "(fit per connection to its own trains)")
#: The excitatory classes E1-E3 are not from Gupta et al. 2000 (a paper on GABAergic synapses, which
#: has no excitatory classes). They are the excitatory synapse classes of the Blue Brain neocortical
#: microcircuit (Markram et al. 2015, Cell 163:456), each a class mean of Tsodyks-Markram fits to
#: paired recordings. E2 is traced, at second hand: U 0.50 +/- 0.02, D 671 +/- 17 ms, F 17 +/- 5 ms
#: is the E2 (pyramidal -> pyramidal) class of the Blue Brain recipe's SynapsesClassification and is
#: attributed to Markram et al. 2015 / Ecker et al. 2020 (Hippocampus, PMC7687201) by a secondary
#: summary; we did not read those values in the primary papers' text. E1 and E3 are NOT traced: we
#: found no source text giving (0.09, 138 ms, 670 ms) or (0.29, 329 ms, 326 ms); the values are kept,
#: flagged as untraced.
BBP_E2 = ("Markram et al. 2015, Cell 163:456, Blue Brain excitatory class E2 (pyramidal -> pyramidal): class "
          "mean of fits to paired recordings, U 0.50 +/- 0.02, D 671 +/- 17 ms, F 17 +/- 5 ms as in the Blue "
          "Brain recipe and attributed (second hand) to Markram et al. 2015 / Ecker et al. 2020, Hippocampus, "
          "PMC7687201; not Gupta et al. 2000")
UNTRACED_E = ("untraced: not Gupta, Wang & Markram 2000 (inhibitory synapses only); presumably a Blue Brain "
              "excitatory class mean of fits (Markram et al. 2015, Cell 163:456), but no source text giving "
              "these values was found")
FUHRMANN = "Fuhrmann, Segev, Markram & Tsodyks 2002, J Neurophysiol 87:140"


def _whole_numbers(values):
    if values["stochastic"] not in (0.0, 1.0):
        return f"stochastic must be 0 (deterministic) or 1 (stochastic vesicle pool), got {values['stochastic']:g}"
    return whole_numbers(values, "n_sites (N, n_rrp_vesicles)")


def _presets():
    def p(name, U, rec, fac, source, doc):
        return Preset(name, {"U": U, "tau_rec": rec, "tau_fac": fac}, source, doc)

    return (
        p("depressing", 0.5, 800.0, 0.0, f"{TPM98} Fig 1, fit to the pyramid -> pyramid data of Tsodyks & Markram 1997, PNAS 94:719",
          "layer 5 pyramidal -> pyramidal: depressing, no facilitation"),
        p("facilitating", 0.03, 130.0, 530.0, f"{MWT98} Fig 4 (legend), fit to that pyramid -> interneuron connection",
          "pyramidal -> interneuron: facilitating"),
        p("E1", 0.09, 138.0, 670.0, f"E1 {UNTRACED_E}", "class E1 (facilitating) excitatory synapse"),
        p("E2", 0.5, 671.0, 17.0, BBP_E2, "class E2 (depressing) excitatory synapse, pyramidal -> pyramidal"),
        p("E3", 0.29, 329.0, 326.0, f"E3 {UNTRACED_E}", "class E3 (pseudo-linear) excitatory synapse"),
        p("I1", 0.16, 45.0, 376.0, GUPTA_I, "class I1 (Gupta's F1, facilitating) inhibitory synapse"),
        p("I2", 0.25, 706.0, 21.0, GUPTA_I, "class I2 (Gupta's F2, depressing) inhibitory synapse"),
        p("I3", 0.32, 144.0, 62.0, GUPTA_I, "class I3 (Gupta's F3, pseudo-linear) inhibitory synapse"),
    )


TABLE = ParameterTable(
    "tsodyks_markram",
    (
        Parameter("U", 0.5, "1", "(0, 1]", TPM98, "utilisation increment per spike, release probability at rest (u_syn)"),
        Parameter("tau_rec", 800.0, "ms", "(0, inf)", TPM98, "recovery time constant of the resources (depression_time)"),
        Parameter("tau_fac", 0.0, "ms", "[0, inf)", TPM98,
                  "facilitation time constant; 0 = no facilitation (facilitation_time)"),
        Parameter("n_sites", 1.0, "1", f"[1, {MAX_SITES}]", FUHRMANN,
                  "release sites N (stochastic; n_rrp_vesicles); deterministic efficacy is N u x"),
        Parameter("stochastic", 0.0, "1", "[0, 1]", FUHRMANN, "0: deterministic model; 1: stochastic vesicle pool"),
        Parameter("seed", 1.0, "1", "[0, 4294967295]", RNG, "Random123 id 1 (NEURON; Brian2 uses brian2.seed)"),
        Parameter("stream", 0.0, "1", "[0, 4294967295]", RNG, "Random123 id 2: per-synapse stream (NEURON)"),
    ),
    presets={"connection": _presets()},
    checks=(_whole_numbers,),
)


def _alias(target):
    def solve(value, ions):
        return {target: value}

    return solve


def _refuse(name, instead):
    def solve(value, ions):
        raise ParameterError(
            f"tsodyks_markram: {name} is a parameter of the 1997 depression-only model (Tsodyks & Markram 1997, "
            f"PNAS 94:719), not of this facilitating one; {instead}")

    return solve


ALIASES = {
    # SONATA / Blue Brain edge fields
    "u_syn": ("1", _alias("U")),
    "depression_time": ("ms", _alias("tau_rec")),
    "facilitation_time": ("ms", _alias("tau_fac")),
    "n_rrp_vesicles": ("1", _alias("n_sites")),
    "N": ("1", _alias("n_sites")),
    # the 1997 model's names: refused with what replaces them
    "U_SE": ("1", _refuse("U_SE", "give U (the utilisation increment; with tau_fac = 0 it is U_SE)")),
    "A_SE": ("1", _refuse("A_SE", "the absolute efficacy is the receptor's event weight (forward(weight=...) / w)")),
    "tau_inact": ("ms", _refuse("tau_inact", "the current's decay is the receptor's own (e.g. tau_decay of ampa)")),
    "tau_in": ("ms", _refuse("tau_in", "the current's decay is the receptor's own (e.g. tau_decay of ampa)")),
    "tau_psc": ("ms", _refuse("tau_psc", "the current's decay is the receptor's own (e.g. tau_decay of ampa)")),
}


def efficacies(values, times) -> dict:
    """Closed-form event-to-event recursion for the spike times ``times`` (ms, increasing).

    Returns arrays ``u`` (after each spike's increment), ``x`` (available fraction just before
    each spike), ``r = n_sites u x`` (the deterministic efficacy, and the stochastic model's
    mean) and ``var = n_sites u x (1 - u x)`` (the stochastic release count's variance: every
    site is an independent two-state chain, so the count is binomial with probability u x).
    """
    U, rec, fac, n = values["U"], values["tau_rec"], values["tau_fac"], values["n_sites"]
    times = np.asarray(times, float)
    u_out, x_out = np.empty(len(times)), np.empty(len(times))
    u, x_left, t_prev = 0.0, 1.0, 0.0
    for k, t in enumerate(times):
        h = t - t_prev
        u = U + (1.0 - U) * u * math.exp(-h / fac) if fac > 0 else U
        x = 1.0 - (1.0 - x_left) * math.exp(-h / rec)
        u_out[k], x_out[k] = u, x
        x_left, t_prev = x * (1.0 - u), t
    p = u_out * x_out
    return {"u": u_out, "x": x_out, "r": n * p, "var": n * p * (1.0 - p)}


def steady_state(values, rate_hz) -> dict:
    """Steady state of a regular train at ``rate_hz`` (fixed point of the recursion, h = 1/rate):
    u* = U / (1 - (1 - U) e^(-h/tau_fac)), x* = (1 - e^(-h/tau_rec)) / (1 - (1 - u*) e^(-h/tau_rec)),
    efficacy n_sites u* x*. At high rates x* -> h / (u* tau_rec), so the efficacy falls as 1/f
    (Tsodyks & Markram 1997) and the transmitted rate r* f tends to n_sites / tau_rec."""
    U, rec, fac, n = values["U"], values["tau_rec"], values["tau_fac"], values["n_sites"]
    h = 1000.0 / np.asarray(rate_hz, float)
    uf = (1.0 - U) * np.exp(-h / fac) if fac > 0 else 0.0
    u = U / (1.0 - uf)
    er = np.exp(-h / rec)
    x = (1.0 - er) / (1.0 - (1.0 - u) * er)
    return {"u": u, "x": x, "r": n * u * x}


def _derived(values) -> dict:
    """Brian2 namespace additions (see equations/tsodyks_markram.eqs)."""
    import brian2

    fac = values["tau_fac"]
    return {"fac_on": 1.0 if fac > 0 else 0.0, "tau_fac_eff": (fac if fac > 0 else 1.0) * brian2.ms}


def _brian2_functions() -> dict:
    """The compiled binomial draw of the stochastic mode: ``release``'s ``release_count``."""
    from .release import brian2_functions

    return brian2_functions()


MECHANISM = Mechanism(
    name="tsodyks_markram",
    kind="point_process",
    title="Short-term plasticity: Tsodyks-Markram depression and facilitation, deterministic or stochastic pool",
    table=TABLE,
    traces={"u": "u", "x": "x", "r": "r", "n_rel": "n_rel"},
    aliases=ALIASES,
    derived=_derived,
    brian2_functions=_brian2_functions,
    coreneuron=False,  # POINTER w_out: CoreNEURON has no transfer for it
    weight_unit="1",
    nonnegative=("u", "x", "r", "n_rel", "n_avail"),
    bounded={"u": lambda v, w: (0.0, 1.0), "x": lambda v, w: (0.0, 1.0), "r": lambda v, w: (0.0, v["n_sites"]),
             "n_avail": lambda v, w: (0.0, v["n_sites"])},
    persistent=("u", "x", "r", "n_rel", "n_avail"),
    presynaptic=Presynaptic(keyword="stp", compose=lambda receptor, options: compose_brian2(receptor, options)),
)


# -- Brian2: composition in front of a receptor (synapse_model(receptor, stp={...})) ---------------
SUFFIX = "_stp"
#: names in the plasticity's code that are not its own (Brian2 built-ins, the shared binomial)
_BUILTIN = {"t", "dt", "exp", "rand", "release_count", "int", "clip"}


def _rename(code: str, rename: dict) -> str:
    return re.sub(r"\b[A-Za-z_]\w*\b", lambda m: rename.get(m.group(0), m.group(0)), code)


def compose_brian2(receptor, options: dict):
    """Compose ``tsodyks_markram`` with a receptor :class:`~ei_models.brian2.SynapseModel`
    (``synapse_model(receptor, stp={...})``): the plasticity's per-synapse state and its
    ``on_pre`` code (``equations/tsodyks_markram.eqs``, every name suffixed ``_stp``) run before
    the receptor's ``on_pre``, whose event weight ``w`` becomes ``w * r_stp`` (``r_stp`` the
    spike's efficacy: ``n_sites u x`` deterministic, the vesicles released in the stochastic
    mode). The receptor's equations are unchanged, so ``w`` keeps its meaning (peak conductance
    of an event of unit efficacy) and ``make_synapses(..., weight=...)`` still sets it. The state
    starts at zero, which is the rested synapse (u = 0, x = 1, every site full), so nothing
    needs initialising.

    Difference from NEURON: a spike that releases nothing (stochastic, ``r_stp = 0``) still runs
    the receptor's ``on_pre`` with weight 0, which for the pulse receptors (``gabaa_gamma2``,
    ``gabab_girk``) ends a pulse still running from a spike less than ``cdur`` before; NEURON
    sends no event then.
    """
    import dataclasses

    from brian2 import Equations

    from ..brian2 import read_equations

    if receptor.name == MECHANISM.name:
        raise ParameterError(f"{MECHANISM.name} cannot be composed with itself; use synapse_model({MECHANISM.name!r})")
    mech = MECHANISM
    values = mech.resolve(options, brian2_units=True)
    if "w" not in receptor.model.names or not re.search(r"\bw\b", receptor.on_pre):
        raise ParameterError(f"stp needs {receptor.name}'s event weight w in its on_pre")
    sections = read_equations(MECHANISM.name)
    namespace = mech.table.brian2_namespace(values)
    namespace.update(mech.derived(values))
    namespace.update(mech.brian2_functions())
    own = set(Equations(sections["model"]).names) | set(namespace)
    own |= {m.group(1) for m in re.finditer(r"^\s*(\w+)\s*=", sections["on_pre"], re.M)}  # temporaries
    rename = {n: n + SUFFIX for n in own if n not in _BUILTIN}
    taken = set(receptor.model.names) | set(receptor.namespace)
    clash = taken & set(rename.values())
    if clash:
        raise ParameterError(f"{receptor.name} already uses the name(s) {', '.join(sorted(clash))}; cannot add stp")
    model = receptor.model + Equations(_rename(sections["model"], rename))
    on_pre = _rename(sections["on_pre"], rename) + "\n" + re.sub(r"\bw\b", f"(w * r{SUFFIX})", receptor.on_pre)
    merged_ns = dict(receptor.namespace)
    merged_ns.update({rename.get(k, k): v for k, v in namespace.items()})
    merged = dict(receptor.values)
    merged.update({f"stp.{k}": v for k, v in values.items()})
    return dataclasses.replace(receptor, model=model, on_pre=on_pre, namespace=merged_ns, values=merged,
                               per_synapse=dict(receptor.per_synapse))
