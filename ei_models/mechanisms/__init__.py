"""Registry of the ei_models mechanisms.

Each module in this package defines ``MECHANISM``, a :class:`Mechanism`: the mechanism's name
(identical to the ``.mod`` stem, the ``equations/`` file stem and the validation modules' prefix;
the NEURON ``POINT_PROCESS``/``SUFFIX`` name is it with the prefix :data:`NEURON_PREFIX`, see
:attr:`Mechanism.neuron_name`), its kind, its :class:`~ei_models.params.ParameterTable`
and how its Brian2 equation set attaches to a postsynaptic group. Adding a mechanism means adding
one module here, one ``.mod`` file and one ``.eqs`` file; nothing else needs editing.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import Callable, Mapping

from ..errors import UnknownNameError
from ..params import ParameterTable, to_number

#: Prefix of every NEURON name (POINT_PROCESS / SUFFIX) of the package's mechanisms, so that they
#: never clash with the ``nmda``, ``ampa``, ``gat`` ... of published mod folders loaded beside
#: them. The Python API (``ei_models.neuron.insert("nmda", ...)``) and Brian2 keep the short names.
NEURON_PREFIX = "eim_"


def neuron_name(name: str) -> str:
    """The NEURON (hoc) name of mechanism ``name``: ``"nmda"`` -> ``"eim_nmda"``. Density
    mechanisms' RANGE variables follow NEURON's rule, ``gbar`` -> ``gbar_eim_gabaa_delta``."""
    return NEURON_PREFIX + get(name).name


@dataclass(frozen=True)
class Presynaptic:
    """How a presynaptic mechanism composes in front of a receptor (Brian2).

    The composed ``Synapses`` carry the mechanism's ``[model]`` and, as per-synapse variables, its
    ``per_synapse`` parameters (name -> ``"constant"`` or ``""`` for one that may change during a
    run); on each spike the mechanism's ``[on_pre]`` runs first, then the receptor's with its
    event weight ``replaces`` (``w``) read from ``output``. A mechanism whose composition is not
    this rule (e.g. one that scales the receptor's own weight) gives ``compose(receptor_model,
    options) -> SynapseModel`` instead. ``keyword`` is a second option name for it in
    :func:`ei_models.brian2.synapse_model` (``stp=`` for ``tsodyks_markram=``).
    """

    output: str = ""
    per_synapse: Mapping[str, str] = field(default_factory=dict)
    replaces: str = "w"
    keyword: str = ""
    compose: Callable | None = None


@dataclass(frozen=True)
class Mechanism:
    """Definition of one mechanism, shared by the NEURON and Brian2 sides.

    Parameters
    ----------
    name : str
        The one name of the mechanism everywhere.
    kind : str
        ``"point_process"`` (NEURON POINT_PROCESS / Brian2 ``Synapses``) or ``"density"``
        (NEURON SUFFIX / Brian2 ``NeuronGroup`` equations).
    title : str
        One-line description.
    table : ParameterTable
        The parameters.
    ions : tuple of str
        Ion variables (names in :data:`ei_models.ions.TABLE`) the mechanism reads. NEURON takes them
        from the segment; Brian2 gets them in the namespace.
    traces : mapping
        NEURON variable name -> Brian2 variable name for quantities both sides record.
    aliases : mapping
        Convenience inputs that are solved for table parameters, ``{name: (unit, fn)}`` with
        ``fn(value, ions) -> {parameter: value}`` (e.g. ``ampa``'s ``erev`` gives ``frac_na`` from E_Na and E_K).
    derived : callable
        ``derived(values) -> dict`` of Brian2 namespace constants computed from the parameters
        (e.g. the peak normalisation factor); NEURON computes the same in ``INITIAL``.
    weight_unit : str
        Unit of the NetCon weight / Brian2 ``w`` (NEURON units), or ``""`` if the mechanism
        takes no events.
    nonnegative : tuple of str
        NEURON state/assigned variables that must never be negative (checked by the
        property-based tests over random parameters and event trains).
    occupancy : tuple of tuples of str
        Groups of kinetic-scheme occupancies (NEURON names) that must sum to 1.
    bounded : mapping
        ``{variable: bound(values, total_weight) -> (lo, hi)}``: range a variable must stay in,
        e.g. a conductance within [0, g_max].
    linear : bool
        The synaptic dynamics are linear in the events and identical across synapses onto one
        target (dual exponentials), so synapses may be summed per target (Brian2
        :func:`~ei_models.brian2.target_model`; in NEURON one instance serving many NetCons).
    persistent : tuple of str
        Recorded quantities that legitimately keep a new value after activity ends (event
        counters, plastic weights, slowly refilled pools); the long-run test does not expect
        them back at rest.
    brian2_functions : callable
        ``brian2_functions() -> {name: brian2.Function}``: functions the mechanism's ``.eqs`` call,
        with their compiled (cython/C++) implementations; put in every namespace that runs its
        code. Called lazily, so NEURON-only use never imports Brian2.
    presynaptic : Presynaptic
        Set for a mechanism that acts in front of a receptor (it turns a presynaptic spike into
        the receptor's event weight, e.g. quantal release): how Brian2 composes it, see
        :class:`Presynaptic`. ``synapse_model(receptor, <name>=options)`` then puts it in front.
    initial : callable
        ``initial(values) -> {state: value}``: the state the NMODL ``INITIAL`` block computes
        from the parameter values (table units), in NEURON units, for the states that do not
        start at 0 (kinetic occupancies at equilibrium, pools at their steady state). The Brian2
        side sets it with :func:`ei_models.brian2.initialize` (``make_synapses`` does it).
    coreneuron : bool
        ``False`` for a mechanism CoreNEURON cannot run (``tsodyks_markram``'s POINTER to the
        forwarding NetCon's weight): a model containing it runs in NEURON only.
    """

    name: str
    kind: str
    title: str
    table: ParameterTable
    ions: tuple[str, ...] = ()
    traces: Mapping[str, str] = field(default_factory=dict)
    aliases: Mapping[str, Callable] = field(default_factory=dict)
    derived: Callable[[Mapping[str, float]], dict] | None = None
    weight_unit: str = "uS"
    nonnegative: tuple[str, ...] = ()
    occupancy: tuple[tuple[str, ...], ...] = ()
    bounded: Mapping[str, Callable] = field(default_factory=dict)
    persistent: tuple[str, ...] = ()
    linear: bool = False
    brian2_functions: Callable[[], Mapping[str, object]] | None = None
    presynaptic: "Presynaptic | None" = None
    initial: Callable[[Mapping[str, float]], dict] | None = None
    coreneuron: bool = True
    hoc_guard: Callable[[], None] | None = None  # installs a hoc finitialize guard (for a .mod without one)

    @property
    def neuron_name(self) -> str:
        """The NEURON ``POINT_PROCESS``/``SUFFIX`` name (``eim_nmda``; see :data:`NEURON_PREFIX`)."""
        return NEURON_PREFIX + self.name

    @property
    def temperature(self) -> bool:
        """The mechanism's rates scale with temperature (its table has ``temp_ref`` and Q10
        rows, :func:`ei_models.params.temperature_parameters`): NEURON's ``celsius`` and the
        Brian2 ``celsius`` (``ion_values``) must then lie in 0-45 C."""
        return "temp_ref" in self.table

    @property
    def slowed_by_default_celsius(self) -> bool:
        """A default Q10 differs from 1, so the default kinetics change with ``celsius`` (a table
        whose every Q10 defaults to 1 is temperature-independent unless the user sets one): the
        one-time 6.3 C warnings are for these."""
        return self.temperature and any(p.value != 1.0 for p in self.table
                                        if p.name == "q10" or p.name.startswith("q10_"))

    def q10_factors(self, values: Mapping[str, float], celsius) -> dict[str, float]:
        """The Q10 factors (``qt``, ``qt_<process>``) at ``celsius`` for parameter ``values``
        (table units), after checking ``celsius``; ``{}`` for a temperature-independent mechanism."""
        from ..params import check_celsius, q10_factors

        if not self.temperature:
            return {}
        return q10_factors(values, check_celsius(celsius, self.name))

    def initial_state(self, values: Mapping[str, float] | None = None, celsius=None) -> dict[str, float]:
        """The initial state for parameter ``values`` (table units; default: the table's
        defaults) in NEURON units, as the mechanism's ``INITIAL`` computes it; ``{}`` when every
        state starts at 0. ``celsius``: for a Q10-scaled mechanism, the temperature whose rates
        set a steady state (``initial`` then also gets the Q10 factors ``qt...`` in its values,
        as the INITIAL block computes them from NEURON's celsius); default the table's temp_ref."""
        if self.initial is None:
            return {}
        values = self.resolve({}) if values is None else values
        if celsius is not None and self.temperature:
            values = {**values, **self.q10_factors(values, celsius)}
        return dict(self.initial(values))

    def __post_init__(self):
        if self.kind not in ("point_process", "density"):
            raise ValueError(f"{self.name}: kind must be point_process or density")
        if self.table.mechanism != self.name:
            raise ValueError(f"{self.name}: parameter table is for {self.table.mechanism}")


    def resolve(self, options: Mapping[str, object], ions: Mapping[str, float] | None = None,
                *, brian2_units: bool = False) -> dict[str, float]:
        """Turn user keyword options into a complete, checked set of parameter values.

        ``options`` may hold preset choices (keyed by preset group, e.g. ``subtype="GluN2B"``),
        aliases (e.g. ``erev`` for ``ampa``, solved with ``ions``) and parameter values. Raises
        :class:`~ei_models.errors.ParameterError` or :class:`~ei_models.errors.UnknownNameError`
        with a message naming the problem.
        """
        presets, params = {}, {}
        for key, value in options.items():
            if key in self.table.presets:
                presets[key] = value
            elif key in self.aliases:
                unit, solve = self.aliases[key]
                params.update(solve(to_number(f"{self.name}: {key}", unit, value, brian2_units), dict(ions or {})))
            else:
                params[key] = value
        return self.table.validate(params, presets=presets, brian2_units=brian2_units)


_REGISTRY: dict[str, Mechanism] | None = None


def _registry() -> dict[str, Mechanism]:
    global _REGISTRY
    if _REGISTRY is None:
        found = {}
        for info in pkgutil.iter_modules(__path__):
            module = importlib.import_module(f"{__name__}.{info.name}")
            for mech in getattr(module, "MECHANISMS", ()) or (getattr(module, "MECHANISM", None),):
                if mech is not None:
                    found[mech.name] = mech
        _REGISTRY = dict(sorted(found.items()))
    return _REGISTRY


def names() -> list[str]:
    """Names of all mechanisms, sorted."""
    return list(_registry())


def get(name: str) -> Mechanism:
    """The mechanism called ``name``; :class:`UnknownNameError` lists the known ones otherwise."""
    try:
        return _registry()[name]
    except (KeyError, TypeError):
        raise UnknownNameError(f"unknown mechanism {name!r}; ei_models has: {', '.join(names())}") from None
