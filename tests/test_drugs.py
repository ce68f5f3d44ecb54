"""GABA_A modulators as measured (issue 14 item 1) and the GABA shunt / PLP cofactor of
gad_pools (issue 13 item 5): closed forms, both simulators, bad input.

The IPSC ratios are those of validation case V10: a 1 mM x 1 ms pulse (0.3 mM for zolpidem
against Perrais & Ropert 1999), decay tau from the 80 % -> 20 % fall. Before the change the
benzodiazepine only sped binding (diazepam: amplitude 1.05x, decay 1.005x), so the decay tests
fail there; zolpidem had no subunit selectivity and gad_pools had neither PLP nor GABA-T.
"""

import numpy as np
import pytest

from ei_models import gaba, mechanisms
from ei_models.errors import EiModelsError, ParameterError


def _tau(o, dt):
    k = int(np.argmax(o))
    seg = o[k:] / o[k]

    def crossing(level):
        j = int(np.argmax(seg < level))
        return j - 1 + (seg[j - 1] - level) / (seg[j - 1] - seg[j])

    return (crossing(0.2) - crossing(0.8)) * dt / np.log(4.0)


def _ipsc(options, tmax=1.0, dt=0.025):
    vals = mechanisms.get("gabaa_gamma2").resolve(options)
    o = gaba.open_fraction("gamma2", vals, [(0.0, 1.0), (tmax, 1.0), (0.0, 200.0)], dt)
    return o.max(), _tau(o, dt)


def _ratio(options, control=None, tmax=1.0):
    a, t = _ipsc(options, tmax)
    a0, t0 = _ipsc(control or {}, tmax)
    return a / a0, t / t0


# -- benzodiazepines, zolpidem, neurosteroids: closed form ------------------------------------
@pytest.mark.analytic
def test_diazepam_prolongs_the_ipsc_as_measured():
    amp, tau = _ratio({"drug": "diazepam"})
    published_amp, _ = gaba.BZ_MEASURED["amp"]
    published_tau, _ = gaba.BZ_MEASURED["tau"]
    assert tau == pytest.approx(published_tau, rel=0.2)  # Mellor & Randall 1997: ~ 1.5x
    assert tau > 1.3
    assert amp == pytest.approx(published_amp, rel=0.15)


@pytest.mark.analytic
def test_zolpidem_raises_a_subsaturating_ipsc_as_measured():
    amp, tau = _ratio({"drug": "zolpidem"}, tmax=0.3)
    assert amp == pytest.approx(gaba.ZOLP_MEASURED["amp"][0], rel=0.19)  # 1.38 +- 0.26
    assert tau == pytest.approx(gaba.ZOLP_MEASURED["tau"][0], rel=0.2)  # 1.63


@pytest.mark.analytic
def test_neurosteroid_prolongs_the_gamma2_ipsc_as_measured():
    amp, tau = _ratio({"ns": 2e-3})
    assert tau == pytest.approx(gaba.NS_MEASURED["tau"][0], rel=0.2)  # Cooper et al. 1999: ~ 4x
    assert amp == pytest.approx(gaba.NS_MEASURED["amp"][0], rel=0.15)
    _, tau_low = _ratio({"ns": 1e-4})
    assert tau_low == pytest.approx(gaba.NS_MEASURED["tau_low"][0], rel=0.15)  # +25-50 %
    amp_p, tau_p = _ratio({"drug": "allopregnanolone"})
    assert tau_p > 2.0 and amp_p >= 1.0


@pytest.mark.analytic
def test_the_ec50_shift_at_low_gaba_is_kept():
    """Diazepam still potentiates a sub-saturating response (the left shift of the EC50)."""
    m = mechanisms.get("gabaa_gamma2")
    peak = lambda opts: gaba.open_fraction("gamma2", m.resolve(opts), [(0.0, 1.0), (0.003, 300.0)], 0.05).max()
    assert peak({"drug": "diazepam"}) / peak({}) >= 1.5


