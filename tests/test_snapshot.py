"""The committed validation snapshot (validation/reference_results.json) and its merge-by-case command."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from ei_models.validation import snapshot

ROOT = Path(__file__).resolve().parents[1]


def _snap() -> dict:
    return json.loads(snapshot.DEFAULT.read_text())["cases"]


def test_snapshot_covers_every_case_with_checks_kinds_and_its_run():
    cases = {p.name[:3].upper(): p for p in (ROOT / "validation").glob("v[0-9][0-9]_*.py")}
    snap = _snap()
    assert sorted(snap) == sorted(cases), "snapshot cases differ from validation/: run the missing ones and refresh"
    for case, e in snap.items():
        assert e["module"] == cases[case].name
        assert re.fullmatch(r"[0-9a-f]{64}", e["module_sha256"])
        assert re.fullmatch(r"[0-9a-f]{40}", e["run"]["commit"]), case
        assert e["run"]["date"] and e["run"]["neuron"] and e["run"]["brian2"] and e["run"]["brian2_target"]
        assert set(e["simulators"]) <= {"neuron", "brian2"} and e["simulators"]
        for sim, s in e["simulators"].items():
            assert s["checks"], f"{case} {sim}: no checks"
            for c in s["checks"]:
                assert c["kind"] in ("consistency", "closed_form", "data"), (case, c["name"])
                assert isinstance(c["passed"], bool) and c["limit"]


def _results(case: str, value: float) -> dict:
    return {"environment": {"date": "2026-01-01 00:00:00", "neuron": "n", "brian2": "b", "brian2_target": "cython",
                            "python": "3", "quick": True},
            "records": [{"case": case, "title": "t", "simulator": "neuron", "target": "x", "passed": True,
                         "wall_s": 1.0, "metrics": {"cross_sim_dev_g": 1e-9, "other": 2.0},
                         "checks": [{"name": "c", "value": value, "limit": "<= 1", "passed": True, "unit": "",
                                     "kind": "consistency", "expected_miss": ""}]}]}


def test_merge_replaces_only_the_cases_of_the_run(tmp_path):
    into = tmp_path / "snap.json"
    git = {"commit": "0" * 40, "dirty": False}
    for case, value in (("V01", 1.0), ("V02", 2.0)):
        run = tmp_path / case
        run.mkdir()
        (run / "results.json").write_text(json.dumps(_results(case, value)))
        assert snapshot.merge(run, into, git=git) == [case]
    (tmp_path / "V01" / "results.json").write_text(json.dumps(_results("V01", 5.0)))
    before = json.loads(into.read_text())["cases"]["V02"]
    assert snapshot.merge(tmp_path / "V01", into, git={"commit": "1" * 40, "dirty": True}) == ["V01"]
    after = json.loads(into.read_text())["cases"]
    assert after["V02"] == before
    v01 = after["V01"]
    assert v01["simulators"]["neuron"]["checks"][0]["value"] == 5.0
    assert v01["run"]["commit"] == "1" * 40 and v01["run"]["dirty"] and v01["run"]["quick"]
    assert v01["simulators"]["neuron"]["cross_sim_dev"] == {"g": 1e-9}
    assert v01["module_sha256"] == hashlib.sha256(snapshot.module_path("V01").read_bytes()).hexdigest()


def test_merge_without_results_is_an_error_naming_the_fix(tmp_path):
    with pytest.raises(snapshot.SnapshotError, match="ei-models validate"):
        snapshot.merge(tmp_path, tmp_path / "snap.json")
    assert snapshot.main([str(tmp_path), "--into", str(tmp_path / "snap.json")]) == 2
    assert not (tmp_path / "snap.json").exists()


def test_compare_lists_deviations_before_and_after_and_pass_fail_flips():
    def snap(dev, passed):
        return {"cases": {"V01": {"simulators": {"neuron": {"cross_sim_dev": dev, "checks": [
            {"name": "c", "passed": passed}]}}}}}

    rows = snapshot.compare(snap({"g": 1e-9}, True), snap({"g": 3e-6, "i": 2e-10}, False))
    assert "| V01 | g | 1e-09 | 3e-06 |" in rows
    assert "| V01 | i | - | 2e-10 |" in rows
    assert rows[-1] == "V01 neuron: c: pass -> fail"
    assert not any("->" in r for r in snapshot.compare(snap({"g": 1e-9}, True), snap({"g": 1e-9}, True)))
