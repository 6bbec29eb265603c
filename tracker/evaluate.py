"""Score claims against a gold file with the project's matching rules.

The rules are those of the shared scorer used to measure this project (shared/tools/
score_claims.py), re-implemented here so a fresh clone can score its own eval corpus without
../shared: a predicted `reported` claim matches at most one gold `reported` claim of the same
article and metric whose value agrees (within 0.5 % or 0.5, or, for a vague gold figure, whose
value_low agrees); closer pairs in the text are matched first. "Full" matches also need
qualifier, bounds and source to agree. A prediction that matches a hypothetical gold claim
is a false positive, counted apart as a hypothetical reported as fact.

Run ``python -m tracker.evaluate`` to extract and score the eval corpus (and the seeds when
../shared is present), or ``python -m tracker.evaluate GOLD PRED`` to score a file.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

METRICS = ("killed", "injured", "casualties", "displaced", "projectiles", "detained", "abducted", "missing")
_SOURCE_STOPWORDS = frozenset({"the", "a", "an", "of", "s", "'s", "its", "their"})
ROOT = Path(__file__).resolve().parent.parent
EVAL_DIR = ROOT / "tests" / "eval"
HELDOUT_DIR = ROOT / "tests" / "heldout"
#: Annotated corpora with pinned floors. "eval" has been used to tune the rules (its score is
#: optimistic); "heldout" is never used for tuning and estimates accuracy on unseen text.
CORPORA: dict[str, Path] = {"eval": EVAL_DIR, "heldout": HELDOUT_DIR,
                            "dev_attribution": ROOT / "tests" / "dev_attribution",
                            "dev_aggregator": ROOT / "tests" / "dev_aggregator",
                            "heldout2": ROOT / "tests" / "heldout2",
                            "heldout3": ROOT / "tests" / "heldout3",
                            "dev_news": ROOT / "tests" / "dev_news",
                            "heldout4": ROOT / "tests" / "heldout4",
                            "heldout5": ROOT / "tests" / "heldout5",
                            "dev_period": ROOT / "tests" / "dev_period"}
SHARED = ROOT.parent / "shared"


def _num(x: Any) -> float | None:
    if x is None:
        return None
    if isinstance(x, (int, float)) and not isinstance(x, bool):
        return None if isinstance(x, float) and math.isnan(x) else float(x)
    s = str(x).strip().lstrip("'")
    if not s or s.lower() in ("nan", "none", "null", "na"):
        return None
    try:
        return float(s.replace(",", ""))
    except ValueError:
        return None


def _str(x: Any) -> str | None:
    if x is None:
        return None
    s = str(x).strip().lstrip("'")
    return None if not s or s.lower() in ("nan", "none", "null") else s


def _near(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= max(0.5, 0.005 * abs(b))


def _source_words(s: str | None) -> set[str]:
    if not s:
        return set()
    return {w for w in re.findall(r"[a-z0-9]+", s.lower().replace("’", "'")) if w not in _SOURCE_STOPWORDS}


def sources_agree(pred: str | None, gold: str | None) -> bool:
    """Gold words all in the prediction, or a prediction inside gold covering half its words."""
    p, g = _source_words(pred), _source_words(gold)
    if not p or not g:
        return not p and not g
    return g <= p or (p <= g and len(p & g) / len(p | g) >= 0.5)


def _clean(row: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(row)
    for k in ("value", "value_low", "value_high", "char_start"):
        out[k] = _num(row.get(k))
    for k in ("metric", "qualifier", "unit", "scope", "source", "source_kind", "modality", "article_id",
              "period_start"):
        out[k] = _str(row.get(k))
    out["metric"] = (out["metric"] or "").lower()
    out["modality"] = (out["modality"] or "reported").lower()
    out["article_id"] = str(out["article_id"])
    return out


def _value_matches(p: Mapping[str, Any], g: Mapping[str, Any]) -> bool:
    return _near(p["value"], g["value"]) or (g.get("qualifier") == "vague" and _near(p["value_low"], g["value_low"]))


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    pr = tp / (tp + fp) if tp + fp else 0.0
    rc = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(pr, 4), "recall": round(rc, 4), "f1": round(f1, 4)}


def score(gold_rows: Iterable[Mapping[str, Any]], pred_rows: Iterable[Mapping[str, Any]],
          extra_articles: Iterable[str] = ()) -> dict[str, Any]:
    """Precision, recall and F1 per metric and overall, attribute agreement, and the errors."""
    gold = [_clean(r) for r in gold_rows]
    articles = {g["article_id"] for g in gold} | set(extra_articles)
    pred = [p for p in map(_clean, pred_rows) if p["article_id"] in articles and p["modality"] == "reported"]
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0})
    agree: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    full_tp = hypothetical_as_fact = 0
    errors: dict[str, list[dict[str, Any]]] = {"missed": [], "spurious": [], "wrong_attributes": []}
    for art in sorted(articles):
        reported = [g for g in gold if g["article_id"] == art and g["modality"] == "reported"]
        hypothetical = [g for g in gold if g["article_id"] == art and g["modality"] != "reported"]
        preds = [p for p in pred if p["article_id"] == art]
        pairs = []
        for i, p in enumerate(preds):
            for j, g in enumerate(reported):
                if p["metric"] == g["metric"] and _value_matches(p, g):
                    both = p["char_start"] is not None and g["char_start"] is not None
                    pairs.append((abs(p["char_start"] - g["char_start"]) if both else 0, i, j))
        used_p: set[int] = set()
        used_g: set[int] = set()
        for _, i, j in sorted(pairs):
            if i in used_p or j in used_g:
                continue
            used_p.add(i)
            used_g.add(j)
            p, g = preds[i], reported[j]
            counts[g["metric"]]["tp"] += 1
            checks = {
                "qualifier": p["qualifier"] == g["qualifier"],
                "bounds": _near(p["value_low"], g["value_low"]) and _near(p["value_high"], g["value_high"]),
                "unit": (p["unit"] or "people") == (g["unit"] or "people"),
                "scope": p["scope"] == g["scope"],
                "source": sources_agree(p["source"], g["source"]),
            }
            if g.get("period_start"):
                checks["period_start"] = p["period_start"] == g["period_start"]
            for k, ok in checks.items():
                agree[k][0] += ok
                agree[k][1] += 1
            if checks["qualifier"] and checks["bounds"] and checks["source"]:
                full_tp += 1
            else:
                bad = [k for k, ok in checks.items() if not ok]
                errors["wrong_attributes"].append({"article_id": art, "quote": g.get("quote"), "wrong": bad,
                                                   "gold": {k: g.get(k) for k in bad},
                                                   "pred": {k: p.get(k) for k in bad}})
        for j, g in enumerate(reported):
            if j not in used_g:
                counts[g["metric"]]["fn"] += 1
                errors["missed"].append({"article_id": art, "metric": g["metric"], "value": g["value"],
                                         "quote": g.get("quote")})
        for i, p in enumerate(preds):
            if i in used_p:
                continue
            counts[p["metric"]]["fp"] += 1
            if any(p["metric"] == h["metric"] and _value_matches(p, h) for h in hypothetical):
                hypothetical_as_fact += 1
            errors["spurious"].append({"article_id": art, "metric": p["metric"], "value": p["value"],
                                       "quote": p.get("quote")})
    tp = sum(c["tp"] for c in counts.values())
    fp = sum(c["fp"] for c in counts.values())
    fn = sum(c["fn"] for c in counts.values())
    return {
        "articles": len(articles),
        "gold_reported": sum(1 for g in gold if g["modality"] == "reported"),
        "overall": _prf(tp, fp, fn),
        "full": _prf(full_tp, fp + tp - full_tp, fn + tp - full_tp),
        "per_metric": {m: _prf(**counts[m]) for m in METRICS if m in counts},
        "agreement_on_matched": {k: round(a / n, 4) for k, (a, n) in agree.items() if n},
        "hypothetical_reported_as_fact": hypothetical_as_fact,
        "errors": errors,
    }


def read_rows(path: Path) -> list[dict[str, Any]]:
    """Gold or predictions from .jsonl or .csv."""
    if path.suffix == ".jsonl":
        with path.open(encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def extract_rows(folder: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """Extract a folder of articles in memory -> (claim rows, article ids)."""
    from tracker.extract.claims import extract_claims
    from tracker.ingest import iter_articles
    from tracker.model import Article

    rows: list[dict[str, Any]] = []
    ids: list[str] = []
    for item in iter_articles([folder]):
        if isinstance(item, Article):
            ids.append(item.article_id)
            rows.extend(c.row() for c in extract_claims(item))
    return rows, ids


def format_report(name: str, result: Mapping[str, Any]) -> str:
    lines = [f"## {name}", "", "| metric | tp | fp | fn | P | R | F1 |", "|---|---:|---:|---:|---:|---:|---:|"]
    rows = [*result["per_metric"].items(), ("**overall**", result["overall"]), ("**full**", result["full"])]
    for m, r in rows:
        lines.append(f"| {m} | {r['tp']} | {r['fp']} | {r['fn']} | {r['precision']:.3f} | {r['recall']:.3f} "
                     f"| {r['f1']:.3f} |")
    agree = ", ".join(f"{k} {v:.2f}" for k, v in result["agreement_on_matched"].items())
    lines += ["", f"Agreement on matched: {agree}.",
              f"Hypothetical reported as fact: {result['hypothetical_reported_as_fact']}.", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", nargs="?", type=Path)
    ap.add_argument("pred", nargs="?", type=Path)
    ap.add_argument("--show-errors", action="store_true")
    ap.add_argument("--pin", metavar="NOTE", help="raise tests/eval/floors.json to the eval corpus result")
    ap.add_argument("--reason", help="with --pin: why a floor may go down (recorded in the history)")
    ap.add_argument("--corpus", choices=sorted(CORPORA), default="eval", help="with --pin: which corpus")
    a = ap.parse_args(argv)
    if a.pin:
        folder = CORPORA[a.corpus]
        rows, ids = extract_rows(folder / "articles")
        doc = pin(score(read_rows(folder / "gold.jsonl"), rows, ids), a.pin, reason=a.reason, folder=folder)
        print(json.dumps(doc["floors"], indent=2))
        return 0
    if a.gold and a.pred:
        res = score(read_rows(a.gold), read_rows(a.pred))
        print(format_report(a.pred.name, res))
        if a.show_errors:
            print(json.dumps(res["errors"], indent=1, ensure_ascii=False))
        return 0
    corpora = [(f"{name} corpus (tests/{folder.name})", folder / "articles", folder / "gold.jsonl")
               for name, folder in CORPORA.items()]
    if (SHARED / "corpus" / "seeds").is_dir():
        corpora.append(("seeds (../shared)", SHARED / "corpus" / "seeds", SHARED / "gold" / "seeds.jsonl"))
    for name, folder, gold in corpora:
        if not gold.exists():
            print(f"{name}: no gold file at {gold}", file=sys.stderr)
            continue
        rows, ids = extract_rows(folder)
        res = score(read_rows(gold), rows, ids)
        print(format_report(name, res))
        if a.show_errors:
            print(json.dumps(res["errors"], indent=1, ensure_ascii=False))
    return 0



# --------------------------------------------------------------------------- floors (eval gate)

def floors_path(folder: Path = EVAL_DIR) -> Path:
    return folder / "floors.json"
FLOOR_KEYS = ("overall_f1", "full_f1", "overall_precision", "overall_recall")


def corpus_hash(folder: Path = EVAL_DIR) -> str:
    """A hash of a corpus's articles and gold, so floors are tied to the corpus they were measured on."""
    import hashlib

    gold = folder / "gold.jsonl"
    h = hashlib.sha256()
    for p in sorted((folder / "articles").glob("*.md")):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    h.update(gold.read_bytes())
    return h.hexdigest()


