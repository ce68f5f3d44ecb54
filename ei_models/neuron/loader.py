"""Compile the package's NMODL mechanisms once, cache them, and load them into NEURON.

The cache lives in ``$EI_MODELS_CACHE`` (default ``$XDG_CACHE_HOME/ei_models`` or
``~/.cache/ei_models``), one folder per build keyed by the contents of every ``.mod`` file, the
NEURON version, the machine and the flavour (plain or CoreNEURON). A build happens in a private
temporary folder under a file lock and is renamed into place only when ``nrnivmodl`` succeeded
and the library exists, so concurrent first use from many processes compiles once, and a killed
compile never leaves anything that looks like a good build.
"""

from __future__ import annotations

import hashlib
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

from .._resources import mod_dir
from ..errors import (CacheError, CompilerNotFoundError, MechanismCompileError, MechanismLoadError, SimulatorError,
                     UnknownNameError)

MIN_NEURON = (9, 0)
_OK_MARKER = "BUILD_OK"
_STALE_SECONDS = 3600
_loaded: dict[str, Path] = {}


# -- locating things ------------------------------------------------------------------------
def cache_root() -> Path:
    """Root folder of the compile cache."""
    env = os.environ.get("EI_MODELS_CACHE")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "ei_models"


def neuron_version() -> str:
    try:
        import neuron
    except ImportError as exc:  # pragma: no cover - neuron is a dependency
        raise SimulatorError("NEURON is not installed; run `pip install neuron`") from exc
    return neuron.__version__


def check_neuron_version(version: str | None = None) -> None:
    """Raise :class:`SimulatorError` if NEURON is older than :data:`MIN_NEURON`.

    The package's mechanisms use NMODL's ``RANDOM`` construct, which appeared in NEURON 9.0.
    """
    version = version or neuron_version()
    parts = tuple(int(x) for x in re.findall(r"\d+", version)[:2])
    if parts < MIN_NEURON:
        need = ".".join(map(str, MIN_NEURON))
        raise SimulatorError(f"NEURON {version} is too old; ei_models needs NEURON >= {need} (pip install -U neuron)")


def mod_files(folder: Path | None = None) -> list[Path]:
    folder = Path(folder) if folder else mod_dir()
    files = sorted(folder.glob("*.mod"))
    if not files:
        raise MechanismCompileError(f"no .mod files in {folder}")
    return files


def mechanism_names(folder: Path | None = None) -> list[str]:
    """NEURON names (POINT_PROCESS / SUFFIX / ARTIFICIAL_CELL) declared by the .mod files."""
    pattern = re.compile(r"^\s*(?:POINT_PROCESS|SUFFIX|ARTIFICIAL_CELL)\s+(\w+)", re.M)
    return [m for f in mod_files(folder) for m in pattern.findall(f.read_text())]


def _nrnivmodl() -> str:
    exe = shutil.which("nrnivmodl") or shutil.which("nrnivmodl", path=str(Path(sys.executable).parent))
    if not exe:
        raise CompilerNotFoundError("nrnivmodl was not found on PATH; it comes with `pip install neuron`")
    return exe


def cxx_compiler() -> str:
    """The C++ compiler nrnivmodl will use (``$CXX`` or Python's build compiler)."""
    cxx = os.environ.get("CXX") or sysconfig.get_config_var("CXX") or "c++"
    exe = shlex.split(cxx)[0]
    path = shutil.which(exe)
    if not path:
        raise CompilerNotFoundError(
            f"no C++ compiler: {exe!r} (from {'$CXX' if 'CXX' in os.environ else 'Python build config'}) "
            "is not installed. NEURON compiles the mechanisms with it: install one "
            "(Debian/Ubuntu: apt-get install g++) or point $CXX at it."
        )
    return path


TRANSPILERS = ("nocmodl", "nmodl")


def _transpiler_flags(transpiler: str) -> list[str]:
    """nrnivmodl flags selecting the NMODL-to-C++ translator: NEURON's default ``nocmodl`` or
    the newer ``nmodl`` (``nrnivmodl -nmodl PATH``)."""
    if transpiler == "nocmodl":
        return []
    if transpiler == "nmodl":
        exe = shutil.which("nmodl") or shutil.which("nmodl", path=str(Path(sys.executable).parent))
        if not exe:
            raise CompilerNotFoundError("the nmodl transpiler was not found (it ships with pip install neuron >= 9)")
        return ["-nmodl", exe]
    raise UnknownNameError(f"unknown transpiler {transpiler!r}; choose one of: {', '.join(TRANSPILERS)}")


