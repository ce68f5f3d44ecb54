"""Every validation check has a kind (issue 15): consistency, closed_form or data.

Two guards, both cheap (no simulation): a static walk of every validation module's source finds
each call that makes a check (``within``, ``at_most``, ``at_least``, ``between``, ``is_true``,
``Check``) and fails on one that states no kind; and the harness itself refuses a case whose
``check`` returns an unlabelled check, so none reaches ``results.json`` or the report (the quick
runs of tests/test_validation_quick.py go through it). The report's per-kind columns are checked
on a fake case.
"""

import ast
import types
from pathlib import Path

import numpy as np
import pytest

from ei_models.validation import harness
from ei_models.validation.harness import KINDS, Check, Outcome, UnlabelledCheckError

VALIDATION = Path(harness.__file__).parent
MODULES = sorted(VALIDATION.glob("v[0-9][0-9]_*.py"))
MAKERS = {"within": 5, "at_most": 4, "at_least": 4, "between": 5, "is_true": 3, "Check": 5}


def _name_states_kind(node) -> bool:
    """The check's name (first argument) begins with "[kind] " (a literal or an f-string)."""
    if not node.args:
        return False
    first = node.args[0]
    if isinstance(first, ast.JoinedStr) and first.values and isinstance(first.values[0], ast.Constant):
        first = first.values[0]
    return isinstance(first, ast.Constant) and isinstance(first.value, str) and any(
        first.value.startswith(f"[{k}] ") for k in KINDS)


def unlabelled_calls(source: str) -> list[int]:
    """Line numbers of the check-making calls in ``source`` that state no kind."""
    bad = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None
        if name not in MAKERS:
            continue
        kw = {k.arg: k.value for k in node.keywords}
        if "kind" in kw:
            if isinstance(kw["kind"], ast.Constant) and kw["kind"].value not in KINDS:
                bad.append(node.lineno)
            continue
        if len(node.args) > MAKERS[name] or _name_states_kind(node):
            continue
        bad.append(node.lineno)
    return bad


def test_the_walk_finds_an_unlabelled_check():
    src = "o.checks += [within('a', 1, 1, 0.1, 'mV'), at_most('b', 1, 2, kind='closed_form'), is_true('[data] c', 1, 'x')]\n"
    assert unlabelled_calls(src) == [1]
    assert unlabelled_calls("at_least('b', 1, 2, kind='evidence')\n") == [1]
    assert unlabelled_calls("at_least('b', 1, 2, kind='data')\n") == []


@pytest.mark.parametrize("path", MODULES, ids=[p.stem for p in MODULES])
def test_every_check_in_the_case_has_a_kind(path):
    bad = unlabelled_calls(path.read_text())
    assert not bad, f"{path.name}: checks without kind= at lines {bad}"


def _fake_case(checks):
    mod = types.SimpleNamespace(CASE="V99", TITLE="fake", SIMULATORS=("neuron",))
    mod.__name__ = "ei_models.validation.v99_fake"
    mod.protocol = lambda quick=False: {}
    mod.analytic = lambda p: {}
    mod.run = lambda sim, p, target="cython": {}
    mod.check = lambda raw, ref: {"neuron": Outcome(checks=list(checks))}
    mod.plot = lambda raw, ref, path: None
    return mod


def test_the_harness_refuses_an_unlabelled_check():
    mod = _fake_case([harness.within("labelled", 1.0, 1.0, 0.1, kind="closed_form"), harness.at_most("bare", 1.0, 2.0)])
    with pytest.raises(UnlabelledCheckError, match="'bare'"):
        harness.run_case(mod)


def test_a_kind_outside_the_three_is_refused():
    with pytest.raises(ValueError):
        Check("x", 1.0, "", True, kind="evidence")


def test_a_name_can_state_its_kind():
    c = harness.at_most("[closed_form] x vs formula", 0.0, 1.0)
    assert (c.kind, c.name) == ("closed_form", "x vs formula")
    with pytest.raises(ValueError):
        harness.at_most("[data] x", 0.0, 1.0, kind="consistency")


def test_report_counts_the_kinds_in_columns():
    checks = [harness.within("a", 1.0, 1.0, 0.1, kind="consistency"),
              harness.at_most("b", 0.5, 1.0, kind="closed_form"),
              harness.at_most("c", 0.5, 1.0, kind="closed_form"),
              Check("d", 3.0, "in [0, 1]", False, "mV", "data", "the model has no X")]
    records, _, _ = harness.run_case(_fake_case(checks))
    assert records[0]["passed"]  # the expected miss does not fail the case
    meta = {"neuron": "9", "brian2": "2", "brian2_target": "cython", "python": "3", "machine": "m",
            "date": "d", "total_wall_s": 0.0, "quick": True}
    text = harness.report(records, meta)
    header = next(line for line in text.splitlines() if line.startswith("| case"))
    row = next(line for line in text.splitlines() if line.startswith("| V99"))
    cols = [c.strip() for c in header.strip("|").split("|")]
    vals = [c.strip() for c in row.strip("|").split("|")]
    got = dict(zip(cols, vals))
    assert (got["consistency"], got["closed_form"], got["data"], got["expected misses"]) == ("1", "2", "1", "1")
    assert "- MISS [data] d: 3 mV" in text
    assert "[closed_form] b" in text
    assert np.all([k in header for k in KINDS])
