"""The validation protocols, as data, and :func:`run`, which runs one in either simulator.

A protocol is a dataclass that says *what* is done to a few independent cells, never how a
simulator does it:

* :class:`Clamp`: a voltage clamp of a point-process mechanism in ``n`` cells, each at its own
  potential, with its own mechanism options, ion values and presynaptic event times;
* :class:`Drive`: the same for a point process or a density mechanism, plus per-cell chloride,
  parameters that change during the run (``inputs`` at given times, ``waveforms`` step by step)
  and, in current clamp, a passive membrane with an extra ``ampa`` input;
* :class:`Pairing`: passive compartments, each with ``ampa`` + ``nmda`` + a GABA_A synapse and
  the ``ca_plasticity`` pool and weight, driven by glutamate/GABA events and current pulses.

:func:`run` hands a protocol to the NEURON rig (:mod:`ei_models.validation.rig_neuron`) or the
Brian2 rig (:mod:`ei_models.validation.rig_brian2`, ``cython`` or ``cpp_standalone``). Both return
``{"t": (steps,), name: (n, steps)}`` keyed by the NEURON variable names (in NEURON units),
sampled at t_k = k*dt, k = 0..round(tstop/dt), each the value at that time. The rigs own the
time alignment, so that no comparison sees a simulator detail:

* NEURON computes assigned variables (``g``, ``i``) in BREAKPOINT from the states at the start
  of a step, so the value it records at t_(k+1) belongs to t_k; the rig runs one extra step and
  shifts. States (the ``STATE`` block of the ``.mod``), ``v``, and every variable of a mechanism
  that writes no current (NEURON then evaluates BREAKPOINT after SOLVE) need no shift.
* NEURON delivers an event at t_e before integrating the step that starts at t_e; Brian2 applies
  ``on_pre`` after the state update of the step in which the spike occurs. Presynaptic spikes
  are therefore given to Brian2 one step earlier, at t_e - dt.
* A parameter that changes at t_k (``inputs``) or follows a waveform takes its new value for the
  step from t_k to t_(k+1) in both: NEURON sets it before advancing that step (``Vector.play``
  for waveforms), Brian2 reads a ``TimedArray`` at the start of each step (in one run, so that
  ``cpp_standalone`` builds each protocol once).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from ei_models import ions as ion_table
from ei_models import mechanisms

#: ion -> (reversal potential, inside and outside concentration, valence) for ``Clamp.nernst``
NERNST_IONS = {"k": ("ek", "ki", "ko", 1), "na": ("ena", "nai", "nao", 1)}


class TimeBase:
    """The recorded time points of a fixed-step protocol with ``tstop`` and ``dt`` (ms): both
    simulators record t = 0 and every step up to tstop."""

    @property
    def steps(self) -> int:
        return int(round(self.tstop / self.dt)) + 1

    def time(self) -> np.ndarray:
        return np.arange(self.steps) * self.dt


class CellProtocol(TimeBase):
    """``n`` independent cells with one mechanism each: what :class:`Clamp` and :class:`Drive`
    share. The class attributes are the defaults of the features a subclass does not have (a
    :class:`Clamp` has no inputs, chloride or current clamp), so both rigs read every cell
    protocol the same way."""

    ions: dict = {}
    nernst: Sequence[str] = ()
    cli: object = None
    clo: object = None
    inputs: Sequence = ()
    waveforms: dict = {}
    clamp: bool = True
    g_leak: float = 1e-4
    e_leak: float = -65.0
    ampa_events: Sequence = ()
    ampa_weight: float = 0.0
    ampa_options: dict = {}
    excitatory: str = "ampa"

    @property
    def n(self) -> int:
        return len(self.v)

    def cell_options(self) -> list[dict]:
        if isinstance(self.options, dict):
            return [dict(self.options) for _ in range(self.n)]
        opts = [dict(o) for o in self.options]
        if len(opts) != self.n:
            raise ValueError(f"options has {len(opts)} entries for {self.n} cells")
        return opts

    def cell_events(self, events=None) -> list[list[float]]:
        ev = list(self.events if events is None else events)
        if ev and np.ndim(ev[0]) == 0:
            return [sorted(map(float, ev)) for _ in range(self.n)]
        if len(ev) not in (0, self.n):
            raise ValueError(f"events has {len(ev)} lists for {self.n} cells")
        return [sorted(map(float, e)) for e in ev] if ev else [[] for _ in range(self.n)]

    def ion_values(self) -> dict:
        return ion_table.TABLE.validate(dict(self.ions, celsius=self.celsius))

    def per_cell(self, value, what) -> list:
        if value is None or np.ndim(value) == 0:
            return [value] * self.n
        value = list(value)
        if len(value) != self.n:
            raise ValueError(f"{what} has {len(value)} entries for {self.n} cells")
        return value

    def chloride(self) -> tuple[list[float], list[float]]:
        """Per-cell ``cli``, ``clo`` (mM; ion table defaults where not given), checked."""
        d = ion_table.TABLE.defaults()
        cli = [d["cli"] if c is None else c for c in self.per_cell(self.cli, "cli")]
        clo = [d["clo"] if c is None else c for c in self.per_cell(self.clo, "clo")]
        for a, b in zip(cli, clo):
            ion_table.TABLE.validate({"cli": a, "clo": b})
        return cli, clo

    def schedule(self) -> list[tuple[int, dict]]:
        """Input changes as (step index, {parameter: per-cell values}), sorted."""
        mech = mechanisms.get(self.mechanism)
        out = []
        for time, changes in self.inputs:
            k = int(round(time / self.dt))
            if abs(k * self.dt - time) > 1e-9 or k <= 0 or k >= self.steps:
                raise ValueError(f"input change at {time} ms must be a multiple of dt inside (0, tstop)")
            vals = {}
            for name, value in changes.items():
                mech.table[name]
                vals[name] = [float(x) for x in self.per_cell(value, name)]
            out.append((k, vals))
        out.sort(key=lambda kv: kv[0])
        return out

    def segments(self) -> list[tuple[int, int, dict]]:
        """Step boundaries of the schedule: [(start_step, end_step, changes_at_start)]."""
        sched = self.schedule()
        bounds = [0] + [k for k, _ in sched] + [self.steps]
        changes = [{}] + [c for _, c in sched]
        return [(bounds[i], bounds[i + 1], changes[i]) for i in range(len(changes))]

    def values_over_time(self) -> list[list[dict]]:
        """Per schedule segment, each cell's resolved parameter values (checked)."""
        mech = mechanisms.get(self.mechanism)
        base = self.cell_options()
        segs = [[mech.resolve(o, self.ion_values()) for o in base]]
        current = [dict(o) for o in base]
        for _, changes in self.schedule():
            for c in range(self.n):
                for name, vals in changes.items():
                    current[c][name] = vals[c]
            segs.append([mech.resolve(o, self.ion_values()) for o in current])
        return segs

    def played(self) -> dict[str, np.ndarray]:
        """``{parameter: (n, steps)}``, the value of each time-varying parameter during the step
        from t_k to t_(k+1): the ``waveforms``, and the ``inputs`` schedule written out."""
        out = {}
        for name, wf in self.waveforms.items():
            arr = np.asarray(wf, float)
            if arr.shape != (self.n, self.steps):
                raise ValueError(f"waveform {name} must have shape ({self.n}, {self.steps}), got {arr.shape}")
            out[name] = arr
        segs = self.values_over_time()
        changed = {k for _, changes in self.schedule() for k in changes} - set(out)
        for name in sorted(changed):
            arr = np.empty((self.n, self.steps))
            for (start, end, _), seg in zip(self.segments(), segs):
                arr[:, start:end] = np.array([c[name] for c in seg])[:, None]
            out[name] = arr
        return out


