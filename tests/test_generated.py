"""Text written from one source (ei_models.generated): regenerating every generated block of the
checked-in .mod and .eqs files gives them byte for byte, so they cannot drift from their data."""

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
