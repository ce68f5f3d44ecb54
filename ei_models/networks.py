"""PING (pyramidal-interneuron network gamma) networks in Brian2 and in NEURON.

Excitatory (E) and inhibitory (I) single-compartment spiking cells, connected through the package's
synapses: ``ampa`` and ``nmda`` from E cells, a GABA_A mechanism (``gabaa_syn`` by default; the
name is a parameter) from I cells. E cells drive I cells, I cells inhibit E cells and each other,
and the network oscillates with a period set mostly by the decay of the inhibition (Whittington
et al. 2000, Int J Psychophysiol 38:315; Borgers & Kopell 2003, Neural Comput 15:509; Tiesinga
& Sejnowski 2009, Neuron 63:727).

Cells: one compartment (L = diam = 20 um, 1 uF/cm2) with the package's ``wang_buzsaki`` currents
(Wang & Buzsaki 1996: type I excitability, so the E cells escape slowly decaying inhibition
instead of accommodating to it as NEURON's ``hh`` does) and a constant, heterogeneous drive
current; Brian2 integrates the same equations (``equations/wang_buzsaki.eqs``); dt = 0.01 ms
(the instantaneous Na+ activation needs it for accurate spike peaks under NEURON's implicit
Euler). Synapses: as in NEURON, every cell holds one point process per receptor type and every connection is one ``NetCon`` onto it; the
dual-exponential synapses are linear, so the Brian2 side keeps one conductance state per cell and
receptor too (the mechanism's own equations from ``equations/<name>.eqs``, with ``v_post`` read
as the cell's ``v``), incremented by the ``Synapses``' ``on_pre``. Both simulators get the same
connectivity, weights, delays and drives from one seeded random generator.

User-facing functions
---------------------
:class:`Ping`
    the network's parameters (sizes, in-degrees, weights, tau_I, E/I ratio R, ...); several
    independent copies with different (tau_I, R) can run side by side in one simulation.
:func:`build_ping_neuron`, :func:`run_ping_neuron`
    NEURON on real sections, distributed with ``ParallelContext`` (NEURON's own gid assignment
    and spike exchange); runs unchanged under ``mpiexec -n N`` and under CoreNEURON
    (``coreneuron=True``: the package's CoreNEURON build, or that of the network's mechanisms
    where it fails, ``loader.load_coreneuron(fallback=network_mechanisms(p))``;
    ``coreneuron.enable = True``).
:func:`build_ping_brian2`, :func:`run_ping_brian2`
    Brian2 in generated code (``cpp_standalone`` by default, or ``cython``).
:func:`spectrum`, :func:`peak_frequency`, :func:`classify`
    the population-rate spectrum and its peak; silent / rhythmic / asynchronous labels.

Example
-------
>>> from ei_models import networks as nw
>>> p = nw.Ping(n_e=80, n_i=20, tau_i=10.0, tstop=500.0)
>>> spikes = nw.run_ping_neuron(p)                      # or: mpiexec -n 2 python script.py
>>> spikes_b2 = nw.run_ping_brian2(p)                   # cpp_standalone
>>> rate = nw.population_rate(spikes["t"], spikes["gid"], p, population="E")
>>> nw.peak_frequency(rate)                              # (~45 Hz, peak power share)

Command line (used by the MPI tests and the benchmark)::

    mpiexec -n 2 python -m ei_models.networks --preset test --out spikes.npz [--coreneuron]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import time
from pathlib import Path
from dataclasses import asdict, dataclass

import numpy as np

from . import mechanisms
from .errors import ParameterError
from .mechanisms.wang_buzsaki import REVERSALS

#: the spiking mechanism of the cells and its reversal potentials (mV)
CELL_MECHANISM = "wang_buzsaki"


@dataclass
class Ping:
    """Parameters of a PING network (NEURON units: uS, nA, ms, mV).

    ``copies`` lists ``(tau_i, ratio)`` pairs: the network is instantiated once per pair, as
    independent blocks of one simulation (block-diagonal connectivity), each with its GABA_A
    decay ``tau_i`` (ms) and its E/I ratio R = g_E/g_I relative to the defaults: every excitatory
    input, recurrent (E->E, E->I weights) and afferent (the drive currents), is multiplied by R
    at fixed inhibition. Default: one copy with ``tau_i`` and ``ratio``.
    """

    n_e: int = 80
    n_i: int = 20
    k_ee: int = 8  # E -> E in-degree
    k_ei: int = 16  # E -> I in-degree
    k_ie: int = 10  # I -> E in-degree
    k_ii: int = 5  # I -> I in-degree
    w_ee: float = 0.0001  # uS per connection (peak conductance of one event), AMPA
    w_ei: float = 0.0002
    w_ie: float = 0.00017  # GABA_A
    w_ii: float = 0.0005
    nmda_frac: float = 0.02  # NMDA weight as a fraction of the AMPA weight (E -> E and E -> I)
    tau_i: float = 10.0  # ms, GABA_A decay
    ratio: float = 1.0
    copies: tuple = ()
    i_e: float = 0.019  # nA, mean drive to E cells (x R): ~80 Hz alone; below rheobase at R = 0.1
    i_i: float = 0.0  # nA, mean drive to I cells (x R): they fire when the E cells drive them
    drive_sd: float = 0.05  # relative heterogeneity of the drive
    delay: float = 1.0  # ms, all connections
    gaba_mechanism: str = "gabaa_syn"
    ampa_mechanism: str = "ampa"  # fast excitatory receptor (role "ampa")
    nmda_mechanism: str = "nmda"  # slow excitatory receptor (role "nmda"), weight nmda_frac x AMPA
    gaba_erev: float = -75.0
    diam: float = 20.0  # um (L = diam)
    tstop: float = 500.0
    dt: float = 0.01  # ms; the Wang-Buzsaki spike (instantaneous m) needs <= 0.01 ms for accurate peaks
    v_init: float = -65.0
    seed: int = 1
    celsius: float = 36.0

    def __post_init__(self):
        for name in (self.gaba_mechanism, self.ampa_mechanism, self.nmda_mechanism):
            mechanisms.get(name)
        for name in ("n_e", "n_i"):
            if getattr(self, name) < 1:
                raise ParameterError(f"Ping: {name} must be >= 1, got {getattr(self, name)}")
        for name, pool in (("k_ee", self.n_e), ("k_ei", self.n_e), ("k_ie", self.n_i), ("k_ii", self.n_i)):
            k = getattr(self, name)
            if not 0 <= k <= pool - (1 if name in ("k_ee", "k_ii") else 0):
                raise ParameterError(f"Ping: in-degree {name} = {k} is outside [0, {pool}]")
        if self.delay < self.dt:
            raise ParameterError(f"Ping: delay ({self.delay} ms) must be >= dt ({self.dt} ms)")
        for tau, r in self.blocks():
            if tau <= mechanisms.get(self.gaba_mechanism).table.defaults().get("tau_rise", 0.0):
                raise ParameterError(f"Ping: tau_i = {tau} ms must exceed the GABA_A rise time")
            if r <= 0:
                raise ParameterError(f"Ping: E/I ratio must be > 0, got {r}")

    def blocks(self) -> list[tuple[float, float]]:
        return [tuple(map(float, c)) for c in self.copies] or [(float(self.tau_i), float(self.ratio))]

    @property
    def n_cells(self) -> int:
        return self.n_e + self.n_i

    @property
    def n_total(self) -> int:
        return self.n_cells * len(self.blocks())

    def is_excitatory(self, gid: int) -> bool:
        return gid % self.n_cells < self.n_e

    def connectivity(self):
        """Every connection as arrays ``pre, post, kind`` (kind 0: E->E, 1: E->I, 2: I->E,
        3: I->I), global cell ids, plus ``weight`` (uS) and the per-cell drive (nA)."""
        rng = np.random.default_rng(self.seed)
        pre, post, kind, weight = [], [], [], []
        drive = np.empty(self.n_total)
        base_w = {0: self.w_ee, 1: self.w_ei, 2: self.w_ie, 3: self.w_ii}
        for b, (_, r) in enumerate(self.blocks()):
            off = b * self.n_cells
            e_ids, i_ids = np.arange(self.n_e), np.arange(self.n_e, self.n_cells)
            scale = {0: r, 1: r, 2: 1.0, 3: 1.0}
            for target in range(self.n_cells):
                exc = target < self.n_e
                for kd, pool, k in ((0 if exc else 1, e_ids, self.k_ee if exc else self.k_ei),
                                    (2 if exc else 3, i_ids, self.k_ie if exc else self.k_ii)):
                    choices = pool[pool != target]
                    src = np.sort(rng.choice(choices, size=k, replace=False))
                    pre += list(src + off)
                    post += [target + off] * k
                    kind += [kd] * k
                    weight += [base_w[kd] * scale[kd]] * k
            mean = np.where(np.arange(self.n_cells) < self.n_e, self.i_e, self.i_i)
            drive[off:off + self.n_cells] = r * mean * (1 + self.drive_sd * rng.standard_normal(self.n_cells))
        return {"pre": np.array(pre, int), "post": np.array(post, int), "kind": np.array(kind, int),
                "weight": np.array(weight), "drive": drive}

    def tau_of_cell(self) -> np.ndarray:
        return np.repeat([b[0] for b in self.blocks()], self.n_cells)


PRESETS = {
    # small network for the MPI/CoreNEURON identity tests (a few seconds on 2 cores)
    "test": dict(n_e=40, n_i=10, tstop=200.0),
    # the benchmark of issue 6: 1000 E + 250 I cells, 100 connections per cell, 1 s; the weights
    # keep each cell's total input conductance of the default network
    "bench": dict(n_e=1000, n_i=250, k_ee=80, k_ie=20, k_ei=80, k_ii=20, w_ee=0.0001 * 8 / 80,
                  w_ie=0.00017 * 10 / 20, w_ei=0.0002 * 16 / 80, w_ii=0.0005 * 5 / 20, tstop=1000.0),
}


# -- NEURON ---------------------------------------------------------------------------------
class NeuronPing:
    """A PING network built on this rank: ``cells`` (gid -> dict of section and synapses),
    ``netcons``, the ``ParallelContext`` ``pc`` and the spike record vectors."""

    def __init__(self, p: Ping):
        from neuron import h

        self.p, self.h = p, h
        self.pc = h.ParallelContext()
        self.rank, self.nhost = int(self.pc.id()), int(self.pc.nhost())
        self.cells, self.netcons, self._keep = {}, [], []


def network_mechanisms(p: Ping) -> list[str]:
    """The mechanisms the network uses (its CoreNEURON fallback build holds just these)."""
    return sorted({p.ampa_mechanism, p.nmda_mechanism, p.gaba_mechanism, CELL_MECHANISM})


def network_mod_folder(p: Ping) -> Path:
    """A folder holding just the ``.mod`` files the network uses
    (:func:`ei_models.neuron.loader.subset_folder`): the CoreNEURON fallback, used when the
    package's CoreNEURON build fails (:func:`ei_models.neuron.loader.load_coreneuron`)."""
    from .neuron import loader

    return loader.subset_folder(network_mechanisms(p))