def measured(result: Mapping[str, Any]) -> dict[str, float]:
    return {"overall_f1": result["overall"]["f1"], "full_f1": result["full"]["f1"],
            "overall_precision": result["overall"]["precision"], "overall_recall": result["overall"]["recall"]}


def pin(result: Mapping[str, Any], note: str, margin: float = 0.01, reason: str | None = None,
        folder: Path = EVAL_DIR) -> dict[str, Any]:
    """Raise the floors to what was measured minus a margin; lowering needs a written reason."""
    import datetime as dt

    path = floors_path(folder)
    doc: dict[str, Any] = json.loads(path.read_text()) if path.exists() else {"floors": {}, "history": []}
    now = measured(result)
    new = {k: round(max(0.0, now[k] - margin), 3) for k in FLOOR_KEYS}
    old = doc.get("floors", {})
    lowered = [k for k in FLOOR_KEYS if k in old and new[k] < old[k]]
    # Hypotheticals reported as fact have a ceiling, not a floor: 0 unless a written reason admits
    # more (a blind set's first score), and it only ever tightens without one.
    hypo = int(result["hypothetical_reported_as_fact"])
    if hypo > old.get("max_hypothetical_as_fact", 0):
        lowered.append("max_hypothetical_as_fact")
    if lowered and not reason:
        raise SystemExit(f"refusing to lower floors {', '.join(lowered)} without --reason")
    floors: dict[str, float | int] = {k: (new[k] if reason else max(new[k], old.get(k, 0.0))) for k in FLOOR_KEYS}
    floors["max_hypothetical_as_fact"] = hypo
    entry: dict[str, Any] = {"date": dt.date.today().isoformat(), "note": note, "measured": now, "floors": floors}
    if lowered:
        entry["lowered_because"] = reason
    doc.update({"corpus_sha256": corpus_hash(folder), "floors": floors})
    doc.setdefault("history", []).append(entry)
    path.write_text(json.dumps(doc, indent=2) + "\n")
    return doc


if __name__ == "__main__":
    sys.exit(main())
