"""Run one protocol through both simulators' compiled code.

:class:`Clamp` describes a voltage-clamp experiment on a point-process mechanism: ``n`` cells,
each clamped at its own potential, each with its own mechanism options and presynaptic event
times. :func:`run_neuron` runs it with the compiled NMODL mechanism, :func:`run_brian2` with the
Brian2 equation set in generated code, and both return the same structure: ``{"t": (steps,),
name: (n, steps)}`` keyed by the NEURON variable names, sampled at identical times.

Time bases. Both return samples at t_k = k*dt, k = 0..round(tstop/dt), each the value at that
time (for the dual-exponential synapses: the closed form at t_k). Two simulator details are
handled here so that they do not leak into comparisons:

* NEURON computes assigned variables (``g``, ``i``) in BREAKPOINT from the states at the start
  of a step, so the value it records at t_(k+1) belongs to t_k; we run one extra step and shift.
  (Not for a mechanism that writes no current: NEURON evaluates its BREAKPOINT after SOLVE, see
  :func:`writes_no_current`.)
* NEURON delivers an event at t_e before integrating the step that starts at t_e; Brian2 applies
  ``on_pre`` after the state update of the step in which the spike occurs. Presynaptic spikes
  are therefore given to Brian2 one step earlier, at t_e - dt.
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
    """Per-cell helpers shared by the protocol dataclasses (:class:`Clamp`, and
    :class:`ei_models.validation.gaba_protocols.Drive`), which define ``v``, ``options``, ``events``,
    ``tstop`` and ``dt``."""

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

    def ion_values(self) -> dict:
        return ion_table.TABLE.validate(dict(self.ions, celsius=self.celsius))



def run_neuron(p: Clamp) -> dict:
    """Run ``p`` in NEURON with the compiled mechanisms (fixed step, implicit Euler)."""
    from neuron import h

    from ei_models import neuron as ein

    ein.load()
    h.load_file("stdrun.hoc")
    mech = mechanisms.get(p.mechanism)
    env = p.ion_values()
    cells, keep = [], []
    for k, (v, opts, times) in enumerate(zip(p.v, p.cell_options(), p.cell_events())):
        sec = h.Section(name=f"clamp{k}")
        sec.L = sec.diam = 10.0
        sec.nseg = 1
        syn = ein.insert(p.mechanism, sec(0.5), **opts)
        for name in ("ena", "ek"):
            if name in p.ions:
                setattr(sec, name, env[name])
        for ion in p.nernst:  # NEURON computes e_ion from the concentrations (Nernst) at finitialize
            _, c_in, c_out, _ = NERNST_IONS[ion]
            setattr(sec, c_in, env[c_in])
            setattr(sec, c_out, env[c_out])
            h.ion_style(f"{ion}_ion", 1, 2, 1, 1, 0, sec=sec)
        if "erev" in opts and mech.aliases:  # re-solve aliases with the protocol's ions
            syn = _reinsert(ein, p, sec, syn, opts)
        clamp = h.SEClamp(sec(0.5))
        clamp.rs = 1e-6
        clamp.dur1 = 1e9
        clamp.amp1 = v
        nc = syn.connect(None, weight=p.weight, delay=0.0)  # events are queued at initialization
        recs = {name: syn.record(name) for name in p.record}
        cells.append((sec, v, recs, nc, times))
        keep += [syn, clamp, nc]

    def set_voltages():
        for sec, v, *_ in cells:
            sec(0.5).v = v

    def queue_events():
        for *_, nc, times in cells:
            for t in times:
                nc.event(t)

    fih = (h.FInitializeHandler(1, set_voltages), h.FInitializeHandler(queue_events))
    h.celsius = p.celsius
    h.dt = p.dt
    h.steps_per_ms = 1.0 / p.dt
    h.secondorder = 0
    h.cvode_active(0)
    h.finitialize()
    for _ in range(p.steps):  # one extra step: assigned values recorded at t_(k+1) belong to t_k
        h.fadvance()
    out = {"t": p.time()}
    for name in p.record:
        first = 0 if writes_no_current(p.mechanism) else 1
        out[name] = np.array([np.asarray(recs[name])[first:p.steps + first] for _, _, recs, *_ in cells])
    del fih, keep
    return out


def writes_no_current(name: str) -> bool:
    """True if ``mod/<name>.mod`` writes no membrane current. NEURON then evaluates the BREAKPOINT
    assignments after SOLVE, from the states at the end of the step, so its recorded value at
    t_k already belongs to t_k and needs no shift (see the module docstring)."""
    import re

    from ei_models._resources import mod_dir

    text = (mod_dir() / f"{name}.mod").read_text()
    text = re.sub(r"COMMENT.*?ENDCOMMENT", "", text, flags=re.S)
    text = "\n".join(line.split(":", 1)[0] for line in text.splitlines())
    return not re.search(r"NONSPECIFIC_CURRENT|\bWRITE\b[^\n]*\bi[a-z]+\b", text)


def _reinsert(ein, p, sec, syn, opts):
    """Insert again now that the protocol's ena/ek are set, so aliases see them."""
    syn.hoc.loc(sec(0.5))
    return ein.insert(p.mechanism, sec(0.5), **opts)


