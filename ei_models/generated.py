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