def build_ping_neuron(p: Ping, *, coreneuron: bool = False) -> NeuronPing:
    """Build ``p`` on real NEURON sections, distributed over the ranks of ``ParallelContext``.

    Cells are assigned round-robin (gid % nhost == rank) with ``pc.set_gid2node``; spikes are
    sources registered with ``pc.cell`` and connections are ``pc.gid_connect``: NEURON does the
    spike exchange. Under ``mpiexec`` call ``h.nrnmpi_init()`` (or ``neuron.h`` from an MPI-aware
    launch) before this. ``coreneuron=True`` loads the CoreNEURON build of the mechanisms. A
    build clears the ``ParallelContext``'s gids first: one network per process at a time.
    """
    from neuron import h

    from .neuron import insert, loader

    if coreneuron:
        loader.load_coreneuron(fallback=network_mechanisms(p))
    else:
        loader.load()
    h.load_file("stdrun.hoc")
    net = NeuronPing(p)
    pc = net.pc
    pc.gid_clear()  # one network per ParallelContext: a new build replaces an earlier one's gids
    conn = p.connectivity()
    taus = p.tau_of_cell()
    for gid in range(net.rank, p.n_total, net.nhost):
        sec = h.Section(name=f"{'E' if p.is_excitatory(gid) else 'I'}{gid}")
        sec.L = sec.diam = p.diam
        sec.nseg = 1
        sec.cm = 1.0
        insert(CELL_MECHANISM, sec)
        for ion, value in REVERSALS.items():
            setattr(sec, ion, value)
        seg = sec(0.5)
        ampa = insert(p.ampa_mechanism, seg)
        nmda = insert(p.nmda_mechanism, seg)
        gaba_opts = _gaba_reversal(mechanisms.get(p.gaba_mechanism).table, p.gaba_erev)
        if "tau_decay" in mechanisms.get(p.gaba_mechanism).table:
            gaba_opts["tau_decay"] = float(taus[gid])
        gaba = insert(p.gaba_mechanism, seg, **gaba_opts)
        stim = h.IClamp(seg)
        stim.delay, stim.dur, stim.amp = 0.0, 1e9, float(conn["drive"][gid])
        pc.set_gid2node(gid, net.rank)
        spike = h.NetCon(seg._ref_v, None, sec=sec)
        spike.threshold = 0.0
        pc.cell(gid, spike)
        net.cells[gid] = {"sec": sec, "ampa": ampa, "nmda": nmda, "gaba": gaba, "stim": stim, "spike": spike}
    for pre, post, kind, w in zip(conn["pre"], conn["post"], conn["kind"], conn["weight"]):
        cell = net.cells.get(int(post))
        if cell is None:
            continue
        targets = ((cell["ampa"], w), (cell["nmda"], w * p.nmda_frac)) if kind < 2 else ((cell["gaba"], w),)
        for syn, weight in targets:
            if weight == 0:
                continue
            nc = pc.gid_connect(int(pre), syn.hoc)
            nc.weight[0] = weight
            nc.delay = p.delay
            net.netcons.append(nc)
    net.tvec, net.idvec = h.Vector(), h.Vector()
    pc.spike_record(-1, net.tvec, net.idvec)
    return net


