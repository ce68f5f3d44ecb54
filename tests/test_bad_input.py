"""Bad input gets a clear error naming the problem (never a C++ traceback or a silent NaN)."""

import re

import numpy as np
import pytest

from ei_models import mechanisms
from ei_models.errors import EiModelsError, ParameterError, UnknownNameError


@pytest.mark.analytic
@pytest.mark.parametrize("options, match", [
    ({"mg": -1.0}, r"mg = -1 mM is out of range"),
    ({"tau_decay": 0.0}, r"tau_decay = 0 ms is out of range"),
    ({"tau_rise": -2.0}, r"tau_rise = -2 ms is out of range"),
    ({"tau_rise": 80.0}, r"tau_rise \(80 ms\) must be shorter than tau_decay"),
    ({"gly": -0.001}, r"gly = -0.001 mM is out of range"),
    ({"glun1": 1.5}, r"glun1 = 1.5 is out of range"),
    ({"mg": float("nan")}, r"mg = nan mM is out of range"),
    ({"mg": "1 mM"}, r"mg must be a number in mM"),
    ({"magnesium": 1.0}, r"nmda has no parameter 'magnesium'; its parameters are"),
])
def test_nmda_bad_values(options, match):
    with pytest.raises(ParameterError, match=match):
        mechanisms.get("nmda").resolve(options)


@pytest.mark.analytic
def test_unknown_names():
    with pytest.raises(UnknownNameError, match=r"unknown subtype 'GluN2Z' for nmda; choose one of: GluN2A, GluN2B"):
        mechanisms.get("nmda").resolve({"subtype": "GluN2Z"})
    with pytest.raises(UnknownNameError, match=r"unknown mg_block 'foo'"):
        mechanisms.get("nmda").resolve({"mg_block": "foo"})
    with pytest.raises(UnknownNameError, match=r"unknown mechanism 'nmdaa'; ei_models has: .*nmda"):
        mechanisms.get("nmdaa")
    assert issubclass(UnknownNameError, EiModelsError)


@pytest.mark.analytic
def test_ampa_erev_outside_ion_range():
    with pytest.raises(ParameterError, match=r"erev = 70 mV is outside \[E_K, E_Na\]"):
        mechanisms.get("ampa").resolve({"erev": 70.0}, {"ena": 60.0, "ek": -90.0})


@pytest.mark.neuron
def test_neuron_insert_rejects_bad_input(nrn):
    from ei_models import neuron as ein

    sec = nrn.Section(name="bad_input")
    with pytest.raises(ParameterError, match="mg = -0.5 mM is out of range"):
        ein.insert("nmda", sec(0.5), mg=-0.5)
    with pytest.raises(UnknownNameError, match="unknown subtype"):
        ein.insert("nmda", sec(0.5), subtype="NR2Q")
    with pytest.raises(UnknownNameError, match="unknown mechanism"):
        ein.insert("kainate", sec(0.5))
    with pytest.raises(ParameterError, match="expected a NEURON segment"):
        ein.insert("nmda", sec, mg=1.0)
    syn = ein.insert("nmda", sec(0.5))
    with pytest.raises(ParameterError, match="tau_decay = -5 ms is out of range"):
        syn.tau_decay = -5
    assert syn.tau_decay == 70.0  # unchanged after the refused write
    with pytest.raises(ParameterError, match="weight must be a finite number >= 0"):
        syn.connect(None, weight=-0.001)


@pytest.mark.brian2
def test_brian2_wrong_units_and_values(b2):
    from ei_models import brian2 as eib

    with pytest.raises(ParameterError, match=r"nmda: mg needs a value in units of mM"):
        eib.synapse_model("nmda", mg=1 * b2.mV)
    with pytest.raises(ParameterError, match=r"tau_decay needs a value in units of ms"):
        eib.synapse_model("nmda", tau_decay=70 * b2.mV)
    with pytest.raises(ParameterError, match=r"mg = -1 mM is out of range"):
        eib.synapse_model("nmda", mg=-1 * b2.mM)
    with pytest.raises(UnknownNameError, match="unknown subtype"):
        eib.synapse_model("nmda", subtype="GluN3A")
    model = eib.synapse_model("nmda", subtype="GluN2B", mg=2 * b2.mM)
    assert model.namespace["tau_decay"] == 300 * b2.ms and model.namespace["mg"] == 2 * b2.mM
    post = b2.NeuronGroup(1, "v : volt")
    with pytest.raises(ParameterError, match="target group lacks the postsynaptic variable"):
        eib.make_synapses(post, post, "nmda")


