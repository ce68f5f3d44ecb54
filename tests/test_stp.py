"""Short-term plasticity (``tsodyks_markram``): closed-form recursion, bad input in both
simulators, composition with every receptor in NEURON, NEURON against Brian2, NEST's
tsodyks2_synapse, and the stochastic pool's statistics on a small sample."""

import math
import subprocess
import sys

import numpy as np
import pytest

from ei_models import mechanisms
from ei_models.errors import ParameterError, UnknownNameError
from ei_models.mechanisms.tsodyks_markram import efficacies, steady_state

NAME = "tsodyks_markram"
MECH = mechanisms.get(NAME)


def _small_protocol(**stochastic):
    from ei_models.validation import v16_tsodyks_markram as v16

    p = v16.protocol(quick=True)
    p.update(presets=("facilitating", "E2"), train_rates=(20.0,), steady_rates=(50.0,))
    p["stochastic"].update(stochastic)
    return v16, p


# -- closed form -------------------------------------------------------------------------------
@pytest.mark.analytic
def test_recursion_by_hand():
    v = MECH.resolve({"U": 0.2, "tau_rec": 100.0, "tau_fac": 50.0, "n_sites": 3})
    e = efficacies(v, [0.0, 10.0])
    u2 = 0.2 + 0.8 * 0.2 * math.exp(-10 / 50)
    x2 = 1 - (1 - 0.8) * math.exp(-10 / 100)
    assert e["u"] == pytest.approx([0.2, u2], rel=1e-15)
    assert e["x"] == pytest.approx([1.0, x2], rel=1e-15)
    assert e["r"] == pytest.approx([0.6, 3 * u2 * x2], rel=1e-15)
    assert e["var"][1] == pytest.approx(3 * u2 * x2 * (1 - u2 * x2), rel=1e-15)
    # tau_fac = 0: no facilitation, u = U at every spike
    e0 = efficacies(MECH.resolve({"U": 0.2, "tau_fac": 0.0}), [0.0, 1.0, 2.0])
    assert np.all(e0["u"] == 0.2)


@pytest.mark.analytic
@pytest.mark.parametrize("preset", ["depressing", "facilitating", "E1", "E2", "E3", "I1", "I2", "I3"])
def test_steady_state_is_the_fixed_point(preset):
    v = MECH.resolve({"connection": preset})
    for rate in (2.0, 20.0, 100.0):
        times = 1000.0 / rate * np.arange(2000)
        assert efficacies(v, times)["r"][-1] == pytest.approx(float(steady_state(v, rate)["r"]), rel=1e-9)


@pytest.mark.analytic
def test_one_over_f_limit():
    v = MECH.resolve({"connection": "depressing"})
    rates = np.array([200.0, 1000.0, 5000.0])
    limit = steady_state(v, rates)["r"] * rates / 1000.0 * v["tau_rec"]
    assert np.all(np.diff(limit) > 0) and limit[-1] == pytest.approx(1.0, abs=1e-3)


@pytest.mark.analytic
def test_presets_and_sonata_aliases():
    e1 = MECH.resolve({"connection": "E1"})
    assert (e1["U"], e1["tau_rec"], e1["tau_fac"]) == (0.09, 138.0, 670.0)
    v = MECH.resolve({"u_syn": 0.3, "depression_time": 500.0, "facilitation_time": 20.0, "n_rrp_vesicles": 4})
    assert (v["U"], v["tau_rec"], v["tau_fac"], v["n_sites"]) == (0.3, 500.0, 20.0, 4.0)
    with pytest.raises(UnknownNameError, match="unknown connection"):
        MECH.resolve({"connection": "E9"})


GUPTA_I = {"I1": (0.16, 45.0, 376.0), "I2": (0.25, 706.0, 21.0), "I3": (0.32, 144.0, 62.0)}


@pytest.mark.analytic
@pytest.mark.parametrize("preset", sorted(GUPTA_I))
def test_inhibitory_presets_gupta_2000(preset):
    """I1-I3: Gupta, Wang & Markram 2000 class means (their F1-F3), cited as fits in the table."""
    v = MECH.resolve({"connection": preset})
    assert (v["U"], v["tau_rec"], v["tau_fac"]) == GUPTA_I[preset]
    found = next(p for p in MECH.table.presets["connection"] if p.name == preset)
    assert "Gupta, Wang & Markram 2000" in found.source and "fit" in found.source


