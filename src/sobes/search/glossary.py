"""A small EN/RU/UK glossary of data-science terms, so that words find cards in the other
languages too: "overfitting" also looks for "переобучение" and "перенавчання".

The encoder already bridges languages for most questions; this list covers the terms it is
known to confuse and those whose translation shares no letters with the original. Only
single words that mean one thing in an interview about DS are listed (not "bias", which is
also "смещение" of an estimator and "упередженість" of a dataset). Entries are written as
words; they are reduced to lemmas with the same analyser as the cards.
"""

from __future__ import annotations

from functools import lru_cache

from sobes.search.text import lemmas, normalize

GROUPS: tuple[tuple[str, ...], ...] = (
    ("overfitting", "overfit", "переобучение", "перенавчання"),
    ("underfitting", "underfit", "недообучение", "недонавчання"),
    ("regularization", "regularisation", "регуляризация", "регуляризація"),
    ("gradient", "градиент", "градієнт"),
    ("boosting", "бустинг"),
    ("bagging", "бэггинг", "беггинг", "бегінг"),
    ("ensemble", "ансамбль"),
    ("tree", "trees", "дерево", "дерева"),
    ("forest", "лес", "ліс"),
    ("clustering", "кластеризация", "кластеризація", "кластеринг"),
    ("cluster", "кластер"),
    ("embedding", "embeddings", "эмбеддинг", "ембедінг", "эмбединг", "ембединг"),
    ("attention", "внимание", "увага"),
    ("transformer", "трансформер"),
    ("tokenization", "токенизация", "токенізація"),
    ("tokenizer", "токенизатор", "токенізатор"),
    ("variance", "дисперсия", "дисперсія"),
    ("normalization", "normalisation", "нормализация", "нормалізація"),
    ("leakage", "утечка", "витік"),
    ("sample", "выборка", "вибірка"),
    ("feature", "признак", "ознака"),
    ("precision", "точность", "точність"),
    ("recall", "полнота", "повнота"),
    ("backpropagation", "backprop"),
    ("convolutional", "convolution", "свёрточный", "свертка", "свёртка", "згортковий", "згортка"),
    ("recurrent", "рекуррентный", "рекурентний"),
    ("validation", "валидация", "валідація"),
    ("hyperparameter", "hyperparameters", "гиперпараметр", "гіперпараметр"),
    ("metric", "метрика"),
    ("outlier", "outliers", "выброс", "викид"),
    ("churn", "отток", "відтік"),
    ("recommender", "recommendation", "рекомендательный", "рекомендаційний", "рекомендация", "рекомендація"),
    ("hypothesis", "гипотеза", "гіпотеза"),
    ("probability", "вероятность", "ймовірність"),
    ("distribution", "распределение", "розподіл"),
    ("optimizer", "оптимизатор", "оптимізатор"),
    ("activation", "активация", "активація"),
    ("neuron", "нейрон"),
    ("layer", "слой", "шар"),
    ("loss", "лосс", "втрата"),
    ("classification", "классификация", "класифікація"),
    ("classifier", "классификатор", "класифікатор"),
    ("regression", "регрессия", "регресія"),
    ("decorator", "декоратор"),
    ("generator", "генератор"),
    ("inheritance", "наследование", "успадкування"),
    ("imbalanced", "несбалансированный", "незбалансований"),
    ("interpretability", "интерпретируемость", "інтерпретованість"),
    ("quantization", "квантизация", "квантизація", "квантование"),
    ("distillation", "дистилляция", "дистиляція"),
    ("augmentation", "аугментация", "аугментація"),
    ("segmentation", "сегментация", "сегментація"),
    ("detection", "детекция", "детекція"),
    ("pruning", "прунинг", "прунінг"),
    ("encoder", "энкодер", "енкодер", "кодировщик"),
    ("decoder", "декодер"),
    ("autoencoder", "автоэнкодер", "автоенкодер"),
    ("dimensionality", "размерность", "вимірність", "розмірність"),
    ("correlation", "корреляция", "кореляція"),
    ("causality", "причинность", "причинність"),
    ("sampling", "сэмплинг", "семплінг", "семплювання"),
    ("deployment", "деплой", "развертывание", "розгортання"),
    ("monitoring", "мониторинг", "моніторинг"),
    ("drift", "дрейф"),
)


@lru_cache(maxsize=1)
def _groups() -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for group in GROUPS:
        found = frozenset(lm for entry in group for lm in lemmas(normalize(entry)))
        for lemma in found:
            out[lemma] = out.get(lemma, frozenset()) | found
    return out


def translations(word_lemmas: tuple[str, ...]) -> tuple[str, ...]:
    """The lemmas of the word's equivalents in the other languages (not its own)."""
    groups = _groups()
    found = {lm for own in word_lemmas for lm in groups.get(own, ())}
    return tuple(sorted(found - set(word_lemmas)))
