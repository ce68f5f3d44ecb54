"""Protocols for the GABA mechanisms, run through both simulators' compiled code.

:class:`Drive` is a voltage-clamp (or current-clamp) experiment on one mechanism in ``n`` cells
(point process or density mechanism), with

* per-cell mechanism options (presets such as ``drug="diazepam"``, parameters);
* per-cell chloride (``cli``/``clo``) on the segment (NEURON) or in the model (Brian2);
* piecewise-constant *inputs*: at given times, mechanism parameters (``gaba``, ``thip``,
  ``gat1_block`` ...) take new per-cell values: dose-response curves, applications,
  drug wash-in. Both simulators change the value at the same step boundary;
* NetCon events / spikes (weight in the mechanism's weight unit);
* optionally a passive membrane in current clamp (``clamp=False``: leak ``g_leak`` S/cm2,
  ``e_leak`` mV, 1 uF/cm2, area of a 10 um x 10 um cylinder) with an extra sustained or
  transient excitatory ``ampa`` input, for shunting inhibition.

:func:`run` returns ``{"t": (steps,), name: (n, steps)}`` keyed by NEURON variable names,
sampled at t_k = k dt in both simulators, with the time alignment of
:mod:`ei_models.validation.protocols` (NEURON assigned variables recorded one step late and shifted;
Brian2 spikes one step early because ``on_pre`` runs after the state update).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from ei_models import ions as ion_table
from ei_models import mechanisms
from .protocols import CellProtocol

#: state variables of the GABA mechanisms (recorded as they are; assigned ones are shifted)
STATES = {"C0", "C1", "C2", "O1", "O2", "D1", "D2", "O", "D", "cleft", "ambient", "term", "cyto", "ves"}
_NEURON_UNITS = {"g": "uS", "i": "nA", "egaba": "mV", "conc": "mM", "cleft": "mM", "ambient": "mM",
                 "j_gat1": "mM/ms", "j_gat3": "mM/ms", "term": "mM", "cyto": "mM", "ves": "mM",
                 "total": "mM", "supply": "mM/ms", "v": "mV"}
_DENSITY_UNITS = {"g": "S/cm2", "i": "mA/cm2"}


@dataclass
class Drive(CellProtocol):
    """A GABA-mechanism protocol (see the module docstring).

    Parameters
    ----------
    mechanism : str
        ``gabaa_gamma2``, ``gabaa_delta``, ``gabaa_delta_syn``, ``gat`` or ``gad_pools``.
    v : sequence of float
        Holding potential of each cell (mV); in current clamp the initial potential.
    options : dict or sequence of dict
        Mechanism options, shared or per cell (the values at t = 0).
    inputs : sequence of (time, {parameter: value or per-cell values})
        Parameter changes at the given times (ms, multiples of dt).
    events : sequence of float or of sequences
        Event times (ms), shared or per cell.
    weight : float
        NetCon weight / Brian2 ``w``.
    cli, clo : float or sequence of float
        Chloride concentrations (mM), shared or per cell (ion table defaults: 10/120 mM).
    record : sequence of str
        NEURON variable names to record.
    clamp : bool
        Voltage clamp (True) or a passive membrane in current clamp (False).
    g_leak, e_leak : float
        Passive membrane (current clamp only): S/cm2, mV.
    ampa_events, ampa_weight, ampa_options
        Excitatory ``ampa`` input in current clamp (uS; options e.g. ``{"tau_decay": 1e5}``).
    waveforms : dict
        ``{parameter: array (n, steps)}``: the parameter takes value ``[c, k]`` during the step
        from t_k to t_(k+1) (NEURON ``Vector.play``, Brian2 a ``TimedArray`` read at the start
        of each step), e.g. a concentration trace recorded from the ``gat`` mechanism.
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

    def per_cell(self, value, what) -> list:
        if value is None or np.ndim(value) == 0:
            return [value] * self.n
        value = list(value)
        if len(value) != self.n:
            raise ValueError(f"{what} has {len(value)} entries for {self.n} cells")
        return value

    def chloride(self) -> tuple[list[float], list[float]]:
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

    def values_over_time(self) -> list[list[dict]]:
        """Per cell, the resolved parameter values of each schedule segment (checked)."""
        mech = mechanisms.get(self.mechanism)
        base = self.cell_options()
        segs = [[mech.resolve(o) for o in base]]
        current = [dict(o) for o in base]
        for _, changes in self.schedule():
            for c in range(self.n):
                for name, vals in changes.items():
                    current[c][name] = vals[c]
            segs.append([mech.resolve(o) for o in current])
        return segs


