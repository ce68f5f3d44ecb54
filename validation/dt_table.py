"""Peak of every mechanism's main output against the time step, in NEURON and Brian2 (issue 14).

For each mechanism this module defines one small protocol (:data:`SPECS`: one voltage-clamped
cell, one event at t = 1 ms, or one parameter step for a density mechanism) and runs it at each
dt of :data:`DTS` in NEURON (nrnivmodl-compiled mechanisms, fixed step, backward Euler) and in
Brian2 (``cython``). The figure of merit is the peak of the main output (largest absolute value
over the run) and its ratio to the peak at dt = 0.025 ms in the same simulator (for an output
that jumps at the event, :attr:`Spec.jump`, the ratio on the coarse run's grid: :func:`merit`); the bounds
(occupancies, concentrations) are read from the same runs.

``python -m ei_models.validation.dt_table [--out FILE] [--dts 0.025,0.1,...] [names...]`` prints the
table (and writes it to FILE). ``tests/test_dt_grid.py`` runs the same protocols.

Not covered: ``release`` and ``tsodyks_markram`` (presynaptic: event-driven jumps only, exact at
any step; they act through a receptor, which is covered), ``gad_pools`` (time constants of
seconds to hours; linear, Brian2 ``exact``), ``ca_plasticity`` and ``cl_kcc2`` (driven by a
calcium / chloride load from other mechanisms; V14, V02) and ``wang_buzsaki`` (a spiking
membrane, not a synaptic kinetic model).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field, replace

import numpy as np

from ei_models import mechanisms

from .protocols import Clamp, Drive, run as run_protocol

DTS = (0.025, 0.1, 0.2, 0.5, 1.0)
T_EVENT = 1.0


@dataclass(frozen=True)
class Spec:
    """One mechanism's dt protocol: ``output`` is the traced quantity whose peak is compared;
    ``record`` the variables recorded (bounds checked on them, see :func:`bounds`)."""

    mechanism: str
    output: str
    tstop: float
    v: float = -40.0
    weight: float = 1.0
    options: dict = field(default_factory=dict)
    inputs: tuple = ()
    record: tuple = ()
    unit01: tuple = ()   # variables that must lie in [0, 1]
    nonneg: tuple = ()   # variables that must be >= 0
    #: the output jumps at the event and decays from there (gat's cleft): its true peak is the
    #: jump, which only Brian2's record shows (see :func:`peak`), and the first sample both
    #: show lies one coarse step into the decay (at dt = 0.5 ms half the fine-step value for
    #: any integrator, the exact one included); its figure of merit is the ratio to the
    #: fine-step trace's peak over the same grid (the table's "(grid)" row, see :func:`merit`)
    jump: bool = False

    def protocol(self, dt: float):
        rec = tuple(dict.fromkeys((self.output,) + self.record + self.unit01 + self.nonneg))
        if self.inputs:
            return Drive(self.mechanism, v=[self.v], options=[dict(self.options)], inputs=list(self.inputs),
                         tstop=self.tstop, dt=dt, record=rec)
        if mechanisms.get(self.mechanism).kind == "density":
            raise ValueError(f"{self.mechanism}: a density mechanism needs inputs")
        return Clamp(self.mechanism, v=[self.v], events=[T_EVENT], weight=self.weight, tstop=self.tstop, dt=dt,
                     options=[dict(self.options)], record=rec)


SPECS = {s.mechanism: s for s in (
    Spec("ampa", "g", 15.0, weight=0.001, nonneg=("g",)),
    Spec("nmda", "g", 100.0, weight=0.001, nonneg=("g",)),
    Spec("nmda_sat", "g", 100.0, weight=0.001, record=("s",), unit01=("s",), nonneg=("g",)),
    Spec("gabaa_syn", "g", 40.0, weight=0.001, nonneg=("g",)),
    Spec("gabaa_gamma2", "g", 40.0, record=("O1", "O2"), unit01=("O1", "O2"), nonneg=("g", "conc")),
    Spec("gabaa_delta_syn", "g", 150.0, record=("O", "D"), unit01=("O", "D"), nonneg=("g", "conc")),
    Spec("gabab_girk", "g", 600.0, record=("gbg",), nonneg=("g", "gbg")),
    Spec("gabab_pre", "inh", 600.0, record=("gbg",), nonneg=("inh", "gbg")),
    Spec("eaat", "o_ampa", 20.0, record=("glu", "glu_ecs", "o_nmda"), unit01=("o_ampa", "o_nmda"),
         nonneg=("glu", "glu_ecs")),
    Spec("gat", "cleft", 60.0, record=("ambient",), nonneg=("cleft", "ambient"), jump=True),
    Spec("gabaa_delta", "g", 60.0, options={"gaba": 0.0}, inputs=((T_EVENT, {"gaba": [0.01]}),),
         record=("O", "D"), unit01=("O", "D"), nonneg=("g",)),
    Spec("glu_gln_cycle", "glu_astro", 20_000.0, v=-65.0, inputs=((T_EVENT, {"block_gs": [0.9]}),),
         record=("glu_ecs", "gln_astro", "gln_neuron", "glu_neuron", "glu_ves"),
         nonneg=("glu_ecs", "glu_astro", "gln_astro", "gln_neuron", "glu_neuron", "glu_ves")),
)}


def peak(trace, dt: float | None = None) -> float:
    """The largest absolute value of a trace (signed); with ``dt``, over the samples after the
    event's own (t >= T_EVENT + dt). The rigs align assigned variables, but a state that an event
    makes jump (``gat``'s cleft, ``eaat``'s glu) is recorded undecayed at t_e by Brian2 (monitor
    before the step) and only after one step by NEURON (record after the step): the first
    sample after the event is the first both simulators see."""
    trace = np.asarray(trace)
    if dt is not None:
        trace = trace[int(round(T_EVENT / dt)) + 1:]
    return float(trace[int(np.argmax(np.abs(trace)))])


def merit(results, name: str, sim: str, dt: float, dts=DTS) -> float:
    """The figure of merit of one run: its peak over the dt = dts[0] peak in the same simulator,
    or, for a :attr:`Spec.jump` output, over the dt = dts[0] trace's peak on this run's grid."""
    ref = results[name, sim, dts[0]]
    if SPECS[name].jump:
        return _ratio(results[name, sim, dt]["peak"], peak(ref["trace"][::int(round(dt / dts[0]))], dt))
    return _ratio(results[name, sim, dt]["peak"], ref["peak"])


def bounds(spec: Spec, r) -> list[str]:
    """Bound violations in result ``r`` (empty when none): NaN, occupancies outside [0, 1]
    (1e-9 slack), concentrations below -1e-9."""
    bad = []
    for name in set(spec.unit01) | set(spec.nonneg) | {spec.output}:
        x = np.asarray(r[name])
        if not np.all(np.isfinite(x)):
            bad.append(f"{name} not finite")
            continue
        if name in spec.unit01 and (x.min() < -1e-9 or x.max() > 1 + 1e-9):
            bad.append(f"{name} in [{x.min():.3g}, {x.max():.3g}]")
        if name in spec.nonneg and x.min() < -1e-9:
            bad.append(f"{name} min {x.min():.3g}")
    return bad


def measure(names=None, dts=DTS, simulators=("neuron", "brian2"), target="cython", tstop=None) -> dict:
    """``{(name, simulator, dt): {"peak": float, "bad": [...]}}`` (``bad``: :func:`bounds`; a run that
    raises gives peak NaN and the error in ``bad``); ``tstop`` ({name: ms}) shortens a protocol."""
    out = {}
    for name in names or list(SPECS):
        spec = SPECS[name]
        if tstop and name in tstop:
            spec = replace(spec, tstop=tstop[name])
        for sim in simulators:
            for dt in dts:
                try:
                    r = run_protocol(sim, spec.protocol(dt), target)
                    out[name, sim, dt] = {"peak": peak(r[spec.output][0], dt), "trace": np.asarray(r[spec.output][0]), "bad": bounds(spec, {k: v[0] for k, v in r.items()
                                                                                               if isinstance(v, np.ndarray) and v.ndim == 2})}
                except Exception as err:  # noqa: BLE001 - reported in the table
                    out[name, sim, dt] = {"peak": float("nan"), "bad": [f"{type(err).__name__}: {str(err)[:80]}"]}
    return out


def _ratio(a: float, b: float) -> float:
    return a / b if b else (float("nan") if a else 1.0)


def table(results, dts=DTS) -> str:
    """The text table: per mechanism and simulator, the dt = dts[0] peak and each dt's ratio to it
    (in brackets: the ratio to the dt = dts[0] trace's peak over the coarse step's own grid, which
    separates sampling a fast peak from integration error), then NEURON/Brian2 per dt, and
    bound violations."""
    names = list(dict.fromkeys(k[0] for k in results))
    head = f"{'mechanism':16s} {'output':9s} {'sim':6s} {'peak@' + str(dts[0]):>12s} " + " ".join(
        f"{'x@' + str(dt):>8s}" for dt in dts[1:])
    lines = [head, "-" * len(head)]
    problems = []
    for name in names:
        for sim in ("neuron", "brian2"):
            if (name, sim, dts[0]) not in results:
                continue
            ref = results[name, sim, dts[0]]["peak"]
            ratios = [_ratio(results[name, sim, dt]["peak"], ref) for dt in dts[1:]]
            lines.append(f"{name:16s} {SPECS[name].output:9s} {sim:6s} {ref:12.5g} "
                         + " ".join(f"{x:8.4f}" for x in ratios))
            fine = results[name, sim, dts[0]].get("trace")
            if fine is not None:
                grid = [_ratio(results[name, sim, dt]["peak"], peak(fine[::int(round(dt / dts[0]))], dt)) for dt in dts[1:]]
                lines.append(f"{'':16s} {'':9s} {'(grid)':6s} {'':12s} " + " ".join(f"{x:8.4f}" for x in grid))
            problems += [f"{name} {sim} dt={dt}: {', '.join(results[name, sim, dt]['bad'])}"
                         for dt in dts if results[name, sim, dt]["bad"]]
        if all((name, s, dts[0]) in results for s in ("neuron", "brian2")):
            lines.append(f"{'':16s} {'':9s} {'N/B2':6s} {'':12s} "
                         + " ".join(f"{_ratio(results[name, 'neuron', dt]['peak'], results[name, 'brian2', dt]['peak']):8.4f}"
                                    for dt in dts[1:])
                         + f"   (at {dts[0]}: {_ratio(results[name, 'neuron', dts[0]]['peak'], results[name, 'brian2', dts[0]]['peak']):.4f})")
            dev = [abs(_ratio(results[name, "neuron", dt]["peak"], results[name, "brian2", dt]["peak"]) - 1) for dt in dts]
            lines.append(f"{'':16s} {'':9s} {'|N/B2-1|':8s} " + " ".join(f"{x:.1e}" for x in dev)
                         + f"   (at {', '.join(str(dt) for dt in dts)})")
    lines.append("")
    lines.append("bound violations / errors: " + ("none" if not problems else ""))
    lines += ["  " + p for p in problems]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*")
    parser.add_argument("--out")
    parser.add_argument("--dts", default=",".join(str(d) for d in DTS))
    args = parser.parse_args(argv)
    dts = tuple(float(x) for x in args.dts.split(","))
    text = table(measure(args.names or None, dts), dts)
    print(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text + "\n")


if __name__ == "__main__":
    sys.exit(main())