@dataclass
class Clamp(CellProtocol):
    """A voltage-clamp protocol for a point-process mechanism.

    Parameters
    ----------
    mechanism : str
        Mechanism name.
    v : sequence of float
        Holding potential of each cell (mV); its length is the number of cells ``n``.
    events : sequence of float, or sequence of sequences
        Presynaptic event times (ms), shared by all cells or one list per cell.
    weight : float
        NetCon weight / Brian2 ``w`` (uS, peak conductance of one isolated event).
    tstop, dt : float
        Duration and time step (ms). Event times should be multiples of ``dt``.
    options : dict or sequence of dict
        Mechanism options (presets, aliases, parameters in table units), shared or per cell.
    ions : dict
        Ion values in table units (``ena``, ``ek``, ...), set on every NEURON segment and put into
        the Brian2 namespace.
    record : sequence of str
        NEURON names of the variables to record (see ``Mechanism.traces`` for the Brian2 names).
    celsius : float
        Temperature (degrees C).
    nernst : sequence of str
        Ions (``"k"``, ``"na"``) whose reversal potential each simulator computes itself from the
        concentrations (``ki``/``ko``, ``nai``/``nao`` in ``ions`` or the ion table defaults) by
        the Nernst equation: NEURON through ``ion_style`` at initialization, Brian2 through
        :func:`ei_models.ions.with_nernst`. Overrides ``ek``/``ena`` in ``ions``.
    """

    mechanism: str
    v: Sequence[float]
    events: Sequence = ()
    weight: float = 0.001
    tstop: float = 100.0
    dt: float = 0.025
    options: object = field(default_factory=dict)
    ions: dict = field(default_factory=dict)
    record: Sequence[str] = ("g", "i")
    celsius: float = 37.0
    nernst: Sequence[str] = ()


