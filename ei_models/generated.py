"""Blocks of the ``.mod`` and ``.eqs`` files that are written from one source instead of by hand.

Text that a mechanism would otherwise repeat (eaat's five transporter subtypes, a kinetic scheme
in NMODL and in Brian2, the scheme shared by ``gabaa_delta`` and ``gabaa_delta_syn``) lives once,
as data in the mechanism module or as a *shared* block of one file, and is copied into
*generated* blocks of the checked-in files. A block is delimited by comment lines::

    : >>> generated NAME        (.mod; "#" instead of ":" in .eqs)
    ...                         written by the renderer: do not edit
    : <<< generated NAME

    : >>> shared NAME           the source text of a block copied elsewhere: edit here
    ...
    : <<< shared NAME

A mechanism module takes part by defining ``GENERATED``: ``{"mod/<file>" or
"equations/<file>": fn}``, with ``fn()`` returning ``{block name: text}`` (lines without the
final newline). :func:`render` returns a file with its generated blocks rewritten;
``tests/test_generated.py`` checks that this gives the checked-in files byte for byte, so they
cannot drift from their source. ``python -m ei_models.generated`` rewrites the files (a source
checkout) after a change to the data.
"""

from __future__ import annotations

import importlib
import math
import pkgutil
import re
from pathlib import Path
from typing import Callable, Mapping

from ._resources import equations_dir, mod_dir

_COMMENT = {".mod": ":", ".eqs": "#"}
#: an NMODL limit standing for an infinite table bound (table units)
NMODL_INF = 1e9
#: how far inside an open finite table bound its NMODL limit lies (table units)
NMODL_OPEN = 1e-12


#: ``PROCEDURE fixed_step()``, the one VERBATIM of the package, copied into the ``fixed-step``
#: block of every .mod file whose DERIVATIVE block has a fixed-step and a CVODE path (nmda, the
#: GABA receptors and transporters): it reads NEURON's C global ``cvode_active_`` (NMODL has no
#: name for it) and ``secondorder``. ``hstep`` is the step nrn_state's Euler update spans: dt, or
#: 2 dt where nocmodl's secondorder scheme applies an increment of dt/2 twice (nocmodl's output
#: defines ``_threadargsproto_``, nmodl's does not, and nmodl takes the full dt); 0 under CVODE
#: (CoreNEURON has no CVODE).
FIXED_STEP = """PROCEDURE fixed_step() {
    : the two paths of the DERIVATIVE block (see COMMENT, CVODE): at a fixed step, hstep is
    : the step that nrn_state's Euler update spans (nocmodl's secondorder scheme takes it as two
    : increments of dt/2 each) and hinv = 1/hstep, cvode_on = 0; under CVODE (NEURON's global
    : cvode_active_; CoreNEURON has none) hstep = hinv = 0, cvode_on = 1
    hstep = dt
VERBATIM
#if !defined(CORENEURON_BUILD)
    if (cvode_active_) {
        hstep = 0.0;
    }
#if defined(_threadargsproto_)
    else if (secondorder) {
        hstep = 2.0 * dt;
    }
#endif
#endif
ENDVERBATIM
    if (hstep > 0) {
        hinv = 1 / hstep
        cvode_on = 0
    } else {
        hinv = 0
        cvode_on = 1
    }
}"""


def _pattern(comment: str, kind: str) -> re.Pattern:
    c = re.escape(comment)
    return re.compile(rf"^(?P<indent>[ \t]*){c} >>> {kind} (?P<name>[\w-]+)[^\n]*\n(?P<body>.*?)"
                      rf"^(?P=indent){c} <<< {kind} (?P=name)[ \t]*$", re.S | re.M)


def blocks(text: str, comment: str, kind: str = "shared") -> dict[str, str]:
    """``{name: body}`` of the ``kind`` ("shared" or "generated") blocks of ``text``; the body
    without its final newline."""
    return {m["name"]: m["body"].rstrip("\n") for m in _pattern(comment, kind).finditer(text)}


