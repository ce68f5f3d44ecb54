"""The ei-models command line."""

import json

import pytest

from ei_models import cli


def test_list_and_params(capsys):
    assert cli.main(["list"]) == 0
    out = capsys.readouterr().out
    assert "nmda" in out and "V01" in out
    assert cli.main(["params", "nmda"]) == 0
    out = capsys.readouterr().out
    assert "| `mg_k0` | 3.57 | mM |" in out and "Jahr & Stevens 1990" in out and "GluN2B" in out


def test_unknown_names_exit_2(capsys):
    assert cli.main(["params", "kainate"]) == 2
    assert "unknown mechanism 'kainate'" in capsys.readouterr().err
    assert cli.main(["validate", "V99", "--no-progress"]) == 2
    assert "unknown validation case 'V99'" in capsys.readouterr().err


@pytest.mark.neuron
def test_build_prints_library(capsys, nrn):
    assert cli.main(["build"]) == 0
    out = capsys.readouterr().out
    assert "libnrnmech" in out and "build folder:" in out


@pytest.mark.neuron
@pytest.mark.brian2
def test_validate_writes_results_report_and_figure(tmp_path, capsys, nrn, b2):
    out = tmp_path / "out"
    assert cli.main(["validate", "V01", "--quick", "--out", str(out), "--no-progress"]) == 0
    data = json.loads((out / "results.json").read_text())
    recs = data["records"]
    assert {r["simulator"] for r in recs} == {"neuron", "brian2"}
    for r in recs:
        assert {"case", "simulator", "target", "passed", "metrics", "checks"} <= set(r)
        assert r["passed"] and "cross_sim_dev_g" in r["metrics"] and "erev_mV" in r["metrics"]
    assert [r["target"] for r in recs if r["simulator"] == "brian2"] == ["cython"]
    assert data["environment"]["brian2_target"] == "cython"
    report = (out / "report.md").read_text()
    assert "| V01 |" in report and "![V01]" in report
    assert (out / recs[0]["figure"]).exists()