@pytest.mark.analytic
def test_excitatory_presets_cite_what_they_are_from():
    """E1-E3 are not from Gupta et al. 2000 (a paper on GABAergic synapses): E2 cites the Blue Brain
    class it is (Markram et al. 2015), E1 and E3 say they are untraced; every preset says "fit"."""
    presets = {p.name: p for p in MECH.table.presets["connection"]}
    assert "Markram et al. 2015" in presets["E2"].source and "Gupta" not in presets["E2"].source.split(";")[0]
    for name in ("E1", "E3"):
        assert presets[name].source.startswith(f"{name} untraced")
    for name, preset in presets.items():
        assert "fit" in preset.source, name


@pytest.mark.analytic
def test_inhibitory_classes_behave_as_named():
    """The classes differ as their names say on a 40 Hz train of 8 (the model's own recursion):
    I1 facilitates, I2 depresses from the second spike on, and I3 (pseudo-linear: facilitation
    and depression both present) ends between the two, its second response above its first."""
    times = 25.0 * np.arange(8)
    r = {k: efficacies(MECH.resolve({"connection": k}), times)["r"] for k in GUPTA_I}
    rel = {k: v / v[0] for k, v in r.items()}
    assert rel["I1"][1] > 1 and rel["I1"].max() > 1.5
    assert np.all(np.diff(r["I2"]) < 0) and rel["I2"][-1] < 0.5
    assert rel["I3"][1] > 1 and rel["I2"][-1] < rel["I3"][-1] < rel["I1"][-1]


BAD = [
    ({"U": 0.0}, r"U = 0 is out of range; allowed \(0, 1\]"),
    ({"U": 1.2}, r"U = 1.2 is out of range"),
    ({"u_syn": -0.1}, r"U = -0.1 is out of range"),
    ({"tau_rec": 0.0}, r"tau_rec = 0 ms is out of range"),
    ({"depression_time": -5.0}, r"tau_rec = -5 ms is out of range"),
    ({"tau_fac": -1.0}, r"tau_fac = -1 ms is out of range"),
    ({"n_sites": 0}, r"n_sites = 0 is out of range"),
    ({"n_rrp_vesicles": 2.5}, r"n_sites .* must be a whole number"),
    ({"stochastic": 0.5}, r"stochastic must be 0"),
    ({"tau_inact": 3.0}, r"tau_inact is a parameter of the 1997 depression-only model"),
    ({"U_SE": 0.5}, r"U_SE is a parameter of the 1997 depression-only model"),
    ({"A_SE": 250.0}, r"A_SE is a parameter of the 1997"),
    ({"tau_in": 3.0}, r"tau_in is a parameter of the 1997 depression-only model"),
    ({"tau_psc": 3.0}, r"tau_psc is a parameter of the 1997 depression-only model"),
    ({"N": 0}, r"n_sites = 0 is out of range"),
    ({"n_rrp_vesicles": 0}, r"n_sites = 0 is out of range"),
    ({"facilitation_time": -2.0}, r"tau_fac = -2 ms is out of range"),
    ({"connection": "I1", "U": 1.5}, r"U = 1.5 is out of range"),
]


@pytest.mark.analytic
@pytest.mark.parametrize("options, match", BAD)
def test_bad_input_table(options, match):
    with pytest.raises(ParameterError, match=match):
        MECH.resolve(options)


@pytest.mark.neuron
def test_bad_input_neuron(nrn):
    from ei_models import neuron as ein

    sec = nrn.Section(name="stp_bad")
    for options, match in BAD:
        with pytest.raises(ParameterError, match=match):
            ein.insert(NAME, sec(0.5), **options)
    stp = ein.insert(NAME, sec(0.5))
    with pytest.raises(ParameterError, match="U = 0 is out of range"):
        stp.U = 0
    assert stp.U == 0.5
    for attr, value, match in (("tau_rec", 0.0, "tau_rec = 0 ms is out of range"),
                               ("tau_fac", -1.0, "tau_fac = -1 ms is out of range"),
                               ("n_sites", 0.0, "n_sites = 0 is out of range"),
                               ("U", 1.5, "U = 1.5 is out of range")):
        before = getattr(stp, attr)
        with pytest.raises(ParameterError, match=match):
            setattr(stp, attr, value)
        assert getattr(stp, attr) == before
    ampa = ein.insert("ampa", sec(0.5))
    with pytest.raises(ParameterError, match=r"give weight= \(uS\)"):
        ein.forward(stp, ampa)
    with pytest.raises(ParameterError, match="forwarding delay = 2 ms is above 0.5 ms"):
        ein.forward(stp, ampa, weight=0.001, delay=2.0)
    ein.forward(stp, ampa, weight=0.001)
    with pytest.raises(ParameterError, match="already forwards to a receptor"):
        ein.forward(stp, ein.insert("ampa", sec(0.5)), weight=0.001)
    with pytest.raises(ParameterError, match=r"needs a release point process first \(quantal release or short-term"):
        ein.forward(ampa, stp)


