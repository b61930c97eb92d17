"""An answer's lines rendered back into Markdown blocks."""

from __future__ import annotations

from dataclasses import dataclass

from sobes.formats.notion.lines import _ends_terminal, _is_list, _starts_lower
from sobes.formats.notion.patterns import _ANSWER_LABEL_RE


@dataclass
class _Block:
    kind: str  # text | list | code | math | other
    lines: list[str]


def _blocks(answer: list[tuple[str, bool]]) -> list[_Block]:
    """Paragraphs of an answer; a fenced code block is one block, blank lines and all."""
    blocks: list[_Block] = []
    current: _Block | None = None
    for text, in_code in answer:
        if in_code:
            if current is None or current.kind != "code":
                current = _Block("code", [])
                blocks.append(current)
            current.lines.append(text)
            if len(current.lines) > 1 and text.strip().startswith(("```", "~~~")):
                current = None  # the closing fence
            continue
        if not text.strip():
            current = None
            continue
        if current is None or current.kind == "code":
            current = _Block(_block_kind(text.strip()), [])
            blocks.append(current)
        current.lines.append(text)
    return blocks


def _block_kind(s: str) -> str:
    if _is_list(s):
        return "list"
    if s.startswith("$$"):
        return "math"
    if s[0] in "|>#<":
        return "other"
    return "text"


def _continues_block(prev: _Block, nxt: _Block) -> bool:
    """A page break split one sentence into two paragraphs."""
    if prev.kind not in ("text", "list") or nxt.kind != "text":
        return False
    last, first = prev.lines[-1].strip(), nxt.lines[0].strip()
    if _ends_terminal(last):
        return False
    fragment = prev.kind == "text" and len(prev.lines) == 1 and len(last) <= 3 and last.isalpha()
    return _starts_lower(first) or first.startswith(("— ", "– ")) or last.endswith(",") or fragment


def _render_answer(answer: list[tuple[str, bool]]) -> str | None:
    merged: list[_Block] = []
    for block in _blocks(answer):
        if merged and _continues_block(merged[-1], block):
            prev = merged[-1]
            prev.lines[-1] = f"{prev.lines[-1].rstrip()} {block.lines[0].strip()}"
            prev.lines.extend(block.lines[1:])
        else:
            merged.append(block)
    if not merged:
        return None
    indent = min(
        (len(ln) - len(ln.lstrip()) for b in merged if b.kind != "code" for ln in b.lines if ln.strip()),
        default=0,
    )
    # Blocks hold no blank lines but inside code, and prose lines were already trimmed
    # on reading, so joining them is all the tidying left to do.
    text = "\n\n".join(
        "\n".join(b.lines if b.kind == "code" or not indent else [ln[indent:] for ln in b.lines]) for b in merged
    )
    text = _ANSWER_LABEL_RE.sub("", text, count=1).strip("\n")
    return text or None


