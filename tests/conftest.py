"""Shared fixtures: the compiled mechanisms (built once per session) and Brian2 settings."""

import os

import pytest


@pytest.fixture(scope="session")
def nrn():
    """NEURON's ``h`` with the package's mechanisms compiled and loaded.

    A compile failure is re-raised with nrnivmodl's output (MechanismCompileError carries it).
    """
    from neuron import h

    from ei_models.neuron import loader

    loader.load()
    h.load_file("stdrun.hoc")
    return h


@pytest.fixture(scope="session")
def b2():
    """Brian2 with the cython target (generated, compiled code; never numpy)."""
    import brian2

    brian2.prefs.codegen.target = "cython"
    brian2.prefs.logging.console_log_level = "WARNING"
    return brian2


@pytest.fixture
def tmp_cache(tmp_path, monkeypatch):
    """An empty compile cache for tests that exercise the loader itself."""
    monkeypatch.setenv("EI_MODELS_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def pytest_configure(config):
    os.environ.setdefault("MPLBACKEND", "Agg")