@pytest.mark.brian2
@pytest.mark.parametrize("key, value, match", [
    ("weight", -1, "weight must be finite and >= 0"),
    ("weight", float("nan"), "weight must be finite and >= 0"),
    ("weight", float("inf"), "weight must be finite and >= 0"),
    ("weight", 1, "weight must be a conductance"),
    ("weight", "rand() * nS - 0.5 * nS", "gives -"),
    ("weight", "rand() * mV", "could not evaluate"),
    ("delay", -1, "delay must be finite and >= 0"),
    ("delay", float("nan"), "delay must be finite and >= 0"),
    ("delay", 1, "delay must be a time"),
])
def test_brian2_weights_and_delays_checked(b2, key, value, match):
    """Negative, NaN or infinite weights and delays, and wrong units, are refused (they ran
    before: a negative weight turned excitation into inhibition)."""
    from ei_models import brian2 as eib

    unit = {"weight": b2.nS, "delay": b2.ms}[key]
    value = value if isinstance(value, str) or (key, value) in (("weight", 1), ("delay", 1)) else value * unit
    src = b2.SpikeGeneratorGroup(2, [0], [1] * b2.ms)
    post = b2.NeuronGroup(2, "v : volt\n" + eib.post_equations("ampa"))
    options = {"weight": 1 * b2.nS, key: value}
    with pytest.raises(ParameterError, match=match):
        eib.make_synapses(src, post, "ampa", connect=True, **options)


@pytest.mark.brian2
def test_brian2_string_weight_supported(b2):
    """The Brian2 idiom ``weight="rand()*nS"`` works and its values are checked."""
    from ei_models import brian2 as eib

    src = b2.SpikeGeneratorGroup(2, [0], [1] * b2.ms)
    post = b2.NeuronGroup(2, "v : volt\n" + eib.post_equations("ampa"))
    syn = eib.make_synapses(src, post, "ampa", connect=True, weight="(1 + rand()) * nS", delay="i * ms")
    assert np.all((syn.w[:] >= 1 * b2.nS) & (syn.w[:] <= 2 * b2.nS)) and len(syn) == 4
    assert np.all(syn.delay[:] == np.asarray(syn.i[:]) * b2.ms)


@pytest.mark.brian2
def test_numpy_target_refused(b2):
    from ei_models import brian2 as eib
    from ei_models.errors import SimulatorError

    with pytest.raises(SimulatorError, match="numpy"):
        with eib.target("numpy"):
            pass


@pytest.mark.analytic
def test_mpi_requested_but_not_installed(monkeypatch):
    from ei_models.validation import bench_network
    from ei_models.errors import SimulatorError

    monkeypatch.setattr(bench_network.shutil, "which", lambda name, *a, **k: None)
    with pytest.raises(SimulatorError, match="2 MPI ranks requested but Open MPI's mpiexec is not installed"):
        bench_network._mpiexec(2)


_UNCAUGHT_UNDER_BRIAN2 = """
import brian2
from ei_models import errors

class Checked(brian2.BrianObject):
    def before_run(self, namespace):
        raise errors.ParameterError("nmda: w = -1 nS is out of range")

errors.install_excepthook()
brian2.Network(Checked()).run(1 * brian2.ms)
"""


@pytest.mark.brian2
def test_uncaught_error_of_ours_not_labelled_by_brian2():
    """Brian2's excepthook labels every uncaught error "Brian 2 encountered an unexpected error";
    with ``errors.install_excepthook()`` ours (even wrapped by Brian2) show as plain errors."""
    import subprocess
    import sys

    from ei_models.errors import ours

    out = subprocess.run([sys.executable, "-c", _UNCAUGHT_UNDER_BRIAN2], capture_output=True, text=True, timeout=300)
    assert out.returncode == 1 and "nmda: w = -1 nS is out of range" in out.stderr
    assert "Brian 2 encountered an unexpected error" not in out.stderr, out.stderr[-2000:]
    plain = subprocess.run([sys.executable, "-c", _UNCAUGHT_UNDER_BRIAN2.replace("errors.install_excepthook()", "")],
                           capture_output=True, text=True, timeout=300)
    assert "Brian 2 encountered an unexpected error" in plain.stderr  # what the hook avoids
    try:
        try:
            raise ParameterError("inner")
        except ParameterError as exc:
            raise RuntimeError("wrapper") from exc
    except RuntimeError as exc:
        assert str(ours(exc)) == "inner" and ours(RuntimeError("x")) is None


# -- values written to a Brian2 Synapses after make_synapses: refused at the start of the run -----
def _nmda_net(b2, n=4, per_synapse=("mg",)):
    from ei_models import brian2 as eib

    src = b2.SpikeGeneratorGroup(1, [0], [1] * b2.ms)
    post = b2.NeuronGroup(n, "dv/dt = (-70*mV - v) / (10*ms) - i_nmda / (100*pF) : volt\ni_nmda : amp",
                          method="euler")
    post.v = -65 * b2.mV
    syn = eib.make_synapses(src, post, "nmda", connect=True, weight=1 * b2.nS, per_synapse=list(per_synapse))
    return b2.Network(src, post, syn), syn, post


