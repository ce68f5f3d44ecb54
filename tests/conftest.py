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


#: modules whose tests share an expensive module- or session-level result (a built docs site,
#: fitted responses compiled at one temperature, a reference subprocess run): under xdist
#: (``-n 2 --dist loadgroup`` in setup.cfg) each runs on one worker, so the result is computed
#: once, not once per worker; the other tests are balanced as usual
SHARED_SETUP_MODULES = ("test_temperature", "test_docs", "test_cvode", "test_engines", "test_networks",
                        "test_cl_transport_dt")


def pytest_collection_modifyitems(config, items):
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1] if item.module else ""
        if module in SHARED_SETUP_MODULES:
            item.add_marker(pytest.mark.xdist_group(module))
