"""The ``ei-models`` command.

``ei-models validate [CASE ...] [--out DIR] [--quick] [--brian2-target T]``
    run validation cases in both simulators; write figures, results.json and report.md. The run
    writes into a fresh hidden folder beside DIR and replaces DIR with it only when it has
    finished, so DIR always holds one complete run; Ctrl-C leaves DIR as it was (exit 130).
``ei-models build [--coreneuron] [--force]``
    compile the NMODL mechanisms into the cache and print where the library is.
``ei-models bench [PART ...] [--out DIR] [--quick]``
    costs against NEURON's Exp2Syn and a plain Brian2 exponential synapse, start-up times.
``ei-models list``
    mechanisms and validation cases.
``ei-models params NAME``
    a mechanism's parameter table with units, bounds and sources.
``ei-models docs [--out DIR] [--run-gallery]``
    build the documentation site (Sphinx, warnings as errors) and print its index.html.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

from .errors import EiModelsError, UsageError, ours

#: written into every folder ``validate`` produces: such a folder may be replaced by a later run
RUN_MARKER = ".ei-models-validate"
#: what an older ``validate`` wrote (before the marker): results, report and figures only
_OLD_OUTPUT = re.compile(r"^(results\.json|report\.md|V\d\d_\w+\.png)$")


# -- output folders -------------------------------------------------------------------------
def _writable_parent(out: Path, option: str = "--out") -> Path:
    """Check that ``out`` can be a folder we write; return its (created) parent folder."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"{option} {out} is a file, not a folder; give a folder path")
    parent = out.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=parent, prefix=".ei-models-write-test-")
        probe.close()
        if out.is_dir():
            probe = tempfile.NamedTemporaryFile(dir=out, prefix=".ei-models-write-test-")
            probe.close()
    except OSError as exc:
        raise UsageError(f"{option} {out}: cannot write there ({exc.strerror or exc}); choose a writable folder") from None
    return parent


def _check_replaceable(out: Path) -> None:
    """``validate`` replaces ``out`` as a whole: only an empty folder or an earlier run's."""
    if not out.is_dir() or (out / RUN_MARKER).exists():
        return
    entries = sorted(p.name for p in out.iterdir())
    if not entries or ("results.json" in entries and all(_OLD_OUTPUT.match(n) for n in entries)):
        return
    other = next(n for n in entries if not _OLD_OUTPUT.match(n) or "results.json" not in entries)
    raise UsageError(f"--out {out} is a folder with other contents (e.g. {other!r}), not an earlier validation "
                     "run; validate replaces its output folder as a whole: give a new or empty folder")


def _remove_dead_runs(parent: Path, name: str) -> None:
    """Hidden folders of runs killed without cleaning up (SIGKILL, power loss)."""
    for tmp in parent.glob(f".{name}.*-*"):
        m = re.match(rf"^\.{re.escape(name)}\.(?:incomplete|old)-(\d+)-", tmp.name)
        if not m or int(m.group(1)) == os.getpid():
            continue
        try:
            os.kill(int(m.group(1)), 0)
        except ProcessLookupError:
            shutil.rmtree(tmp, ignore_errors=True)
        except OSError:
            pass


def _move_into_place(tmp: Path, out: Path) -> None:
    old = None
    if out.exists():
        old = out.absolute().parent / f".{out.name}.old-{os.getpid()}-{os.urandom(4).hex()}"
        os.replace(out, old)
    try:
        os.replace(tmp, out)
    except BaseException:
        if old is not None:
            os.replace(old, out)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


class _Interrupts:
    """Ctrl-C during a command: remember it (an interrupt inside Brian2 or NEURON may surface as
    another exception, e.g. a broadcasting ValueError) and raise KeyboardInterrupt as usual."""

    def __init__(self):
        self.interrupted = False
        self.note = "interrupted"
        self._previous = None

    def __enter__(self):
        def handler(signum, frame):
            self.interrupted = True
            raise KeyboardInterrupt

        try:
            self._previous = signal.signal(signal.SIGINT, handler)
        except ValueError:  # not the main thread: leave signals alone
            self._previous = None
        return self

    def __exit__(self, *exc):
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)
        return False


_interrupts: _Interrupts | None = None


