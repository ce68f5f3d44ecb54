"""Bad input gets a clear error naming the problem (never a C++ traceback or a silent NaN)."""

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
