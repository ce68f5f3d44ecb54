"""Fuzzing both APIs (issue 18): random parameter dictionaries, weights, delays and time steps,
with values that include NaN, +-inf, negative numbers, zero, huge numbers, wrong units, strings
and unknown names, for every mechanism in NEURON and in Brian2. Each example either raises an
:class:`~ei_models.errors.EiModelsError` naming the offending parameter, or runs with finite,
bounded states. An example this file's own oracle (table bounds, known names) calls bad must not
be accepted.

NEURON (every example): ``ei_models.neuron.insert`` with the parameters, ``connect`` with the
weight and delay (point processes), then ``ei_models.neuron.finitialize`` and 2 ms at the example's
dt (in-process, compiled mechanisms); states checked after the run: the mechanism's traces
finite, its non-negative states >= -1e-9, v finite and within [-1000, 1000] mV. NEURON's dt is
not an ei_models input (``h.dt``), so it is drawn from valid steps (0.01-0.1 ms) only.

Brian2 (compiled code is generated per distinct constant, so not one compile per example): every
example is validated through the API functions ``make_synapses``/``synapse_model``/
``density_model`` apply: ``Mechanism.resolve(..., brian2_units=True)`` for the parameters and
``check_event_values``/``check_time_step`` for weight, delay and dt. The accepted ones then run
together, one cython network per mechanism: one synapse (point process, all table parameters
``per_synapse``, written into the Synapses after creation so that ``CheckedSynapses.before_run``
checks them again) or one neuron (density mechanism, the table parameters as per-neuron
constants; v clamped at -65 mV where the mechanism's method is implicit_euler_linear, which
needs equations linear in the states; rk4 instead of Brian2's exact solution, which per-neuron
constants make symbolic and singular where two rates coincide, as in gad_pools) per accepted
example, with its weight and delay, 2 ms at dt = 0.025 ms; v and every
state of every synapse/neuron are then checked finite (v within [-1000, 1000] mV). Derived
namespace constants (e.g. a peak-normalisation factor) stay at the defaults' values in this batch
(they are not per-synapse), so the batch shows finiteness over the accepted parameter space, not
each example's exact trace. The accepted dt values are checked but the batch runs at 0.025 ms.

Counts (tried / raised / ran) per mechanism x simulator go to ``fuzz_counts.json`` in the pytest
temporary folder and are printed (``-s``).
"""

import json
import math

import numpy as np
import pytest

from ei_models import mechanisms
from ei_models.errors import EiModelsError
from ei_models.params import _parse_bounds

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

NAMES = mechanisms.names()
EXAMPLES = 200
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                    suppress_health_check=list(HealthCheck))
COUNTS: dict = {}
BAD_SPECIALS = [float("nan"), float("inf"), -float("inf"), -1.0, -1e12, 1e12]


# -- strategies --------------------------------------------------------------------------------
def _valid(p):
    """Finite values inside parameter ``p``'s bounds, near its default (x0.1 to x10)."""
    lo, lo_c, hi, hi_c = _parse_bounds(p.bounds)
    base = p.value if p.value != 0 else 1.0
    scaled = st.floats(-1, 1).map(lambda e: base * 10.0 ** e)
    ends = [x for x, closed in ((lo, lo_c), (hi, hi_c)) if closed and math.isfinite(x)]
    if p.value == 0:
        scaled = st.floats(0, 1).map(lambda f: lo + f if math.isfinite(lo) else f)
    inside = scaled.filter(p.allows)
    return st.one_of(inside, st.sampled_from(ends)) if ends else inside


def _value(p, brian2_units):
    """Any value for parameter ``p``: valid numbers, specials, strings, wrong units (Brian2)."""
    options = [_valid(p), st.sampled_from(BAD_SPECIALS), st.just(0.0), st.text(max_size=3), st.none(),
               st.just([1.0, 2.0])]
    if brian2_units:
        import brian2

        from ei_models.params import brian2_unit

        options.append(_valid(p).map(lambda x: x * brian2_unit(p.unit)))  # right unit
        options.append(st.sampled_from([1 * brian2.mV, 1 * brian2.nS, 1 * brian2.ms, 1 * brian2.mM]))
    return st.one_of(*options)


