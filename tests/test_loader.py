"""The compile-and-load path: caching, idempotence, concurrency, and clear errors."""

import hashlib
import os
import shutil
import stat
import subprocess
import sys
import textwrap
import time

import pytest
from pathlib import Path

from ei_models.neuron import loader
from ei_models.errors import (CacheError, CompilerBrokenError, CompilerNotFoundError, MechanismCompileError,
                              MechanismLoadError, ParameterError, SimulatorError)

GOOD = """\
NEURON { SUFFIX eitestgood }
PARAMETER { a = 1 (1) }
"""
BROKEN = """\
NEURON { SUFFIX eitestbroken }
PARAMETER { a = 1 (1) }
BREAKPOINT { a = }
"""


@pytest.mark.neuron
def test_load_is_idempotent_and_cached(nrn):
    first = loader.load()
    t0 = time.perf_counter()
    second = loader.load()
    assert second == first and time.perf_counter() - t0 < 0.05
    assert set(loader.mechanism_names()) <= loader.loaded_mechanisms()
    assert (first / "BUILD_OK").exists() and loader.library_path(first).exists()


@pytest.mark.neuron
def test_cache_key_depends_on_contents(tmp_path):
    (tmp_path / "a.mod").write_text(GOOD)
    k1 = loader.build_key(tmp_path)
    (tmp_path / "a.mod").write_text(GOOD + "\n: changed\n")
    assert loader.build_key(tmp_path) != k1
    assert loader.build_key(tmp_path, coreneuron=True) != loader.build_key(tmp_path)


