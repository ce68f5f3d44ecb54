"""GABA_A receptors (gamma2, delta), chloride, gat and gad_pools: closed forms, bad input, and
simulator details (chloride defaults, the NetCon pulse, conservation, the Brian2 backward Euler
updater)."""

import numpy as np
import pytest

from ei_models import analytic, gaba, ions, mechanisms, physics
from ei_models.errors import ParameterError, UnknownNameError

RECEPTORS = ("gabaa_gamma2", "gabaa_delta", "gabaa_delta_syn")


# -- closed forms ------------------------------------------------------------------------------
@pytest.mark.analytic
@pytest.mark.parametrize("name", RECEPTORS)
@pytest.mark.parametrize("conc", [0.0, 1e-4, 1e-2, 1.0])
def test_steady_state_is_a_distribution_and_stationary(name, conc):
    values = mechanisms.get(name).table.defaults()
    scheme = gaba.scheme_of(name)
    ss = gaba.steady_state(scheme, values, conc)
    x = np.array([ss[s] for s in scheme.states])
    assert x.sum() == pytest.approx(1.0, abs=1e-12)
    assert np.all(x >= 0)
    assert np.abs(gaba.generator(scheme, values, conc) @ x).max() < 1e-12


@pytest.mark.analytic
def test_generator_columns_sum_to_zero_with_drugs():
    for name in RECEPTORS:
        values = mechanisms.get(name).resolve({"drug": "allopregnanolone", "thip": 1e-3, "bz": 1e-3})
        q = gaba.generator(gaba.scheme_of(name), values, 1e-3)
        assert np.abs(q.sum(axis=0)).max() < 1e-12
        assert np.all(q - np.diag(np.diag(q)) >= 0)


@pytest.mark.analytic
def test_chapter_chloride_reversals():
    d = ions.TABLE.defaults()
    assert (d["cli"], d["clo"]) == (10.0, 120.0)
    assert analytic.nernst(120.0, 10.0, -1, 37.0) == pytest.approx(-66.41, abs=0.01)  # chapter: -66.4 mV
    assert analytic.nernst(120.0, 20.0, -1, 37.0) == pytest.approx(-47.89, abs=0.01)  # chapter: -47.9 mV


@pytest.mark.analytic
def test_delta_has_no_benzodiazepine_effect_and_gamma2_has_one():
    d = mechanisms.get("gabaa_delta")
    g = mechanisms.get("gabaa_gamma2")
    o = lambda m, drug: gaba.steady_state(gaba.scheme_of(m.name), m.resolve({"drug": drug}), 5e-4)
    assert o(d, "diazepam")["O"] == pytest.approx(o(d, "none")["O"], rel=1e-12)
    assert o(g, "diazepam")["O2"] > 1.5 * o(g, "none")["O2"]


@pytest.mark.analytic
@pytest.mark.parametrize("blocker", ["none", "NO-711", "tiagabine", "SNAP-5114"])
def test_gat_steady_state_balances(blocker):
    v = mechanisms.get("gat").resolve({"blocker": blocker})
    ss = gaba.gat_steady_state(v)
    c, a = ss["cleft"], ss["ambient"]
    k1, k1e, k3 = v["v1"] / v["km1"] * (1 - v["gat1_block"]), v["v1e"] / v["km1"] * (1 - v["gat1_block"]), \
        v["v3"] / v["km3"] * (1 - v["gat3_block"])
    dc = -k1 * c - v["kesc"] * (c - a)
    da = v["vr"] * v["kesc"] * (c - a) + v["src"] - (k3 + k1e) * a
    assert abs(dc) < 1e-18 and abs(da) < 1e-18
    assert 0 < c <= a


