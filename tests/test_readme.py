"""The README is the front page: its commands are the CI ones, its Python examples (and those of
the guides, where the former README sections now live) run as written, each in a fresh
interpreter, and what it used to hold is in the docs."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from ei_models import mechanisms

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
GUIDES = ROOT / "docs" / "guides"
#: pages whose ```python blocks are user examples (run here)
EXAMPLE_PAGES = [README, GUIDES / "uses.md", GUIDES / "choosing.md"]


def _blocks():
    found = []
    for page in EXAMPLE_PAGES:
        for k, block in enumerate(re.findall(r"```python\n(.*?)```", page.read_text(), re.S)):
            found.append(pytest.param(block, id=f"{page.stem}-{k}"))
    return found


@pytest.mark.neuron
@pytest.mark.brian2
@pytest.mark.parametrize("block", _blocks())
def test_example_runs(block, tmp_path, nrn):
    proc = subprocess.run([sys.executable, "-c", block], cwd=tmp_path, capture_output=True, text=True,
                          timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert re.search(r"\d", proc.stdout), "the example prints its result"


def test_readme_states_the_two_commands():
    """Both commands, byte for byte, and the test command is what CI runs."""
    text = README.read_text()
    assert "bash .ci/setup && .venv/bin/ei-models validate --out validation_out\n" in text
    assert "bash .ci/setup && .venv/bin/pytest\n" in text
    ci = (ROOT / ".ci" / "run").read_text()
    assert "bash .ci/setup && .venv/bin/pytest" in ci


def test_readme_is_a_front_page():
    """A few KB: what it is, the two commands, three examples (NEURON, Brian2, validation),
    where the docs are and how to build them (with a command that exists)."""
    text = README.read_text()
    assert len(text.encode()) < 8000, f"README is {len(text.encode())} bytes"
    assert len(re.findall(r"```python\n", text)) == 2 and "ein.insert(" in text and "eib.make_synapses(" in text
    assert "ei-models validate V" in text
    assert "ei-models docs" in text and "python -m sphinx -W -b html docs docs/_build/html" in text
    from ei_models import cli

    assert "docs" in cli.parser()._subparsers._group_actions[0].choices


def test_former_readme_sections_are_in_the_docs():
    """What the README held before it became a front page is in the guides: every mechanism in
    the list, every validation case in the table, the benchmark tables, NEST's rerun
    instructions, NetPyNE, the CVODE and bad-input sections, known limitations, adding a
    mechanism."""
    choosing = (GUIDES / "choosing.md").read_text()
    for name in mechanisms.names():
        if name != "tsodyks_markram":  # described in its own section, not a table row
            assert f"| `{name}`" in choosing or f", `{name}`" in choosing, name
    assert "`tsodyks_markram`" in choosing and 'pip install ".[nest]"' in choosing
    validation = (GUIDES / "validation.md").read_text()
    cases = sorted(p.stem.split("_")[0].upper() for p in (ROOT / "validation").glob("v[0-9][0-9]_*.py"))
    for case in cases:
        assert f"| {case} " in validation, case
    perf = (GUIDES / "performance.md").read_text()
    for table in ("| NEURON, per instance per step |", "| Brian2 `cpp_standalone`, per synapse per step |",
                  "| cells (connections) |", "| start-up and validation |"):
        assert table in perf, table
    assert "../../validation/bench_data/network_scaling.png" in perf
    assert "**NetPyNE.**" in (GUIDES / "netpyne.md").read_text()
    assert "**CVODE.**" in choosing and "## Known limitations" in choosing and "## Temperature" in choosing
    assert "{include} ../bad_input.md" in (GUIDES / "bad_input.md").read_text()
    adding = (GUIDES / "adding.md").read_text()
    assert "**Adding a mechanism**" in adding and "## How it fits together" in adding
    uses = (GUIDES / "uses.md").read_text()
    for use in ("## Use 1", "## Use 2", "## Use 3", "## The two commands"):
        assert use in uses, use
