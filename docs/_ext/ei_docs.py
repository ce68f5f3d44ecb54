"""Sphinx extension: write the generated pages of the ei_models documentation at build time.

Nothing on these pages is typed by hand. At ``builder-inited`` it writes, into
``docs/generated/`` (rewritten on every build, not committed):

* ``mechanisms/<name>.rst``, one page per mechanism, from its :class:`~ei_models.mechanisms.Mechanism`
  and :class:`~ei_models.params.ParameterTable` (every parameter with value, unit, bounds and
  source; the presets), the ``.mod`` TITLE and COMMENT (what it models, its equations), the
  ``.eqs`` file, the NEURON and Brian2 names, the event weight, the time stepping the package
  records (fixed step; CVODE as checked by ``tests/test_cvode.py``; CoreNEURON from
  ``Mechanism.coreneuron``; the Brian2 ``[method]``), the measured cost from
  ``validation/bench_data/after.json`` and the validation cases that use it, with their figures
  and checks from a validation output folder when there is one;
* ``validation.rst``, the validation gallery (every case, its docstring, figure and checks);
* ``performance_tables.rst``, the benchmark tables from ``validation/bench_data/*.json``;
* ``validation_numbers.rst``, the numbers of every validation check, from the committed snapshot
  ``validation/reference_results.json`` (``python -m validation.snapshot``), included by the guide
  "Validation cases";
* ``cli.rst``, the ``ei-models`` command's help, from its argument parser;
* ``temperature.rst`` and ``weights.rst``, tables of the temperature parameters and the event
  weights' units, included by the guide "Choosing a model".

The validation output folder is ``$EI_MODELS_VALIDATION_OUT`` if set, else ``validation_out/``
at the repository root (what ``ei-models validate`` writes); its figures are copied in.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
OUT = DOCS / "generated"

#: CSS class of the parameter tables (tests/test_docs.py finds them by it in the built HTML)
PARAM_CLASS = "ei-params"
PRESET_CLASS = "ei-presets"


# -- helpers ---------------------------------------------------------------------------------
def esc(text) -> str:
    """Escape reStructuredText inline markup so that ``text`` renders literally."""
    text = str(text)
    return re.sub(r"([\\`*_|\[\]<>:])", r"\\\1", text) if text else "\\ "


def number(value) -> str:
    """A float as the shortest text that reads back to the same float."""
    value = float(value)
    return repr(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def heading(text: str, char: str) -> str:
    return f"{text}\n{char * len(text)}\n"


def literal(text: str, language: str = "text") -> str:
    body = "\n".join(("   " + line) if line.strip() else "" for line in text.rstrip().splitlines())
    return f".. code-block:: {language}\n\n{body}\n"


def list_table(header, rows, css: str = "", widths: str = "") -> str:
    """A list-table; ``header=None`` for one without a header row."""
    out = [".. list-table::", f"   :header-rows: {0 if header is None else 1}"]
    if css:
        out.append(f"   :class: {css}")
    if widths:
        out.append(f"   :widths: {widths}")
    out.append("")
    for row in ([] if header is None else [header]) + list(rows):
        first = True
        for cell in row:
            cell = str(cell) if str(cell) else "\\ "
            out.append(("   * - " if first else "     - ") + cell)
            first = False
    return "\n".join(out) + "\n"


def mod_parts(name: str) -> tuple[str, str]:
    """(TITLE, first COMMENT block) of ``mod/<name>.mod``."""
    text = (ROOT / "mod" / f"{name}.mod").read_text()
    title = re.search(r"^TITLE\s+(.*)$", text, re.M)
    comment = re.search(r"^COMMENT\s*\n(.*?)^ENDCOMMENT", text, re.M | re.S)
    return (title.group(1).strip() if title else ""), (comment.group(1) if comment else "")


def eqs_method(name: str) -> str:
    path = ROOT / "equations" / f"{name}.eqs"
    if not path.exists():
        return ""
    m = re.search(r"^\[method\]\s*\n\s*(\S+)", path.read_text(), re.M)
    return m.group(1) if m else "Brian2's default for the equations"


def cvode_checked() -> set[str]:
    """Mechanisms that ``tests/test_cvode.py`` runs under CVODE against a fine fixed step."""
    path = ROOT / "tests" / "test_cvode.py"
    if not path.exists():
        return set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "COMPARED" for t in node.targets):
            return set(ast.literal_eval(node.value))
    return set()


def validation_cases() -> list[dict]:
    """Every ``validation/vNN_*.py``: id, title, docstring, module stem and source (parsed, not imported)."""
    cases = []
    for path in sorted((ROOT / "validation").glob("v[0-9][0-9]_*.py")):
        tree = ast.parse(path.read_text())
        found = {"stem": path.stem, "doc": ast.get_docstring(tree) or "", "source": path.read_text()}
        for node in tree.body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and getattr(node.targets[0], "id", "") in ("CASE", "TITLE"):
                try:
                    found[node.targets[0].id.lower()] = ast.literal_eval(node.value)
                except ValueError:
                    pass
        if "case" in found:
            found.setdefault("title", "")
            found["figure"] = f"{found['case']}_{path.stem.split('_', 1)[1]}.png"
            cases.append(found)
    return cases


def uses(case: dict, name: str) -> bool:
    """Whether a validation case uses mechanism ``name`` (named as a string or ``literal`` in it)."""
    return re.search(rf"""(["']{re.escape(name)}["']|``{re.escape(name)}``)""", case["source"]) is not None


def validation_out() -> Path:
    return Path(os.environ.get("EI_MODELS_VALIDATION_OUT") or ROOT / "validation_out")


def validation_results() -> dict[str, list[dict]]:
    """Records of ``results.json`` in the validation output folder, by case ({} without one)."""
    path = validation_out() / "results.json"
    if not path.exists():
        return {}
    data = json.loads(path.read_text())
    by_case: dict[str, list[dict]] = {}
    for rec in data.get("records", []):
        by_case.setdefault(rec["case"], []).append(rec)
    return by_case


def bench() -> dict:
    path = ROOT / "validation" / "bench_data" / "after.json"
    return json.loads(path.read_text()) if path.exists() else {}


def fmt(x, digits: int = 3) -> str:
    return f"{float(x):.{digits}g}"


# -- one mechanism page ----------------------------------------------------------------------
def _weight_text(mech, comment: str) -> str:
    if not mech.weight_unit:
        return "It takes no events (no NetCon weight, no Brian2 ``w``)."
    lines = [f"Event weight unit: ``{mech.weight_unit}`` (the NEURON ``NetCon`` weight; in Brian2 ``w`` "
             f"carries the same quantity with its Brian2 unit)."]
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", comment) if re.search(r"\bweight", p, re.I)]
    if paragraphs:
        lines += ["", "What the weight means, from the ``.mod`` COMMENT:", "", literal(paragraphs[0])]
    return "\n".join(lines)


def _cost_text(mech, data: dict) -> str:
    rows = []
    neuron = data.get("neuron", {})
    base = neuron.get("_baseline", {})
    if mech.name in neuron and "ns_per_instance_step" in neuron[mech.name]:
        r = neuron[mech.name]
        rows.append(["NEURON", "per instance per step", f"{fmt(r['ns_per_instance_step'])} ns",
                     f"{fmt(r['ratio_vs_Exp2Syn'])} x ``Exp2Syn`` ({fmt(base.get('Exp2Syn_ns_per_instance_step', float('nan')))} ns)"])
        if "shared_over_each" in r:
            rows.append(["NEURON", "one instance serving many NetCons, vs as many instances",
                         "", f"{fmt(r['shared_over_each'])} x"])
    brian = data.get("brian2", {})
    bbase = brian.get("_baseline", {})
    for key, label in ((mech.name, "per synapse, own current"), (f"{mech.name} (sum g)", "summed conductance"),
                       (f"{mech.name} (per target)", "per target (``target_model``)")):
        r = brian.get(key)
        if r and "ns_per_syn_step" in r:
            rows.append([f"Brian2 ``{bbase.get('target', '')}``", f"{label}, per synapse per step",
                         f"{fmt(r['ns_per_syn_step'])} ns",
                         f"{fmt(r['ratio_vs_exp_synapse'])} x exponential synapse ({fmt(bbase.get('exp_synapse_ns_per_syn_step', float('nan')))} ns)"])
    notes = [esc(brian[mech.name]["skipped"])] if "skipped" in brian.get(mech.name, {}) else []
    if not rows:
        text = "Not measured by ``ei-models bench``"
        return text + (f" (Brian2: {notes[0]})." if notes else ".")
    out = [f"Measured by ``ei-models bench`` (``validation/bench_data/after.json``, machine: "
           f"{esc(data.get('machine', '?'))}):", "", list_table(["simulator", "what", "time", "ratio"], rows)]
    if notes:
        out.append(f"Brian2: {notes[0]}.")
    return "\n".join(out)


def snapshot_records() -> dict[str, list[dict]]:
    """The committed snapshot's entries (``validation/reference_results.json``) shaped as
    ``results.json`` records, by case, each marked ``from_snapshot`` with its commit ({} without one)."""
    if not SNAPSHOT.exists():
        return {}
    out: dict[str, list[dict]] = {}
    for case, e in json.loads(SNAPSHOT.read_text()).get("cases", {}).items():
        run = e.get("run", {})
        for sim, s in e.get("simulators", {}).items():
            out.setdefault(case, []).append({
                "case": case, "simulator": sim, "target": s.get("target", ""), "wall_s": s.get("wall_s", ""),
                "passed": s.get("passed", False), "quick": run.get("quick", False), "checks": s.get("checks", []),
                "from_snapshot": f"{(run.get('commit') or 'unknown')[:10]}, {run.get('date', '')}"})
    return out


def _case_text(case: dict, results: dict, figures: Path, level: str, rel: str) -> str:
    out = [heading(f"{case['case']}: {case['title']}", level), literal(case["doc"])]
    recs = results.get(case["case"], [])
    if not recs:
        recs = snapshot_records().get(case["case"], [])
        if recs:
            out.append(f"No local validation run: the checks below are the committed snapshot's "
                       f"(``validation/reference_results.json``, run at commit ``{esc(recs[0]['from_snapshot'])}``).\n")
    fig = figures / case["figure"]
    if fig.exists():
        out.append(f".. figure:: {rel}{case['figure']}\n   :width: 100%\n   :alt: {case['case']} figure\n\n"
                   f"   {esc(case['case'])} ({'quick protocol' if recs and recs[0].get('quick') else 'full protocol'}).\n")
    else:
        out.append(f"No figure yet: run ``ei-models validate {case['case']}`` (it writes ``validation_out/``), "
                   "then rebuild the documentation.\n")
    for rec in recs:
        rows = [["PASS" if c["passed"] else "**FAIL**", esc(c["name"]), esc(fmt(c["value"], 4) if isinstance(c["value"], (int, float)) else c["value"]),
                 esc(c.get("unit", "")), esc(c["limit"])] for c in rec["checks"]]
        out.append(f"**{esc(rec['simulator'])}** ({esc(rec['target'])}, {rec['wall_s']} s"
                   f"{', quick protocol' if rec.get('quick') else ''}): "
                   f"{'PASS' if rec['passed'] else 'FAIL'}\n")
        if rows:
            out.append(list_table(["result", "check", "value", "unit", "limit"], rows, widths="8 50 12 8 22"))
    if not recs:
        out.append("Checks: listed in the case's description above; their computed values appear here after "
                   "``ei-models validate``.\n")
    return "\n".join(out)


def mechanism_page(mech, *, cases, results, figures: Path, cvode: set, data: dict) -> str:
    title, comment = mod_parts(mech.name)
    kind = "POINT_PROCESS" if mech.kind == "point_process" else "SUFFIX"
    b2call = ("``ei_models.brian2.synapse_model(\"{0}\")`` / ``make_synapses(source, target, \"{0}\")`` "
              "(a ``Synapses`` model)" if mech.kind == "point_process" else
              "``ei_models.brian2.density_model(\"{0}\")`` (``NeuronGroup`` equations)").format(mech.name)
    if mech.presynaptic is not None:
        option = mech.presynaptic.keyword or mech.name
        b2call = (f"in front of a receptor: ``ei_models.brian2.synapse_model(\"ampa\", {option}={{...}})`` "
                  f"(any receptor; the options are this table's parameters and presets)")
    out = [f".. _mech-{mech.name}:\n", heading(f"{mech.name}: {mech.title}", "="),
           f"*{esc(title)}*\n" if title else ""]
    out.append(list_table(None, [
        ["Python (NEURON)", f"``ei_models.neuron.insert(\"{mech.name}\", {'seg' if mech.kind == 'point_process' else 'sec'}, ...)``"
         + (", then ``ei_models.neuron.forward(it, receptor)``" if mech.presynaptic is not None else "")],
        ["NEURON (hoc)", f"``{kind} {mech.neuron_name}``" + ("" if mech.kind == "point_process" else
                                                             f" (RANGE variables ``<name>_{mech.neuron_name}``)")],
        ["Brian2", b2call],
        ["Files", f"``mod/{mech.name}.mod``, ``equations/{mech.name}.eqs``, ``ei_models/mechanisms/{mech.name}.py``"],
        ["Ions read", ", ".join(f"``{i}``" for i in mech.ions) or "none"],
        ["Parameter table", f"``ei-models params {mech.name}``"],
    ], css="ei-names", widths="20 80"))

    out += [heading("What it models and its equations", "-"),
            f"From the ``TITLE`` and ``COMMENT`` of ``mod/{mech.name}.mod``:\n", literal(comment or "(no COMMENT)")]
    eqs = ROOT / "equations" / f"{mech.name}.eqs"
    if eqs.exists():
        out += [f"The Brian2 equations, ``equations/{mech.name}.eqs`` (parameters come from the table below):\n",
                f".. literalinclude:: ../../../equations/{mech.name}.eqs\n   :language: text\n"]

    out.append(heading("Parameters", "-"))
    rows = [[f"``{p.name}``", number(p.value), f"``{p.unit}``", f"``{p.bounds}``", esc(p.source), esc(p.doc)]
            for p in mech.table]
    out.append(f"Every parameter of ``ei_models/mechanisms/{mech.name}.py`` (value in NEURON's units; the Brian2 "
               "side uses the same value with its Brian2 unit):\n")
    out.append(list_table(["name", "value", "unit", "bounds", "source", "meaning"], rows, css=PARAM_CLASS,
                          widths="12 10 8 12 33 25"))
    checks = [getattr(c, "__doc__", None) or getattr(c, "__name__", "") for c in mech.table.checks]
    if checks:
        out.append("Cross-parameter rules: " + "; ".join(esc(" ".join(c.split()).rstrip(".")) for c in checks) + ".\n")

    out.append(heading("Presets", "-"))
    if not mech.table.presets:
        out.append("None.\n")
    for group, presets in mech.table.presets.items():
        out.append(f"``{group}=`` (the first is the default):\n")
        prow = [[f"``{p.name}``", ", ".join(f"``{k}`` = {number(v)}" for k, v in p.values.items()) or "\\ ",
                 esc(p.source), esc(p.doc)] for p in presets]
        out.append(list_table(["preset", "values", "source", "meaning"], prow, css=PRESET_CLASS, widths="14 36 30 20"))

    out += [heading("Event weight", "-"), _weight_text(mech, comment) + "\n"]

    out.append(heading("Time stepping", "-"))
    out.append(list_table(["integrator", "supported"], [
        ["NEURON fixed step", "yes"],
        ["NEURON CVODE (variable step)", "yes: ``tests/test_cvode.py`` checks it against a fine fixed step"
         if mech.name in cvode else "not checked by ``tests/test_cvode.py``"],
        ["CoreNEURON", "yes (fixed step)" if mech.coreneuron else "no (``Mechanism.coreneuron`` is ``False``)"],
        ["Brian2 ``[method]``", f"``{eqs_method(mech.name)}``" if eqs.exists() else "no ``.eqs`` file"],
    ], widths="30 70"))

    out += [heading("Cost", "-"), _cost_text(mech, data) + "\n"]

    out.append(heading("Validation", "-"))
    mine = [c for c in cases if uses(c, mech.name)]
    if not mine:
        out.append("No validation case uses it directly.\n")
    for case in mine:
        out.append(_case_text(case, results, figures, "~", "../figures/"))
    return "\n".join(out)


# -- other generated pages -------------------------------------------------------------------
SNAPSHOT = ROOT / "validation" / "reference_results.json"
#: CSS class of the snapshot's check tables (tests/test_docs.py finds them in the built HTML)
SNAPSHOT_CLASS = "ei-val-numbers"


def _value(c: dict) -> str:
    v = c.get("value")
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return esc(v)
    return esc(f"{fmt(v, 4)} {c.get('unit', '')}".strip())


def _mark(c: dict) -> str:
    if c["passed"]:
        return "PASS"
    if c.get("expected_miss"):
        return f"**MISS** (expected: {esc(c['expected_miss'])})"
    return "**FAIL**"


def validation_numbers(cases) -> str:
    """The numbers of every check, per case, from the committed snapshot."""
    import hashlib

    if not SNAPSHOT.exists():
        return ".. note::\n\n   No ``validation/reference_results.json``: run ``ei-models validate --out DIR`` and " \
               "``python -m validation.snapshot DIR``.\n"
    snap = json.loads(SNAPSHOT.read_text()).get("cases", {})
    out = []
    missing = [c["case"] for c in cases if c["case"] not in snap]
    if missing:
        out.append(f".. warning::\n\n   Not in the snapshot (never run into it): {', '.join(missing)}.\n")
    by_case = {c["case"]: c for c in cases}
    for case, e in snap.items():
        run = e["run"]
        commit = (run.get("commit") or "unknown")[:10] + (" + uncommitted changes" if run.get("dirty") else "")
        out.append(heading(f"{case} {e['module'][4:-3]}", "-"))
        out.append(f"Run {esc(run.get('date'))} at commit ``{commit}``, NEURON {esc(run.get('neuron'))}, Brian2 "
                   f"{esc(run.get('brian2'))} (target ``{run.get('brian2_target')}``), "
                   f"{'quick protocols (--quick)' if run.get('quick') else 'full protocols'}.\n")
        src = ROOT / "validation" / e["module"]
        if case not in by_case or not src.exists():
            out.append(".. warning::\n\n   This case's module no longer exists.\n")
        elif hashlib.sha256(src.read_bytes()).hexdigest() != e["module_sha256"]:
            out.append(f".. warning::\n\n   ``validation/{e['module']}`` changed since this run: these numbers may "
                       "be stale (rerun the case and refresh its entry).\n")
        sims = e["simulators"]
        dev_sets = [s["cross_sim_dev"] for s in sims.values() if s["cross_sim_dev"]]
        devs = "; ".join(", ".join(f"{esc(k)} {fmt(v, 2)}" for k, v in d.items())
                         for d in dev_sets[:1 if all(d == dev_sets[0] for d in dev_sets) else None])
        result = ", ".join(f"{sim} {'PASS' if s['passed'] else '**FAIL**'} ({fmt(s['wall_s'], 3)} s)"
                           for sim, s in sims.items())
        out.append(f"Result: {result}." + (f" NEURON vs Brian2 (max dev / peak): {devs}." if devs else "") + "\n")
        names = list(sims)
        rows, seen = [], {}
        for sim in names:
            for c in sims[sim]["checks"]:
                seen.setdefault(c["name"], {})[sim] = c
        for name, per in seen.items():
            first = next(iter(per.values()))
            rows.append([esc(first["kind"]), esc(name)] + [_value(per[s]) if s in per else "" for s in names]
                        + [esc(first["limit"]), "; ".join(f"{s}: {_mark(per[s])}" for s in names if s in per)
                           if len({_mark(c) for c in per.values()}) > 1 else _mark(first)])
        out.append(list_table(["kind", "check"] + names + ["limit", "result"], rows, css=SNAPSHOT_CLASS))
    return "\n".join(out)


def validation_page(cases, results, figures: Path) -> str:
    out = [".. _validation-gallery:\n", heading("Validation gallery", "="),
           "Every validation case (``validation/vNN_*.py``), what it checks, its figure and its checks. "
           f"Figures and results come from ``{esc(validation_out().name)}/`` "
           "(``ei-models validate`` writes it; ``ei-models validate --quick`` for the short protocols).\n"]
    if not results:
        out.append(".. note::\n\n   No local validation results were found when these pages were built: the checks "
                   "shown are the committed snapshot's (``validation/reference_results.json``); run "
                   "``ei-models validate`` and rebuild to see the figures and this machine's checks.\n")
    for case in cases:
        out.append(_case_text(case, results, figures, "-", "figures/"))
    return "\n".join(out)


def performance_tables(data: dict) -> str:
    out = []
    neuron = data.get("neuron", {})
    if neuron:
        base = neuron.get("_baseline", {})
        out.append(f"NEURON, per instance per step (``Exp2Syn`` baseline "
                   f"{fmt(base.get('Exp2Syn_ns_per_instance_step', float('nan')))} ns):\n")
        rows = [[f"``{k}``", f"{fmt(v['ns_per_instance_step'])} ns", f"{fmt(v['ratio_vs_Exp2Syn'])} x",
                 fmt(v["shared_over_each"]) + " x" if "shared_over_each" in v else ""]
                for k, v in sorted(neuron.items()) if not k.startswith("_") and "ns_per_instance_step" in v]
        out.append(list_table(["mechanism", "time", "vs Exp2Syn", "one instance / many"], rows, css="ei-bench-neuron"))
    brian = data.get("brian2", {})
    if brian:
        base = brian.get("_baseline", {})
        out.append(f"Brian2 ``{base.get('target', '')}``, per synapse per step ({base.get('n_syn', '?')} synapses; "
                   f"exponential synapse {fmt(base.get('exp_synapse_ns_per_syn_step', float('nan')))} ns):\n")
        rows = [[f"``{k}``", f"{fmt(v['ns_per_syn_step'])} ns", f"{fmt(v['ratio_vs_exp_synapse'])} x"]
                for k, v in sorted(brian.items()) if not k.startswith("_") and "ns_per_syn_step" in v]
        out.append(list_table(["model", "time", "vs exponential synapse"], rows, css="ei-bench-brian2"))
    start = data.get("startup", {})
    if start:
        out.append(list_table(["start-up", "seconds"], [[esc(k), fmt(v)] for k, v in start.items()]))
    net_path = ROOT / "validation" / "bench_data" / "network.json"
    if net_path.exists():
        net = json.loads(net_path.read_text()).get("network", {})
        out.append("PING network (``validation/bench_data/network.json``):\n")
        out.append(literal(json.dumps(net, indent=1)[:6000], "json"))
    return "\n".join(out) or "No benchmark data in ``validation/bench_data/``.\n"


def temperature_text(names) -> str:
    """Which mechanisms read the temperature, and every temperature parameter of the tables."""
    from ei_models import mechanisms
    from ei_models.ions import TABLE as IONS

    reads = [n for n in names if "celsius" in mechanisms.get(n).ions]
    params = [(n, p) for n in names for p in mechanisms.get(n).table
              if p.unit == "degC" or "temperature" in p.doc.lower() or "q10" in p.name.lower()]
    out = [f"Mechanisms that read the temperature ``celsius`` (NEURON's ``h.celsius``; in Brian2 the "
           f"namespace value, default {number(IONS['celsius'].value)} {IONS['celsius'].unit} as in NEURON): "
           + (", ".join(f":ref:`{n} <mech-{n}>`" for n in reads) or "none") + ". The others take their "
           "rates as their sources measured them, with no temperature dependence.\n"]
    if params:
        out.append("Temperature parameters in the tables:\n")
        out.append(list_table(["mechanism", "parameter", "value", "unit", "meaning", "source"],
                              [[f":ref:`{n} <mech-{n}>`", f"``{p.name}``", number(p.value), f"``{p.unit}``",
                                esc(p.doc), esc(p.source)] for n, p in params]))
    return "\n".join(out)


def weights_text(names) -> str:
    """The event weight's unit of every mechanism (``Mechanism.weight_unit``), as one table."""
    from ei_models import mechanisms

    rows = []
    for n in names:
        m = mechanisms.get(n)
        rows.append([f":ref:`{n} <mech-{n}>`", m.kind.replace("_", " "),
                     f"``{m.weight_unit}``" if m.weight_unit else "no events"])
    return list_table(["mechanism", "kind", "event weight unit (NEURON NetCon weight; Brian2 ``w``)"], rows,
                      widths="25 20 55") + "\n"


def cli_page() -> str:
    from ei_models import cli

    ap = cli.parser()
    out = [heading("The ei-models command", "="),
           "Generated from the command's argument parser (``ei_models.cli.parser``).\n",
           literal(ap.format_help())]
    sub = next(a for a in ap._actions if a.__class__.__name__ == "_SubParsersAction")
    for name, p in sub.choices.items():
        out += [heading(f"ei-models {name}", "-"), literal(p.format_help())]
    return "\n".join(out)


# -- the build hook --------------------------------------------------------------------------
def generate() -> dict:
    """Write every generated page; return what was written (for the log and the tests)."""
    from ei_models import mechanisms

    if OUT.exists():
        shutil.rmtree(OUT)
    (OUT / "mechanisms").mkdir(parents=True)
    figures = OUT / "figures"
    figures.mkdir()
    src = validation_out()
    if src.is_dir():
        for png in src.glob("V[0-9][0-9]_*.png"):
            shutil.copy2(png, figures / png.name)
    cases, results, cvode, data = validation_cases(), validation_results(), cvode_checked(), bench()
    names = mechanisms.names()
    for name in names:
        page = mechanism_page(mechanisms.get(name), cases=cases, results=results, figures=figures,
                              cvode=cvode, data=data)
        (OUT / "mechanisms" / f"{name}.rst").write_text(page)
    rows = [[f":ref:`{n} <mech-{n}>`", mechanisms.get(n).kind.replace("_", " "), esc(mechanisms.get(n).title)]
            for n in names]
    (OUT / "mechanisms" / "index.rst").write_text("\n".join([
        heading("Mechanisms", "="),
        "One page per mechanism, generated from its parameter table, its ``.mod`` and ``.eqs`` files, the "
        "benchmark data and the validation cases.\n",
        list_table(["mechanism", "kind", "what it models"], rows, widths="20 15 65"),
        ".. toctree::\n   :hidden:\n\n" + "\n".join(f"   {n}" for n in names) + "\n"]))
    (OUT / "validation.rst").write_text(validation_page(cases, results, figures))
    (OUT / "performance_tables.rst").write_text(performance_tables(data))
    (OUT / "validation_numbers.rst").write_text(validation_numbers(cases))
    (OUT / "cli.rst").write_text(cli_page())
    (OUT / "temperature.rst").write_text(temperature_text(names))
    (OUT / "weights.rst").write_text(weights_text(names))
    return {"mechanisms": names, "cases": [c["case"] for c in cases], "results": sorted(results)}


def _on_init(app):
    written = generate()
    from sphinx.util import logging

    logging.getLogger(__name__).info(
        f"ei_docs: {len(written['mechanisms'])} mechanism pages, {len(written['cases'])} validation cases, "
        f"results for {len(written['results'])} from {validation_out()}")


def setup(app):
    app.connect("builder-inited", _on_init)
    return {"parallel_read_safe": True, "version": "1"}
