"""The ``ei-models`` command.

``ei-models validate [CASE ...] [--out DIR] [--quick] [--brian2-target T]``
    run validation cases in both simulators; write figures, results.json and report.md.
``ei-models build [--coreneuron] [--force]``
    compile the NMODL mechanisms into the cache and print where the library is.
``ei-models bench [PART ...] [--out DIR] [--quick]``
    costs against NEURON's Exp2Syn and a plain Brian2 exponential synapse, start-up times.
``ei-models list``
    mechanisms and validation cases.
``ei-models params NAME``
    a mechanism's parameter table with units, bounds and sources.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from .errors import EiModelsError


def _cmd_validate(args) -> int:
    from .validation import harness

    records = harness.validate(args.cases, out_dir=args.out, quick=args.quick, target=args.brian2_target,
                               progress=not args.no_progress)
    failed = [r for r in records if not r["passed"]]
    print(f"\n{len(records) - len(failed)}/{len(records)} case-simulator runs passed; "
          f"results in {args.out}/results.json, report in {args.out}/report.md")
    return 1 if failed else 0


def _cmd_build(args) -> int:
    from .neuron import loader

    t0 = time.perf_counter()
    if args.prune is not None:
        for old in loader.prune(args.prune):
            print(f"removed {old}")
    build_dir = loader.build(coreneuron=args.coreneuron, force=args.force, transpiler=args.transpiler)
    print(f"mechanisms: {', '.join(loader.mechanism_names())}")
    print(f"build folder: {build_dir}")
    print(f"library: {loader.library_path(build_dir)}")
    if args.coreneuron:
        print("CoreNEURON: enable with `from neuron import coreneuron; coreneuron.enable = True`")
    print(f"({time.perf_counter() - t0:.2f} s)")
    return 0


BENCH_PARTS = ("startup", "neuron", "brian2", "network", "validate")


def _cmd_bench(args) -> int:
    from .validation import bench

    unknown = [p for p in args.parts if p not in BENCH_PARTS]
    if unknown:  # checked here: argparse's choices= rejects an empty nargs="*" list on Python 3.11
        raise EiModelsError(f"unknown bench part(s) {', '.join(unknown)}; choose from {', '.join(BENCH_PARTS)}")
    if args.compare:
        before, after = (json.loads(Path(p).read_text()) for p in args.compare)
        print(bench.compare(before, after))
        return 0
    bench.run(parts=args.parts or ["startup", "neuron", "brian2"], out=args.out, quick=args.quick,
              scales=args.scales, tstop=args.tstop)
    print(f"\nwritten {args.out}/bench.json")
    return 0


def _cmd_list(args) -> int:
    from . import mechanisms
    from .validation import harness

    print("mechanisms:")
    for name in mechanisms.names():
        m = mechanisms.get(name)
        print(f"  {name:14s} {m.kind:13s} {m.title}")
    print("validation cases:")
    for case, module in harness.case_modules().items():
        print(f"  {case}  {module.TITLE}")
    return 0


def _cmd_params(args) -> int:
    from . import mechanisms

    m = mechanisms.get(args.name)
    print(f"# {m.name}: {m.title}\n")
    print(m.table.as_markdown())
    for group, presets in m.table.presets.items():
        print(f"\n{group} presets: " + "; ".join(f"{p.name} {dict(p.values)} ({p.source})" for p in presets))
    return 0


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="ei-models", description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="run validation cases in NEURON and Brian2")
    v.add_argument("cases", nargs="*", help="case ids (V01 ...) or names (reversal ...); default: all")
    v.add_argument("--out", default="validation_out", help="output folder (default: validation_out)")
    v.add_argument("--quick", action="store_true", help="short protocols (as in the tests)")
    v.add_argument("--brian2-target", default="cython", choices=["cython", "cpp_standalone"],
                   help="Brian2 code generation target (never numpy)")
    v.add_argument("--no-progress", action="store_true", help="no progress bar")
    v.set_defaults(func=_cmd_validate)
    b = sub.add_parser("build", help="compile the NMODL mechanisms and print the library location")
    b.add_argument("--coreneuron", action="store_true", help="build for CoreNEURON (nrnivmodl -coreneuron)")
    b.add_argument("--force", action="store_true", help="rebuild even if cached")
    b.add_argument("--prune", type=float, metavar="DAYS", default=None,
                   help="first delete cached builds unused for DAYS days (0: all others)")
    b.add_argument("--transpiler", default="nocmodl", choices=["nocmodl", "nmodl"],
                   help="NMODL translator (default nocmodl; nmodl = nrnivmodl -nmodl)")
    b.set_defaults(func=_cmd_build)
    be = sub.add_parser("bench", help="benchmarks as ratios against each simulator's own baseline")
    be.add_argument("parts", nargs="*", metavar="PART",
                    help=f"which parts, of {', '.join(BENCH_PARTS)} (default: startup neuron brian2; "
                         "network and validate take minutes)")
    be.add_argument("--scales", type=float, nargs="+", default=[1.0, 2.0, 4.0],
                    help="network sizes relative to 1,000 E + 250 I cells (default 1 2 4)")
    be.add_argument("--tstop", type=float, default=1000.0, help="network simulated time, ms (default 1000)")
    be.add_argument("--out", default="bench_out", help="output folder (default: bench_out)")
    be.add_argument("--quick", action="store_true", help="small sizes, one repeat")
    be.add_argument("--compare", nargs=2, metavar=("BEFORE", "AFTER"),
                    help="print two bench.json files side by side (ratios before -> after) instead of running")
    be.set_defaults(func=_cmd_bench)
    sub.add_parser("list", help="list mechanisms and validation cases").set_defaults(func=_cmd_list)
    p = sub.add_parser("params", help="show a mechanism's parameter table")
    p.add_argument("name")
    p.set_defaults(func=_cmd_params)
    return ap


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except EiModelsError as exc:
        print(f"ei-models: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
