"""Text made safe for the terminal (`tuiapp.safe_text.clean`): marks and invisible characters, beside the escapes
and bidi controls tests/test_terminal_bytes.py follows to the raw bytes."""

from __future__ import annotations

import pytest

from recommender.catalog import CatalogError, parse_row
from tuiapp.safe_text import MAX_COMBINING, clean

from .test_catalog import ROW


@pytest.mark.parametrize(
    "marks",
    [
        "\u0301" * 40,  # combining acute: class 230
        "\u20dd" * 40,  # combining enclosing circle: class 0, an enclosing mark
        "\u0336\u0337\u20dd\u0489" * 30,  # mixed: each used to reset the count of the others
        "\u0e31" * 40,  # Thai vowel sign: a nonspacing mark of class 0
    ],
)
def test_a_stack_of_marks_is_cut_to_a_few_on_one_letter(marks):
    """A stack of 40 enclosing marks on one cell reached the terminal: only marks of a nonzero combining class were
    counted."""
    assert clean(f"Z{marks}algo") == f"Z{marks[:MAX_COMBINING]}algo"


def test_languages_keep_their_marks_and_format_characters_are_dropped():
    assert clean("caf\u00e9 nai\u0308ve \u0e01\u0e31\u0e48") == "caf\u00e9 nai\u0308ve \u0e01\u0e31\u0e48"
    assert clean("a\U0001d173b\ufff9c\u200bd") == "abcd"  # musical and annotation format characters showed nothing


@pytest.mark.parametrize("title", ["\u0301\u0301\u0301", "\u20dd", " \u0301", "\U0001d173", "\ufff9\u0301"])
def test_a_title_of_marks_alone_shows_nothing_and_is_refused(title):
    """The card showed an empty title line, search an empty result."""
    with pytest.raises(CatalogError, match="field 'title': shows nothing"):
        parse_row({**ROW, "title": title}, "c.json", 1)


@pytest.mark.parametrize("field", ["creator", "sound"])
def test_a_name_of_marks_alone_is_refused(field):
    with pytest.raises(CatalogError, match=f"field '{field}': (shows nothing|has no name)"):
        parse_row({**ROW, field: "\u0301\u0301"}, "c.json", 1)


def test_private_use_and_noncharacters_show_as_one_replacement_cell():
    """U+FFFE, U+FFFF and private-use characters took no cell in tmux where the layout counted one: a History row
    holding them ran its creator column and border four cells short of the others."""
    assert clean("a\ufffe\uffff\ue000\U000f0000b") == "a\ufffd\ufffd\ufffd\ufffdb"
    assert clean("emoji 😀 and 中文 stay") == "emoji 😀 and 中文 stay"
