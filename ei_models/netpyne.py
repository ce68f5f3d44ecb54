"""The ei_models mechanisms in NetPyNE models (Dura-Bernal et al. 2019, eLife 8:e44494).

NetPyNE describes a network with dictionaries and creates the NEURON objects itself, so the
checks :func:`ei_models.neuron.insert` makes must happen when the dictionaries are written. This
module gives those dictionaries, checked against each mechanism's parameter table:

>>> from netpyne import specs
>>> from ei_models import netpyne as einp
>>> netParams = specs.NetParams()
>>> netParams.synMechParams["NMDA"] = einp.syn_mech("nmda", subtype="GluN2B", mg=1.2)
>>> netParams.synMechParams["GABAA"] = einp.syn_mech("gabaa_gamma2", drug="diazepam")
>>> soma = {"geom": {"L": 20, "diam": 20}, "mechs": {"hh": {}}, "ions": einp.ions()}
>>> netParams.cellParams["PYR"] = {"secs": {"soma": soma}}

* :func:`syn_mech` returns a ``synMechParams`` entry: ``mod`` is the NEURON name
  (``eim_nmda``) and every table parameter is given, resolved from preset choices
  (``subtype="GluN2B"``), aliases (``erev`` for ``ampa``) and values in the table's units (or
  Brian2 quantities); a value out of range raises :class:`~ei_models.errors.ParameterError`
  (``mg=-1``) and an unknown preset :class:`~ei_models.errors.UnknownNameError`, here rather than
  never (NetPyNE writes whatever it is given).
* :func:`ions` returns the ``ions`` entry of a ``cellParams`` section: NEURON starts chloride
  at cli = clo = 1 mM (E_Cl = 0 mV), at which GABA_A *excites*; the entry sets the table's
  10/120 mM (E_Cl = -66 mV at 37 C; Kaila et al. 2014, Nat Rev Neurosci 15:637). ``insert`` does
  this by itself; NetPyNE sections need it in their description.
* :func:`density_mech` returns ``(name, params)`` for a section's ``mechs`` (``eim_gabaa_delta``).
* Each call loads the package's compiled mechanisms (:func:`ei_models.neuron.load`), so they
  are in NEURON before ``sim.create``; :func:`load` does just that.

Connection weights (``connParams[...]["weight"]``) are the mechanisms' NetCon weights: the peak
conductance of one event in uS for the receptors.
"""

from __future__ import annotations

from . import mechanisms
from .errors import ParameterError
from .ions import TABLE as ION_TABLE

__all__ = ["syn_mech", "density_mech", "ions", "load", "CHLORIDE_READERS"]

#: the mechanisms that read the segment's chloride (their reversal potential comes from cli/clo)
CHLORIDE_READERS = tuple(n for n in mechanisms.names() if {"cli", "clo"} & set(mechanisms.get(n).ions))


def load():
    """Compile (once) and load the package's mechanisms into NEURON; returns the build folder.
    Call before NetPyNE's ``sim.create`` (every function here does)."""
    from .neuron import loader

    return loader.load()


def _resolve(mech, options, ion_values):
    ion_values = {**ION_TABLE.defaults(), **ION_TABLE.validate(dict(ion_values or {}))}
    return mech.resolve(options, ion_values)


def syn_mech(name: str, *, ions: dict | None = None, **options) -> dict:
    """A checked NetPyNE ``synMechParams`` entry for the point process ``name``.

    ``options`` are what :func:`ei_models.neuron.insert` takes: preset choices, aliases and
    parameter values (table units or Brian2 quantities). ``ions`` gives the reversal potentials
    an alias is solved with (``ampa``'s ``erev`` from ``ena``/``ek``; default: the ion table).
    The concentrations ``cli``/``clo`` are not mechanism options here: put :func:`ions` in the
    cell's sections.

    Raises
    ------
    UnknownNameError
        Unknown mechanism or preset choice.
    ParameterError
        Unknown parameter, a value out of range, a density mechanism, or ``cli``/``clo``.
    """
    mech = mechanisms.get(name)
    if mech.kind != "point_process":
        raise ParameterError(f"{name} is a density mechanism, not a synaptic point process; put "
                             f"einp.density_mech({name!r}, ...) in a section's 'mechs' instead")
    for key in ("cli", "clo"):
        if key in options:
            raise ParameterError(f"{name}: {key} is a concentration of the section, not a synMech parameter; "
                                 f"give it to the cell's sections: 'ions': einp.ions({key}=...)")
    values = _resolve(mech, options, ions)
    load()
    return {"mod": mech.neuron_name, **values}


def density_mech(name: str, *, ions: dict | None = None, **options) -> tuple[str, dict]:
    """``(NEURON name, checked parameters)`` of the density mechanism ``name`` for a NetPyNE
    section's ``mechs``: ``name, p = density_mech("gabaa_delta", gaba=5e-4);
    soma["mechs"][name] = p``."""
    mech = mechanisms.get(name)
    if mech.kind != "density":
        raise ParameterError(f"{name} is a point process; use einp.syn_mech({name!r}, ...) in synMechParams")
    for key in ("cli", "clo"):
        if key in options:
            raise ParameterError(f"{name}: {key} is a concentration of the section; use 'ions': einp.ions({key}=...)")
    values = _resolve(mech, options, ions)
    load()
    return mech.neuron_name, values


def ions(cli=None, clo=None) -> dict:
    """The ``ions`` entry of a NetPyNE section for the package's GABA_A mechanisms: chloride at
    ``cli``/``clo`` (mM; default the ion table's 10/120 mM instead of NEURON's 1/1 mM), checked
    (> 0). NetPyNE sets the segments' and the ion's initial values (``cli0_cl_ion``) from it."""
    given = {k: v for k, v in (("cli", cli), ("clo", clo)) if v is not None}
    values = {**ION_TABLE.defaults(), **ION_TABLE.validate(given)}
    return {"cl": {"i": float(values["cli"]), "o": float(values["clo"])}}
