"""Quantal release, EAAT1-5 transporters and the glutamate-glutamine cycle: bad input,
the Brian2 binomial draw, composition with receptors, NEURON streams, closed forms."""

import numpy as np
import pytest
from scipy import stats

from ei_models import analytic, mechanisms
from ei_models.errors import ParameterError, UnknownNameError


# -- bad input -------------------------------------------------------------------------------
@pytest.mark.analytic
@pytest.mark.parametrize("name, options, match", [
    ("release", {"Pr": 1.5}, r"release: Pr = 1.5 is out of range; allowed \[0, 1\]"),
    ("release", {"Pr": -0.1}, r"release: Pr = -0.1 is out of range; allowed \[0, 1\]"),
    ("release", {"N": 0}, r"release: n_sites = 0 is out of range; allowed \[1, 1000\] \(number of independent release sites N"),
    ("release", {"n_sites": -3}, r"n_sites = -3 is out of range"),
    ("release", {"N": 2.5}, r"n_sites \(N\) must be a whole number of release sites >= 1, got 2.5"),
    ("release", {"q": -0.001}, r"release: q = -0.001 uS is out of range; allowed \[0, inf\)"),
    ("release", {"stream": 1.5}, r"stream must be a whole number"),
    ("eaat", {"km2": -0.005}, r"eaat: km2 = -0.005 mM is out of range; allowed \(0, inf\)"),
    ("eaat", {"km1": 0.0}, r"eaat: km1 = 0 mM is out of range"),
    ("eaat", {"dens_astro2": -1.0}, r"eaat: dens_astro2 = -1 /um2 is out of range; allowed \[0, inf\)"),
    ("eaat", {"dens_neuron3": -40.0}, r"eaat: dens_neuron3 = -40 /um2 is out of range"),
    ("eaat", {"block2": 1.2}, r"eaat: block2 = 1.2 is out of range; allowed \[0, 1\]"),
    ("eaat", {"vol_cleft": 0.0}, r"eaat: vol_cleft = 0 um3 is out of range"),
    ("eaat", {"n_glu": -4000.0}, r"eaat: n_glu = -4000 is out of range"),
    ("eaat", {"mg": -1.0}, r"eaat: mg = -1 mM is out of range"),
    ("glu_gln_cycle", {"total": -7.5}, r"glu_gln_cycle: total = -7.5 mM is out of range; allowed \(0, inf\)"),
    ("glu_gln_cycle", {"km_gs": -3.5}, r"glu_gln_cycle: km_gs = -3.5 mM is out of range"),
    ("glu_gln_cycle", {"km_eaat": 0.0}, r"glu_gln_cycle: km_eaat = 0 mM is out of range"),
    ("glu_gln_cycle", {"block_gs": 2.0}, r"glu_gln_cycle: block_gs = 2 is out of range; allowed \[0, 1\]"),
    ("glu_gln_cycle", {"vmax_pag": -1e-5}, r"glu_gln_cycle: vmax_pag = -1e-05 mM/ms is out of range"),
    ("glu_gln_cycle", {"vol_ves": 0.0}, r"glu_gln_cycle: vol_ves = 0 is out of range"),
])
def test_bad_values(name, options, match):
    with pytest.raises(ParameterError, match=match):
        mechanisms.get(name).resolve(options)


@pytest.mark.analytic
def test_unknown_presets():
    with pytest.raises(UnknownNameError, match=r"unknown blocker 'ouabain' for eaat; choose one of: none, DHK, TBOA"):
        mechanisms.get("eaat").resolve({"blocker": "ouabain"})
    with pytest.raises(UnknownNameError, match=r"unknown tissue 'liver' for eaat"):
        mechanisms.get("eaat").resolve({"tissue": "liver"})
    with pytest.raises(UnknownNameError, match=r"unknown inhibitor"):
        mechanisms.get("glu_gln_cycle").resolve({"inhibitor": "aspirin"})


@pytest.mark.analytic
def test_closed_form_bad_input():
    with pytest.raises(ValueError, match="volume must be > 0"):
        analytic.molecules_to_mM(4000, 0.0)
    with pytest.raises(ValueError, match="location must be"):
        analytic.eaat_vmax(mechanisms.get("eaat").table.defaults(), "microglia")


