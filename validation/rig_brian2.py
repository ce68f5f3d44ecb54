"""The Brian2 rig: runs every protocol of :mod:`ei_models.validation.protocols` in generated,
compiled code (``cython`` or ``cpp_standalone``) and returns its traces at t_k = k*dt in NEURON
units, keyed by NEURON names.

Everything a simulator needs besides the protocol's data lives here once, in a form both
targets accept: one ``Network.run`` per protocol (so ``cpp_standalone`` builds it once);
presynaptic spikes one step before NEURON's event times (``on_pre`` acts after the state update);
parameters that change during the run as ``TimedArray`` tables written by ``run_regularly`` at
the start of each step; monitors with explicit indices; a mechanism's initial state from
:func:`ei_models.brian2.initialize`, and the NEURON unit of each recorded variable from its
Brian2 dimension. See :mod:`~ei_models.validation.protocols` for the alignment.
"""

from __future__ import annotations

import contextlib
import hashlib

import numpy as np

from ei_models import ions as ion_table
from ei_models import mechanisms

from .protocols import NERNST_IONS, CellProtocol, Pairing


def run(p, target: str = "cython", directory=None) -> dict:
    """Run protocol ``p`` (:class:`~.protocols.Clamp`, :class:`~.protocols.Drive` or
    :class:`~.protocols.Pairing`) in Brian2 with ``target``; ``cpp_standalone`` builds in
    ``directory`` (a fresh temporary folder by default)."""
    if not isinstance(p, (CellProtocol, Pairing)):
        raise TypeError(f"no Brian2 rig for the protocol {type(p).__name__}")
    with build_folder(p, target, directory) as folder:
        return (_cells if isinstance(p, CellProtocol) else _pairing)(p, target, folder)


