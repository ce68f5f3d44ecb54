"""NMDA Ca2+ by the Goldman-Hodgkin-Katz flux equation (nmda, nmda_sat) and the influx-only
ca_plasticity pool, in NEURON and Brian2.

One EPSC (1 nS) under voltage clamp at -60, -20, 0, +20, +40 mV: the Ca2+ charge is inward at
every voltage below E_Ca (+142 mV), its share of the charge at -60 mV is ca_frac, and the two
simulators give the same i_ca trace. Before GHK (ica = ca_frac * i, reversal 0 mV) the Ca2+
charge was zero at 0 mV and outward above it, and the pool of ca_plasticity fell below rest.
"""

import numpy as np
import pytest

from ei_models import physics

VS = (-60.0, -20.0, 0.0, 20.0, 40.0)
W = 0.001  # uS, one event
DT, T_EV, TSTOP = 0.025, 5.0, 200.0
MECHS = ("nmda", "nmda_sat")


# -- the closed form -----------------------------------------------------------------------------
@pytest.mark.analytic
def test_ghk_drive_is_inward_below_eca_and_smooth_through_zero():
    v = np.linspace(-100, 140, 2401)
    f = physics.ghk_drive(v, 5e-5, 2.0)
    assert np.all(f < 0)  # E_Ca = +141.6 mV at 2 mM / 50 nM, 37 C
    assert physics.ghk_drive(physics.nernst(2.0, 5e-5, 2), 5e-5, 2.0) == pytest.approx(0, abs=1e-12)
    # the series branch (|u| < 1e-3) meets the exact form: no step at the switch
    kt = physics.rt_over_f(37.0) / 2
    for u in (1e-3 * (1 - 1e-9), 1e-3 * (1 + 1e-9), -1e-3 * (1 - 1e-9), -1e-3 * (1 + 1e-9)):
        exact = u * (5e-5 - 2.0 * np.exp(-u)) / (-np.expm1(-u))
        assert physics.ghk_drive(u * kt, 5e-5, 2.0) == pytest.approx(exact, rel=1e-12)
    assert physics.ghk_drive(0.0, 5e-5, 2.0) == pytest.approx(5e-5 - 2.0, rel=1e-15)
    for v0 in (-60.0, -1e-3, 0.0, 1e-3, 20.0):  # the analytic derivative (CONDUCTANCE hint) is the slope
        h = 1e-5
        slope = (physics.ghk_drive(v0 + h, 5e-5, 2.0) - physics.ghk_drive(v0 - h, 5e-5, 2.0)) / (2 * h)
        assert physics.ghk_drive_dv(v0, 5e-5, 2.0) == pytest.approx(slope, rel=1e-6)


@pytest.mark.analytic
def test_ghk_scale_gives_ca_frac_at_the_reference():
    r = physics.NMDA_CA_REF
    s = physics.nmda_ghk_scale()
    for ca_frac in (0.05, 0.1, 0.2):
        i_ca = ca_frac * s * physics.ghk_drive(r["v"], r["cai"], r["cao"], 2, r["celsius"])
        i_mono = (1 - ca_frac) * (r["v"] - r["e_mono"])
        assert i_ca / (i_ca + i_mono) == pytest.approx(ca_frac, rel=1e-12)
        assert i_ca + i_mono == pytest.approx(r["v"] - r["e_mono"], rel=1e-12)  # chord conductance = g mgb


# -- NEURON --------------------------------------------------------------------------------------
def _neuron_clamp(h, name, options=None, volts=VS, tstop=TSTOP, pool=False):
    from ei_models import neuron as ein

    h.celsius = 37.0
    keep, recs = [], []
    for k, v in enumerate(volts):
        sec = h.Section(name=f"ghk_{name}_{k}")
        sec.L = sec.diam = 1.0
        syn = ein.insert(name, sec(0.5), **(options or {}))
        cl = h.SEClamp(sec(0.5))
        cl.rs, cl.dur1, cl.amp1 = 1e-6, 1e9, v
        nc = syn.connect(None, W)
        rec = {"i_ca": h.Vector().record(syn.hoc._ref_i_ca), "i": h.Vector().record(syn.hoc._ref_i)}
        if pool:
            pl = ein.insert("ca_plasticity", sec)
            rec["capool"] = pl.record("capool")
        keep += [sec, syn, cl, nc]
        recs.append(rec)
    fih = h.FInitializeHandler(lambda: [nc.event(T_EV) for nc in keep[3::4]])
    h.dt = DT
    ein.finitialize(volts[0])
    h.continuerun(tstop)
    del fih
    out = {key: np.array([np.asarray(r[key]) for r in recs]) for key in recs[0]}
    out["ghk_scale"] = keep[1].hoc.ghk_scale
    return out


