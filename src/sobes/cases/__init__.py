"""Take-home cases (the electrolysis soft sensor first): a small registry for `sobes case list/show`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sobes.errors import NotFoundError


@dataclass(frozen=True)
class CaseInfo:
    name: str
    title: str
    card_id: str  # the library card that carries the statement
    statement: Path
    commands: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "title": self.title, "card_id": self.card_id, "commands": list(self.commands)}


CASES = {
    "electrolysis": CaseInfo(
        name="electrolysis",
        title="Soft sensor for an electrolysis cell: predict dissolved alumina between twice-daily lab samples",
        card_id="case-electrolysis",
        statement=Path(__file__).parent / "electrolysis" / "statement.md",
        commands=(
            "sobes case electrolysis generate --out DATA --days 365 --seed 0",
            "sobes case electrolysis solve --data DATA --out REPORT",
            "sobes case electrolysis predict --model REPORT/model --data DATA --out predictions.csv",
            "sobes case electrolysis score --data DATA --predictions predictions.csv",
        ),
    ),
}


def get_case(name: str) -> CaseInfo:
    if name not in CASES:
        raise NotFoundError(f"no case named {name!r}; see `sobes case list` ({', '.join(CASES)})")
    return CASES[name]


def statement(name: str) -> str:
    return get_case(name).statement.read_text(encoding="utf-8")


# Column names only the electrolysis assignment uses: finding two of them in a card's text
# means the card is (a copy of) that assignment, so it can point to the runnable case.
_SIGNATURES = {"electrolysis": ("Сум.доз АПГ", "Board Deaf Temp", "Board Face Temp", "Обратная ЭДС", "avg_mass_apg",
                                "Ср.прир.напр")}


def match_case(text: str) -> str | None:
    """The name of the case a card's text is the assignment of, or None (for linking a seed
    post to its runnable case, e.g. with the tag `case:<name>`)."""
    folded = text.casefold()
    for name, marks in _SIGNATURES.items():
        if sum(m.casefold() in folded for m in marks) >= 2:
            return name
    return None