@pytest.mark.neuron
def test_neuron_rejects_bad_release_and_eaat(nrn):
    from ei_models import neuron as ein

    sec = nrn.Section(name="bad_release")
    with pytest.raises(ParameterError, match=r"Pr = 1.2 is out of range"):
        ein.insert("release", sec(0.5), Pr=1.2)
    with pytest.raises(ParameterError, match=r"n_sites = 0 is out of range"):
        ein.insert("release", sec(0.5), N=0)
    rel = ein.insert("release", sec(0.5))
    with pytest.raises(ParameterError, match=r"q = -1 uS is out of range"):
        rel.q = -1
    with pytest.raises(ParameterError, match=r"Pr = -0.5 is out of range"):
        rel.Pr = -0.5
    rel.Pr = 0.8  # a settable parameter (e.g. for presynaptic inhibition)
    assert rel.Pr == 0.8
    with pytest.raises(ParameterError, match=r"km2 = -1 mM is out of range"):
        ein.insert("eaat", sec(0.5), km2=-1)
    with pytest.raises(ParameterError, match=r"forward\(\) needs a release point process first"):
        ein.forward(ein.insert("ampa", sec(0.5)), rel)
    cyc = ein.insert("glu_gln_cycle", sec)
    with pytest.raises(ParameterError, match=r"total = 0 mM is out of range"):
        cyc.set(total=0.0)


@pytest.mark.brian2
def test_brian2_rejects_bad_release(b2):
    from ei_models import brian2 as eib

    with pytest.raises(ParameterError, match=r"Pr = 2 is out of range"):
        eib.synapse_model("ampa", release={"Pr": 2.0})
    with pytest.raises(ParameterError, match=r"q = -0.5 uS is out of range"):
        eib.synapse_model("nmda", release={"q": -0.5})
    with pytest.raises(ParameterError, match=r"n_sites = 0 is out of range"):
        eib.synapse_model("ampa", release={"N": 0})
    with pytest.raises(ParameterError, match=r"dens_astro1 = -5 /um2 is out of range"):
        eib.synapse_model("eaat", dens_astro1=-5)
    with pytest.raises(ParameterError, match=r"total = -1 mM is out of range"):
        eib.density_model("glu_gln_cycle", total=-1)


# -- the binomial draw -------------------------------------------------------------------------
@pytest.mark.analytic
@pytest.mark.parametrize("n, p", [(1, 0.3), (5, 0.3), (12, 0.5), (40, 0.9), (1000, 0.02), (1000, 0.97), (3, 0.0), (3, 1.0)])
def test_release_count_inverts_the_binomial_cdf(n, p):
    from ei_models.brian2 import release_count

    u = np.linspace(0.0005, 0.9995, 400)
    expected = stats.binom.ppf(u, n, p)
    assert np.array_equal(np.asarray(release_count(n, p, u)), expected)


@pytest.mark.brian2
def test_release_count_in_generated_code_matches_scipy(b2):
    """The cython implementation (compiled into generated code) equals the inverse CDF."""
    from ei_models import brian2 as eib

    us = np.linspace(0.0005, 0.9995, 200)
    cases = [(5, 0.3), (40, 0.9), (1000, 0.02), (7, 0.5)]
    grp = b2.NeuronGroup(len(us) * len(cases), "n : 1\np : 1\nu : 1\nk : 1",
                         namespace={"release_count": eib.release_count}, name="rc*")
    grp.n = np.repeat([c[0] for c in cases], len(us))
    grp.p = np.repeat([c[1] for c in cases], len(us))
    grp.u = np.tile(us, len(cases))
    grp.run_regularly("k = release_count(n, p, u)", dt=b2.defaultclock.dt)
    net = b2.Network(grp)
    net.run(b2.defaultclock.dt)
    expected = np.concatenate([stats.binom.ppf(us, n, p) for n, p in cases])
    assert np.array_equal(np.asarray(grp.k[:]), expected)