def _flavour(coreneuron: bool, transpiler: str) -> str:
    return ("corenrn" if coreneuron else "nrn") + ("" if transpiler == "nocmodl" else f"-{transpiler}")


def build_key(folder: Path | None = None, coreneuron: bool = False, transpiler: str = "nocmodl") -> str:
    h = hashlib.sha256()
    for f in mod_files(folder):
        h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    h.update(f"{neuron_version()}|{platform.machine()}|{_flavour(coreneuron, transpiler)}".encode())
    return h.hexdigest()[:16]


def library_path(build_dir: Path) -> Path:
    """The ``libnrnmech`` shared library inside a build folder."""
    arch = build_dir / platform.machine()
    for name in ("libnrnmech.so", "libnrnmech.dylib", ".libs/libnrnmech.so"):
        if (arch / name).exists():
            return arch / name
    return arch / "libnrnmech.so"


# -- building -------------------------------------------------------------------------------
def _explain_failure(output: str, files: list[Path]) -> str:
    """Name the .mod files that nocmodl or the C++ compiler complained about."""
    stems = {f.stem for f in files}
    culprits = sorted({s for s in stems if re.search(rf"\b{re.escape(s)}\.(mod|cpp|c|o)\b", output)
                       and re.search(rf"{re.escape(s)}\.(mod|cpp)[:\s].*(error|Error)|(error|Error).*{re.escape(s)}\.mod", output)})
    if not culprits:
        culprits = sorted({s for s in stems if f"{s}.mod" in output and "rror" in output})
    return ", ".join(f"{c}.mod" for c in culprits) or "unknown (see the output)"


def build(folder: Path | None = None, *, coreneuron: bool = False, force: bool = False,
          timeout: float = 900, transpiler: str = "nocmodl") -> Path:
    """Compile the ``.mod`` files (default: the package's own) and return the build folder.

    Safe to call concurrently from many processes: one compiles, the others wait on the lock
    and reuse its result.

    Raises
    ------
    CompilerNotFoundError
        nrnivmodl or the C++ compiler is missing.
    MechanismCompileError
        nrnivmodl failed; the message names the .mod file(s) and includes the compiler output.
    CacheError
        The cache folder cannot be created or written (read-only, disk full).
    """
    from filelock import FileLock, Timeout

    check_neuron_version()
    folder = Path(folder) if folder else mod_dir()
    files = mod_files(folder)
    flags = _transpiler_flags(transpiler)
    key = build_key(folder, coreneuron, transpiler)
    root = cache_root()
    final = root / f"{_flavour(coreneuron, transpiler)}-{key}"
    if not force and (final / _OK_MARKER).exists() and library_path(final).exists():
        return final
    try:
        root.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=root, prefix=".write-test-")
        probe.close()
    except OSError as exc:
        raise CacheError(
            f"cannot write the mechanism cache folder {root} ({exc.strerror or exc}); "
            "make it writable or set EI_MODELS_CACHE to a writable folder"
        ) from exc
    nrnivmodl = _nrnivmodl()
    cxx_compiler()
    try:
        with FileLock(str(root / f"{final.name}.lock"), timeout=timeout):
            if not force and (final / _OK_MARKER).exists() and library_path(final).exists():
                return final
            _remove_stale(root, final.name)
            tmp = Path(tempfile.mkdtemp(dir=root, prefix=f".{final.name}-tmp-"))
            try:
                for f in files:
                    shutil.copy2(f, tmp / f.name)
                cmd = [nrnivmodl] + (["-coreneuron"] if coreneuron else []) + flags + ["."]
                proc = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True, timeout=timeout)
                output = proc.stdout + proc.stderr
                if proc.returncode != 0 or not library_path(tmp).exists():
                    if re.search(r"(g\+\+|c\+\+|gcc|clang\+\+).*(not found|No such file)", output):
                        raise CompilerNotFoundError(f"nrnivmodl could not run the C++ compiler:\n{output[-3000:]}")
                    raise MechanismCompileError(
                        f"nrnivmodl failed in {folder} (exit {proc.returncode}); problem in: "
                        f"{_explain_failure(output, files)}\n--- compiler output (last 4000 chars) ---\n{output[-4000:]}"
                    )
                (tmp / "build.log").write_text(output)
                (tmp / _OK_MARKER).write_text(f"{time.time()}\n")
                if final.exists():
                    shutil.rmtree(final)
                os.replace(tmp, final)
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
    except Timeout as exc:
        raise CacheError(f"waited {timeout:.0f} s for another process compiling into {final}") from exc
    except OSError as exc:
        if isinstance(exc, (CacheError, CompilerNotFoundError)):
            raise
        raise CacheError(
            f"could not build into the cache {root}: {exc}. Free space or set EI_MODELS_CACHE to another folder"
        ) from exc
    return final


