"""One source of truth: every mechanism's compiled NEURON defaults, its .mod PARAMETER units and
its Brian2 namespace equal its parameter table (ei_models/mechanisms/<name>.py)."""

import re

import numpy as np
import pytest

from ei_models import mechanisms
from ei_models._resources import equations_dir, mod_dir

NAMES = mechanisms.names()


def mod_parameters(name):
    """{parameter: (value, unit)} from the PARAMETER block of mod/<name>.mod."""
    text = (mod_dir() / f"{name}.mod").read_text()
    block = re.search(r"^PARAMETER\s*\{(.*?)^\}", text, re.S | re.M).group(1)
    out = {}
    for line in block.splitlines():
        line = line.split(":", 1)[0].strip()
        m = re.match(r"(\w+)\s*=\s*([-+0-9.eE]+)\s*\(([^)]*)\)", line)
        if m:
            out[m.group(1)] = (float(m.group(2)), m.group(3).strip())
    return out


@pytest.mark.parametrize("name", NAMES)
def test_every_mechanism_has_its_files(name):
    assert (mod_dir() / f"{name}.mod").exists(), f"mod/{name}.mod missing"
    assert (equations_dir() / f"{name}.eqs").exists(), f"equations/{name}.eqs missing"
    text = (mod_dir() / f"{name}.mod").read_text()
    kind = "POINT_PROCESS" if mechanisms.get(name).kind == "point_process" else "SUFFIX"
    assert re.search(rf"^\s*{kind}\s+{name}\s*$", text, re.M), f"{name}.mod must declare {kind} {name}"
    code = re.sub(r"^\s*COMMENT\b.*?^\s*ENDCOMMENT\b", "", text, flags=re.S | re.M)
    code = "\n".join(line.split(":", 1)[0] for line in code.splitlines())
    assert re.search(r"\bTHREADSAFE\b", code)
    # a POINTER only as the forwarded-weight slot w_out that ei_models.neuron.forward sets
    for forbidden in (r"\bVERBATIM\b", r"\bPOINTER\b(?!\s+w_out\s*$)", r"\bumho\b", r"\bINDEPENDENT\b",
                      r"METHOD\s+euler\b"):
        assert not re.search(forbidden, code, re.M), f"{name}.mod uses {forbidden}"


@pytest.mark.parametrize("name", NAMES)
def test_mod_parameter_block_matches_table(name):
    table = mechanisms.get(name).table
    block = mod_parameters(name)
    assert set(block) == set(table.names), f"{name}: .mod PARAMETERs {sorted(block)} vs table {table.names}"
    for p in table:
        value, unit = block[p.name]
        assert value == pytest.approx(p.value, rel=1e-12, abs=0), f"{name}.{p.name}: .mod {value} vs table {p.value}"
        assert unit == p.unit, f"{name}.{p.name}: .mod unit ({unit}) vs table {p.unit}"


@pytest.mark.neuron
@pytest.mark.parametrize("name", NAMES)
def test_compiled_defaults_equal_table(name, nrn):
    mech = mechanisms.get(name)
    sec = nrn.Section(name=f"drift_{name}")
    if mech.kind == "point_process":
        obj = getattr(nrn, name)(sec(0.5))
        compiled = {p: getattr(obj, p) for p in mech.table.names}
    else:
        sec.insert(name)
        compiled = {p: getattr(sec(0.5), f"{p}_{name}") for p in mech.table.names}
    for p in mech.table:
        assert compiled[p.name] == pytest.approx(p.value, rel=1e-12, abs=0), f"{name}.{p.name}"


@pytest.mark.brian2
@pytest.mark.parametrize("name", NAMES)
def test_brian2_namespace_equals_table(name, b2):
    from ei_models import brian2 as eib

    mech = mechanisms.get(name)
    if mech.kind == "point_process":
        ns = eib.synapse_model(name).namespace
        get = lambda p: ns[p]  # noqa: E731
    else:
        ns = eib.density_model(name).namespace
        get = lambda p: ns[f"{p}_{name}"]  # noqa: E731
    for p in mech.table:
        expected = p.value * eib.brian2_unit(p.unit)
        assert b2.have_same_dimensions(get(p.name), expected), f"{name}.{p.name} unit"
        assert float(np.asarray(get(p.name) / eib.brian2_unit(p.unit))) == pytest.approx(p.value, rel=1e-12)


@pytest.mark.analytic
@pytest.mark.parametrize("name", NAMES)
def test_table_rows_are_complete(name):
    for p in mechanisms.get(name).table:
        assert p.source and p.doc, f"{name}.{p.name} needs a literature source and a meaning"
        assert p.allows(p.value)