def _example(name, brian2_units):
    mech = mechanisms.get(name)
    keys = st.sampled_from(mech.table.names + ["no_such_parameter"])
    params = st.lists(keys, max_size=4, unique=True).flatmap(
        lambda ks: st.fixed_dictionaries({k: (_value(mech.table[k], brian2_units) if k in mech.table else st.just(1.0))
                                          for k in ks}))
    typical = 0.001 if mech.weight_unit == "uS" else 1.0
    weight = st.one_of(st.floats(0, 2).map(lambda f: f * typical), st.sampled_from(BAD_SPECIALS), st.text(max_size=2))
    delay = st.one_of(st.floats(0, 2), st.sampled_from(BAD_SPECIALS))
    return st.tuples(params, weight, delay)


def _oracle_bad(mech, params, brian2_units):
    """Keys this file's oracle calls bad: unknown, not a number (or a quantity of the wrong
    dimension), not finite, or outside the table bounds."""
    from ei_models.params import brian2_unit

    bad = []
    for k, v in params.items():
        if k not in mech.table:
            bad.append(k)
            continue
        p = mech.table[k]
        if hasattr(v, "dim"):
            import brian2

            if not brian2.have_same_dimensions(v, brian2_unit(p.unit)):
                bad.append(k)
                continue
            v = float(v / brian2_unit(p.unit))
        elif isinstance(v, bool) or not isinstance(v, (int, float)):
            bad.append(k)
            continue
        if not p.allows(float(v)):
            bad.append(k)
    return bad


def _count(name, sim, outcome):
    c = COUNTS.setdefault(f"{name} x {sim}", {"tried": 0, "raised": 0, "ran": 0})
    c["tried"] += 1
    c[outcome] += 1


def _raised_ok(err, names):
    """The error is ours and names one of ``names``."""
    assert isinstance(err, EiModelsError), f"not an EiModelsError: {err!r}"
    text = str(err)
    assert any(n in text for n in names), f"{text!r} names none of {names}"


# -- NEURON ------------------------------------------------------------------------------------
def _neuron_states_ok(h, mech, obj, sec):
    v = sec(0.5).v
    assert math.isfinite(v) and abs(v) <= 1000, f"{mech.name}: v = {v}"
    for var in set(mech.traces) | set(mech.nonnegative):
        ref = obj if mech.kind == "point_process" else sec(0.5)
        attr = var if mech.kind == "point_process" else f"{var}_{mech.neuron_name}"
        if not hasattr(ref, attr):
            continue
        x = getattr(ref, attr)
        assert math.isfinite(x), f"{mech.name}.{var} = {x}"
        if var in mech.nonnegative:
            assert x >= -1e-9, f"{mech.name}.{var} = {x} < 0"


@pytest.mark.neuron
@pytest.mark.parametrize("name", NAMES)
def test_fuzz_neuron(nrn, name, record_counts):
    from ei_models import neuron as ein

    mech = mechanisms.get(name)
    h = nrn
    stim = h.NetStim()
    stim.start, stim.number = 0.5, 1

    @SETTINGS
    @given(_example(name, brian2_units=False), st.sampled_from([0.01, 0.025, 0.05, 0.1]))
    def run(example, dt):
        params, weight, delay = example
        sec = h.Section(name=f"fuzz_{name}")
        sec.L = sec.diam = 10
        sec.insert("pas")
        bad = _oracle_bad(mech, params, brian2_units=False)
        syn = nc = None
        try:
            syn = ein.insert(name, sec(0.5) if mech.kind == "point_process" else sec, **params)
            if mech.kind == "point_process":
                nc = syn.connect(stim, weight=weight, delay=delay)
            h.dt = dt
            ein.finitialize(-65)
            h.continuerun(2)
        except Exception as err:  # noqa: BLE001 - checked below
            _raised_ok(err, list(params) + ["weight", "delay", "NetCon"])
            _count(name, "NEURON", "raised")
            return
        finally:
            del nc
        assert not bad, f"{name}: {params} accepted, but {bad} are bad"
        _neuron_states_ok(h, mech, syn.hoc if mech.kind == "point_process" else None, sec)
        _count(name, "NEURON", "ran")

    run()
    assert COUNTS[f"{name} x NEURON"]["tried"] >= EXAMPLES