@pytest.mark.brian2
def test_bad_input_brian2(b2):
    from ei_models import brian2 as eib

    for options, match in BAD:
        with pytest.raises(ParameterError, match=match):
            eib.synapse_model("ampa", stp=options)
    with pytest.raises(ParameterError, match="tau_rec needs a value in units of ms"):
        eib.synapse_model("ampa", stp={"tau_rec": 5 * b2.mV})
    for both in (dict(release={}, stp={}), dict(stp={}, release={}), dict(release={}, tsodyks_markram={})):
        with pytest.raises(ParameterError, match="choose one"):
            eib.synapse_model("ampa", **both)
    same = eib.synapse_model("ampa", tsodyks_markram={"connection": "E1"})
    assert same.on_pre == eib.synapse_model("ampa", stp={"connection": "E1"}).on_pre
    model = eib.synapse_model("ampa", stp={"connection": "E1", "tau_rec": 0.2 * b2.second})
    assert model.namespace["tau_rec_stp"] == 200 * b2.ms and model.namespace["U_stp"] == 0.09


# -- NEURON composition with every receptor -------------------------------------------------------
RECEPTORS = {"ampa": 0.001, "nmda": 0.001, "gabaa_syn": 0.001, "gabaa_gamma2": 1.0, "gabab_girk": 1.0}


@pytest.mark.neuron
@pytest.mark.parametrize("receptor", sorted(RECEPTORS))
def test_forward_scales_every_receptor(nrn, receptor):
    """A receptor behind tsodyks_markram responds to each spike exactly as the bare receptor to an
    event of weight w * r (r from the recursion)."""
    from ei_models import neuron as ein

    h = nrn
    times = [5.0, 35.0, 65.0]  # longer apart than the pulse receptors' cdur
    w = RECEPTORS[receptor]
    v = MECH.resolve({"connection": "E2"})
    r = efficacies(v, times)["r"]
    sec = h.Section(name=f"stp_{receptor}")
    stp = ein.insert(NAME, sec(0.5), connection="E2")
    behind = ein.insert(receptor, sec(0.5))
    ein.forward(stp, behind, weight=w)
    bare = ein.insert(receptor, sec(0.5))
    inp = stp.connect(None)
    direct = [bare.connect(None, weight=w * rk) for rk in r]
    clamp = h.SEClamp(sec(0.5))
    clamp.rs, clamp.dur1, clamp.amp1 = 1e-3, 1e9, -30.0
    g_behind, g_bare = behind.record("g"), bare.record("g")

    def queue():
        for t, nc in zip(times, direct):
            inp.event(t)
            nc.event(t)

    fih = h.FInitializeHandler(queue)
    h.dt = 0.025
    h.finitialize(-30.0)
    h.continuerun(100.0)
    a, b = np.asarray(g_behind), np.asarray(g_bare)
    assert b.max() > 0
    assert np.max(np.abs(a - b)) <= 1e-9 * b.max()
    del fih


# -- NEURON against Brian2, NEST ----------------------------------------------------------------
@pytest.mark.neuron
@pytest.mark.brian2
def test_neuron_brian2_and_closed_form(nrn, b2):
    v16, p = _small_protocol()
    ref = v16.analytic(p)
    nrn_trains = v16._run_neuron_trains(p)
    b2_trains = v16._run_brian2_trains(p, "cython")
    for tr, a, b in zip(ref["trains"], nrn_trains, b2_trains):
        assert np.max(np.abs(a["r"] - tr["r"])) <= 1e-9
        b_r = b["r"] if "r" in b else np.array([b["r_last"]])  # steady trains: the last efficacy
        assert np.max(np.abs(a["r"][-len(b_r):] - b_r)) <= 1e-12
        if "g_peak" in a:
            assert np.max(np.abs(a["g_peak"] - b["g_peak"]) / a["g_peak"]) <= 1e-9
            assert np.max(np.abs(a["g_peak"] / (v16.WEIGHT * tr["r"] * ref["q_s"]) - 1)) <= 1e-3


def _nest_imports() -> bool:
    return subprocess.run([sys.executable, "-c", "import nest"], capture_output=True, timeout=120).returncode == 0


