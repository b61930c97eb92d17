"""Key points are shown to people: formulas read as text and code names keep their underscores."""

from __future__ import annotations

from sobes.grade.text import plain
from sobes.markup import latex_text


def test_formulas_become_readable_text() -> None:
    assert latex_text(r"\frac{1}{1-p}") == "1/(1-p)"
    assert latex_text(r"m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t") == "m_t = beta1 m_(t-1) + (1-beta1) g_t"
    assert latex_text(r"\sqrt{\hat v_t} + \epsilon") == "√(v̂_t) + epsilon"
    assert latex_text(r"\log p(x) \le 0") == "log p(x) ≤ 0"
    assert latex_text(r"H_0") == "H0"  # as people type it, so "H0" in an answer matches


def test_plain_keeps_names_with_underscores_and_drops_emphasis() -> None:
    text = plain("Set **learning_rate** and call `model.eval()`; _emphasis_ goes, $\\frac{a}{b}$ stays readable")
    assert "learning_rate" in text and "model.eval()" in text
    assert "emphasis" in text and "_emphasis_" not in text and "**" not in text
    assert "a/b" in text and "frac" not in text