@pytest.mark.neuron
@pytest.mark.parametrize("name", MECHS)
def test_neuron_ca_charge_is_inward_at_every_clamp_voltage(nrn, name):
    r = _neuron_clamp(nrn, name)
    q_ca = r["i_ca"].sum(axis=1) * DT  # pC
    q = r["i"].sum(axis=1) * DT
    assert np.all(q_ca < 0), dict(zip(VS, q_ca))  # influx at -60 ... +40 mV (old model: 0 at 0 mV, > 0 above)
    assert np.all(r["i_ca"] <= 0)
    assert q_ca[0] / q[0] == pytest.approx(0.1, rel=0.01)  # fractional Ca2+ current at -60 mV = ca_frac
    assert q[3] > 0 and q[4] > 0  # the total (monovalent) current is outward at +20/+40 mV
    assert r["ghk_scale"] == pytest.approx(physics.nmda_ghk_scale(), rel=1e-9)  # INITIAL = the table's derived


@pytest.mark.neuron
def test_neuron_ca_frac_is_the_share_at_minus_60(nrn):
    r = _neuron_clamp(nrn, "nmda", {"ca_frac": 0.2}, volts=(-60.0,), tstop=100.0)
    assert r["i_ca"].sum() / r["i"].sum() == pytest.approx(0.2, rel=0.01)


@pytest.mark.neuron
@pytest.mark.parametrize("ion", ["cai", "cao"])
@pytest.mark.parametrize("value", [0.0, -1.0])
def test_neuron_refuses_nonpositive_calcium(nrn, ion, value):
    from ei_models import neuron as ein
    from ei_models.errors import EiModelsError

    h = nrn
    sec = h.Section(name="ghk_bad")
    syn = ein.insert("nmda", sec(0.5))
    setattr(sec(0.5), ion, value)
    try:
        with pytest.raises(EiModelsError, match=rf"nmda: {ion} = "):
            ein.finitialize(-65.0)
    finally:
        setattr(sec(0.5), ion, {"cai": 5e-5, "cao": 2.0}[ion])
        del syn, sec


@pytest.mark.neuron
def test_neuron_pool_never_falls_below_rest(nrn):
    """An EPSC during a clamp at +40 mV fills the pool (GHK: still influx); at +160 mV, above
    E_Ca, the NMDA Ca2+ current is outward and the influx-only pool stays exactly at rest.
    Before: ica = ca_frac*i was outward above 0 mV and drained the pool below rest."""
    r = _neuron_clamp(nrn, "nmda", volts=(40.0, 160.0), tstop=150.0, pool=True)
    rest = 0.05
    assert r["capool"][0].max() > rest + 1e-4 and r["capool"][0].min() >= rest - 1e-12
    assert r["i_ca"][1].max() > 0  # efflux above E_Ca ...
    assert np.max(np.abs(r["capool"][1] - rest)) <= 1e-12  # ... takes nothing from the pool


# -- Brian2 --------------------------------------------------------------------------------------
def _brian2_clamp(b2, name, options=None, volts=VS, tstop=TSTOP, pool=False, **extra):
    from ei_models import brian2 as eib

    b2.start_scope()
    opts = dict(calcium=True, ion_values={"celsius": 37.0}, sum_conductance=False, **(options or {}))
    eqs = "v : volt\n" + eib.post_equations(name, **opts)
    namespace = {}
    if pool:
        dm = eib.density_model("ca_plasticity")
        eqs += "\nica = ica_nmda / area_c : amp/meter**2\n" + str(dm.equations)
        namespace = dict(dm.namespace, area_c=np.pi * (1 * b2.um) ** 2)
    post = b2.NeuronGroup(len(volts), eqs, method="exponential_euler" if pool else "exact", dt=DT * b2.ms,
                          namespace=namespace)
    post.v = np.asarray(volts) * b2.mV
    if pool:
        post.capool_ca_plasticity = dm.namespace["ca_rest_ca_plasticity"]
        post.W_ca_plasticity = dm.namespace["w0_ca_plasticity"]
    pre = b2.SpikeGeneratorGroup(1, [0], [T_EV] * b2.ms, dt=DT * b2.ms)
    syn = eib.make_synapses(pre, post, name, connect=True, weight=W * b2.uS, dt=DT * b2.ms, **opts, **extra)
    rec = ["ica_nmda", "i_nmda"] + (["capool_ca_plasticity"] if pool else [])
    mon = b2.StateMonitor(post, rec, record=True, dt=DT * b2.ms)
    net = b2.Network(pre, post, syn, mon)
    net.run(tstop * b2.ms)
    out = {"i_ca": np.asarray(mon.ica_nmda / b2.nA), "i": np.asarray(mon.i_nmda / b2.nA)}
    if pool:
        out["capool"] = np.asarray(mon.capool_ca_plasticity / b2.umolar)
    return out, syn, net