# -- Brian2 ------------------------------------------------------------------------------------
@pytest.mark.brian2
@pytest.mark.parametrize("name", NAMES)
def test_fuzz_brian2(b2, name, record_counts):
    from ei_models import brian2 as eib
    from ei_models.params import brian2_unit

    mech = mechanisms.get(name)
    accepted = []
    w_unit = brian2_unit(mech.weight_unit or "1")

    @SETTINGS
    @given(_example(name, brian2_units=True), st.one_of(
        st.floats(0.005, 0.1).map(lambda x: x * b2.ms), st.sampled_from(BAD_SPECIALS).map(lambda x: x * b2.ms),
        st.just(0.025), st.just(1 * b2.mV), st.just("0.025*ms")))
    def validate(example, dt):
        params, weight, delay = example
        bad = _oracle_bad(mech, params, brian2_units=True)
        w = weight * w_unit if isinstance(weight, float) else weight
        d = delay * b2.ms if isinstance(delay, float) else delay
        try:
            values = mech.resolve(params, brian2_units=True)
            if mech.kind == "point_process":
                eib.check_event_values(w, w_unit, f"{name}: weight", "a weight")
                eib.check_event_values(d, b2.second, f"{name}: delay", "a time")
            eib.check_time_step(dt, f"{name}: dt")
        except Exception as err:  # noqa: BLE001 - checked below
            _raised_ok(err, list(params) + ["weight", "delay", "dt"])
            _count(name, "Brian2", "raised")
            return
        assert not bad, f"{name}: {params} accepted, but {bad} are bad"
        accepted.append((values, float(w / w_unit) if mech.kind == "point_process" else 0.0,
                         float(d / b2.ms) if mech.kind == "point_process" else 0.0))
        _count(name, "Brian2", "ran")  # the batch below runs it (the test fails otherwise)

    validate()
    assert accepted, f"{name}: no example accepted"
    _run_brian2_batch(b2, eib, mech, accepted)
    assert COUNTS[f"{name} x Brian2"]["tried"] >= EXAMPLES


