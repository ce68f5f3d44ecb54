"""GABA_A with HCO3- (GHK reversal, chloride/bicarbonate split) and [Cl-]i set by KCC2 and NKCC1
(cl_transport): closed forms, both simulators, bad input."""

import numpy as np
import pytest

from ei_models import ions, mechanisms, physics
from ei_models.errors import EiModelsError, ParameterError
from ei_models.mechanisms import cl_transport

GABA_A = ("gabaa_gamma2", "gabaa_delta", "gabaa_delta_syn")


# -- closed forms ---------------------------------------------------------------------------------
@pytest.mark.analytic
def test_ghk_without_hco3_is_nernst_exactly():
    for cli in (2.0, 10.0, 20.0, 60.0):
        for celsius in (6.3, 22.0, 37.0):
            assert physics.ghk_anion_reversal(cli, 120.0, 16.0, 26.0, 0.0, celsius) == physics.rt_over_f(celsius) * np.log(cli / 120.0)
            assert physics.hco3_share(cli, 120.0, 16.0, 26.0, 0.0, celsius) == 0.0


@pytest.mark.analytic
def test_ghk_with_hco3_at_10_120_mM():
    """The issue's number: 10/120 mM Cl-, P_HCO3/P_Cl 0.2-0.3 gives about -58 to -62 mV, not -66.4."""
    e = physics.ghk_anion_reversal(10.0, 120.0, 16.0, 26.0, 0.2, 37.0)
    assert -62.0 < e < -58.0
    assert abs(e - (-60.127)) < 1e-3
    assert -62.0 < physics.ghk_anion_reversal(10.0, 120.0, 16.0, 26.0, 0.3, 37.0) < -56.0


@pytest.mark.analytic
def test_the_split_keeps_g_and_reverses_at_ghk():
    """g_Cl (V - E_Cl) + g_HCO3 (V - E_HCO3) = g (V - E_GHK) for every V, 0 <= f < 1, and f is
    continuous through E_Cl = E_HCO3."""
    rtf = physics.rt_over_f(37.0)
    for cli in (3.0, 10.0, 30.0, 73.0):
        f = physics.hco3_share(cli, 120.0, 16.0, 26.0, 0.2)
        e_cl, e_h = rtf * np.log(cli / 120.0), rtf * np.log(16.0 / 26.0)
        e = physics.ghk_anion_reversal(cli, 120.0, 16.0, 26.0, 0.2)
        assert 0.0 <= f < 1.0
        for v in (-90.0, -65.0, 0.0):
            assert abs((1 - f) * (v - e_cl) + f * (v - e_h) - (v - e)) < 1e-9
    c0 = 120.0 * 16.0 / 26.0
    at = physics.hco3_share(c0, 120.0, 16.0, 26.0, 0.2)
    near = physics.hco3_share(c0 * (1 + 1e-5), 120.0, 16.0, 26.0, 0.2)
    assert abs(at - near) < 1e-6


@pytest.mark.analytic
def test_transport_balance_is_a_zero_of_the_fluxes():
    env = dict(ions.TABLE.defaults(), ki=140.0, ko=3.0, nai=10.0, nao=145.0, celsius=37.0)
    rtf = physics.rt_over_f(37.0)
    for opts in ({}, {"stage": "immature"}, {"stage": "immature", "drug": "bumetanide"}):
        v = mechanisms.get("cl_transport").resolve(opts)
        cli, ecl = cl_transport.steady_state(v, env)
        j_k = -v["g_kcc2"] * rtf * np.log(env["ki"] * cli / (env["ko"] * env["clo"]))
        j_n = v["g_nkcc1"] * (1 - v["nkcc1_block"]) * rtf * np.log(env["nao"] * env["ko"] * env["clo"] ** 2 / (env["nai"] * env["ki"] * cli ** 2))
        assert abs(j_k + j_n) < 1e-12 * v["g_kcc2"] * rtf
        assert abs(ecl - rtf * np.log(cli / env["clo"])) < 1e-9
    mature = cl_transport.steady_state(mechanisms.get("cl_transport").resolve({}), env)[0]
    immature = cl_transport.steady_state(mechanisms.get("cl_transport").resolve({"stage": "immature"}), env)[0]
    assert immature > 3 * mature


# -- bad input ----------------------------------------------------------------------------------
BAD = [(name, {"p_hco3": -0.1}, "p_hco3") for name in GABA_A] + \
      [(name, {"hco3i": 0.0}, "hco3i") for name in GABA_A] + \
      [(name, {"hco3o": -5.0}, "hco3o") for name in GABA_A] + \
      [("cl_transport", {"g_kcc2": -1e-3}, "g_kcc2"), ("cl_transport", {"g_nkcc1": float("nan")}, "g_nkcc1"),
       ("cl_transport", {"nkcc1_block": 1.5}, "nkcc1_block"), ("cl_transport", {"depth": 0.0}, "depth")]