@pytest.mark.analytic
def test_gad_steady_state_and_shares():
    m = mechanisms.get("gad_pools")
    ctrl = gaba.gad_steady_state(m.resolve({}))
    assert ctrl["ves_rel"] == pytest.approx(1.0)
    assert ctrl["cyto"] / ctrl["total"] > 0.85  # GAD67: most of the GABA
    nopalm = gaba.gad_steady_state(m.resolve({"perturbation": "no_palmitoylation"}))
    assert nopalm["ves_rel"] < 0.5 and abs(nopalm["total"] / ctrl["total"] - 1) < 0.1
    kd = gaba.gad_steady_state(m.resolve({"perturbation": "gad67_knockdown"}))
    assert kd["total"] < 0.5 * ctrl["total"] and kd["supply"] < ctrl["supply"]


# -- bad input ---------------------------------------------------------------------------------
@pytest.mark.analytic
@pytest.mark.parametrize("name,key", [
    ("gabaa_gamma2", "gaba"), ("gabaa_gamma2", "bz"), ("gabaa_gamma2", "thip"), ("gabaa_gamma2", "ns"),
    ("gabaa_gamma2", "tmax"), ("gabaa_delta", "gaba"), ("gabaa_delta_syn", "gaba"), ("gat", "crel"),
    ("gat", "src"), ("gad_pools", "s67"),
])
def test_negative_concentrations_are_refused(name, key):
    with pytest.raises(ParameterError, match=key):
        mechanisms.get(name).resolve({key: -1e-3})


@pytest.mark.analytic
@pytest.mark.parametrize("name,key", [
    ("gabaa_gamma2", "kon"), ("gabaa_gamma2", "koff"), ("gabaa_gamma2", "d2"), ("gabaa_delta", "beta"),
    ("gabaa_delta", "r"), ("gat", "v1"), ("gat", "v3"), ("gat", "kesc"), ("gad_pools", "kdeg"), ("gad_pools", "krel"),
])
def test_negative_rates_are_refused(name, key):
    with pytest.raises(ParameterError, match=key):
        mechanisms.get(name).resolve({key: -0.1})


@pytest.mark.analytic
@pytest.mark.parametrize("cli", [0.0, -10.0, float("nan")])
def test_nonpositive_chloride_is_refused(cli):
    with pytest.raises(ParameterError, match="cli"):
        ions.TABLE.validate({"cli": cli})


@pytest.mark.analytic
@pytest.mark.parametrize("name", RECEPTORS)
def test_unknown_drug_is_an_unknown_name(name):
    with pytest.raises(UnknownNameError, match="valium"):
        mechanisms.get(name).resolve({"drug": "valium"})


@pytest.mark.analytic
def test_gat_bad_blocker_and_supply_beyond_capacity():
    gat = mechanisms.get("gat")
    with pytest.raises(UnknownNameError, match="SKF"):
        gat.resolve({"blocker": "SKF-89976A"})
    with pytest.raises(ParameterError, match="never removed"):
        gat.resolve({"gat1_block": 1.0, "gat3_block": 1.0})
    assert gat.resolve({"gat1_block": 1.0, "gat3_block": 1.0, "src": 0.0})["src"] == 0.0
    with pytest.raises(ParameterError, match="gat1_block"):
        gat.resolve({"gat1_block": 1.5})


@pytest.mark.analytic
def test_drive_refuses_bad_chloride_and_inputs():
    from ei_models.validation.protocols import Drive

    with pytest.raises(ParameterError, match="cli"):
        Drive("gabaa_gamma2", v=[-65.0], cli=0.0).chloride()
    with pytest.raises(ParameterError, match="gaba"):
        Drive("gabaa_gamma2", v=[-65.0], inputs=[(1.0, {"gaba": -1.0})]).values_over_time()
    with pytest.raises(UnknownNameError, match="no parameter 'gabba'"):
        Drive("gabaa_gamma2", v=[-65.0], inputs=[(1.0, {"gabba": 1.0})]).schedule()


