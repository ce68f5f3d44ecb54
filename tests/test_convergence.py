"""Convergence and long-run drift in NEURON, for every point-process mechanism.

* Each mechanism sits on a free (current-clamped) passive compartment and receives a fixed
  event train. Halving dt must shrink the error of the membrane potential against a fine
  reference (dt/64) at first order, for implicit Euler (secondorder = 0) and Crank-Nicolson
  (secondorder = 2) alike: the synaptic events are jumps of the conductance, discontinuities
  that cost Crank-Nicolson its second order. The measured orders are printed (pytest -s) and
  asserted within [0.8, 1.5] (for the mechanisms that take backward Euler substeps, at dt <= their
  substep bound, where a step is one substep). (The dual-exponential synapse states themselves are exact at any
  dt: nmda multiplies them by the exact decay factors exp(-dt/tau) each step, and ampa and
  gabaa_syn use cnexp, which integrates linear ODEs exactly; see the validation cases, 1e-14
  from closed form.)
* A 100 s run with activity in the first second must return every recorded quantity to its
  resting value and keep kinetic occupancy sums at 1 (no drift).
"""

import numpy as np
import pytest

from ei_models import mechanisms
from ei_models.brian2.substeps import H_MAX
from ei_models.neuron.loader import mod_files

#: at 37 C (conftest.body_temperature): the Q10-scaled kinetics at their physiological time course
pytestmark = pytest.mark.usefixtures("body_temperature")

POINT = [n for n in mechanisms.names() if mechanisms.get(n).kind == "point_process"]
#: the 100 s drift run in the default run (the default run's 15-minute budget): one mechanism of
#: each integration scheme (exact dual-exponential decay, a kinetic scheme with its sparse solve,
#: Newton-solved transporter kinetics, the G-protein cascade, event-driven plasticity); every
#: mechanism under ``-m slow``
DRIFT_DEFAULT = {"nmda", "gabaa_gamma2", "eaat", "gabab_girk", "tsodyks_markram"}
DRIFT = [pytest.param(n, marks=() if n in DRIFT_DEFAULT else pytest.mark.slow) for n in POINT]
EVENTS = [5.0, 9.0, 13.0, 40.0]
#: mechanisms whose fixed-step code takes backward Euler substeps of h <= H_MAX (issue 14 item 3):
#: at dt > H_MAX the mechanism's step error is set by h, not by dt (dt 0.1 and 0.05 both take
#: h = 0.05), so their order in dt is measured at dts where one step is one substep
SUBSTEPPED = {f.stem for f in mod_files() if "FROM isub" in f.read_text()}


def _trace(h, name, dt, secondorder, tstop=80.0, sample=0.4):
    sec = h.Section(name=f"conv_{name}")
    sec.L = sec.diam = 20
    sec.insert("pas")
    sec.g_pas, sec.e_pas = 2e-4, -65
    obj = getattr(h, mechanisms.get(name).neuron_name)(sec(0.5))
    nc = h.NetCon(None, obj)
    # a conductance weight (uS), or one transmitter release for mechanisms counting releases
    nc.weight[0] = 0.003 if mechanisms.get(name).weight_unit == "uS" else 1.0
    fih = h.FInitializeHandler(lambda: [nc.event(t) for t in EVENTS])
    v = h.Vector().record(sec(0.5)._ref_v)
    h.dt, h.secondorder = dt, secondorder
    h.cvode_active(0)
    h.finitialize(-65)
    h.continuerun(tstop)
    stride = int(round(sample / dt))
    out = np.asarray(v)[::stride][: int(round(tstop / sample)) + 1].copy()
    del fih, nc, obj, sec
    h.secondorder = 0
    return out


@pytest.mark.neuron
@pytest.mark.parametrize("secondorder", [0, 2])
@pytest.mark.parametrize("name", POINT)
def test_time_step_convergence_order(name, secondorder, nrn):
    dts = [0.1, 0.05, 0.025] if name not in SUBSTEPPED else [H_MAX, H_MAX / 2, H_MAX / 4]
    ref = _trace(nrn, name, 0.1 / 64, secondorder)
    errors = [np.max(np.abs(_trace(nrn, name, dt, secondorder) - ref)) for dt in dts]
    if max(errors) < 1e-9:  # the mechanism leaves v (nearly) untouched at this drive: nothing to measure
        pytest.skip(f"{name}: no measurable voltage response")
    orders = np.log2(np.array(errors[:-1]) / np.array(errors[1:]))
    print(f"\n{name} secondorder={secondorder}: errors {errors} mV, orders {orders}")
    # First order in both schemes: each event is a jump of the synaptic conductance, a
    # discontinuity that costs Crank-Nicolson its second order (measured: 1.03-1.10).
    assert np.all((orders > 0.8) & (orders < 1.5)), orders


@pytest.mark.neuron
@pytest.mark.parametrize("name", DRIFT)
def test_100_s_run_returns_to_rest_without_drift(name, nrn):
    mech = mechanisms.get(name)
    sec = nrn.Section(name=f"drift_{name}")
    sec.L = sec.diam = 20
    sec.insert("pas")
    sec.e_pas = -65
    obj = getattr(nrn, mechanisms.get(name).neuron_name)(sec(0.5))
    stim = nrn.NetStim()
    stim.start, stim.interval, stim.number, stim.noise = 5, 10, 100, 0  # 1 s of 100 Hz input
    nc = nrn.NetCon(stim, obj)
    nc.weight[0] = 0.002
    names = sorted({v for v in mech.traces if hasattr(obj, f"_ref_{v}")} | {v for g in mech.occupancy for v in g})
    recs = {v: nrn.Vector().record(getattr(obj, f"_ref_{v}"), 100.0) for v in names}
    v = nrn.Vector().record(sec(0.5)._ref_v, 100.0)
    nrn.dt = 0.1
    nrn.finitialize(-65)
    rest = {k: getattr(obj, k) for k in names}
    nrn.continuerun(100_000)
    assert np.all(np.isfinite(np.asarray(v))) and abs(v[-1] - sec.e_pas) < 1e-6
    for k, rec in recs.items():
        x = np.asarray(rec)
        assert np.all(np.isfinite(x)), k
        if k in mech.persistent:
            continue
        scale = max(np.max(np.abs(x)), 1e-12)
        assert abs(x[-1] - rest[k]) <= 1e-6 * scale + 1e-12, f"{name}.{k}: {x[-1]} after 100 s vs rest {rest[k]}"
    for group in mech.occupancy:
        total = sum(np.asarray(recs[k]) for k in group)
        assert np.max(np.abs(total - 1)) < 1e-12, f"{name}: occupancy drift {np.max(np.abs(total - 1))}"