@contextlib.contextmanager
def build_folder(key, target: str, directory=None):
    """The ``cpp_standalone`` project folder for a protocol: ``directory`` if given, else one kept
    in the compile cache (``$EI_MODELS_CACHE/brian2_standalone/<hash of key>``, held under a file
    lock), so that building the same protocol again recompiles only the files whose generated
    code changed (Brian2 rewrites only changed files; ``make`` tracks their dependencies). The
    key only decides which folder is reused, never the result. Other targets: ``directory``."""
    if target != "cpp_standalone" or directory is not None:
        yield directory
        return
    import fcntl

    import brian2

    from ei_models.neuron.loader import cache_root

    digest = hashlib.sha256(f"{brian2.__version__}\n{key!r}".encode()).hexdigest()[:20]
    root = cache_root() / "brian2_standalone"
    root.mkdir(parents=True, exist_ok=True)
    with open(root / f"{digest}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield root / digest
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


# -- shared pieces ---------------------------------------------------------------------------
def _spikes(b2, p, per_cell_events, step):
    """A ``SpikeGeneratorGroup`` of one source per cell, each spike one step before NEURON's
    event (see the module docstring)."""
    idx, times = [], []
    for k, ev in enumerate(per_cell_events):
        idx += [k] * len(ev)
        times += [t - p.dt for t in ev]
    if min(times, default=0.0) < 0:
        raise ValueError("events must be at t >= dt")
    return b2.SpikeGeneratorGroup(p.n, np.array(idx, int), np.array(times, float) * b2.ms, dt=step)


def _one_to_one(synapses, n):
    """Synapse k from source k to cell k, by explicit indices (so that ``cpp_standalone`` knows
    the synapses a monitor records before it runs)."""
    synapses.connect(i=np.arange(n), j=np.arange(n))


def _monitor(b2, group, variables, n, step):
    """Record ``variables`` of elements 0..n-1 at the start of each step (before any update):
    explicit indices, which ``cpp_standalone`` needs for synapses."""
    return b2.StateMonitor(group, list(variables), record=np.arange(n), dt=step, when="start", order=0)


def _unit_decl(b2, dim) -> str:
    return "1" if dim.is_dimensionless else repr(b2.get_unit(dim))


def _recordable(b2, model, names) -> dict:
    """A ``StateMonitor`` cannot record synaptic subexpressions that read postsynaptic variables
    (Brian2 refuses to link the dynamic index): declare a plain copy of each, ``{name: copy}``,
    written in generated code at the start of each step."""
    copies = {}
    for name in names:
        eq = model.model._equations.get(name)
        if eq is not None and eq.type == "subexpression":
            copies[name] = f"{name}__rec"
            model.model += b2.Equations(f"{name}__rec : {_unit_decl(b2, eq.dim)}")
    return copies


def _play(b2, group, arrays, unit_of, suffix, step) -> list:
    """For each ``{parameter: (n, steps)}``: a ``TimedArray`` read by ``run_regularly`` at the
    start of each step, before the monitors and the state update, so the value ``[c, k]``
    holds during the step from t_k to t_(k+1). In a ``NeuronGroup`` ``i`` is the cell; in the
    rig's ``Synapses`` (connected i -> i) ``i`` is the presynaptic cell, the same index."""
    objects = []
    for index, (name, arr) in enumerate(arrays.items()):
        table = b2.TimedArray(np.asarray(arr, float).T * unit_of(name), dt=step)
        group.namespace[f"played_{index}"] = table
        objects.append(group.run_regularly(f"{name}{suffix} = played_{index}(t, i)", when="start", order=-20,
                                           dt=step))
    return objects


def _in_neuron_units(eib, values) -> np.ndarray:
    import brian2 as b2

    return np.asarray(values / eib.neuron_unit(b2.get_dimensions(values)))


# -- cell protocols (Clamp, Drive) -----------------------------------------------------------
def _cells(p: CellProtocol, target: str, directory) -> dict:
    import brian2 as b2

    from ei_models import brian2 as eib
    from ei_models.params import brian2_unit

    mech = mechanisms.get(p.mechanism)
    point = mech.kind == "point_process"
    env = p.ion_values()
    per_cell = p.values_over_time()[0]
    played = p.played()
    cli, clo = p.chloride()
    names = mech.table.names
    varying = sorted({k for k in names if len({c[k] for c in per_cell}) > 1} | set(played))
    first = dict(per_cell[0])
    ion_q = {"celsius": p.celsius}
    ion_q.update({k: ion_table.TABLE[k].brian2_value(env[k]) for k in ("ena", "ek") if k in p.ions})
    for ion in p.nernst:  # Brian2 computes the Nernst potential of the same concentrations
        e_name, c_in, c_out, _ = NERNST_IONS[ion]  # (ei_models.ions.with_nernst in synapse_model)
        ion_q.pop(e_name, None)
        ion_q.update({c_in: env[c_in] * b2.mM, c_out: env[c_out] * b2.mM})
    chloride = {"cli": cli, "clo": clo} if "cli" in mech.ions else {}
    ion_vary = [k for k, vals in chloride.items() if len(set(vals)) > 1]
    ion_q.update({k: vals[0] * b2.mM for k, vals in chloride.items() if k not in ion_vary})
    derived = [mech.derived(c) for c in per_cell] if mech.derived else [{}]
    derived_vary = [k for k in derived[0] if len({float(np.asarray(d[k])) for d in derived}) > 1]
    step = p.dt * b2.ms  # not `dt`: Brian2 would see it in the run namespace
    if not point and not p.clamp:
        raise ValueError(f"{p.mechanism} is a density mechanism: current clamp needs a point process (clamp=True)")
    with eib.target(target, directory) as info:
        objects, copies = [], {}
        if point:
            model = eib.synapse_model(p.mechanism, per_synapse=varying, ion_values=ion_q, **first)
            suffix, namespace, eqs = "", model.namespace, model.model
        else:
            model = eib.density_model(p.mechanism, ion_values=ion_q, **first)
            suffix, namespace = f"_{p.mechanism}", dict(model.namespace)
            for k in varying:
                namespace.pop(f"{k}{suffix}", None)
            eqs = model.equations + b2.Equations("v : volt\n" + "\n".join(
                f"{k}{suffix} : {eib._unit_text(mech.table[k].unit)}" for k in varying))
        extra = [f"{k} : mmolar" for k in ion_vary]
        extra += [f"{k}{suffix} : {_unit_decl(b2, b2.get_dimensions(derived[0][k]))}" for k in derived_vary]
        for k in ion_vary:
            namespace.pop(k, None)
        for k in derived_vary:
            namespace.pop(f"{k}{suffix}", None)
        if point:
            if extra:
                model.model += b2.Equations("\n".join(extra))
            copies = _recordable(b2, model, [mech.traces.get(n, n) for n in p.record if n != "v"])
            exc_currents = eib.synapse_model(p.excitatory, ion_values=ion_q, **p.ampa_options).post_variables
            post_eqs = ("v : volt\n" + model.post_equations() if p.clamp
                        else _membrane(model.post_variables + exc_currents))
            post = b2.NeuronGroup(p.n, post_eqs, method="exact" if p.clamp else "exponential_euler", dt=step,
                                  namespace=_membrane_namespace(b2, p), name="cell*")
            post.v = np.asarray(p.v, float) * b2.mV
            pre = _spikes(b2, p, p.cell_events(), step)
            group = b2.Synapses(pre, post, dt=step, **model.kwargs())
            _one_to_one(group, p.n)
            if mech.weight_unit:
                group.w = p.weight * brian2_unit(mech.weight_unit)
            objects += [pre, post, group]
        else:
            if extra:
                eqs = eqs + b2.Equations("\n".join(extra))
            group = post = b2.NeuronGroup(p.n, eqs, method=model.method, dt=step, namespace=namespace, name="cell*")
            group.v = np.asarray(p.v, float) * b2.mV
            objects.append(group)
        for k in varying:
            setattr(group, f"{k}{suffix}", np.array([c[k] for c in per_cell]) * brian2_unit(mech.table[k].unit))
        for k in ion_vary:
            setattr(group, k, np.asarray(chloride[k], float) * b2.mM)
        for k in derived_vary:
            setattr(group, f"{k}{suffix}", b2.Quantity([d[k] for d in derived]))
        eib.initialize(group, p.mechanism, per_cell, suffix=suffix, celsius=p.celsius)
        if any(p.cell_events(p.ampa_events)):  # the excitatory input in current clamp
            exc_model = eib.synapse_model(p.excitatory, ion_values=ion_q, **p.ampa_options)  # celsius: Q10
            exc_pre = _spikes(b2, p, p.cell_events(p.ampa_events), step)
            exc_syn = b2.Synapses(exc_pre, post, dt=step, **exc_model.kwargs())
            _one_to_one(exc_syn, p.n)
            exc_syn.w = p.ampa_weight * brian2_unit(mechanisms.get(p.excitatory).weight_unit)
            objects += [exc_pre, exc_syn]
        objects += _play(b2, group, played, lambda k: brian2_unit(mech.table[k].unit), suffix, step)
        if copies:
            objects.append(group.run_regularly("\n".join(f"{c} = {n}" for n, c in copies.items()),
                                               when="start", order=-10, dt=step))
        recorded = {n: copies.get(mech.traces.get(n, n)) or f"{mech.traces.get(n, n)}{suffix}"
                    for n in p.record if n != "v"}
        monitors = {}
        if recorded:
            monitors["mech"] = _monitor(b2, group, recorded.values(), p.n, step)
        if "v" in p.record:
            monitors["v"] = _monitor(b2, post, ["v"], p.n, step)
        net = b2.Network(*objects, *monitors.values())
        net.run(p.steps * step)
        order = np.argsort(np.asarray(group.j[:])) if point else np.arange(p.n)
        out = {"t": p.time()}
        for n in p.record:
            values = monitors["v"].v if n == "v" else getattr(monitors["mech"], recorded[n])
            out[n] = _in_neuron_units(eib, values)[order][:, : p.steps]
        out["target"] = info["target"]
    return out


def _membrane(post_variables) -> str:
    """Current clamp: a passive membrane with the mechanism's and the excitatory input's currents."""
    currents = " - ".join(post_variables)
    return (f"dv/dt = (g_leak * a_mem * (e_leak - v) - {currents}) / (c_mem * a_mem) : volt\n"
            + "\n".join(f"{n} : amp" for n in post_variables))


def _membrane_namespace(b2, p) -> dict:
    return {"g_leak": p.g_leak * b2.siemens / b2.cm ** 2, "e_leak": p.e_leak * b2.mV, "c_mem": 1 * b2.uF / b2.cm ** 2,
            "a_mem": np.pi * (10 * b2.um) * (10 * b2.um)}


# -- pairing ---------------------------------------------------------------------------------
def _pairing(p: Pairing, target: str, directory) -> dict:
    import importlib

    import brian2 as b2

    from ei_models import brian2 as eib

    P = p.plasticity_mechanism
    synaptic_weight_model = importlib.import_module(f"ei_models.mechanisms.{P}").synaptic_weight_model
    with eib.target(target, directory) as info:
        step = p.dt * b2.ms
        pool = eib.density_model(P, **p.plasticity_options)
        ion_values = {"celsius": p.celsius}  # NEURON's h.celsius (Nernst E_Cl, GHK, Q10 kinetics)
        syns = {"fast": eib.synapse_model(p.ampa_mechanism, ion_values=ion_values, **p.ampa_options),
                "slow": eib.synapse_model(p.nmda_mechanism, calcium=True, ion_values=ion_values, **p.nmda_options),
                "gaba": eib.synapse_model(p.gaba_mechanism, ion_values=ion_values, **p.gaba_options)}
        post_vars = [v for m in syns.values() for v in m.post_variables]
        currents = " + ".join(v for v in post_vars if not v.startswith("ica"))
        calcium = " + ".join(v for v in post_vars if v.startswith("ica"))
        membrane = b2.Equations(f"""
            dv/dt = (g_pas_m * (e_pas_m - v) - ({currents}) + stim(t, i)) / c_m : volt
            ica = ({calcium}) / area_m : amp/meter**2
            """) + b2.Equations("\n".join(f"{v} : amp" for v in post_vars))
        area = p.area_um2 * b2.um ** 2
        stim = b2.TimedArray(p.stimulus() * b2.nA, dt=step)
        namespace = dict(pool.namespace, g_pas_m=p.g_pas * b2.siemens / b2.cm ** 2 * area,
                         e_pas_m=p.e_pas * b2.mV, c_m=p.cm * b2.uF / b2.cm ** 2 * area, area_m=area, stim=stim)
        cells = b2.NeuronGroup(p.n, membrane + pool.equations, method="exponential_euler", dt=step,
                               namespace=namespace, name="pairing*")
        cells.v = p.e_pas * b2.mV
        setattr(cells, f"capool_{P}", pool.namespace[f"ca_rest_{P}"])
        setattr(cells, f"W_{P}", pool.namespace[f"w0_{P}"])
        objects = [cells]
        for key, weight, times in (("fast", p.w_ampa, p.glutamate), ("slow", p.w_nmda, p.glutamate),
                                   ("gaba", p.w_gaba, p.gaba)):
            weight_unit = eib.brian2_unit(mechanisms.get(syns[key].name).weight_unit or "1")
            src = _spikes(b2, p, times, step)
            kwargs = syns[key].kwargs()
            if key == "slow":  # the synaptic form of the weight, next to the compartment's W
                w_eqs, w_ns = synaptic_weight_model(**p.plasticity_options)
                kwargs.update(model=kwargs["model"] + w_eqs, namespace=dict(kwargs["namespace"], **w_ns),
                              method="exponential_euler")
            syn = b2.Synapses(src, cells, dt=step, **kwargs)
            _one_to_one(syn, p.n)
            if key == "slow":
                setattr(syn, f"W_{P}_syn", pool.namespace[f"w0_{P}"])
                w_mon = _monitor(b2, syn, [f"W_{P}_syn"], p.n, step)  # synapse k is cell k's
                objects.append(w_mon)
            syn.w = weight * weight_unit
            syns[key].set_per_synapse(syn)
            if mechanisms.get(syns[key].name).initial is not None:
                eib.initialize(syn, syns[key].name, syns[key].values, celsius=p.celsius)
            objects += [src, syn]
        mon = _monitor(b2, cells, ["v", f"capool_{P}", f"W_{P}"], p.n, step)
        net = b2.Network(*objects, mon)
        net.run(p.steps * step)
        out = {"t": p.time(), "v": np.asarray(mon.v / b2.mV)[:, : p.steps],
               "capool": np.asarray(getattr(mon, f"capool_{P}") / b2.umolar)[:, : p.steps],
               "W": np.asarray(getattr(mon, f"W_{P}"))[:, : p.steps], "target": info["target"],
               "W_synaptic": np.asarray(getattr(w_mon, f"W_{P}_syn"))[:, : p.steps]}
    return out
