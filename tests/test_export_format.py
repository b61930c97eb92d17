from pathlib import Path

import pytest

from sobes.errors import BadInputError
from sobes.export import format_for


@pytest.mark.parametrize(
    ("name", "asked", "expected"),
    [
        ("cards.csv", None, "csv"),
        ("cards.JSONL", None, "jsonl"),
        ("cards.markdown", None, "md"),
        ("deck.apkg", None, "apkg"),
        ("cards", None, "jsonl"),  # no extension: the lossless default
        ("cards.txt", "md", "md"),  # asked for outright, whatever the name
    ],
)
def test_the_format_comes_from_the_option_then_the_extension(name: str, asked: str | None, expected: str) -> None:
    assert format_for(Path(name), asked) == expected


def test_an_extension_we_cannot_write_is_an_error_not_a_silent_guess() -> None:
    with pytest.raises(BadInputError, match=r"cannot tell the export format from '\.pdf'"):
        format_for(Path("cards.pdf"))