def run_ping_neuron(p: Ping, *, coreneuron: bool = False, net: NeuronPing | None = None) -> dict:
    """Build (unless ``net`` is given) and run ``p``; return ``{"t", "gid"}`` of ALL ranks'
    spikes (sorted by time, then gid) on every rank, plus timings."""
    from neuron import h

    t0 = time.perf_counter()
    net = net or build_ping_neuron(p, coreneuron=coreneuron)
    t_build = time.perf_counter() - t0
    pc = net.pc
    h.celsius = p.celsius
    h.dt = p.dt
    h.steps_per_ms = 1.0 / p.dt
    h.secondorder = 0
    h.cvode_active(0)
    pc.set_maxstep(10)
    h.cvode.cache_efficient(1)  # contiguous memory: faster, and required by CoreNEURON
    if coreneuron:
        from neuron import coreneuron as cn

        cn.enable = True
        cn.verbose = int(os.environ.get("EI_MODELS_CORENEURON_VERBOSE", "0"))
    h.finitialize(p.v_init)
    t1 = time.perf_counter()
    pc.psolve(p.tstop)
    t_run = time.perf_counter() - t1
    if coreneuron:
        from neuron import coreneuron as cn

        cn.enable = False
    local = (np.asarray(net.tvec, float), np.asarray(net.idvec, float).astype(int))
    parts = pc.py_allgather(local)
    t = np.concatenate([x[0] for x in parts])
    gid = np.concatenate([x[1] for x in parts])
    order = np.lexsort((gid, t))
    walls = pc.py_allgather(t_run)
    return {"t": t[order], "gid": gid[order], "build_s": t_build, "run_s": max(walls), "nhost": net.nhost,
            "coreneuron": coreneuron, "n_cells": p.n_total}


