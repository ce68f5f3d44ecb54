"""gabab_girk / gabab_pre: parameter errors, presets, closed forms, the Brian2 implicit_euler
state updater, and both simulators on short protocols (V13 checks the full behaviour)."""

import numpy as np
import pytest

from ei_models import analytic, mechanisms
from ei_models.errors import ParameterError, UnknownNameError

GIRK = mechanisms.get("gabab_girk")
PRE = mechanisms.get("gabab_pre")
BURST = [5.0 + 5.0 * k for k in range(10)]


# -- bad values ------------------------------------------------------------------------------
@pytest.mark.analytic
@pytest.mark.parametrize("mech", [GIRK, PRE], ids=["gabab_girk", "gabab_pre"])
@pytest.mark.parametrize("name", ["k1", "k2", "k3", "k4", "d1", "d2"])
def test_negative_rates_are_refused(mech, name):
    unit = mech.table[name].unit
    with pytest.raises(ParameterError, match=rf"{mech.name}: {name} = -0.01 {unit} is out of range; allowed \[0, inf\).*rates must be >= 0"):
        mech.resolve({name: -0.01})


@pytest.mark.analytic
@pytest.mark.parametrize("value", [0.0, 0.5, 0.999, -4.0])
def test_cooperativity_below_one_is_refused(value):
    with pytest.raises(ParameterError, match=rf"gabab_girk: n = {value:g} is out of range; allowed \[1, inf\).*>= 1"):
        GIRK.resolve({"n": value})
    with pytest.raises(ParameterError, match=rf"gabab_pre: n_ca = {value:g} is out of range"):
        PRE.resolve({"n_ca": value})


@pytest.mark.analytic
@pytest.mark.parametrize("value", [0.0, -100.0])
def test_non_positive_kd_is_refused(value):
    with pytest.raises(ParameterError, match=rf"gabab_girk: kd = {value:g} is out of range; allowed \(0, inf\).*must be > 0"):
        GIRK.resolve({"kd": value})
    with pytest.raises(ParameterError, match=rf"gabab_pre: kd_ca = {value:g} is out of range"):
        PRE.resolve({"kd_ca": value})
    with pytest.raises(ParameterError, match=r"gabab_pre: kd_rel = .* mM is out of range"):
        PRE.resolve({"kd_rel": value})


@pytest.mark.analytic
def test_other_bad_values_and_names():
    for key, value in (("gabab1", 1.5), ("gabab2", -0.1), ("ptx", 2.0), ("cdur", 0.0), ("tau_camp", 0.0),
                       ("ac_inh", 1.2), ("gmax", -1.0), ("cmax", float("nan"))):
        with pytest.raises(ParameterError, match=rf"gabab_girk: {key} = .* is out of range"):
            GIRK.resolve({key: value})
    with pytest.raises(UnknownNameError, match=r"unknown kinetics 'destexhe_2001' for gabab_girk; choose one of: "
                                                r"destexhe_mainen_sejnowski_1998, destexhe_sejnowski_1995"):
        GIRK.resolve({"kinetics": "destexhe_2001"})
    with pytest.raises(ParameterError, match=r"gabab_pre has no parameter 'gmax'"):
        PRE.resolve({"gmax": 0.1})


@pytest.mark.analytic
@pytest.mark.parametrize("kw, match", [({"n": 0.5}, "n .* must be >= 1"), ({"kd": 0.0}, "K_D must be > 0")])
def test_girk_activation_errors(kw, match):
    with pytest.raises(ValueError, match=match):
        analytic.girk_activation(1.0, **kw)


@pytest.mark.analytic
def test_cascade_rejects_negative_rates():
    with pytest.raises(ValueError, match=r"rates must be >= 0, got k4=-1"):
        analytic.gabab_cascade([0.0, 1.0], [0.5], cmax=0.5, cdur=0.3, k1=0.09, k2=0.0012, k3=0.18, k4=-1.0)


# -- presets and closed forms ----------------------------------------------------------------
@pytest.mark.analytic
def test_presets_are_the_published_rate_sets():
    d = GIRK.resolve({})
    assert (d["k1"], d["k2"], d["k3"], d["k4"], d["d1"], d["d2"], d["kd"], d["n"]) == (0.09, 0.0012, 0.18, 0.034, 0, 0, 100, 4)
    s = GIRK.resolve({"kinetics": "destexhe_sejnowski_1995"})
    assert (s["k1"], s["k2"], s["k3"], s["k4"], s["d1"], s["d2"]) == (0.66, 0.020, 0.083, 0.0079, 0.017, 0.0053)
    assert PRE.resolve({"kinetics": "destexhe_sejnowski_1995"})["d1"] == 0.017
    for preset in GIRK.table.presets["kinetics"]:
        assert "Destexhe" in preset.source
    assert "Destexhe, Mainen & Sejnowski 1998" in GIRK.table["k1"].source