@pytest.mark.analytic
@pytest.mark.parametrize("tmax", [1.0, 0.3])
def test_zolpidem_has_no_effect_without_alpha1(tmax):
    m = mechanisms.get("gabaa_gamma2")
    segs = [(0.0, 1.0), (tmax, 1.0), (0.0, 100.0)]
    ctrl = gaba.open_fraction("gamma2", m.resolve({"a1sub": 0.0}), segs, 0.05)
    zolp = gaba.open_fraction("gamma2", m.resolve({"drug": "zolpidem", "a1sub": 0.0}), segs, 0.05)
    np.testing.assert_array_equal(zolp, ctrl)
    _, tau = _ratio({"drug": "diazepam", "a1sub": 0.0}, {"a1sub": 0.0}, tmax)
    assert tau > 1.3  # diazepam acts at alpha2/3/5 receptors too
    _, tau_a1 = _ratio({"drug": "zolpidem"}, tmax=tmax)
    assert tau_a1 > 1.3  # and zolpidem at alpha1 ones


@pytest.mark.analytic
def test_delta_neurosteroid_raises_and_prolongs_benzodiazepine_does_nothing():
    m = mechanisms.get("gabaa_delta")
    base = gaba.steady_state("delta", m.resolve({}), 1e-3)["O"]
    assert gaba.steady_state("delta", m.resolve({"drug": "allopregnanolone"}), 1e-3)["O"] / base >= 2.0
    assert gaba.steady_state("delta", m.resolve({"drug": "diazepam"}), 1e-3)["O"] == pytest.approx(base, rel=1e-12)
    taus = []
    for opts in ({}, {"drug": "allopregnanolone"}):
        o = gaba.open_fraction("delta", m.resolve(opts), [(0.0, 5000.0)], 1.0, gaba0=1e-3)
        seg = o / o[0]
        taus.append((np.argmax(seg < 0.2) - np.argmax(seg < 0.8)) * 1.0)
    assert taus[1] > 1.2 * taus[0]


# -- gad_pools: PLP and the GABA shunt, closed form -------------------------------------------
def _gad(perturbation="control", **extra):
    m = mechanisms.get("gad_pools")
    return gaba.gad_steady_state(m.resolve(dict(extra, perturbation=perturbation)))


@pytest.mark.analytic
def test_gad_control_is_unchanged_and_holo_fractions_as_cited():
    c = _gad()
    # the control pools of the model before PLP was added (9e-5 / 1e-5 mM/ms effective synthesis)
    assert c["term"] == pytest.approx(1e-5 / (1.5e-5 + 1e-5), rel=1e-12)
    assert c["cyto"] == pytest.approx(9e-5 / (1e-5 + 1e-7), rel=1e-12)
    assert c["h67"] == pytest.approx(1 / 1.1) and c["h65"] == pytest.approx(0.4)


@pytest.mark.analytic
def test_vigabatrin_raises_total_and_tonic_gaba():
    c, v = _gad(), _gad("vigabatrin")
    assert v["total"] > 1.5 * c["total"]
    assert v["supply"] > 1.5 * c["supply"]  # the non-vesicular (tonic) supply
    kgt = 1e-5 * (1 - 0.8)
    assert v["cyto"] == pytest.approx(9e-5 / (kgt + 1e-7), rel=1e-12)


@pytest.mark.analytic
def test_low_plp_lowers_phasic_more_than_tonic():
    c, p = _gad(), _gad("low_plp")
    phasic, tonic = p["ves"] / c["ves"], p["supply"] / c["supply"]
    assert phasic < tonic < 1.0
    assert p["h65"] / c["h65"] < p["h67"] / c["h67"] < 1.0


@pytest.mark.analytic
def test_activity_recruits_apo_gad65():
    c, a = _gad(), _gad("high_activity")
    assert a["h65"] > c["h65"] and a["ves"] > 1.1 * c["ves"]
    assert a["cyto"] == pytest.approx(c["cyto"], rel=1e-12)  # GAD67 constantly active


@pytest.mark.analytic
@pytest.mark.parametrize("perturbation", ["control", "vigabatrin", "low_plp", "high_activity", "no_palmitoylation"])
def test_gad_mass_balance_synthesis_equals_shunt_plus_release(perturbation):
    s = _gad(perturbation)
    krel = mechanisms.get("gad_pools").table["krel"].value
    assert s["shunt"] + krel * s["ves"] == pytest.approx(s["synthesis"], rel=1e-12)


