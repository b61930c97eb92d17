"""Import speed and memory: the five seeds, a 10,000-post Telegram export, a 2,000-question
Markdown bank. Each case runs in a fresh process so its peak memory is its own.

    .venv/bin/python bench/import_speed.py            # prints a table; targets in the last column

Targets (issue 2): seeds < 2 s, 10,000-post export < 20 s, memory < 500 MB.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"

TOPICS = [
    ("переобучение", "Переобучение — когда модель запоминает шум обучающей выборки."),
    ("dropout", "Dropout случайно выключает нейроны во время обучения и выключается на инференсе."),
    ("bagging vs boosting", "Бэггинг усредняет независимые модели, бустинг учит их последовательно."),
    ("ROC-AUC", "ROC-AUC — вероятность, что положительный объект получит скор выше отрицательного."),
    ("attention", "Attention взвешивает значения по сходству запросов и ключей."),
]


def telegram_export(n: int, rng: random.Random) -> dict:
    messages: list[dict] = [{"id": 1, "type": "service", "date": "2024-01-01T00:00:00", "action": "create_channel",
                             "text": "", "text_entities": []}]
    for i in range(2, n + 2):
        topic, answer = rng.choice(TOPICS)
        if i % 10 == 0:
            text: object = [f"Скидка {i % 50}% на наш курс! Успей записаться по промокоду ML{i}"]
        elif i % 13 == 0:
            messages.append({"id": i, "type": "message", "date": "2024-01-02T00:00:00", "photo": "photo.jpg",
                             "text": "", "text_entities": []})
            continue
        else:
            text = [{"type": "bold", "text": f"Вопрос {i}: что такое {topic} и когда это важно?"},
                    f"\n\n{answer} Пример {i}: " + " ".join(rng.choice(answer.split()) for _ in range(60)) + "\n\n",
                    {"type": "hashtag", "text": "#машинное_обучение"}]
        messages.append({"id": i, "type": "message", "date": "2024-01-02T00:00:00", "from": "Bench",
                         "from_id": "channel1", "text": text,
                         "reactions": [{"type": "emoji", "count": rng.randint(1, 40), "emoji": "👍"}]})
    return {"name": "Bench channel", "type": "public_channel", "id": 42, "messages": messages}


def markdown_bank(n: int, rng: random.Random) -> str:
    out = ["# Bench bank\n"]
    for i in range(n):
        if i % 200 == 0:
            out.append(f"\n## Section {i // 200}\n")
        topic, answer = rng.choice(TOPICS)
        out.append(f"\n### {i + 1}. What is {topic} (variant {i})?\n\n**Answer:** {answer} "
                   + " ".join(rng.choice(answer.split()) for _ in range(40)) + "\n")
    return "".join(out)


CASE = """
import resource, sys, time, sobes
paths = sys.argv[2:]
lib = sobes.open(sys.argv[1])
t = time.perf_counter()
report = None
for p in paths:
    report = lib.import_path(p)
elapsed = time.perf_counter() - t
print(elapsed, lib.count(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def run_case(db: Path, paths: list[str]) -> tuple[float, int, float]:
    out = subprocess.run([sys.executable, "-c", CASE, str(db), *paths], capture_output=True, text=True, check=True)
    elapsed, cards, mem = out.stdout.split()
    return float(elapsed), int(cards), float(mem)


def main() -> None:
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        export = d / "result.json"
        export.write_text(json.dumps(telegram_export(10_000, rng), ensure_ascii=False), encoding="utf-8")
        bank = d / "bank.md"
        bank.write_text(markdown_bank(2_000, rng), encoding="utf-8")
        cases = [
            ("five seeds", [str(p) for p in sorted(SEEDS.glob("*.txt"))], "< 2 s"),
            ("telegram export, 10,000 posts", [str(export)], "< 20 s"),
            ("markdown bank, 2,000 questions", [str(bank)], "—"),
        ]
        print(f"{'case':34} {'seconds':>8} {'cards':>7} {'peak MB':>8}  target")
        for name, paths, target in cases:
            elapsed, cards, mem = run_case(d / f"{len(name)}.db", paths)
            print(f"{name:34} {elapsed:8.2f} {cards:7d} {mem:8.0f}  {target}, memory < 500 MB")
            again, _, _ = run_case(d / f"{len(name)}.db", paths)
            print(f"{'  re-import (unchanged)':34} {again:8.2f}")
        print(f"export size: {export.stat().st_size / 1e6:.1f} MB; bank size: {bank.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
