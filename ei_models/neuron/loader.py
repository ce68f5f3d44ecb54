"""Compile the package's NMODL mechanisms once, cache them, and load them into NEURON.

The cache lives in ``$EI_MODELS_CACHE`` (default ``$XDG_CACHE_HOME/ei_models`` or
``~/.cache/ei_models``), one folder per build keyed by the contents of every ``.mod`` file, the
NEURON version, the machine and the flavour (plain or CoreNEURON). A build happens in a
temporary folder under a file lock and is renamed into place only when ``nrnivmodl`` succeeded
and the library exists, so concurrent first use from many processes compiles once, and a killed
compile never leaves anything that looks like a good build.

Each build's ``BUILD_OK`` manifest records the sha256 of its shared libraries and of its
sources (the content key). :func:`load` verifies the library against it *before* NEURON maps it
(a truncated library would otherwise kill the process with a bus error) and rebuilds a corrupted
build by itself, with a logged warning. Build folders get the usual permissions (``0755`` under
umask 022) so that a cache built by an administrator can be shared read-only.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import numbers
import os
import platform
import re
import shlex
import shutil
import socket
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

from .._resources import mod_dir
from ..errors import (CacheError, CompilerBrokenError, CompilerNotFoundError, MechanismCompileError, MechanismLoadError,
                      ParameterError, SimulatorError, UnknownNameError)

MIN_NEURON = (9, 0)
_OK_MARKER = "BUILD_OK"
_MANIFEST_FORMAT = 3
#: the GLOBALs each compiled mechanism carries its content key in, three 18-bit parts (hoc:
#: ``ekey0_<neuron name>`` ..., e.g. ``h.ekey0_eim_nmda``; nocmodl writes PARAMETER defaults with
#: 6 significant digits, so one 52-bit number would not survive); injected into the copy
#: compiled in the cache, never into the source
KEY_VARIABLE = "ekey"
_KEY_PARTS = 3
_KEY_BITS = 18
#: version of the key injection, part of every build's content key
_KEY_FORMAT = "ekey2"
#: a temporary build folder whose owner cannot be checked (another host, an older ei_models)
#: is taken for dead after this long
_STALE_SECONDS = 3600
#: flavour -> build folder loaded into this process
_loaded: dict[str, Path] = {}
#: flavour -> the shared library NEURON has the mechanisms from
_libraries: dict[str, Path] = {}
log = logging.getLogger("ei_models")


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
    pattern = re.compile(r"\b(?:POINT_PROCESS|SUFFIX|ARTIFICIAL_CELL)\s+(\w+)")
    comments = re.compile(r"^\s*COMMENT\b.*?^\s*ENDCOMMENT\b|:[^\n]*|\?[^\n]*", re.M | re.S)
    return [m for f in mod_files(folder) for m in pattern.findall(comments.sub("", f.read_text()))]


def mod_name(path: Path) -> str | None:
    """The NEURON name one ``.mod`` file declares (``None`` if it declares none)."""
    names = mechanism_names_in(Path(path).read_text())
    return names[0] if names else None


_DECLARATION = re.compile(r"\b(?:POINT_PROCESS|SUFFIX|ARTIFICIAL_CELL)\s+(\w+)")
_COMMENTS = re.compile(r"^\s*COMMENT\b.*?^\s*ENDCOMMENT\b|:[^\n]*|\?[^\n]*", re.M | re.S)


def mechanism_names_in(text: str) -> list[str]:
    return _DECLARATION.findall(_COMMENTS.sub("", text))


def source_key(path: Path) -> int:
    """The content key a mechanism compiled from ``path`` carries: the first 52 bits of the
    sha256 of the file's bytes."""
    return int(hashlib.sha256(Path(path).read_bytes()).hexdigest()[:13], 16)


