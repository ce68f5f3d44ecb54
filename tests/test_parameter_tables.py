"""One source of truth: every mechanism's compiled NEURON defaults, its .mod PARAMETER units and
bounds and its Brian2 namespace equal its parameter table (ei_models/mechanisms/<name>.py), and
every table parameter is used by the model code of both the .mod file and the .eqs file."""

import math
import re

import numpy as np
import pytest

from ei_models import gaba, mechanisms, physics
from ei_models._resources import equations_dir, mod_dir
from ei_models.generated import FIXED_STEP
from ei_models.params import _parse_bounds

NAMES = mechanisms.names()


_PARAMETER_LINE = re.compile(r"(\w+)\s*=\s*([-+0-9.eE]+)\s*\(([^)]*)\)\s*(?:<\s*([^,>]+?)\s*,\s*([^>]+?)\s*>)?")


def mod_parameter_bounds(name):
    """{parameter: (value, unit, lo, hi)} from the PARAMETER block of mod/<name>.mod; lo and hi
    are the NMODL ``<lo, hi>`` limits, None where the line has none."""
    text = (mod_dir() / f"{name}.mod").read_text()
    block = re.search(r"^PARAMETER\s*\{(.*?)^\}", text, re.S | re.M).group(1)
    out = {}
    for line in block.splitlines():
        line = line.split(":", 1)[0].strip()
        m = _PARAMETER_LINE.match(line)
        if m:
            lo, hi = (None, None) if m.group(4) is None else (float(m.group(4)), float(m.group(5)))
            out[m.group(1)] = (float(m.group(2)), m.group(3).strip(), lo, hi)
    return out


def mod_parameters(name):
    """{parameter: (value, unit)} from the PARAMETER block of mod/<name>.mod."""
    return {k: (v, u) for k, (v, u, _, _) in mod_parameter_bounds(name).items()}


def mod_model_code(name):
    """The code of mod/<name>.mod outside COMMENT blocks, ``:`` comments, the NEURON block (its
    RANGE declarations) and the PARAMETER block: where a parameter must be used."""
    text = (mod_dir() / f"{name}.mod").read_text()
    # the INITIAL guard (ei_models.generated.guard_block) names every parameter: not a use
    text = re.sub(r"^\s*: >>> generated guard\b.*?^\s*: <<< generated guard\b", "", text, flags=re.S | re.M)
    text = re.sub(r"^\s*COMMENT\b.*?^\s*ENDCOMMENT\b", "", text, flags=re.S | re.M)
    text = "\n".join(line.split(":", 1)[0] for line in text.splitlines())
    for block in ("NEURON", "PARAMETER"):
        text = re.sub(rf"^{block}\s*\{{.*?^\}}", "", text, flags=re.S | re.M)
    return text


def eqs_model_code(name):
    """The text of equations/<name>.eqs without ``#`` comments."""
    text = (equations_dir() / f"{name}.eqs").read_text()
    return "\n".join(line.split("#", 1)[0] for line in text.splitlines())


#: an NMODL limit standing for an infinite table bound must be at least this large (table units)
NMODL_INF = 1e9
#: an NMODL limit standing for an open finite table bound lies inside it by at most this much
NMODL_OPEN_MARGIN = 1e-6


def bound_problems(p, lo, hi):
    """Why the NMODL limits ``<lo, hi>`` do not express the table bounds of ``p`` (list of str).

    NMODL limits are closed: a closed finite table end must be the same number, an open finite
    end a number just inside it (within NMODL_OPEN_MARGIN), an infinite end a number of at least
    NMODL_INF in size; the default must lie within the limits."""
    if lo is None:
        return [f"has no <lo, hi> limits; the table says {p.bounds}"]
    t_lo, lo_closed, t_hi, hi_closed = _parse_bounds(p.bounds)
    problems = []
    for side, mine, theirs, closed, sign in (("lower", lo, t_lo, lo_closed, 1), ("upper", hi, t_hi, hi_closed, -1)):
        if math.isinf(theirs):
            ok = -sign * mine >= NMODL_INF
        elif closed:
            ok = mine == theirs
        else:
            ok = 0 < sign * (mine - theirs) <= NMODL_OPEN_MARGIN
        if not ok:
            problems.append(f"{side} limit {mine:g} does not express the table bounds {p.bounds}")
    if not lo <= p.value <= hi:
        problems.append(f"default {p.value:g} outside the limits <{lo:g}, {hi:g}>")
    return problems


