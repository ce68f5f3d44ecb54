"""``ei-models bench``: costs as ratios against each simulator's own baseline, measured in the
same run (these machines are noisy; absolute times are reported but only ratios are compared).

* NEURON, per point-process mechanism: wall time per instance per step with ``n`` instances,
  each driven by its own ``NetStim``, against NEURON's built-in ``Exp2Syn`` under the identical
  load, after subtracting the same network without synapses ("empty"); and one instance serving
  ``n`` ``NetCon``s against ``n`` instances with one each.
* Brian2 ``cpp_standalone``, per synapse mechanism: ns per synapse per step from Brian2's own
  code-object profiling, against a plain exponential-conductance synapse (``g += w``, exponential
  decay, summed into the target) in the same build; each receptor in up to four forms, the
  target's membrane update charged to each: the default (``make_synapses`` onto a group declared
  with ``post_equations``: the summed conductance wherever exact), per synapse, summed
  conductance (``sum_conductance=True``: Mg2+ block and driving force once per target) and, for
  linear ones, per target (``target_model``).
* Start-up: first compile and cached load of the mechanisms (fresh cache folder, subprocesses).
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from ei_models import mechanisms

#: per-mechanism NetCon weight and extra options for the benchmark drive
DRIVE = {"default": 1e-4}


def _point_processes():
    return [n for n in mechanisms.names() if mechanisms.get(n).kind == "point_process"]


# -- NEURON ---------------------------------------------------------------------------------
def neuron_load(n, rate):
    """The load shared by the NEURON benchmark scripts (run in their subprocess): the compiled
    mechanisms loaded, ``max(1, n // 10)`` passive single-compartment cells and ``n`` NetStims
    firing at ``rate`` (Hz, Poisson, one Random123 stream each). Returns ``(h, cells, stims)``."""
    from neuron import h

    from ei_models.neuron import loader

    loader.load()
    h.load_file("stdrun.hoc")
    cells = []
    for k in range(max(1, n // 10)):
        s = h.Section(name=f"c{k}")
        s.L = s.diam = 10
        s.insert("pas")
        cells.append(s)
    stims = []
    for k in range(n):
        ns = h.NetStim()
        ns.interval, ns.number, ns.start, ns.noise = 1000.0 / rate, 1e9, 1.0, 1
        ns.noiseFromRandom123(k, 1, 2)
        stims.append(ns)
    return h, cells, stims


def neuron_timed_run(h, tstop) -> float:
    """Fixed step 0.025 ms from -65 mV to ``tstop`` (ms); the wall time (s) of the run alone."""
    h.dt = 0.025
    h.cvode_active(0)
    h.finitialize(-65)
    t0 = time.perf_counter()
    h.continuerun(tstop)
    return time.perf_counter() - t0


_NEURON_SCRIPT = r"""
import json, sys
from ei_models import mechanisms
from ei_models.validation.bench import neuron_load, neuron_timed_run
name, n, mode, tstop, rate = sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4]), float(sys.argv[5])
hoc_name = mechanisms.get(name).neuron_name if name in mechanisms.names() else name  # Exp2Syn: NEURON's own
h, secs, stims = neuron_load(n, rate)
syns, ncs = [], []
for k, ns in enumerate(stims):
    if mode == "empty":
        continue
    if mode == "shared" and syns:
        target = syns[0]
    else:
        target = getattr(h, hoc_name)(secs[k % len(secs)](0.5))
        syns.append(target)
    nc = h.NetCon(ns, target)
    nc.weight[0] = float(sys.argv[6])
    ncs.append(nc)