def _run_brian2_batch(b2, eib, mech, accepted):  # noqa: C901
    """One cython network running every accepted example (see the module docstring)."""
    from brian2.core.variables import ArrayVariable

    from ei_models.params import brian2_unit

    n = len(accepted)
    names = mech.table.names
    table = {k: np.array([vals[k] for vals, _, _ in accepted]) for k in names}
    net = b2.Network()
    if mech.kind == "point_process":
        model = eib.synapse_model(mech.name, per_synapse=names, sum_conductance=False)
        lines = model.post_equations()
        # v clamped at -65 mV: the currents are summed from the synapses, so no Brian2 method can
        # integrate a membrane implicitly in them, and an explicit one diverges for the huge
        # conductances the examples include (1e12 uS); NEURON's fuzz run checks v (implicit)
        post = b2.NeuronGroup(n, "v : volt (constant)\n" + lines, dt=0.025 * b2.ms)
        post.v = -65 * b2.mV
        src = b2.SpikeGeneratorGroup(1, [0], [0.5] * b2.ms, dt=0.025 * b2.ms)
        syn = eib.make_synapses(src, post, mech.name, per_synapse=names, sum_conductance=False, dt=0.025 * b2.ms)
        syn.connect(i=0, j=np.arange(n))
        for k in names:  # after creation: CheckedSynapses.before_run checks them again
            setattr(syn, k, table[k] * brian2_unit(mech.table[k].unit))
        if "w" in syn.variables:
            syn.w = np.array([w for _, w, _ in accepted]) * brian2_unit(mech.weight_unit or "1")
        syn.delay = np.array([d for _, _, d in accepted]) * b2.ms
        if mech.initial is not None:
            eib.initialize(syn, mech.name, {k: float(np.median(v)) for k, v in table.items()})
        net.add(src, post, syn)
        groups = [syn, post]
    else:
        dm = eib.density_model(mech.name)
        per_neuron = {k: f"{k}_{mech.name}" for k in names if f"{k}_{mech.name}" in dm.namespace}
        namespace = {k: v for k, v in dm.namespace.items() if k not in per_neuron.values()}
        from ei_models.brian2 import _unit_text

        decl = "\n".join(f"{var} : {_unit_text(mech.table[k].unit)} (constant)" for k, var in per_neuron.items())
        current = dm.current if dm.current in dm.equations.names else "0*amp/meter**2"  # no current
        inputs = {"ica": "amp/meter**2"}  # a density mechanism's input from other mechanisms
        free = [k for k in inputs if k in dm.equations.identifiers and k not in dm.equations.names]
        decl += "".join(f"\n{k} : {inputs[k]} (constant)" for k in free)
        namespace.update(fz_gl=0.1 * b2.msiemens / b2.cm ** 2, fz_el=-65 * b2.mV, fz_cm=1 * b2.ufarad / b2.cm ** 2)
        # a kinetic scheme's implicit_euler_linear needs equations linear in the states: v clamped
        membrane = ("v : volt (constant)" if dm.method == "implicit_euler_linear"
                    else f"dv/dt = (fz_gl*(fz_el - v) - {current}) / fz_cm : volt")
        eqs = (b2.Equations(membrane)
               + dm.equations + b2.Equations(decl))
        # per-neuron constants make Brian2's "exact" solution symbolic, singular where two rates
        # coincide (gad_pools: krel = kv + kdeg), which the real API (numeric constants) is not:
        # the batch integrates such a mechanism with rk4
        method = "rk4" if dm.method == "exact" else dm.method
        post = b2.NeuronGroup(n, eqs, method=method, namespace=namespace, dt=0.025 * b2.ms)
        post.v = -65 * b2.mV
        if "ica" in free:
            post.ica = -0.01 * b2.mA / b2.cm ** 2  # a steady calcium influx
        for k, var in per_neuron.items():
            setattr(post, var, table[k] * brian2_unit(mech.table[k].unit))
        if mech.initial is not None:
            eib.initialize(post, mech.name, {k: float(np.median(v)) for k, v in table.items()})
        net.add(post)
        groups = [post]
    net.run(2 * b2.ms, namespace={})
    v = np.asarray(post.v[:] / b2.mV)
    worst = np.flatnonzero(~(np.isfinite(v) & (np.abs(v) <= 1000)))
    assert not worst.size, f"{mech.name}: v = {v[worst[0]]} mV for the accepted example {accepted[worst[0]]}"
    for group in groups:
        for var in group.equations.names if hasattr(group, "equations") else ():
            if isinstance(group.variables.get(var), ArrayVariable) and group.variables[var].dtype == np.float64:
                x = np.asarray(group.variables[var].get_value())
                assert np.all(np.isfinite(x)), f"{mech.name}: {var} not finite ({int((~np.isfinite(x)).sum())} of {x.size})"


@pytest.fixture(scope="module")
def record_counts(tmp_path_factory):
    yield
    path = tmp_path_factory.getbasetemp() / "fuzz_counts.json"
    old = json.loads(path.read_text()) if path.exists() else {}
    old.update(COUNTS)
    path.write_text(json.dumps(old, indent=1, sort_keys=True))
    print(f"\nfuzz counts ({path}):")
    for key, c in sorted(COUNTS.items()):
        print(f"  {key:32s} tried {c['tried']:4d}  raised {c['raised']:4d}  ran {c['ran']:4d}")