def prune(max_age_days: float = 30.0, keep: Path | None = None) -> list[Path]:
    """Delete cached builds not used for ``max_age_days`` (0: all but ``keep``); return them.

    A build's last use is the modification time of its ``BUILD_OK`` marker, refreshed by every
    :func:`load`. Each build is removed under its own lock, so a build another process is
    compiling or loading right now is never touched.
    """
    from filelock import FileLock, Timeout

    root = cache_root()
    removed = []
    if not root.exists():
        return removed
    for build_dir in root.iterdir():
        if not build_dir.is_dir() or build_dir.name.startswith(".") or build_dir == keep:
            continue
        marker = build_dir / _OK_MARKER
        age = time.time() - (marker.stat().st_mtime if marker.exists() else build_dir.stat().st_mtime)
        if age < max_age_days * 86400:
            continue
        try:
            with FileLock(str(root / f"{build_dir.name}.lock"), timeout=0):
                shutil.rmtree(build_dir, ignore_errors=True)
            (root / f"{build_dir.name}.lock").unlink(missing_ok=True)
            removed.append(build_dir)
        except Timeout:
            continue
    return removed


def _remove_stale(root: Path, name: str) -> None:
    """Delete temporary build folders left by killed compiles (called under the lock)."""
    for tmp in root.glob(f".{name}-tmp-*"):
        try:
            if time.time() - tmp.stat().st_mtime > _STALE_SECONDS:
                shutil.rmtree(tmp, ignore_errors=True)
        except OSError:
            pass


# -- loading --------------------------------------------------------------------------------
def _touch(build_dir: Path) -> None:
    """Record a use of ``build_dir`` (see :func:`prune`); a read-only cache is fine."""
    try:
        os.utime(build_dir / _OK_MARKER)
    except OSError:
        pass


def loaded_mechanisms() -> set[str]:
    """Names of all mechanisms (density and point processes) the running NEURON knows."""
    from neuron import h

    names = set()
    for kind in (0, 1):
        mt = h.MechanismType(kind)
        sref = h.ref("")
        for i in range(int(mt.count())):
            mt.select(i)
            mt.selected(sref)
            names.add(sref[0])
    return names


def load(*, coreneuron: bool = False, folder: Path | None = None, transpiler: str = "nocmodl") -> Path:
    """Compile if needed and load the mechanisms into the running NEURON; idempotent.

    Returns the build folder. If the mechanisms are already loaded (by an earlier call, or
    because NEURON auto-loaded an ``x86_64/`` folder built from the same files) nothing is loaded
    twice. If only some of the names exist, another library defines them and loading would
    clash: :class:`MechanismLoadError` says which.
    """
    key = _flavour(coreneuron, transpiler)
    if key in _loaded:
        return _loaded[key]
    if _loaded:
        other = next(iter(_loaded))
        raise MechanismLoadError(
            f"the {other} build is already loaded in this process; start a new process to use the {key} build"
        )
    build_dir = build(folder, coreneuron=coreneuron, transpiler=transpiler)
    wanted = mechanism_names(folder)
    present = loaded_mechanisms() & set(wanted)
    _touch(build_dir)
    if present == set(wanted):
        _install_stream_ids()
        _loaded[key] = build_dir
        return build_dir
    if present:
        raise MechanismLoadError(
            f"NEURON already has mechanisms named {', '.join(sorted(present))} from another library; "
            "ei_models cannot load its own. Remove the other library (an x86_64/ folder in the "
            "working directory is auto-loaded by `import neuron`) or rename its mechanisms."
        )
    from neuron import h

    lib = library_path(build_dir)
    if coreneuron:
        # CoreNEURON (embedded mode) loads its own mechanism library; point it at ours.
        core_lib = lib.with_name(lib.name.replace("libnrnmech", "libcorenrnmech"))
        if not core_lib.exists():
            raise MechanismLoadError(f"CoreNEURON library {core_lib} missing from the build; rebuild with force=True")
        os.environ["CORENEURONLIB"] = str(core_lib)
    if not h.nrn_load_dll(str(lib)):
        raise MechanismLoadError(f"NEURON could not load {lib}")
    missing = set(wanted) - loaded_mechanisms()
    if missing:
        raise MechanismLoadError(f"{lib} loaded but lacks {', '.join(sorted(missing))}")
    _install_stream_ids()
    _loaded[key] = build_dir
    return build_dir


