"""Benchmark of the PING network: wall time per simulated second.

The benchmark network (``networks.PRESETS["bench"]``): 1,000 E + 250 I Wang-Buzsaki cells,
100 connections per cell (E cells: 80 from E, 20 from I; I cells: 80 from E, 20 from I; an
excitatory connection drives an ``ampa`` and an ``nmda`` NetCon), 1 s simulated, dt = 0.01 ms.
Rows:

* Brian2 ``cpp_standalone`` (the simulation loop as timed by the generated code; the code
  generation and compile time is reported separately);
* NEURON on 1 rank, NEURON on 2 MPI ranks (``mpiexec -n 2``);
* CoreNEURON on 1 rank (and on 2 ranks).

NEURON rows run ``python -m ei_models.networks`` in fresh processes and time ``pc.psolve``
(the slowest rank). Usage::

    python -m ei_models.validation.bench_network [--tstop 1000] [--out bench.json]

or :func:`bench` from Python (``ei-models bench`` can call it).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from ei_models import networks as nw
from ei_models.errors import SimulatorError


def _mpiexec(n: int) -> list[str]:
    """The ``mpiexec`` command line for ``n`` ranks; :class:`SimulatorError` if MPI is missing."""
    exe = shutil.which("mpiexec")
    if exe is None:
        raise SimulatorError(
            f"{n} MPI ranks requested but Open MPI's mpiexec is not installed: "
            "apt-get install -y openmpi-bin libopenmpi-dev (the README's set-up command does this)"
        )
    cmd = [exe, "--oversubscribe", "-n", str(n)]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.insert(1, "--allow-run-as-root")
    return cmd


def _neuron_row(label, ranks, coreneuron, overrides, workdir):
    out = Path(workdir) / f"bench_{ranks}_{int(coreneuron)}.npz"
    cmd = ([] if ranks == 1 else _mpiexec(ranks)) + [sys.executable, "-m", "ei_models.networks", "--preset", "bench",
                                                      "--set", json.dumps(overrides), "--out", str(out)]
    if coreneuron:
        cmd.append("--coreneuron")
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=workdir)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{label} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    res = np.load(out)
    return {"simulator": label, "ranks": ranks, "run_s": float(res["run_s"]), "setup_s": float(res["build_s"]),
            "process_wall_s": wall, "spikes": int(len(res["t"])), "t": res["t"], "gid": res["gid"]}


def bench(tstop: float = 1000.0, *, brian2: bool = True, neuron: bool = True, coreneuron: bool = True,
          two_ranks: bool = True, progress: bool = True, scale: float = 1.0) -> dict:
    """Run the benchmark; return ``{"rows": [...], "environment": {...}}``.

    Each row: simulator, ranks, ``run_s`` (simulation loop), ``s_per_simulated_s``, setup time,
    spike count and mean rate; the NEURON rows also say whether their raster equals the 1-rank one.
    """
    overrides = {"tstop": tstop}
    if scale != 1.0:  # more cells at the same in-degree and weights: cost grows with size only
        overrides.update(n_e=int(round(nw.PRESETS["bench"]["n_e"] * scale)),
                         n_i=int(round(nw.PRESETS["bench"]["n_i"] * scale)))
    p = nw.Ping(**dict(nw.PRESETS["bench"], **overrides))
    conn = p.connectivity()
    rows = []
    say = print if progress else (lambda *a, **k: None)
    with tempfile.TemporaryDirectory(prefix="ei_models_bench_") as work:
        if brian2:
            say("Brian2 cpp_standalone ...", flush=True)
            t0 = time.perf_counter()
            r = nw.run_ping_brian2(p, target="cpp_standalone", directory=Path(work) / "standalone")
            rows.append({"simulator": "Brian2 cpp_standalone", "ranks": 1, "run_s": r["run_s"],
                         "setup_s": time.perf_counter() - t0 - r["run_s"], "spikes": int(len(r["t"])),
                         "t": r["t"], "gid": r["gid"]})
        runs = []
        if neuron:
            runs.append(("NEURON", 1, False))
            if two_ranks:
                runs.append(("NEURON", 2, False))
        if coreneuron:
            runs.append(("CoreNEURON", 1, True))
            if two_ranks:
                runs.append(("CoreNEURON", 2, True))
        for label, ranks, core in runs:
            say(f"{label} on {ranks} rank(s) ...", flush=True)
            rows.append(_neuron_row(label, ranks, core, overrides, work))
    ref = next((r for r in rows if r["simulator"] == "NEURON" and r["ranks"] == 1), None)
    for r in rows:
        r["s_per_simulated_s"] = r["run_s"] / (tstop / 1000.0)
        r["mean_rate_hz"] = r["spikes"] / p.n_total / ((tstop) / 1000.0)
        if ref is not None and r["simulator"] != "Brian2 cpp_standalone":
            r["raster_identical_to_neuron_1_rank"] = bool(np.array_equal(r["t"], ref["t"])
                                                          and np.array_equal(r["gid"], ref["gid"]))
        if ref is not None and r["simulator"] == "NEURON" and r["ranks"] == 2:
            r["speedup_vs_1_rank"] = ref["run_s"] / r["run_s"]
    for r in rows:
        r.pop("t")
        r.pop("gid")
    import brian2
    import neuron

    env = {"scale": scale, "cells": p.n_total, "connections": int(len(conn["pre"])), "netcons": int(len(conn["pre"]) + np.sum(conn["kind"] < 2)),
           "tstop_ms": tstop, "dt_ms": p.dt, "neuron": neuron.__version__, "brian2": brian2.__version__,
           "machine": f"{platform.machine()} {platform.processor() or ''}".strip(), "cpus": os.cpu_count(),
           "date": time.strftime("%Y-%m-%d %H:%M:%S")}
    return {"rows": rows, "environment": env}


def table(result: dict) -> str:
    """The benchmark as a Markdown table."""
    e = result["environment"]
    lines = [f"PING benchmark: {e['cells']} cells, {e['connections']} connections ({e['netcons']} NetCons), "
             f"{e['tstop_ms']:g} ms at dt = {e['dt_ms']} ms; NEURON {e['neuron']}, Brian2 {e['brian2']}, "
             f"{e['cpus']} CPUs, {e['date']}", "",
             "| simulator | ranks | wall s per simulated s | setup s | spikes | mean rate (Hz) | raster = NEURON 1 rank |",
             "|---|---|---|---|---|---|---|"]
    for r in result["rows"]:
        same = r.get("raster_identical_to_neuron_1_rank", "")
        extra = f" (speed-up {r['speedup_vs_1_rank']:.2f}x)" if "speedup_vs_1_rank" in r else ""
        lines.append(f"| {r['simulator']} | {r['ranks']} | {r['s_per_simulated_s']:.2f}{extra} | {r['setup_s']:.1f} | "
                     f"{r['spikes']} | {r['mean_rate_hz']:.1f} | {same} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tstop", type=float, default=1000.0, help="simulated time (ms)")
    ap.add_argument("--out", default=None, help="write the result as JSON here")
    ap.add_argument("--no-brian2", action="store_true")
    ap.add_argument("--no-coreneuron", action="store_true")
    ap.add_argument("--one-rank", action="store_true", help="skip the 2-rank runs")
    args = ap.parse_args(argv)
    res = bench(args.tstop, brian2=not args.no_brian2, coreneuron=not args.no_coreneuron, two_ranks=not args.one_rank)
    print(table(res))
    if args.out:
        Path(args.out).write_text(json.dumps(res, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
