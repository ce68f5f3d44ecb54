"""Text written from one source (ei_models.generated): regenerating every generated block of the
checked-in .mod and .eqs files gives them byte for byte, so they cannot drift from their data."""

import re

import pytest

from ei_models import generated

FILES = sorted(generated.sources())


def test_some_files_are_generated():
    names = {p.name for p in FILES}
    assert {"eaat.mod", "eaat.eqs"} <= names


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_regenerating_gives_the_checked_in_file(path):
    text = path.read_text()
    assert generated.render(path, text) == text, (
        f"{path.name} differs from what its source renders: edit the source (the mechanism module's data "
        f"or the shared block), then run python -m ei_models.generated")


def test_an_edited_generated_block_is_detected():
    path = next(p for p in FILES if p.name == "eaat.mod")
    text = path.read_text()
    edited = text.replace("RANGE km2, kcat2", "RANGE kcat2, km2", 1)
    assert edited != text
    assert generated.render(path, edited) == text != edited


def test_a_block_without_source_is_an_error():
    with pytest.raises(ValueError, match="no source"):
        generated.fill(": >>> generated nowhere\nx\n: <<< generated nowhere\n", {}, ":")
    with pytest.raises(ValueError, match="no generated block"):
        generated.fill("x\n", {"somewhere": "y"}, ":")


def test_nmodl_limits():
    assert generated.nmodl_limits("(0, inf)") == "<1e-12, 1e9>"
    assert generated.nmodl_limits("[0, 1]") == "<0, 1>"
    assert generated.nmodl_limits("[-100, 100]") == "<-100, 100>"
    assert generated.nmodl_limits("(-inf, 0]") == "<-1e9, 0>"


# -- the INITIAL guard of every .mod, written from its parameter table ---------------------------
from ei_models import mechanisms  # noqa: E402
from ei_models._resources import mod_dir  # noqa: E402


@pytest.mark.parametrize("name", mechanisms.names())
def test_every_mod_has_its_guard_inside_initial(name):
    """Each .mod carries the guard block at the top of INITIAL, equal byte for byte to what its
    table renders, with one bound check per table parameter and one per cross rule."""
    text = (mod_dir() / f"{name}.mod").read_text()
    initial = re.search(r"^INITIAL \{\n(.*?)^\}", text, re.S | re.M).group(1)
    body = generated.blocks(initial, ":", "generated")[generated.GUARD]
    assert body == generated.guard_block(name)
    if name in generated.NO_GUARD:  # a comment with the reason instead of the C block
        assert "ENDVERBATIM" not in body and generated.NO_GUARD[name] in body
        return
    table = mechanisms.get(name).table
    for p in table:
        assert re.search(rf"EI_GUARD\({p.name} .*\"ei_models {name}: {p.name} = %g.*{re.escape(p.bounds)}", body), p.name
    rules = generated._cross_rules()
    for check in table.checks:
        assert check in rules, f"{name}: {check.__name__} has no NMODL form"
        if not isinstance(rules[check], str):
            for condition, _, _ in rules[check]:
                assert f"EI_GUARD({condition}, " in body
    assert "#ifndef CORENEURON_BUILD" in body and body.count("ENDVERBATIM") == 1


def test_guard_follows_the_table(monkeypatch):
    """Changing a bound in the table changes the rendered guard, so the checked-in .mod then
    differs (the byte-for-byte test above fails until it is regenerated)."""
    import dataclasses

    mech = mechanisms.get("nmda")
    path = mod_dir() / "nmda.mod"
    text = path.read_text()
    assert generated.render(path, text) == text
    mg = mech.table["mg"]
    changed = tuple(dataclasses.replace(p, bounds="[0, 10]") if p is mg else p for p in mech.table)
    monkeypatch.setattr(mech.table, "parameters", changed)
    rendered = generated.render(path, text)
    assert rendered != text and "EI_GUARD(mg >= 0.0 && mg <= 10.0, " in rendered


def test_a_table_check_without_nmodl_form_is_an_error(monkeypatch):
    mech = mechanisms.get("gabaa_syn")
    monkeypatch.setattr(mech.table, "checks", mech.table.checks + ((lambda v: None),))
    with pytest.raises(ValueError, match="has no NMODL form"):
        generated.guard_block("gabaa_syn")


def test_guard_numbers_are_exact():
    """C bounds keep every digit (4294967295, not %g's 4.29497e9)."""
    assert "seed <= 4294967295.0" in generated.guard_block("release")