def inject_key(text: str, key: int, where: str = "") -> str:
    """``text`` (one .mod file) with the GLOBAL :data:`KEY_VARIABLE` set to ``key`` added: a
    ``GLOBAL ekey`` after the mechanism's declaration in the NEURON block and a PARAMETER block
    ``ekey = <key>`` at the end. What NEURON then holds as ``ekey_<name>`` names the source."""
    code = _COMMENTS.sub(lambda m: " " * len(m.group(0)), text)  # same offsets, comments blanked
    if re.search(rf"\b{KEY_VARIABLE}\d?\b", code):
        raise MechanismCompileError(f"{where or 'a .mod file'} already uses the name {KEY_VARIABLE!r}, which "
                                    "ei_models reserves for the content key it compiles into each mechanism; rename it")
    m = _DECLARATION.search(code)
    if m is None:
        return text
    names = [f"{KEY_VARIABLE}{i}" for i in range(_KEY_PARTS)]
    parts = [(key >> (_KEY_BITS * i)) & ((1 << _KEY_BITS) - 1) for i in range(_KEY_PARTS)]
    values = "\n".join(f"    {n} = {v} (1)" for n, v in zip(names, parts))
    return (text[:m.end()] + f"\n    GLOBAL {', '.join(names)} : ei_models content key (injected at build)\n"
            + text[m.end():] + f"\nPARAMETER {{ : ei_models content key\n{values}\n}}\n")


def expected_keys(folder: Path | None = None) -> dict[str, tuple[int, Path]]:
    """NEURON name -> (content key, source file) for the mechanisms of ``folder`` (default: the
    package's): what :func:`verify_loaded` expects NEURON to hold."""
    out = {}
    for f in mod_files(folder):
        for name in mechanism_names_in(f.read_text()):
            out[name] = (source_key(f), f)
    return out


def loaded_key(name: str) -> int | None:
    """The content key mechanism ``name`` carries in the running NEURON (``None``: the library
    it came from was not built by ei_models, e.g. a plain ``nrnivmodl`` of a copy)."""
    from neuron import h

    try:
        parts = [float(getattr(h, f"{KEY_VARIABLE}{i}_{name}")) for i in range(_KEY_PARTS)]
    except (AttributeError, LookupError, NameError, TypeError, ValueError, RuntimeError):
        return None
    return sum(int(v) << (_KEY_BITS * i) for i, v in enumerate(parts))


def _key_owner(key: int) -> str:
    """Where a content key comes from, if some build in the cache knows it (else '')."""
    root = cache_root()
    try:
        manifests = sorted(root.glob(f"*/{_OK_MARKER}"))
    except OSError:
        return ""
    for m in manifests:
        try:
            data = json.loads(m.read_text())
        except (OSError, ValueError):
            continue
        keys = data.get("keys") if isinstance(data, dict) else None  # an older marker holds a bare time stamp
        for name, record in (keys.items() if isinstance(keys, dict) else ()):
            if isinstance(record, dict) and record.get("key") == key:
                return f"{record.get('source', '?')} (built into {m.parent})"
    return ""


def key_mismatches(expected: dict[str, tuple[int, Path]], names=None) -> list[str]:
    """One line per mechanism of ``expected`` (or of ``names`` among them) whose loaded content
    key differs from the one expected: names both keys and sources."""
    lines = []
    for name in sorted(names if names is not None else expected):
        want, src = expected[name]
        found = loaded_key(name)
        if found == want:
            continue
        if found is None:
            what = "no content key (not built by ei_models: a plain nrnivmodl build, e.g. of an edited copy)"
        else:
            owner = _key_owner(found)
            what = f"content key {found}" + (f", from {owner}" if owner else " (a different source file)")
        lines.append(f"{name}: expected content key {want} (from {src}), found {what}")
    return lines


def verify_loaded(folder: Path | None = None) -> None:
    """Raise :class:`MechanismLoadError` unless every mechanism of ``folder`` (default: the
    package's) that the running NEURON has carries the content key of its source, whichever
    library it was loaded from."""
    expected = expected_keys(folder)
    present = loaded_mechanisms() & set(expected)
    bad = key_mismatches(expected, present)
    if bad:
        where = library_defining(sorted(present))
        raise MechanismLoadError(_mismatch_message(bad, where, None))


def _mismatch_message(bad: list[str], where, ours) -> str:
    lib = str(where) if where is not None else "another library (its path could not be found)"
    return (f"NEURON has ei_models mechanism names from {lib}, which is not a build of the package's sources"
            + (f" (ours: {ours})" if ours else "") + ":\n  " + "\n  ".join(bad) + "\n"
            "ei_models will not run a library it did not build from these sources under their names (an edited or "
            "stale copy would give silently different results). Remove that library (an x86_64/ folder in the "
            "working directory is auto-loaded by `import neuron`: delete it or start Python elsewhere) and start "
            "a new process.")