@pytest.mark.parametrize("name", NAMES)
def test_every_mechanism_has_its_files(name):
    assert (mod_dir() / f"{name}.mod").exists(), f"mod/{name}.mod missing"
    assert (equations_dir() / f"{name}.eqs").exists(), f"equations/{name}.eqs missing"
    text = (mod_dir() / f"{name}.mod").read_text()
    kind = "POINT_PROCESS" if mechanisms.get(name).kind == "point_process" else "SUFFIX"
    hoc = mechanisms.get(name).neuron_name
    assert hoc == f"eim_{name}"
    assert re.search(rf"^\s*{kind}\s+{hoc}\s*$", text, re.M), f"{name}.mod must declare {kind} {hoc}"
    code = re.sub(r"^\s*COMMENT\b.*?^\s*ENDCOMMENT\b", "", text, flags=re.S | re.M)
    # VERBATIM only in the generated INITIAL guard (hoc_execerror; ei_models.generated.guard_block)
    code = re.sub(r"^\s*: >>> generated guard\b.*?^\s*: <<< generated guard\b", "", code, flags=re.S | re.M)
    # the one VERBATIM allowed: ei_models.generated.FIXED_STEP (the CVODE / fixed-step switch,
    # checked byte for byte by test_generated.py), and METHOD euler only with it, as the vehicle
    # of the exact fixed-step update (see the mod files' COMMENTs)
    two_paths = FIXED_STEP in code
    code = code.replace(FIXED_STEP, "")
    code = "\n".join(line.split(":", 1)[0] for line in code.splitlines())
    assert re.search(r"\bTHREADSAFE\b", code)
    # a POINTER only as the forwarded-weight slot w_out that ei_models.neuron.forward sets
    forbidden = [r"\bVERBATIM\b", r"\bPOINTER\b(?!\s+w_out\s*$)", r"\bumho\b", r"\bINDEPENDENT\b"]
    for pattern in forbidden + ([] if two_paths else [r"METHOD\s+euler\b"]):
        assert not re.search(pattern, code, re.M), f"{name}.mod uses {pattern}"


@pytest.mark.parametrize("name", NAMES)
def test_mod_parameter_block_matches_table(name):
    table = mechanisms.get(name).table
    block = mod_parameters(name)
    assert set(block) == set(table.names), f"{name}: .mod PARAMETERs {sorted(block)} vs table {table.names}"
    for p in table:
        value, unit = block[p.name]
        assert value == pytest.approx(p.value, rel=1e-12, abs=0), f"{name}.{p.name}: .mod {value} vs table {p.value}"
        assert unit == p.unit, f"{name}.{p.name}: .mod unit ({unit}) vs table {p.unit}"


@pytest.mark.parametrize("name", NAMES)
def test_mod_parameter_limits_match_table_bounds(name):
    block = mod_parameter_bounds(name)
    problems = [f"{name}.{p.name}: {msg}" for p in mechanisms.get(name).table
                for msg in bound_problems(p, *block[p.name][2:])]
    assert not problems, "\n".join(problems)


#: table parameters that one side legitimately does not name in its model code, with the reason
NOT_IN_MODEL_CODE = {
    ("release", "mod", "seed"): "Random123 id copied into the RANDOM stream by ei_models.neuron (set_ids)",
    ("release", "mod", "stream"): "Random123 id copied into the RANDOM stream by ei_models.neuron (set_ids)",
    ("release", "eqs", "seed"): "NEURON only: Brian2 draws from brian2.seed",
    ("release", "eqs", "stream"): "NEURON only: Brian2 draws from brian2.seed",
    ("tsodyks_markram", "mod", "seed"): "Random123 id copied into the RANDOM stream by ei_models.neuron (set_ids)",
    ("tsodyks_markram", "mod", "stream"): "Random123 id copied into the RANDOM stream by ei_models.neuron (set_ids)",
    ("tsodyks_markram", "eqs", "seed"): "NEURON only: Brian2 draws from brian2.seed",
    ("tsodyks_markram", "eqs", "stream"): "NEURON only: Brian2 draws from brian2.seed",
    ("ca_plasticity", "eqs", "w0"): "initial state only: W starts at w0 (set on the group before the run)",
    ("glu_gln_cycle", "eqs", "total"): "initial state only: the pools start at the steady state holding total",
}


def _changes_derived(mech, name):
    """Whether parameter ``name`` reaches the Brian2 namespace through ``mech.derived``."""
    if mech.derived is None and not mech.temperature:
        return False

    def derived(v):  # with the Q10 factors (qt, at 30 C), which reach it the same way
        return {**(mech.derived(v) if mech.derived else {}), **mech.q10_factors(v, 30.0)}

    values = mech.table.defaults()
    if name == "temp_ref":  # qt depends on temp_ref only where a q10 is not 1 (the q10 = 1 defaults)
        values.update({k: 2.0 for k in values if k == "q10" or k.startswith("q10_")})
    base = derived(values)
    values[name] = values[name] * 0.5 if values[name] else 0.5
    if name.startswith("q10"):
        values[name] = 2 * mech.table.defaults()[name]
    return any(not np.allclose(np.asarray(base[k], float), np.asarray(v, float), rtol=0, atol=0)
               for k, v in derived(values).items())