def _segments(p: Drive):
    """Step boundaries [(start_step, end_step, changes_at_start)]."""
    sched = p.schedule()
    bounds = [0] + [k for k, _ in sched] + [p.steps]
    changes = [{}] + [c for _, c in sched]
    return [(bounds[i], bounds[i + 1], changes[i]) for i in range(len(changes))]


# -- NEURON ------------------------------------------------------------------------------------
def run_neuron(p: Drive) -> dict:
    """Run ``p`` in NEURON (fixed step, backward Euler; the kinetic schemes step in closed form)."""
    from neuron import h

    from ei_models import neuron as ein

    ein.load()
    h.load_file("stdrun.hoc")
    mech = mechanisms.get(p.mechanism)
    p.values_over_time()  # check every segment's values first
    cli, clo = p.chloride()
    chloride = "cli" in mech.ions
    cells, keep = [], []
    for k, (v, opts, times, ampa_times) in enumerate(zip(p.v, p.cell_options(), p.cell_events(),
                                                          p.cell_events(p.ampa_events))):
        sec = h.Section(name=f"gaba{k}")
        sec.L = sec.diam = 10.0
        sec.nseg = 1
        seg = sec(0.5)
        extra = {"cli": cli[k], "clo": clo[k]} if chloride else {}
        obj = ein.insert(p.mechanism, seg, **opts, **extra)
        if mech.kind == "point_process":
            hoc = obj.hoc

            def ref(name, hoc=hoc):
                return getattr(hoc, f"_ref_{name}")

            def setter(name, value, hoc=hoc):
                setattr(hoc, name, value)
        else:
            def ref(name, seg=seg):
                return getattr(seg, f"_ref_{name}_{p.mechanism}")

            def setter(name, value, seg=seg):
                setattr(seg, f"{name}_{p.mechanism}", value)
        if p.clamp:
            clamp = h.SEClamp(seg)
            clamp.rs = 1e-6
            clamp.dur1 = 1e9
            clamp.amp1 = v
            keep.append(clamp)
        else:
            sec.insert("pas")
            seg.g_pas = p.g_leak
            seg.e_pas = p.e_leak
            sec.cm = 1.0
        ampa = None
        if ampa_times:
            ampa = ein.insert("ampa", seg, **p.ampa_options)
            anc = ampa.connect(None, weight=p.ampa_weight)
            keep += [ampa, anc]
        nc = obj.connect(None, weight=p.weight) if mech.weight_unit and times else None
        recs = {}
        for name in p.record:
            vec = h.Vector()
            if name == "v":
                vec.record(seg._ref_v)
            else:
                vec.record(ref(name))
            recs[name] = vec
        for name, wf in p.waveforms.items():
            vec = h.Vector(np.asarray(wf, float)[k])
            vec.play(ref(name), p.dt)
            keep.append(vec)
        cells.append({"sec": sec, "v": v, "recs": recs, "nc": nc, "times": times, "setter": setter,
                      "ampa_nc": anc if ampa_times else None, "ampa_times": ampa_times})
        keep += [obj, nc]

    def set_voltages():
        for c in cells:
            c["sec"](0.5).v = c["v"]

    def queue_events():
        for c in cells:
            for t in c["times"]:
                c["nc"].event(t)
            for t in c["ampa_times"]:
                c["ampa_nc"].event(t)

    fih = (h.FInitializeHandler(1, set_voltages), h.FInitializeHandler(queue_events))
    h.celsius = p.celsius
    h.dt = p.dt
    h.steps_per_ms = 1.0 / p.dt
    h.secondorder = 0
    h.cvode_active(0)
    h.finitialize()
    # one extra step: assigned values recorded at t_(k+1) belong to t_k
    for start, end, changes in _segments(p):
        for name, vals in changes.items():
            for c, value in zip(cells, vals):
                c["setter"](name, value)
        for _ in range(end - start + (1 if end == p.steps else 0)):
            h.fadvance()
    out = {"t": p.time()}
    for name in p.record:
        lag = 0 if (name in STATES or name == "v") else 1
        out[name] = np.array([np.asarray(c["recs"][name])[lag:p.steps + lag] for c in cells])
    del fih, keep
    return out


