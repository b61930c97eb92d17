"""The words half of the topic classifier (sobes.enrich.topic_words)."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from sobes.enrich.topic_model import TOPICS, TopicModel, classify
from sobes.enrich.topic_words import WordModel, document
from sobes.model import Topic


def test_features_are_those_scikit_learn_trained_on() -> None:
    docs = [document("Что такое переобучение?", "Модель запоминает шум обучающей выборки."),
            document("How does YOLO detect objects?", "One pass predicts boxes and classes."),
            document("Як працює переобучення і регуляризація?", None)]
    tfidf = TfidfVectorizer(sublinear_tf=True, token_pattern=r"\S+", lowercase=False)
    x = tfidf.fit_transform(docs).toarray()
    vocabulary = {str(w): i for i, w in enumerate(tfidf.get_feature_names_out())}
    model = WordModel(vocabulary, tfidf.idf_.astype(np.float32), np.zeros((2, len(vocabulary)), np.float32),
                      np.zeros(2, np.float32))
    for d, row in zip(docs, x, strict=True):
        assert np.allclose(model.features(d), row, atol=1e-6)
    assert not model.features("слово которого нет").any()


def test_question_counts_twice_and_answer_only_its_opening() -> None:
    doc = document("Dropout?", "x " * 2000)
    assert doc.split().count("dropout") == 2
    assert len(doc.split()) < 400


@pytest.mark.parametrize(("question", "topic"), [
    ("Как устроен детектор объектов с anchor boxes и NMS?", Topic.CV),
    ("Що таке колаборативна фільтрація і холодний старт?", Topic.RECSYS),
    ("When would you pick a window function over GROUP BY?", Topic.GENERAL),
])
def test_shipped_words_model_knows_the_words_that_name_a_topic(question: str, topic: Topic) -> None:
    model = TopicModel.load()
    assert model is not None and model.words is not None
    assert TOPICS[int(np.argmax(model.words.log_probabilities(question, None)))] == topic


def test_words_model_moves_the_decision_the_vectors_alone_would_make() -> None:
    """The combined score uses the words: a words model sure of another topic changes the answer."""
    model = TopicModel.load()
    assert model is not None and model.words is not None
    vector = np.zeros(model.weights.shape[1], dtype=np.float32)
    vector[0] = 1.0
    plain = TopicModel(model.weights, model.bias, model.encoder)
    alone = classify("Вопрос", None, None, [], vector, plain)[0]
    other = next(t for t in TOPICS if t != alone)
    sure = WordModel({"вопрос": 0}, np.ones(1, np.float32),
                     np.array([[30.0] if t == other else [0.0] for t in TOPICS], np.float32),
                     np.zeros(len(TOPICS), np.float32))
    combined = TopicModel(model.weights, model.bias, model.encoder, sure)
    assert classify("Вопрос", None, None, [], vector, combined)[0] == other



def test_a_subject_section_outweighs_keywords_and_an_interview_round_does_not() -> None:
    """A section naming a subject is the author's filing; "HR questions" or "General" name the
    round or a catch-all, so they count half. With the models neutral, one keyword in the
    question (0.75 × 3 points) sits between the two weights."""
    model = TopicModel.load()
    assert model is not None
    neutral = TopicModel(np.zeros_like(model.weights), np.zeros_like(model.bias), model.encoder)
    vector = np.ones(model.weights.shape[1], dtype=np.float32)
    question = "Что такое регрессия?"
    assert classify(question, None, None, [], vector, neutral)[0] == Topic.ML
    assert classify(question, None, "Статистика", [], vector, neutral)[:3:2] == (Topic.STATS, "source")
    assert classify(question, None, "HR питання", [], vector, neutral)[0] == Topic.ML
    assert classify(question, None, "Загальні питання", [], vector, neutral)[0] == Topic.ML


def _topic(question: str) -> Topic:
    from sobes.embed import field_text, get_encoder

    encoder, model = get_encoder(), TopicModel.load()
    assert encoder is not None and model is not None
    return classify(question, None, None, [], encoder.query([field_text("q", question, None)])[0], model)[0]


@pytest.mark.parametrize("question", [
    "Навіщо в CNN потрібен pooling?",
    "Что такое свёрточный слой 1×1?",
    "What does a convolution with dilation change?",
])
def test_convolutions_are_computer_vision(question: str) -> None:
    """DESIGN lists CNNs under dl, but every labeller we asked files convolutions under cv."""
    assert _topic(question) == Topic.CV
