"""The ei-models command line."""

import json
from pathlib import Path

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


# -- issue 18: one-line errors for bad paths and files; a run never leaves a mixed folder ---------
def _fake_validate(figure="V01_reversal.png", then=None):
    """Stands in for the harness: writes what a run writes, into the folder it is given."""
    def validate(names, *, out_dir, quick, target, progress):
        out = Path(out_dir)
        (out / figure).write_bytes(b"new figure")
        if then is not None:
            then(out)
        (out / "results.json").write_text(json.dumps({"records": [], "new": True}))
        (out / "report.md").write_text("# new report\n")
        return [{"passed": True}]
    return validate


@pytest.fixture
def old_run(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "results.json").write_text('{"old": true}')
    (out / "report.md").write_text("# old report\n")
    (out / "V07_eaat.png").write_bytes(b"old figure")
    return out


def _one_line_error(err):
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("ei-models: error: ") and "Traceback" not in err, err
    return lines[0]


def test_validate_replaces_an_earlier_run_as_a_whole(old_run, monkeypatch, capsys):
    from ei_models.validation import harness

    monkeypatch.setattr(harness, "validate", _fake_validate())
    assert cli.main(["validate", "V01", "--out", str(old_run), "--no-progress"]) == 0
    assert json.loads((old_run / "results.json").read_text())["new"]
    assert sorted(p.name for p in old_run.iterdir()) == [cli.RUN_MARKER, "V01_reversal.png", "report.md", "results.json"]
    assert not list(old_run.parent.glob(".out.*")), "no temporary folder left"
    fresh = old_run.parent / "a" / "b" / "fresh"
    assert cli.main(["validate", "V01", "--out", str(fresh), "--no-progress"]) == 0
    assert (fresh / "results.json").exists()


def test_validate_interrupted_leaves_the_earlier_run(old_run, monkeypatch, capsys):
    """Before: Ctrl-C left the new figures beside the old results.json/report.md."""
    from ei_models.validation import harness

    def ctrl_c(out):
        raise KeyboardInterrupt

    monkeypatch.setattr(harness, "validate", _fake_validate(then=ctrl_c))
    assert cli.main(["validate", "V01", "--out", str(old_run), "--no-progress"]) == 130
    assert "interrupted, nothing written" in capsys.readouterr().err
    assert sorted(p.name for p in old_run.iterdir()) == ["V07_eaat.png", "report.md", "results.json"]
    assert json.loads((old_run / "results.json").read_text()) == {"old": True}
    assert not list(old_run.parent.glob(".out.*"))


_INTERRUPT_IN_SIMULATOR = """
import json, os, signal, sys, time
from pathlib import Path
from ei_models import cli
from ei_models.validation import harness

def validate(names, *, out_dir, quick, target, progress):
    (Path(out_dir) / "V01_reversal.png").write_bytes(b"new")
    try:
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(5)
    except KeyboardInterrupt:  # what Brian2 turned a Ctrl-C into
        raise ValueError("operands could not be broadcast together with shapes (3,) (2,)")
    return []

harness.validate = validate
sys.exit(cli.main(["validate", "V01", "--out", sys.argv[1], "--no-progress"]))
"""


def test_ctrl_c_surfacing_as_another_error_is_still_an_interrupt(old_run):
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", _INTERRUPT_IN_SIMULATOR, str(old_run)], capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 130, out.stderr[-2000:]
    assert "interrupted, nothing written" in out.stderr and "broadcast" not in out.stderr
    assert json.loads((old_run / "results.json").read_text()) == {"old": True}
    assert not (old_run / "V01_reversal.png").exists()


_OURS_UNDER_BRIAN2 = """
import sys
import brian2
from ei_models import cli
from ei_models.errors import ParameterError
from ei_models.validation import harness

class Checked(brian2.BrianObject):
    def before_run(self, namespace):
        raise ParameterError("nmda: w = -1 nS is out of range; allowed [0, inf) nS")

def validate(names, *, out_dir, **kwargs):
    brian2.Network(Checked()).run(1 * brian2.ms)

harness.validate = validate
sys.exit(cli.main(["validate", "V01", "--out", sys.argv[1], "--no-progress"]))
"""


@pytest.mark.brian2
def test_our_error_under_brian2_is_ours(tmp_path):
    """Before: Brian2 wrapped it (BrianObjectException), the CLI let it through, and Brian2's
    excepthook printed "Brian 2 encountered an unexpected error" with a traceback."""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", _OURS_UNDER_BRIAN2, str(tmp_path / "out")], capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 2, out.stderr[-3000:]
    line = _one_line_error(out.stderr)
    assert "nmda: w = -1 nS is out of range" in line and "Brian 2 encountered" not in out.stderr
    assert not (tmp_path / "out").exists() and not list(tmp_path.glob(".out.*"))


def test_bad_out_paths_give_one_line(tmp_path, capsys, monkeypatch):
    from ei_models.validation import harness

    monkeypatch.setattr(harness, "validate", _fake_validate())
    afile = tmp_path / "file"
    afile.write_text("x")
    assert cli.main(["validate", "V01", "--out", str(afile), "--no-progress"]) == 2
    assert "is a file, not a folder" in _one_line_error(capsys.readouterr().err)
    assert cli.main(["validate", "V01", "--out", str(afile / "sub"), "--no-progress"]) == 2
    assert "cannot write there" in _one_line_error(capsys.readouterr().err)
    assert cli.main(["bench", "startup", "--out", str(afile)]) == 2
    assert "is a file, not a folder" in _one_line_error(capsys.readouterr().err)
    assert cli.main(["bench", "startup", "--out", str(afile / "sub")]) == 2
    assert "cannot write there" in _one_line_error(capsys.readouterr().err)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.tex").write_text("precious")
    assert cli.main(["validate", "V01", "--out", str(mine), "--no-progress"]) == 2
    assert "not an earlier validation run" in _one_line_error(capsys.readouterr().err)
    assert (mine / "thesis.tex").read_text() == "precious" and len(list(mine.iterdir())) == 1


def test_bench_compare_bad_files_give_one_line(tmp_path, capsys):
    good = tmp_path / "bench.json"
    good.write_text(json.dumps({"neuron": {"_baseline": {}, "nmda": {"ratio_vs_Exp2Syn": 1.3}}}))
    notjson = tmp_path / "notes.txt"
    notjson.write_text("ratio 1.3\n")
    unrelated = tmp_path / "package.json"
    unrelated.write_text(json.dumps({"name": "x", "version": "1"}))
    network_only = tmp_path / "net.json"
    network_only.write_text(json.dumps({"network": {"1.0": {}}}))
    cases = [([tmp_path / "missing.json", good], "no such file"),
             ([good, notjson], "is not JSON"),
             ([good, tmp_path], "is a folder"),
             ([unrelated, good], "is not a bench.json"),
             ([tmp_path / "list.json", good], "is not a bench.json"),
             ([network_only, network_only], "share no part that can be compared")]
    (tmp_path / "list.json").write_text("[1, 2]")
    for files, message in cases:
        assert cli.main(["bench", "--compare", *map(str, files)]) == 2, files
        assert message in _one_line_error(capsys.readouterr().err)


@pytest.mark.neuron
def test_build_prune_refuses_negative_age(capsys, tmp_cache):
    assert cli.main(["build", "--prune", "-1"]) == 2
    assert "the age must be a number of days >= 0" in _one_line_error(capsys.readouterr().err)
