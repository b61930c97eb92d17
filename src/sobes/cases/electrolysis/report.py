"""The HTML report of the reference solution: findings, plots, the evaluation table."""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path
from typing import Any

import numpy as np

from sobes.cases.electrolysis import layout as L
from sobes.cases.electrolysis.evaluate import INTERVALS, MODELS, Evaluation

MODEL_NAMES = {
    "mean": "training mean", "last_value": "last lab value carried forward", "ridge": "ridge (sensors)",
    "gbm": "gradient boosting (sensors)", "ridge_lab": "ridge + lab correction",
    "gbm_lab": "boosting + lab correction", "reference": "reference: blend of ridge and boosting + lab correction",
}


def _png(fig: Any) -> str:
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png", dpi=80)
    plt.close(fig)
    return f'<img alt="plot" src="data:image/png;base64,{base64.b64encode(buf.getvalue()).decode()}">'


def _plots(ev: Evaluation, found: dict[str, Any]) -> dict[str, str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = {}
    p = ev.predictions["12h"]
    fig, ax = plt.subplots(figsize=(10, 3.2))
    ax.plot(p[L.TIME], p[L.TARGET], "o", ms=3, label="lab value", color="#444")
    if "truth" in p:
        ax.plot(p[L.TIME], p["truth"], "-", lw=0.8, label="true alumina (hidden)", color="#9ab")
    ax.plot(p[L.TIME], p["reference"], "-", lw=1.2, label="reference, lab every 12 h", color="#c33")
    ax.plot(p[L.TIME], ev.predictions["none"]["reference"], "-", lw=1.0, label="reference, no labs", color="#36c")
    ax.set_ylabel("alumina, wt%")
    ax.legend(fontsize=8, ncol=4)
    out["test"] = _png(fig)

    lag = found["feeding_lag"]
    fig, ax = plt.subplots(figsize=(5, 3))
    ax.plot(lag["lags_h"], lag["corr"], "o-")
    ax.axhline(0, color="#999", lw=0.8)
    ax.set_xlabel("hours between the fed hour and the lab sample")
    ax.set_ylabel("correlation with target")
    out["lag"] = _png(fig)

    emf = found["emf"]
    fig, ax = plt.subplots(figsize=(5, 3))
    ax.plot(emf["y"], emf["x"], ".", ms=3, alpha=0.6)
    ax.set_xlabel("lab alumina, wt%")
    ax.set_ylabel("back-EMF, 15-min mean, V")
    out["emf"] = _png(fig)

    months = found["seasonality"]["monthly"]
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.plot([m["month"] for m in months], [m["board_temp"] for m in months], "o-", color="#c63")
    ax.set_ylabel("sidewall median, °C", color="#c63")
    ax.tick_params(axis="x", rotation=60, labelsize=7)
    ax2 = ax.twinx()
    ax2.plot([m["month"] for m in months], [m["target"] for m in months], "s--", color="#36c")
    ax2.set_ylabel("target, wt%", color="#36c")
    out["season"] = _png(fig)

    fig, ax = plt.subplots(figsize=(6, 3))
    keys = list(INTERVALS)
    for name, color in (("last_value", "#999"), ("gbm", "#8a5"), ("reference", "#c33")):
        vals = [ev.metrics[k]["last_value"] if name == "last_value" else ev.metrics[k][name]["rmse"] for k in keys]
        ax.plot(keys, vals, "o-", label=MODEL_NAMES[name], color=color)
    floors = [ev.metrics[k]["noise_floor"] for k in keys]
    if all(f is not None for f in floors):
        ax.plot(keys, floors, "k:", label="noise floor")
    ax.set_xlabel("lab interval")
    ax.set_ylabel("RMSE vs lab, wt%")
    ax.legend(fontsize=7)
    out["intervals"] = _png(fig)
    return out


def _table(ev: Evaluation) -> str:
    head = "".join(f"<th colspan=4>{k}</th>" for k in INTERVALS)
    sub = "".join("<th>RMSE</th><th>MAE</th><th>R²</th><th>skill</th>" for _ in INTERVALS)
    rows = []
    for name in MODELS:
        cells = []
        for k in INTERVALS:
            m = ev.metrics[k]["last_value_metrics"] if name == "last_value" else ev.metrics[k][name]
            cells.append(f"<td>{m['rmse']:.3f}</td><td>{m['mae']:.3f}</td><td>{m['r2']:.2f}</td>"
                         f"<td>{m['skill']:+.0%}</td>")
        cls = ' class="ref"' if name == "reference" else ""
        rows.append(f"<tr{cls}><td>{html.escape(MODEL_NAMES[name])}</td>{''.join(cells)}</tr>")
    floor = "".join(
        f"<td colspan=4>{ev.metrics[k]['noise_floor']:.3f}</td>" if ev.metrics[k]["noise_floor"] is not None
        else "<td colspan=4>unknown (no truth)</td>" for k in INTERVALS)
    rows.append(f"<tr><td>noise floor (lab vs true alumina)</td>{floor}</tr>")
    n = ev.metrics["12h"]["n"]
    return (f"<table><tr><th rowspan=2>model</th>{head}</tr><tr>{sub}</tr>{''.join(rows)}</table>"
            f"<p class=small>{n} test labs; skill = 1 − RMSE / RMSE(last value).</p>")


def _li(text: str) -> str:
    return f"<li>{html.escape(text)}</li>"


def _findings(ev: Evaluation, found: dict[str, Any]) -> str:
    h, t, lag, cyc, season, emf = (found[k] for k in ("hygiene", "target", "feeding_lag", "cycle", "seasonality",
                                                      "emf"))
    faulty = ", ".join(f"{c} ({v:.0%})" for c, v in list(h["faulty_sensors"].items())[:6]) or "none"
    items = [
        f"Data: {h['rows']} rows from {h['start']} to {h['end']}; {h['gaps']} historian gaps, {h['missing_hours']} h "
        f"missing in total; back-EMF is empty in {h['nan_share'][L.BACK_EMF]:.1%} of rows.",
        f"Faulty thermocouples (share of rows stuck, spiking or open-circuit): {faulty}. Open-circuit codes were "
        f"seen on {len(h['open_circuit_rows'])} channels; these values are removed before any feature.",
        f"Target: mean {t['mean']} wt%, sd {t['std']}, range {t['min']}–{t['max']}; its 12-hour autocorrelation is "
        f"only {t['autocorr_12h']}, which is why carrying the last lab forward is a weak predictor.",
        f"Feeding and the target: the net fed mass of one hour correlates best with the lab value "
        f"{lag['best_lag_h']} h later (r = {lag['best_corr']}) and most negatively {lag['worst_lag_h']} h later "
        f"(r = {lag['worst_corr']}): the correlation swings with the controller's cycle, because it feeds more "
        f"when alumina is low (feedback, not cause) — only the recent fed mass adds to the bath.",
        "Thermocouples drifting away from their neighbours (largest weekly offset change, °C): "
        + (", ".join(f"{c} ({v})" for c, v in h["drifting_sensors"].items()) or "none") + ".",
        f"The feed controller cycles between under- and over-feeding about {cyc['overfeed_starts_per_day']} times a "
        f"day (every {cyc['mean_cycle_h']} h) — a cycle much shorter than the 12 h between labs.",
        f"Back-EMF vs lab alumina: {emf['mv_per_wt_pct']['lean']} mV per wt% on the lean half, "
        f"{emf['mv_per_wt_pct']['rich']} mV per wt% on the rich half — "
        + ("the electrical signature is strongest on the lean side (concentration overvoltage)."
           if abs(emf["mv_per_wt_pct"]["lean"]) > abs(emf["mv_per_wt_pct"]["rich"])
           else "no stronger on the lean side here, so back-EMF alone cannot locate the bath on the curve."),
        f"Season: the sidewall temperature moves {season['temp_range']} °C between months with the unheated hall; "
        f"its correlation with the target is {season['corr_temp_target']} — temperature is a seasonal confounder, "
        f"not a driver.",
        f"Temperatures as features: a ridge model with them has test RMSE "
        f"{ev.ablation['with_temperatures']['rmse']:.3f} and bias {ev.ablation['with_temperatures']['bias']:+.3f} "
        f"wt%, without them {ev.ablation['without']['rmse']:.3f} and {ev.ablation['without']['bias']:+.3f} — "
        f"trained mostly on other seasons, they extrapolate; the models leave them out.",
        "Strongest drivers (permutation importance of boosting): " + ", ".join(
            f"{d['feature']} (+{d['rmse_increase']:.3f})" for d in found["drivers"][:5]) + ".",
    ]
    return "<ul>" + "".join(_li(i) for i in items) + "</ul>"


def _verdict(ev: Evaluation, has_truth: bool) -> str:
    m12, m24 = ev.metrics["12h"], ev.metrics["24h"]
    lines = [
        f"Lab every 24 h: the reference RMSE is {m24['reference']['rmse']:.3f} against {m24['last_value']:.3f} for "
        f"the last value carried forward ({m24['reference']['skill']:.0%} better; target ≥ 30 %).",
    ]
    if has_truth:
        ratio = m12["reference_vs_floor"]
        lines.append(
            f"Lab every 12 h: RMSE {m12['reference']['rmse']:.3f} vs a noise floor of {m12['noise_floor']:.3f} "
            f"(×{ratio}, 90 % day-bootstrap interval ×{m12['reference_vs_floor_ci90'][0]}–"
            f"×{m12['reference_vs_floor_ci90'][1]}; target ≤ ×1.3). The floor is the RMSE of the lab values "
            f"themselves against the true alumina; the model's own error against the truth is "
            f"{m12['rmse_vs_truth']['reference']:.3f}.")
        gain12 = float(ev.model.gain["reference"](np.array([12.0]))[0])
        note = ("a lab value 12 h old carries almost nothing the sensors do not already say"
                if gain12 < 0.05 else "labs mostly correct slow drifts of the sensor model")
        lines.append(
            f"Without any lab after training: RMSE {ev.metrics['none']['reference']['rmse']:.3f}; the lab "
            f"correction's gain for a 12-hour-old lab is {gain12:.2f} — {note}.")
    lines.append(_how_rarely(ev))
    return "<ul>" + "".join(_li(x) for x in lines) + "</ul>"


def _how_rarely(ev: Evaluation) -> str:
    """The longest lab interval whose reference RMSE stays within 5 % of the 12-hour one."""
    base = ev.metrics["12h"]["reference"]["rmse"]
    ok = [k for k in INTERVALS if ev.metrics[k]["reference"]["rmse"] <= 1.05 * base]
    longest = ok[-1] if ok else "12h"
    rmses = ", ".join(f"{k}: {ev.metrics[k]['reference']['rmse']:.3f}" for k in INTERVALS)
    if longest == "none":
        return (f"How rarely to sample: the model's RMSE hardly depends on the lab interval ({rmses}) over the "
                f"test period, so after a calibration period the lab could sample far less often — keep a weekly "
                f"check to catch slow drifts (dose mass, sensor ageing) the test period may not show.")
    return f"How rarely to sample: RMSE stays within 5 % of the 12-hour figure up to {longest} ({rmses})."


def write_report(out: Path, ev: Evaluation, found: dict[str, Any], has_truth: bool) -> Path:
    plots = _plots(ev, found)
    split = ev.split
    body = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Electrolysis soft sensor — reference solution</title>
<style>body{{font:14px/1.45 system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}}
table{{border-collapse:collapse;font-size:12px}}td,th{{border:1px solid #ccc;padding:3px 6px;text-align:right}}
td:first-child{{text-align:left}}tr.ref{{background:#fde8e8;font-weight:600}}.small{{color:#666;font-size:12px}}
img{{max-width:100%}}.row{{display:flex;gap:1em;flex-wrap:wrap}}</style></head><body>
<h1>Electrolysis soft sensor: dissolved alumina from 3-minute signals</h1>
<h2>Answer</h2>{_verdict(ev, has_truth)}
<h2>What the data say</h2>{_findings(ev, found)}
<div class=row>{plots['lag']}{plots['emf']}{plots['season']}</div>
<h2>Model</h2>
<p>Features at each lab time use only rows at or before it: net fed mass (doses × calibrated dose mass minus
the long-run feed rate, which equals Faraday consumption) over 0.5–24 h windows and since the controller last
detected a lean bath; back-EMF and voltage-slope window means and their deviation from the day; log noise;
anode-effect spikes. Sidewall temperatures (a robust median of the cleaned channels) are computed but left
out of the models, for the reason the ablation above gives. A ridge model and gradient boosting map the
features to the lab value; the reference blends the two (weight from out-of-fold predictions, within
0.2–0.8) and adds a lab correction: the last lab's residual times a gain estimated from out-of-fold
residual autocorrelation at that lab's age.</p>
<p>Validation is by time: train until {html.escape(split['train_until'])}, a {html.escape(split['gap_hours'])} h
purge gap, test from {html.escape(split['test_from'])} to {html.escape(split['test_until'])}. A lab interval of
k hours means only every (k/12)-th test lab is known to the model, and only after it was taken.</p>
<h2>Evaluation</h2>{_table(ev)}
<div class=row>{plots['intervals']}</div>
{plots['test']}
<p class=small>Generated by <code>sobes case electrolysis solve</code>. The model artifact is in
<code>model/</code>; <code>sobes case electrolysis predict --model model --data DIR</code> applies it.</p>
</body></html>"""
    path = out / "report.html"
    path.write_text(body, encoding="utf-8")
    return path
