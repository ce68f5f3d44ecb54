"""Every write through the NEURON wrapper is checked and reaches NEURON (issue 18).

Before: on a density mechanism ``d.gbar = -1`` set a Python attribute (NEURON kept its value,
``d.gbar`` read back -1); a density insert on one segment spread to the whole section with
defaults elsewhere; ``ampa``'s ``erev`` set after ``insert`` was lost at ``finitialize``; NaN/inf
NetCon weights and delays were accepted; unknown names were forwarded to hoc.
"""

import math
import re

import pytest

from ei_models import mechanisms
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


# -- writes straight to hoc: refused by the mechanisms' own INITIAL guard -------------------------
def _outside(p):
    """Values outside parameter ``p``'s table bounds (NaN and inf always among them)."""
    from ei_models.params import _parse_bounds

    lo, lo_c, hi, hi_c = _parse_bounds(p.bounds)
    out = [float("nan"), float("inf") if math.isinf(hi) else hi + 1.0]
    if not math.isinf(lo):
        out.append(lo if not lo_c else lo - 1.0)
    else:
        out.append(-float("inf"))
    if not math.isinf(hi) and not hi_c:
        out.append(hi)
    return out


def _instance(h, name, sec):
    """(object whose attribute ``p`` is the mechanism's parameter, attribute name of ``p``)."""
    from ei_models import mechanisms

    hoc_name = mechanisms.get(name).neuron_name
    if mechanisms.get(name).kind == "point_process":
        obj = getattr(h, hoc_name)(sec(0.5))
        return obj, (lambda p: p)
    sec.insert(hoc_name)
    return sec(0.5), (lambda p: f"{p}_{hoc_name}")


def _guarded_run(h, ein):
    ein.finitialize(-65)
    h.fadvance()


def test_cl_mechanisms_have_the_guard_in_hoc():
    """cl_kcc2 and cl_transport write cli: NEURON 9.0.2's nmodl transpiler cannot translate VERBATIM there, so
    their .mod has no C guard (ei_models.generated.NO_GUARD); the same checks run in hoc at finitialize
    (Mechanism.hoc_guard), tested with the others below and in a fresh process."""
    from ei_models import generated

    assert set(generated.NO_GUARD) == {"cl_kcc2", "cl_transport"}
    assert {n for n in mechanisms.names() if mechanisms.get(n).hoc_guard is not None} == set(generated.NO_GUARD)


@pytest.mark.parametrize("name", mechanisms.names())
def test_hoc_write_out_of_range_stops_finitialize(nrn, ein, name):
    """Before: ``syn.hoc.tau_decay = 0`` ran with NaN, ``syn.hoc.mg = -1`` with a sign-changed
    Mg2+ block. Now every parameter of every mechanism, written straight to hoc outside its table
    range (NaN, +-inf, just past each bound), stops finitialize with the guard's error naming the
    mechanism, the parameter and the range; the raw call gives NEURON's RuntimeError, and
    ein.finitialize a ParameterError. Restoring the value runs again."""
    from ei_models import mechanisms

    mech = mechanisms.get(name)
    sec = _dend(nrn, f"w_guard_{name}", nseg=1)
    sec.insert("pas")
    obj, attr = _instance(nrn, name, sec)
    if hasattr(sec(0.5), "clo"):
        sec(0.5).cli, sec(0.5).clo = 10.0, 120.0  # the chloride warning is tested on its own
    _guarded_run(nrn, ein)
    tried = 0
    for p in mech.table:
        if not hasattr(obj, attr(p.name)):
            continue  # GLOBAL in the .mod: same check, written as h.<p>_<name>
        good = getattr(obj, attr(p.name))
        for bad in _outside(p):
            setattr(obj, attr(p.name), bad)
            try:
                with pytest.raises(RuntimeError, match=rf"ei_models {name}: {p.name} = \S+ .*outside its range "
                                                       rf"{re.escape(p.bounds)}"):
                    nrn.finitialize(-65)
                with pytest.raises(ParameterError, match=rf"^{name}: {p.name} = .* set it within the range"):
                    ein.finitialize(-65)
            finally:
                setattr(obj, attr(p.name), good)
            tried += 1
        _guarded_run(nrn, ein)
    assert tried >= 3 * len(mech.table.names)
    del obj
    _guarded_run(nrn, ein)


