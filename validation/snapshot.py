"""Write the committed snapshot of validation results, ``validation/reference_results.json``.

Usage (after ``ei-models validate [CASE ...] --out DIR``)::

    python -m validation.snapshot DIR [--into validation/reference_results.json]
    python -m validation.snapshot --compare OLD.json NEW.json


Every case found in ``DIR/results.json`` replaces that case's entry in the snapshot; the other
cases' entries are kept as they were (so rerunning only V10 refreshes only V10). Each entry holds
the run's environment (date, NEURON/Brian2 versions, Brian2 target, full or quick), the git commit
of the tree the snapshot is taken in (``dirty`` when it has uncommitted changes; take the snapshot
right after the run, in the same tree: it warns when HEAD is newer than the run), the sha256
of the case module, and per simulator every check (name, kind, value, unit, limit, passed,
expected miss) and the NEURON-vs-Brian2 deviations (metrics ``cross_sim_dev_*``). The docs build
(``docs/_ext/ei_docs.py``) makes the guide's numbers table from it and marks an entry whose module
changed since its run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path



def _checkout_root() -> Path:
    """The source checkout the snapshot belongs to: the one this file is in (run from a clone, or an
    editable install), else the one around the working directory (a non-editable install, as
    ``bash .ci/setup`` makes, run inside its clone)."""
    from ei_models.cli import _is_checkout

    here = Path(__file__).resolve().parents[1]
    cwd = Path.cwd().resolve()
    return next((root for root in (here, cwd, *cwd.parents) if _is_checkout(root)), here)


ROOT = _checkout_root()
DEFAULT = ROOT / "validation" / "reference_results.json"

from ei_models.errors import EiModelsError  # noqa: E402


class SnapshotError(EiModelsError, ValueError):
    """The validation output folder given to the snapshot has no usable ``results.json``."""


def module_path(case: str) -> Path:
    """``validation/vNN_*.py`` of case ``VNN``."""
    found = sorted((ROOT / "validation").glob(f"v{case[1:]}_*.py"))
    if len(found) != 1:
        raise SnapshotError(f"case {case}: expected one validation/v{case[1:]}_*.py, found {len(found)}")
    return found[0]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def git_commit(root: Path = ROOT) -> dict:
    """{"commit": HEAD, "dirty": uncommitted changes outside the snapshot file} ('' when not a repo)."""
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True,
                              check=True).stdout.strip()
        status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                                capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return {"commit": "", "dirty": False}
    dirty = any(not line.endswith("reference_results.json") for line in status.splitlines() if line.strip())
    when = subprocess.run(["git", "log", "-1", "--format=%cd", "--date=format-local:%Y-%m-%d %H:%M:%S", "HEAD"],
                          cwd=root, capture_output=True, text=True, env={**os.environ, "TZ": "UTC"}).stdout.strip()
    return {"commit": head, "dirty": dirty, "commit_date": when}


def entries(results: dict, git: dict) -> dict:
    """Snapshot entries, by case, from a ``results.json`` object."""
    env = dict(results.get("environment", {}))
    out: dict = {}
    for r in results.get("records", []):
        e = out.setdefault(r["case"], {
            "title": r["title"],
            "module": module_path(r["case"]).name,
            "module_sha256": sha256(module_path(r["case"])),
            "run": {**{k: env.get(k) for k in ("date", "neuron", "brian2", "brian2_target", "python", "quick")},
                    **git},
            "simulators": {},
        })
        e["simulators"][r["simulator"]] = {
            "passed": r["passed"],
            "target": r["target"],
            "wall_s": r["wall_s"],
            "cross_sim_dev": {k[len("cross_sim_dev_"):]: v for k, v in r.get("metrics", {}).items()
                              if k.startswith("cross_sim_dev_")},
            "checks": [{k: c.get(k, "") for k in ("name", "kind", "value", "unit", "limit", "passed", "expected_miss")}
                       for c in r["checks"]],
        }
    return out


def merge(out_dir, into: Path = DEFAULT, git: dict | None = None) -> list[str]:
    """Replace the snapshot entries of the cases in ``out_dir/results.json``; return those cases."""
    path = Path(out_dir) / "results.json"
    if not path.is_file():
        raise SnapshotError(f"{path} does not exist; run `ei-models validate [CASE ...] --out {out_dir}` first")
    results = json.loads(path.read_text())
    git = git_commit() if git is None else git
    run_date = results.get("environment", {}).get("date", "")
    if git.get("commit_date") and run_date and git["commit_date"] > run_date:
        print(f"warning: HEAD ({git['commit'][:10]}, {git['commit_date']}) is newer than the run ({run_date}): "
              "the recorded commit may not be the one that ran; snapshot right after the run", file=sys.stderr)
    git.pop("commit_date", None)
    new = entries(results, git)
    if not new:
        raise SnapshotError(f"{path} has no records; nothing to snapshot")
    into = Path(into)
    snap = json.loads(into.read_text()) if into.exists() else {}
    cases = dict(snap.get("cases", {}))
    cases.update(new)
    snap = {"about": "written by `python -m validation.snapshot DIR` from `ei-models validate --out DIR`; "
                     "merged per case; do not edit by hand",
            "cases": dict(sorted(cases.items()))}
    into.write_text(json.dumps(snap, indent=1, ensure_ascii=False) + "\n")
    return sorted(new)


def compare(old: dict, new: dict) -> list[str]:
    """Markdown rows ``case | metric | NEURON-Brian2 deviation old -> new`` for every case whose
    deviations or check values differ between two snapshots (e.g. the committed one of a commit
    before a change, from ``git show REV:validation/reference_results.json``, and today's), plus
    the checks whose pass/fail changed. Deviations are the ``cross_sim_dev_*`` metrics of each
    case's NEURON record (the same on the Brian2 record)."""
    rows = ["| case | metric | NEURON-Brian2 deviation before | after |", "|---|---|---|---|"]
    flips = []
    old_cases, new_cases = old.get("cases", {}), new.get("cases", {})
    for case in sorted(set(old_cases) | set(new_cases)):
        o, n = old_cases.get(case, {}), new_cases.get(case, {})
        od = o.get("simulators", {}).get("neuron", {}).get("cross_sim_dev", {})
        nd = n.get("simulators", {}).get("neuron", {}).get("cross_sim_dev", {})
        for metric in sorted(set(od) | set(nd)):
            a, b = od.get(metric), nd.get(metric)
            rows.append(f"| {case} | {metric} | {'-' if a is None else f'{a:.2g}'} | {'-' if b is None else f'{b:.2g}'} |")
        for sim in ("neuron", "brian2"):
            oc = {c["name"]: c["passed"] for c in o.get("simulators", {}).get(sim, {}).get("checks", [])}
            for c in n.get("simulators", {}).get(sim, {}).get("checks", []):
                if c["name"] in oc and oc[c["name"]] != c["passed"]:
                    flips.append(f"{case} {sim}: {c['name']}: {'pass' if oc[c['name']] else 'fail'} -> "
                                 f"{'pass' if c['passed'] else 'fail'}")
    return rows + ([""] + flips if flips else [])


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m validation.snapshot", description=__doc__.split("\n")[0])
    p.add_argument("out_dir", nargs="?", help="a folder written by `ei-models validate --out DIR`")
    p.add_argument("--into", default=str(DEFAULT), help="the snapshot file (default: %(default)s)")
    p.add_argument("--compare", nargs=2, metavar=("OLD", "NEW"),
                   help="print the NEURON-Brian2 deviations of two snapshot files side by side instead")
    args = p.parse_args(argv)
    if args.compare:
        try:
            old, new = (json.loads(Path(f).read_text()) for f in args.compare)
        except (OSError, ValueError) as exc:
            print(f"error: --compare: {exc}", file=sys.stderr)
            return 2
        print("\n".join(compare(old, new)))
        return 0
    if args.out_dir is None:
        p.error("give the validation output folder DIR, or --compare OLD NEW")
    try:
        cases = merge(args.out_dir, Path(args.into))
    except EiModelsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{args.into}: refreshed {', '.join(cases)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