def fill(text: str, new: Mapping[str, str], comment: str, where: str = "") -> str:
    """``text`` with the body of each generated block replaced by ``new[name]``.

    Raises ValueError for a generated block without a source or a source without its block."""
    seen = set()

    def body(m):
        name = m["name"]
        if name not in new:
            raise ValueError(f"{where}: generated block {name!r} has no source (sources: {sorted(new)})")
        seen.add(name)
        head = m.group(0).split("\n", 1)[0]
        tail = f"{m['indent']}{comment} <<< generated {name}"
        return f"{head}\n{new[name]}\n{tail}" if new[name] else f"{head}\n{tail}"

    out = _pattern(comment, "generated").sub(body, text)
    missing = set(new) - seen
    if missing:
        raise ValueError(f"{where}: no generated block for {sorted(missing)}")
    return out


def nmodl_limits(bounds: str) -> str:
    """The NMODL ``<lo, hi>`` limits expressing a table interval such as ``"(0, inf)"``: a
    closed end as itself, an open finite end NMODL_OPEN inside it, an infinite one as NMODL_INF."""
    from .params import _parse_bounds

    lo, lo_c, hi, hi_c = _parse_bounds(bounds)

    def end(x, closed, sign):
        if math.isinf(x):
            return number(sign * NMODL_INF)
        return number(x) if closed else number(x - sign * NMODL_OPEN)

    return f"<{end(lo, lo_c, -1)}, {end(hi, hi_c, 1)}>"


def number(x: float) -> str:
    """``x`` as NMODL source, shortest form (``1e9``, ``0.024``, ``2300``)."""
    text = f"{x:g}"
    return re.sub(r"e([+-])0*(\d)", lambda m: "e" + ("-" if m[1] == "-" else "") + m[2], text)


def parameter_line(p, indent: str = "    ", width: int = 44) -> str:
    """One NMODL PARAMETER line for table row ``p``: ``name = value (unit) <lo, hi>  : doc``."""
    decl = f"{p.name} = {number(p.value)} ({p.unit}) {nmodl_limits(p.bounds)}"
    return f"{indent}{decl:<{width}}: {p.doc}"


# -- the INITIAL guard: bounds enforced by the compiled mechanisms themselves ---------------------
#: the name of the generated INITIAL block of every .mod file (see :func:`guard_block`)
GUARD = "guard"
#: how a guard's hoc error starts: ei_models.neuron.hoc_errors recognises ours by it
GUARD_PREFIX = "ei_models"


def _cross_rules() -> dict:
    """NMODL forms of the tables' cross-parameter checks: {check function: [(condition that must
    hold, message with %g for each name in args, args)]} or a string saying why the check is not
    repeated in NMODL. A table check missing here makes :func:`guard_block` fail, so a new
    check cannot be forgotten."""
    from .gaba import gat_supply_check
    from .mechanisms.ca_plasticity import _thresholds
    from .mechanisms.gabab_girk import desensitization_within_outflow
    from .mechanisms.release import whole_numbers
    from .mechanisms.tsodyks_markram import _whole_numbers
    from .params import rise_before_decay

    whole = [(f"{k} == floor({k})", f"{k} = %g must be a whole number", (k,)) for k in ("n_sites", "seed", "stream")]
    return {
        rise_before_decay: [("tau_rise < tau_decay", "tau_rise (%g ms) must be shorter than tau_decay (%g ms)",
                             ("tau_rise", "tau_decay"))],
        _thresholds: [("alpha1 < alpha2", "alpha1 (%g uM, LTD onset) must be below alpha2 (%g uM, LTP onset)",
                       ("alpha1", "alpha2"))],
        desensitization_within_outflow: [("d1 <= k2", "d1 (%g /ms) must not exceed k2 (%g /ms)", ("d1", "k2"))],
        whole_numbers: whole,
        _whole_numbers: [("stochastic == 0 || stochastic == 1", "stochastic = %g must be 0 or 1", ("stochastic",)),
                         *whole],
        gat_supply_check: ("not repeated in NMODL: it needs the steady-state uptake (ei_models.gaba.gat_removal); "
                           "gat.mod's INITIAL solves the steady state itself"),
    }