CL_GUARD_SCRIPT = """
import math
from neuron import h
from ei_models import neuron as ein
from ei_models.errors import ParameterError
dend = h.Section(name="dend")
dend.nseg = 3
ein.insert("{name}", dend)
seg = dend(0.5)

def run():
    ein.finitialize(-65)
    for _ in range(400):
        h.fadvance()
    return [s.cli for s in dend]

before = run()
good = getattr({obj}, "{attr}")
setattr({obj}, "{attr}", {bad})
try:
    h.finitialize(-65)
    print("h.finitialize: no error")
except RuntimeError as exc:
    print("h.finitialize:", type(exc).__name__, str(exc))
try:
    ein.finitialize(-65)
    print("ein.finitialize: no error")
except ParameterError as exc:
    print("ein.finitialize:", type(exc).__name__, str(exc))
setattr({obj}, "{attr}", good)
after = run()
print("unchanged", before == after, all(math.isfinite(c) and c > 0 for c in after))
"""


@pytest.mark.parametrize("name, obj, attr, bad, match", [
    ("cl_transport", "seg", "g_kcc2_eim_cl_transport", -1.0,
     r"cl_transport: g_kcc2 = -1 S/cm2 is outside its range \[0, inf\) S/cm2 \(at dend\(0.5\)\); set it within the range"),
    ("cl_transport", "dend(1/6)", "nkcc1_block_eim_cl_transport", 1.5,
     r"cl_transport: nkcc1_block = 1.5 is outside its range \[0, 1\] \(at dend\(0.166667\)\)"),
    ("cl_transport", "seg", "depth_eim_cl_transport", float("nan"), r"cl_transport: depth = nan um is outside its range"),
    ("cl_transport", "seg", "ko", 0.0, r"cl_transport: ko = 0 mM \(at dend\(0.5\)\) must be positive and finite.*set ko0_k_ion"),
    ("cl_transport", "h", "cli0_cl_ion", -1.0, r"cl_transport: cli = -1 mM \(at dend\(0.166667\)\) must be positive"),
    ("cl_kcc2", "seg", "tau_kcc2_eim_cl_kcc2", 0.0, r"cl_kcc2: tau_kcc2 = 0 ms is outside its range \(0, inf\) ms"),
    ("cl_kcc2", "seg", "cli0_eim_cl_kcc2", float("inf"), r"cl_kcc2: cli0 = inf mM is outside its range \(0, inf\) mM"),
])
def test_cl_guard_in_a_fresh_process(nrn, name, obj, attr, bad, match):
    """Issue 18 item 1 for the chloride mechanisms: before, ``seg.g_kcc2_eim_cl_transport = -1`` written
    straight to hoc ran (KCC2 then loads chloride). Now, in a fresh process (insert through the API, then a
    hoc write), plain ``h.finitialize`` raises NEURON's RuntimeError carrying the guard's message (value, range,
    segment, fix) and ``ein.finitialize`` a ParameterError; with the value restored the run is the same as
    before, bit for bit."""
    import subprocess
    import sys

    script = CL_GUARD_SCRIPT.format(name=name, obj=obj, attr=attr, bad=repr(bad).replace("nan", 'float("nan")')
                                    .replace("inf", 'float("inf")'))
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = dict(line.split(": ", 1) for line in proc.stdout.splitlines() if line.endswith(")") or ": " in line)
    assert lines["h.finitialize"].startswith("RuntimeError hocobj_call error: hoc_execerror: ei_models "), proc.stdout
    assert re.search(match, lines["h.finitialize"]), proc.stdout
    assert lines["ein.finitialize"].startswith(f"ParameterError {name}: "), proc.stdout
    assert re.search(match, lines["ein.finitialize"]), proc.stdout
    assert "unchanged True True" in proc.stdout, proc.stdout