@pytest.mark.analytic
@pytest.mark.parametrize("name, options, param", BAD)
def test_bad_values_name_the_parameter(name, options, param):
    with pytest.raises(ParameterError, match=rf"{name}: {param} = .* out of range") as info:
        mechanisms.get(name).resolve(options)
    assert isinstance(info.value, EiModelsError)


@pytest.mark.neuron
@pytest.mark.parametrize("name, options, param", BAD)
def test_bad_values_refused_by_neuron_insert(nrn, name, options, param):
    from ei_models import neuron as ein

    sec = nrn.Section(name=f"bad_{name}_{param}")
    where = sec if mechanisms.get(name).kind == "density" else sec(0.5)
    with pytest.raises(ParameterError, match=rf"{param}"):
        ein.insert(name, where, **options)


@pytest.mark.brian2
@pytest.mark.parametrize("name, options, param", BAD)
def test_bad_values_refused_by_brian2(b2, name, options, param):
    from ei_models import brian2 as eib

    units = {"p_hco3": 1, "nkcc1_block": 1, "hco3i": b2.mM, "hco3o": b2.mM, "g_kcc2": b2.siemens / b2.cm ** 2,
             "g_nkcc1": b2.siemens / b2.cm ** 2, "depth": b2.um}
    opts = {k: v * units[k] for k, v in options.items()}
    make = eib.density_model if mechanisms.get(name).kind == "density" else eib.synapse_model
    with pytest.raises(ParameterError, match=rf"{param}"):
        make(name, **opts)


@pytest.mark.neuron
@pytest.mark.parametrize("ion, value", [("cli", 0.0), ("clo", -1.0)])
def test_chloride_concentrations_must_be_positive(nrn, ion, value):
    from ei_models import neuron as ein

    sec = nrn.Section(name=f"badcl_{ion}")
    with pytest.raises(ParameterError, match=ion):
        ein.insert("gabaa_gamma2", sec(0.5), **{ion: value})


# -- compiled: the split on the cl ion and the nonspecific current ---------------------------------
@pytest.mark.neuron
@pytest.mark.parametrize("p_hco3", [0.0, 0.2])
def test_neuron_current_parts(nrn, p_hco3):
    """The chloride part goes to the cl ion (icl), the rest is ihco3; i = icl + ihco3 =
    g (v - egaba); egaba, e_cl, f_hco3 equal the closed forms (p_hco3 = 0: Nernst, f = 0)."""
    from ei_models import neuron as ein

    sec = nrn.Section(name=f"parts_{p_hco3:g}")
    sec.L = sec.diam = 10
    syn = ein.insert("gabaa_gamma2", sec(0.5), gaba=0.01, p_hco3=p_hco3)
    clamp = nrn.SEClamp(sec(0.5))
    clamp.rs, clamp.dur1, clamp.amp1 = 1e-6, 1e9, -40.0
    nrn.celsius, nrn.dt = 37.0, 0.025
    nrn.finitialize(-40.0)
    nrn.continuerun(1.0)
    s = syn.hoc
    assert s.g > 0
    e = physics.ghk_anion_reversal(10.0, 120.0, 16.0, 26.0, p_hco3, 37.0)
    assert abs(s.egaba - e) < 1e-6  # nocmodl's R and FARADAY are older CODATA values: ~1e-9 mV
    assert abs(s.f_hco3 - physics.hco3_share(10.0, 120.0, 16.0, 26.0, p_hco3, 37.0)) < 1e-12
    assert abs(s.i - (s.gcl * (sec(0.5).v - s.e_cl) + s.ghco3 * (sec(0.5).v - s.e_hco3))) < 1e-15
    assert abs(s.gcl + s.ghco3 - s.g) < 1e-15
    if p_hco3 == 0:
        assert s.f_hco3 == 0.0 and s.ghco3 == 0.0 and s.egaba == s.e_cl
    else:
        assert 0.05 < s.f_hco3 < 0.2