# -- Brian2 ------------------------------------------------------------------------------------
def initial_values(mechanism: str, values: dict) -> dict:
    """Initial state of a mechanism in plain NEURON units: what its NMODL INITIAL block computes."""
    from ei_models import gaba

    if mechanism.startswith("gabaa_"):
        ss = gaba.steady_state(gaba.scheme_of(mechanism), values, values["gaba"])
        return {k: v for k, v in ss.items() if k != "C0"}
    if mechanism == "gat":
        return gaba.gat_steady_state(values)
    if mechanism == "gad_pools":
        ss = gaba.gad_steady_state(values)
        return {k: ss[k] for k in ("term", "cyto", "ves")}
    return {}


def run_brian2(p: Drive, target: str = "cython", directory=None) -> dict:
    """Run ``p`` in Brian2 generated code (``cython`` or ``cpp_standalone``)."""
    import brian2 as b2

    from ei_models import brian2 as eib
    from ei_models.params import brian2_unit

    if target != "cython":
        raise ValueError("GABA drive protocols change inputs between runs: use the cython target")
    mech = mechanisms.get(p.mechanism)
    segs = p.values_over_time()
    cli, clo = p.chloride()
    first = segs[0]
    names = mech.table.names
    varying = sorted({k for seg in segs for k in names if len({c[k] for c in seg}) > 1}
                     | {k for seg in segs[1:] for k in names if any(c[k] != f[k] for c, f in zip(seg, first))}
                     | set(p.waveforms))
    chloride = "cli" in mech.ions
    ion_vary = [k for k, vals in (("cli", cli), ("clo", clo)) if chloride and len(set(vals)) > 1]
    ion_values = {"celsius": p.celsius}
    if chloride:
        ion_values.update({k: vals[0] * b2.mM for k, vals in (("cli", cli), ("clo", clo)) if k not in ion_vary})
    step = p.dt * b2.ms
    q = {k: first[0][k] for k in names if k not in varying}
    copies = {}
    with eib.target(target, directory):
        objects = []
        if mech.kind == "point_process":
            model = eib.synapse_model(p.mechanism, per_synapse=varying, ion_values=ion_values, **q)
            for k in ion_vary:
                model.model += b2.Equations(f"{k} : mmolar")
                model.namespace.pop(k, None)
            # a StateMonitor cannot record synaptic subexpressions that read postsynaptic
            # variables: copy them into plain variables at the start of each step
            for n in p.record:
                eq = model.model._equations.get(mech.traces.get(n, n))
                if n != "v" and eq is not None and eq.type == "subexpression":
                    copies[n] = f"{mech.traces.get(n, n)}__rec"
                    unit = "1" if eq.dim.is_dimensionless else repr(b2.get_unit(eq.dim))
                    model.model += b2.Equations(f"{copies[n]} : {unit}")
            post_eqs = "v : volt\n" + model.post_equations()
            if not p.clamp:
                post_eqs = _membrane(p, model.post_variables)
            post = b2.NeuronGroup(p.n, post_eqs, method="exponential_euler" if not p.clamp else "exact", dt=step,
                                  namespace=_membrane_namespace(p), name="gabapost*")
            post.v = np.asarray(p.v, float) * b2.mV
            idx, times = [], []
            for k, ev in enumerate(p.cell_events()):
                idx += [k] * len(ev)
                times += [t - p.dt for t in ev]  # on_pre runs after the state update
            pre = b2.SpikeGeneratorGroup(p.n, np.array(idx, int), np.array(times) * b2.ms, dt=step)
            group = b2.Synapses(pre, post, dt=step, **model.kwargs())
            group.connect(j="i")
            if mech.weight_unit:
                group.w = p.weight
            objects += [pre, post, group]
            target_group, suffix = group, ""
        else:
            model = eib.density_model(p.mechanism, ion_values=ion_values, **q)
            suffix = f"_{p.mechanism}"
            extra = "\n".join(f"{k}{suffix} : {_unit_text(mech.table[k].unit)}" for k in varying)
            extra += "".join(f"\n{k} : mmolar" for k in ion_vary)
            for k in varying:
                model.namespace.pop(f"{k}{suffix}", None)
            for k in ion_vary:
                model.namespace.pop(k, None)
            eqs = model.equations + b2.Equations("v : volt\n" + extra if extra else "v : volt")
            ns = dict(model.namespace)
            if not p.clamp:
                raise ValueError("current clamp with a density GABA mechanism: use clamp=True or a point process")
            group = b2.NeuronGroup(p.n, eqs, method=model.method, dt=step, namespace=ns, name="gabadens*")
            group.v = np.asarray(p.v, float) * b2.mV
            objects.append(group)
            target_group, post = group, group
        for k in ion_vary:
            setattr(target_group, k, np.asarray(cli if k == "cli" else clo) * b2.mM)

        def put(seg_values, keys):
            for k in keys:
                setattr(target_group, f"{k}{suffix}",
                        np.array([c[k] for c in seg_values]) * brian2_unit(mech.table[k].unit))

        put(segs[0], varying)
        init = [initial_values(p.mechanism, c) for c in segs[0]]
        for k in init[0]:
            unit = b2.mM if p.mechanism in ("gat", "gad_pools") else 1
            setattr(target_group, f"{k}{suffix}", np.array([c[k] for c in init]) * unit)
        ampa_syn = None
        if p.ampa_events:
            ampa_model = eib.synapse_model("ampa", **p.ampa_options)
            aidx, atimes = [], []
            for k, ev in enumerate(p.cell_events(p.ampa_events)):
                aidx += [k] * len(ev)
                atimes += [t - p.dt for t in ev]
            apre = b2.SpikeGeneratorGroup(p.n, np.array(aidx, int), np.array(atimes) * b2.ms, dt=step)
            ampa_syn = b2.Synapses(apre, post, dt=step, **ampa_model.kwargs())
            ampa_syn.connect(j="i")
            ampa_syn.w = p.ampa_weight * b2.uS
            objects += [apre, ampa_syn]
        monitors = {}
        for n in p.record:
            if n == "v":
                monitors[n] = (b2.StateMonitor(post, "v", record=True, dt=step, when="start", order=0), "v")
            else:
                b2name = copies.get(n) or (mech.traces.get(n, n) + suffix)
                monitors[n] = (b2.StateMonitor(target_group, b2name, record=True, dt=step, when="start", order=0), b2name)
        for index, (name, wf) in enumerate(p.waveforms.items()):
            arr = np.asarray(wf, float)
            if arr.shape != (p.n, p.steps):
                raise ValueError(f"waveform {name} must have shape ({p.n}, {p.steps}), got {arr.shape}")
            unit = brian2_unit(mech.table[name].unit)
            table = b2.TimedArray(arr.T * unit, dt=step)
            # NeuronGroup: i is the cell; Synapses (connected i -> i): i is the presynaptic cell
            objects.append(target_group.run_regularly(f"{name}{suffix} = waveform_{index}(t, i)", when="start",
                                                      order=-20, dt=step))
            target_group.namespace[f"waveform_{index}"] = table
        if copies:
            objects.append(group.run_regularly("\n".join(f"{c} = {mech.traces.get(n, n)}" for n, c in copies.items()),
                                               when="start", order=-10, dt=step))
        net = b2.Network(*objects, *[m for m, _ in monitors.values()])
        for index, (start, end, changes) in enumerate(_segments(p)):
            if changes:
                put(segs[index], [k for k in changes if k in varying])
            net.run((end - start) * step)
        out = {"t": p.time()}
        for n, (mon, b2name) in monitors.items():
            values = getattr(mon, b2name)
            unit_txt = _DENSITY_UNITS.get(n) if mech.kind == "density" else None
            unit_txt = unit_txt or _NEURON_UNITS.get(n)
            arr = np.asarray(values / brian2_unit(unit_txt)) if unit_txt else np.asarray(values)
            out[n] = arr[:, : p.steps]
    return out


def _unit_text(unit: str) -> str:
    from ei_models.brian2 import _unit_text as text

    return text(unit)


def _membrane(p: Drive, post_variables) -> str:
    currents = " - ".join(post_variables + ["i_ampa"])
    return (f"dv/dt = (g_leak * a_mem * (e_leak - v) - {currents}) / (c_mem * a_mem) : volt\n"
            + "\n".join(f"{n} : amp" for n in post_variables + ["i_ampa"]))


def _membrane_namespace(p: Drive) -> dict:
    import brian2 as b2

    return {"g_leak": p.g_leak * b2.siemens / b2.cm ** 2, "e_leak": p.e_leak * b2.mV, "c_mem": 1 * b2.uF / b2.cm ** 2,
            "a_mem": np.pi * (10 * b2.um) * (10 * b2.um)}


def run(simulator: str, p: Drive, target: str = "cython") -> dict:
    """Run ``p`` in ``simulator`` (``"neuron"`` or ``"brian2"``)."""
    from .protocols import dispatch

    out = dispatch(simulator, p, run_neuron, run_brian2, target)
    if simulator == "brian2":
        out["target"] = target
    return out