# -- NEURON ------------------------------------------------------------------------------------
@pytest.mark.neuron
def test_insert_sets_chapter_chloride_and_checks_it(nrn):
    from ei_models import neuron as ein

    sec = nrn.Section(name="cl_test")
    syn = ein.insert("gabaa_gamma2", sec(0.5))
    assert (sec(0.5).cli, sec(0.5).clo) == (10.0, 120.0)  # NEURON alone would give 1/1 mM
    ein.insert("gabaa_delta", sec, cli=20.0)
    assert sec(0.5).cli == 20.0
    ein.insert("gabaa_gamma2", sec(0.5))  # a later insert keeps the user's value
    assert sec(0.5).cli == 20.0
    with pytest.raises(ParameterError, match="cli"):
        ein.insert("gabaa_gamma2", sec(0.5), cli=0.0)
    with pytest.raises(ParameterError, match="cli"):
        ein.insert("gat", sec(0.5), cli=5.0)  # gat does not read chloride
    with pytest.raises(UnknownNameError, match="valium"):
        ein.insert("gabaa_delta", sec, drug="valium")
    with pytest.raises(ParameterError, match="gaba"):
        syn.gaba = -1.0
    with pytest.raises(ParameterError, match="weight"):
        syn.connect(None, weight=-1.0)


@pytest.mark.neuron
def test_pulse_length_reversal_and_conservation(nrn):
    from ei_models import neuron as ein

    sec = nrn.Section(name="pulse_test")
    syn = ein.insert("gabaa_gamma2", sec(0.5), cli=20.0)
    nc = syn.connect(None, weight=1.0)
    conc = syn.record("conc")
    states = {s: syn.record(s) for s in gaba.scheme_of("gabaa_gamma2").states}
    nrn.celsius = 37.0
    nrn.dt = 0.025
    nrn.finitialize(-65.0)
    nc.event(1.0)
    nc.event(1.5)  # restarts the pulse: it ends cdur after the last event
    while nrn.t < 5.0:
        nrn.fadvance()
    c = np.asarray(conc)
    # each step's concentration is the pulse's mean over the step (the exact dose at any dt):
    # 1 mM for the 60 steps of the restarted pulse, to round-off, and the dose 1 mM x 1.5 ms
    assert np.sum(np.abs(c - 1.0) < 1e-12) == int(round(1.5 / 0.025)) and np.sum(c > 0) == 60
    assert np.sum(c) * 0.025 == pytest.approx(1.5, abs=1e-12)
    # E_GABA is the GHK potential of Cl- and HCO3- (p_hco3 = 0.2, 16/26 mM), no longer E_Cl
    assert syn.egaba == pytest.approx(physics.ghk_anion_reversal(20.0, 120.0, 16.0, 26.0, 0.2, 37.0), abs=1e-6)
    assert syn.e_cl == pytest.approx(analytic.nernst(120.0, 20.0, -1, 37.0), abs=1e-6)
    total = sum(np.asarray(v) for v in states.values())
    assert np.abs(total - 1).max() < 1e-9


# -- Brian2 ------------------------------------------------------------------------------------
@pytest.mark.brian2
def test_implicit_euler_linear_is_backward_euler(b2):
    """The generated elimination equals numpy's backward Euler step for a 3-state scheme."""
    from ei_models import brian2 as _  # noqa: F401  (registers the state updater)

    eqs = """dx/dt = -a * x + b * y + 0.1 / ms : 1
             dy/dt = a * x - (b + c) * y + d * z : 1
             dz/dt = c * y - d * z : 1
             a : 1 / second
             b : 1 / second
             c : 1 / second
             d : 1 / second"""
    g = b2.NeuronGroup(1, eqs, method="implicit_euler_linear", dt=0.1 * b2.ms)
    g.a, g.b, g.c, g.d = 2 / b2.ms, 0.5 / b2.ms, 3 / b2.ms, 0.2 / b2.ms
    g.x = 1.0
    net = b2.Network(g)
    net.run(1 * b2.ms)
    q = np.array([[-2, 0.5, 0], [2, -3.5, 0.2], [0, 3, -0.2]])
    x = np.array([1.0, 0.0, 0.0])
    m = np.linalg.inv(np.eye(3) - 0.1 * q)
    for _ in range(10):
        x = m @ (x + 0.1 * np.array([0.1, 0, 0]))
    assert np.allclose([g.x[0], g.y[0], g.z[0]], x, rtol=1e-12, atol=1e-14)


