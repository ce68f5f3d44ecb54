"""Run every mechanism of the package in one small deterministic model and print its traces
as JSON. Used by test_engines.py in fresh interpreters, one per engine:

    python engine_run.py FLAVOUR NTHREAD      FLAVOUR: nocmodl | nmodl | coreneuron
    mpiexec -n 2 python engine_run.py mpi 1   (cells distributed over the ranks, gathered on rank 0)
"""

import json
import sys

import numpy as np
from neuron import h

from ei_models import mechanisms
from ei_models.neuron import loader

flavour, nthread = sys.argv[1], int(sys.argv[2])
if flavour == "mpi":  # run under mpiexec: the cells are distributed over the ranks
    h.nrnmpi_init()
loader.load(coreneuron=flavour == "coreneuron", transpiler="nmodl" if flavour == "nmodl" else "nocmodl")
h.load_file("stdrun.hoc")
pc = h.ParallelContext()
keep, recs = [], {}
for gid, name in enumerate(mechanisms.names()):
    if gid % int(pc.nhost()) != int(pc.id()):
        continue
    mech = mechanisms.get(name)
    if flavour == "coreneuron" and not mech.coreneuron:
        continue  # NEURON only (Mechanism.coreneuron); compared in the other flavours
    sec = h.Section(name=f"cell_{name}")
    sec.L = sec.diam = 10
    sec.insert("pas")
    if mech.kind == "point_process":
        obj = getattr(h, mech.neuron_name)(sec(0.5))
        stim = h.NetStim()
        stim.start, stim.interval, stim.number, stim.noise = 2, 7, 5, 0
        nc = h.NetCon(stim, obj)
        nc.weight[0], nc.delay = 0.002, 1
        if name == "release":
            # CoreNEURON buffers a POINT_PROCESS's NET_RECEIVE and runs it after the queue, at the
            # step time t_k, and its net_event refuses a time earlier than t_k; an event to
            # release arriving in (t_k - dt/2, t_k) aborts ("net_event time < t"). Arrivals a
            # quarter step after a step boundary run in every engine (see release.mod).
            nc.delay = 1 + 0.025 / 4
        keep += [obj, stim, nc]
        for var in mech.traces:
            if hasattr(obj, f"_ref_{var}"):
                recs[f"{name}.{var}"] = h.Vector().record(getattr(obj, f"_ref_{var}"))
    else:
        sec.insert(mech.neuron_name)
        for var in mech.traces:
            ref = f"_ref_{var}_{mech.neuron_name}"
            if hasattr(sec(0.5), ref):
                recs[f"{name}.{var}"] = h.Vector().record(getattr(sec(0.5), ref))
    clamp = h.IClamp(sec(0.5))
    clamp.delay, clamp.dur, clamp.amp = 20, 10, 0.02
    recs[f"{name}.v"] = h.Vector().record(sec(0.5)._ref_v)
    pc.set_gid2node(gid, pc.id())
    spike = h.NetCon(sec(0.5)._ref_v, None, sec=sec)
    spike.delay = 1
    pc.cell(gid, spike)
    keep += [sec, clamp, spike]
pc.nthread(nthread)
h.cvode_active(0)
h.dt = 0.025
pc.set_maxstep(10)
if flavour == "coreneuron":
    from neuron import coreneuron

    coreneuron.enable = True
    coreneuron.verbose = 0
h.finitialize(-65)
pc.psolve(60)
mine = {k: np.asarray(v).tolist() for k, v in recs.items()}
everything = pc.py_gather(mine, 0)
if int(pc.id()) == 0:
    merged = {k: v for part in everything for k, v in part.items()}
    print(json.dumps(merged), flush=True)
pc.barrier()
if flavour == "mpi":
    h.quit()