@pytest.mark.parametrize("name, writes, match", [
    ("nmda", {"tau_rise": 80.0}, r"tau_rise \(80 ms\) must be shorter than tau_decay \(70 ms\)"),
    ("ampa", {"tau_rise": 5.0, "tau_decay": 4.0}, r"tau_rise \(5 ms\) must be shorter than tau_decay \(4 ms\)"),
    ("gabaa_syn", {"tau_rise": 5.0}, r"tau_rise \(5 ms\) must be shorter than tau_decay \(5 ms\)"),
    ("gabab_girk", {"d1": 1.0}, r"d1 \(1 /ms\) must not exceed k2"),
    ("release", {"n_sites": 2.5}, r"n_sites = 2.5 must be a whole number"),
    ("tsodyks_markram", {"stochastic": 0.5}, r"stochastic = 0.5 must be 0 or 1"),
    ("ca_plasticity", {"alpha1": 0.9, "alpha2": 0.5}, r"alpha1 \(0.9 uM, LTD onset\) must be below alpha2"),
])
def test_hoc_write_breaking_a_cross_rule_stops_finitialize(nrn, ein, name, writes, match):
    sec = _dend(nrn, f"w_cross_{name}", nseg=1)
    sec.insert("pas")
    obj, attr = _instance(nrn, name, sec)
    old = {k: getattr(obj, attr(k)) for k in writes}
    for k, v in writes.items():
        setattr(obj, attr(k), v)
    try:
        with pytest.raises(ParameterError, match=match):
            ein.finitialize(-65)
    finally:
        for k, v in old.items():
            setattr(obj, attr(k), v)
    _guarded_run(nrn, ein)


def test_chloride_concentration_written_to_hoc_is_checked(nrn, ein):
    sec = _dend(nrn, "w_cl", nseg=1)
    syn = nrn.eim_gabaa_gamma2(sec(0.5))
    sec(0.5).cli, sec(0.5).clo = -1.0, 120.0
    try:
        with pytest.raises(ParameterError, match=r"gabaa_gamma2: cli = -1 mM on its segment.*set seg.cli"):
            ein.finitialize(-65)
    finally:
        sec(0.5).cli = 10.0
    _guarded_run(nrn, ein)
    del syn


def test_other_hoc_errors_pass_unchanged(nrn, ein):
    """Only the guard's errors (hoc_execerror, "ei_models <mechanism>: ...") are translated."""
    for text in ("hocobj_call error: hoc_execerror: something else", "ei_models nmda: not from hoc"):
        with pytest.raises(RuntimeError) as info:
            with ein.hoc_checked():
                raise RuntimeError(text)
        assert not isinstance(info.value, ParameterError)


CHLORIDE_SCRIPT = """
from neuron import h
from ei_models.neuron import loader
loader.load()
secs = [h.Section(name="s%d" % i) for i in range(3)]
syns = [h.eim_gabaa_gamma2(s(0.5)) for s in secs] + [h.eim_gabaa_gamma2(secs[0](0.5))]
for _ in range(3):
    h.finitialize(-65)
print("ecl", secs[0](0.5).ecl, flush=True)
if {physiological}:
    for s in secs:
        s(0.5).cli, s(0.5).clo = 10.0, 120.0
    h.finitialize(-65)
    print("ecl", secs[0](0.5).ecl, flush=True)
"""


@pytest.mark.parametrize("physiological", [False, True])
def test_chloride_default_warns_once_per_process(nrn, physiological):
    """Issue 16 item 6: gabaa_gamma2 instances on segments still at NEURON's cli = clo = 1 mM
    (E_Cl = 0 mV) warn once at finitialize with the fix, not once per instance or per call;
    physiological chloride set afterwards runs without a further warning."""
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-c", CHLORIDE_SCRIPT.format(physiological=physiological)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    both = proc.stdout + proc.stderr
    assert both.count("ei_models warning") == 1, both
    assert "gabaa_gamma2 sits on a segment with NEURON's default cli = clo = 1 mM, so E_Cl = 0 mV" in both
    assert "ei_models.neuron.insert sets cli = 10, clo = 120 mM" in both and "seg.cli" in both
    assert "ei_models.netpyne" in both
    assert re.match(r"ecl -?0\.0\n", proc.stdout)  # E_Cl = 0 mV: what the warning is about
    if physiological:
        assert float(proc.stdout.split()[-1]) < -50


def test_insert_path_does_not_warn(nrn):
    """ei_models.neuron.insert sets 10/120 mM, so no chloride warning."""
    import subprocess
    import sys

    script = ("from neuron import h\nfrom ei_models import neuron as ein\ns = h.Section(name='s')\n"
              "ein.insert('gabaa_gamma2', s(0.5)); ein.insert('gabaa_delta', s)\nh.finitialize(-65)\nprint('ran')\n")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and "ran" in proc.stdout, proc.stderr[-3000:]
    assert "ei_models warning" not in proc.stdout + proc.stderr