# -- Brian2 ---------------------------------------------------------------------------------
MEMBRANE_EQS = """
dv/dt = (I_drive - area_cell * {cell_current} - ({syn_currents})) / Cm : volt
I_drive : amp (constant)
"""


def _gaba_reversal(table, erev: float) -> dict:
    """Options giving a fixed-reversal GABA_A mechanism (gabaa_syn) the network's ``gaba_erev`` as
    its total reversal: the chloride reversal with no HCO3- share (p_hco3 = 0)."""
    if "erev" not in table:
        return {}
    return {"erev": erev, "p_hco3": 0.0} if "p_hco3" in table else {"erev": erev}


def _per_cell(name: str, suffix: str, per_neuron=(), **options):
    """A linear synapse mechanism in the per-target (state) form, one state per cell, as NEURON's
    point process serving every NetCon: :func:`ei_models.brian2.target_model` with the names
    suffixed ``_<suffix>`` (``A_nmda``, current ``I_nmda``) and the parameters in a namespace.
    ``per_neuron`` parameters become group variables."""
    from . import brian2 as eib

    current = eib.synapse_model(name, **options).post_variables[0]
    return eib.target_model(name, currents={current: f"I_{suffix}"}, suffix=suffix, per_target=per_neuron,
                            inline=False, **options)


