"""Calcium-controlled plasticity protocols on a single compartment, in both simulators.

:class:`Pairing` describes ``n`` independent passive compartments (a dendritic spine-dendrite
compartment each), every one holding an ``ampa`` + ``nmda`` glutamatergic synapse, a GABA_A
synapse (mechanism name selectable: ``gabaa_syn`` by default, ``gabaa_gamma2`` where it exists)
and the ``ca_plasticity`` pool and weight. Each compartment gets its own presynaptic glutamate
events, its own depolarizing current pulses (the back-propagating spike that lifts the Mg2+
block) and its own GABA_A events. :func:`run_neuron` and :func:`run_brian2` return the same
structure, ``{"t": (steps,), "v", "capool", "W": (n, steps)}`` (mV, uM, 1), sampled at
identical times t_k = k dt.

Time alignment is that of :mod:`ei_models.validation.protocols`: events reach NEURON at t_e (queued with
``NetCon.event``) and Brian2 one step earlier (``on_pre`` runs after the state update). Current
pulses are on for t_on <= t < t_on + dur in both (NEURON ``IClamp``; Brian2 a ``TimedArray``
sampled at the step start). The membrane is integrated with NEURON's implicit Euler and Brian2's
exponential Euler; both are first order, so the traces agree to O(dt) (see V14).

Example
-------
>>> from ei_models.validation.plasticity_protocol import Pairing, run_neuron
>>> p = Pairing(glutamate=[[10.0]], pulses=[[(10.0, 30.0)]], gaba=[[]])
>>> r = run_neuron(p)
>>> r["W"][0, -1] - r["W"][0, 0]      # weight change of the pairing
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from ei_models import mechanisms
from ei_models.mechanisms.ca_plasticity import synaptic_weight_model
from .protocols import TimeBase


@dataclass
class Pairing(TimeBase):
    """A pairing protocol on ``n`` passive compartments (one per list entry).

    Parameters
    ----------
    glutamate : list of lists of float
        Presynaptic glutamate event times (ms) per compartment; each event drives ``ampa`` and
        ``nmda`` with weights ``w_ampa``, ``w_nmda`` (uS).
    pulses : list of lists of (t_on, dur)
        Depolarizing current pulses (ms) of amplitude ``pulse_amp`` (nA) per compartment.
    gaba : list of lists of float
        GABA_A event times (ms) per compartment, weight ``w_gaba`` (in the mechanism's NetCon
        weight unit: uS for ``gabaa_syn``, a dimensionless pulse scale for ``gabaa_gamma2``).
    gaba_mechanism : str
        GABA_A point process (``gabaa_syn``; ``gabaa_gamma2`` when available).
    gaba_options, nmda_options, ampa_options, plasticity_options : dict
        Mechanism options (table units), as for :func:`ei_models.neuron.insert`.
    L, diam : float
        Compartment length and diameter (um).
    cm, g_pas, e_pas : float
        Membrane capacitance (uF/cm2), leak conductance (S/cm2) and leak reversal (mV).
    """

    glutamate: Sequence = ((10.0,),)
    pulses: Sequence = (((10.0, 30.0),),)
    gaba: Sequence = ((),)
    w_ampa: float = 0.0005
    w_nmda: float = 0.0005
    w_gaba: float = 0.002
    pulse_amp: float = 0.01
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

    def __post_init__(self):
        n = len(self.glutamate)
        if len(self.pulses) != n or len(self.gaba) != n:
            raise ValueError(f"glutamate, pulses and gaba need one entry per compartment ({n}), got "
                             f"{len(self.glutamate)}, {len(self.pulses)}, {len(self.gaba)}")
        mechanisms.get(self.gaba_mechanism)
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
        return out


def run_neuron(p: Pairing) -> dict:
    """Run ``p`` in NEURON with the compiled mechanisms (fixed step, implicit Euler)."""
    from neuron import h

    from ei_models import neuron as ein

    ein.load()
    h.load_file("stdrun.hoc")
    cells, keep = [], []
    for k in range(p.n):
        sec = h.Section(name=f"pairing{k}")
        sec.L, sec.diam, sec.nseg, sec.cm = p.L, p.diam, 1, p.cm
        sec.insert("pas")
        sec.g_pas, sec.e_pas = p.g_pas, p.e_pas
        seg = sec(0.5)
        ampa = ein.insert("ampa", seg, **p.ampa_options)
        nmda = ein.insert("nmda", seg, **p.nmda_options)
        gaba = ein.insert(p.gaba_mechanism, seg, **p.gaba_options)
        ein.insert("ca_plasticity", sec, **p.plasticity_options)
        ncs = (ampa.connect(None, p.w_ampa), nmda.connect(None, p.w_nmda), gaba.connect(None, p.w_gaba))
        stims = []
        for t_on, dur in p.pulses[k]:
            st = h.IClamp(seg)
            st.delay, st.dur, st.amp = t_on, dur, p.pulse_amp
            stims.append(st)
        recs = {}
        for name, ref in (("v", seg._ref_v), ("capool", seg._ref_capool_ca_plasticity),
                          ("W", seg._ref_W_ca_plasticity)):
            recs[name] = h.Vector()
            recs[name].record(ref)
        cells.append((ncs, recs, k))
        keep += [sec, ampa, nmda, gaba, stims]

    def queue():
        for (nc_a, nc_n, nc_g), _, k in cells:
            for t in p.glutamate[k]:
                nc_a.event(t)
                nc_n.event(t)
            for t in p.gaba[k]:
                nc_g.event(t)

    fih = h.FInitializeHandler(queue)
    h.celsius, h.dt, h.steps_per_ms = p.celsius, p.dt, 1.0 / p.dt
    h.secondorder = 0
    h.cvode_active(0)
    h.finitialize(p.e_pas)
    for _ in range(p.steps - 1):
        h.fadvance()
    out = {"t": p.time()}
    for name in ("v", "capool", "W"):
        out[name] = np.array([np.asarray(recs[name])[: p.steps] for _, recs, _ in cells])
    del fih, keep
    return out


def run_brian2(p: Pairing, target: str = "cython", directory=None) -> dict:
    """Run ``p`` in Brian2 generated code (``cython`` or ``cpp_standalone``)."""
    import brian2 as b2

    from ei_models import brian2 as eib

    with eib.target(target, directory) as info:
        step = p.dt * b2.ms  # not `dt`: Brian2 would see it in the run namespace
        pool = eib.density_model("ca_plasticity", **p.plasticity_options)
        ion_values = {"celsius": p.celsius}  # NEURON's h.celsius (mechanisms that read it: Nernst E_Cl)
        syns = {"ampa": eib.synapse_model("ampa", **p.ampa_options),
                "nmda": eib.synapse_model("nmda", calcium=True, **p.nmda_options),
                "gaba": eib.synapse_model(p.gaba_mechanism, ion_values=ion_values, **p.gaba_options)}
        currents = " + ".join(v for m in syns.values() for v in m.post_variables if not v.startswith("ica"))
        membrane = b2.Equations(f"""
            dv/dt = (g_pas_m * (e_pas_m - v) - ({currents}) + stim(t, i)) / c_m : volt
            ica = ica_nmda / area_m : amp/meter**2
            """) + b2.Equations("\n".join(f"{v} : amp" for m in syns.values() for v in m.post_variables))
        area = p.area_um2 * b2.um ** 2
        stim = b2.TimedArray(p.stimulus() * b2.nA, dt=step)
        namespace = dict(pool.namespace, g_pas_m=p.g_pas * b2.siemens / b2.cm ** 2 * area,
                         e_pas_m=p.e_pas * b2.mV, c_m=p.cm * b2.uF / b2.cm ** 2 * area, area_m=area, stim=stim)
        cells = b2.NeuronGroup(p.n, membrane + pool.equations, method="exponential_euler", dt=step,
                               namespace=namespace, name="pairing*")
        cells.v = p.e_pas * b2.mV
        cells.capool_ca_plasticity = pool.namespace["ca_rest_ca_plasticity"]
        cells.W_ca_plasticity = pool.namespace["w0_ca_plasticity"]
        objects = [cells]
        for key, weight, times in (("ampa", p.w_ampa, p.glutamate), ("nmda", p.w_nmda, p.glutamate),
                                   ("gaba", p.w_gaba, p.gaba)):
            weight_unit = eib.brian2_unit(mechanisms.get(syns[key].name).weight_unit or "1")
            idx = [k for k, ev in enumerate(times) for _ in ev]
            tt = [t - p.dt for ev in times for t in ev]  # see ei_models.validation.protocols
            src = b2.SpikeGeneratorGroup(p.n, np.array(idx, int), np.array(tt) * b2.ms, dt=step)
            kwargs = syns[key].kwargs()
            if key == "nmda":  # the synaptic form of the weight, next to the compartment's W
                w_eqs, w_ns = synaptic_weight_model(**p.plasticity_options)
                kwargs.update(model=kwargs["model"] + w_eqs, namespace=dict(kwargs["namespace"], **w_ns),
                              method="exponential_euler")
            syn = b2.Synapses(src, cells, dt=step, **kwargs)
            syn.connect(j="i")
            if key == "nmda":
                syn.W_ca_plasticity_syn = pool.namespace["w0_ca_plasticity"]
                w_mon = b2.StateMonitor(syn, "W_ca_plasticity_syn", record=np.arange(p.n), dt=step,
                                        when="start", order=0)  # synapse k is cell k's (standalone needs indices)
                objects.append(w_mon)
            syn.w = weight * weight_unit
            syns[key].set_per_synapse(syn)
            objects += [src, syn]
        mon = b2.StateMonitor(cells, ["v", "capool_ca_plasticity", "W_ca_plasticity"], record=True, dt=step,
                              when="start", order=0)
        net = b2.Network(*objects, mon)
        net.run(p.steps * step)
        out = {"t": p.time(), "v": np.asarray(mon.v / b2.mV)[:, : p.steps],
               "capool": np.asarray(mon.capool_ca_plasticity / b2.umolar)[:, : p.steps],
               "W": np.asarray(mon.W_ca_plasticity)[:, : p.steps], "target": info["target"],
               "W_synaptic": np.asarray(w_mon.W_ca_plasticity_syn)[:, : p.steps]}
    return out


def run(simulator: str, p: Pairing, target: str = "cython") -> dict:
    """Run ``p`` in ``simulator`` (``"neuron"`` or ``"brian2"``)."""
    from .protocols import dispatch

    return dispatch(simulator, p, run_neuron, run_brian2, target)
