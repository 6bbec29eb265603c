"""Recall of the claim extractor on gold sets written by others (measurement only).

The sets live outside the repository, in ``../shared/external`` (see its INDEX.md and each
SOURCE.md). Their text is other people's data: this script reads it, counts, and writes only
numbers to the Markdown report; failing examples are printed to the terminal, never to a file.

    .venv/bin/python bench/external_eval.py [--external DIR] [--out bench/external_report.md]
                                           [--sets idetect,acled,gva,msa,ucdp] [--show-failures N]
                                           [--limit N]

Measures
  IDETECT  share of excerpts whose coded ``Quantity`` is among the values of the ``displaced``
           claims of the excerpt (any modality; a range offers both ends); also among any metric's
           claims, and unit agreement (households vs people) on the matched claims.
  ACLED    on notes with nonzero ``fatalities`` whose coded value is written in the note (see
           ``value_in_text``), the share with a reported ``killed`` claim of that value; and, as a
           precision proxy, ``killed`` claims per note on zero-coded notes.
  GVA      killed / injured recall on full local-news articles, restricted the same way.
  MSA      killed / injured recall on Stanford MSA descriptions, restricted the same way.
  UCDP     killed recall on wire headlines (``best`` written in a headline).

Standard library and ``tracker`` only.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tracker.extract.claims import extract_claims
from tracker.model import Article, Claim

REPO = Path(__file__).resolve().parents[1]
DEFAULT_EXTERNAL = REPO.parent / "shared" / "external"
ALL_SETS = ("idetect", "acled", "gva", "msa", "ucdp")

csv.field_size_limit(10_000_000)

# ---------------------------------------------------------------- is the coded value written in the text?

_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
          "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = {20: "twenty", 30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy", 80: "eighty",
         90: "ninety"}
_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
           "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
# Things that are not counts and would make a value "appear" by accident: dates ("On 1 December 2023",
# "May 5"), years, ages ("16-year-old", "25 years old"), ACLED tags ("[size=around 100]").
# Each alternative is a literal or a single bounded quantifier: linear.
_MASK_RE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\b|\b(?:{_MONTHS})\.?\s+\d{{1,2}}\b|\b(?:19|20)\d\d\b"
    r"|\b\d{1,3}[- ]years?[- ]old\b|\b\d{1,3}-year\b|\[[^\]\n]{0,80}\]|\b\d{1,2}:\d\d\b",
    re.IGNORECASE,
)


def number_words(v: int) -> list[str]:
    """English spellings of a whole number below 1000 ("twenty-one", "twenty one", "two hundred")."""
    out: list[str] = []
    if v < 20:
        out.append(_UNITS[v])
    elif v < 100:
        tens, unit = divmod(v, 10)
        if unit == 0:
            out.append(_TENS[v])
        else:
            out += [f"{_TENS[tens * 10]}-{_UNITS[unit]}", f"{_TENS[tens * 10]} {_UNITS[unit]}"]
    elif v < 1000 and v % 100 == 0:
        out.append(f"{_UNITS[v // 100]} hundred")
    if v == 12:
        out.append("a dozen")
    return out


def value_in_text(value: float, text: str) -> bool:
    """True when ``value`` is written in ``text`` as digits ("1,200", "1200", "1.2 million") or as
    an English number word ("five", "twenty-one"), outside dates, years, ages and [bracket tags]."""
    if value <= 0 or value != int(value):
        return False
    v = int(value)
    masked = _MASK_RE.sub(" ", text)
    forms = {str(v), f"{v:,}"}
    for scale, word in ((1_000_000, "million"), (1_000, "thousand")):
        if v >= scale and v % (scale // 10) == 0:
            forms.add(f"{v / scale:g} {word}")
    for form in forms:
        if re.search(rf"(?<![\d,.]){re.escape(form)}(?![\d]|[.,]\d)", masked):
            return True
    return any(re.search(rf"\b{re.escape(word)}\b", masked, re.IGNORECASE) for word in number_words(v))


# --------------------------------------------------------------------------- helpers


def claims_of(text: str, published: dt.date | None = None, article_id: str = "x") -> list[Claim]:
    return extract_claims(Article(article_id=article_id, body=text, published=published))


def has_value(vals: Iterable[float], target: float) -> bool:
    """Same value within 0.5 % (the seeds scorer's tolerance)."""
    return any(abs(v - target) <= 0.005 * max(abs(target), 1.0) for v in vals)


def claim_values(c: Claim, strict: bool = False) -> list[float]:
    """The figures a claim states: its value, and for a range ("between 18,000 and 25,000") both ends,
    since coders pick either end. ``strict`` keeps the value alone."""
    out = [c.value]
    if not strict and str(c.qualifier) == "range":
        out += [v for v in (c.value_low, c.value_high) if v is not None]
    return out


def values(claims: Iterable[Claim], metric: str | None = None, reported_only: bool = True,
           strict: bool = False) -> list[float]:
    return [v for c in claims
            if (metric is None or str(c.metric) == metric)
            and (not reported_only or str(c.modality) == "reported")
            for v in claim_values(c, strict)]


# ACLED coder remarks are not reported text: "Unknown fatalities coded as 10", "Fatalities are split
# across 4 events (1)", "20 fatalities spread between 3 locations". A sentence holding one is dropped
# before asking whether the coded value is written in the note. Literal words only: linear.
_REMARK_RE = re.compile(r"\bcoded\b|\b(?:split|spread|distributed|divided)\b[^.]{0,80}"
                        r"\b(?:events?|locations?|days?|fronts?|rows?|districts?|areas?)\b", re.IGNORECASE)
_SENT_RE = re.compile(r"[^.!?]+(?:[.!?]+|$)")


def without_coder_remarks(note: str) -> str:
    return " ".join(m.group() for m in _SENT_RE.finditer(note) if not _REMARK_RE.search(m.group()))


def num(s: object) -> float | None:
    try:
        return float(str(s).replace(",", "").strip())
    except ValueError:
        return None


def pct(a: int, b: int) -> str:
    return f"{100.0 * a / b:.1f} %" if b else "n/a"


@dataclass
class Failure:
    key: str
    gold: str
    got: str
    text: str


@dataclass
class Section:
    name: str
    lines: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    headline: dict[str, float] = field(default_factory=dict)


def _short(text: str, n: int = 600) -> str:
    t = " ".join(text.split())
    return t if len(t) <= n else t[:n] + " …"


# --------------------------------------------------------------------------- IDETECT


def eval_idetect(ext: Path, limit: int | None) -> Section:
    sec = Section("IDETECT (IDMC displacement excerpts)")
    path = ext / "idmc-idetect" / "idetect_test_nlp.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))[:limit]
    n = hit_disp = hit_any = literal = hit_strict = hit_reported = 0
    unit_pairs = Counter[tuple[str, str]]()
    by_term: Counter[str] = Counter()
    by_term_hit: Counter[str] = Counter()
    n_lit = hit_lit = 0
    for r in rows:
        q = num(r["Quantity"])
        if q is None:
            continue
        n += 1
        text = r["excerpt"]
        cl = claims_of(text)
        disp = [c for c in cl if str(c.metric) == "displaced"]
        ok = has_value(values(disp, reported_only=False), q)
        hit_disp += ok
        hit_strict += has_value(values(disp, reported_only=False, strict=True), q)
        hit_reported += has_value(values(disp), q)
        hit_any += has_value(values(cl, reported_only=False), q)
        term = r["Term"]
        by_term[term] += 1
        by_term_hit[term] += ok
        lit = value_in_text(q, text)
        literal += lit
        if lit:
            n_lit += 1
            hit_lit += ok
        if ok:
            c = next(c for c in disp if has_value(claim_values(c), q))
            unit_pairs[(r["Unit"].lower(), str(c.unit))] += 1
        else:
            got = ", ".join(f"{c.metric}={c.value:g}({c.modality[:4]})" for c in cl) or "-"
            sec.failures.append(Failure(r["excerpt_id"], f"{q:g} {r['Unit']} [{term}]", got, text))
    unit_n = sum(unit_pairs.values())
    unit_ok = unit_pairs[("people", "people")] + unit_pairs[("households", "households")]
    sec.headline = {"displaced_recall": hit_disp / n if n else 0.0}
    sec.lines += [
        f"- excerpts with a coded quantity: **N = {n}**",
        f"- coded quantity among the `displaced` claims: **{hit_disp}/{n} = {pct(hit_disp, n)}** "
        f"(target ≥ 85 %; best published extractor 75.5 %). Any modality; a range claim offers both ends.",
        f"- same, value only (a range's upper end not counted): {hit_strict}/{n} = {pct(hit_strict, n)}; "
        f"`reported` claims only: {hit_reported}/{n} = {pct(hit_reported, n)}",
        f"- coded quantity among any metric's claims: {hit_any}/{n} = {pct(hit_any, n)}",
        f"- coded quantity written in the excerpt (value_in_text): {literal}/{n}; displaced recall on those: "
        f"{hit_lit}/{n_lit} = {pct(hit_lit, n_lit)}",
        f"- unit agreement on matched claims: {unit_ok}/{unit_n} = {pct(unit_ok, unit_n)} "
        f"(gold→ours: " + ", ".join(f"{g}→{o}: {k}" for (g, o), k in sorted(unit_pairs.items())) + ")",
        "",
        "| term | N | displaced recall |",
        "|---|---:|---:|",
    ]
    for term, k in by_term.most_common():
        sec.lines.append(f"| {term} | {k} | {pct(by_term_hit[term], k)} |")
    sec.lines.append("")
    sec.lines.append("Destroyed/partially destroyed housing is not displacement under spec/CLAIMS.md "
                     "(rule 16), so those rows count as misses by design.")
    return sec


# --------------------------------------------------------------------------- ACLED


def eval_acled(ext: Path, limit: int | None) -> Section:
    sec = Section("ACLED (coder notes → fatalities)")
    path = ext / "acled" / "acled_combined_notes_fatalities.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))[:limit]
    n_nonzero = n_lit = hit = hit_any_killed = hit_strict = only_remark = 0
    n_zero = zero_claims = zero_notes_with = 0
    for r in rows:
        fat = num(r["fatalities"])
        note = r["notes"] or ""
        if fat is None or not note.strip():
            continue
        if fat == 0:
            n_zero += 1
            k = [v for v in values(claims_of(note), "killed") if v > 0]
            zero_claims += len(k)
            zero_notes_with += bool(k)
            continue
        n_nonzero += 1
        if not value_in_text(fat, without_coder_remarks(note)):
            only_remark += value_in_text(fat, note)
            continue
        n_lit += 1
        cl = claims_of(note)
        kv = values(cl, "killed")
        ok = has_value(kv, fat)
        hit += ok
        hit_strict += has_value(values(cl, "killed", strict=True), fat)
        hit_any_killed += bool(kv)
        if not ok:
            got = ", ".join(f"{c.metric}={c.value:g}({c.modality[:4]})" for c in cl) or "-"
            sec.failures.append(Failure(r["event_id_cnty"], f"{fat:g}", got, note))
    sec.headline = {"killed_recall": hit / n_lit if n_lit else 0.0}
    sec.lines += [
        f"- notes with nonzero fatalities: {n_nonzero}; of them with the coded value written in the note: "
        f"**N = {n_lit}** (coder remarks such as \"fatalities coded as 10\" or \"split across 4 events (1)\" "
        f"are not note text: {only_remark} rows whose value is written only there are left out)",
        f"- reported `killed` claim of the coded value: **{hit}/{n_lit} = {pct(hit, n_lit)}** "
        "(target ≥ 85 %)",
        f"- same, value only (a range's ends not counted): {hit_strict}/{n_lit} = {pct(hit_strict, n_lit)}",
        f"- notes with any reported `killed` claim: {hit_any_killed}/{n_lit} = {pct(hit_any_killed, n_lit)}",
        f"- zero-coded notes: N = {n_zero}; reported nonzero `killed` claims per note: "
        f"{zero_claims / n_zero if n_zero else 0:.3f}; notes with at least one: {zero_notes_with} "
        f"({pct(zero_notes_with, n_zero)}). ACLED codes 0 for past, unverified or sibling-event deaths, "
        "so these are not all false positives.",
    ]
    return sec


# --------------------------------------------------------------------------- GVA, MSA, UCDP


def _recall_block(sec: Section, items: Iterable[tuple[str, str, dt.date | None, dict[str, float]]],
                  metrics: tuple[str, ...]) -> None:
    n = Counter[str]()
    n_lit = Counter[str]()
    hit = Counter[str]()
    for key, text, published, gold in items:
        cl: list[Claim] | None = None
        for m in metrics:
            g = gold.get(m)
            if g is None or g <= 0:
                continue
            n[m] += 1
            if not value_in_text(g, text):
                continue
            n_lit[m] += 1
            if cl is None:
                cl = claims_of(text, published)
            ok = has_value(values(cl, m), g)
            hit[m] += ok
            if not ok:
                got = ", ".join(f"{c.metric}={c.value:g}({c.modality[:4]})" for c in cl) or "-"
                sec.failures.append(Failure(key, f"{m}={g:g}", got, text))
    sec.lines += ["| metric | nonzero gold | written in text (N) | recall |", "|---|---:|---:|---:|"]
    for m in metrics:
        sec.lines.append(f"| {m} | {n[m]} | {n_lit[m]} | {hit[m]}/{n_lit[m]} = {pct(hit[m], n_lit[m])} |")
        sec.headline[f"{m}_recall"] = hit[m] / n_lit[m] if n_lit[m] else 0.0


def _date(s: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(s[:10])
    except ValueError:
        return None


def eval_gva(ext: Path, limit: int | None) -> Section:
    sec = Section("GVA long-tail local news (full articles)")
    path = ext / "gva-longtail-news" / "gva_news_docs.jsonl"

    def items() -> Iterator[tuple[str, str, dt.date | None, dict[str, float]]]:
        with path.open(encoding="utf-8") as f:
            for i, line in enumerate(f):
                if limit is not None and i >= limit:
                    return
                d = json.loads(line)
                text = f"{d.get('title') or ''}\n\n{d.get('text') or ''}"
                yield (d["doc_id"], text, _date(str(d.get("dct") or "")),
                       {"killed": float(d["num_killed"]), "injured": float(d["num_injured"])})

    sec.lines.append("One incident may have several articles; an article may report part of the toll "
                     "or an update.")
    sec.lines.append("")
    _recall_block(sec, items(), ("killed", "injured"))
    return sec


def eval_msa(ext: Path, limit: int | None) -> Section:
    sec = Section("Stanford MSA descriptions")
    path = ext / "us-mass-shootings" / "stanford_msa_database.csv"
    with path.open(encoding="utf-8", newline="", errors="replace") as f:
        rows = list(csv.DictReader(f))[:limit]

    def items() -> Iterator[tuple[str, str, dt.date | None, dict[str, float]]]:
        for r in rows:
            gold = {}
            k, inj = num(r["Number of Civilian Fatalities"]), num(r["Number of Civilian Injured"])
            if k is not None:
                gold["killed"] = k
            if inj is not None:
                gold["injured"] = inj
            yield r["CaseID"], r["Description"] or "", None, gold

    sec.lines.append("Gold: civilian fatalities / civilian injured (totals often add the shooter).")
    sec.lines.append("")
    _recall_block(sec, items(), ("killed", "injured"))
    return sec


def eval_ucdp(ext: Path, limit: int | None) -> Section:
    sec = Section("UCDP GED Ukraine headlines")
    path = ext / "ucdp-ged-ukraine" / "conflict_data_ukr.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if not str(r.get("best", "")).startswith("#")][:limit]

    def items() -> Iterator[tuple[str, str, dt.date | None, dict[str, float]]]:
        for r in rows:
            heads = "\n".join(h.strip() for h in (r["source_headline"] or "").split(";") if h.strip())
            b = num(r["best"])
            yield r["id"], heads, None, ({"killed": b} if b is not None else {})

    sec.lines.append("Headlines (one per line) often quote a cumulative toll while `best` is per event.")
    sec.lines.append("")
    _recall_block(sec, items(), ("killed",))
    return sec


EVALS: dict[str, Callable[[Path, int | None], Section]] = {
    "idetect": eval_idetect, "acled": eval_acled, "gva": eval_gva, "msa": eval_msa, "ucdp": eval_ucdp,
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--external", type=Path, default=DEFAULT_EXTERNAL, help="folder of the external sets")
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "external_report.md", help="Markdown report")
    ap.add_argument("--sets", default=",".join(ALL_SETS), help=f"comma list of {', '.join(ALL_SETS)}")
    ap.add_argument("--show-failures", type=int, default=0, metavar="N",
                    help="print up to N failing examples per set to the terminal (never to the report)")
    ap.add_argument("--limit", type=int, default=None, help="read only the first N rows of each set")
    args = ap.parse_args(argv)
    if not args.external.is_dir():
        print(f"external_eval: skipped: {args.external} not found (the external sets live in "
              "../shared/external beside the repository and are not distributed with it)", file=sys.stderr)
        return 0
    wanted = [s.strip() for s in args.sets.split(",") if s.strip()]
    bad = [s for s in wanted if s not in EVALS]
    if bad:
        ap.error(f"unknown set(s): {', '.join(bad)}")
    sections = []
    for name in wanted:
        t0 = time.perf_counter()
        sec = EVALS[name](args.external, args.limit)
        sec.lines.append("")
        sec.lines.append(f"_time: {time.perf_counter() - t0:.1f} s_")
        sections.append(sec)
        print(f"{name}: " + ", ".join(f"{k} {v:.3f}" for k, v in sec.headline.items()))
        for fl in sec.failures[: args.show_failures]:
            print(f"  [{fl.key}] gold {fl.gold} | got {fl.got}\n      {_short(fl.text)}")
    out = ["# External recall report", "",
           f"Generated by `bench/external_eval.py` on {dt.date.today().isoformat()} from "
           f"`{args.external.name}/` (other people's data: only counts are written here, never their text).",
           "A figure counts as found when a `reported` claim of the metric has the coded value (±0.5 %).",
           "\"Written in text\" means the value occurs as digits or an English number word outside dates, "
           "years, ages and bracket tags (`value_in_text`).", ""]
    for sec in sections:
        out += [f"## {sec.name}", "", *sec.lines, ""]
    if args.limit is None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text("\n".join(out), encoding="utf-8")
        print(f"report: {args.out}")
    else:
        print("report not written (--limit given)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
