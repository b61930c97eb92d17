"""Measuring understanding against a labelled dev set (``sobes understand-eval``).

A dev set is JSON Lines; each row is one question, given inline (``question``, optional
``answer``, ``section``, ``tags``) or by reference to a card already in the library
(``ref``: {"source": "<file name or its prefix>", "line": N}), with the labels to check:
``lang``, ``topic``, ``level`` and ``group`` (rows sharing a group ask the same thing).
The same functions as the library's analysis predict everything, so the numbers are
those of `sobes import` + `sobes analyze`.

``evaluate_library`` scores instead what the library already holds for ``ref`` rows — its
stored languages, topics, levels and duplicate groups, formed among all its cards — and
how well the import found the labelled questions: the end-to-end view of imported documents.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np

from sobes.cards import normalize_question
from sobes.embed import Encoder, field_text
from sobes.enrich.duplicates import Item, cluster, find_pairs
from sobes.enrich.kind import detect_kind
from sobes.enrich.lang import detect_lang
from sobes.enrich.level import estimate_level
from sobes.enrich.topic_model import TopicModel, classify
from sobes.errors import BadInputError, NotFoundError
from sobes.model import Card, Topic
from sobes.reading import json_objects


@dataclass
class Row:
    question: str
    answer: str | None
    section: str | None
    tags: list[str]
    labels: dict[str, Any]
    source_level: str | None = None
    where: str = ""
    card: Card | None = None


@dataclass
class Scores:
    """Accuracy of each label and duplicate-pair precision/recall."""

    counts: dict[str, int] = field(default_factory=dict)
    accuracy: dict[str, float | None] = field(default_factory=dict)
    topic_confusion: dict[str, dict[str, int]] = field(default_factory=dict)
    pairs: dict[str, dict[str, float | int | None]] = field(default_factory=dict)
    errors: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"counts": self.counts, "accuracy": self.accuracy, "topic_confusion": self.topic_confusion,
                "pairs": self.pairs, "errors": self.errors}


def read_devset(path: Path, cards: list[Card] | None = None, missing: list[str] | None = None) -> list[Row]:
    """Rows of a dev set; ``ref`` rows are resolved against ``cards``. With ``missing`` given,
    a ref no card answers is recorded there instead of failing."""
    objects = json_objects(path, "'question' or 'ref'")
    by_ref: dict[tuple[str, int], Card] = {}
    for c in cards or []:
        if c.source.line is not None:
            by_ref[(c.source.name, c.source.line)] = c
    rows = []
    for n, obj in objects:
        labels = {k: obj[k] for k in ("lang", "topic", "level", "group") if obj.get(k)}
        if "ref" in obj:
            try:
                rows.append(_resolve(obj["ref"], by_ref, labels, f"{path.name}:{n}"))
            except NotFoundError:
                if missing is None:
                    raise
                missing.append(f"{path.name}:{n} {obj['ref'].get('source')}:{obj['ref'].get('line')}")
        elif obj.get("question"):
            rows.append(Row(str(obj["question"]), obj.get("answer"), obj.get("section"), list(obj.get("tags", [])),
                            labels, where=f"{path.name}:{n}"))
        else:
            raise BadInputError(f"{path.name}:{n}: a row needs 'question' or 'ref'")
    if not rows:
        raise BadInputError(f"{path.name}: no rows to evaluate")
    return rows


def _resolve(ref: dict[str, Any], by_ref: dict[tuple[str, int], Card], labels: dict[str, Any], where: str) -> Row:
    try:
        name, line = str(ref["source"]), int(ref["line"])
    except (KeyError, TypeError, ValueError):
        raise BadInputError(f"{where}: 'ref' needs a source name and a line number") from None
    found = [c for (src, ln), c in by_ref.items() if ln == line and src.startswith(name)]
    if not found:
        raise NotFoundError(f"{where}: no card from '{name}' at line {line}; import that source first (--db)")
    c = found[0]
    level = str(c.level) if c.level and c.level_source == "source" else None
    if level and "level" not in labels:
        labels = {**labels, "level": level}  # the source's own level is the truth for the estimate
    return Row(c.question, c.answer, c.section, c.tags, labels, level, where, card=c)


def evaluate(rows: list[Row], encoder: Encoder | None, model: TopicModel | None) -> Scores:
    """Predict every label for the rows and score them."""
    q = p = None
    if encoder is not None:
        q = encoder.query([field_text("q", r.question, r.answer) for r in rows])
        p = encoder.passage([field_text("p", r.question, r.answer) for r in rows])
    scores = Scores()
    langs, kinds, topics, levels, estimated = [], [], [], [], []
    for i, r in enumerate(rows):
        lang = detect_lang(r.question + "\n" + (r.answer or "")[:2000])
        kind = detect_kind(r.question, r.answer)
        topic = classify(r.question, r.answer, r.section, r.tags, q[i] if q is not None else None, model)[0]
        est = estimate_level(r.question, r.answer, kind, q[i] if q is not None else None,
                             p[i] if p is not None else None)
        langs.append(str(lang))
        kinds.append(str(kind))
        topics.append(str(topic))
        estimated.append(str(est))
        levels.append(r.source_level or str(est))
    _accuracy(scores, "lang", rows, langs)
    _accuracy(scores, "topic", rows, topics)
    _accuracy(scores, "level", rows, levels)
    _accuracy(scores, "level_estimated", rows, estimated, label="level")
    _topic_confusion(scores, rows, topics)
    _pair_scores(scores, rows, langs, _predicted_pairs(rows, langs, kinds, q, p))
    return scores


def evaluate_library(rows: list[Row], cards: list[Card], missing: list[str]) -> Scores:
    """Score what the library holds for the rows' cards (``ref`` rows only), and the import:
    labelled questions it did not find (``missing``) and cards from the labelled sources that
    no row names (ads or filler taken for questions, or a question split in two)."""
    if any(r.card is None for r in rows):
        raise BadInputError("--library scores cards in the library: every row needs a 'ref'")
    found = [r.card for r in rows if r.card is not None]
    scores = Scores()
    langs = [str(c.lang) for c in found]
    _accuracy(scores, "lang", rows, langs)
    topics = [str(c.topic) for c in found]
    _accuracy(scores, "topic", rows, topics)
    _accuracy(scores, "level", rows, [str(c.level) for c in found])
    estimated = [(r, str(c.level)) for r, c in zip(rows, found, strict=True) if c.level_source != "source"]
    _accuracy(scores, "level_estimated", [r for r, _ in estimated], [lv for _, lv in estimated], label="level")
    _topic_confusion(scores, rows, topics)
    root = [c.duplicate_of or c.id for c in found]
    predicted = {frozenset((a, b)) for a, b in combinations(range(len(found)), 2) if root[a] == root[b]}
    _pair_scores(scores, rows, langs, predicted)
    sources = {c.source.name for c in found}
    named = {c.id for c in found}
    unlabelled = [c for c in cards if c.source.name in sources and c.id not in named]
    scores.counts["labelled"] = len(rows) + len(missing)
    scores.counts["found"] = len(rows)
    scores.counts["unlabelled_cards"] = len(unlabelled)
    scores.accuracy["found"] = round(len(rows) / (len(rows) + len(missing)), 4) if rows or missing else None
    for m in missing:
        scores.errors.append({"where": m, "label": "a question", "predicted": "no card", "question": ""})
    for c in unlabelled:
        scores.errors.append({"where": f"{c.source.name}:{c.source.line}", "label": "not a question",
                              "predicted": "a card", "question": c.question[:100]})
    return scores


def _topic_confusion(scores: Scores, rows: list[Row], topics: list[str]) -> None:
    confusion: dict[str, Counter[str]] = {}
    for r, t in zip(rows, topics, strict=True):
        if "topic" in r.labels:
            confusion.setdefault(r.labels["topic"], Counter())[t] += 1
    scores.topic_confusion = {str(t): dict(confusion[str(t)]) for t in Topic if str(t) in confusion}


def _accuracy(scores: Scores, name: str, rows: list[Row], predicted: list[str], label: str | None = None) -> None:
    key = label or name
    judged = [(r, pr) for r, pr in zip(rows, predicted, strict=True) if key in r.labels]
    scores.counts[name] = len(judged)
    right = sum(1 for r, pr in judged if r.labels[key] == pr)
    scores.accuracy[name] = round(right / len(judged), 4) if judged else None
    if name in ("lang", "topic"):
        for r, pr in judged:
            if r.labels[key] != pr:
                scores.errors.append({"where": r.where, "label": f"{key}={r.labels[key]}", "predicted": pr,
                                      "question": r.question[:100]})


def _predicted_pairs(rows: list[Row], langs: list[str], kinds: list[str],
                     q: np.ndarray | None, p: np.ndarray | None) -> set[frozenset[int]]:
    items = [Item(str(i), langs[i], r.question, normalize_question(r.question), kinds[i])
             for i, r in enumerate(rows)]
    uf = cluster(items, find_pairs(items, q, p), q, p)
    return {frozenset((int(a), int(b))) for g in uf.groups() for a, b in combinations(g, 2)}


def _pair_scores(scores: Scores, rows: list[Row], langs: list[str], predicted: set[frozenset[int]]) -> None:
    labelled = [i for i, r in enumerate(rows) if "group" in r.labels or "lang" in r.labels]
    truth = {frozenset((a, b)) for a, b in combinations(labelled, 2)
             if rows[a].labels.get("group") and rows[a].labels.get("group") == rows[b].labels.get("group")}
    for scope in ("same_lang", "cross_lang", "all"):
        def keep(pair: frozenset[int], scope: str = scope) -> bool:
            a, b = sorted(pair)
            same = rows[a].labels.get("lang", langs[a]) == rows[b].labels.get("lang", langs[b])
            return scope == "all" or (scope == "same_lang") == same
        t = {x for x in truth if keep(x)}
        pr = {x for x in predicted if keep(x)}
        hit = len(t & pr)
        scores.pairs[scope] = {
            "true_pairs": len(t), "predicted_pairs": len(pr), "correct": hit,
            "precision": round(hit / len(pr), 4) if pr else None,
            "recall": round(hit / len(t), 4) if t else None,
        }
    for pair, label, said in [(x, "not the same", "duplicates") for x in sorted(predicted - truth, key=sorted)[:20]] + [
        (x, "duplicates", "not grouped") for x in sorted(truth - predicted, key=sorted)[:20]
    ]:
        a, b = sorted(pair)
        scores.errors.append({"where": f"{rows[a].where} + {rows[b].where}", "label": label, "predicted": said,
                              "question": f"{rows[a].question[:50]} | {rows[b].question[:50]}"})
