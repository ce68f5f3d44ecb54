"""The compile-and-load path: caching, idempotence, concurrency, and clear errors."""

import os
import stat
import subprocess
import sys
import textwrap
import time

import pytest

from ei_models.neuron import loader
from ei_models.errors import CacheError, CompilerNotFoundError, MechanismCompileError, SimulatorError

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
def test_concurrent_first_compile_shares_one_build(tmp_path):
    """Eight processes compile and load the package's mechanisms into an empty cache at the same
    time: all succeed, all get the same folder, and only one build happened."""
    cache = tmp_path / "cache"
    code = textwrap.dedent("""
        from ei_models.neuron import loader
        d = loader.load()
        from neuron import h
        s = h.Section(); syn = h.nmda(s(0.5))
        print(d)
    """)
    env = dict(os.environ, EI_MODELS_CACHE=str(cache))
    procs = [subprocess.Popen([sys.executable, "-c", code], env=env, cwd=tmp_path, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(8)]
    outs = [p.communicate(timeout=900) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err
    dirs = {out.strip().splitlines()[-1] for out, _ in outs}
    assert len(dirs) == 1
    builds = [d for d in cache.iterdir() if d.is_dir() and not d.name.startswith(".")]
    assert len(builds) == 1 and not list(cache.glob(".*-tmp-*"))


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
    ignores (and removes once stale) and replaces by a complete build."""
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
    good = loader.build(tmp_path)
    assert (good / "BUILD_OK").exists() and loader.library_path(good).exists()


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
