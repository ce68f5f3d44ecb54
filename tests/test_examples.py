"""The user-level examples in examples/ run and show what they claim."""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _load(name):
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.neuron
def test_dendritic_nmda_spike_is_all_or_none(nrn):
    """Clustered AMPA+NMDA synapses on a thin dendrite: below a threshold number the dendrite
    barely passes -40 mV; one or two synapses more give a plateau of tens of ms (the NMDA spike),
    which AMPA alone never gives, however many synapses."""
    proc = subprocess.run([sys.executable, str(EXAMPLES / "nmda_spike.py")], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = json.loads(proc.stdout.strip().splitlines()[-1])
    plateau = [r["nmda"]["above_-40mV_ms"] for r in rows]
    ampa = [r["ampa_only"]["above_-40mV_ms"] for r in rows]
    first = next(i for i, p in enumerate(plateau) if p > 20.0)  # the first NMDA spike
    assert 1 < first < len(rows) - 5, plateau  # the threshold is inside the range tried
    assert plateau[first - 1] < 5.0, plateau  # one synapse fewer: no plateau (all or none)
    assert all(p > 20.0 for p in plateau[first:]), plateau
    assert max(ampa) < 10.0, ampa  # AMPA alone: never a plateau, even with 4x the synapses


@pytest.mark.slow
@pytest.mark.brian2
def test_wang2002_persistent_state_needs_saturation(b2):
    """With nmda_sat the stimulated population stays active after the stimulus (a persistent
    state) while the other stays low; with the linear nmda of the same weights it runs away."""
    ex = _load("wang2002_persistent")
    sat = ex.run("nmda_sat")
    assert sat["A_before"] < 5 and sat["A_during"] > 40
    assert 10 < sat["A_after"] < 60 and sat["B_after"] < 5
    lin = ex.run("nmda")
    assert lin["A_after"] > 100 or lin["A_before"] > 50
