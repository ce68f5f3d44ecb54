"""The per-target (summed) Brian2 form of linear synapses, and the summed-conductance form of
receptor synapses, equal the per-synapse form."""

import numpy as np
import pytest

from ei_models import mechanisms
from ei_models.errors import ParameterError

LINEAR = [n for n in mechanisms.names() if mechanisms.get(n).linear]


def _run(b2, name, form, options):
    from ei_models import brian2 as eib

    dt = 0.025 * b2.ms
    n_pre, n_post = 6, 3
    times = np.array([1.0, 3.0, 3.0, 7.5, 12.0, 12.0, 20.0]) * b2.ms
    idx = np.array([0, 1, 2, 3, 4, 5, 0])
    pre = b2.SpikeGeneratorGroup(n_pre, idx, times, dt=dt)
    if form in ("synapse", "sum_g"):
        model = eib.synapse_model(name, sum_conductance=form == "sum_g", **options)
        post = b2.NeuronGroup(n_post, "v : volt\n" + model.post_equations(), method="exact", dt=dt)
    else:
        model = eib.target_model(name, **options)
        post = b2.NeuronGroup(n_post, "v : volt\n" + model.post_equations, method="exact", dt=dt)
    post.v = [-70, -40, -10] * b2.mV
    syn = b2.Synapses(pre, post, dt=dt, **model.kwargs())
    syn.connect(i=[0, 1, 2, 3, 4, 5, 1], j=[0, 0, 1, 1, 2, 2, 2])
    weight_unit = mechanisms.get(name).weight_unit
    syn.w = np.linspace(0.5, 2.0, len(syn)) * (b2.nS if weight_unit == "uS" else 1)
    current = model.post_variables[0]
    mon = b2.StateMonitor(post, current, record=True, dt=dt)
    b2.Network(pre, post, syn, mon).run(40 * b2.ms)
    return np.asarray(getattr(mon, current) / b2.nA)


@pytest.mark.brian2
@pytest.mark.parametrize("name", LINEAR)
def test_target_form_equals_synapse_form(name, b2):
    options = {"subtype": "GluN2B"} if name == "nmda" else {}
    a = _run(b2, name, "synapse", options)
    b = _run(b2, name, "target", options)
    assert np.max(np.abs(a)) > 0
    # A summed variable is written by the synapses once per step, after the monitor has read
    # it, so in the per-synapse form the postsynaptic current lags one step behind the state
    # that the per-target form reads directly. Same arithmetic otherwise.
    a, b = a[:, 1:], b[:, :-1]
    assert np.max(np.abs(a - b)) <= 1e-12 * np.max(np.abs(a)), np.max(np.abs(a - b)) / np.max(np.abs(a))


@pytest.mark.analytic
def test_nonlinear_mechanisms_refuse_target_form():
    from ei_models import brian2 as eib

    nonlinear = [n for n in mechanisms.names() if not mechanisms.get(n).linear and mechanisms.get(n).kind == "point_process"]
    for name in nonlinear[:1]:
        with pytest.raises(ParameterError, match="not a linear synapse"):
            eib.target_model(name)


RECEPTORS = ["nmda", "ampa", "gabaa_syn", "gabaa_gamma2", "gabaa_delta_syn", "gabab_girk"]


@pytest.mark.brian2
@pytest.mark.parametrize("name", RECEPTORS)
def test_summed_conductance_form_equals_synapse_form(name, b2):
    """``sum_conductance=True`` (Mg2+ block and driving force once per target) gives the
    per-synapse form's current to round-off, kinetic schemes included."""
    options = {"subtype": "GluN2B"} if name == "nmda" else {}
    a = _run(b2, name, "synapse", options)
    b = _run(b2, name, "sum_g", options)
    assert np.max(np.abs(a)) > 0
    assert np.max(np.abs(a - b)) <= 1e-12 * np.max(np.abs(a)), np.max(np.abs(a - b)) / np.max(np.abs(a))


@pytest.mark.analytic
def test_summed_conductance_refuses_per_synapse_current_parameters():
    from ei_models import brian2 as eib

    with pytest.raises(ParameterError, match="per-synapse mg"):
        eib.synapse_model("nmda", sum_conductance=True, per_synapse=["mg"])
    with pytest.raises(ParameterError, match="no synaptic conductance g"):
        eib.synapse_model("eaat", sum_conductance=True)