@pytest.mark.parametrize("name", NAMES)
def test_every_parameter_is_used_in_mod_and_eqs(name):
    """A table parameter that the model code never reads is a silent no-op for the user: each one
    appears in the .mod code (outside PARAMETER/NEURON and comments) and in the .eqs model (or
    reaches it through the mechanism's derived namespace values), unless listed with a reason."""
    mech = mechanisms.get(name)
    mod, eqs = mod_model_code(name), eqs_model_code(name)
    unused = []
    for p in mech.table.names:
        if not re.search(rf"\b{p}\b", mod) and (name, "mod", p) not in NOT_IN_MODEL_CODE:
            unused.append(f"{name}.mod does not use {p}")
        if not re.search(rf"\b{p}\b", eqs) and (name, "eqs", p) not in NOT_IN_MODEL_CODE \
                and not _changes_derived(mech, p):
            unused.append(f"{name}.eqs does not use {p} (nor does its derived namespace)")
    assert not unused, "\n".join(unused)


def test_not_in_model_code_list_is_current():
    """Every exemption above is still needed (a parameter that became used must leave the list)."""
    for (name, side, p), why in NOT_IN_MODEL_CODE.items():
        code = mod_model_code(name) if side == "mod" else eqs_model_code(name)
        assert not re.search(rf"\b{p}\b", code), f"{name}.{side} now uses {p}: drop it from NOT_IN_MODEL_CODE ({why})"


@pytest.mark.neuron
@pytest.mark.parametrize("name", NAMES)
def test_compiled_defaults_equal_table(name, nrn):
    mech = mechanisms.get(name)
    sec = nrn.Section(name=f"drift_{name}")
    if mech.kind == "point_process":
        obj = getattr(nrn, mech.neuron_name)(sec(0.5))
        compiled = {p: getattr(obj, p) for p in mech.table.names}
    else:
        sec.insert(mech.neuron_name)
        compiled = {p: getattr(sec(0.5), f"{p}_{mech.neuron_name}") for p in mech.table.names}
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


SCHEME_MECHANISMS = [n for n in NAMES if n in gaba._schemes()]


@pytest.mark.neuron
@pytest.mark.parametrize("name", SCHEME_MECHANISMS)
def test_mod_scheme_procedures_follow_the_scheme_data(name, nrn):
    """The hand-solved procedures of a kinetic .mod (equilibrium() in INITIAL, the closed-form
    backward Euler advance()) agree with the scheme data of the mechanism module: the initial
    occupancies equal gaba.steady_state, and one step after a jump in GABA equals
    (I - dt Q)^-1 x with Q from the data, both to 1e-12 (modulators on)."""
    mech, scheme = mechanisms.get(name), gaba.scheme_of(name)
    values = mech.resolve({"drug": "allopregnanolone", "thip": 1e-4, "bz": 1e-4, "gaba": 1e-3})
    sec = nrn.Section(name=f"scheme_{name}")
    if mech.kind == "point_process":
        obj = getattr(nrn, mech.neuron_name)(sec(0.5))
        key = lambda v: v  # noqa: E731
    else:
        sec.insert(mech.neuron_name)
        obj = sec(0.5)
        key = lambda v: f"{v}_{mech.neuron_name}"  # noqa: E731
    for p, x in values.items():
        setattr(obj, key(p), x)
    nrn.dt = 0.025
    nrn.finitialize(-65)
    x0 = np.array([getattr(obj, key(s)) for s in scheme.states])
    ss = gaba.steady_state(scheme, values, values["gaba"])
    assert np.abs(x0 - np.array([ss[s] for s in scheme.states])).max() < 1e-12
    setattr(obj, key("gaba"), 0.05)
    nrn.fadvance()
    x1 = np.array([getattr(obj, key(s)) for s in scheme.states])
    q = gaba.generator(scheme, values, 0.05, celsius=nrn.celsius)  # the rates at NEURON's celsius (Q10)
    expected = np.linalg.solve(np.eye(len(x0)) - nrn.dt * q, x0)
    assert np.abs(x1 - expected).max() < 1e-12
    assert np.abs(x1 - x0).max() > 1e-4  # the jump moved the occupancies