def _bound_condition(p) -> str:
    """The C condition that holds exactly when parameter ``p`` is inside its table bounds."""
    from .params import _parse_bounds, bound_condition

    return bound_condition(p.name, *_parse_bounds(p.bounds))


def _c_string(message: str, nargs: int) -> str:
    if any(c in message for c in '"\\') or message.count("%") != nargs:
        raise ValueError(f"guard message {message!r} cannot be put into C")
    return f'"{message}"'


#: the chloride guard: printed once per mechanism type and process by a GABA_A mechanism that
#: finds NEURON's default cli = clo = 1 mM (E_Cl = 0 mV) at finitialize
CHLORIDE_WARNING = (
    "ei_models warning: %s sits on a segment with NEURON's default cli = clo = 1 mM, so E_Cl = 0 mV "
    "and its GABA_A current depolarises. Fix: ei_models.neuron.insert sets cli = 10, clo = 120 mM; "
    "or set seg.cli and seg.clo (e.g. 10 and 120 mM) before finitialize, or use the ion settings "
    "of ei_models.netpyne (shown once per mechanism type and process)")


#: mechanisms whose .mod cannot carry the C guard, with the reason (their block is a comment saying so)
NO_GUARD = {
    name: ("no C guard: the nmodl transpiler (NEURON 9.0.2) aborts on any VERBATIM in a mechanism that writes an "
           "ion concentration, here cli ('Not implemented. [wiejo]'); the same checks run in hoc at every "
           "finitialize (ei_models.mechanisms.cl_transport.hoc_guard, installed by ei_models.neuron.load)")
    for name in ("cl_kcc2", "cl_transport")
}


def guard_block(name: str, indent: str = "    ") -> str:
    """The generated ``guard`` block of ``mod/<name>.mod``, placed at the top of its INITIAL
    (after the LOCAL declarations): every table parameter is checked against its table bounds
    and every cross-parameter check of the table (:func:`_cross_rules`) is repeated, so a value
    written straight to hoc (``syn.hoc.tau_decay = 0``, ``seg.gbar_x = nan``) stops
    ``finitialize`` with a hoc error (``hoc_execerror``) naming the mechanism, the parameter, its
    value, the range and the fix, instead of running with NaN or a sign-changed current. A GABA_A
    mechanism reading cli and clo also warns once (:data:`CHLORIDE_WARNING`) when both are NEURON's
    default 1 mM.

    The block is C (one VERBATIM) left out of CoreNEURON builds (``CORENEURON_BUILD``), which
    have no hoc interpreter: NEURON's own INITIAL has run the checks before CoreNEURON gets the
    model."""
    from . import mechanisms

    mech = mechanisms.get(name)
    if name in NO_GUARD:
        return f"{indent}: {NO_GUARD[name]}"
    rules = _cross_rules()
    fix = f"set it within the range (ei_models.neuron.insert({name!r}, ...) checks values before NEURON sees them)"
    cross_fix = f"change them (ei_models.neuron.insert({name!r}, ...) checks values before NEURON sees them)"
    checks = []
    for p in mech.table:
        unit = "" if p.unit == "1" else f" {p.unit}"
        message = f"{GUARD_PREFIX} {name}: {p.name} = %g{unit} is outside its range {p.bounds}{unit}; {fix}"
        checks.append((_bound_condition(p), message, (p.name,)))
    for check in mech.table.checks:
        if check not in rules:
            raise ValueError(f"{name}: table check {check.__name__} has no NMODL form in ei_models.generated._cross_rules")
        if not isinstance(rules[check], str):
            checks += [(c, f"{GUARD_PREFIX} {name}: {m}; {cross_fix}", args) for c, m, args in rules[check]]
    if mech.temperature:  # Q10 scaling: qt = q10^((celsius - temp_ref)/10) in INITIAL
        checks.append(("celsius >= 0.0 && celsius <= 45.0",
                       f"{GUARD_PREFIX} {name}: celsius = %g degC is outside [0, 45] degC, the range of its Q10 "
                       f"temperature scaling; set h.celsius within it (e.g. 37) before finitialize", ("celsius",)))
    chloride = "cli" in mech.ions and "clo" in mech.ions
    if chloride:
        for ion in ("cli", "clo"):
            checks.append((f"{ion} > 0 && {ion} - {ion} == 0",
                           f"{GUARD_PREFIX} {name}: {ion} = %g mM on its segment, chloride concentrations must be "
                           f"positive and finite (the reversal is Nernst, log(cli/clo)); set seg.{ion} (e.g. cli = 10, "
                           f"clo = 120 mM)", (ion,)))
    if "cai" in mech.ions and "cao" in mech.ions:  # GHK Ca2+ current (nmda, nmda_sat): log/exp of cai, cao
        for ion in ("cai", "cao"):
            checks.append((f"{ion} > 0 && {ion} - {ion} == 0",
                           f"{GUARD_PREFIX} {name}: {ion} = %g mM on its segment, calcium concentrations must be "
                           f"positive and finite (the Ca2+ current is GHK); set seg.{ion} (or {ion}0_ca_ion before "
                           f"finitialize; NEURON's defaults: cai = 5e-05, cao = 2 mM)", (ion,)))
    lines = [f"{indent}VERBATIM", "#ifndef CORENEURON_BUILD",
             "#define EI_GUARD(ok, ...) if (!(ok)) { char _ei_msg[512]; "
             "snprintf(_ei_msg, sizeof _ei_msg, __VA_ARGS__); hoc_execerror(_ei_msg, (char*) 0); }"]
    for condition, message, args in checks:
        lines.append(f"{indent}EI_GUARD({condition}, {_c_string(message, len(args))}, {', '.join(args)})")
    lines.append("#undef EI_GUARD")
    if chloride:
        lines += [f"{indent}{{ static int _ei_warned = 0;",
                  f"{indent}  if (cli == 1 && clo == 1 && !_ei_warned) {{ _ei_warned = 1;",
                  f'{indent}    fprintf(stderr, {_c_string(CHLORIDE_WARNING, 1)[:-1]}\\n", "{name}"); }} }}']
    lines += ["#endif", f"{indent}ENDVERBATIM"]
    return "\n".join(lines)


