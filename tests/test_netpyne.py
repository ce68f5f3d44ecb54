"""ei_models in a real NetPyNE network (issue 16 item 5): checked synMechParams, the chloride
a section needs, and the rates with and without it."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ei_models.errors import ParameterError, UnknownNameError

netpyne = pytest.importorskip("netpyne")
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "netpyne_ei_network.py"


@pytest.mark.neuron
def test_syn_mech_entries_are_checked(nrn):
    from ei_models import mechanisms
    from ei_models import netpyne as einp

    nmda = einp.syn_mech("nmda", subtype="GluN2B", mg=1.2)
    assert nmda["mod"] == "eim_nmda" and nmda["mg"] == 1.2
    assert set(mechanisms.get("nmda").table.names) <= set(nmda)
    assert nmda["tau_decay"] == mechanisms.get("nmda").resolve({"subtype": "GluN2B"})["tau_decay"]
    assert nmda["tau_decay"] != einp.syn_mech("nmda")["tau_decay"]  # the preset took effect
    with pytest.raises(ParameterError, match=r"mg = -1 mM is out of range"):
        einp.syn_mech("nmda", mg=-1)
    with pytest.raises(UnknownNameError):
        einp.syn_mech("nmda", subtype="NR2Q")
    with pytest.raises(ParameterError, match="concentration of the section"):
        einp.syn_mech("gabaa_gamma2", cli=5)
    with pytest.raises(ParameterError, match="density mechanism"):
        einp.syn_mech("gabaa_delta")
    assert einp.ions() == {"cl": {"i": 10.0, "o": 120.0}}
    with pytest.raises(ParameterError):
        einp.ions(cli=0)
    name, params = einp.density_mech("gabaa_delta", gaba=5e-4)
    assert name == "eim_gabaa_delta" and params["gaba"] == 5e-4
    assert hasattr(nrn, "eim_nmda"), "loaded before sim.create"


def _rates(*args):
    proc = subprocess.run([sys.executable, str(EXAMPLE), *args], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.neuron
def test_netpyne_network_runs_and_chloride_matters(nrn):
    """20 E + 5 I HH cells (AMPA + NMDA, gabaa_gamma2) built and run by NetPyNE: with the
    sections' chloride from einp.ions() E_Cl is about -60 mV and GABA_A inhibits; left at
    NEURON's 1/1 mM (E_Cl = 0 mV) the same network fires much faster."""
    with_cl = _rates()
    without = _rates("--no-chloride")
    print("NetPyNE E rate with chloride settings", with_cl, "without", without)
    assert (with_cl["cli_mM"], with_cl["clo_mM"]) == (10.0, 120.0)
    assert (without["cli_mM"], without["clo_mM"]) == (1.0, 1.0)
    assert with_cl["rate_E_Hz"] > 1.0, "the network is active"
    assert without["rate_E_Hz"] > 2 * with_cl["rate_E_Hz"]
