"""The NEURON rig: runs every protocol of :mod:`ei_models.validation.protocols` with the
compiled NMODL mechanisms (fixed step, implicit Euler) and returns its traces at t_k = k*dt.

Everything a simulator needs besides the protocol's data lives here once: sections, voltage
clamps, passive membranes, NetCons with events queued at initialization, parameter changes at
step boundaries, played waveforms, and the alignment of what NEURON records (see the
:mod:`~ei_models.validation.protocols` docstring: assigned variables of a current-writing
mechanism are recorded one step late, so the rig runs one extra step and shifts them).
"""

from __future__ import annotations

import functools
import re

import numpy as np

from ei_models import mechanisms
from ei_models.mechanisms import neuron_name
from ei_models.neuron import finitialize

from .protocols import NERNST_IONS, CellProtocol, Pairing


def run(p) -> dict:
    """Run protocol ``p`` (:class:`~.protocols.Clamp`, :class:`~.protocols.Drive` or
    :class:`~.protocols.Pairing`) in NEURON."""
    if isinstance(p, CellProtocol):
        return _cells(p)
    if isinstance(p, Pairing):
        return _pairing(p)
    raise TypeError(f"no NEURON rig for the protocol {type(p).__name__}")


# -- what NEURON records when ----------------------------------------------------------------
def _mod_text(name: str) -> str:
    from ei_models._resources import mod_dir

    text = (mod_dir() / f"{name}.mod").read_text()
    text = re.sub(r"COMMENT.*?ENDCOMMENT", "", text, flags=re.S)
    return "\n".join(line.split(":", 1)[0] for line in text.splitlines())


def writes_no_current(name: str) -> bool:
    """True if ``mod/<name>.mod`` writes no membrane current. NEURON then evaluates the BREAKPOINT
    assignments after SOLVE, from the states at the end of the step, so its recorded value at
    t_k already belongs to t_k and needs no shift."""
    return not re.search(r"NONSPECIFIC_CURRENT|\bWRITE\b[^\n]*\bi[a-z]+\b", _mod_text(name))


@functools.lru_cache(maxsize=None)
def states(name: str) -> frozenset:
    """The ``STATE`` variables of ``mod/<name>.mod``: NEURON records them at the end of the step
    that computed them, so they need no shift."""
    block = re.search(r"\bSTATE\s*\{(.*?)\}", _mod_text(name), flags=re.S)
    if not block:
        return frozenset()
    return frozenset(re.findall(r"^\s*([A-Za-z_]\w*)", block.group(1), flags=re.M))


def lag(mechanism: str, variable: str) -> int:
    """Steps by which NEURON's record of ``variable`` lags its time (0 or 1)."""
    if variable == "v" or writes_no_current(mechanism) or variable in states(mechanism):
        return 0
    return 1


# -- shared pieces ---------------------------------------------------------------------------
def _section(h, name, L=10.0, diam=10.0):
    sec = h.Section(name=name)
    sec.L, sec.diam, sec.nseg = L, diam, 1
    return sec


def _voltage_clamp(h, seg, v):
    clamp = h.SEClamp(seg)
    clamp.rs = 1e-6
    clamp.dur1 = 1e9
    clamp.amp1 = v
    return clamp


def _vector(h, ref):
    vec = h.Vector()
    vec.record(ref)
    return vec


def _simulate(h, p, v_init, events, segments=None, apply=None) -> None:
    """Initialize (each section's ``v`` from ``v_init`` [(section, mV)], the NetCon ``events``
    [(netcon, times)] queued) and advance ``p.steps`` steps: one extra, for the records that
    lag (see :func:`lag`). ``segments`` [(start, end, changes)] with ``apply(changes)`` change
    parameters at step boundaries."""
    def set_voltages():
        for sec, v in v_init:
            sec(0.5).v = v

    def queue_events():
        for nc, times in events:
            for t in times:
                nc.event(t)

    fih = (h.FInitializeHandler(1, set_voltages), h.FInitializeHandler(queue_events))
    h.celsius = p.celsius
    h.dt = p.dt
    h.steps_per_ms = 1.0 / p.dt
    h.secondorder = 0
    h.cvode_active(0)
    finitialize()  # a mechanism guard's hoc error as a ParameterError
    for start, end, changes in segments or [(0, p.steps, {})]:
        if changes:
            apply(changes)
        for _ in range(end - start + (1 if end == p.steps else 0)):
            h.fadvance()
    del fih


def _aligned(p, mechanism, recs_per_cell, names) -> dict:
    out = {"t": p.time()}
    for name in names:
        k = lag(mechanism, name)
        out[name] = np.array([np.asarray(recs[name])[k:p.steps + k] for recs in recs_per_cell])
    return out