def _cmd_validate(args) -> int:
    from .validation import harness

    harness.find_cases(args.cases)  # unknown names: an error before anything is created
    out = Path(args.out).expanduser()
    parent = _writable_parent(out)
    _check_replaceable(out)
    _remove_dead_runs(parent, out.name)
    tmp = Path(tempfile.mkdtemp(dir=parent, prefix=f".{out.name}.incomplete-{os.getpid()}-"))
    if _interrupts is not None:
        _interrupts.note = f"interrupted, nothing written ({out} is as it was)"
    try:
        (tmp / RUN_MARKER).write_text(f"ei-models validate {' '.join(args.cases)} (started {time.strftime('%Y-%m-%d %H:%M:%S')})\n")
        records = harness.validate(args.cases, out_dir=tmp, quick=args.quick, target=args.brian2_target,
                                   progress=not args.no_progress)
        _move_into_place(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    failed = [r for r in records if not r["passed"]]
    print(f"\n{len(records) - len(failed)}/{len(records)} case-simulator runs passed; "
          f"results in {out}/results.json, report in {out}/report.md")
    return 1 if failed else 0


def _cmd_build(args) -> int:
    from .neuron import loader

    t0 = time.perf_counter()
    if args.prune is not None:
        for old in loader.prune(args.prune):
            print(f"removed {old}")
    with_dir = Path(args.with_dir).resolve() if args.with_dir else None
    build_dir = loader.build(coreneuron=args.coreneuron, force=args.force, transpiler=args.transpiler,
                             with_dir=with_dir)
    print(f"mechanisms: {', '.join(loader.mechanism_names())}")
    if with_dir is not None:
        print(f"with {with_dir}: {', '.join(loader.mechanism_names(with_dir))}")
    print(f"build folder: {build_dir}")
    lib = loader.library_path(build_dir)
    print(f"library: {lib}")
    print(f"sha256: {loader.manifest(build_dir)['libraries'][str(lib.relative_to(build_dir))]['sha256']} "
          "(recorded at build, checked before every load)")
    if with_dir is not None:
        print(f"load it: neuron.load_mechanisms({str(build_dir)!r})  or  nrniv -dll {lib}")
        print("then ei_models.neuron.insert(...) uses the ei_models mechanisms in it (content keys verified)")
    if args.coreneuron:
        print("CoreNEURON: enable with `from neuron import coreneuron; coreneuron.enable = True`")
    print(f"({time.perf_counter() - t0:.2f} s)")
    return 0


BENCH_PARTS = ("startup", "neuron", "brian2", "network", "validate", "stp")


def _cmd_bench(args) -> int:
    from .validation import bench

    unknown = [p for p in args.parts if p not in BENCH_PARTS]
    if unknown:  # checked here: argparse's choices= rejects an empty nargs="*" list on Python 3.11
        raise EiModelsError(f"unknown bench part(s) {', '.join(unknown)}; choose from {', '.join(BENCH_PARTS)}")
    if args.compare:
        before, after = (_bench_json(p) for p in args.compare)
        text = bench.compare(before, after)
        if not text.strip():
            raise UsageError(f"--compare: {args.compare[0]} and {args.compare[1]} share no part that can be compared "
                             "(startup, neuron, brian2)")
        print(text)
        return 0
    out = Path(args.out).expanduser()
    _writable_parent(out)
    bench.run(parts=args.parts or ["startup", "neuron", "brian2"], out=args.out, quick=args.quick,
              scales=args.scales, tstop=args.tstop)
    print(f"\nwritten {args.out}/bench.json")
    return 0


def _bench_json(path: str) -> dict:
    """A ``bench.json`` file's contents, or a one-line UsageError saying what is wrong with it."""
    p = Path(path).expanduser()
    try:
        data = json.loads(p.read_text())
    except FileNotFoundError:
        raise UsageError(f"--compare: {p}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"--compare: {p} is a folder; give its bench.json") from None
    except OSError as exc:
        raise UsageError(f"--compare: cannot read {p} ({exc.strerror or exc})") from None
    except ValueError as exc:
        raise UsageError(f"--compare: {p} is not JSON ({str(exc).splitlines()[0]}); give a bench.json "
                         "written by `ei-models bench`") from None
    if not isinstance(data, dict) or not any(part in data for part in BENCH_PARTS):
        raise UsageError(f"--compare: {p} is not a bench.json (it has none of the parts {', '.join(BENCH_PARTS)})")
    return data


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


#: what the documentation build imports (the ``docs`` extra): module -> package to install
DOCS_MODULES = {"sphinx": "sphinx", "numpydoc": "numpydoc", "myst_parser": "myst-parser",
                "sphinx_gallery": "sphinx-gallery", "matplotlib": "matplotlib"}


def _is_checkout(root: Path) -> bool:
    """True where ``root`` is an ei_models source checkout (its setup.cfg names the package, docs/conf.py exists)."""
    cfg = root / "setup.cfg"
    return (root / "docs" / "conf.py").exists() and cfg.exists() and "name = ei_models" in cfg.read_text()


def docs_folder(source=None) -> Path:
    """The ``docs/`` folder to build: ``source`` if given, else the checkout this package runs from
    (an editable install), else the checkout that holds the working directory (a non-editable install
    run from its clone, as ``bash .ci/setup`` makes)."""
    if source is not None:
        return Path(source).expanduser().resolve()
    here = Path(__file__).resolve().parents[1]
    if _is_checkout(here):
        return here / "docs"
    cwd = Path.cwd().resolve()
    for root in (cwd, *cwd.parents):
        if _is_checkout(root):
            return root / "docs"
    return here / "docs"


def _cmd_docs(args) -> int:
    """``python -m sphinx -W -b html docs OUT``: the build the README names."""
    import importlib.util
    import subprocess

    missing = [pkg for mod, pkg in DOCS_MODULES.items() if importlib.util.find_spec(mod) is None]
    if missing:
        raise UsageError(f"the docs extra is not installed ({', '.join(missing)} missing); "
                         "install it with pip install -e \".[docs]\" (bash .ci/setup does)")
    docs = docs_folder(args.source)
    if not (docs / "conf.py").exists():
        raise UsageError(f"no documentation sources at {docs}: ei-models docs builds the docs/ folder of a "
                         "source checkout: run it inside a clone of the repository, or name the folder with --source DIR")
    out = Path(args.out).expanduser() if args.out else docs / "_build" / "html"
    _writable_parent(out)
    env = dict(os.environ, EI_MODELS_DOCS_RUN_EXAMPLES="1" if args.run_gallery else "0", MPLBACKEND="Agg")
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(docs), str(out)],
                          cwd=docs.parent, env=env)
    if proc.returncode != 0:
        raise EiModelsError(f"the documentation build failed (exit {proc.returncode}; warnings are errors): "
                            "fix what Sphinx printed above")
    pages = sum(1 for _ in out.rglob("*.html"))
    print(f"built {pages} pages in {time.perf_counter() - t0:.1f} s"
          + ("" if args.run_gallery else " (gallery examples not run: --run-gallery runs them)"))
    print(out.resolve() / "index.html")
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
    b.add_argument("--with", dest="with_dir", metavar="DIR", default=None,
                   help="compile the .mod files of DIR (your model's) together with ei_models' into one library")
    b.set_defaults(func=_cmd_build)
    be = sub.add_parser("bench", help="benchmarks as ratios against each simulator's own baseline")
    be.add_argument("parts", nargs="*", metavar="PART",
                    help=f"which parts, of {', '.join(BENCH_PARTS)} (default: startup neuron brian2; "
                         "network and validate take minutes; stp: short-term plasticity's added cost)")
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
    d = sub.add_parser("docs", help="build the documentation site and print the path of its index.html")
    d.add_argument("--out", default=None, help="output folder (default: docs/_build/html)")
    d.add_argument("--source", default=None,
                   help="the docs/ folder to build (default: the source checkout this package or the working "
                        "directory is in)")
    d.add_argument("--run-gallery", action="store_true",
                   help="run the gallery's examples for their figures (minutes; an example unchanged since its "
                        "last successful run keeps its figures: delete docs/auto_examples/ to rerun all)")
    d.set_defaults(func=_cmd_docs)
    return ap


def main(argv=None) -> int:
    """Run the command; our errors (also when Brian2 wrapped them) give one line and exit 2,
    Ctrl-C gives "interrupted" and exit 130."""
    global _interrupts
    args = parser().parse_args(argv)
    with _Interrupts() as state:
        _interrupts = state
        try:
            return args.func(args)
        except KeyboardInterrupt:
            print(f"\nei-models: {state.note}", file=sys.stderr)
            return 130
        except Exception as exc:
            if state.interrupted:  # a Ctrl-C that came out of a simulator as another error
                print(f"\nei-models: {state.note}", file=sys.stderr)
                return 130
            mine = ours(exc)
            if mine is None:
                raise
            print(f"ei-models: error: {mine}", file=sys.stderr)
            return 2
        finally:
            _interrupts = None


if __name__ == "__main__":
    sys.exit(main())