def library_names(path: Path) -> list[str]:
    """The mechanism names a NEURON mechanism library registers (its ``_<name>_reg`` symbols),
    read from the file without loading it."""
    data = Path(path).read_bytes()
    # nocmodl registers each mechanism with the help string "help ?1 <name> <file>"
    return sorted({m.decode() for m in re.findall(rb"help \?1 (\w+) ", data)})


def load_library(path) -> Path:
    """Load a user's mechanism library (``libnrnmech.so``, or a folder holding ``x86_64/``)
    into NEURON after checking that none of its mechanism names is loaded already; use it in
    place of ``neuron.load_mechanisms``/``h.nrn_load_dll`` after ei_models' mechanisms are in,
    to get a clear :class:`MechanismLoadError` instead of NEURON's "The user defined name
    already exists". Returns the library's path."""
    from neuron import h

    path = Path(path)
    if path.is_dir():
        lib = library_path(path)
        path = lib if lib.exists() else path / "libnrnmech.so"
    if not path.exists():
        raise MechanismLoadError(f"no mechanism library at {path}; compile the folder with nrnivmodl "
                                 "(or `ei-models build --with FOLDER`) first")
    clash = sorted(set(library_names(path)) & loaded_mechanisms())
    if clash:
        mine = set(mechanism_names())
        ours = [n for n in clash if n in mine]
        where = library_defining(clash)
        raise MechanismLoadError(
            f"{path} defines mechanisms NEURON already has: {', '.join(clash)}"
            f" (loaded from {where or 'another library'}{'; ei_models names' if ours else ''}). NEURON cannot load "
            "two mechanisms of one name: rename those in your mod files, or compile your folder together with "
            "ei_models' (`ei-models build --with FOLDER`) and load that one library instead")
    if not h.nrn_load_dll(str(path)):
        raise MechanismLoadError(f"NEURON could not load {path}")
    return path


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


def content_key(folder: Path | None = None, coreneuron: bool = False, transpiler: str = "nocmodl",
                with_dir: Path | None = None) -> str:
    """sha256 (hex) of every ``.mod`` file (name and bytes), the NEURON version, the machine and
    the flavour: what a build is made from; with ``with_dir``, of a user's folder's files too."""
    h = hashlib.sha256()
    for f in mod_files(folder):
        h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    if with_dir is not None:
        h.update(b"--with--\0")
        for f in mod_files(with_dir):
            h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    h.update(f"{neuron_version()}|{platform.machine()}|{_flavour(coreneuron, transpiler)}|{_KEY_FORMAT}".encode())
    return h.hexdigest()


def build_key(folder: Path | None = None, coreneuron: bool = False, transpiler: str = "nocmodl",
              with_dir: Path | None = None) -> str:
    """The short content key naming a build folder (first 16 hex digits of :func:`content_key`)."""
    return content_key(folder, coreneuron, transpiler, with_dir)[:16]


def _build_name(coreneuron: bool, transpiler: str, key: str, with_dir) -> str:
    return f"{_flavour(coreneuron, transpiler)}-{'with-' if with_dir is not None else ''}{key[:16]}"


def build_dir_for(folder: Path | None = None, coreneuron: bool = False, transpiler: str = "nocmodl",
                  with_dir: Path | None = None) -> Path:
    """The cache folder a build of ``folder`` (default: the package's ``.mod`` files) goes to."""
    return cache_root() / _build_name(coreneuron, transpiler, content_key(folder, coreneuron, transpiler, with_dir),
                                      with_dir)


