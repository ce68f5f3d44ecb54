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


@pytest.fixture
def body_temperature(nrn):
    """h.celsius = 37 for one test, restored after it. The mechanisms' kinetics follow celsius by
    their Q10 (temp_ref, q10 in each table): at NEURON's default 6.3 C they run 3-16x slower than
    at their reference temperatures, so a test whose time window or tolerance was chosen for the
    physiological time course runs at 37 C, as the validation does."""
    before = nrn.celsius
    nrn.celsius = 37.0
    yield nrn
    nrn.celsius = before


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