class Brian2Ping:
    """Handles to a Brian2 PING network: ``cells``, ``synapses``, ``spikes`` monitor, ``net``."""

    def __init__(self, p, cells, synapses, spikes, net):
        self.p, self.cells, self.synapses, self.spikes, self.net = p, cells, synapses, spikes, net


def build_ping_brian2(p: Ping) -> Brian2Ping:
    """Build ``p`` as Brian2 objects (call inside :func:`ei_models.brian2.target`)."""
    import brian2 as b2

    from . import physics
    from . import brian2 as eib

    dt = p.dt * b2.ms
    conn = p.connectivity()
    gaba_table = mechanisms.get(p.gaba_mechanism).table
    vary_tau = "tau_decay" in gaba_table and len({b[0] for b in p.blocks()}) > 1
    gaba_opts = _gaba_reversal(gaba_table, p.gaba_erev)
    if "tau_decay" in gaba_table and not vary_tau:
        gaba_opts["tau_decay"] = p.blocks()[0][0]
    try:
        temp = {"celsius": p.celsius}  # NEURON's h.celsius: GHK Ca2+, Q10 kinetics
        parts = {"ampa": _per_cell(p.ampa_mechanism, "ampa", ion_values=temp),
                 "nmda": _per_cell(p.nmda_mechanism, "nmda", ion_values=temp),
                 "gaba": _per_cell(p.gaba_mechanism, "gaba", per_neuron=("tau_decay",) if vary_tau else (),
                                   ion_values=temp, **gaba_opts)}
    except ParameterError as exc:
        raise ParameterError(f"{exc}. The Brian2 network keeps one state per cell as NEURON's point process "
                             "does; use a dual-exponential mechanism such as gabaa_syn there (NEURON accepts "
                             "any)") from None
    if vary_tau:  # the peak normalisation differs per cell too: a group variable
        gaba = parts["gaba"]
        gaba.namespace.pop("factor_gaba", None)
        gaba.on_pre = re.sub(r"\bfactor_gaba\b", "factor_gaba_post", gaba.on_pre)
    currents = " + ".join(part.post_variables[0] for part in parts.values())
    area = np.pi * (p.diam * b2.um) ** 2
    cell = eib.density_model(CELL_MECHANISM, ion_values={k: v * b2.mV for k, v in REVERSALS.items()})
    eqs = b2.Equations(MEMBRANE_EQS.format(syn_currents=currents, cell_current=cell.current)) + cell.equations
    for part in parts.values():
        eqs += b2.Equations(part.post_equations)
    if vary_tau:
        eqs += b2.Equations("factor_gaba : 1 (constant)")
    namespace = dict(cell.namespace, Cm=1 * b2.uF / b2.cm ** 2 * area, area_cell=area)
    for part in parts.values():
        namespace.update(part.namespace)
    cells = b2.NeuronGroup(p.n_total, eqs, threshold="v > 0*mV", refractory="v > 0*mV",
                           method=cell.method, dt=dt, namespace=namespace, name="ping_cells*")
    cells.v = p.v_init * b2.mV
    ah, bh, an, bn = _wb_gates(p.v_init)
    setattr(cells, f"h_{CELL_MECHANISM}", ah / (ah + bh))
    setattr(cells, f"n_{CELL_MECHANISM}", an / (an + bn))
    cells.I_drive = conn["drive"] * b2.nA
    if vary_tau:
        taus = p.tau_of_cell()
        rise = gaba_table.defaults()["tau_rise"]
        cells.tau_decay_gaba = taus * b2.ms
        cells.factor_gaba = [physics.exp2_factor(rise, t) for t in taus]
    synapses = []
    for key, kinds, wscale in (("ampa", (0, 1), 1.0), ("nmda", (0, 1), p.nmda_frac), ("gaba", (2, 3), 1.0)):
        sel = np.isin(conn["kind"], kinds)
        if wscale == 0 or not sel.any():
            continue
        syn = b2.Synapses(cells, cells, parts[key].synapse_model, on_pre=parts[key].on_pre, dt=dt,
                          namespace=dict(parts[key].namespace), name=f"ping_{key}*", delay=p.delay * b2.ms)
        syn.connect(i=conn["pre"][sel], j=conn["post"][sel])
        syn.w = conn["weight"][sel] * wscale * b2.uS
        synapses.append(syn)
    spikes = b2.SpikeMonitor(cells)
    net = b2.Network(cells, *synapses, spikes)
    return Brian2Ping(p, cells, synapses, spikes, net)