@pytest.mark.brian2
def test_brian2_models_refuse_bad_input(b2):
    from ei_models import brian2 as eib

    with pytest.raises(UnknownNameError, match="valium"):
        eib.synapse_model("gabaa_gamma2", drug="valium")
    with pytest.raises(ParameterError, match="cli"):
        eib.synapse_model("gabaa_gamma2", ion_values={"cli": 0 * b2.mM})
    with pytest.raises(ParameterError, match="gaba"):
        eib.density_model("gabaa_delta", gaba=-1 * b2.uM)
    model = eib.synapse_model("gabaa_gamma2", drug="diazepam", ion_values={"celsius": 37})
    assert float(model.namespace["bz"] / b2.mM) == pytest.approx(1e-3)
    assert float(model.namespace["cli"] / b2.mM) == 10.0


# -- optional chloride dynamics (cl_kcc2) ------------------------------------------------------
def _kcc2_neuron(h, tstop, dt):
    from ei_models import neuron as ein

    sec = h.Section(name="kcc2_test")
    sec.L = sec.diam = 10
    ein.insert("gabaa_delta", sec, gaba=1e-2, gbar=5e-3)
    ein.insert("cl_kcc2", sec)
    clamp = h.SEClamp(sec(0.5))
    clamp.rs, clamp.dur1, clamp.amp1 = 1e-6, 1e9, -30.0
    cli = h.Vector().record(sec(0.5)._ref_cli)
    h.celsius, h.dt = 37.0, dt
    h.finitialize(-30.0)
    h.continuerun(tstop)
    return np.asarray(cli)


@pytest.mark.neuron
@pytest.mark.brian2
def test_kcc2_chloride_loading_same_in_both_simulators(nrn, b2):
    """Heavy tonic GABA_A current at -30 mV loads the cell with Cl- against KCC2 extrusion, so
    E_Cl depolarizes; NEURON (cnexp) and Brian2 (backward Euler) agree within 1e-3 of the change."""
    from ei_models import brian2 as eib

    tstop, dt = 1000.0, 0.1
    cli_nrn = _kcc2_neuron(nrn, tstop, dt)
    with eib.target("cython"):
        delta = eib.density_model("gabaa_delta", gaba=10 * b2.uM, gbar=5e-3 * b2.siemens / b2.cm ** 2,
                                  ion_values={"celsius": 37})
        kcc2 = eib.density_model("cl_kcc2")
        ns = {**delta.namespace, **kcc2.namespace}
        ns.pop("cli")
        g = b2.NeuronGroup(1, delta.equations + kcc2.equations + b2.Equations("v : volt"), method="implicit_euler_linear",
                           namespace=ns, dt=dt * b2.ms)
        g.v = -30 * b2.mV
        g.cli = 10 * b2.mM
        ss = gaba.steady_state("delta", mechanisms.get("gabaa_delta").resolve({"gaba": 1e-2, "gbar": 5e-3}), 1e-2)
        for k in ("C1", "C2", "O", "D"):
            setattr(g, f"{k}_gabaa_delta", ss[k])
        copy = g.run_regularly("I_cl_cl_kcc2 = I_cl_gabaa_delta", when="start", order=-10)  # the Cl- part
        mon = b2.StateMonitor(g, "cli", record=0, when="start")
        b2.Network(g, copy, mon).run(tstop * b2.ms)
        cli_b2 = np.asarray(mon.cli[0] / b2.mM)
    n = len(cli_b2)
    change = cli_nrn[n - 1] - cli_nrn[0]
    assert change > 1.0  # mM of Cl- loading: E_Cl moves up by several mV
    e0, e1 = (analytic.nernst(120.0, c, -1, 37.0) for c in (cli_nrn[0], cli_nrn[n - 1]))
    assert e1 - e0 > 2.0
    assert np.max(np.abs(cli_b2 - cli_nrn[:n])) < 1e-3 * change


