"""Options shared by every command, and opening the library they name."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from sobes.library import Library, open_library

DbOption = Annotated[
    str | None,
    typer.Option("--db", envvar="SOBES_DB", help="Library file or database URL (default: your sobes library)."),
]


class OutputFormat(StrEnum):
    table = "table"
    json = "json"


FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="table (default) or json.")]
TopicOption = Annotated[str | None, typer.Option(help="Only this topic (ml, dl, nlp, cv, ...).")]
LevelOption = Annotated[str | None, typer.Option(help="Only this level: junior, middle or senior.")]
LangOption = Annotated[str | None, typer.Option(help="Only this language: ru, uk or en.")]
KindOption = Annotated[str | None, typer.Option(help="Only this kind: qa, question, problem or case.")]
SourceOption = Annotated[str | None, typer.Option(help="Only cards whose source name contains this.")]
TagOption = Annotated[str | None, typer.Option(help="Only cards with this tag.")]


def library(db: str | None) -> Library:
    return open_library(db)