# -- bad input ---------------------------------------------------------------------------------
@pytest.mark.analytic
@pytest.mark.parametrize("name,key,value", [
    ("gabaa_gamma2", "bz", -1e-3), ("gabaa_gamma2", "ns", -1e-3), ("gabaa_delta", "ns", -1e-4),
    ("gabaa_gamma2", "bz_koff", 0.0), ("gabaa_gamma2", "ns_koff", -0.5), ("gabaa_gamma2", "a1sub", 1.5),
    ("gabaa_gamma2", "bz_nona1", -0.1), ("gabaa_delta_syn", "a1sub", -1.0),
    ("gad_pools", "plp", -0.1), ("gad_pools", "vgb", 1.0), ("gad_pools", "vgb", 0.995), ("gad_pools", "vgb", -0.2), ("gad_pools", "act", -1.0),
    ("gad_pools", "ka65", 0.0), ("gad_pools", "kd65_plp", 0.0), ("gad_pools", "kssadh", -1e-3),
])
def test_bad_modulator_and_cofactor_values_are_refused(name, key, value):
    """Refused for its range (naming the parameter and the allowed range), not as unknown."""
    with pytest.raises(EiModelsError, match=rf"{key} = .* out of range; allowed") as err:
        mechanisms.get(name).resolve({key: value})
    assert isinstance(err.value, ParameterError)
    mechanisms.get(name).resolve({key: mechanisms.get(name).table[key].value})  # the default is fine


# -- both simulators ---------------------------------------------------------------------------
DRUG_CELLS = ({}, {"drug": "diazepam"}, {"drug": "allopregnanolone"},
              {"a1sub": 0.0}, {"drug": "zolpidem", "a1sub": 0.0})


def _drug_drive():
    from ei_models.validation.protocols import Drive

    return Drive("gabaa_gamma2", v=[-80.0] * len(DRUG_CELLS), options=list(DRUG_CELLS), events=[1.0], weight=1.0,
                 tstop=120.0, dt=0.025, record=("g",))


def _sim_ratios(r):
    o = r["g"] / mechanisms.get("gabaa_gamma2").table["gmax"].value
    amp = o.max(axis=1)
    tau = np.array([_tau(row, 0.025) for row in o])
    return amp, tau


@pytest.mark.neuron
@pytest.mark.brian2
def test_drug_ipsc_ratios_in_neuron_and_brian2(nrn, b2):
    from ei_models.validation.protocols import run as run_drive

    drive = _drug_drive()
    res = {sim: _sim_ratios(run_drive(sim, drive, "cython")) for sim in ("neuron", "brian2")}
    for sim, (amp, tau) in res.items():
        assert tau[1] / tau[0] == pytest.approx(_ratio({"drug": "diazepam"})[1], rel=0.01), sim
        assert tau[1] / tau[0] == pytest.approx(gaba.BZ_MEASURED["tau"][0], rel=0.2), sim
        assert tau[2] / tau[0] > 2.0, sim
        assert amp[4] == pytest.approx(amp[3], rel=1e-9) and tau[4] == pytest.approx(tau[3], rel=1e-9), sim
    np.testing.assert_allclose(res["neuron"][0], res["brian2"][0], rtol=1e-3)
    np.testing.assert_allclose(res["neuron"][1], res["brian2"][1], rtol=1e-3)


@pytest.mark.neuron
@pytest.mark.brian2
def test_gad_pools_vigabatrin_and_plp_in_neuron_and_brian2(nrn, b2):
    from ei_models.validation.protocols import Drive, run as run_drive

    table = mechanisms.get("gad_pools").table
    conds = ("control", "vigabatrin", "low_plp")
    changes = {}
    for j, cond in enumerate(conds):
        for key, value in table.preset("perturbation", cond).values.items():
            changes.setdefault(key, [table[key].value] * len(conds))[j] = value
    drive = Drive("gad_pools", v=[-65.0] * len(conds), inputs=[(1000.0, changes)], tstop=5e6, dt=500.0,
                  record=("total", "ves", "supply", "h65", "shunt"))
    for sim in ("neuron", "brian2"):
        r = run_drive(sim, drive, "cython")
        for j, cond in enumerate(conds):
            ref = _gad(cond)
            for k in ("total", "ves", "supply", "h65", "shunt"):
                assert r[k][j, -1] == pytest.approx(ref[k], rel=2e-3), (sim, cond, k)
        total, ves, supply = (r[k][:, -1] / r[k][0, -1] for k in ("total", "ves", "supply"))
        assert total[1] > 1.5 and supply[1] > 1.5  # vigabatrin: total and tonic up
        assert ves[2] < supply[2] < 1  # low PLP: phasic down more than tonic
