"""The user-level examples in examples/ run and show what they claim."""

import importlib.util
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _load(name):
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.neuron
def test_dendritic_nmda_spike_is_all_or_none(nrn):
    """Clustered AMPA+NMDA synapses on a thin dendrite: below a threshold number the dendrite
    barely passes -40 mV; one or two synapses more give a plateau of tens of ms (the NMDA spike),
    which AMPA alone never gives, however many synapses."""
    proc = subprocess.run([sys.executable, str(EXAMPLES / "nmda_spike.py")], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = json.loads(proc.stdout.strip().splitlines()[-1])
    plateau = [r["nmda"]["above_-40mV_ms"] for r in rows]
    ampa = [r["ampa_only"]["above_-40mV_ms"] for r in rows]
    first = next(i for i, p in enumerate(plateau) if p > 20.0)  # the first NMDA spike
    assert 1 < first < len(rows) - 5, plateau  # the threshold is inside the range tried
    assert plateau[first - 1] < 5.0, plateau  # one synapse fewer: no plateau (all or none)
    assert all(p > 20.0 for p in plateau[first:]), plateau
    assert max(ampa) < 10.0, ampa  # AMPA alone: never a plateau, even with 4x the synapses
    inhibited = [r["nmda_inhibited"]["above_-40mV_ms"] for r in rows]
    shifted = next(i for i, p in enumerate(inhibited) if p > 20.0)  # GABA_A at the spot: later threshold
    assert shifted > first, (plateau, inhibited)
    assert all(p < 5.0 for p in inhibited[:shifted]) and all(p > 20.0 for p in inhibited[shifted:]), inhibited


def _last_json(script: str) -> object:
    proc = subprocess.run([sys.executable, str(EXAMPLES / script)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.neuron
def test_shunting_divides_the_epsp_without_moving_v(nrn):
    """GABA_A reversing at rest: alone it leaves V at rest (to 1e-9 mV), with the EPSP it shrinks
    it, monotonically in its conductance."""
    rows = _last_json("shunting.py")
    assert rows[0]["g_gaba_nS"] == 0 and rows[0]["epsp"]["depolarization_mV"] > 2.0
    amps = [r["epsp"]["depolarization_mV"] for r in rows]
    assert all(b < a for a, b in zip(amps, amps[1:])), amps
    assert amps[-1] < 0.5 * amps[0], amps
    for r in rows[1:]:
        alone = r["gaba_alone"]
        assert abs(alone["depolarization_mV"]) < 1e-9 and abs(alone["lowest_mV"] + 65.0) < 1e-9, r


@pytest.mark.neuron
def test_gabab_burst_activates_girk_a_single_spike_hardly(nrn):
    """A 10-spike burst gives > 100x (not 10x) the single spike's GIRK conductance (cooperative
    Gbetagamma), and lowers the terminal's release probability more than one spike does."""
    s = _last_json("gabab_burst.py")
    assert s["burst_over_single"] > 100, s
    assert s["burst"]["ipsp_mV"] < 0 and s["single"]["ipsp_mV"] > 0.01 * s["burst"]["ipsp_mV"], s
    assert s["burst"]["pr_min"] < s["single"]["pr_min"] < s["single"]["pr_rest"], s


@pytest.mark.neuron
def test_stp_trains_depress_and_facilitate(nrn):
    """The train's efficacies: ``depressing`` falls and recovers partly, ``facilitating`` grows;
    the first two of each equal the Tsodyks-Markram recursion computed here from the presets."""
    from ei_models import mechanisms

    out = _last_json("stp_trains.py")
    presets = {p.name: dict(p.values) for p in mechanisms.get("tsodyks_markram").table.presets["connection"]}
    for name, res in out.items():
        eff, times = res["efficacy"], res["spike_ms"]
        U, tau_rec, tau_fac = (presets[name][k] for k in ("U", "tau_rec", "tau_fac"))
        dt = times[1] - times[0]
        u2 = U + (U * (1 - U) * math.exp(-dt / tau_fac) if tau_fac > 0 else 0.0)
        x2 = 1 - (1 - (1 - U)) * math.exp(-dt / tau_rec)
        assert abs(eff[0] - U) < 1e-12 and abs(eff[1] - u2 * x2) < 1e-9, (name, eff[:2], U, u2 * x2)
    dep, fac = out["depressing"]["efficacy"], out["facilitating"]["efficacy"]
    assert all(b < a for a, b in zip(dep[:-1], dep[1:-1])) and dep[-2] < dep[-1] < dep[0], dep
    assert all(b > a for a, b in zip(fac[:-1], fac[1:-1])) and fac[-2] > 3 * fac[0], fac


@pytest.mark.neuron
def test_ping_frequency_falls_with_tau_i(nrn):
    """The PING example: gamma at tau_I = 10 ms, frequency falling with tau_I, the period growing
    linearly with it."""
    s = _last_json("ping_gamma.py")
    f = {r["tau_i_ms"]: r["frequency_hz"] for r in s["rows"]}
    assert 30 <= f[10.0] <= 80, f
    taus = sorted(f)
    assert all(f[b] < f[a] for a, b in zip(taus, taus[1:])), f
    assert s["period_slope"] > 0.5, s


@pytest.mark.slow
@pytest.mark.brian2
def test_wang2002_persistent_state_needs_saturation(b2):
    """With nmda_sat the stimulated population stays active after the stimulus (a persistent
    state) while the other stays low; with the linear nmda of the same weights it runs away."""
    ex = _load("wang2002_persistent")
    sat = ex.run("nmda_sat")
    assert sat["A_before"] < 5 and sat["A_during"] > 40
    assert 10 < sat["A_after"] < 60 and sat["B_after"] < 5
    lin = ex.run("nmda")
    assert lin["A_after"] > 100 or lin["A_before"] > 50