@pytest.mark.analytic
def test_girk_activation_and_release_closed_forms():
    assert analytic.girk_activation(100 ** 0.25) == pytest.approx(0.5)
    g = analytic.girk_activation(np.array([0.1, 1.0]))
    assert g[1] / g[0] == pytest.approx(1e4 * (0.1 ** 4 + 100) / (1 + 100))  # 4th-power cooperativity
    assert analytic.release_probability(0.01) == pytest.approx(0.5)
    assert analytic.release_probability(0.0) == 0.0
    with pytest.raises(ValueError, match="kd_rel > 0"):
        analytic.release_probability(0.01, kd_rel=0.0)


@pytest.mark.analytic
def test_exact_cascade_against_a_fine_ode_solution():
    from scipy.integrate import solve_ivp

    vals = GIRK.resolve({"kinetics": "destexhe_sejnowski_1995"})
    t = np.linspace(0.0, 300.0, 61)
    events = [1.0, 6.0]
    R, D, G = analytic.gabab_cascade(t, events, **vals)

    def rhs(T):
        def f(tt, x):
            r, d, g = x
            return [vals["k1"] * T * (1 - r - d) - vals["k2"] * r + vals["d2"] * d, vals["d1"] * r - vals["d2"] * d,
                    vals["k3"] * r - vals["k4"] * g]
        return f

    # an independent solution: a tight adaptive ODE solver, piece by piece between pulse edges
    edges = [0.0, 1.0, 1.0 + vals["cdur"], 6.0, 6.0 + vals["cdur"], 300.0]
    x, ys = [0.0, 0.0, 0.0], []
    for k, (a, b) in enumerate(zip(edges[:-1], edges[1:])):
        inside = t[(t >= a) & (t < b)] if b < 300 else t[t >= a]
        sol = solve_ivp(rhs(vals["cmax"] if k % 2 else 0.0), (a, b), x, t_eval=inside, rtol=1e-11, atol=1e-14,
                        method="LSODA")
        ys.append(np.asarray(sol.y, float).reshape(3, -1))
        x = solve_ivp(rhs(vals["cmax"] if k % 2 else 0.0), (a, b), x, rtol=1e-11, atol=1e-14, method="LSODA").y[:, -1]
    y = np.concatenate(ys, axis=1)
    assert np.max(np.abs(G - y[2])) < 1e-6 * G.max()
    assert np.max(np.abs(R - y[0])) < 1e-6 * R.max()
    zero = analytic.gabab_cascade(t, events, **dict(vals, rtot=0.0))
    assert all(np.all(x == 0) for x in zero)


# -- the Brian2 backward Euler state updater -------------------------------------------------
@pytest.mark.brian2
def test_implicit_euler_matches_backward_euler(b2):
    from ei_models.brian2 import implicit  # noqa: F401  (registers the method)

    eqs = """dx/dt = -a*x + b*y + s : 1
             dy/dt = a*x - b*y : 1
             dz/dt = x**2 / (x + 1) / ms - z / tau : 1
             s : Hz"""
    ns = {"a": 0.5 / b2.ms, "b": 0.2 / b2.ms, "tau": 3 * b2.ms}
    grp = b2.NeuronGroup(1, eqs, method="implicit_euler", namespace=ns, dt=0.1 * b2.ms)
    grp.x, grp.s = 1.0, 0.3 / b2.ms
    mon = b2.StateMonitor(grp, ["x", "y", "z"], record=0)
    b2.Network(grp, mon).run(5 * b2.ms)
    dt, x = 0.1, np.array([1.0, 0.0, 0.0])
    ref = []
    for _ in range(50):
        ref.append(x.copy())
        m = np.array([[1 + dt * 0.5, -dt * 0.2], [-dt * 0.5, 1 + dt * 0.2]])
        xy = np.linalg.solve(m, x[:2] + dt * np.array([0.3, 0.0]))
        z = (x[2] + dt * xy[0] ** 2 / (xy[0] + 1)) / (1 + dt / 3.0)
        x = np.array([xy[0], xy[1], z])
    ref = np.array(ref)
    np.testing.assert_allclose(np.c_[mon.x[0], mon.y[0], mon.z[0]], ref, rtol=1e-12, atol=1e-14)


@pytest.mark.brian2
def test_implicit_euler_refuses_coupled_nonlinear_systems(b2):
    from brian2.stateupdaters.base import UnsupportedEquationsException

    from ei_models.brian2.implicit import implicit_euler

    eqs = b2.Equations("""dx/dt = -x**2/ms + y/ms : 1
                          dy/dt = (x - y)/ms : 1""")
    with pytest.raises(UnsupportedEquationsException, match="linear in x, y"):
        implicit_euler(eqs)
    with pytest.raises(UnsupportedEquationsException, match="stochastic"):
        implicit_euler(b2.Equations("dx/dt = -x/ms + xi/sqrt(ms) : 1"))