def combined_sources(folder: Path | None = None, with_dir: Path | None = None) -> list[tuple[str, Path, bool]]:
    """What a build compiles: ``(file name in the build folder, source, inject the content key)``.

    Alone, the ``.mod`` files of ``folder`` (default: the package's) under their names. With a
    user's ``with_dir`` (``ei-models build --with``), ours are named ``eim_<stem>.mod`` (so that a
    user's ``nmda.mod`` can sit beside them) and theirs are compiled as they are. A clash is
    reported before anything compiles: a mechanism name or a file name both sides use.
    """
    ours = mod_files(folder)
    if with_dir is None:
        return [(f.name, f, True) for f in ours]
    with_dir = Path(with_dir)
    if not with_dir.is_dir():
        raise MechanismCompileError(f"build --with {with_dir}: no such folder")
    theirs = mod_files(with_dir)
    our_names = {n: f for f in ours for n in mechanism_names_in(f.read_text())}
    out = [(f"eim_{f.stem}.mod" if not f.stem.startswith("eim_") else f.name, f, True) for f in ours]
    taken = {name for name, _, _ in out}
    problems = []
    for f in theirs:
        for n in mechanism_names_in(f.read_text()):
            if n in our_names:
                problems.append(f"{f} declares {n}, which ei_models' {our_names[n].name} declares")
        if f.name in taken:
            problems.append(f"{f} has the file name {f.name} of an ei_models file in the combined build")
    if problems:
        raise MechanismCompileError(
            "build --with: name clash between your mod files and ei_models':\n  " + "\n  ".join(problems) +
            "\nNEURON cannot load two mechanisms of one name: rename yours (the POINT_PROCESS/SUFFIX line and "
            "the file); ei_models' names all start with eim_")
    return out + [(f.name, f, False) for f in theirs]


def library_path(build_dir: Path) -> Path:
    """The ``libnrnmech`` shared library inside a build folder."""
    arch = build_dir / platform.machine()
    for name in ("libnrnmech.so", "libnrnmech.dylib", ".libs/libnrnmech.so"):
        if (arch / name).exists():
            return arch / name
    return arch / "libnrnmech.so"


# -- verifying ------------------------------------------------------------------------------
def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _libraries_in(build_dir: Path) -> list[Path]:
    """The shared libraries a build made (``libnrnmech``, CoreNEURON's ``libcorenrnmech`` ...)."""
    arch = build_dir / platform.machine()
    found = {}
    for pattern in ("*.so", "*.dylib", ".libs/*.so"):
        for p in sorted(arch.glob(pattern)):
            if p.is_file() and not p.is_symlink():
                found.setdefault(p.resolve(), p)
    return sorted(found.values())


def _write_manifest(build_dir: Path, key: str, sources, flavour: str) -> None:
    files = [src for _, src, _ in sources]
    libraries = {str(p.relative_to(build_dir)): {"sha256": _sha256(p), "size": p.stat().st_size}
                 for p in _libraries_in(build_dir)}
    manifest = {
        "format": _MANIFEST_FORMAT,
        "content_key": key,
        "flavour": flavour,
        "neuron": neuron_version(),
        "machine": platform.machine(),
        "sources": {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in files},
        "keys": {n: {"key": source_key(f), "source": str(f)} for _, f, inject in sources if inject
                 for n in mechanism_names_in(f.read_text())},
        "libraries": libraries,
        "built": time.time(),
    }
    (build_dir / _OK_MARKER).write_text(json.dumps(manifest, indent=1) + "\n")


def manifest(build_dir: Path) -> dict:
    """The ``BUILD_OK`` manifest of a build (content key, sources' and libraries' sha256)."""
    return json.loads((Path(build_dir) / _OK_MARKER).read_text())


def verify(build_dir: Path) -> str | None:
    """``None`` if the build in ``build_dir`` is intact, else what is wrong with it.

    Intact means: a ``BUILD_OK`` manifest of this format whose content key is the folder's, and
    every shared library it lists present with the recorded size and sha256.
    """
    build_dir = Path(build_dir)
    try:
        data = manifest(build_dir)
        key, libraries = data["content_key"], data["libraries"]
        if not isinstance(libraries, dict) or not libraries:
            raise TypeError
    except FileNotFoundError:
        return "it has no BUILD_OK manifest (an unfinished or foreign folder)"
    except (ValueError, KeyError, TypeError):
        return "its BUILD_OK manifest records no hashes (made by an older ei_models, or damaged)"
    except OSError as exc:
        return f"its BUILD_OK manifest cannot be read ({exc.strerror or exc})"
    if not build_dir.name.endswith(f"-{str(key)[:16]}"):
        return f"its manifest's content key {str(key)[:16]} is not the folder's"
    rel_lib = str(library_path(build_dir).relative_to(build_dir))
    if rel_lib not in libraries:
        return f"{rel_lib} is not among the libraries its manifest records"
    for rel, record in libraries.items():
        path = build_dir / rel
        try:
            size = path.stat().st_size
        except OSError:
            return f"{rel} is missing"
        if size != record.get("size"):
            return f"{rel} is {size} bytes, {record.get('size')} were built (truncated or replaced)"
        try:
            digest = _sha256(path)
        except OSError as exc:
            return f"{rel} cannot be read ({exc.strerror or exc})"
        if digest != record.get("sha256"):
            return f"{rel} does not match the sha256 recorded when it was built (corrupted)"
    return None


