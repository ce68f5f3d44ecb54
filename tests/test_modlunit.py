"""Every .mod file passes NEURON's modlunit with no message (units checked on the NEURON side)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ei_models._resources import mod_dir

MODS = sorted(p.name for p in mod_dir().glob("*.mod"))


def _modlunit():
    return shutil.which("modlunit") or shutil.which("modlunit", path=str(Path(sys.executable).parent))


@pytest.mark.neuron
@pytest.mark.parametrize("mod", MODS)
def test_modlunit_clean(mod, tmp_path):
    exe = _modlunit()
    assert exe, "modlunit not found (it comes with pip install neuron)"
    shutil.copy(mod_dir() / mod, tmp_path / mod)
    proc = subprocess.run([exe, mod], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    out = (proc.stdout + proc.stderr).replace(f"Checking units of {mod}", "").strip()
    assert proc.returncode == 0 and not out, f"modlunit {mod}:\n{out}"


@pytest.mark.slow  # 81 s with cold compile caches; Brian2 checks these units at every run, and every
# mechanism runs compiled in the default run (tests/test_fuzz.py::test_fuzz_brian2, default parameters included)
@pytest.mark.brian2
def test_brian2_equations_pass_unit_checks(b2):
    """Each point-process equation set builds and runs one step with Brian2's unit checks on."""
    from ei_models import brian2 as eib
    from ei_models import mechanisms

    for name in mechanisms.names():
        mech = mechanisms.get(name)
        if mech.kind != "point_process":
            continue
        model = eib.synapse_model(name)
        post = b2.NeuronGroup(1, "v : volt\n" + model.post_equations(), method="exact")
        pre = b2.SpikeGeneratorGroup(1, [0], [0] * b2.ms)
        syn = b2.Synapses(pre, post, **model.kwargs())
        syn.connect()
        b2.Network(pre, post, syn).run(0.2 * b2.ms)