def _wb_gates(v):
    """Wang-Buzsaki h and n rate constants (/ms) at ``v`` (mV), for the steady-state start
    (NEURON's INITIAL block does the same)."""
    x = -(v + 34.0) / 10.0
    an = 0.1 * (x / np.expm1(x) if abs(x) > 1e-9 else 1.0)
    bn = 0.125 * np.exp(-(v + 44.0) / 80.0)
    ah = 0.07 * np.exp(-(v + 58.0) / 20.0)
    bh = 1.0 / (1.0 + np.exp(-(v + 28.0) / 10.0))
    return ah, bh, an, bn


def run_ping_brian2(p: Ping, target: str = "cpp_standalone", directory=None) -> dict:
    """Build and run ``p`` in Brian2 generated code; return ``{"t", "gid"}`` sorted like
    :func:`run_ping_neuron`, and timings (``run_s``: the simulation loop alone where known)."""
    import brian2 as b2

    from . import brian2 as eib

    t0 = time.perf_counter()
    with eib.target(target, directory) as info:
        net = build_ping_brian2(p)
        t1 = time.perf_counter()
        net.net.run(p.tstop * b2.ms, profile=False)
        t2 = time.perf_counter()
        t = np.asarray(net.spikes.t / b2.ms)
        gid = np.asarray(net.spikes.i[:], int)
        run_s = t2 - t1
        if info["target"] == "cpp_standalone":
            timing = _standalone_run_time(info["directory"])
            run_s = timing if timing is not None else run_s
    order = np.lexsort((gid, t))
    return {"t": t[order], "gid": gid[order], "build_s": time.perf_counter() - t0 - run_s, "run_s": run_s,
            "target": info["target"], "n_cells": p.n_total}


