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


def _pathways(b2, summed):
    """Two AMPA pathways (external, recurrent) and NMDA onto one group, through make_synapses:
    the target declares ``eib.post_equations`` (summed conductances) or only the currents."""
    from ei_models import brian2 as eib

    dt = 0.025 * b2.ms
    pre = b2.SpikeGeneratorGroup(6, [0, 1, 2, 3, 4, 5, 0, 2], [1.0, 3.0, 3.0, 7.5, 12.0, 12.0, 20.0, 21.0] * b2.ms,
                                 dt=dt)
    paths = [("ampa", dict(pathway="ext")), ("ampa", dict(pathway="rec", erev=-5 * b2.mV)),
             ("nmda", dict(subtype="GluN2B", mg=1.2 * b2.mM))]
    if summed:
        lines = [eib.post_equations(name, **opts) for name, opts in paths]
    else:
        lines = ["i_ampa_ext : amp", "i_ampa_rec : amp", "i_nmda : amp"]
    post = b2.NeuronGroup(3, "v : volt\n" + "\n".join(lines), method="exact", dt=dt)
    post.v = [-70, -40, -10] * b2.mV
    syns = [eib.make_synapses(pre, post, name, connect=dict(i=[0, 1, 2, 3, 4, 5, 1], j=[0, 0, 1, 1, 2, 2, 2]),
                              weight=1 * b2.nS, dt=dt, **opts) for name, opts in paths]
    for k, s in enumerate(syns):
        s.w = np.linspace(0.5, 2.0, len(s)) * (k + 1) * b2.nS
    mon = b2.StateMonitor(post, ["i_ampa_ext", "i_ampa_rec", "i_nmda"], record=True, dt=dt)
    b2.Network(pre, post, *syns, mon).run(40 * b2.ms)
    return [s.ei_model.conductance for s in syns], {k: np.asarray(getattr(mon, k) / b2.nA) for k in mon.record_variables}


@pytest.mark.slow  # 42 s with cold compile caches; the summed form itself is in the default run (above)
@pytest.mark.brian2
def test_two_pathways_of_one_receptor_in_the_summed_form(b2):
    """External and recurrent AMPA (different reversals) and NMDA onto one group: each pathway
    sums into its own conductance (``pathway=``), and the currents equal the per-synapse form's."""
    g_summed, summed = _pathways(b2, True)
    g_per, per = _pathways(b2, False)
    assert g_summed == ["g_ampa_ext", "g_ampa_rec", "g_nmda"]  # make_synapses picked the summed form
    assert g_per == [None, None, None]  # the target has only the currents: per-synapse form
    for key in per:
        assert np.max(np.abs(per[key])) > 0, key
        assert np.max(np.abs(summed[key] - per[key])) <= 1e-12 * np.max(np.abs(per[key])), key
    assert not np.allclose(per["i_ampa_ext"], per["i_ampa_rec"])


@pytest.mark.analytic
def test_make_synapses_refuses_a_target_current_that_differs(b2):
    """The target's current must be the one the synapses imply (shared [Mg2+]o here)."""
    from ei_models import brian2 as eib

    post = b2.NeuronGroup(2, "v : volt\n" + eib.post_equations("nmda", mg=1.2 * b2.mM))
    pre = b2.SpikeGeneratorGroup(1, [0], [1] * b2.ms)
    with pytest.raises(ParameterError, match="not the current these synapses imply"):
        eib.make_synapses(pre, post, "nmda")  # default mg = 1 mM
    with pytest.raises(ParameterError, match="lacks the postsynaptic variable"):
        eib.make_synapses(pre, post, "ampa")
    assert eib.make_synapses(pre, post, "nmda", mg=1.2 * b2.mM).ei_model.conductance == "g_nmda"
    with pytest.raises(ParameterError, match="per-synapse mg"):
        eib.make_synapses(pre, post, "nmda", per_synapse=["mg"], sum_conductance=True)


@pytest.mark.analytic
def test_release_keeps_sum_conductance():
    """``release=`` in front of a receptor keeps the summed-conductance form (it was dropped)."""
    from ei_models import brian2 as eib

    m = eib.synapse_model("ampa", release={"N": 3, "Pr": 0.5}, sum_conductance=True)
    assert "g_ampa_post" in m.model.names and "i_ampa_post" not in m.model.names
    assert m.post_equations().splitlines()[0] == "g_ampa : siemens"
    assert m.on_pre.splitlines()[0] == "n_rel = release_count(n_sites, Pr, rand())"


@pytest.mark.brian2
def test_release_in_the_summed_form_equals_the_per_synapse_form(b2):
    """With Pr = 1 the draw is deterministic (n_rel = N): both forms give the same current."""
    from ei_models import brian2 as eib

    out = []
    for summed in (False, True):
        dt = 0.025 * b2.ms
        pre = b2.SpikeGeneratorGroup(3, [0, 1, 2, 0], [1.0, 2.0, 2.0, 9.0] * b2.ms, dt=dt)
        m = eib.synapse_model("ampa", release={"N": 4, "Pr": 1.0, "q": 0.0003}, sum_conductance=summed)
        post = b2.NeuronGroup(2, "v : volt\n" + m.post_equations(), method="exact", dt=dt)
        post.v = [-70, -20] * b2.mV
        syn = b2.Synapses(pre, post, dt=dt, **m.kwargs())
        syn.connect(i=[0, 1, 2], j=[0, 1, 1])
        m.set_per_synapse(syn)
        mon = b2.StateMonitor(post, "i_ampa", record=True, dt=dt)
        b2.Network(pre, post, syn, mon).run(20 * b2.ms)
        out.append(np.asarray(mon.i_ampa / b2.nA))
    assert np.max(np.abs(out[0])) > 0
    assert np.max(np.abs(out[0] - out[1])) <= 1e-12 * np.max(np.abs(out[0]))
