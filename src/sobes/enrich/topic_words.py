"""The words half of the topic classifier: a softmax regression over TF-IDF weighted lemmas.

The vector half (``sobes.enrich.topic_model``) knows what a question is *like*; the words
half knows what it *names*. An embedding puts "Focal loss for object detection" near the
loss-function questions of ML, while the lemmas "detection" and "object" are CV's. Trained by
``scripts/train_topic.py`` with scikit-learn's ``TfidfVectorizer(sublinear_tf=True)`` and
shipped as plain arrays, so using it needs only numpy and the lemmatiser search already uses.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from sobes.search.text import lemma_text

# The answer's opening is enough to say what a card is about; the question counts twice.
ANSWER_CHARS = 600
FLOOR = float(np.log(1e-6))


def document(question: str, answer: str | None) -> str:
    """The lemma text the words model reads (the same at training and at use)."""
    q = lemma_text(question)
    return f"{q} {q} {lemma_text((answer or '')[:ANSWER_CHARS])}".strip()


@dataclass(frozen=True)
class WordModel:
    vocabulary: dict[str, int]
    idf: np.ndarray  # (words,)
    weights: np.ndarray  # (topics, words)
    bias: np.ndarray  # (topics,)

    def features(self, text: str) -> np.ndarray:
        """Sublinear TF × IDF, L2-normalised: scikit-learn's TfidfVectorizer transform."""
        x = np.zeros(len(self.idf), dtype=np.float32)
        for word, count in Counter(text.split()).items():
            col = self.vocabulary.get(word)
            if col is not None:
                x[col] = (1.0 + np.log(count)) * self.idf[col]
        norm = float(np.linalg.norm(x))
        return x / norm if norm else x

    def log_probabilities(self, question: str, answer: str | None) -> np.ndarray:
        logits = self.weights @ self.features(document(question, answer)) + self.bias
        logits -= logits.max()
        # Floored like the vector model's probabilities, so one confident model cannot veto a topic.
        return np.maximum(logits - np.log(np.exp(logits).sum()), FLOOR)