# -- physical constants and the Mg2+ block: the copies outside ei_models/physics.py -------------
#: how a constant is written in the .eqs files (a number followed by its Brian2 unit) or in the
#: .mod files, and its one Python value
CONSTANT_PATTERNS = {
    "AVOGADRO": (r"([0-9.]+e23)\s*/\s*mole", physics.AVOGADRO),
    "E_CHARGE": (r"([0-9.]+e-19)\s*\*\s*coulomb", physics.E_CHARGE),
    "F": (r"([0-9.]+)\s*\*\s*coulomb\s*/\s*mole", physics.F),
    "R": (r"([0-9.]+)\s*\*\s*joule\s*/\s*\(\s*mole\s*\*\s*kelvin\s*\)", physics.R),
    "ZERO_C": (r"celsius\s*\+\s*([0-9.]+)", physics.ZERO_C),
}


def _model_texts():
    texts = {f"{n}.eqs": eqs_model_code(n) for n in NAMES}
    texts.update({f"{n}.mod": mod_model_code(n) for n in NAMES})
    return texts


@pytest.mark.parametrize("constant", sorted(CONSTANT_PATTERNS))
def test_physical_constants_in_mod_and_eqs_equal_physics(constant):
    """CODATA constants written as numbers in the .eqs/.mod files equal ei_models.physics (and
    each pattern finds at least one copy, so the check is not vacuous)."""
    pattern, value = CONSTANT_PATTERNS[constant]
    found = [(where, float(m)) for where, text in _model_texts().items() for m in re.findall(pattern, text)]
    assert found, f"no copy of {constant} found: the pattern {pattern!r} is stale"
    wrong = [(where, x) for where, x in found if x != value]
    assert not wrong, f"{constant} differs from ei_models.physics ({value!r}): {wrong}"


@pytest.mark.neuron
def test_neuron_faraday_and_gas_constant_equal_physics(nrn):
    """The .mod files take FARADAY and R from NEURON's unit database (CODATA 2018 since NEURON 9).
    NEURON computes them exactly as N_A e and N_A k_B (96485.33212331..., 8.31446261815...);
    physics holds CODATA's published roundings (96485.33212, 8.314462618): 3.4e-11 and 1.8e-11
    relative apart, far below any tolerance of the validation, hence rel=1e-10."""
    assert nrn.FARADAY == pytest.approx(physics.AVOGADRO * physics.E_CHARGE, rel=1e-15)
    assert nrn.FARADAY == pytest.approx(physics.F, rel=1e-10)
    assert nrn.R == pytest.approx(physics.R, rel=1e-10)


MG_BLOCK = re.compile(r"mgb\s*=\s*1\s*/\s*\(\s*1\s*\+\s*mg\s*/\s*mg_k0\s*\*\s*exp\(\s*-\s*mg_gamma\s*\*\s*v(_post)?\s*\)\s*\)")


@pytest.mark.parametrize("name", [n for n in NAMES if "mg_k0" in mechanisms.get(n).table])
def test_mg_block_copies_are_jahr_stevens(name):
    """Every copy of the Mg2+ block, B = 1/(1 + mg/mg_k0 exp(-mg_gamma v)), is the formula of
    ei_models.physics.mg_block in the .mod and the .eqs, and its default constants are physics'."""
    assert MG_BLOCK.search(mod_model_code(name)), f"{name}.mod: Mg2+ block is not 1/(1 + mg/mg_k0*exp(-mg_gamma*v))"
    assert MG_BLOCK.search(eqs_model_code(name)), f"{name}.eqs: Mg2+ block is not 1/(1 + mg/mg_k0*exp(-mg_gamma*v_post))"
    table = mechanisms.get(name).table
    assert (table["mg_k0"].value, table["mg_gamma"].value) == (physics.MG_K0_JS1990, physics.MG_GAMMA_JS1990)


def test_mg_block_helpers_default_to_physics():
    import inspect

    from ei_models import brian2 as eib

    sig = inspect.signature(getattr(eib.mg_block, "_orig_func", eib.mg_block)).parameters  # under check_units
    import brian2

    assert float(sig["k0"].default / brian2.mM) == pytest.approx(physics.MG_K0_JS1990, rel=1e-15)
    assert float(sig["gamma"].default * brian2.mV) == pytest.approx(physics.MG_GAMMA_JS1990, rel=1e-15)
    v = np.linspace(-100, 40, 15)
    assert np.allclose(physics.mg_block(v), 1 / (1 + 1 / physics.MG_K0_JS1990 * np.exp(-physics.MG_GAMMA_JS1990 * v)),
                       rtol=1e-15, atol=0)