def run_brian2(p: Clamp, target: str = "cython", directory=None) -> dict:
    """Run ``p`` in Brian2 generated code (``cython`` or ``cpp_standalone``)."""
    import brian2 as b2

    from ei_models import brian2 as eib

    mech = mechanisms.get(p.mechanism)
    env = p.ion_values()
    ion_q = {k: ion_table.TABLE[k].brian2_value(env[k]) for k in ("ena", "ek") if k in p.ions}
    for ion in p.nernst:  # Brian2 computes the Nernst potential of the same concentrations
        e_name, c_in, c_out, _ = NERNST_IONS[ion]  # (ei_models.ions.with_nernst in synapse_model)
        ion_q.pop(e_name, None)
        ion_q.update({c_in: env[c_in] * b2.mM, c_out: env[c_out] * b2.mM, "celsius": p.celsius})
    per_cell = [mech.resolve(o, env) for o in p.cell_options()]
    varying = [k for k in mech.table.names if len({c[k] for c in per_cell}) > 1]
    first = {k: per_cell[0][k] for k in mech.table.names}
    with eib.target(target, directory) as info:
        model = eib.synapse_model(p.mechanism, per_synapse=varying, ion_values=ion_q, **first)
        derived_varying = []
        if mech.derived and varying:
            derived = [mech.derived(c) for c in per_cell]
            derived_varying = [k for k in derived[0] if len({d[k] for d in derived}) > 1]
            for k in derived_varying:
                model.model += b2.Equations(f"{k} : 1 (constant)")
                model.namespace.pop(k)
        # A StateMonitor cannot record synaptic subexpressions that read postsynaptic variables
        # (Brian2 refuses to link the dynamic index), so copy them into plain variables in
        # generated code at the start of each step, which is when a monitor records.
        names = [mech.traces.get(n, n) for n in p.record]
        copies = {}
        for name in names:
            eq = model.model._equations.get(name)
            if eq is not None and eq.type == "subexpression":
                copies[name] = f"{name}__rec"
                unit = b2.get_unit(eq.dim)
                unit_txt = "1" if eq.dim.is_dimensionless else repr(unit)
                model.model += b2.Equations(f"{name}__rec : {unit_txt}")
        post = b2.NeuronGroup(p.n, "v : volt\n" + model.post_equations(), method="exact", dt=p.dt * b2.ms,
                              name="clamp*")
        post.v = np.asarray(p.v, float) * b2.mV
        idx, times = [], []
        for k, ev in enumerate(p.cell_events()):
            idx += [k] * len(ev)
            times += [t - p.dt for t in ev]  # see the module docstring
        if min(times, default=0.0) < 0:
            raise ValueError("events must be at t >= dt")
        pre = b2.SpikeGeneratorGroup(p.n, np.array(idx, int), np.array(times) * b2.ms, dt=p.dt * b2.ms)
        syn = b2.Synapses(pre, post, dt=p.dt * b2.ms, **model.kwargs())
        syn.connect(j="i")
        syn.w = p.weight * eib.brian2_unit(mech.weight_unit or "1")
        for k in varying:
            setattr(syn, k, np.array([c[k] for c in per_cell]) * eib.brian2_unit(mech.table[k].unit))
        for k in derived_varying:
            setattr(syn, k, np.array([mech.derived(c)[k] for c in per_cell]))
        objects = [pre, post, syn]
        if copies:
            copier = syn.run_regularly("\n".join(f"{c} = {n}" for n, c in copies.items()), when="start", order=-10)
            objects.append(copier)
        mon = b2.StateMonitor(syn, [copies.get(n, n) for n in names], record=np.arange(p.n), dt=p.dt * b2.ms,
                              when="start", order=0)
        net = b2.Network(*objects, mon)
        net.run(p.steps * p.dt * b2.ms)
        out = {"t": p.time()}
        for nrn_name, b2_name in zip(p.record, names):
            var = getattr(mon, copies.get(b2_name, b2_name))
            unit = {"g": b2.uS, "i": b2.nA, "i_ca": b2.nA, "erev": b2.mV}.get(nrn_name)
            if unit is None:  # other variables: NEURON's point-process units by dimension
                unit = _NEURON_UNIT_BY_DIM.get(b2.get_dimensions(var), None)
            arr = np.asarray(var / unit) if unit is not None else np.asarray(var)
            order = np.argsort(np.asarray(syn.j[:]))
            out[nrn_name] = arr[order][:, : p.steps]
        out["target"] = info["target"]
    return out


def _neuron_units():
    import brian2 as b2

    return {b2.get_dimensions(u): u for u in (b2.nA, b2.uS, b2.mV, b2.mM, b2.ms, 1 / b2.ms)}


class _LazyUnits(dict):
    def get(self, key, default=None):
        if not self:
            self.update(_neuron_units())
        return dict.get(self, key, default)


#: Brian2 dimension -> NEURON point-process unit (nA, uS, mV, mM, ms, /ms)
_NEURON_UNIT_BY_DIM = _LazyUnits()


def dispatch(simulator: str, p, run_neuron_fn, run_brian2_fn, target: str = "cython") -> dict:
    """Run protocol ``p`` with ``run_neuron_fn(p)`` or ``run_brian2_fn(p, target=...)`` and tag
    the result with its target and protocol (shared by every protocol family)."""
    if simulator == "neuron":
        out = run_neuron_fn(p)
        out["target"] = "nrnivmodl"
    elif simulator == "brian2":
        out = run_brian2_fn(p, target=target)
    else:
        raise ValueError(f"unknown simulator {simulator!r}; use 'neuron' or 'brian2'")
    out["protocol"] = p
    return out


def run(simulator: str, p: Clamp, target: str = "cython") -> dict:
    """Run ``p`` in ``simulator`` (``"neuron"`` or ``"brian2"``)."""
    return dispatch(simulator, p, run_neuron, run_brian2, target)


def peak_index(trace) -> int:
    """Index of the largest absolute value of a 1-D trace."""
    return int(np.argmax(np.abs(np.asarray(trace))))