@pytest.mark.analytic
def test_kcc2_refuses_bad_values():
    with pytest.raises(ParameterError, match="cli0"):
        mechanisms.get("cl_kcc2").resolve({"cli0": 0.0})
    with pytest.raises(ParameterError, match="tau_kcc2"):
        mechanisms.get("cl_kcc2").resolve({"tau_kcc2": -1.0})


@pytest.mark.brian2
def test_make_synapses_sets_the_kinetic_initial_state(b2):
    """A kinetic mechanism's synapses start where NEURON's INITIAL puts them (occupancies at
    equilibrium with the applied GABA; transporter pools at their steady state), without the
    user setting them: before, gat's cleft/ambient and gabaa_gamma2's C1..D2 started at 0."""
    from ei_models import brian2 as eib
    from ei_models import gaba as gaba_model

    src = b2.SpikeGeneratorGroup(3, [], [] * b2.ms)
    for name, options, states in (("gat", {"blocker": "SNAP-5114"}, ("cleft", "ambient")),
                                  ("gabaa_gamma2", {"gaba": 0.005}, ("C1", "C2", "O1", "O2", "D1", "D2"))):
        mech = mechanisms.get(name)
        ion = {"celsius": 37.0}  # gat's temp_ref: its Q10-scaled steady state is the table's (gabaa_gamma2's
        # equilibrium does not depend on qt)
        post = b2.NeuronGroup(3, "v : volt\n" + eib.synapse_model(name, ion_values=ion, **options).post_equations())
        syn = eib.make_synapses(src, post, name, connect={"j": "i"}, ion_values=ion, **options)
        expected = mech.initial_state(mech.resolve(options))
        assert set(expected) == set(states)
        if name == "gat":
            assert expected == gaba_model.gat_steady_state(mech.resolve(options))
        for state in states:
            value = getattr(syn, state)[:]
            unit = b2.mM if name == "gat" else 1
            assert expected[state] > 0
            np.testing.assert_allclose(np.asarray(value / unit), expected[state], rtol=1e-12)


@pytest.mark.brian2
def test_initialize_density_model_and_the_deprecated_cycle_helper(b2):
    """``initialize`` sets a density model's states (units read from the group); the old
    ``init_glu_gln_cycle`` warns and sets the same."""
    from ei_models import analytic
    from ei_models import brian2 as eib

    model = eib.density_model("glu_gln_cycle")
    groups = [b2.NeuronGroup(2, model.equations, namespace=model.namespace, method=model.method) for _ in range(2)]
    values = [mechanisms.get("glu_gln_cycle").resolve({"total": t}) for t in (7.5, 9.0)]
    state = eib.initialize(groups[0], "glu_gln_cycle", values)
    steady = [analytic.glu_gln_steady_state(v) for v in values]
    for pool in analytic.GLU_GLN_POOLS:
        np.testing.assert_allclose(np.asarray(getattr(groups[0], f"{pool}_glu_gln_cycle")[:] / b2.mM),
                                   [s[pool] for s in steady], rtol=1e-12)
        np.testing.assert_allclose(state[pool], [s[pool] for s in steady], rtol=1e-12)
    with pytest.warns(DeprecationWarning, match="initialize"):
        eib.init_glu_gln_cycle(groups[1], values[0])
    assert groups[1].glu_ves_glu_gln_cycle[0] == groups[0].glu_ves_glu_gln_cycle[0]
    with pytest.raises(UnknownNameError, match="no variable"):
        eib.initialize(groups[1], "gat")