# -- both simulators -------------------------------------------------------------------------
@pytest.mark.neuron
@pytest.mark.brian2
def test_short_burst_agrees_across_simulators_and_with_ek(nrn, b2):
    from ei_models.validation.protocols import Clamp, run

    p = Clamp("gabab_girk", v=[-60.0, -60.0, -60.0], events=BURST, weight=1.0, tstop=120.0, ions={"ek": -95.0},
              options=[{}, {"gabab1": 0.0}, {"kinetics": "destexhe_sejnowski_1995"}], record=("g", "i", "camp"))
    rn, rb = run("neuron", p), run("brian2", p)
    for name in ("g", "i", "camp"):
        for c in range(3):
            scale = max(np.max(np.abs(rn[name][c])), 1e-300)
            # i: NEURON's SEClamp (rs = 1e-6 MOhm) holds v within ~1e-8 mV of the command
            tol = 1e-7 if name == "i" else 1e-9
            assert np.max(np.abs(rn[name][c] - rb[name][c])) <= tol * scale, (name, c)
    k = np.argmax(rn["g"][0])
    assert rn["i"][0][k] / rn["g"][0][k] == pytest.approx(-60.0 + 95.0)  # i = g (v - ek), ek from the k ion
    assert np.all(rn["g"][1] == 0) and np.all(rb["g"][1] == 0)
    assert np.all(np.diff(rn["camp"][0][: k]) <= 0) and rn["camp"][0][k] < GIRK.table["camp0"].value


@pytest.mark.neuron
def test_neuron_insert_refuses_bad_values(nrn):
    from ei_models import neuron as ein

    sec = nrn.Section(name="gabab_bad")
    with pytest.raises(ParameterError, match="k3 = -0.1 /ms is out of range"):
        ein.insert("gabab_girk", sec(0.5), k3=-0.1)
    with pytest.raises(ParameterError, match="n = 0.5 is out of range"):
        ein.insert("gabab_girk", sec(0.5), n=0.5)
    syn = ein.insert("gabab_girk", sec(0.5), kinetics="destexhe_sejnowski_1995")
    assert syn.k1 == 0.66 and syn.d1 == 0.017
    with pytest.raises(ParameterError, match="kd = 0 is out of range"):
        syn.kd = 0.0
    assert syn.kd == 100.0
    pre = ein.insert("gabab_pre", sec(0.5))
    with pytest.raises(ParameterError, match="k2 = -1 /ms is out of range"):
        pre.k2 = -1.0


@pytest.mark.brian2
def test_brian2_refuses_bad_values_and_builds_a_network(b2):
    from ei_models import brian2 as eib

    with pytest.raises(ParameterError, match=r"k1 = -0.09 /mM/ms is out of range"):
        eib.synapse_model("gabab_girk", k1=-0.09 / (b2.mM * b2.ms))
    with pytest.raises(ParameterError, match=r"kd = 0 is out of range"):
        eib.synapse_model("gabab_girk", kd=0)
    model = eib.synapse_model("gabab_girk", ion_values={"ek": -100 * b2.mV, "celsius": 37}, gmax=5 * b2.nS)
    assert model.method == "implicit_euler" and model.post_variables == ["i_gabab_girk"]
    assert model.namespace["ek"] == -100 * b2.mV and model.namespace["rtot"] == 1.0
    pre = b2.SpikeGeneratorGroup(1, [0] * 10, np.array(BURST) * b2.ms)
    post = b2.NeuronGroup(1, "dv/dt = (-70*mV - v)/(20*ms) - i_gabab_girk/(100*pF) : volt\n" + model.post_equations(),
                          method="euler")
    post.v = -70 * b2.mV
    syn = eib.make_synapses(pre, post, "gabab_girk", connect=True, weight=1.0,
                            ion_values={"ek": -100 * b2.mV, "celsius": 37}, gmax=1 * b2.uS)  # 37 C: Q10-scaled rates
    mon = b2.StateMonitor(post, "v", record=0)
    b2.Network(pre, post, syn, mon).run(200 * b2.ms)
    assert mon.v[0].min() < -71 * b2.mV  # the GIRK current hyperpolarizes towards E_K


@pytest.mark.brian2
def test_brian2_ek_by_nernst_from_k_concentrations(b2):
    from ei_models import brian2 as eib

    ns = eib.synapse_model("gabab_girk", ion_values={"ki": 140 * b2.mM, "ko": 3 * b2.mM, "celsius": 37}).namespace
    assert float(ns["ek"] / b2.mV) == pytest.approx(analytic.nernst(3.0, 140.0, 1, 37.0), abs=1e-9)
    assert float(ns["ek"] / b2.mV) == pytest.approx(-102.711, abs=1e-3)
    ns = eib.synapse_model("gabab_girk", ion_values={"ki": 140 * b2.mM, "ek": -90 * b2.mV}).namespace
    assert ns["ek"] == -90 * b2.mV  # an explicit ek wins
    assert eib.synapse_model("gabab_girk").namespace["ek"] == -77 * b2.mV  # the table (NEURON's default)
