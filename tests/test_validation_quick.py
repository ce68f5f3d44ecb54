"""Quick versions of every validation case in both simulators (NEURON compiled NMODL; Brian2
under both compiled targets, cython and cpp_standalone). A case passes when every check it
computes passes; the tolerances are stated and explained in each validation module.

``cpp_standalone`` builds each protocol once (one run per build, inputs that change during the
run as ``TimedArray``); its projects are kept in the compile cache
(:func:`ei_models.validation.rig_brian2.build_folder`), so a second run recompiles only what
changed."""

import pytest

from ei_models.validation import harness

CASES = list(harness.case_modules())
TARGETS = ("cython", "cpp_standalone")
#: the default run's 15-minute budget: every case runs under ``cython`` in the default run, and
#: under ``cpp_standalone`` only a few that cover its build paths (a synapse-only protocol, a
#: kinetic scheme with our implicit method, a tonic density mechanism, a network); the
#: other cases' ``cpp_standalone`` runs are in ``-m slow`` (the full validation, run by the
#: validate command, uses ``cython``; the two targets agree to ~1e-14 in every case)
STANDALONE_DEFAULT = {"V05", "V10", "V11", "V15"}
#: cases whose quick version is in ``-m slow`` only: V16 (8 presets, 10,000 stochastic trials per
#: simulator, NEST; 101 s with cold compile caches) is covered piece by piece in the default run by
#: tests/test_stp.py (closed-form recursion, NEURON = Brian2, NEST, stochastic statistics)
SLOW_CASES = {"V16"}
PAIRS = [pytest.param(c, t, id=f"{c}-{t}",
                      marks=() if (t == "cython" or c in STANDALONE_DEFAULT) and c not in SLOW_CASES
                      else pytest.mark.slow)
         for c in CASES for t in TARGETS]


@pytest.mark.validation
@pytest.mark.neuron
@pytest.mark.brian2
@pytest.mark.parametrize("case, target", PAIRS)
def test_quick_case(case, target, nrn, b2, tmp_path):
    module = harness.find_cases([case])[0]
    records, raw, _ = harness.run_case(module, quick=True, target=target, out_dir=tmp_path)
    assert {r["simulator"] for r in records} == set(getattr(module, "SIMULATORS", harness.SIMULATORS))
    failed = [f"{r['simulator']}: {harness.Check(**c).line()}" for r in records for c in r["checks"]
              if not c["passed"] and harness.Check(**c).counts]  # an expected miss (MISS) does not fail its case
    assert not failed, "\n".join(failed)
    unlabelled = [c["name"] for r in records for c in r["checks"] if c["kind"] not in harness.KINDS]
    assert not unlabelled, f"checks without a kind: {unlabelled}"  # run_case refuses them too (tests/test_kinds.py)
    assert all(r["target"] in (target, "nrnivmodl (compiled NMODL, C++)") for r in records)
    assert (tmp_path / records[0]["figure"]).stat().st_size > 10_000


@pytest.mark.slow
@pytest.mark.validation
@pytest.mark.parametrize("case", CASES)
def test_full_case(case, nrn, b2, tmp_path):
    module = harness.find_cases([case])[0]
    records, _, _ = harness.run_case(module, quick=False, target="cython", out_dir=tmp_path)
    failed = [f"{r['simulator']}: {harness.Check(**c).line()}" for r in records for c in r["checks"]
              if not c["passed"] and harness.Check(**c).counts]  # an expected miss (MISS) does not fail its case
    assert not failed, "\n".join(failed)
