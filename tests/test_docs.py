"""The documentation site (docs/): it builds with warnings as errors, its generated mechanism
pages say what the parameter tables say, and a headless browser renders the index and a
mechanism page with their figures.

The quick build (default run) does not execute the gallery's examples; the full build that does
is ``slow``. Both build what the README names (``ei-models docs`` runs the same),
``python -m sphinx -W -b html docs <out>``, into a
temporary folder, once per test session (a file lock lets the xdist workers share it). The
mechanism page gets its validation figure from a real quick run of V05 (``ei-models validate
--quick V05``) given to the build as ``EI_MODELS_VALIDATION_OUT``.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import struct
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from ei_models import mechanisms

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
#: the mechanism page the browser test opens, and the validation case whose figure it must show
PAGE_MECHANISM, PAGE_CASE = "nmda", "V05"


def _env(**extra) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env["MPLBACKEND"] = "Agg"
    env.update(extra)
    return env


def _shared(tmp_path_factory) -> Path:
    """A folder of this test session that every xdist worker sees (the session's base
    temporary folder; under xdist each worker's is one level below it)."""
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "ei_models_docs"
    folder.mkdir(exist_ok=True)
    return folder


def sphinx_build(out: Path, **env) -> tuple[float, str]:
    """Build the site into ``out`` (fresh environment, warnings as errors); return (seconds, log)."""
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "sphinx", "-W", "-E", "-q", "-b", "html", "-d", str(out / "doctrees"),
                           str(DOCS), str(out / "html")], cwd=ROOT, env=_env(**env), capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"the docs build failed (warnings are errors):\n{log[-6000:]}"
    return seconds, log


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The quick build (with V05's quick validation output): {"html": folder, "seconds": build time}."""
    from filelock import FileLock

    shared = _shared(tmp_path_factory)
    with FileLock(str(shared / "lock")):
        done = shared / "seconds"
        if not done.exists():
            val = shared / "validation_out"
            proc = subprocess.run([sys.executable, "-m", "ei_models.cli", "validate", "--quick", PAGE_CASE, "--out", str(val)],
                                  cwd=ROOT, env=_env(), capture_output=True, text=True)
            assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
            seconds, _ = sphinx_build(shared / "quick", EI_MODELS_VALIDATION_OUT=str(val),
                                      EI_MODELS_DOCS_RUN_EXAMPLES="0")
            done.write_text(f"{seconds:.1f}")
    return {"html": shared / "quick" / "html", "seconds": float(done.read_text())}


# -- reading the built HTML ------------------------------------------------------------------
class _Tables(HTMLParser):
    """Rows (lists of cell texts) of the tables with a given CSS class, and every <img src>."""

    def __init__(self, css: str):
        super().__init__()
        self.css, self.tables, self.images = css, [], []
        self._depth = 0          # nesting inside a wanted table
        self._row = self._cell = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img":
            self.images.append(a.get("src", ""))
        if tag == "table" and self.css in (a.get("class") or "").split():
            self._depth = 1
            self.tables.append([])
        elif tag == "table" and self._depth:
            self._depth += 1
        elif self._depth and tag == "tr":
            self._row = []
        elif self._depth and tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if not self._depth:
            return
        if tag == "table":
            self._depth -= 1
        elif tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def tables(page: Path, css: str) -> list[list[list[str]]]:
    parser = _Tables(css)
    parser.feed(page.read_text())
    return parser.tables


def _norm(text) -> str:
    return " ".join(html.unescape(str(text)).split())


def table_mismatches(mech, params: list[list[str]], presets: list[list[list[str]]]) -> list[str]:
    """What the page's parameter and preset tables (rows of cell texts, header first) get wrong
    against ``mech``'s table: missing, extra or differing entries (value read as a float)."""
    problems = []
    header, *rows = params
    if header[:6] != ["name", "value", "unit", "bounds", "source", "meaning"]:
        problems.append(f"parameter table header {header}")
    by_name = {r[0]: r for r in rows}
    if list(by_name) != mech.table.names:
        problems.append(f"parameters on the page {list(by_name)} != table {mech.table.names}")
    for p in mech.table:
        row = by_name.get(p.name)
        if row is None:
            continue
        if float(row[1]) != p.value:
            problems.append(f"{p.name}: value {row[1]} on the page, {p.value!r} in the table")
        for k, (what, want) in enumerate((("unit", p.unit), ("bounds", p.bounds), ("source", p.source),
                                          ("meaning", p.doc)), start=2):
            if _norm(row[k]) != _norm(want):
                problems.append(f"{p.name}: {what} {row[k]!r} on the page, {want!r} in the table")
    groups = list(mech.table.presets.items())
    if len(presets) != len(groups):
        problems.append(f"{len(presets)} preset tables on the page, {len(groups)} preset groups in the table")
    for (group, want), got in zip(groups, presets):
        got_rows = {r[0]: r for r in got[1:]}
        if list(got_rows) != [p.name for p in want]:
            problems.append(f"{group}: presets {list(got_rows)} on the page, {[p.name for p in want]} in the table")
        for p in want:
            row = got_rows.get(p.name)
            if row is None:
                continue
            values = dict((k.strip(), float(v)) for k, v in (kv.split("=") for kv in row[1].split(",") if "=" in kv))
            if values != dict(p.values):
                problems.append(f"{group}={p.name}: values {values} on the page, {dict(p.values)} in the table")
            if _norm(row[2]) != _norm(p.source):
                problems.append(f"{group}={p.name}: source {row[2]!r} on the page, {p.source!r} in the table")
    return problems


def _page(built, name) -> Path:
    return built["html"] / "generated" / "mechanisms" / f"{name}.html"


# -- the tests -------------------------------------------------------------------------------
def test_docs_build_quick(built):
    """The quick build succeeded under -W (the fixture asserts it) and produced every page."""
    html_dir = built["html"]
    pages = sorted(p.relative_to(html_dir).as_posix() for p in html_dir.rglob("*.html"))
    print(f"\ndocs quick build: {built['seconds']:.1f} s, {len(pages)} HTML pages")
    for must in ("index.html", "generated/mechanisms/index.html", "generated/validation.html", "generated/cli.html",
                 "api/neuron.html", "api/brian2.html", "api/netpyne.html", "api/mechanisms.html",
                 "auto_examples/index.html", "guides/uses.html", "guides/choosing.html", "guides/netpyne.html",
                 "guides/performance.html", "guides/bad_input.html", "guides/adding.html", "guides/validation.html",
                 "auto_examples/plot_shunting.html", "auto_examples/plot_gabab_burst.html",
                 "auto_examples/plot_stp_trains.html", "auto_examples/plot_ping_gamma.html"):
        assert must in pages, f"{must} missing from the built site"
    # the API reference documents the public calls
    neuron_api = (html_dir / "api" / "neuron.html").read_text()
    brian2_api = (html_dir / "api" / "brian2.html").read_text()
    for call in ("ei_models.neuron.insert", "ei_models.neuron.forward", "ei_models.neuron.load"):
        assert f'id="{call}"' in neuron_api, call
    for call in ("synapse_model", "make_synapses", "density_model", "target_model"):
        assert f'id="ei_models.brian2.{call}"' in brian2_api, call
    # the bad-input guide is docs/bad_input.md itself (included, not copied)
    first_rows = [line for line in (DOCS / "bad_input.md").read_text().splitlines() if line.startswith("| ")][2:4]
    guide = _norm(re.sub(r"<[^>]+>", "", (html_dir / "guides" / "bad_input.html").read_text()))
    for row in first_rows:
        cell = _norm(row.split("|")[1].replace("`", ""))
        assert cell in guide, cell


def test_mechanism_pages_match_the_tables(built):
    """Every mechanism has a page, and its parameter and preset tables equal the table's
    entries (name, value, unit, bounds, source, meaning; preset values and sources)."""
    for name in mechanisms.names():
        page = _page(built, name)
        assert page.exists(), f"no page for {name}"
        mech = mechanisms.get(name)
        params = tables(page, "ei-params")
        assert len(params) == 1, f"{name}: {len(params)} parameter tables"
        problems = table_mismatches(mech, params[0], tables(page, "ei-presets"))
        assert not problems, f"{name}'s page disagrees with its table:\n" + "\n".join(problems)
        text = page.read_text()
        assert mech.neuron_name in text and f"mod/{name}.mod" in text
    listed = _norm(re.sub(r"<[^>]+>", " ", (built["html"] / "generated" / "mechanisms" / "index.html").read_text()))
    assert all(name in listed for name in mechanisms.names())


def test_page_check_finds_a_disagreement(built):
    """The comparison above is not vacuous: a changed value, unit, source or preset value on a
    page is reported."""
    mech = mechanisms.get("nmda")
    page = _page(built, "nmda")
    params, presets = tables(page, "ei-params")[0], tables(page, "ei-presets")
    assert table_mismatches(mech, params, presets) == []
    for column, new in ((1, "71.5"), (2, "s"), (4, "made up")):
        bad = [list(r) for r in params]
        bad[1][column] = new
        assert table_mismatches(mech, bad, presets), f"column {column} changed, not reported"
    bad = [list(r) for r in params[:-1]]
    assert any("parameters on the page" in m for m in table_mismatches(mech, bad, presets))
    worse = [[list(r) for r in t] for t in presets]
    worse[0][1][1] = re.sub(r"= [0-9.e+-]+", "= 12345", worse[0][1][1], count=1)
    assert any("values" in m for m in table_mismatches(mech, params, worse))


def _snapshot_cases() -> dict:
    import json

    return json.loads((ROOT / "validation" / "reference_results.json").read_text())["cases"]


def test_validation_guide_shows_the_generated_numbers(built):
    """The guide's numbers are the snapshot's tables: one per case, with its run's commit, the kinds,
    and every expected miss as MISS with its reason."""
    snap = _snapshot_cases()
    page = built["html"] / "guides" / "validation.html"
    found = tables(page, "ei-val-numbers")
    assert len(found) == len(snap)
    text = _norm(re.sub(r"<[^>]+>", " ", page.read_text()))
    for case, e in snap.items():
        assert e["run"]["commit"][:10] in text, case
        rows = found[list(snap).index(case)]
        names = {c["name"] for s in e["simulators"].values() for c in s["checks"]}
        assert {_norm(r[1]) for r in rows[1:]} == {_norm(n) for n in names}, case
        assert {r[0] for r in rows[1:]} <= {"consistency", "closed_form", "data"}
    misses = [(case, c) for case, e in snap.items() for s in e["simulators"].values() for c in s["checks"]
              if c["expected_miss"] and not c["passed"]]
    assert misses, "the snapshot records the data checks' expected misses (V09-V13, V15, V16)"
    for case, c in misses:
        assert _norm(f"MISS (expected: {c['expected_miss']})") in text, (case, c["name"])


def test_snapshot_check_names_are_those_a_run_produces(built, tmp_path_factory):
    """The names the snapshot records for the docs' quick V05 run are the names that run produced."""
    import json

    val = _shared(tmp_path_factory) / "validation_out" / "results.json"
    run = {r["simulator"]: [c["name"] for c in r["checks"]] for r in json.loads(val.read_text())["records"]}
    snap = {sim: [c["name"] for c in s["checks"]] for sim, s in _snapshot_cases()[PAGE_CASE]["simulators"].items()}
    assert run == snap


def test_validation_numbers_mark_a_changed_module(tmp_path, monkeypatch):
    sys.path.insert(0, str(DOCS / "_ext"))
    import ei_docs

    snap = _snapshot_cases()
    snap["V01"]["module_sha256"] = "0" * 64
    import hashlib

    v02 = ROOT / "validation" / snap["V02"]["module"]  # current, whether or not the snapshot is fresh
    snap["V02"]["module_sha256"] = hashlib.sha256(v02.read_bytes()).hexdigest()
    path = tmp_path / "snap.json"
    import json

    path.write_text(json.dumps({"cases": {"V01": snap["V01"], "V02": snap["V02"]}}))
    monkeypatch.setattr(ei_docs, "SNAPSHOT", path)
    text = ei_docs.validation_numbers(ei_docs.validation_cases())
    assert text.count("changed since this run") == 1 and "v01_reversal.py`` changed" in text
    assert "Not in the snapshot" in text and "V03" in text


def test_case_text_without_a_local_run_shows_the_snapshot_checks(tmp_path):
    """A mechanism or gallery page built without ``validation_out/`` falls back to the committed
    snapshot's checks, and says so."""
    sys.path.insert(0, str(DOCS / "_ext"))
    import ei_docs

    case = next(c for c in ei_docs.validation_cases() if c["case"] == "V05")
    text = ei_docs._case_text(case, {}, tmp_path, "-", "")
    snap = _snapshot_cases()["V05"]
    assert "committed snapshot" in text and snap["run"]["commit"][:10] in text
    for sim, s in snap["simulators"].items():
        assert f"**{sim}**" in text
        assert ei_docs.esc(s["checks"][0]["name"]) in text


def test_mechanism_page_shows_the_validation_case(built):
    """The nmda page names its cases, shows V05's figure and its checks from the results."""
    text = _page(built, PAGE_MECHANISM).read_text()
    for case in ("V05", "V06"):
        assert f"{case}:" in text
    assert re.search(r'<img[^>]+src="[^"]*V05_mg_block\.png"', text)
    assert "PASS" in text and "Cost" in text and "Time stepping" in text


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


def test_browser_renders_index_and_mechanism_page(built, tmp_path):
    """Headless chromium opens the index and the nmda page; their figures are decoded by the
    browser (docs/_static/img_loaded.js writes each image's natural width into the DOM), and
    the screenshot of the mechanism page is not blank."""
    browser = _chromium()
    if browser is None:
        pytest.skip("chromium is not installed (bash .ci/setup installs it with apt-get)")
    flags = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--virtual-time-budget=15000",
             f"--user-data-dir={tmp_path / 'profile'}"]
    for page, figure in ((built["html"] / "index.html", "network_scaling"),
                         (_page(built, PAGE_MECHANISM), "V05_mg_block")):
        dom = subprocess.run(flags + ["--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120).stdout
        assert 'data-images-checked="1"' in dom, f"{page.name}: the page's script did not run\n{dom[:500]}"
        imgs = re.findall(r"<img\b[^>]*>", dom)
        mine = [i for i in imgs if figure in i]
        assert mine, f"{page.name}: no <img> of {figure}"
        width = re.search(r'data-loaded="(\d+)"', mine[0])
        assert width and int(width.group(1)) > 100, f"{page.name}: {figure} did not render: {mine[0]}"
    shot = tmp_path / "nmda.png"
    subprocess.run(flags + ["--window-size=1300,2400", f"--screenshot={shot}", _page(built, PAGE_MECHANISM).as_uri()],
                   capture_output=True, timeout=120)
    assert _png_size(shot) == (1300, 2400)
    import matplotlib.image

    pixels = matplotlib.image.imread(shot)[..., :3]
    dark = (pixels.mean(axis=2) < 0.5).mean()
    assert 0.01 < dark < 0.9, f"screenshot looks blank or broken: {dark:.3f} of it dark"


@pytest.mark.slow
def test_docs_build_full_gallery(tmp_path, tmp_path_factory):
    """The full build runs the gallery's examples (EI_MODELS_DOCS_RUN_EXAMPLES=1) and each
    example page shows its figure."""
    from filelock import FileLock

    pytest.importorskip("netpyne", reason="the NetPyNE example needs pip install '.[netpyne]'")
    shared = _shared(tmp_path_factory)
    with FileLock(str(shared / "lock")):  # builds write docs/generated/: one at a time
        # sphinx-gallery skips examples whose source it has run before: start from none
        shutil.rmtree(DOCS / "auto_examples", ignore_errors=True)
        seconds, _ = sphinx_build(tmp_path, EI_MODELS_DOCS_RUN_EXAMPLES="1")
    print(f"\ndocs full build (examples run): {seconds:.0f} s")
    examples = sorted(p.stem for p in (DOCS / "gallery").glob("plot_*.py"))
    assert {"plot_nmda_spike", "plot_shunting", "plot_gabab_burst", "plot_stp_trains", "plot_ping_gamma",
            "plot_wang2002_persistent", "plot_netpyne_ei_network"} <= set(examples), examples
    for name in examples:
        text = (tmp_path / "html" / "auto_examples" / f"{name}.html").read_text()
        assert re.search(rf'<img[^>]+sphx_glr_{name}_001\.png', text), f"{name}: no figure"


def test_docs_command_without_the_extra_is_one_line(monkeypatch, capsys):
    """``ei-models docs`` without the docs extra: exit 2, one line naming what to install."""
    import importlib.util

    from ei_models import cli

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "numpydoc" else real(name, *a))
    assert cli.main(["docs"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "numpydoc" in err and 'pip install -e ".[docs]"' in err, err


def test_docs_command_builds_and_prints_the_index(tmp_path, tmp_path_factory, capsys):
    """``ei-models docs --out DIR`` runs the -W build into DIR and prints DIR/index.html."""
    from filelock import FileLock

    from ei_models import cli

    with FileLock(str(_shared(tmp_path_factory) / "lock")):  # builds write docs/generated/: one at a time
        assert cli.main(["docs", "--out", str(tmp_path / "site")]) == 0
    printed = Path(capsys.readouterr().out.strip().splitlines()[-1])
    assert printed == (tmp_path / "site" / "index.html").resolve() and printed.exists()
    assert (tmp_path / "site" / "generated" / "mechanisms" / "nmda.html").exists()


def test_docs_folder_of_a_non_editable_install_is_the_checkout_around_the_working_directory(
        tmp_path, monkeypatch, capsys):
    """Installed into site-packages (``bash .ci/setup``), ``ei-models docs`` builds the clone it is run in;
    outside any clone it says so in one line, naming ``--source``."""
    from ei_models import cli

    monkeypatch.setattr(cli, "__file__", str(tmp_path / "site-packages" / "ei_models" / "cli.py"))
    monkeypatch.chdir(DOCS.parent / "ei_models")
    assert cli.docs_folder() == DOCS.resolve()
    assert cli.docs_folder(str(DOCS)) == DOCS.resolve()
    monkeypatch.chdir(tmp_path)
    assert cli.main(["docs", "--out", str(tmp_path / "site")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "--source" in err, err
