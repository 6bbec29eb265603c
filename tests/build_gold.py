#!/usr/bin/env python3
"""Build an annotated corpus's gold.jsonl and articles.txt from its hand annotations.

One script for every corpus folder (tests/eval, tests/heldout*, tests/dev_*): each holds articles/,
annotations.yaml, and the built gold.jsonl and articles.txt.

Usage (from the repository root):
    python tests/build_gold.py tests/eval            # write gold.jsonl and articles.txt
    python tests/build_gold.py tests/eval --check    # only validate, write nothing

`annotations.yaml` maps every article id (a file name in `articles/` without `.md`) to
a list of claims written by hand to ../../../shared/spec/CLAIMS.md (an article with no
claims maps to `[]`). Each claim gives at least `metric`, `value`, `qualifier`, `scope`
and `quote`; everything else has a default (see DEFAULTS). The quote is looked up in the
article body (the text after the front matter, as in the seeds), bounded by non-word
characters; a quote found more than once needs `occurrence: N` (1-based, counted in body
order). A quote that is missing or ambiguous, an unknown enum value, bounds that
contradict the qualifier or a malformed date stop the build with a message naming the
article and the quote. value_low/value_high are derived from the qualifier (and, for
`vague`, from the vague word in the quote) unless given; when given they must agree.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path

import yaml

# the corpus folder; set by main() from the command line
HERE = Path(__file__).resolve().parent / "eval"
ARTICLES = HERE / "articles"
ANNOTATIONS = HERE / "annotations.yaml"
GOLD = HERE / "gold.jsonl"
IDS = HERE / "articles.txt"


def use_corpus(folder: Path) -> None:
    """Point the builder at one corpus folder."""
    global HERE, ARTICLES, ANNOTATIONS, GOLD, IDS  # noqa: PLW0603 - a script's paths, set once from argv
    HERE = folder.resolve()
    ARTICLES, ANNOTATIONS = HERE / "articles", HERE / "annotations.yaml"
    GOLD, IDS = HERE / "gold.jsonl", HERE / "articles.txt"

FRONT = re.compile(r"^---\n(.*?)\n---\n", re.DOTALL)

METRICS = {"killed", "injured", "casualties", "displaced", "projectiles", "detained", "abducted", "missing"}
QUALIFIERS = {"exact", "at_least", "more_than", "approximately", "nearly", "up_to", "fewer_than", "range", "vague"}
UNITS = {"people", "households", "projectiles"}
SCOPES = {"cumulative", "day", "incident", "unknown"}
KINDS = {"health_authority", "government", "military", "un_agency", "ngo", "armed_group", "media",
         "official_unnamed", "witness", "unattributed"}
MODALITIES = {"reported", "hypothetical"}

# Longest wording first so "hundreds of thousands" is not read as "hundreds".
VAGUE = [
    ("hundreds of thousands", 100000, 200000, 999999),
    ("tens of thousands", 10000, 20000, 99999),
    ("millions", 1000000, 2000000, 9999999),
    ("thousands", 1000, 2000, 9999),
    ("hundreds", 100, 200, 999),
    ("scores", 20, 40, 99),
    ("dozens", 12, 24, 99),
]

FIELDS = ["article_id", "metric", "value", "value_low", "value_high", "qualifier", "unit", "subject",
          "location", "scope", "period_start", "period_end", "source", "source_kind", "via", "modality",
          "quote", "char_start", "char_end", "hard"]
REQUIRED = ("metric", "value", "qualifier", "scope", "quote")
ALLOWED = set(FIELDS) | {"occurrence", "note"}


class BuildError(Exception):
    pass


def body_of(path: Path) -> tuple[dict, str]:
    raw = path.read_text(encoding="utf-8")
    m = FRONT.match(raw)
    if not m:
        raise BuildError(f"{path.name}: no front matter (expected ---\\n...\\n---\\n at the top)")
    meta = yaml.safe_load(m.group(1)) or {}
    for key in ("title", "outlet", "published", "url"):
        if key not in meta:
            raise BuildError(f"{path.name}: front matter lacks {key!r}")
    return meta, raw[m.end():]


def bounds(claim: dict, where: str) -> tuple[float | None, float | None]:
    q, v = claim["qualifier"], float(claim["value"])
    if q == "vague":
        low_quote = claim["quote"].lower()
        for word, base, lo, hi in VAGUE:
            if word in low_quote:
                if v != base:
                    raise BuildError(f"{where}: vague {word!r} has base {base}, not {v}")
                return lo, hi
        if "value_low" in claim and "value_high" in claim:
            return claim["value_low"], claim["value_high"]
        raise BuildError(f"{where}: vague quote without a known vague word; give value_low/value_high")
    if q == "range":
        if claim.get("value_high") is None:
            raise BuildError(f"{where}: range needs value_high")
        return v, float(claim["value_high"])
    table = {
        "exact": (v, v), "approximately": (v, v),
        "at_least": (v, None), "more_than": (v, None),
        "nearly": (None, v), "up_to": (None, v), "fewer_than": (None, v),
    }
    return table[q]


def locate(body: str, quote: str, occurrence: int | None, where: str) -> tuple[int, int]:
    pattern = re.compile(r"(?<!\w)" + re.escape(quote) + r"(?!\w)")
    hits = [m.start() for m in pattern.finditer(body)]
    if not hits:
        raise BuildError(f"{where}: quote not found in body: {quote!r}")
    if occurrence is None:
        if len(hits) > 1:
            raise BuildError(f"{where}: quote {quote!r} occurs {len(hits)} times; add occurrence: 1..{len(hits)}")
        start = hits[0]
    else:
        if not 1 <= occurrence <= len(hits):
            raise BuildError(f"{where}: occurrence {occurrence} of {quote!r}, but it occurs {len(hits)} times")
        start = hits[occurrence - 1]
    return start, start + len(quote)


def check_date(value, where: str, field: str, published: dt.date) -> str | None:
    if value is None:
        return None
    try:
        d = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise BuildError(f"{where}: {field} {value!r} is not YYYY-MM-DD") from exc
    if d > published:
        raise BuildError(f"{where}: {field} {d} is after the article's date {published}")
    return d.isoformat()


def build_claim(article_id: str, claim: dict, body: str, published: dt.date) -> dict:
    where = f"{article_id}: {claim.get('quote')!r}"
    unknown = set(claim) - ALLOWED
    if unknown:
        raise BuildError(f"{where}: unknown keys {sorted(unknown)}")
    for key in REQUIRED:
        if claim.get(key) is None:
            raise BuildError(f"{where}: missing {key}")
    enums = {"metric": METRICS, "qualifier": QUALIFIERS, "scope": SCOPES}
    for key, allowed in enums.items():
        if claim[key] not in allowed:
            raise BuildError(f"{where}: {key} {claim[key]!r} not in {sorted(allowed)}")
    unit = claim.get("unit", "projectiles" if claim["metric"] == "projectiles" else "people")
    if unit not in UNITS:
        raise BuildError(f"{where}: unit {unit!r}")
    source = claim.get("source")
    kind = claim.get("source_kind", "unattributed" if source is None else None)
    if kind not in KINDS:
        raise BuildError(f"{where}: source_kind {kind!r} (a named source needs a kind)")
    if source is None and kind != "unattributed":
        raise BuildError(f"{where}: no source but source_kind {kind!r}")
    if source is not None and kind == "unattributed":
        raise BuildError(f"{where}: source {source!r} but source_kind unattributed")
    if claim.get("via") and source is None:
        raise BuildError(f"{where}: via without source")
    modality = claim.get("modality", "reported")
    if modality not in MODALITIES:
        raise BuildError(f"{where}: modality {modality!r}")
    low, high = bounds(claim, where)
    q = claim["qualifier"]
    if q not in ("vague", "range"):
        for key, derived in (("value_low", low), ("value_high", high)):
            if key in claim and claim[key] != derived:
                raise BuildError(f"{where}: {key} {claim[key]} contradicts qualifier {q} (expects {derived})")
    start, end = locate(body, str(claim["quote"]), claim.get("occurrence"), where)
    assert body[start:end] == claim["quote"]

    def num(x):
        return None if x is None else (int(x) if float(x).is_integer() else float(x))

    row = {
        "article_id": article_id,
        "metric": claim["metric"],
        "value": num(claim["value"]),
        "value_low": num(low),
        "value_high": num(high),
        "qualifier": q,
        "unit": unit,
        "subject": claim.get("subject"),
        "location": claim.get("location"),
        "scope": claim["scope"],
        "period_start": check_date(claim.get("period_start"), where, "period_start", published),
        "period_end": check_date(claim.get("period_end"), where, "period_end", published),
        "source": source,
        "source_kind": kind,
        "via": claim.get("via"),
        "modality": modality,
        "quote": claim["quote"],
        "char_start": start,
        "char_end": end,
        "hard": bool(claim.get("hard", False)),
    }
    if row["period_start"] and row["period_end"] and row["period_start"] > row["period_end"]:
        raise BuildError(f"{where}: period_start after period_end")
    return row


def build() -> tuple[list[dict], list[str]]:
    annotations = yaml.safe_load(ANNOTATIONS.read_text(encoding="utf-8"))
    files = {p.stem: p for p in sorted(ARTICLES.glob("*.md"))}
    missing = sorted(set(files) - set(annotations))
    extra = sorted(set(annotations) - set(files))
    if missing or extra:
        raise BuildError(f"articles without annotations: {missing}; annotations without articles: {extra}")
    rows: list[dict] = []
    for article_id, path in files.items():
        meta, body = body_of(path)
        published = meta["published"]
        if not isinstance(published, dt.date):
            published = dt.date.fromisoformat(str(published))
        claims = annotations[article_id] or []
        article_rows = [build_claim(article_id, c, body, published) for c in claims]
        spans = {}
        for r in article_rows:
            key = (r["metric"], r["char_start"], r["char_end"])
            if key in spans:
                raise BuildError(f"{article_id}: two {r['metric']} claims on the same span {r['quote']!r}")
            spans[key] = r
        rows.extend(sorted(article_rows, key=lambda r: (r["char_start"], r["metric"])))
    return rows, list(files)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path, help="corpus folder, e.g. tests/eval")
    ap.add_argument("--check", action="store_true", help="validate only; write nothing")
    args = ap.parse_args()
    if not (args.corpus / "annotations.yaml").is_file():
        print(f"build_gold: {args.corpus}: no annotations.yaml in that folder", file=sys.stderr)
        return 2
    use_corpus(args.corpus)
    try:
        rows, ids = build()
    except BuildError as exc:
        print(f"build_gold: {exc}", file=sys.stderr)
        return 1
    if not args.check:
        with GOLD.open("w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps({k: r[k] for k in FIELDS}, ensure_ascii=False) + "\n")
        IDS.write_text("".join(i + "\n" for i in ids), encoding="utf-8")
    print(f"build_gold: {len(ids)} articles, {len(rows)} claims"
          f" ({sum(r['modality'] == 'hypothetical' for r in rows)} hypothetical)"
          + ("" if args.check else f" -> {GOLD.name}, {IDS.name}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