@pytest.mark.brian2
@pytest.mark.parametrize("write, match", [
    (lambda b2, s: setattr(s, "mg", -1 * b2.mM), r"nmda: per-synapse mg: 4 of 4 synapses are outside its range \[0, inf\) mM"),
    (lambda b2, s: s.mg.__setitem__(2, float("nan") * b2.mM), r"per-synapse mg: 1 of 4 synapses .*first: synapse 2, value nan mM"),
    (lambda b2, s: s.w.__setitem__(0, float("nan") * b2.nS), r"nmda: weight w: 1 of 4 synapses are not finite and >= 0 \(first: synapse 0"),
    (lambda b2, s: s.w.__setitem__(slice(1, 3), -1 * b2.nS), r"weight w: 2 of 4 synapses .*value -0.001 uS"),
    (lambda b2, s: setattr(s, "w", "rand() * nS - 2 * nS"), r"weight w: 4 of 4 synapses are not finite"),
    (lambda b2, s: s.delay.__setitem__(3, -1 * b2.ms), r"nmda: delay: 1 of 4 synapses .*synapse 3, value -1 ms"),
    (lambda b2, s: setattr(s, "delay", float("inf") * b2.ms), r"nmda: delay: 4 of 4"),
])
def test_brian2_values_written_after_creation_refused_at_run(b2, write, match):
    """Before: ``S.mg = -1*mM`` after make_synapses ran with a sign-changed Mg2+ block, and NaN or
    negative weights and delays ran. Now the run refuses them with a ParameterError (the cause
    of Brian2's BrianObjectException) naming the variable, the count and the range (cython)."""
    from ei_models.errors import ours

    net, syn, post = _nmda_net(b2)
    write(b2, syn)
    with pytest.raises(Exception) as info:
        net.run(1 * b2.ms)
    err = ours(info.value)
    assert isinstance(err, ParameterError), repr(info.value)
    assert re.search(match, str(err)), str(err)
    assert "checked here, at the start of the run" in str(err)


@pytest.mark.brian2
@pytest.mark.parametrize("write, match", [
    (lambda b2, s: setattr(s, "mg", -1 * b2.mM), r"nmda: per-synapse mg: 1 of 1 written values are outside its range \[0, inf\) mM \(first: -1 mM\)"),
    (lambda b2, s: s.mg.__setitem__(2, float("nan") * b2.mM), r"per-synapse mg: 1 of 1 written values .*first: nan mM"),
    (lambda b2, s: setattr(s, "mg", 1 * b2.mV), r"nmda: per-synapse mg must be in mM"),
    (lambda b2, s: s.w.__setitem__(0, float("nan") * b2.nS), r"nmda: weight w: 1 of 1 written values"),
    (lambda b2, s: setattr(s, "w_", [1e-9, -1.0, 0.0, 0.0]), r"weight w: 1 of 4 written values .*first: -1e\+06 uS"),
    (lambda b2, s: setattr(s, "w", "rand() * nS"), r"nmda: weight w: a string expression .* cannot be checked; give the values"),
    (lambda b2, s: s.delay.__setitem__(3, -1 * b2.ms), r"nmda: delay: 1 of 1 written values .*first: -1 ms"),
    (lambda b2, s: setattr(s, "delay_", -1e-3), r"nmda: delay: 1 of 1 written values"),
    (lambda b2, s: setattr(s, "delay", float("inf") * b2.ms), r"nmda: delay: 1 of 1"),
])
def test_brian2_standalone_writes_refused_when_made(b2, write, match):
    """Before: under cpp_standalone a value written after make_synapses (``S.mg = -1*mM``, a NaN
    weight, a negative delay) could not be read at the run's start and ran unchecked. Now each
    write to a weight, delay or per-synapse parameter is checked when it is made, and a string
    expression for one of them is refused with the fix. No project is built (nothing runs)."""
    from ei_models import brian2 as eib

    with eib.target("cpp_standalone"):
        net, syn, post = _nmda_net(b2)
        with pytest.raises(ParameterError, match=match):
            write(b2, syn)
        syn.mg = 1.2 * b2.mM  # values in range are written as before
        syn.w[1] = 2 * b2.nS
        syn.delay = 1 * b2.ms