def guard_sources() -> dict[Path, Callable[[], dict]]:
    """{mod file: renderer of its ``guard`` block} for every mechanism (every .mod has one)."""
    from . import mechanisms

    return {mod_dir() / f"{n}.mod": (lambda n=n: {GUARD: guard_block(n)}) for n in mechanisms.names()}


def sources() -> dict[Path, list[Callable[[], dict]]]:
    """{file: [renderers]} from the ``GENERATED`` of every mechanism module."""
    from . import mechanisms

    roots = {"mod": mod_dir(), "equations": equations_dir()}
    out: dict[Path, list] = {}
    for info in pkgutil.iter_modules(mechanisms.__path__):
        module = importlib.import_module(f"{mechanisms.__name__}.{info.name}")
        for rel, fn in getattr(module, "GENERATED", {}).items():
            root, name = rel.split("/", 1)
            out.setdefault(roots[root] / name, []).append(fn)
    for path in sorted(mod_dir().glob("*.mod")):  # FIXED_STEP, where a file has its block (not nested in another)
        if "fixed-step" in {m["name"] for m in _pattern(":", "generated").finditer(path.read_text())}:
            out.setdefault(path, []).append(lambda: {"fixed-step": FIXED_STEP})
    for path, fn in guard_sources().items():
        out.setdefault(path, []).append(fn)
    return out


def render(path: Path, text: str | None = None) -> str:
    """The file at ``path`` (or ``text``) with its generated blocks rewritten from their sources."""
    path = Path(path)
    text = path.read_text() if text is None else text
    new: dict[str, str] = {}
    for fn in sources().get(path, []):
        new.update(fn())
    return fill(text, new, _COMMENT[path.suffix], where=str(path))


def write_all() -> list[Path]:
    """Rewrite every file with generated blocks; returns the files that changed."""
    changed = []
    for path in sources():
        old = path.read_text()
        new = render(path, old)
        if new != old:
            path.write_text(new)
            changed.append(path)
    return changed


if __name__ == "__main__":  # pragma: no cover - a maintainer's tool
    for p in write_all():
        print(f"rewrote {p}")
