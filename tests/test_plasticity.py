"""ca_plasticity: the Shouval, Bear & Cooper (2002) functions and the mechanism in both
simulators (the full pairing protocol is validation case V14)."""

import numpy as np
import pytest

from ei_models import analytic, mechanisms
from ei_models.errors import ParameterError


@pytest.mark.analytic
def test_omega_has_the_published_thresholds():
    # alpha1 = 0.35 uM, alpha2 = 0.55 uM, beta = 80/uM (Shouval et al. 2002)
    assert analytic.shouval_omega(0.05) == pytest.approx(0.25, abs=1e-8)  # rest: no change
    assert analytic.shouval_omega(0.45) < 0.01  # LTD window
    assert analytic.shouval_omega(1.0) > 0.99  # LTP
    assert analytic.shouval_omega(0.35) == pytest.approx(0.25 + 1 / (1 + np.exp(16)) - 0.125, abs=1e-12)
    eta = analytic.shouval_eta(np.linspace(0, 2, 50))
    assert np.all(np.diff(eta) > 0) and eta[-1] < 1e-3  # rises with Ca, bounded by 1/p1 = 1/s


@pytest.mark.analytic
def test_weight_relaxes_to_omega_at_constant_calcium():
    t = np.linspace(0, 20000.0, 2001)
    w = analytic.shouval_weight(t, np.full_like(t, 1.0))
    assert w[-1] == pytest.approx(analytic.shouval_omega(1.0), rel=1e-3)
    w = analytic.shouval_weight(t, np.full_like(t, 0.05))
    assert np.max(np.abs(w - 0.25)) < 1e-6  # resting Ca keeps the resting weight


@pytest.mark.analytic
def test_thresholds_must_be_ordered():
    with pytest.raises(ParameterError, match="alpha1"):
        mechanisms.get("ca_plasticity").resolve({"alpha1": 0.6})
    with pytest.raises(ParameterError):
        mechanisms.get("ca_plasticity").resolve({"kappa": -1})


@pytest.mark.neuron
def test_neuron_pool_integrates_ica_and_weight_is_stable_at_rest(nrn):
    from ei_models import neuron as ein

    h = nrn
    sec = h.Section(name="spine_test")
    sec.L = sec.diam = 1.0
    pool = ein.insert("ca_plasticity", sec)
    syn = ein.insert("nmda", sec(0.5))
    clamp = h.SEClamp(sec(0.5))
    clamp.rs, clamp.dur1, clamp.amp1 = 1e-6, 1e9, -20.0
    nc = syn.connect(None, 0.0005)
    ca, w = pool.record("capool"), pool.record("W")
    fih = h.FInitializeHandler(lambda: nc.event(50.0))
    h.dt = 0.025
    h.finitialize(-20.0)
    h.continuerun(45.0)
    assert abs(ca[-1] - 0.05) < 1e-12 and abs(w[-1] - 0.25) < 1e-12  # nothing before the event
    h.continuerun(400.0)
    ca = np.asarray(ca)
    assert ca.max() > 0.06  # the NMDA Ca2+ current filled the pool
    assert abs(ca[-1] - 0.05) < 0.5 * (ca.max() - 0.05)  # and it decays back (tau_ca = 50 ms)
    del fih


@pytest.mark.brian2
def test_brian2_density_model_names(b2):
    from ei_models import brian2 as eib

    dm = eib.density_model("ca_plasticity", alpha2=0.6 * b2.umolar)
    names = set(dm.equations.names)
    assert {"capool_ca_plasticity", "W_ca_plasticity", "omega_ca_plasticity", "eta_ca_plasticity"} <= names
    assert float(dm.namespace["alpha2_ca_plasticity"] / b2.umolar) == pytest.approx(0.6)
    assert "ica" in dm.equations.identifiers  # read from the group, like NEURON's ca ion


@pytest.mark.brian2
def test_brian2_synaptic_weight_reads_the_postsynaptic_pool(b2):
    from ei_models.mechanisms.ca_plasticity import synaptic_weight_model

    eqs, ns = synaptic_weight_model(alpha1=0.3 * b2.umolar)
    assert {"W_ca_plasticity_syn", "omega_ca_plasticity_syn", "eta_ca_plasticity_syn"} <= set(eqs.names)
    assert "capool_ca_plasticity_post" in eqs.identifiers
    assert eqs["W_ca_plasticity_syn"].flags == ["clock-driven"]
    assert float(ns["alpha1_ca_plasticity"] / b2.umolar) == pytest.approx(0.3)