@pytest.mark.brian2
def test_brian2_string_writes_keep_the_callers_namespace(b2):
    """The checked writes do not change which namespace a Brian2 string expression sees (the
    caller's locals), for the delay property, weights and per-synapse parameters (cython)."""
    net, syn, post = _nmda_net(b2)
    d_local, w_local, mg_local = 2.5 * b2.ms, 3 * b2.nS, 1.7 * b2.mM
    syn.delay = "d_local"
    syn.w = "w_local"
    syn.mg = "mg_local"
    syn.delay[1] = "2 * d_local"
    assert list(syn.delay[:] / b2.ms) == pytest.approx([2.5, 5.0, 2.5, 2.5])
    assert list(syn.w[:] / b2.nS) == pytest.approx([3.0] * 4)
    assert list(syn.mg[:] / b2.mM) == pytest.approx([1.7] * 4)


@pytest.mark.brian2
def test_brian2_per_synapse_cross_rule_refused_at_run(b2):
    """tau_rise < tau_decay (the table's rule, as in NEURON's INITIAL guard) per synapse."""
    from ei_models.errors import ours

    net, syn, post = _nmda_net(b2, per_synapse=("tau_rise", "tau_decay"))
    syn.tau_rise[1] = 80 * b2.ms
    with pytest.raises(Exception) as info:
        net.run(1 * b2.ms)
    assert re.search(r"nmda: 1 of 4 synapses break the rule tau_rise \(80 ms\) must be shorter than tau_decay "
                     r"\(70 ms\) \(first: synapse 1\)", str(ours(info.value)))


@pytest.mark.brian2
def test_brian2_values_in_range_after_creation_run(b2):
    net, syn, post = _nmda_net(b2)
    syn.mg = [0.5, 1.0, 1.5, 2.0] * b2.mM
    syn.w[0] = 2 * b2.nS
    net.run(5 * b2.ms)
    assert np.all(np.isfinite(post.v[:]))


@pytest.mark.brian2
@pytest.mark.parametrize("dt, match", [
    ("0*ms", "dt must be a finite time > 0"), ("-0.025*ms", "dt must be a finite time > 0"),
    ("nan*ms", "dt must be a finite time > 0"), ("0.025", "dt must be one time step"),
    ("1*mV", "dt must be one time step"), ("'0.025*ms'", "dt must be one time step"),
])
def test_make_synapses_checks_dt(b2, dt, match):
    """Before: Brian2's own errors (or none) for dt=0, a number without unit or a string."""
    from ei_models import brian2 as eib

    src = b2.SpikeGeneratorGroup(1, [0], [1] * b2.ms)
    post = b2.NeuronGroup(1, "v : volt\n" + eib.post_equations("ampa"))
    with pytest.raises(ParameterError, match=rf"ampa: {match}"):
        eib.make_synapses(src, post, "ampa", dt=eval(dt, vars(b2)))


@pytest.mark.brian2
def test_brian2_delay_beyond_its_step_counter_refused(b2):
    """Found by the fuzz test: a delay of 1e9 s wraps Brian2's 32-bit step count and the event
    arrives at once. Delays above 1000 s are refused, through make_synapses and at run start."""
    from ei_models import brian2 as eib
    from ei_models.errors import ours

    src = b2.SpikeGeneratorGroup(1, [0], [1] * b2.ms)
    post = b2.NeuronGroup(2, "v : volt\n" + eib.post_equations("ampa"))
    with pytest.raises(ParameterError, match=r"ampa: delay must be at most 1000 s"):
        eib.make_synapses(src, post, "ampa", connect=True, weight=1 * b2.nS, delay=1e12 * b2.ms)
    syn = eib.make_synapses(src, post, "ampa", connect=True, weight=1 * b2.nS)
    syn.delay[1] = 2000 * b2.second
    with pytest.raises(Exception) as info:
        b2.Network(src, post, syn).run(0.1 * b2.ms)
    assert re.search(r"ampa: delay: 1 of 2 synapses are not finite, >= 0 and <= 1000 s", str(ours(info.value)))


@pytest.mark.analytic
def test_catalogue_names_tests_that_exist():
    """Every ``file::function`` the bad-input catalogue (docs/bad_input.md) names is a test in
    that file (a row whose test was renamed or removed is stale: found one, row 41)."""
    from pathlib import Path

    root = Path(__file__).resolve().parent
    text = (root.parent / "docs" / "bad_input.md").read_text()
    refs = set()
    for file, func, rest in re.findall(r"(test_\w+\.py)::(\w+)((?:, ::\w+)*)", text):
        refs |= {(file, func)} | {(file, f) for f in re.findall(r"::(\w+)", rest)}
    assert len(refs) > 50
    missing = [f"{f}::{fn}" for f, fn in sorted(refs)
               if not (root / f).exists() or not re.search(rf"def {fn}\b", (root / f).read_text())]
    assert not missing, missing