# -- building -------------------------------------------------------------------------------
def _explain_failure(output: str, files: list[Path]) -> str:
    """Name the .mod files that nocmodl or the C++ compiler complained about."""
    stems = {f.stem for f in files}
    culprits = sorted({s for s in stems if re.search(rf"\b{re.escape(s)}\.(mod|cpp|c|o)\b", output)
                       and re.search(rf"{re.escape(s)}\.(mod|cpp)[:\s].*(error|Error)|(error|Error).*{re.escape(s)}\.mod", output)})
    if not culprits:
        culprits = sorted({s for s in stems if f"{s}.mod" in output and "rror" in output})
    return ", ".join(f"{c}.mod" for c in culprits) or "unknown (see the output)"


def _host() -> str:
    return re.sub(r"[^A-Za-z0-9.]", "_", socket.gethostname()) or "host"


def _owner() -> str:
    """``pid@host`` of this process, put into the names of its temporary folders."""
    return f"{os.getpid()}@{_host()}"


_OWNED = re.compile(r"-(?:tmp|trash)-(\d+)@([A-Za-z0-9._]*)-")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    except OSError:
        return True
    return True


def _remove_stale(root: Path, name: str | None = None) -> None:
    """Delete temporary (and discarded) build folders whose owner is gone.

    A folder made by a process of this host whose pid no longer runs goes at once; one from
    another host sharing the cache, or from an older ei_models (no owner in its name), once it
    is :data:`_STALE_SECONDS` old. ``name`` is accepted for compatibility; every key is swept.
    """
    try:
        entries = [p for p in root.iterdir() if p.name.startswith(".") and ("-tmp-" in p.name or "-trash-" in p.name)]
    except OSError:
        return
    host = _host()
    for tmp in entries:
        try:
            m = _OWNED.search(tmp.name)
            if m and m.group(2) == host:
                dead = int(m.group(1)) != os.getpid() and not _pid_alive(int(m.group(1)))
            else:
                dead = time.time() - tmp.stat().st_mtime > _STALE_SECONDS
            if dead:
                shutil.rmtree(tmp, ignore_errors=True) if tmp.is_dir() else tmp.unlink(missing_ok=True)
        except OSError:
            pass


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _share(folder: Path) -> None:
    """Give a finished build folder the usual permissions (mkdtemp makes it 0700): readable by
    others as far as the umask allows, so an administrator's cache can be shared."""
    os.chmod(folder, 0o777 & ~_umask())


_PROBE_MOD = "NEURON { SUFFIX ei_models_toolchain_probe }\nPARAMETER { a = 1 (1) }\n"


def _toolchain_failure(nrnivmodl: str, flags: list[str], root: Path, timeout: float) -> str | None:
    """Compile a trivial mechanism the same way; its output if that fails too (``None`` if it works)."""
    probe = Path(tempfile.mkdtemp(dir=root, prefix=f".probe-tmp-{_owner()}-"))
    try:
        (probe / "ei_models_toolchain_probe.mod").write_text(_PROBE_MOD)
        proc = subprocess.run([nrnivmodl, *flags, "."], cwd=probe, capture_output=True, text=True, timeout=timeout)
        if proc.returncode == 0 and library_path(probe).exists():
            return None
        return proc.stdout + proc.stderr
    except (OSError, subprocess.SubprocessError) as exc:
        return str(exc)
    finally:
        shutil.rmtree(probe, ignore_errors=True)


def _copy_source(src: Path, dst: Path, inject: bool) -> None:
    """Put one source into a build folder: with its content key injected (ours), or as it is."""
    if inject:
        with open(dst, "w") as f:
            f.write(inject_key(src.read_text(), source_key(src), str(src)))
    else:
        shutil.copy2(src, dst)