def _standalone_run_time(directory):
    """Wall time of the compiled simulation loop, from Brian2's ``results/last_run_info.txt``."""
    f = Path(directory) / "results" / "last_run_info.txt"
    try:
        return float(f.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


# -- analysis -------------------------------------------------------------------------------
def population_rate(t, gid, p: Ping, block: int = 0, population: str = "E", bin_ms: float = 1.0,
                    t_skip: float = 100.0):
    """Population rate (Hz per cell) of one block's E or I cells in ``bin_ms`` bins after ``t_skip``."""
    off = block * p.n_cells
    lo, hi = (off, off + p.n_e) if population == "E" else (off + p.n_e, off + p.n_cells)
    n = hi - lo
    sel = (gid >= lo) & (gid < hi) & (t >= t_skip)
    edges = np.arange(t_skip, p.tstop + bin_ms / 2, bin_ms)
    counts, _ = np.histogram(t[sel], edges)
    return counts / (n * bin_ms * 1e-3)


def spectrum(rate, bin_ms: float = 1.0):
    """Power spectrum (frequencies in Hz, power) of a population rate, mean removed, Hann window."""
    x = np.asarray(rate, float) - np.mean(rate)
    x = x * np.hanning(len(x))
    power = np.abs(np.fft.rfft(x)) ** 2
    freqs = np.fft.rfftfreq(len(x), d=bin_ms * 1e-3)
    return freqs, power


def peak_frequency(rate, bin_ms: float = 1.0, fmin: float = 5.0, fmax: float = 200.0):
    """Frequency (Hz) of the spectral peak of a population rate in [fmin, fmax], refined by a
    parabola through the peak bin and its neighbours; and the peak's share of the power."""
    f, pw = spectrum(rate, bin_ms)
    band = (f >= fmin) & (f <= fmax)
    if not band.any() or pw[band].sum() == 0:
        return float("nan"), 0.0
    idx = np.flatnonzero(band)
    k = idx[np.argmax(pw[band])]
    fk = f[k]
    if 0 < k < len(f) - 1:
        a, b, c = pw[k - 1], pw[k], pw[k + 1]
        denom = a - 2 * b + c
        if denom != 0:
            fk = f[k] + 0.5 * (a - c) / denom * (f[1] - f[0])
    near = band & (np.abs(f - f[k]) <= 3 * (f[1] - f[0]))
    return float(fk), float(pw[near].sum() / pw[band].sum())


def classify(rate_e: float, peak_share: float, *, silent_hz: float = 1.0, rhythm_share: float = 0.2,
             runaway_hz: float = 80.0) -> str:
    """Label a network state from the E-cell mean rate (Hz) and the spectral peak's power share:
    ``silent`` (E rate < silent_hz), ``runaway/asynchronous`` (E rate > runaway_hz, or no spectral
    peak holding ``rhythm_share`` of the power), else ``rhythmic``."""
    if rate_e < silent_hz:
        return "silent"
    if rate_e > runaway_hz or peak_share < rhythm_share:
        return "runaway/asynchronous"
    return "rhythmic"


# -- command line (MPI tests, benchmark) ----------------------------------------------------
def _main(argv=None):
    ap = argparse.ArgumentParser(description="run the PING network in NEURON (works under mpiexec)")
    ap.add_argument("--preset", default="test", choices=sorted(PRESETS))
    ap.add_argument("--set", default="{}", help="JSON dict of Ping fields overriding the preset")
    ap.add_argument("--out", required=True, help="output .npz (written by rank 0)")
    ap.add_argument("--coreneuron", action="store_true")
    args = ap.parse_args(argv)
    from neuron import h

    h.nrnmpi_init()
    p = Ping(**dict(PRESETS[args.preset], **json.loads(args.set)))
    res = run_ping_neuron(p, coreneuron=args.coreneuron)
    pc = h.ParallelContext()
    if int(pc.id()) == 0:
        np.savez(args.out, t=res["t"], gid=res["gid"], run_s=res["run_s"], build_s=res["build_s"],
                 nhost=res["nhost"], coreneuron=res["coreneuron"], params=json.dumps(asdict(p)))
    pc.barrier()
    h.quit()


if __name__ == "__main__":
    _main()
