"""Every write through the NEURON wrapper is checked and reaches NEURON (issue 18).

Before: on a density mechanism ``d.gbar = -1`` set a Python attribute (NEURON kept its value,
``d.gbar`` read back -1); a density insert on one segment spread to the whole section with
defaults elsewhere; ``ampa``'s ``erev`` set after ``insert`` was lost at ``finitialize``; NaN/inf
NetCon weights and delays were accepted; unknown names were forwarded to hoc.
"""

import math

import pytest

from ei_models.errors import EiModelsError, ParameterError

pytestmark = pytest.mark.neuron


@pytest.fixture
def ein(nrn):
    from ei_models import neuron as ein

    return ein


def _dend(h, name, nseg=5):
    sec = h.Section(name=name)
    sec.L, sec.diam, sec.nseg = 100.0, 2.0, nseg
    return sec


def test_density_write_is_checked_and_reaches_every_segment(nrn, ein):
    dend = _dend(nrn, "w_density")
    d = ein.insert("gabaa_delta", dend, gbar=0.001)
    with pytest.raises(ParameterError, match=r"gabaa_delta: gbar = -1 S/cm2 is out of range"):
        d.gbar = -1
    assert [seg.gbar_eim_gabaa_delta for seg in dend] == [0.001] * 5  # NEURON unchanged
    assert d.gbar == 0.001  # and the wrapper reads NEURON, not a Python attribute
    d.gbar = 0.002
    assert [seg.gbar_eim_gabaa_delta for seg in dend] == [0.002] * 5
    d.set(gaba=1e-3, bz=0.0)
    assert all(seg.gaba_eim_gabaa_delta == 1e-3 for seg in dend)
    with pytest.raises(ParameterError, match="gaba"):
        d.set(gbar=0.003, gaba=float("nan"))  # one bad value: nothing written
    assert all(seg.gbar_eim_gabaa_delta == 0.002 for seg in dend)


def test_density_unknown_and_computed_names_refused(nrn, ein):
    dend = _dend(nrn, "w_density_names", nseg=1)
    d = ein.insert("gabaa_delta", dend)
    with pytest.raises(ParameterError, match=r"gabaa_delta has no parameter 'gmax'; its parameters are: gbar"):
        d.gmax = 0.1
    with pytest.raises(ParameterError, match=r"gabaa_delta: g is computed by the mechanism"):
        d.g = 0.1
    with pytest.raises(ParameterError, match=r"'segments' is an attribute of the ei_models wrapper"):
        d.segments = []
    assert not hasattr(d, "__dict__")


def test_density_insert_on_one_segment(nrn, ein):
    dend = _dend(nrn, "w_one_segment")
    with pytest.raises(ParameterError, match=r"whole section.*all 5 segments of w_one_segment"):
        ein.insert("gabaa_delta", dend(0.1), gbar=0.005)
    assert not dend.has_membrane("eim_gabaa_delta")  # refused before anything was inserted
    ein.insert("gabaa_delta", dend, gbar=0.001)
    one = ein.insert("gabaa_delta", dend(0.1), gbar=0.005)  # already there: per-segment value
    assert [seg.gbar_eim_gabaa_delta for seg in dend] == [0.005, 0.001, 0.001, 0.001, 0.001]
    assert one.gbar == 0.005 and len(one.segments) == 1
    with pytest.raises(ParameterError, match="differs between the 5 segments"):
        ein.DensityMechanism(one.mechanism, dend, list(dend)).gbar
    single = _dend(nrn, "w_single", nseg=1)
    ein.insert("gabaa_delta", single(0.5), gbar=0.004)  # one segment is the whole section
    assert single(0.5).gbar_eim_gabaa_delta == 0.004


def test_point_process_unknown_computed_wrapper_names(nrn, ein):
    sec = _dend(nrn, "w_point", nseg=1)
    syn = ein.insert("nmda", sec(0.5))
    with pytest.raises(ParameterError, match=r"nmda has no parameter 'magnesium'; its parameters are: tau_rise"):
        syn.magnesium = 1.0
    with pytest.raises(ParameterError, match=r"nmda: g is computed by the mechanism"):
        syn.g = 1.0
    with pytest.raises(ParameterError, match=r"'segment' is an attribute of the ei_models wrapper"):
        syn.segment = sec(0.1)
    with pytest.raises(ParameterError, match=r"nmda: mg = nan mM is out of range"):
        syn.mg = float("nan")
    syn.subtype = "GluN2B"  # a preset choice after insert
    assert syn.hoc.tau_decay == 300.0
    syn.set(mg=2.0, tau_decay=100.0)
    assert (syn.hoc.mg, syn.hoc.tau_decay) == (2.0, 100.0)


def test_ampa_erev_after_insert_survives_finitialize(nrn, ein):
    sec = _dend(nrn, "w_ampa", nseg=1)
    syn = ein.insert("ampa", sec(0.5))
    syn.erev = -20.0
    nrn.finitialize(-65)
    nrn.fadvance()
    assert syn.hoc.erev == pytest.approx(-20.0, abs=1e-9)
    with pytest.raises(ParameterError, match=r"erev = 80 mV is outside \[E_K, E_Na\]"):
        syn.erev = 80.0


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
def test_nonfinite_netcon_weight_and_delay_refused(nrn, ein, bad):
    sec = _dend(nrn, "w_netcon", nseg=1)
    syn = ein.insert("ampa", sec(0.5))
    stim = nrn.NetStim()
    with pytest.raises(ParameterError, match=r"ampa: NetCon weight must be a finite number >= 0 uS"):
        syn.connect(stim, weight=bad)
    with pytest.raises(ParameterError, match=r"ampa: NetCon delay must be a finite number >= 0 ms"):
        syn.connect(stim, weight=0.001, delay=bad)
    with pytest.raises(ParameterError, match=r"ampa: NetCon threshold must be a finite number"):
        syn.connect(stim, weight=0.001, threshold=bad)
    rel = ein.insert("release", sec(0.5))
    with pytest.raises(ParameterError, match=r"release -> ampa: NetCon weight must be a finite number"):
        ein.forward(rel, syn, weight=bad)
    with pytest.raises(ParameterError, match=r"release -> ampa: NetCon delay must be a finite number"):
        ein.forward(rel, syn, delay=bad)
    assert not syn.netcons and not rel.netcons
    assert issubclass(ParameterError, EiModelsError) and math.isnan(float("nan"))