def build(folder: Path | None = None, *, coreneuron: bool = False, force: bool = False,
          timeout: float = 900, transpiler: str = "nocmodl", with_dir: Path | None = None) -> Path:
    """Compile the ``.mod`` files (default: the package's own) and return the build folder.

    ``with_dir``: a user's mod folder compiled together with ours into one library (the usual
    NEURON practice of one ``libnrnmech`` per model), cached by the content of both; load it
    with ``neuron.load_mechanisms(folder)`` or ``nrniv -dll LIB``, then ``ei_models.neuron``
    accepts the mechanisms it finds (each carries the content key of its source). Clashing
    names are reported before compiling (:func:`combined_sources`).

    Safe to call concurrently from many processes: one compiles, the others wait on the lock
    and reuse its result. A cached build is used only if :func:`verify` finds it intact; a
    corrupted one (truncated or altered library, damaged manifest) is rebuilt, with a warning
    on the ``ei_models`` logger.

    Raises
    ------
    CompilerNotFoundError
        nrnivmodl or the C++ compiler is missing (:class:`CompilerBrokenError`: present but
        unable to compile even a trivial mechanism).
    MechanismCompileError
        nrnivmodl failed; the message names the .mod file(s) and includes the compiler output.
    CacheError
        The cache folder cannot be created or written (read-only, disk full).
    """
    from filelock import FileLock, Timeout

    check_neuron_version()
    folder = Path(folder) if folder else mod_dir()
    sources = combined_sources(folder, with_dir)
    files = [src for _, src, _ in sources]
    flags = _transpiler_flags(transpiler)
    key = content_key(folder, coreneuron, transpiler, with_dir)
    flavour = _flavour(coreneuron, transpiler)
    root = cache_root()
    final = root / _build_name(coreneuron, transpiler, key, with_dir)
    if not force and final.exists() and verify(final) is None:
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
    cmd = [nrnivmodl] + (["-coreneuron"] if coreneuron else []) + flags + ["."]
    try:
        with FileLock(str(root / f"{final.name}.lock"), timeout=timeout):
            if not force and final.exists():
                problem = verify(final)
                if problem is None:
                    return final
                log.warning("ei_models: the cached build %s is unusable: %s; rebuilding it", final, problem)
            _remove_stale(root)
            tmp = Path(tempfile.mkdtemp(dir=root, prefix=f".{final.name}-tmp-{_owner()}-"))
            try:
                for name, f, inject in sources:
                    _copy_source(f, tmp / name, inject)
                proc = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True, timeout=timeout)
                output = proc.stdout + proc.stderr
                if proc.returncode != 0 or not library_path(tmp).exists():
                    if re.search(r"(g\+\+|c\+\+|gcc|clang\+\+).*(not found|No such file)", output):
                        raise CompilerNotFoundError(f"nrnivmodl could not run the C++ compiler:\n{output[-3000:]}")
                    trivial = _toolchain_failure(nrnivmodl, cmd[1:-1], root, timeout)
                    if trivial is not None:
                        cxx = os.environ.get("CXX")
                        raise CompilerBrokenError(
                            f"the C++ compiler is broken: nrnivmodl cannot compile even a trivial one-line "
                            f"mechanism (compiler: {'$CXX=' + cxx if cxx else 'the one NEURON was configured with'}), "
                            f"so the .mod files are not at fault. Repair or reinstall the compiler, or point $CXX "
                            f"at a working one.\n--- output of the trivial compile (last 3000 chars) ---\n{trivial[-3000:]}"
                        )
                    raise MechanismCompileError(
                        f"nrnivmodl failed in {folder} (exit {proc.returncode}); problem in: "
                        f"{_explain_failure(output, files)}\n--- compiler output (last 4000 chars) ---\n{output[-4000:]}"
                    )
                (tmp / "build.log").write_text(output)
                _write_manifest(tmp, key, sources, flavour)
                _share(tmp)
                trash = None
                if final.exists():
                    trash = root / f".{final.name}-trash-{_owner()}-{os.urandom(4).hex()}"
                    os.replace(final, trash)
                os.replace(tmp, final)
                if trash is not None:
                    shutil.rmtree(trash, ignore_errors=True)
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


