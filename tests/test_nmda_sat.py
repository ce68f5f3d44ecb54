"""The saturating NMDA synapse (nmda_sat): bad input, its weight rule, a clamped Brian2 target.

Its dynamics are validated in V17 (closed forms, NEST, NEURON against Brian2)."""

import numpy as np
import pytest

from ei_models import mechanisms
from ei_models.errors import ParameterError


@pytest.mark.analytic
@pytest.mark.parametrize("options, match", [
    ({"alpha": 0.0}, r"alpha = 0 /ms is out of range"),
    ({"alpha": -0.5}, r"alpha = -0.5 /ms is out of range"),
    ({"tau_rise": 150.0}, r"tau_rise \(150 ms\) must be shorter than tau_decay"),
    ({"tau_decay": float("inf")}, r"tau_decay = inf ms is out of range"),
    ({"mg": -1.0}, r"mg = -1 mM is out of range"),
])
def test_bad_values(options, match):
    with pytest.raises(ParameterError, match=match):
        mechanisms.get("nmda_sat").resolve(options)


@pytest.mark.neuron
def test_one_weight_per_instance_and_bounded_s(nrn):
    """NetCons into one instance share its s: a second weight is counted, s stays below 1."""
    import ei_models.neuron as ein

    h = nrn
    sec = h.Section(name="sat_soma")
    syn = ein.insert("nmda_sat", sec(0.5))
    stims = []
    for w in (0.001, 0.002):
        ns = h.NetStim()
        ns.start, ns.number, ns.interval = 1.0, 50, 2.0
        stims.append((ns, syn.connect(ns, weight=w)))
    s = syn.record("s")
    h.finitialize(-65)
    h.continuerun(120)
    s = np.asarray(s)
    assert syn.hoc.n_mismatch > 0 and syn.hoc.gw == pytest.approx(0.001)
    assert np.all(s >= 0) and np.all(s < 1) and s.max() > 0.95


@pytest.mark.brian2
def test_clamped_target_with_v_as_subexpression(b2):
    """A target whose v is a subexpression (a clamp) accepts the summed-conductance lines."""
    import ei_models.brian2 as eib

    pre = b2.SpikeGeneratorGroup(1, [0, 0], [1, 3] * b2.ms)
    post = b2.NeuronGroup(1, "v = -60*mV : volt\n" + eib.post_equations("nmda_sat"))
    syn = eib.make_synapses(pre, post, "nmda_sat", connect=True, weight=1 * b2.nS)
    mon = b2.StateMonitor(post, "i_nmda", record=0)
    b2.Network(pre, post, syn, mon).run(20 * b2.ms)
    assert mon.i_nmda[0].min() < 0  # inward at -60 mV