@pytest.mark.neuron
def _compile_concurrently(cache, code, args, cwd):
    """Eight processes run ``code`` (compile and load into the empty ``cache``) at the same time:
    all succeed, all get the same folder, and only one build happened."""
    env = dict(os.environ, EI_MODELS_CACHE=str(cache))
    procs = [subprocess.Popen([sys.executable, "-c", code, *map(str, args)], env=env, cwd=cwd, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(8)]
    outs = [p.communicate(timeout=900) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err
    dirs = {out.strip().splitlines()[-1] for out, _ in outs}
    assert len(dirs) == 1
    builds = [d for d in cache.iterdir() if d.is_dir() and not d.name.startswith(".")]
    assert len(builds) == 1 and not list(cache.glob(".*-tmp-*"))


def test_concurrent_first_compile_shares_one_build(tmp_path):
    """Eight processes compile and load one folder of mechanisms into an empty cache at the same
    time (the lock and the build are the package's; the folder is a small one, so the default
    run does not compile the whole library again: the slow test below does)."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "eitestgood.mod").write_text(GOOD)
    code = textwrap.dedent("""
        import sys, pathlib
        from ei_models.neuron import loader
        d = loader.load(folder=pathlib.Path(sys.argv[1]))
        from neuron import h
        s = h.Section(); s.insert("eitestgood")
        print(d)
    """)
    _compile_concurrently(tmp_path / "cache", code, [src], tmp_path)


@pytest.mark.slow
def test_concurrent_first_compile_of_the_package_shares_one_build(tmp_path):
    """The same with the package's own mechanisms (a full compile, ~1-4 min)."""
    code = textwrap.dedent("""
        from ei_models.neuron import loader
        d = loader.load()
        from neuron import h
        s = h.Section(); syn = h.eim_nmda(s(0.5))
        print(d)
    """)
    _compile_concurrently(tmp_path / "cache", code, [], tmp_path)


@pytest.mark.neuron
def test_broken_mod_names_the_file(tmp_path, tmp_cache):
    src = tmp_path / "src"
    src.mkdir()
    (src / "eitestgood.mod").write_text(GOOD)
    (src / "eitestbroken.mod").write_text(BROKEN)
    with pytest.raises(MechanismCompileError) as info:
        loader.build(src)
    msg = str(info.value)
    assert "eitestbroken.mod" in msg.split("---")[0], msg[:500]
    assert "compiler output" in msg
    # nothing that looks like a good build is left behind
    assert not [d for d in tmp_cache.iterdir() if d.is_dir() and not d.name.startswith(".")]
    assert not list(tmp_cache.glob(".*-tmp-*"))


@pytest.mark.neuron
def test_missing_compiler_is_reported(tmp_path, tmp_cache, monkeypatch):
    (tmp_path / "eitestgood.mod").write_text(GOOD)
    monkeypatch.setenv("CXX", "/nonexistent/bin/g++")
    with pytest.raises(CompilerNotFoundError, match="no C\\+\\+ compiler"):
        loader.build(tmp_path)


@pytest.mark.neuron
@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only folders")
def test_read_only_cache_is_reported_nonroot(tmp_path, monkeypatch):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(stat.S_IRUSR | stat.S_IXUSR)
    monkeypatch.setenv("EI_MODELS_CACHE", str(ro / "cache"))
    with pytest.raises(CacheError, match="EI_MODELS_CACHE"):
        loader.build()


@pytest.mark.neuron
def test_unwritable_cache_is_reported(tmp_path, monkeypatch):
    """A cache path that cannot be a folder (a file is in the way) gives a CacheError naming the fix."""
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("EI_MODELS_CACHE", str(blocker / "cache"))
    with pytest.raises(CacheError, match="EI_MODELS_CACHE"):
        loader.build()


@pytest.mark.analytic
def test_old_neuron_is_refused():
    with pytest.raises(SimulatorError, match="too old"):
        loader.check_neuron_version("8.2.4")
    loader.check_neuron_version("9.0.2")


@pytest.mark.neuron
def test_killed_compile_leaves_no_good_build(tmp_path, tmp_cache):
    """A compile killed mid-way leaves only a hidden temporary folder, which a later build
    ignores, removes at once (its owner pid is gone) and replaces by a complete build."""
    (tmp_path / "eitestgood.mod").write_text(GOOD)
    code = "from ei_models.neuron import loader; import pathlib; loader.build(pathlib.Path(%r))" % str(tmp_path)
    env = dict(os.environ, EI_MODELS_CACHE=str(tmp_cache))
    proc = subprocess.Popen([sys.executable, "-c", code], env=env, start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline and not list(tmp_cache.glob(".*-tmp-*/*.mod")):
        time.sleep(0.05)
    os.killpg(proc.pid, 9)
    proc.wait()
    assert not [d for d in tmp_cache.glob("nrn-*") if d.is_dir()], "killed build must not look finished"
    assert list(tmp_cache.glob(".*-tmp-*"))
    good = loader.build(tmp_path)
    assert (good / "BUILD_OK").exists() and loader.library_path(good).exists()
    assert not list(tmp_cache.glob(".*-tmp-*")), "the dead build's temporary folder goes at once, not after an hour"


@pytest.mark.neuron
def test_read_only_cache_is_reported(tmp_path, tmp_cache, monkeypatch):
    """As root nothing is read-only, so the permission error is injected where the loader probes."""
    import errno

    (tmp_path / "eitestgood.mod").write_text(GOOD)

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(loader.tempfile, "NamedTemporaryFile", denied)
    with pytest.raises(CacheError, match="cannot write the mechanism cache folder.*Permission denied"):
        loader.build(tmp_path)


@pytest.mark.neuron
def test_full_disk_leaves_no_partial_build(tmp_path, tmp_cache, monkeypatch):
    import errno

    (tmp_path / "eitestgood.mod").write_text(GOOD)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(loader.shutil, "copy2", full)
    monkeypatch.setattr(loader, "open", full, raising=False)  # the key-injected copies are written with open()
    with pytest.raises(CacheError, match="No space left"):
        loader.build(tmp_path)
    assert not [p for p in tmp_cache.iterdir() if p.is_dir()]


@pytest.mark.neuron
def test_prune_removes_only_unused_builds(tmp_path, tmp_cache):
    (tmp_path / "eitestgood.mod").write_text(GOOD)
    old = loader.build(tmp_path)
    (tmp_path / "eitestgood.mod").write_text(GOOD + ": v2\n")
    new = loader.build(tmp_path)
    past = time.time() - 40 * 86400
    os.utime(old / "BUILD_OK", (past, past))
    assert loader.prune(30) == [old]
    assert new.exists() and not old.exists()


# -- issue 18: a cache that verifies its builds and heals itself ---------------------------------
_LOAD_GOOD = """
import sys, pathlib, logging
logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
from ei_models.neuron import loader
d = loader.load(folder=pathlib.Path(sys.argv[1]))
from neuron import h
s = h.Section(); s.insert("eitestgood")
print("LOADED", d, loader.library_in_use())
"""


def _run(code, *args, cache, cwd):
    env = dict(os.environ, EI_MODELS_CACHE=str(cache))
    return subprocess.run([sys.executable, "-c", code, *map(str, args)], env=env, cwd=cwd, capture_output=True,
                          text=True, timeout=600)


@pytest.fixture
def good_src(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "eitestgood.mod").write_text(GOOD)
    return src


@pytest.mark.neuron
@pytest.mark.parametrize("damage", ["truncate", "garble", "manifest", "old_marker"])
def test_corrupted_build_is_rebuilt_not_crashed(tmp_path, tmp_cache, good_src, damage):
    """Before: a library truncated to half killed the process (bus error) or failed every later
    run; the build was trusted on its marker file alone. Now the sha256 recorded at build is
    checked before NEURON maps the library, and a damaged build is rebuilt with a warning."""
    built = loader.build(good_src)
    lib = loader.library_path(built)
    data = lib.read_bytes()
    recorded = loader.manifest(built)["libraries"][str(lib.relative_to(built))]
    assert recorded["sha256"] == hashlib.sha256(data).hexdigest() and recorded["size"] == len(data)
    assert loader.manifest(built)["content_key"].startswith(built.name.split("-")[-1])
    if damage == "truncate":
        lib.write_bytes(data[: len(data) // 2])
    elif damage == "garble":
        lib.write_bytes(data[:4096] + bytes(255 - b for b in data[4096:8192]) + data[8192:])
    elif damage == "manifest":
        (built / "BUILD_OK").write_text("{not json")
    else:
        (built / "BUILD_OK").write_text(f"{time.time()}\n")  # an older ei_models' marker
    assert loader.verify(built) is not None
    out = _run(_LOAD_GOOD, good_src, cache=tmp_cache, cwd=tmp_path)
    assert out.returncode == 0, out.stderr[-3000:]
    assert "LOADED" in out.stdout and "unusable" in out.stderr and "rebuilding" in out.stderr
    assert f"mechanisms loaded from {lib}" in out.stderr
    assert loader.verify(built) is None and lib.read_bytes() != data[: len(data) // 2]


@pytest.mark.neuron
def test_dead_builders_temporary_folders_removed_at_once(tmp_path, tmp_cache, good_src):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)
    tmp_cache.mkdir(parents=True)
    leftover = tmp_cache / f".nrn-0123456789abcdef-tmp-{pid}@{loader._host()}-abc123"
    leftover.mkdir()
    (leftover / "half.cpp").write_text("// killed")
    alive = tmp_cache / f".nrn-0123456789abcdef-tmp-{os.getpid()}@{loader._host()}-def456"
    alive.mkdir()
    loader.build(good_src)
    assert not leftover.exists(), "the owner is gone: removed at once"
    assert alive.exists(), "a folder whose owner still runs is left alone"


@pytest.mark.neuron
def test_build_folders_readable_by_others(tmp_cache, good_src):
    old = os.umask(0o022)
    try:
        built = loader.build(good_src)
    finally:
        os.umask(old)
    assert stat.S_IMODE(built.stat().st_mode) == 0o755  # mkdtemp alone gives 0700
    assert stat.S_IMODE(loader.library_path(built).stat().st_mode) & 0o005 == 0o005


@pytest.mark.neuron
def test_prune_refuses_negative_ages_and_keeps_builds_in_use(tmp_path, tmp_cache, good_src, monkeypatch):
    for bad in (-1, -0.5, float("nan"), "30"):
        with pytest.raises(ParameterError, match="the age must be a number of days >= 0"):
            loader.prune(bad)
    package = loader.build(good_src)  # stands for the installed package's build
    monkeypatch.setattr(loader, "mod_dir", lambda: good_src)
    v2 = tmp_path / "v2"
    v2.mkdir()
    (v2 / "eitestgood.mod").write_text(GOOD + ": v2\n")
    mapped = loader.build(v2)
    v3 = tmp_path / "v3"
    v3.mkdir()
    (v3 / "eitestgood.mod").write_text(GOOD + ": v3\n")
    unused = loader.build(v3)
    holder = subprocess.Popen(
        [sys.executable, "-c", _LOAD_GOOD + "\nsys.stdout.flush()\nimport time; time.sleep(120)", str(v2)],
        env=dict(os.environ, EI_MODELS_CACHE=str(tmp_cache)), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert "LOADED" in holder.stdout.readline()
        assert loader.prune(0) == [unused]  # before: all three went, the one in use too
        assert package.exists() and mapped.exists() and not unused.exists()
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.neuron
def test_broken_compiler_is_named_not_the_mod_files(tmp_path, tmp_cache, good_src, monkeypatch):
    """Before: a compiler that fails on everything was reported as a problem in every .mod file."""
    cxx = tmp_path / "broken-g++"
    cxx.write_text("#!/bin/sh\necho 'g++: internal compiler error: Segmentation fault' >&2\nexit 4\n")
    cxx.chmod(0o755)
    (good_src / "eitestother.mod").write_text(GOOD.replace("eitestgood", "eitestother"))
    monkeypatch.setenv("CXX", str(cxx))
    with pytest.raises(CompilerBrokenError, match=r"the C\+\+ compiler is broken: .*trivial") as info:
        loader.build(good_src)
    head = str(info.value).split("---")[0]
    assert str(cxx) in head and "eitestgood.mod" not in head and "not at fault" in head
    assert isinstance(info.value, CompilerNotFoundError)
    assert not list(tmp_cache.glob(".*-tmp-*"))


_AUTOLOADED = """
import sys, pathlib
import neuron  # auto-loads ./x86_64 (the working folder's build)
from ei_models.neuron import loader
from ei_models.errors import MechanismLoadError
try:
    loader.load(folder=pathlib.Path(sys.argv[1]))
    print("ACCEPTED", loader.library_in_use())
except MechanismLoadError as exc:
    print("REFUSED", exc)
"""


@pytest.mark.neuron
def test_library_autoloaded_from_working_folder_is_refused(tmp_path, tmp_cache, good_src):
    """issue 16 item 3 (library-path level): the same mechanism names auto-loaded by
    ``import neuron`` from a working folder's x86_64/ are refused, naming both libraries
    (before: used silently while the loader reported the cache path it never loaded)."""
    work = tmp_path / "work"
    work.mkdir()
    (work / "eitestgood.mod").write_text(GOOD.replace("a = 1", "a = 2"))  # an edited copy
    subprocess.run([loader._nrnivmodl(), "."], cwd=work, capture_output=True, check=True, timeout=600)
    ours = loader.library_path(loader.build(good_src))
    out = _run(_AUTOLOADED, good_src, cache=tmp_cache, cwd=work)
    assert out.stdout.startswith("REFUSED"), out.stdout + out.stderr[-2000:]
    assert str(work / "x86_64") in out.stdout and str(ours) in out.stdout
    assert "x86_64/ folder in the working directory" in out.stdout
    # a byte-identical copy of our own library is the same build: accepted, and reported
    clean = tmp_path / "clean"
    (clean / "x86_64").mkdir(parents=True)
    shutil.copy2(ours, clean / "x86_64" / ours.name)
    out = _run(_AUTOLOADED, good_src, cache=tmp_cache, cwd=clean)
    assert out.stdout.startswith("ACCEPTED") and str(clean / "x86_64") in out.stdout, out.stdout + out.stderr[-2000:]


@pytest.mark.neuron
def test_second_load_of_a_different_build_is_refused(tmp_path, tmp_cache, good_src):
    other = tmp_path / "other"
    other.mkdir()
    (other / "eitestother.mod").write_text(GOOD.replace("eitestgood", "eitestother"))
    code = _LOAD_GOOD + "\nloader.load(folder=pathlib.Path(sys.argv[1]))\nloader.load(folder=pathlib.Path(sys.argv[2]))\n"
    out = _run(code, good_src, other, cache=tmp_cache, cwd=tmp_path)
    assert out.returncode != 0 and "MechanismLoadError" in out.stderr
    assert "is already loaded in this process" in out.stderr and "start a new process" in out.stderr.lower()


# -- issue 16 item 3: the library checked by content ----------------------------------------
_INSERT_NMDA = """
import neuron  # auto-loads ./x86_64 (the working folder's build)
from neuron import h
from ei_models import neuron as ein
from ei_models.errors import MechanismLoadError
s = h.Section()
try:
    ein.insert("nmda", s(0.5))
    print("ACCEPTED", ein.loader.library_in_use())
except MechanismLoadError as exc:
    print("REFUSED", exc)
"""


def _unblocked_nmda(folder):
    """An edited copy of the package's nmda.mod with the Mg2+ block removed, in ``folder``."""
    from ei_models._resources import mod_dir

    folder.mkdir(parents=True, exist_ok=True)
    text = (mod_dir() / "nmda.mod").read_text()
    block = "mgb = 1 / (1 + mg / mg_k0 * exp(-mg_gamma * v))"
    assert block in text
    (folder / "nmda.mod").write_text(text.replace(block, "mgb = 1"))
    return folder / "nmda.mod"


@pytest.mark.neuron
def test_edited_copy_autoloaded_is_refused_by_content(tmp_path, tmp_cache):
    """issue 16 item 3: an edited copy of nmda.mod (Mg2+ block removed) compiled with plain
    nrnivmodl into a working folder's x86_64/ (auto-loaded by ``import neuron``) is refused at
    the first insert, naming the expected content key and source and what was found (before:
    refused without naming the keys, and no library path for the package's prefixed names)."""
    from ei_models._resources import mod_dir

    work = tmp_path / "work"
    _unblocked_nmda(work)
    subprocess.run([loader._nrnivmodl(), "."], cwd=work, capture_output=True, check=True, timeout=600)
    out = _run(_INSERT_NMDA, cache=tmp_cache, cwd=work)
    assert out.stdout.startswith("REFUSED"), out.stdout + out.stderr[-2000:]
    want = loader.source_key(mod_dir() / "nmda.mod")
    assert f"eim_nmda: expected content key {want} (from {mod_dir() / 'nmda.mod'}), found no content key" in out.stdout
    assert str(work / "x86_64") in out.stdout and "x86_64/ folder in the working directory" in out.stdout
    assert not list(tmp_cache.glob("nrn-*")), "refused before compiling anything"

    # the same edit built by ei_models (it carries a key): the key found names its source
    edited = _unblocked_nmda(tmp_path / "edited")
    build = loader.build(edited.parent)
    work2 = tmp_path / "work2"
    shutil.copytree(build / loader.platform.machine(), work2 / loader.platform.machine())
    out = _run(_INSERT_NMDA, cache=tmp_cache, cwd=work2)
    assert out.stdout.startswith("REFUSED"), out.stdout + out.stderr[-2000:]
    found = loader.source_key(edited)
    assert found != want
    assert f"expected content key {want}" in out.stdout and f"found content key {found}, from {edited}" in out.stdout


@pytest.mark.neuron
def test_same_sources_built_elsewhere_are_accepted_and_reported(tmp_path, tmp_cache, good_src):
    """A build of the same sources in another cache (not byte-identical: the paths compiled in
    differ) carries the same content keys: accepted, and ``load()`` reports that library and
    its folder rather than the cache path it never loaded."""
    other_cache = tmp_path / "other-cache"
    code = "import sys, pathlib\nfrom ei_models.neuron import loader\nprint(loader.build(pathlib.Path(sys.argv[1])))\n"
    built = Path(_run(code, good_src, cache=other_cache, cwd=tmp_path).stdout.split()[-1])
    work = tmp_path / "work"
    shutil.copytree(built / loader.platform.machine(), work / loader.platform.machine())
    ours = loader.library_path(loader.build(good_src))
    assert loader._sha256(ours) != loader._sha256(loader.library_path(work)), "the test needs two different files"
    code = _AUTOLOADED + "print('FOLDER', loader.load(folder=pathlib.Path(sys.argv[1])))\n"
    out = _run(code, good_src, cache=tmp_cache, cwd=work)
    assert out.stdout.startswith("ACCEPTED"), out.stdout + out.stderr[-2000:]
    assert str(work / loader.platform.machine()) in out.stdout and f"FOLDER {work}\n" in out.stdout


_THEIRS_AFTER_OURS = """
import sys, pathlib
from ei_models.neuron import loader
from ei_models.errors import MechanismLoadError
loader.load(folder=pathlib.Path(sys.argv[1]))
try:
    loader.load_library(pathlib.Path(sys.argv[2]))
    print("LOADED")
except MechanismLoadError as exc:
    print("REFUSED", exc)
try:
    loader.load(folder=pathlib.Path(sys.argv[3]))
    print("SECOND LOAD RETURNED")
except MechanismLoadError as exc:
    print("SECOND REFUSED", exc)
"""


@pytest.mark.neuron
def test_ours_first_then_a_library_with_the_same_names(tmp_path, tmp_cache, good_src):
    """Ours loaded first, then a user's library defining the same names: our error naming the
    clash and the fix (not NEURON's "The user defined name already exists"); and
    ``load(folder=...)`` of a different build of the same names after ``load()`` is refused,
    not answered with the build already loaded."""
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "eitestgood.mod").write_text(GOOD.replace("a = 1", "a = 3"))
    subprocess.run([loader._nrnivmodl(), "."], cwd=theirs, capture_output=True, check=True, timeout=600)
    edited = tmp_path / "edited"
    edited.mkdir()
    (edited / "eitestgood.mod").write_text(GOOD.replace("a = 1", "a = 4"))
    out = _run(_THEIRS_AFTER_OURS, good_src, loader.library_path(theirs), edited, cache=tmp_cache, cwd=tmp_path)
    assert "REFUSED" in out.stdout and "defines mechanisms NEURON already has: eitestgood" in out.stdout, \
        out.stdout + out.stderr[-2000:]
    assert "ei-models build --with" in out.stdout and "already exists" not in out.stdout + out.stderr
    assert "SECOND REFUSED" in out.stdout and "is already loaded in this process" in out.stdout


def test_key_lookup_survives_markers_of_other_formats(tmp_cache):
    """An older build's marker is a bare time stamp (valid JSON, a float), a damaged one anything:
    looking up where a content key comes from skips them instead of raising AttributeError
    (found when a .mod was edited during a run)."""
    for name, text in (("nrn-old", "1764600000.5\n"), ("nrn-list", "[1, 2]"), ("nrn-rec", '{"keys": {"x": 3.0}}'),
                       ("nrn-good", '{"keys": {"eim_x": {"key": 42, "source": "x.mod"}}}')):
        (tmp_cache / name).mkdir(parents=True)
        (tmp_cache / name / loader._OK_MARKER).write_text(text)
    assert loader._key_owner(7) == ""
    assert loader._key_owner(42).startswith("x.mod (built into ")