@pytest.mark.brian2
def test_release_composes_with_receptors(b2):
    from ei_models import brian2 as eib

    for receptor in ("ampa", "nmda", "eaat"):
        m = eib.synapse_model(receptor, release={"N": 3, "Pr": 0.5, "q": 0.0002})
        assert "w" not in m.model.names and {"n_sites", "Pr", "q", "n_rel", "w_rel"} <= set(m.model.names)
        assert m.on_pre.splitlines()[0] == "n_rel = release_count(n_sites, Pr, rand())"
        assert "w_rel" in m.on_pre.splitlines()[2]
        assert float(m.per_synapse["Pr"]) == 0.5 and m.per_synapse["n_sites"] == 3
    with pytest.raises(ParameterError, match="release cannot be composed with itself"):
        eib.synapse_model("release", release=True)


@pytest.mark.brian2
def test_brian2_pr_can_change_during_a_run(b2):
    """Pr is a per-synapse variable that code may change during a run (presynaptic inhibition)."""
    from ei_models import brian2 as eib

    m = eib.synapse_model("ampa", release={"N": 10, "Pr": 1.0})
    n = 50
    pre = b2.SpikeGeneratorGroup(n, np.r_[np.arange(n), np.arange(n)], np.r_[np.full(n, 1.0), np.full(n, 3.0)] * b2.ms)
    post = b2.NeuronGroup(n, "v : volt\n" + m.post_equations(), name="prpost*")
    syn = b2.Synapses(pre, post, **m.kwargs())
    syn.connect(j="i")
    m.set_per_synapse(syn)
    syn.run_regularly("Pr = Pr * int(t < 2*ms)", when="after_groups", name="inhibit*")  # inhibition from 2 ms on
    mon = b2.StateMonitor(syn, "n_rel", record=True)
    b2.Network(pre, post, syn, mon, *syn.contained_objects).run(5 * b2.ms)
    n_rel = np.asarray(mon.n_rel)
    assert np.all(n_rel[:, int(2 / 0.1)] == 10)  # Pr = 1 at the first spike: all 10 sites
    assert np.all(n_rel[:, -1] == 0)  # Pr set to 0 before the second spike


# -- NEURON streams ----------------------------------------------------------------------------
@pytest.mark.neuron
def test_neuron_streams_are_per_synapse_and_reset_by_finitialize(nrn):
    from ei_models import neuron as ein

    sec = nrn.Section(name="streams")
    rels = [ein.insert("release", sec(0.5), N=20, Pr=0.5, stream=k) for k in range(3)]
    rels.append(ein.insert("release", sec(0.5), N=20, Pr=0.5, stream=0))  # same stream as the first
    ncs = [r.connect(None, delay=1.0) for r in rels]
    vecs = []
    for r in rels:
        v = nrn.Vector()
        v.record(r.hoc._ref_n_rel)
        vecs.append(v)

    def once():
        fih = nrn.FInitializeHandler(lambda: [nc.event(t) for nc in ncs for t in (1.0, 2.0, 3.0, 4.0)])
        nrn.dt = 0.025
        nrn.finitialize()
        nrn.continuerun(5.0)
        del fih
        return np.array([np.asarray(v).copy() for v in vecs])

    a, b = once(), once()
    assert np.array_equal(a, b)  # finitialize resets every stream
    assert np.array_equal(a[0], a[3])  # same (seed, stream): same draws
    assert not np.array_equal(a[0], a[1]) and not np.array_equal(a[1], a[2])


@pytest.mark.neuron
def test_forward_sends_one_event_per_vesicle(nrn):
    from ei_models import neuron as ein

    sec = nrn.Section(name="fwd")
    rel = ein.insert("release", sec(0.5), N=4, Pr=1.0, q=0.0003)
    ampa = ein.insert("ampa", sec(0.5))
    cleft = ein.insert("eaat", sec(0.5))
    assert ein.forward(rel, ampa).weight[0] == pytest.approx(0.0003)  # weight q for a receptor
    assert ein.forward(rel, cleft).weight[0] == 1.0  # one vesicle for the cleft
    nc = rel.connect(None, delay=1.0)
    g, glu = ampa.record("g"), cleft.record("glu")
    fih = nrn.FInitializeHandler(lambda: nc.event(1.0))
    nrn.dt = 0.025
    nrn.finitialize(-65)
    nrn.continuerun(3.0)
    del fih
    qt = 2.4 ** ((nrn.celsius - 35.0) / 10)  # ampa's Q10 factor (q10 = 2.4, temp_ref = 35 C)
    expected = 4 * 0.0003 * analytic.exp2_conductance(np.arange(0, 2, 0.025), [0.0], 1.0, 0.2 / qt, 2.0 / qt).max()
    assert np.max(np.asarray(g)) == pytest.approx(expected, rel=1e-9)
    per_vesicle = analytic.molecules_to_mM(4000, cleft.vol_cleft)
    assert np.max(np.asarray(glu)) == pytest.approx(4 * per_vesicle, rel=1e-3)  # before any diffusion