@dataclass
class Drive(CellProtocol):
    """A protocol with inputs that change, for a point process or a density mechanism.

    Parameters
    ----------
    mechanism : str
        Mechanism name (e.g. ``gabaa_gamma2``, ``gabaa_delta``, ``gat``, ``gad_pools``).
    v : sequence of float
        Holding potential of each cell (mV); in current clamp the initial potential.
    options : dict or sequence of dict
        Mechanism options, shared or per cell (the values at t = 0).
    inputs : sequence of (time, {parameter: value or per-cell values})
        Parameter changes at the given times (ms, multiples of dt): dose-response curves,
        applications, drug wash-in.
    events : sequence of float or of sequences
        Event times (ms), shared or per cell.
    weight : float
        NetCon weight / Brian2 ``w`` (the mechanism's weight unit).
    cli, clo : float or sequence of float
        Chloride concentrations (mM), shared or per cell (ion table defaults: 10/120 mM), for a
        mechanism that reads them.
    record : sequence of str
        NEURON variable names to record (``"v"``: the membrane potential).
    clamp : bool
        Voltage clamp (True) or a passive membrane in current clamp (False; point processes).
    g_leak, e_leak : float
        Passive membrane (current clamp only): S/cm2, mV; 1 uF/cm2, area of a 10 um x 10 um
        cylinder.
    ampa_events, ampa_weight, ampa_options
        Excitatory input in current clamp (uS; options e.g. ``{"tau_decay": 1e5}``) through the
        point process ``excitatory`` (default ``ampa``).
    waveforms : dict
        ``{parameter: array (n, steps)}``: the parameter takes value ``[c, k]`` during the step
        from t_k to t_(k+1), e.g. a concentration trace recorded from the ``gat`` mechanism.
    """

    mechanism: str
    v: Sequence[float]
    options: object = field(default_factory=dict)
    inputs: Sequence = ()
    events: Sequence = ()
    weight: float = 1.0
    tstop: float = 100.0
    dt: float = 0.025
    cli: object = None
    clo: object = None
    record: Sequence[str] = ("g", "i")
    celsius: float = 37.0
    clamp: bool = True
    g_leak: float = 1e-4
    e_leak: float = -65.0
    ampa_events: Sequence = ()
    ampa_weight: float = 0.0
    ampa_options: dict = field(default_factory=dict)
    waveforms: dict = field(default_factory=dict)
    excitatory: str = "ampa"