wall = neuron_timed_run(h, tstop)
print(json.dumps({"wall": wall, "steps": int(round(tstop / h.dt)), "instances": len(syns)}))
"""


def _weight(name) -> float:
    """A typical event weight: 0.1 nS for conductance weights, one transmitter pulse otherwise."""
    if name == "Exp2Syn":
        return 1e-4
    return 1e-4 if mechanisms.get(name).weight_unit == "uS" else 1.0


def _neuron_run(name, n, mode, tstop, rate) -> dict:
    proc = subprocess.run([sys.executable, "-c", _NEURON_SCRIPT, name, str(n), mode, str(tstop), str(rate),
                           str(_weight(name))],
                          capture_output=True, text=True, timeout=1800)
    if proc.returncode != 0:
        raise RuntimeError(f"NEURON benchmark of {name} ({mode}) failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def bench_neuron(names=None, n=1000, tstop=500.0, rate=20.0, repeats=3) -> dict:
    """Per-instance, per-step cost of each point process against Exp2Syn, same run."""
    names = names or _point_processes()
    results = {}

    def best(name, mode):
        return min(_neuron_run(name, n, mode, tstop, rate)["wall"] for _ in range(repeats))

    empty = best("Exp2Syn", "empty")
    base = best("Exp2Syn", "each")
    steps = tstop / 0.025
    results["_baseline"] = {"empty_s": empty, "Exp2Syn_s": base,
                            "Exp2Syn_ns_per_instance_step": (base - empty) / (n * steps) * 1e9}
    for name in names:
        try:
            each = best(name, "each")
            shared = best(name, "shared")
        except RuntimeError as exc:
            results[name] = {"error": str(exc).splitlines()[-1]}
            continue
        results[name] = {
            "wall_s": each,
            "ns_per_instance_step": (each - empty) / (n * steps) * 1e9,
            "ratio_vs_Exp2Syn": (each - empty) / (base - empty),
            "ratio_vs_Exp2Syn_raw": each / base,
            "one_instance_n_netcons_s": shared,
            "shared_over_each": (shared - empty) / (each - empty),
        }
    return results


# -- Brian2 ---------------------------------------------------------------------------------
#: the Brian2 forms measured: row label suffix and the ``sum_conductance`` choice
_B2_FORMS = (("", None), (" (per synapse)", False), (" (sum g)", True))


def bench_brian2(names=None, n_syn=200_000, duration_ms=100.0, rate_hz=10.0) -> dict:
    """ns per synapse per step of each synapse model vs a plain exponential synapse, one
    ``cpp_standalone`` build with Brian2's profiling (single thread).

    Each receptor in up to four forms, each onto its own target group whose membrane equation
    uses the current (so computing it there is charged to the form): the default (``name``: what
    :func:`ei_models.brian2.make_synapses` builds onto a group declared with
    :func:`ei_models.brian2.post_equations`, the summed conductance wherever exact), the
    per-synapse form, the summed-conductance form (``sum_conductance=True``) and, for linear
    ones, the per-target state form (``target_model``)."""
    import brian2 as b2

    from ei_models import brian2 as eib

    names = names or _point_processes()
    n_post = 1000
    n_pre = max(1, n_syn // n_post)
    p_connect = n_syn / (n_pre * n_post)
    results = {}
    with eib.target("cpp_standalone") as info:
        b2.prefs.devices.cpp_standalone.openmp_threads = 0
        step = 0.025 * b2.ms  # not "dt": Brian2 would find it in the run namespace
        pre = b2.PoissonGroup(n_pre, rates=rate_hz * b2.Hz, dt=step, name="bench_pre")
        base_post = b2.NeuronGroup(n_post, "v : volt\ni_base : amp", method="exact", dt=step, name="bench_base_post")
        base_post.v = -65 * b2.mV
        objects = [pre, base_post]
        base = b2.Synapses(pre, base_post, "dg/dt = -g / (5*ms) : siemens (clock-driven)\nw : siemens\n"
                           "i_base_post = g * (v_post - 0*mV) : amp (summed)", on_pre="g += w", method="exact",
                           dt=step, name="bench_baseline")
        base.connect(p=p_connect)
        base.w = 1 * b2.nS
        objects.append(base)
        measured = {}  # row label -> (object names charged, synapses)
        for name in names:
            try:
                model = eib.synapse_model(name)
            except Exception as exc:  # e.g. a mechanism that needs options to form a synapse
                results[name] = {"skipped": f"{type(exc).__name__}: {exc}"}
                continue
            if not model.post_variables or "w" not in model.model.names:
                results[name] = {"skipped": "not a receptor synapse (no postsynaptic current or weight)"}
                continue
            weight = _weight(name) * eib.brian2_unit(mechanisms.get(name).weight_unit or "1")
            for k, (label, choice) in enumerate(_B2_FORMS):
                try:
                    lines = eib.post_equations(name, sum_conductance=choice)
                except Exception:  # no exact summed form (e.g. eaat: the current is not g times V terms)
                    continue
                tag = f"bench{k}_{name}"
                current = model.post_variables[0]
                post = b2.NeuronGroup(n_post, f"dv/dt = -{current} / (200*pF) : volt\n" + lines, method="euler",
                                      dt=step, name=f"{tag}_post")
                post.v = -65 * b2.mV
                kw = {} if choice is None else {"sum_conductance": choice}
                s = eib.make_synapses(pre, post, name, connect=dict(p=p_connect), weight=weight, dt=step,
                                      synapse_name=f"{tag}_syn", **kw)
                measured[name + label] = ((f"{tag}_post", f"{tag}_syn"), s)
                objects += [post, s]
            if mechanisms.get(name).linear:
                # per-target (state) form: the per-neuron state update is charged to the mechanism
                tm = eib.target_model(name)
                tag = f"bench3_{name}"
                tpost = b2.NeuronGroup(n_post, "v : volt\n" + tm.post_equations, method="exact", dt=step,
                                       name=f"{tag}_post")
                tpost.v = -65 * b2.mV
                ts = b2.Synapses(pre, tpost, dt=step, name=f"{tag}_syn", **tm.kwargs())
                ts.connect(p=p_connect)
                ts.w = 1 * b2.nS
                measured[f"{name} (per target)"] = ((f"{tag}_post", f"{tag}_syn"), ts)
                objects += [tpost, ts]
        net = b2.Network(*objects)
        net.run(duration_ms * b2.ms, profile=True)
        prof = net.profiling_info
        steps = duration_ms / 0.025

        def cost(owners, n):
            total = sum(float(t) for obj, t in prof if any(obj == o or obj.startswith(o + "_") for o in owners))
            return total / (n * steps) * 1e9

        base_ns = cost(("bench_baseline", "bench_base_post"), len(base))
        results["_baseline"] = {"exp_synapse_ns_per_syn_step": base_ns, "n_syn": len(base), "target": info["target"]}
        for label, (owners, s) in measured.items():
            ns = cost(owners, len(s))
            results[label] = {"ns_per_syn_step": ns, "ratio_vs_exp_synapse": ns / base_ns, "n_syn": len(s)}
    return results


# -- start-up -------------------------------------------------------------------------------
def bench_startup(repeats=3) -> dict:
    """First compile (fresh cache folder) and cached load, each in a fresh interpreter."""
    code = "import time; t=time.perf_counter(); from ei_models.neuron import loader; loader.load(); print(time.perf_counter()-t)"
    with tempfile.TemporaryDirectory() as cache:
        env = dict(os.environ, EI_MODELS_CACHE=cache)
        first = float(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                                     check=True).stdout.split()[-1])
        cached = [float(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                                       check=True).stdout.split()[-1]) for _ in range(repeats)]
    return {"first_compile_and_load_s": first, "cached_load_s": statistics.median(cached)}


def bench_network(scales=(1.0, 2.0, 4.0), tstop=1000.0, out: Path | None = None) -> dict:
    """PING network wall time per simulated second at several sizes (Brian2 cpp_standalone,
    NEURON 1 and 2 ranks, CoreNEURON), with a plot of cost against size."""
    from . import bench_network

    runs = [bench_network.bench(tstop, scale=s, progress=False) for s in scales]
    result = {"runs": runs}
    if out is not None:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(6, 4))
        labels = sorted({(r["simulator"], r["ranks"]) for run in runs for r in run["rows"]})
        for sim, ranks in labels:
            xs = [run["environment"]["cells"] for run in runs for r in run["rows"] if (r["simulator"], r["ranks"]) == (sim, ranks)]
            ys = [r["s_per_simulated_s"] for run in runs for r in run["rows"] if (r["simulator"], r["ranks"]) == (sim, ranks)]
            ax.loglog(xs, ys, "o-", label=f"{sim}, {ranks} rank{'s' if ranks > 1 else ''}")
        ax.set(xlabel="cells (100 synapses each)", ylabel="wall s per simulated s", title="PING network cost vs size")
        ax.legend(fontsize=7)
        fig.tight_layout()
        fig.savefig(out / "network_scaling.png", dpi=110)
        plt.close(fig)
        result["plot"] = "network_scaling.png"
    return result


def bench_validate(out: Path) -> dict:
    """Wall time of the full ``ei-models validate`` (all cases, both simulators), one process."""
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "ei_models.cli", "validate", "--out", str(out / "validation"),
                           "--no-progress"], capture_output=True, text=True)
    return {"validate_wall_s": time.perf_counter() - t0, "exit_code": proc.returncode}


def run(parts=("startup", "neuron", "brian2"), out="bench_out", quick=False, scales=(1.0, 2.0, 4.0),
        tstop=1000.0) -> dict:
    from tqdm import tqdm

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    result = {"machine": f"{platform.machine()}, {os.cpu_count()} cores", "python": platform.python_version()}
    for part in tqdm(parts, desc="bench", unit="part"):
        if part == "startup":
            result["startup"] = bench_startup()
        elif part == "neuron":
            result["neuron"] = bench_neuron(n=200 if quick else 1000, tstop=100.0 if quick else 500.0,
                                            repeats=1 if quick else 3)
        elif part == "brian2":
            result["brian2"] = bench_brian2(n_syn=20_000 if quick else 200_000, duration_ms=50.0 if quick else 100.0)
        elif part == "network":
            result["network"] = bench_network(scales=(1.0,) if quick else scales, tstop=100.0 if quick else tstop,
                                              out=out)
        elif part == "validate":
            result["validate"] = bench_validate(out)
        elif part == "stp":
            result["stp"] = bench_stp(n=200 if quick else 1000, tstop=100.0 if quick else 500.0,
                                      repeats=1 if quick else 3, n_syn=20_000 if quick else 100_000,
                                      duration_ms=50.0 if quick else 100.0)
    (out / "bench.json").write_text(json.dumps(result, indent=2))
    print(table(result))
    return result


def table(result: dict) -> str:
    lines = []
    if "startup" in result:
        s = result["startup"]
        lines += ["start-up", f"  first compile + load {s['first_compile_and_load_s']:.2f} s, cached load {s['cached_load_s']:.3f} s"]
    if "neuron" in result:
        b = result["neuron"]["_baseline"]
        lines += ["NEURON: per instance per step, vs Exp2Syn in the same run",
                  f"  Exp2Syn {b['Exp2Syn_ns_per_instance_step']:.1f} ns",
                  f"  {'mechanism':16s} {'ns':>8s} {'ratio':>7s} {'1 inst x n NetCons / n inst':>28s}"]
        for name, r in result["neuron"].items():
            if "error" in r:
                lines.append(f"  {name:16s} failed: {r['error'][:70]}")
            elif not name.startswith("_"):
                lines.append(f"  {name:16s} {r['ns_per_instance_step']:8.1f} {r['ratio_vs_Exp2Syn']:7.2f} {r['shared_over_each']:28.2f}")
    if "network" in result:
        from . import bench_network

        for run in result["network"]["runs"]:
            lines.append(bench_network.table(run))
    if "stp" in result:
        n, b = result["stp"]["neuron"], result["stp"]["brian2"]
        lines += ["short-term plasticity (tsodyks_markram E2) in front of ampa, ratio vs ampa alone, same run",
                  f"  NEURON ({n['n']} instances): {n['ratio_stp_ampa_vs_ampa']:.2f}",
                  f"  Brian2 cpp_standalone ({b['n_syn']} synapses): {b['ampa_ns_per_syn_step']:.2f} -> "
                  f"{b['stp_ampa_ns_per_syn_step']:.2f} ns per synapse per step, ratio {b['ratio_stp_ampa_vs_ampa']:.2f}"]
    if "validate" in result:
        v = result["validate"]
        lines.append(f"full ei-models validate: {v['validate_wall_s']:.0f} s (exit {v['exit_code']})")
    if "brian2" in result:
        b = result["brian2"]["_baseline"]
        lines += [f"Brian2 {b['target']}: ns per synapse per step ({b['n_syn']} synapses), vs exp synapse",
                  f"  exp synapse {b['exp_synapse_ns_per_syn_step']:.2f} ns"]
        for name, r in result["brian2"].items():
            if "skipped" in r:
                lines.append(f"  {name:16s} skipped: {r['skipped'][:70]}")
            elif not name.startswith("_"):
                lines.append(f"  {name:16s} {r['ns_per_syn_step']:8.2f} {r['ratio_vs_exp_synapse']:7.2f}")
    return "\n".join(lines)


def compare(before: dict, after: dict) -> str:
    """Two ``bench.json`` results side by side: each ratio (and ns) before -> after."""
    lines = []

    def fmt(r, key, spec):
        return format(r[key], spec) if key in r else "-"

    def rows(part, ratio_key, ns_key, header):
        if part not in before and part not in after:
            return
        b, a = before.get(part, {}), after.get(part, {})
        lines.append(header)
        lines.append(f"  {'':24s} {'ns before':>10s} {'ns after':>10s} {'ratio before':>13s} {'ratio after':>12s}")
        for name in sorted(set(b) | set(a)):
            if name.startswith("_"):
                continue
            rb, ra = b.get(name, {}), a.get(name, {})
            lines.append(f"  {name:24s} {fmt(rb, ns_key, '10.1f'):>10s} {fmt(ra, ns_key, '10.1f'):>10s} "
                         f"{fmt(rb, ratio_key, '13.2f'):>13s} {fmt(ra, ratio_key, '12.2f'):>12s}")

    if "startup" in before or "startup" in after:
        sb, sa = before.get("startup", {}), after.get("startup", {})
        lines.append("start-up (s)            before      after")
        for key in ("first_compile_and_load_s", "cached_load_s"):
            lines.append(f"  {key:22s} {sb.get(key, float('nan')):8.3f} {sa.get(key, float('nan')):10.3f}")
    rows("neuron", "ratio_vs_Exp2Syn", "ns_per_instance_step", "NEURON per instance per step (ratio vs Exp2Syn, same run)")
    rows("brian2", "ratio_vs_exp_synapse", "ns_per_syn_step",
         "Brian2 cpp_standalone per synapse per step (ratio vs exp synapse, same run)")
    return "\n".join(lines)


# -- short-term plasticity in front of a receptor ----------------------------------------------
_STP_SCRIPT = r"""
import json, sys
from ei_models import neuron as ein
from ei_models.validation.bench import neuron_load, neuron_timed_run
mode, n, tstop, rate = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
h, secs, stims = neuron_load(n, rate)
keep = []
for k, ns in enumerate(stims):
    if mode == "empty":
        continue
    seg = secs[k % len(secs)](0.5)
    ampa = ein.insert("ampa", seg)
    if mode == "stp":
        stp = ein.insert("tsodyks_markram", seg, connection="E2")
        ein.forward(stp, ampa, weight=1e-4)
        nc = h.NetCon(ns, stp.hoc)
        keep += [stp]
    else:
        nc = h.NetCon(ns, ampa.hoc)
        nc.weight[0] = 1e-4
    keep += [ampa, nc]
