"""Short-term plasticity (``tsodyks_markram``) in front of any Brian2 receptor model.

``synapse_model(receptor, stp={...})`` calls :func:`with_stp`: the plasticity's per-synapse state
and its ``on_pre`` code (``equations/tsodyks_markram.eqs``, every name suffixed ``_stp``) run
before the receptor's ``on_pre``, whose event weight ``w`` becomes ``w * r_stp`` (``r_stp`` the
spike's efficacy: ``n_sites u x`` deterministic, the vesicles released in the stochastic mode).
The receptor's equations are unchanged, so ``w`` keeps its meaning (peak conductance of an event
of unit efficacy) and ``make_synapses(..., weight=...)`` still sets it. The state starts at zero,
which is the rested synapse (u = 0, x = 1, every site full), so nothing needs initialising.

As in NEURON, ``stp`` options are the mechanism's table (``U``, ``tau_rec``, ``tau_fac``,
``n_sites``, ``stochastic``), its presets (``connection="E1"``) and aliases (``u_syn`` ...).
Difference from NEURON: a spike that releases nothing (stochastic, ``r_stp = 0``) still runs the
receptor's ``on_pre`` with weight 0, which for the pulse receptors (``gabaa_gamma2``,
``gabab_girk``) ends a pulse still running from a spike less than ``cdur`` before; NEURON sends
no event then.
"""

from __future__ import annotations

import dataclasses
import re

from brian2 import Equations

from .. import mechanisms
from ..errors import ParameterError

NAME = "tsodyks_markram"
SUFFIX = "_stp"
#: names in the plasticity's code that are not its own (Brian2 built-ins, the shared binomial)
_BUILTIN = {"t", "dt", "exp", "rand", "release_count", "int", "clip"}


def _rename(code: str, rename: dict) -> str:
    return re.sub(r"\b[A-Za-z_]\w*\b", lambda m: rename.get(m.group(0), m.group(0)), code)


def with_stp(receptor, options: dict):
    """Compose ``tsodyks_markram`` with a receptor :class:`~ei_models.brian2.SynapseModel`."""
    from . import read_equations

    if receptor.name == NAME:
        raise ParameterError(f"{NAME} cannot be composed with itself; use synapse_model({NAME!r})")
    mech = mechanisms.get(NAME)
    values = mech.resolve(options, brian2_units=True)
    if "w" not in receptor.model.names or not re.search(r"\bw\b", receptor.on_pre):
        raise ParameterError(f"stp needs {receptor.name}'s event weight w in its on_pre (it cannot be combined "
                             "with release=..., which replaces w)")
    sections = read_equations(NAME)
    namespace = mech.table.brian2_namespace(values)
    namespace.update(mech.derived(values))
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
