"""The README's Python examples run as written (each in a fresh interpreter)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(), re.S) if README.exists() else []


@pytest.mark.neuron
@pytest.mark.brian2
@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_readme_example_runs(index, tmp_path, nrn):
    proc = subprocess.run([sys.executable, "-c", BLOCKS[index]], cwd=tmp_path, capture_output=True, text=True,
                          timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert re.search(r"\d", proc.stdout), "the example prints its result"


def test_readme_states_the_two_commands():
    text = README.read_text()
    assert "bash .ci/setup && .venv/bin/ei-models validate" in text
    assert "bash .ci/setup && .venv/bin/pytest" in text
    ci = (README.parent / ".ci" / "run").read_text()
    assert "bash .ci/setup && .venv/bin/pytest" in ci