@dataclass
class Pairing(TimeBase):
    """A pairing protocol on ``n`` passive compartments (one per list entry).

    Each compartment holds an ``ampa`` + ``nmda`` synapse, a GABA_A synapse and the
    ``ca_plasticity`` pool and weight; the rigs return ``v`` (mV), ``capool`` (uM) and ``W`` (1).
    The membrane is integrated with NEURON's implicit Euler and Brian2's exponential Euler; both
    are first order, so the traces agree to O(dt) (see V14).

    Parameters
    ----------
    glutamate : list of lists of float
        Presynaptic glutamate event times (ms) per compartment; each event drives ``ampa`` and
        ``nmda`` with weights ``w_ampa``, ``w_nmda`` (uS).
    pulses : list of lists of (t_on, dur)
        Depolarizing current pulses (ms) of amplitude ``pulse_amp`` (nA) per compartment, on for
        t_on <= t < t_on + dur (the back-propagating spike that lifts the Mg2+ block).
    spikes : list of lists of float
        Onset times (ms) of back-propagating spikes per compartment (empty: none): each injects
        ``spike_amp * (spike_fast * exp(-s/spike_tau_fast) + (1 - spike_fast) *
        exp(-s/spike_tau_slow))`` nA, s = t - onset >= 0 -- a brief spike and its slow
        afterdepolarization; with the compartment's fast membrane the voltage follows it. Played
        as the same sampled waveform (:meth:`stimulus`) in both simulators.
    gaba : list of lists of float
        GABA_A event times (ms) per compartment, weight ``w_gaba`` (in the mechanism's NetCon
        weight unit: uS for ``gabaa_syn``, a dimensionless pulse scale for ``gabaa_gamma2``).
    gaba_mechanism : str
        GABA_A point process (``gabaa_syn``; ``gabaa_gamma2`` when available).
    ampa_mechanism, nmda_mechanism, plasticity_mechanism : str
        The fast glutamate receptor, the Ca2+-permeable one (its Ca2+ current fills the pool) and
        the density mechanism holding the pool ``capool`` and weight ``W`` (its module gives the
        weight rule in synaptic form, ``synaptic_weight_model``, for the Brian2 copy).
    gaba_options, nmda_options, ampa_options, plasticity_options : dict
        Mechanism options (table units), as for :func:`ei_models.neuron.insert`.
    L, diam : float
        Compartment length and diameter (um).
    cm, g_pas, e_pas : float
        Membrane capacitance (uF/cm2), leak conductance (S/cm2) and leak reversal (mV).

    Example
    -------
    >>> from ei_models.validation.protocols import Pairing, run
    >>> r = run("neuron", Pairing(glutamate=[[10.0]], pulses=[[(10.0, 30.0)]], gaba=[[]]))
    >>> r["W"][0, -1] - r["W"][0, 0]      # weight change of the pairing
    """

    glutamate: Sequence = ((10.0,),)
    pulses: Sequence = (((10.0, 30.0),),)
    gaba: Sequence = ((),)
    w_ampa: float = 0.0005
    w_nmda: float = 0.0005
    w_gaba: float = 0.002
    pulse_amp: float = 0.01
    spikes: Sequence = ()
    spike_amp: float = 0.0
    spike_fast: float = 0.75
    spike_tau_fast: float = 1.0
    spike_tau_slow: float = 20.0
    gaba_mechanism: str = "gabaa_syn"
    gaba_options: dict = field(default_factory=dict)
    nmda_options: dict = field(default_factory=dict)
    ampa_options: dict = field(default_factory=dict)
    plasticity_options: dict = field(default_factory=dict)
    L: float = 10.0
    diam: float = 1.0
    cm: float = 1.0
    g_pas: float = 1e-4
    e_pas: float = -65.0
    tstop: float = 400.0
    dt: float = 0.025
    celsius: float = 37.0
    ampa_mechanism: str = "ampa"
    nmda_mechanism: str = "nmda"
    plasticity_mechanism: str = "ca_plasticity"

    def __post_init__(self):
        n = len(self.glutamate)
        if self.spikes and len(self.spikes) != n:
            raise ValueError(f"spikes needs one entry per compartment ({n}), got {len(self.spikes)}")
        if len(self.pulses) != n or len(self.gaba) != n:
            raise ValueError(f"glutamate, pulses and gaba need one entry per compartment ({n}), got "
                             f"{len(self.glutamate)}, {len(self.pulses)}, {len(self.gaba)}")
        for name in (self.gaba_mechanism, self.ampa_mechanism, self.nmda_mechanism, self.plasticity_mechanism):
            mechanisms.get(name)
        for times in list(self.glutamate) + list(self.gaba):
            for t in times:
                if t < self.dt:
                    raise ValueError(f"event times must be >= dt ({self.dt} ms), got {t}")

    @property
    def n(self) -> int:
        return len(self.glutamate)

    @property
    def area_um2(self) -> float:
        return float(np.pi * self.diam * self.L)

    def stimulus(self) -> np.ndarray:
        """Injected current (nA), shape (steps, n): on for t_on <= t_k < t_on + dur."""
        t = self.time()
        out = np.zeros((self.steps, self.n))
        for k, pulses in enumerate(self.pulses):
            for t_on, dur in pulses:
                on = (t >= t_on - 1e-9) & (t < t_on + dur - 1e-9)
                out[on, k] += self.pulse_amp
        for k, onsets in enumerate(self.spikes):
            for t_on in onsets:
                s = t - t_on
                on = s >= -1e-9
                s = np.clip(s, 0.0, None)
                shape = self.spike_fast * np.exp(-s / self.spike_tau_fast) + (1 - self.spike_fast) * np.exp(-s / self.spike_tau_slow)
                out[on, k] += self.spike_amp * shape[on]
        return out


def run(simulator: str, p, target: str = "cython") -> dict:
    """Run protocol ``p`` in ``simulator`` (``"neuron"``, or ``"brian2"`` with the code-generation
    ``target`` ``cython`` or ``cpp_standalone``); the result is tagged with its target and protocol."""
    if simulator == "neuron":
        from . import rig_neuron

        out = rig_neuron.run(p)
        out["target"] = "nrnivmodl"
    elif simulator == "brian2":
        from . import rig_brian2

        out = rig_brian2.run(p, target=target)
    else:
        raise ValueError(f"unknown simulator {simulator!r}; use 'neuron' or 'brian2'")
    out["protocol"] = p
    return out


def peak_index(trace) -> int:
    """Index of the largest absolute value of a 1-D trace."""
    return int(np.argmax(np.abs(np.asarray(trace))))