def builds_in_use() -> set[Path]:
    """Cache folders in use: loaded in this process, the builds of the installed package's
    ``.mod`` files (every flavour), and any whose library a running process has mapped."""
    root = cache_root()
    used = {p.resolve() for p in _loaded.values()}
    for coreneuron in (False, True):
        for transpiler in TRANSPILERS:
            try:
                used.add(build_dir_for(None, coreneuron, transpiler).resolve())
            except Exception:  # no NEURON or no .mod files: nothing of ours can be in use
                pass
    try:
        root_text = str(root.resolve()) + os.sep
        for maps in Path("/proc").glob("[0-9]*/maps"):
            try:
                text = maps.read_text()
            except OSError:
                continue
            for line in text.splitlines():
                path = line.split(maxsplit=5)[-1] if line.count(" ") >= 5 else ""
                if path.startswith(root_text):
                    name = path[len(root_text):].split(os.sep, 1)[0]
                    used.add(root.resolve() / name)
    except OSError:
        pass
    return used


def prune(max_age_days: float = 30.0, keep: Path | None = None) -> list[Path]:
    """Delete cached builds not used for ``max_age_days`` (0: all not in use); return them.

    A build's last use is the modification time of its ``BUILD_OK`` marker, refreshed by every
    :func:`load`. Never removed: ``keep``, any build in :func:`builds_in_use` (this process's,
    the installed package's, any a running process has mapped), and a build another process is
    compiling or loading right now (each is removed under its own lock). Temporary folders of
    dead builds go too.

    Raises
    ------
    ParameterError
        ``max_age_days`` is negative, NaN or not a number.
    """
    from filelock import FileLock, Timeout

    if isinstance(max_age_days, bool) or not isinstance(max_age_days, numbers.Real) or not max_age_days >= 0:
        raise ParameterError(f"prune: the age must be a number of days >= 0 (0: all builds not in use), got {max_age_days!r}")
    root = cache_root()
    removed = []
    if not root.exists():
        return removed
    _remove_stale(root)
    protected = builds_in_use() | ({Path(keep).resolve()} if keep is not None else set())
    for build_dir in sorted(root.iterdir()):
        if not build_dir.is_dir() or build_dir.name.startswith(".") or build_dir.resolve() in protected:
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


def library_defining(names) -> Path | None:
    """The shared library mapped into this process that registers any of the mechanisms
    ``names`` (see :func:`library_names`), or ``None`` if it cannot be found (Linux: from
    ``/proc/self/maps``)."""
    try:
        maps = Path("/proc/self/maps").read_text()
    except OSError:
        return None
    paths = []
    for line in maps.splitlines():
        parts = line.split(maxsplit=5)
        if len(parts) == 6 and (".so" in parts[5] or parts[5].endswith(".dylib")) and parts[5] not in paths:
            paths.append(parts[5])
    paths.sort(key=lambda p: "nrnmech" not in p)
    wanted = set(names)
    for path in paths:
        try:
            if wanted & set(library_names(Path(path))):
                return Path(path)
        except OSError:
            continue
    return None

def library_in_use(*, coreneuron: bool = False, transpiler: str = "nocmodl") -> Path | None:
    """The shared library NEURON has the ei_models mechanisms from (``None`` before :func:`load`)."""
    return _libraries.get(_flavour(coreneuron, transpiler))


