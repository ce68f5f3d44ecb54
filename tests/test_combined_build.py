"""``ei-models build --with DIR``: a user's mod folder compiled together with ours (issue 16 item 4)."""

import os
import subprocess
import sys
import time

import pytest

from ei_models.neuron import loader

#: a user's own mechanism: a leak current (written for this test)
USER_LEAK = """\
COMMENT
A plain leak conductance, standing in for a user's model mechanism in the combined-build test.
ENDCOMMENT
NEURON {
    SUFFIX userleak
    NONSPECIFIC_CURRENT i
    RANGE g, e
}
UNITS { (mA) = (milliamp) (mV) = (millivolt) (S) = (siemens) }
PARAMETER { g = 0.0003 (S/cm2) e = -70 (mV) }
ASSIGNED { v (mV) i (mA/cm2) }
BREAKPOINT { i = g * (v - e) }
"""

_USE_COMBINED = """
import sys
import neuron
from neuron import h
neuron.load_mechanisms(sys.argv[1])          # the combined library, the NEURON way
from ei_models import neuron as ein
h.load_file("stdrun.hoc")
s = h.Section(); s.L = s.diam = 20
s.insert("userleak")                          # theirs
syn = ein.insert("nmda", s(0.5))              # ours, from the same library
stim = h.NetStim(); stim.number, stim.start = 1, 5
syn.connect(stim, weight=0.002)
v = h.Vector().record(s(0.5)._ref_v)
h.finitialize(-65); h.continuerun(50)
print("LIBRARY", ein.loader.library_in_use())
print("VMIN", min(v), "VMAX", max(v))
"""


def _cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "ei_models.cli", *args], capture_output=True, text=True,
                          timeout=900, cwd=cwd)


@pytest.mark.neuron
def test_build_with_a_user_folder_makes_one_loadable_library(tmp_path):
    user = tmp_path / "mymods"
    user.mkdir()
    (user / "userleak.mod").write_text(USER_LEAK)
    (user / "nmda.mod").write_text(USER_LEAK.replace("userleak", "usernmda"))  # a file name ours has too
    out = _cli("build", "--with", str(user))
    assert out.returncode == 0, out.stdout + out.stderr[-3000:]
    folder = next(line.split(": ", 1)[1] for line in out.stdout.splitlines() if line.startswith("build folder: "))
    assert "-with-" in folder and "load_mechanisms" in out.stdout and "nrniv -dll" in out.stdout
    lib = loader.library_path(__import__("pathlib").Path(folder))
    names = loader.library_names(lib)
    assert {"userleak", "usernmda", "eim_nmda", "eim_gabaa_gamma2"} <= set(names)
    # cached by content: the same folder again without compiling; another content, another build
    t0 = time.perf_counter()
    again = _cli("build", "--with", str(user))
    assert again.returncode == 0 and f"build folder: {folder}\n" in again.stdout
    assert time.perf_counter() - t0 < 60
    assert loader.build_dir_for(with_dir=user) == __import__("pathlib").Path(folder)
    (user / "userleak.mod").write_text(USER_LEAK.replace("-70", "-71"))
    assert loader.build_dir_for(with_dir=user) != __import__("pathlib").Path(folder)
    (user / "userleak.mod").write_text(USER_LEAK)
    # loadable by neuron.load_mechanisms; ei_models then uses its mechanisms from that library
    run = subprocess.run([sys.executable, "-c", _USE_COMBINED, folder], capture_output=True, text=True,
                         timeout=600, cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr[-3000:]
    assert f"LIBRARY {lib}" in run.stdout
    vmin = float(run.stdout.split("VMIN ")[1].split()[0])
    vmax = float(run.stdout.split("VMAX ")[1].split()[0])
    assert vmin < -67, "the user's leak (e = -70 mV) pulls v below the initial -65 mV"
    assert vmax > vmin + 0.5, "the NMDA event depolarizes"
    # and by nrniv -dll
    nrniv = loader.Path(sys.executable).with_name("nrniv")
    if nrniv.exists():
        hoc = tmp_path / "t.hoc"
        hoc.write_text('create s\naccess s\ninsert userleak\nobjref syn\nsyn = new eim_nmda(0.5)\n'
                       'print "OK ", ekey0_eim_nmda\nquit()\n')
        proc = subprocess.run([str(nrniv), "-nobanner", "-dll", str(lib), str(hoc)], capture_output=True,
                              text=True, timeout=120, cwd=tmp_path)
        assert "OK" in proc.stdout, proc.stdout + proc.stderr[-2000:]


@pytest.mark.neuron
def test_build_with_reports_name_clashes_before_compiling(tmp_path):
    user = tmp_path / "clash"
    user.mkdir()
    (user / "mygat.mod").write_text(USER_LEAK.replace("SUFFIX userleak", "SUFFIX eim_gat"))
    (user / "eim_ampa.mod").write_text(USER_LEAK.replace("userleak", "userampa"))
    env = dict(os.environ, EI_MODELS_CACHE=str(tmp_path / "cache"))
    out = subprocess.run([sys.executable, "-m", "ei_models.cli", "build", "--with", str(user)],
                         capture_output=True, text=True, timeout=300, env=env)
    assert out.returncode == 2, out.stdout + out.stderr
    assert "name clash" in out.stderr and f"{user / 'mygat.mod'} declares eim_gat" in out.stderr
    assert "gat.mod declares" in out.stderr and "file name eim_ampa.mod" in out.stderr
    assert not list((tmp_path / "cache").glob("*with*")), "nothing compiled"
