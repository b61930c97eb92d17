import pytest

from sobes.errors import BadInputError
from sobes.filters import CardFilter
from sobes.library import Library


def test_empty_form_fields_mean_no_filter() -> None:
    f = CardFilter.of({"topic": "", "level": None, "lang": "ru"})
    assert f == CardFilter(lang="ru")
    assert f.any() and not CardFilter().any()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"level": "lead"}, "unknown level 'lead'; use one of: junior, middle, senior"),
        ({"topik": "ml"}, "unknown filter topik; use: topic, level, lang, kind, source, tag"),
        ({"include_retired": True}, "unknown filter include_retired"),  # a flag, not a card filter
    ],
)
def test_a_filter_that_can_never_match_is_a_clear_error(values: dict[str, object], message: str) -> None:
    with pytest.raises(BadInputError, match=message):
        CardFilter.of(values)


@pytest.mark.parametrize(
    "f",
    [CardFilter(topic="ml"), CardFilter(lang="uk", level="junior"), CardFilter(kind="problem"),
     CardFilter(source="STARTER"), CardFilter(tag="#Regularization"), CardFilter(topic="nlp", lang="en")],
)
def test_the_in_memory_test_agrees_with_the_database(lib: Library, f: CardFilter) -> None:
    lib.import_starter(analyze=False)
    everything = lib.cards()
    chosen = {c.id for c in lib.cards(**f.as_kwargs())}
    assert chosen, f"the starter bank should have cards for {f}"
    assert chosen == {c.id for c in everything if f.accepts(c)}