def load(*, coreneuron: bool = False, folder: Path | None = None, transpiler: str = "nocmodl") -> Path:
    """Compile if needed, verify and load the mechanisms into the running NEURON; idempotent.

    Returns the folder of the build in use; :func:`library_in_use` gives the library NEURON
    has the mechanisms from (also logged at INFO level on the ``ei_models`` logger). The
    library is checked against the sha256 recorded at build before NEURON maps it (a corrupted
    build is rebuilt first), and after loading every mechanism must carry the content key of
    its source (:func:`source_key`, compiled into each mechanism as ``ekey0..2_<name>``).

    NEURON cannot unload a library, so:

    * a second call for a different build (another ``folder`` with other contents, another
      flavour) raises :class:`MechanismLoadError` naming both;
    * if NEURON already has the mechanism names from some other library (an ``x86_64/`` folder
      in the working directory is auto-loaded by ``import neuron``; an edited copy of our
      ``.mod`` files would run under the package's names), each must carry the content key of
      our source, whichever library it came from (a build of the same files elsewhere, e.g.
      ``ei-models build --with``, is accepted and reported); otherwise
      :class:`MechanismLoadError` names, per mechanism, the expected key and source and the key
      found (or none), and the library. Nothing is compiled before that check.
    """
    key = _flavour(coreneuron, transpiler)
    if key in _loaded and _loaded_from.get(key) == (Path(folder).resolve() if folder else None):
        return _loaded[key]
    if key in _loaded or _loaded:
        wanted_dir = build_dir_for(folder, coreneuron, transpiler)
        if key in _loaded and _loaded[key] == wanted_dir:  # the same sources from another folder
            return _loaded[key]
        other = next(iter(_loaded))
        raise MechanismLoadError(
            f"the build {_loaded[other]} is already loaded in this process and NEURON cannot unload it; "
            f"the build {wanted_dir} ({key}{', from ' + str(folder) if folder else ''}) cannot be loaded beside it. "
            "Start a new process to use it"
        )
    wanted = mechanism_names(folder)
    present = loaded_mechanisms() & set(wanted)
    if present:
        # some library has (some of) the names already: accepted only if it carries, for every
        # one, the content key of our source (a build of the same files, wherever it lives)
        expected = expected_keys(folder)
        other = library_defining(sorted(present))
        bad = key_mismatches(expected, present)
        if bad:
            raise MechanismLoadError(_mismatch_message(bad, other, library_path(build_dir_for(folder, coreneuron, transpiler))))
        if present == set(wanted) and other is not None and not coreneuron:
            return _register(key, folder, _folder_of(other), other)
        where = str(other) if other is not None else "another library (its path could not be found)"
        raise MechanismLoadError(
            f"NEURON already has mechanisms named {', '.join(sorted(present))} from {where}; "
            f"ei_models cannot load its own beside them. Remove the other library (an x86_64/ folder "
            "in the working directory is auto-loaded by `import neuron`) or rename its mechanisms."
        )
    build_dir = build(folder, coreneuron=coreneuron, transpiler=transpiler)
    lib = library_path(build_dir)
    _touch(build_dir)
    from neuron import h

    problem = verify(build_dir)
    if problem is not None:  # changed since build() checked it: rebuild once more
        log.warning("ei_models: the build %s became unusable (%s); rebuilding it", build_dir, problem)
        build_dir = build(folder, coreneuron=coreneuron, transpiler=transpiler, force=True)
        problem = verify(build_dir)
        if problem is not None:
            raise MechanismLoadError(f"the build {build_dir} cannot be verified ({problem}); not loading it")
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
    bad = key_mismatches(expected_keys(folder))
    if bad:
        raise MechanismLoadError(_mismatch_message(bad, lib, None))
    return _register(key, folder, build_dir, lib)


def _folder_of(lib: Path) -> Path:
    """The build folder of a library (the folder holding its ``x86_64/`` or ``.libs``)."""
    lib = Path(lib)
    up = lib.parent.parent if lib.parent.name == ".libs" else lib.parent
    return up.parent if up.name == platform.machine() else up


#: flavour -> the folder argument of the load that is in effect (None: the package's files)
_loaded_from: dict[str, Path | None] = {}


def _register(key: str, folder, build_dir: Path, lib: Path) -> Path:
    _install_stream_ids()
    from .. import mechanisms

    for mech in map(mechanisms.get, mechanisms.names()):
        if mech.hoc_guard is not None:  # a .mod that cannot carry the C guard (Mechanism.hoc_guard)
            mech.hoc_guard()
    _loaded[key] = build_dir
    _loaded_from[key] = Path(folder).resolve() if folder else None
    _libraries[key] = Path(lib)
    log.info("ei_models: mechanisms loaded from %s (content keys verified)", lib)
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
        for obj in h.List(mech.neuron_name):
            rng = getattr(obj, "rng", None)
            if rng is not None and all(_stream_id(getattr(obj, k)) for k in ("seed", "stream")):
                # an id outside [0, 2**32) or not whole is left to the INITIAL guard, which
                # stops finitialize naming it (an exception here would hide that message)
                rng.set_ids(int(obj.seed), int(obj.stream), 0)


def _stream_id(x: float) -> bool:
    return math.isfinite(x) and 0 <= x <= 4294967295 and x == int(x)


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
