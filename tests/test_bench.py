"""``ei-models bench`` runs end to end on a small load and reports sane ratios (no timing is
asserted: the numbers are the bench's output, not a test's)."""

import math

import pytest

from ei_models.validation import bench


@pytest.mark.neuron
def test_neuron_bench_small(nrn):
    res = bench.bench_neuron(names=["nmda", "gabaa_gamma2"], n=20, tstop=20.0, repeats=1)
    assert res["_baseline"]["Exp2Syn_s"] > 0
    for name in ("nmda", "gabaa_gamma2"):
        r = res[name]
        assert "error" not in r, r
        assert math.isfinite(r["ratio_vs_Exp2Syn"]) and r["wall_s"] > 0


@pytest.mark.slow  # ~60 s of Brian2 builds; `ei-models bench brian2` is the benchmark itself
@pytest.mark.brian2
def test_brian2_bench_small(b2):
    res = bench.bench_brian2(names=["nmda", "gabaa_syn"], n_syn=2000, duration_ms=5.0)
    assert res["_baseline"]["target"] == "cpp_standalone"
    for key in ("nmda", "nmda (sum g)", "nmda (per target)", "gabaa_syn", "gabaa_syn (sum g)"):
        assert res[key]["ns_per_syn_step"] > 0 and res[key]["n_syn"] > 0, key
    text = bench.table({"brian2": res})
    assert "nmda (sum g)" in text