# -- closed forms ------------------------------------------------------------------------------
@pytest.mark.analytic
def test_eaat_closed_forms():
    d = mechanisms.get("eaat").table.defaults()
    # one molecule in 1 um3 is 1/N_A/1e-15 L = 1.66 nM
    assert analytic.molecules_to_mM(1, 1.0) == pytest.approx(1.66053906717e-6, rel=1e-9)
    rates = analytic.eaat_linear_rates(d)
    assert analytic.eaat_share(d, 2) == pytest.approx(rates[1] / rates.sum())
    assert 50 <= analytic.eaat_capacity_ratio(d) <= 200
    assert analytic.eaat_share(d, 2) > 0.5  # EAAT2 dominates (~0.80 with one expression system's Km, V07)
    # with instant cleft exchange the two volumes act as one: tau = (1 + vol_cleft/vol_ecs)/k_up
    fast = dict(d, k_diff=1e9)
    assert analytic.eaat_linear_tau(fast) == pytest.approx((1 + d["vol_cleft"] / d["vol_ecs"]) / rates.sum(), rel=1e-6)
    # EAAT4 high affinity and slow, EAAT5 mostly anion current
    assert d["km4"] < min(d["km1"], d["km2"], d["km3"]) and d["kcat4"] < d["kcat2"] / 5
    assert d["anion5"] > 1 and d["anion4"] > 1 and d["anion2"] < 1
    dhk = mechanisms.get("eaat").resolve({"blocker": "DHK"})
    assert dhk["block2"] == 1 and dhk["block1"] == dhk["block3"] == 0
    assert analytic.eaat_linear_tau(dhk) > 2 * analytic.eaat_linear_tau(d)


@pytest.mark.analytic
def test_glu_gln_steady_state_closed_form():
    mech = mechanisms.get("glu_gln_cycle")
    d = mech.table.defaults()
    s = analytic.glu_gln_steady_state(d)
    fl = analytic.glu_gln_fluxes(d, s)
    assert np.allclose(list(fl.values()), s["J"], rtol=1e-12)
    assert analytic.glu_gln_total(d, s) == pytest.approx(d["total"], rel=1e-12)
    assert 1e-6 < s["J"] < 1e-5  # ~0.3 umol/g/min (Sibson et al. 1998)
    full = analytic.glu_gln_steady_state(dict(d, block_gs=1.0))
    assert full["J"] == 0 and full["glu_astro"] == pytest.approx(d["total"] / d["vol_astro"])


@pytest.mark.neuron
def test_eaat5_current_is_mostly_anion_and_eaat3_mostly_coupled(nrn):
    """Retina (EAAT5 on the neuron): the neuronal transporter current at -40 mV is outward (Cl-
    conductance above E_anion = -65 mV dominates); hippocampus (EAAT3): inward coupled current."""
    from ei_models import neuron as ein

    out = {}
    for tissue in ("retina", "hippocampus"):
        sec = nrn.Section(name=f"anion_{tissue}")
        cleft = ein.insert("eaat", sec(0.5), tissue=tissue)
        clamp = nrn.SEClamp(sec(0.5))
        clamp.dur1, clamp.amp1, clamp.rs = 1e9, -40.0, 1e-6
        nc = cleft.connect(None, weight=1.0, delay=1.0)
        i_n = cleft.record("i_neuron")
        fih = nrn.FInitializeHandler(lambda nc=nc: nc.event(1.0))
        nrn.dt = 0.01
        nrn.finitialize(-40)
        nrn.continuerun(20.0)
        del fih
        out[tissue] = np.asarray(i_n)
    assert out["retina"].max() > 0 and abs(out["retina"].min()) < 1e-3 * out["retina"].max()
    assert out["hippocampus"].min() < 0 and out["hippocampus"].max() <= 0