print(json.dumps({"wall": neuron_timed_run(h, tstop)}))
"""


def bench_stp(n=1000, tstop=500.0, rate=20.0, repeats=3, n_syn=100_000, duration_ms=100.0) -> dict:
    """Cost of short-term plasticity (``tsodyks_markram``, preset E2) in front of ``ampa``, as ratios
    measured in the same run: NEURON per instance (ampa alone vs tsodyks_markram + ampa, each
    instance driven by its own NetStim at ``rate``, the same network without synapses
    subtracted); Brian2 ``cpp_standalone`` per synapse (``synapse_model("ampa")`` vs
    ``synapse_model("ampa", stp=...)`` in one build, Brian2's profiling, Poisson input at 10 Hz)."""
    import brian2 as b2

    from ei_models import brian2 as eib

    def best(mode):
        walls = []
        for _ in range(repeats):
            proc = subprocess.run([sys.executable, "-c", _STP_SCRIPT, mode, str(n), str(tstop), str(rate)],
                                  capture_output=True, text=True, timeout=1800)
            if proc.returncode != 0:
                raise RuntimeError(f"NEURON stp benchmark ({mode}) failed:\n{proc.stderr[-2000:]}")
            walls.append(json.loads(proc.stdout.strip().splitlines()[-1])["wall"])
        return min(walls)

    empty, alone, with_stp = best("empty"), best("ampa"), best("stp")
    out = {"neuron": {"n": n, "empty_s": empty, "ampa_s": alone, "stp_ampa_s": with_stp,
                      "ratio_stp_ampa_vs_ampa": (with_stp - empty) / (alone - empty)}}
    n_post = 1000
    n_pre = max(1, n_syn // n_post)
    with eib.target("cpp_standalone"):
        b2.prefs.devices.cpp_standalone.openmp_threads = 0
        step = 0.025 * b2.ms
        pre = b2.PoissonGroup(n_pre, rates=10 * b2.Hz, dt=step, name="stp_pre")
        models = {"plain": eib.synapse_model("ampa"),
                  "tm": eib.synapse_model("ampa", currents={"i_ampa": "i_tm"}, stp=dict(connection="E2"))}
        post = b2.NeuronGroup(n_post, "v : volt\n" + "\n".join(m.post_equations() for m in models.values()),
                              method="exact", dt=step, name="stpbench_post")
        post.v = -65 * b2.mV
        syn = {}
        for label, model in models.items():
            s = b2.Synapses(pre, post, dt=step, name=f"stpbench_{label}", **model.kwargs())
            s.connect(p=n_syn / (n_pre * n_post))
            s.w = 1e-4 * b2.uS
            syn[label] = s
        net = b2.Network(pre, post, *syn.values())
        net.run(duration_ms * b2.ms, profile=True)
        steps = duration_ms / 0.025
        cost = {label: sum(float(t) for obj, t in net.profiling_info if obj.startswith(f"stpbench_{label}"))
                / (len(s) * steps) * 1e9 for label, s in syn.items()}
    out["brian2"] = {"n_syn": n_syn, "ampa_ns_per_syn_step": cost["plain"], "stp_ampa_ns_per_syn_step": cost["tm"],
                     "ratio_stp_ampa_vs_ampa": cost["tm"] / cost["plain"]}
    return out
