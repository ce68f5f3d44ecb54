"""PING network builders: parameters, connectivity, spectrum analysis, and the rank and
CoreNEURON identity of the NEURON network (marker ``mpi``: needs Open MPI's ``mpiexec``)."""

import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

from ei_models import networks as nw
from ei_models.errors import ParameterError, UnknownNameError


@pytest.mark.analytic
def test_bad_network_parameters_are_refused():
    with pytest.raises(ParameterError, match="in-degree k_ie"):
        nw.Ping(n_i=5, k_ie=10)
    with pytest.raises(ParameterError, match="E/I ratio"):
        nw.Ping(copies=((10.0, 0.0),))
    with pytest.raises(ParameterError, match="tau_i"):
        nw.Ping(tau_i=0.1)
    with pytest.raises(UnknownNameError):
        nw.Ping(gaba_mechanism="no_such_gaba")
    with pytest.raises(ParameterError, match="delay"):
        nw.Ping(delay=0.0)


@pytest.mark.analytic
def test_connectivity_in_degrees_blocks_and_ratio_scaling():
    p = nw.Ping(n_e=20, n_i=5, k_ee=3, k_ei=4, k_ie=2, k_ii=1, copies=((10.0, 1.0), (10.0, 4.0)))
    c = p.connectivity()
    assert np.array_equal(c["pre"], p.connectivity()["pre"])  # seeded: same network every call
    assert not np.any(c["pre"] == c["post"])  # no autapses
    block = c["post"] // p.n_cells
    assert np.array_equal(block, c["pre"] // p.n_cells)  # copies are independent
    for gid in range(p.n_total):
        kinds = c["kind"][c["post"] == gid]
        if p.is_excitatory(gid):
            assert (kinds == 0).sum() == 3 and (kinds == 2).sum() == 2
        else:
            assert (kinds == 1).sum() == 4 and (kinds == 3).sum() == 1
    # R = 4 multiplies excitation (weights and drive) by 4 at fixed inhibition
    w = {(b, k): c["weight"][(block == b) & (c["kind"] == k)] for b in (0, 1) for k in range(4)}
    np.testing.assert_allclose(w[(1, 0)], 4 * p.w_ee)
    np.testing.assert_allclose(w[(1, 1)], 4 * p.w_ei)
    np.testing.assert_allclose(w[(1, 2)], p.w_ie)
    assert c["drive"][p.n_cells:p.n_cells + p.n_e].mean() > 3.5 * c["drive"][:p.n_e].mean()


@pytest.mark.analytic
def test_peak_frequency_and_classification():
    t = np.arange(0, 1000.0, 1.0)
    rate = 20 + 15 * np.sin(2 * np.pi * 37.3 * t / 1000)
    f, share = nw.peak_frequency(rate)
    assert abs(f - 37.3) < 0.3 and share > 0.8
    assert nw.classify(0.2, 0.9) == "silent"
    assert nw.classify(40.0, 0.5) == "rhythmic"
    assert nw.classify(150.0, 0.5) == "runaway/asynchronous"
    assert nw.classify(40.0, 0.05) == "runaway/asynchronous"


def _mpiexec():
    exe = shutil.which("mpiexec")
    if exe is None:
        pytest.skip("Open MPI's mpiexec is not installed (apt-get install -y openmpi-bin libopenmpi-dev)")
    cmd = [exe, "--oversubscribe"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-run-as-root")
    return cmd


def _run(cmd, out, cwd):
    proc = subprocess.run(cmd + ["--out", str(out)], cwd=cwd, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"{' '.join(cmd)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return np.load(out)


@pytest.fixture(scope="module")
def one_rank(tmp_path_factory):
    d = tmp_path_factory.mktemp("ping1")
    return _run([sys.executable, "-m", "ei_models.networks", "--preset", "test"], d / "s1.npz", d)


def _assert_same_raster(a, b):
    assert len(a["t"]) > 200, "the test network should spike"
    assert np.array_equal(a["gid"], b["gid"]), "spiking cells differ"
    assert np.array_equal(a["t"], b["t"]), f"spike times differ by up to {np.max(np.abs(a['t'] - b['t']))} ms"


@pytest.mark.mpi
@pytest.mark.neuron
def test_two_mpi_ranks_give_the_one_rank_raster(one_rank, tmp_path):
    two = _run(_mpiexec() + ["-n", "2", sys.executable, "-m", "ei_models.networks", "--preset", "test"],
               tmp_path / "s2.npz", tmp_path)
    assert int(two["nhost"]) == 2
    _assert_same_raster(one_rank, two)


@pytest.mark.mpi
@pytest.mark.neuron
def test_coreneuron_gives_the_neuron_raster(one_rank, tmp_path):
    core = _run([sys.executable, "-m", "ei_models.networks", "--preset", "test", "--coreneuron"],
                tmp_path / "sc.npz", tmp_path)
    assert bool(core["coreneuron"])
    _assert_same_raster(one_rank, core)


@pytest.mark.mpi
@pytest.mark.neuron
def test_coreneuron_on_two_ranks_gives_the_neuron_raster(one_rank, tmp_path):
    core = _run(_mpiexec() + ["-n", "2", sys.executable, "-m", "ei_models.networks", "--preset", "test",
                              "--coreneuron"], tmp_path / "sc2.npz", tmp_path)
    assert int(core["nhost"]) == 2 and bool(core["coreneuron"])
    _assert_same_raster(one_rank, core)


@pytest.mark.slow
@pytest.mark.brian2
@pytest.mark.neuron
def test_brian2_cpp_standalone_network_matches_neuron_rhythm(nrn, tmp_path):
    p = nw.Ping(**dict(nw.PRESETS["test"], tstop=400.0))
    rb = nw.run_ping_brian2(p, target="cpp_standalone", directory=tmp_path / "standalone")
    rn = nw.run_ping_neuron(p)
    assert rb["target"] == "cpp_standalone"
    f = {}
    for name, r in (("brian2", rb), ("neuron", rn)):
        rate = nw.population_rate(r["t"], r["gid"], p, 0, "E") + nw.population_rate(r["t"], r["gid"], p, 0, "I")
        f[name] = nw.peak_frequency(rate)[0]
    assert 30 <= f["neuron"] <= 80
    assert abs(f["brian2"] - f["neuron"]) / f["neuron"] < 0.1  # the benchmark's acceptance: within 10 %


@pytest.mark.brian2
def test_brian2_network_refuses_a_nonlinear_gaba_synapse(b2):
    with pytest.raises(ParameterError, match="not a linear"):
        nw.build_ping_brian2(nw.Ping(n_e=8, n_i=2, k_ee=2, k_ei=2, k_ie=2, k_ii=1, gaba_mechanism="gabaa_gamma2"))


@pytest.mark.neuron
def test_neuron_network_takes_the_gaba_mechanism_by_name(nrn):
    p = nw.Ping(n_e=8, n_i=2, k_ee=2, k_ei=2, k_ie=2, k_ii=1, tstop=30.0, gaba_mechanism="gabaa_gamma2",
                w_ie=1.0, w_ii=1.0, seed=3)
    net = nw.build_ping_neuron(p)
    assert all(c["gaba"].mechanism.name == "gabaa_gamma2" for c in net.cells.values())
    res = nw.run_ping_neuron(p, net=net)
    assert len(res["t"]) > 0 and res["nhost"] == 1


@pytest.mark.analytic
def test_network_mod_folder_holds_just_its_mechanisms():
    """The CoreNEURON fallback build (``loader.load_coreneuron(fallback=...)``) compiles only the
    network's own mechanisms, from the package's files."""
    from ei_models._resources import mod_dir

    p = nw.Ping(gaba_mechanism="gabaa_gamma2")
    folder = nw.network_mod_folder(p)
    assert sorted(f.stem for f in folder.glob("*.mod")) == nw.network_mechanisms(p)
    assert nw.network_mechanisms(p) == sorted({"ampa", "nmda", "gabaa_gamma2", nw.CELL_MECHANISM})
    for f in folder.glob("*.mod"):
        assert f.read_bytes() == (mod_dir() / f.name).read_bytes()


@pytest.mark.brian2
def test_brian2_network_keeps_one_state_per_cell(b2):
    """The Brian2 network uses the per-target state form: the synapses carry only their weight."""
    net = nw.build_ping_brian2(nw.Ping(n_e=8, n_i=2, k_ee=2, k_ei=2, k_ie=2, k_ii=1))
    for syn in net.synapses:
        assert [k for k in syn.equations.names] == ["w"]
    assert {"A_nmda", "B_ampa", "I_nmda", "I_gaba"} <= set(net.cells.variables)