@pytest.mark.brian2
@pytest.mark.parametrize("name", MECHS)
def test_brian2_ca_charge_is_inward_at_every_clamp_voltage(b2, name):
    r, _, _ = _brian2_clamp(b2, name)
    q_ca = r["i_ca"].sum(axis=1) * DT
    q = r["i"].sum(axis=1) * DT
    assert np.all(q_ca < 0), dict(zip(VS, q_ca))
    assert np.all(r["i_ca"] <= 0)
    assert q_ca[0] / q[0] == pytest.approx(0.1, rel=0.01)
    assert q[3] > 0 and q[4] > 0


@pytest.mark.brian2
def test_brian2_refuses_nonpositive_calcium(b2):
    from ei_models import brian2 as eib
    from ei_models.errors import EiModelsError, ours

    for ion in ("cai", "cao"):
        with pytest.raises(EiModelsError, match=ion):
            eib.synapse_model("nmda", ion_values={ion: 0 * b2.mM})
    b2.start_scope()
    post = b2.NeuronGroup(1, "v : volt\n" + eib.post_equations("nmda"), method="exact")
    pre = b2.SpikeGeneratorGroup(1, [0], [1] * b2.ms)
    syn = eib.make_synapses(pre, post, "nmda", connect=True, weight=1 * b2.nS)
    syn.namespace["cao"] = -2 * b2.mM  # written after make_synapses: refused when the run starts
    with pytest.raises(Exception) as info:
        b2.Network(pre, post, syn).run(0.1 * b2.ms)
    err = ours(info.value)
    assert isinstance(err, EiModelsError) and "cao" in str(err)


@pytest.mark.brian2
def test_brian2_pool_never_falls_below_rest(b2):
    r, _, _ = _brian2_clamp(b2, "nmda", volts=(40.0, 160.0), tstop=150.0, pool=True)
    rest = 0.05
    assert r["capool"][0].max() > rest + 1e-4 and r["capool"][0].min() >= rest - 1e-12
    assert r["i_ca"][1].max() > 0
    assert np.max(np.abs(r["capool"][1] - rest)) <= 1e-12


# -- NEURON against Brian2 -----------------------------------------------------------------------
@pytest.mark.neuron
@pytest.mark.brian2
@pytest.mark.parametrize("name", MECHS)
def test_neuron_and_brian2_give_the_same_ca_current(nrn, b2, name):
    rn = _neuron_clamp(nrn, name)
    rb, _, _ = _brian2_clamp(b2, name)
    n = min(rn["i_ca"].shape[1], rb["i_ca"].shape[1])
    for k, v in enumerate(VS):
        # Brian2 delivers the spike at T_EV in the step after NEURON's event at T_EV (on_pre runs
        # after that step's state update): Brian2's sample k + 1 is NEURON's sample k (both
        # exact decays: equal to round-off)
        a, b = rn["i_ca"][k, : n - 1], rb["i_ca"][k, 1:n]
        assert np.max(np.abs(a - b)) <= 1e-6 * np.max(np.abs(a)), (name, v)


@pytest.mark.neuron
@pytest.mark.parametrize("name", MECHS)
def test_neuron_ghk_term_and_its_derivative_are_the_closed_form(nrn, name):
    """The NMODL GHK term f(v) and df/dv (the CONDUCTANCE hint's GHK part) against
    ei_models.physics (whose derivative is checked against finite differences above), on both
    branches: the exact form and the series around 0 mV."""
    from ei_models import neuron as ein

    volts = (-60.0, -20.0, -0.01, 0.0, 0.01, 20.0, 40.0, 160.0)

    h = nrn
    h.celsius = 37.0
    for v in volts:
        sec = h.Section(name="ghk_term")
        syn = ein.insert(name, sec(0.5))
        cl = h.SEClamp(sec(0.5))
        cl.rs, cl.dur1, cl.amp1 = 1e-6, 1e9, v
        h.dt = DT
        ein.finitialize(v)
        h.fadvance()  # the current (and f, df/dv) of this step is evaluated at the initial v
        vm = v
        assert syn.hoc.drive == pytest.approx(float(physics.ghk_drive(vm, 5e-5, 2.0)), rel=1e-9, abs=1e-15)
        assert syn.hoc.ddrive == pytest.approx(float(physics.ghk_drive_dv(vm, 5e-5, 2.0)), rel=1e-9)
        del cl, syn, sec
