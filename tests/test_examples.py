"""The user-level examples in examples/ run and show what they claim (slow: whole networks)."""

import importlib.util
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _load(name):
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
