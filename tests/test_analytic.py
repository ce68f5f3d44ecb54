"""Closed-form helpers against the source chapter's numbers."""

import numpy as np
import pytest

from ei_models import analytic

pytestmark = pytest.mark.analytic


def test_rt_over_f_at_310k():
    assert analytic.rt_over_f(310.0 - 273.15) == pytest.approx(26.71, abs=0.005)


def test_chloride_nernst_chapter_values():
    # chapter: 120/10 mM -> about -66 mV (-66.4 to 0.1 mV); 120/20 mM -> about -48 mV (-47.9)
    assert analytic.nernst(120, 10, -1, 37) == pytest.approx(-66.4, abs=0.05)
    assert analytic.nernst(120, 20, -1, 37) == pytest.approx(-47.9, abs=0.05)


def test_nernst_rejects_bad_concentrations():
    with pytest.raises(ValueError, match="positive concentrations"):
        analytic.nernst(120, 0, -1)
    with pytest.raises(ValueError, match="positive concentrations"):
        analytic.nernst(-1, 10, -1)


def test_parallel_reversal_chapter_example():
    assert analytic.parallel_reversal([3, 2], [60, -90]) == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("v, b", [(-80, 0.024), (-60, 0.080), (-40, 0.230), (-20, 0.508), (0, 0.781), (40, 0.977)])
def test_mg_block_spec_table(v, b):
    assert analytic.mg_block(v, 1.0) == pytest.approx(b, abs=5e-4)


def test_mg_block_limits_and_errors():
    assert analytic.mg_block(-100, 0.0) == 1.0
    assert analytic.mg_block(np.array([-100, 0, 100]), 1.0).shape == (3,)
    with pytest.raises(ValueError, match="Mg2\\+"):
        analytic.mg_block(-60, -1.0)


def test_exp2_peak_is_normalised():
    t = np.linspace(0, 200, 200001)
    g = analytic.exp2_conductance(t, [0.0], 1.0, 3.0, 70.0)
    assert g.max() == pytest.approx(1.0, abs=1e-8)
    assert t[np.argmax(g)] == pytest.approx(analytic.exp2_peak_time(3.0, 70.0), abs=2e-3)
    with pytest.raises(ValueError):
        analytic.exp2_factor(5.0, 5.0)