@pytest.mark.neuron
@pytest.mark.brian2
def test_cl_transport_with_a_gaba_load_same_in_both_simulators(nrn, b2):
    """Tonic GABA_A at -30 mV loads Cl- against KCC2/NKCC1: only the chloride part of the current
    (icl / I_cl) loads; NEURON (derivimplicit) and Brian2 (rk4) agree within 1e-3 of the change,
    the load raises [Cl-]i."""
    from ei_models import brian2 as eib
    from ei_models import neuron as ein

    tstop, dt = 2000.0, 0.5
    sec = nrn.Section(name="ct_load")
    sec.L = sec.diam = 10
    ein.insert("gabaa_delta", sec, gaba=1e-2, gbar=1e-3)
    ein.insert("cl_transport", sec)
    clamp = nrn.SEClamp(sec(0.5))
    clamp.rs, clamp.dur1, clamp.amp1 = 1e-6, 1e9, -30.0
    rec = nrn.Vector().record(sec(0.5)._ref_cli)
    nrn.celsius, nrn.dt = 37.0, dt
    nrn.finitialize(-30.0)
    nrn.continuerun(tstop)
    cli_nrn = np.asarray(rec)
    with eib.target("cython"):
        delta = eib.density_model("gabaa_delta", gaba=10 * b2.uM, gbar=1e-3 * b2.siemens / b2.cm ** 2,
                                  ion_values={"celsius": 37})
        tr = eib.density_model("cl_transport", ion_values={"celsius": 37})
        ns = {**delta.namespace, **tr.namespace}
        ns.pop("cli")
        g = b2.NeuronGroup(1, delta.equations + tr.equations + b2.Equations("v : volt"), method="rk4",
                           namespace=ns, dt=dt * b2.ms)
        g.v = -30 * b2.mV
        g.cli = 10 * b2.mM
        from ei_models import gaba

        ss = gaba.steady_state("delta", mechanisms.get("gabaa_delta").resolve({"gaba": 1e-2, "gbar": 1e-3}), 1e-2)
        for k in ("C1", "C2", "O", "D"):
            setattr(g, f"{k}_gabaa_delta", ss[k])
        copy = g.run_regularly("I_cl_cl_transport = I_cl_gabaa_delta", when="start", order=-10)
        mon = b2.StateMonitor(g, "cli", record=0, when="start")
        b2.Network(g, copy, mon).run(tstop * b2.ms)
        cli_b2 = np.asarray(mon.cli[0] / b2.mM)
    n = len(cli_b2)
    change = abs(cli_nrn[n - 1] - cli_nrn[0])
    assert change > 1.0
    assert cli_nrn[n - 1] > cli_nrn[0]  # the load wins over the extrusion at -30 mV
    assert np.max(np.abs(cli_b2 - cli_nrn[:n])) < 1e-3 * change


# -- gabaa_syn: the fixed Cl- reversal with the HCO3- share ------------------------------------------
def _gabaa_syn_ghk(erev, p, celsius=37.0, clo=120.0, hi=16.0, ho=26.0):
    cli = clo * np.exp(erev / physics.rt_over_f(celsius))
    return float(physics.ghk_anion_reversal(cli, clo, hi, ho, p, celsius))


@pytest.mark.neuron
@pytest.mark.parametrize("p_hco3", [0.0, 0.2])
def test_gabaa_syn_reversal_neuron(nrn, p_hco3):
    from ei_models import neuron as ein

    sec = nrn.Section(name=f"syn_rev_{p_hco3:g}")
    syn = ein.insert("gabaa_syn", sec(0.5), erev=-75.0, p_hco3=p_hco3)
    nrn.celsius, nrn.dt = 37.0, 0.025
    nrn.finitialize(-65.0)
    nrn.fadvance()
    if p_hco3 == 0:
        assert syn.hoc.egaba == -75.0
    else:
        assert abs(syn.hoc.egaba - _gabaa_syn_ghk(-75.0, p_hco3)) < 1e-6
        assert -70.0 < syn.hoc.egaba < -64.0


@pytest.mark.brian2
@pytest.mark.parametrize("p_hco3", [0.0, 0.2])
def test_gabaa_syn_reversal_brian2(b2, p_hco3):
    from ei_models import brian2 as eib

    with eib.target("cython"):
        post = b2.NeuronGroup(1, "v : volt (constant)\n" + eib.synapse_model("gabaa_syn", p_hco3=p_hco3,
                              ion_values={"celsius": 37}, sum_conductance=False).post_equations(), dt=0.025 * b2.ms)
        post.v = -65 * b2.mV
        src = b2.SpikeGeneratorGroup(1, [0], [0.1] * b2.ms, dt=0.025 * b2.ms)
        syn = eib.make_synapses(src, post, "gabaa_syn", p_hco3=p_hco3, ion_values={"celsius": 37},
                                sum_conductance=False, connect=True, weight=1e-9 * b2.siemens, dt=0.025 * b2.ms)
        mon = b2.StateMonitor(syn, "egaba", record=0)
        b2.Network(src, post, syn, mon).run(0.1 * b2.ms)
        e = float(mon.egaba[0][-1] / b2.mV)
    ref = -75.0 if p_hco3 == 0 else _gabaa_syn_ghk(-75.0, p_hco3)
    assert abs(e - ref) < 1e-9