@pytest.mark.neuron
@pytest.mark.skipif(not _nest_imports(), reason="NEST does not import (pip install nest-simulator, the 'nest' extra)")
def test_nest_tsodyks2_gives_the_same_amplitudes(nrn):
    v16, p = _small_protocol()
    ref = v16.analytic(p)
    nest = v16.run_nest(p)
    nrn_trains = v16._run_neuron_trains(p)
    for tr, a, amp in zip(ref["trains"], nrn_trains, nest["amplitudes"]):
        assert len(amp) == len(tr["r"])
        assert np.max(np.abs(amp - tr["r"])) <= 1e-9, tr["preset"]
        assert np.max(np.abs(amp - a["r"])) <= 1e-9, tr["preset"]


# -- stochastic pool ---------------------------------------------------------------------------
def _z(counts, expect):
    n = counts.shape[0]
    return np.abs(counts.mean(axis=0) - expect["r"]) / np.sqrt(expect["var"] / n)


@pytest.mark.neuron
def test_stochastic_neuron_statistics_and_reproducibility(nrn):
    v16, p = _small_protocol(trials=400)
    ref = v16.analytic(p)
    for preset in ("E1",):
        a = v16._run_neuron_stochastic(p, preset, 1, 1)
        b = v16._run_neuron_stochastic(p, preset, 1, 2)
        c = v16._run_neuron_stochastic(p, preset, 2, 1)
        expect = ref["stochastic"][preset]
        assert np.array_equal(a, b)
        assert np.mean(a != c) > 0.05
        assert np.all(a >= 0) and np.all(a <= p["stochastic"]["n_sites"]) and np.all(a == np.round(a))
        assert _z(a, expect).max() <= 4.5
        pooled = np.mean(a.var(axis=0, ddof=1) / expect["var"])
        assert pooled == pytest.approx(1.0, abs=0.15)


@pytest.mark.brian2
def test_stochastic_brian2_statistics(b2):
    v16, p = _small_protocol(trials=400)
    ref = v16.analytic(p)
    a = v16._run_brian2_stochastic(p, "depressing", 1, "cython")
    expect = ref["stochastic"]["depressing"]
    assert np.all(a == np.round(a)) and np.all(a >= 0)
    assert _z(a, expect).max() <= 4.5
    assert np.mean(a.var(axis=0, ddof=1) / expect["var"]) == pytest.approx(1.0, abs=0.15)


@pytest.mark.neuron
def test_forwarding_with_two_threads_matches_one(nrn):
    """The forwarded weight is written through the pointer in the receptor's own thread: 1 and 2
    threads give the same receptor traces (stochastic pool, forwarding delay dt)."""
    from ei_models import neuron as ein

    h = nrn
    secs = [h.Section(name=f"stp_thr_{k}") for k in range(4)]
    objs, inputs, recs = [], [], []
    for k in range(8):
        seg = secs[k % 4](0.5)
        stp = ein.insert(NAME, seg, connection="E1", stochastic=1, n_sites=5, stream=k)
        ampa = ein.insert("ampa", seg)
        ein.forward(stp, ampa, weight=0.001, delay=0.1)
        inputs.append(stp.connect(None, delay=0.1))
        recs.append(ampa.record("g"))
        objs += [stp, ampa]
    fih = h.FInitializeHandler(lambda: [nc.event(t) for nc in inputs for t in (5.0, 25.0, 45.0, 65.0)])
    pc = h.ParallelContext()
    traces = []
    try:
        for nthread in (1, 2):
            pc.nthread(nthread)
            h.dt = 0.025
            h.finitialize(-65)
            h.continuerun(90.0)
            traces.append(np.array([v.to_python() for v in recs]))
    finally:
        pc.nthread(1)
    assert traces[0].max() > 0
    assert np.array_equal(traces[0], traces[1])
    del fih


# -- the cost benchmark runs end to end (no timing asserted) ------------------------------------------
@pytest.mark.slow  # a benchmark run (~30-90 s of builds); `ei-models bench stp` is the benchmark itself
@pytest.mark.neuron
@pytest.mark.brian2
def test_bench_stp_small(nrn, b2):
    from ei_models.validation import bench

    res = bench.bench_stp(n=20, tstop=20.0, repeats=1, n_syn=2000, duration_ms=5.0)
    assert res["neuron"]["ampa_s"] > 0 and res["neuron"]["stp_ampa_s"] > 0
    assert math.isfinite(res["neuron"]["ratio_stp_ampa_vs_ampa"])
    assert res["brian2"]["ampa_ns_per_syn_step"] > 0 and res["brian2"]["stp_ampa_ns_per_syn_step"] > 0
    assert "short-term plasticity" in bench.table({"stp": res})