# -- cell protocols (Clamp, Drive) -----------------------------------------------------------
def _cells(p: CellProtocol) -> dict:
    from neuron import h

    from ei_models import neuron as ein

    ein.load()
    h.load_file("stdrun.hoc")
    mech = mechanisms.get(p.mechanism)
    p.values_over_time()  # check every segment's values first
    h.celsius = p.celsius  # before insert, which checks it for the Q10-scaled mechanisms (and _simulate sets it again)
    env = p.ion_values()
    cli, clo = p.chloride()
    chloride = "cli" in mech.ions
    point = mech.kind == "point_process"
    cells, keep, v_init, events, setters = [], [], [], [], []
    for k, (v, opts, times, ampa_times) in enumerate(zip(p.v, p.cell_options(), p.cell_events(),
                                                          p.cell_events(p.ampa_events))):
        sec = _section(h, f"cell{k}")
        seg = sec(0.5)
        extra = {"cli": cli[k], "clo": clo[k]} if chloride else {}
        obj = ein.insert(p.mechanism, seg, **opts, **extra)
        for name in ("ena", "ek"):
            if name in p.ions:
                setattr(sec, name, env[name])
        for ion in p.nernst:  # NEURON computes e_ion from the concentrations (Nernst) at finitialize
            _, c_in, c_out, _ = NERNST_IONS[ion]
            setattr(sec, c_in, env[c_in])
            setattr(sec, c_out, env[c_out])
            h.ion_style(f"{ion}_ion", 1, 2, 1, 1, 0, sec=sec)
        if "erev" in opts and mech.aliases:  # re-solve aliases with the protocol's ions
            obj.hoc.loc(seg)
            obj = ein.insert(p.mechanism, seg, **opts, **extra)
        if point:
            def ref(name, hoc=obj.hoc):
                return seg._ref_v if name == "v" else getattr(hoc, f"_ref_{name}")

            def setter(name, value, hoc=obj.hoc):
                setattr(hoc, name, value)
        else:
            def ref(name, seg=seg):
                return seg._ref_v if name == "v" else getattr(seg, f"_ref_{name}_{neuron_name(p.mechanism)}")

            def setter(name, value, seg=seg):
                setattr(seg, f"{name}_{neuron_name(p.mechanism)}", value)
        if p.clamp:
            keep.append(_voltage_clamp(h, seg, v))
        else:
            sec.insert("pas")
            seg.g_pas = p.g_leak
            seg.e_pas = p.e_leak
            sec.cm = 1.0
        if ampa_times:
            exc = ein.insert(p.excitatory, seg, **p.ampa_options)
            enc = exc.connect(None, weight=p.ampa_weight)
            events.append((enc, ampa_times))
            keep += [exc, enc]
        if mech.weight_unit and times:
            nc = obj.connect(None, weight=p.weight, delay=0.0)
            events.append((nc, times))
            keep.append(nc)
        for name, arr in p.waveforms.items():
            vec = h.Vector(np.asarray(arr, float)[k])
            vec.play(ref(name), p.dt)
            keep.append(vec)
        cells.append({name: _vector(h, ref(name)) for name in p.record})
        v_init.append((sec, v))
        setters.append(setter)
        keep += [sec, obj]

    def apply(changes):
        for name, vals in changes.items():
            for set_value, value in zip(setters, vals):
                set_value(name, value)

    _simulate(h, p, v_init, events, p.segments(), apply)
    out = _aligned(p, p.mechanism, cells, p.record)
    del keep
    return out


# -- pairing ---------------------------------------------------------------------------------
def _pairing(p: Pairing) -> dict:
    from neuron import h

    from ei_models import neuron as ein

    ein.load()
    h.load_file("stdrun.hoc")
    cells, keep, v_init, events = [], [], [], []
    for k in range(p.n):
        sec = _section(h, f"pairing{k}", p.L, p.diam)
        sec.cm = p.cm
        sec.insert("pas")
        sec.g_pas, sec.e_pas = p.g_pas, p.e_pas
        seg = sec(0.5)
        fast = ein.insert(p.ampa_mechanism, seg, **p.ampa_options)
        slow = ein.insert(p.nmda_mechanism, seg, **p.nmda_options)
        gaba = ein.insert(p.gaba_mechanism, seg, **p.gaba_options)
        pool = p.plasticity_mechanism
        ein.insert(pool, sec, **p.plasticity_options)
        for syn, weight, times in ((fast, p.w_ampa, p.glutamate[k]), (slow, p.w_nmda, p.glutamate[k]),
                                   (gaba, p.w_gaba, p.gaba[k])):
            nc = syn.connect(None, weight)
            events.append((nc, times))
            keep.append(nc)
        for t_on, dur in p.pulses[k]:
            st = h.IClamp(seg)
            st.delay, st.dur, st.amp = t_on, dur, p.pulse_amp
            keep.append(st)
        if p.spikes and p.spikes[k]:  # the spike waveform, sampled as Brian2's TimedArray plays it
            st = h.IClamp(seg)
            st.delay, st.dur = 0.0, 1e9
            wave = np.zeros(p.steps)
            for t_on in p.spikes[k]:
                wave += Pairing(glutamate=[[]], pulses=[[]], gaba=[[]], spikes=[[t_on]], spike_amp=p.spike_amp,
                                spike_fast=p.spike_fast, spike_tau_fast=p.spike_tau_fast,
                                spike_tau_slow=p.spike_tau_slow, tstop=p.tstop, dt=p.dt).stimulus()[:, 0]
            vec = h.Vector(wave)
            vec.play(st._ref_amp, p.dt)
            keep += [st, vec]
        cells.append({"v": _vector(h, seg._ref_v), "capool": _vector(h, getattr(seg, f"_ref_capool_{neuron_name(pool)}")),
                      "W": _vector(h, getattr(seg, f"_ref_W_{neuron_name(pool)}"))})
        v_init.append((sec, p.e_pas))
        keep += [sec, fast, slow, gaba]
    _simulate(h, p, v_init, events)
    out = _aligned(p, p.plasticity_mechanism, cells, ("v", "capool", "W"))  # states and v: no shift
    del keep
    return out
