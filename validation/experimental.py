"""Published measurements the validation cases compare against (``kind: data`` checks, issue 15).

Each case's measurements live in ``validation/data/<CASE>.json`` (for example ``V05.json``): a
JSON object ``{"measurements": [...]}`` whose entries have

``id``            short key the case asks for (unique in the file)
``quantity``      what was measured, in words
``value``         the mean (or the single reported value)
``unit``          its unit, as written in the source
``sd``            standard deviation, or null (``sem`` and ``n`` may be given instead or as well)
``range``         [low, high] when the source gives a range rather than mean ± SD, or null
``n``             number of cells/connections/patches, or null
``conditions``    the experiment's conditions: temperature (degC), [Mg2+], [Ca2+], expression
                  system or preparation, holding potential, ... as an object
``citation``      author(s), year, journal volume:page
``where``         figure, table or page of the paper the number is read from
``note``          how the number is used; must say if any model parameter was fitted to a
                  *different* measurement of the same paper

A number that a model parameter was fitted to must not be stored here: it is not evidence.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

from ei_models._resources import data_dir
from ei_models.errors import EiModelsError

from .harness import Check, _fmt


@dataclass(frozen=True)
class Measurement:
    """One published measurement with its citation and conditions."""

    id: str
    quantity: str
    value: float
    unit: str
    citation: str
    where: str
    sd: float | None = None
    sem: float | None = None
    range: tuple | None = None
    n: int | None = None
    conditions: dict = field(default_factory=dict)
    note: str = ""

    def interval(self, n_sd: float = 2.0) -> tuple[float, float]:
        """The accepted interval: the stated range, else mean ± n_sd·SD (SD from SEM·√n if needed)."""
        if self.range is not None:
            lo, hi = self.range
            return float(lo), float(hi)
        sd = self.sd
        if sd is None and self.sem is not None and self.n:
            sd = self.sem * math.sqrt(self.n)
        if sd is None:
            raise EiModelsError(f"measurement {self.id!r} has neither sd, sem with n, nor range: "
                                "give the check an explicit tolerance")
        return self.value - n_sd * sd, self.value + n_sd * sd

    def stated(self) -> str:
        if self.range is not None:
            spread = f"range {_fmt(self.range[0])}-{_fmt(self.range[1])}"
        elif self.sd is not None:
            spread = f"± {_fmt(self.sd)} SD"
        elif self.sem is not None:
            spread = f"± {_fmt(self.sem)} SEM"
        else:
            spread = ""
        n = f", n = {self.n}" if self.n else ""
        return f"{_fmt(self.value)} {spread} {self.unit}{n}; {self.citation}, {self.where}".replace("  ", " ")


def load(case: str) -> dict[str, Measurement]:
    """The measurements of ``case`` (e.g. ``"V05"``), by id; {} when the case has no data file."""
    path = data_dir("validation") / "data" / f"{case}.json"
    if not path.exists():
        return {}
    raw = json.loads(path.read_text())
    out = {}
    for entry in raw["measurements"]:
        entry = dict(entry)
        if entry.get("range") is not None:
            entry["range"] = tuple(entry["range"])
        m = Measurement(**entry)
        if m.id in out:
            raise EiModelsError(f"{path.name}: measurement id {m.id!r} appears twice")
        out[m.id] = m
    return out


def data_check(name: str, model_value: float, m: Measurement, n_sd: float = 2.0,
               interval: tuple | None = None, expected_miss: str = "") -> Check:
    """A ``data`` check: the model's value inside the measurement's interval (mean ± n_sd·SD, or
    its range, or an explicit ``interval``). ``expected_miss`` states why a known miss misses."""
    lo, hi = interval if interval is not None else m.interval(n_sd)
    ok = bool(math.isfinite(model_value) and lo <= model_value <= hi)
    limit = f"in [{_fmt(lo)}, {_fmt(hi)}]: {m.stated()}"
    return Check(name, float(model_value), limit, ok, m.unit, "data", expected_miss)