_stream_handler = None


def _set_stream_ids() -> None:
    """Copy ``seed``/``stream`` of every instance of a point process with a Random123 stream
    ``rng`` (e.g. ``release``) into the stream's ids ``(seed, stream, 0)``."""
    from neuron import h

    from .. import mechanisms

    for name in mechanisms.names():
        mech = mechanisms.get(name)
        if mech.kind != "point_process" or not {"seed", "stream"} <= set(mech.table.names):
            continue
        for obj in h.List(name):
            rng = getattr(obj, "rng", None)
            if rng is not None:
                rng.set_ids(int(obj.seed), int(obj.stream), 0)


def _install_stream_ids() -> None:
    """Set the Random123 stream ids at every ``finitialize``, before the INITIAL blocks (which
    rewind the streams). The ids are set from Python through the RANDOM variable's API
    (``rng.set_ids``) rather than with ``random_setids`` in INITIAL, which CoreNEURON cannot
    translate; CoreNEURON receives the ids with the model."""
    global _stream_handler
    if _stream_handler is None:
        from neuron import h

        _stream_handler = h.FInitializeHandler(0, _set_stream_ids)


# -- builds for a subset of the mechanisms ---------------------------------------------------
def loaded_build() -> Path | None:
    """The build loaded into this process (any flavour: a CoreNEURON build holds the NEURON
    library too), or ``None`` before the first :func:`load`."""
    return next(iter(_loaded.values()), None)


def subset_folder(names) -> Path:
    """A cache folder holding just the package's ``.mod`` files of ``names`` (compiled once: the
    compile cache is keyed by file contents)."""
    names = sorted(set(names))
    folder = cache_root() / "subset-mod" / "-".join(names)
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        src = mod_dir() / f"{name}.mod"
        if not src.exists():
            raise UnknownNameError(f"no mechanism {name!r} in {mod_dir()}")
        dst = folder / src.name
        if not dst.exists() or dst.read_bytes() != src.read_bytes():
            tmp = folder / f".{src.name}.{os.getpid()}"
            shutil.copyfile(src, tmp)
            os.replace(tmp, dst)
    return folder


def load_coreneuron(fallback=()) -> Path:
    """Load the package's CoreNEURON build; if it cannot be compiled (remembered per content of
    ``mod/``, so it is tried once) and ``fallback`` names mechanisms, load a CoreNEURON build of
    just those (:func:`subset_folder`) instead, with a warning. A mechanism CoreNEURON cannot
    translate elsewhere in ``mod/`` (in NEURON 9.0.2, e.g. NMODL ``RANDOM`` with
    ``random_setids``) then does not stop a model that does not use it."""
    import warnings

    marker = cache_root() / "subset-mod" / f"package-corenrn-{build_key(coreneuron=True)}.failed"
    if not fallback or not marker.exists():
        try:
            return load(coreneuron=True)
        except MechanismCompileError as exc:
            if not fallback:
                raise
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.write_text(str(exc)[-4000:])
            warnings.warn(f"the package's CoreNEURON build failed ({str(exc).splitlines()[0]}); using a CoreNEURON "
                          f"build of {', '.join(sorted(set(fallback)))} only", RuntimeWarning, stacklevel=2)
    return load(coreneuron=True, folder=subset_folder(fallback))
