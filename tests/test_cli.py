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


def test_bench_compare_and_unknown_part(tmp_path, capsys):
    before = {"startup": {"first_compile_and_load_s": 30.0, "cached_load_s": 0.2},
              "neuron": {"_baseline": {}, "nmda": {"ns_per_instance_step": 50.0, "ratio_vs_Exp2Syn": 2.0}},
              "brian2": {"_baseline": {}, "nmda": {"ns_per_syn_step": 7.0, "ratio_vs_exp_synapse": 4.0}}}
    after = {"neuron": {"_baseline": {}, "nmda": {"ns_per_instance_step": 33.0, "ratio_vs_Exp2Syn": 1.3}},
             "brian2": {"_baseline": {}, "nmda (sum g)": {"ns_per_syn_step": 1.9, "ratio_vs_exp_synapse": 1.1}}}
    paths = []
    for name, data in (("before", before), ("after", after)):
        paths.append(tmp_path / f"{name}.json")
        paths[-1].write_text(json.dumps(data))
    assert cli.main(["bench", "--compare", *map(str, paths)]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.strip().startswith("nmda ") and "50.0" in line)
    assert row.split()[1:] == ["50.0", "33.0", "2.00", "1.30"]
    assert any(line.split()[:3] == ["nmda", "(sum", "g)"] and line.split()[3:5] == ["-", "1.9"] for line in out.splitlines())
    assert cli.main(["bench", "startup", "nonsense"]) == 2
    assert "unknown bench part(s) nonsense" in capsys.readouterr().err
