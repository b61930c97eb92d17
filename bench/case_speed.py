"""Speed and quality of the electrolysis case on a generated year.

Run:  .venv/bin/python bench/case_speed.py [--days 365] [--seed 0]

Targets: a year of 3-minute data generated in ≤ 30 s; `solve` end to end ≤ 3 min on 2 cores;
`predict` on one day of data ≤ 1 s. Also prints the reference model's RMSE against the lab
values vs the lab-noise floor and vs the last value, per lab interval (targets: ≤ 1.3× the
floor at 12 h, ≥ 30 % better than the last value at 24 h).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path


def main() -> None:
    import pandas as pd

    from sobes.cases.electrolysis import generate, predict, score, solve
    from sobes.cases.electrolysis import layout as L

    ap = argparse.ArgumentParser()
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        t = time.perf_counter()
        g = generate(root / "data", days=args.days, seed=args.seed)
        gen_s = time.perf_counter() - t
        print(f"generate: {g.rows} rows in {gen_s:.1f} s (target ≤ 30 s)")

        t = time.perf_counter()
        s = solve(root / "data", root / "report")
        solve_s = time.perf_counter() - t
        print(f"solve:    {solve_s:.1f} s end to end (target ≤ 180 s)")

        series = pd.read_csv(root / "data" / L.SERIES_FILE, parse_dates=[L.TIME])
        day = series.iloc[-480:]
        predict(day, model=s.model_dir)  # warm: imports and model load happen once per process
        t = time.perf_counter()
        out = predict(day, model=s.model_dir)
        pred_s = time.perf_counter() - t
        print(f"predict:  {len(out)} rows (one day) in {pred_s:.2f} s (target ≤ 1 s)")

        print("\nlab interval  reference  last value  noise floor  ×floor  skill   (RMSE vs lab, wt%)")
        for key, m in s.to_dict()["summary"].items():
            print(f"{key:12}  {m['reference']:9.3f}  {m['last_value']:10.3f}  {m['noise_floor']:11.3f}  "
                  f"{m['vs_floor']:6.2f}  {m['skill']:+.0%}")

        full = predict(root / "data", model=s.model_dir)
        full.to_csv(root / "pred.csv", index=False)
        r = score(root / "data", root / "pred.csv")
        print(f"\nhold-out score of the reference: RMSE {r['rmse']:.3f}, floor {r['noise_floor']:.3f}, "
              f"last value {r['last_value']:.3f}, points {r['points']:.0f}")


if __name__ == "__main__":
    main()
