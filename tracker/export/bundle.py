"""The publishable export set: workbook, HXL CSV and data package, from a claims table.

``export_all`` is what ``make figures`` runs after ``tracker extract`` and ``tracker compare``;
``export_claims`` is the one-file ``tracker export`` command. Both read the canonical tables
written by ``tracker extract`` and never modify them: the spreadsheet files are guarded against
formula injection (which changes text that starts with ``=``), the canonical ones must stay
exact so that ``quote == body[char_start:char_end]`` holds.

Files ``export_all`` writes into ``out_dir`` (each atomically):

* ``tracker.xlsx``: sheets Claims, Articles, Comparison, Series summary, About.
* ``claims.hxl.csv``: the claims with article date/outlet/URL and HXL hashtags under the header.
* ``claims.csv`` and ``articles.csv``: only when ``out_dir`` is not where they already are, so
  that the package is self-contained. They are byte-for-byte copies of the canonical tables,
  not guarded (their ``quote`` must match the offsets, as in ``data/clean``); the package
  describes them so, and docs/users.md points spreadsheet users to the workbook.
* ``datapackage.json``: describes every CSV in ``out_dir`` it knows (claims, articles, the HXL
  file, rejects and the comparison tables when present), plus any other CSV found there.
"""

from __future__ import annotations

import datetime as dt
import shlex
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal

import polars as pl

from tracker import __version__
from tracker.compare import SUMMARY_SCHEMA, TABLE_SCHEMA, compare
from tracker.export import datapackage as dp
from tracker.export.hxl import hxl_claims, hxl_row
from tracker.export.spreadsheet import AboutInfo, Sheet, counts, write_csv, write_workbook
from tracker.export.writers import read_table, write_table
from tracker.model import ARTICLE_COLUMNS, CLAIM_COLUMNS
from tracker.userfiles import TableKind, read_problem
from tracker.validate import articles_frame, claims_frame, column_docs

__all__ = [
    "EXPORT_FORMATS",
    "ExportError",
    "ExportResult",
    "derived_articles_path",
    "export_all",
    "export_all_targets",
    "export_claims",
    "export_target",
    "load_tables",
]

ExportFormat = Literal["csv", "xlsx", "parquet", "jsonl"]
#: Formats of ``tracker export``; ``csv`` and ``xlsx`` are the spreadsheet (guarded) ones.
EXPORT_FORMATS: Final[tuple[str, ...]] = ("csv", "xlsx", "parquet", "jsonl")

WORKBOOK_NAME: Final[str] = "tracker.xlsx"
HXL_NAME: Final[str] = "claims.hxl.csv"
DATAPACKAGE_NAME: Final[str] = "datapackage.json"


class ExportError(ValueError):
    """The export was asked for something it cannot do (a format, an option); one line for the CLI."""


@dataclass(slots=True)
class ExportResult:
    """Files written and one-line notes for the user (e.g. a missing article table)."""

    written: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def derived_articles_path(claims_path: Path) -> Path:
    """The article table beside a claims table (claims.csv -> articles.csv), as extract names it."""
    stem = claims_path.stem
    name = stem.replace("claims", "articles") if "claims" in stem else f"{stem}_articles"
    return claims_path.with_name(name + claims_path.suffix)


def load_tables(
    claims_path: Path, articles_path: Path | None = None, notes: list[str] | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Read the claims and article tables with contract dtypes; no article table gives an empty one.

    A table the strict reader refuses raises :class:`tracker.userfiles.TableProblem` naming that
    file, so the user learns which of the two tables to fix.
    """
    claims = _read_input(claims_path, "claims")
    claims = claims_frame([]) if claims.is_empty() and not claims.columns else claims
    path = articles_path or derived_articles_path(claims_path)
    if path.exists():
        articles = _read_input(path, "articles")
        if articles.is_empty() and not articles.columns:
            articles = articles_frame([])
    else:
        if notes is not None:
            notes.append(f"{path}: no article table; outlets, dates and URLs are left empty")
        articles = articles_frame([])
    return claims.select(CLAIM_COLUMNS), articles.select(ARTICLE_COLUMNS)


def _read_input(path: Path, kind: TableKind) -> pl.DataFrame:
    try:
        return read_table(path)
    except (pl.exceptions.PolarsError, ValueError, OSError) as exc:
        raise read_problem(path, exc, kind) from None


def export_target(output: Path, fmt: str | None) -> tuple[str, Path]:
    """The format and file of a one-file export: ``fmt`` or ``output``'s extension, which must agree.

    ``--format xlsx -o x.csv`` used to write a workbook named ``.csv``, which a spreadsheet then
    opens as garbage; now the two must agree. An ``output`` without an extension gets the
    format's (``-o claims --format parquet`` writes ``claims.parquet``). Raises ExportError.
    """
    ext = output.suffix.lower().lstrip(".")
    chosen = (fmt or ext).lower()
    if chosen not in EXPORT_FORMATS:
        shown = f"'{output.suffix}'" if output.suffix else "no extension"
        raise ExportError(f"unsupported export format {shown} for {output}: use {', '.join(EXPORT_FORMATS)} "
                          "(or --format)")
    if not ext:
        return chosen, output.with_name(f"{output.name}.{chosen}")
    if ext != chosen:
        raise ExportError(f"--format {chosen} does not match {output} (.{ext}): "
                          f"name the file .{chosen} or leave out --format")
    return chosen, output


def export_all_targets(
    claims_path: Path, out_dir: Path, articles_path: Path | None = None
) -> list[tuple[str, Path]]:
    """The files :func:`export_all` writes into ``out_dir``, each with what it is; known before writing.

    The claims and article copies are left out when they would be the input table itself (the
    ``make figures`` case, ``-o data/clean``): then the input already is the copy.
    """
    articles_in = articles_path if articles_path is not None else derived_articles_path(claims_path)
    targets: list[tuple[str, Path]] = []
    for name, source in (("claims.csv", claims_path), ("articles.csv", articles_in)):
        if not _same_file(source, out_dir / name):
            targets.append((f"the copy {name}", out_dir / name))
    return targets + [(f"the {name}", out_dir / name) for name in (WORKBOOK_NAME, HXL_NAME, DATAPACKAGE_NAME)]


def _command(command: str | None) -> str:
    return command or shlex.join(["tracker", *sys.argv[1:]])


def _about(
    claims: pl.DataFrame,
    articles: pl.DataFrame,
    sheets: Sequence[Sheet],
    *,
    command: str,
    created: dt.datetime,
    inputs: Sequence[Path],
) -> AboutInfo:
    """The About sheet: provenance, every column's meaning (from the schemas), outlets and sources."""
    docs = column_docs()
    by_table = {"claims": "Claims", "articles": "Articles"}
    columns = [{**d, "sheet": by_table[d["table"]]} for d in docs]
    claim_docs = {d["name"]: d for d in docs if d["table"] == "claims"}
    for sheet in sheets:
        if sheet.title in by_table.values():
            continue
        for f in dp.fields_from_dtypes(sheet.frame.columns, dict(sheet.frame.schema)):
            doc = claim_docs.get(f["name"], {})
            columns.append(
                {
                    "sheet": sheet.title,
                    "name": f["name"],
                    "type": f["type"],
                    "nullable": True,
                    "enum": doc.get("enum") if doc.get("type") == f["type"] else None,
                    "constraints": [],
                    "description": f.get("description", ""),
                }
            )
    provenance: list[tuple[str, object]] = [
        ("Made by", command),
        ("tracker version", __version__),
        ("Created (UTC)", created.replace(microsecond=0).isoformat()),
        *(("Input", str(p)) for p in inputs),
        ("Claims", claims.height),
        ("Articles", articles.height),
        ("Note", "Figures are as the articles report them, not verified. Text cells that began "
                 "with = + - @ or a tab/line break carry a leading ' so spreadsheets do not run them."),
    ]
    outlets = counts(articles, ["outlet"], "articles")
    sources = counts(claims, ["source", "source_kind"], "claims")
    return AboutInfo(columns=columns, provenance=provenance, outlets=outlets, sources=sources)


def _sheets(claims: pl.DataFrame, articles: pl.DataFrame) -> list[Sheet]:
    comparison = compare(claims, articles)
    return [
        Sheet("Claims", claims),
        Sheet("Articles", articles, url_columns=("url",)),
        Sheet("Comparison", comparison.table),
        Sheet("Series summary", comparison.summary),
    ]


def _workbook(
    path: Path,
    claims: pl.DataFrame,
    articles: pl.DataFrame,
    *,
    command: str,
    created: dt.datetime,
    inputs: Sequence[Path],
) -> None:
    sheets = _sheets(claims, articles)
    about = _about(claims, articles, sheets, command=command, created=created, inputs=inputs)
    write_workbook(path, sheets, about)


def _write_hxl(path: Path, claims: pl.DataFrame, articles: pl.DataFrame, *, excel: bool = False) -> None:
    table = hxl_claims(claims, articles)
    write_csv(table, path, excel=excel, tag_row=hxl_row(table.columns))


def export_claims(
    claims_path: Path,
    output: Path,
    fmt: str | None = None,
    *,
    articles_path: Path | None = None,
    excel: bool = False,
    hxl: bool = False,
    command: str | None = None,
) -> ExportResult:
    """One export of ``tracker export``: ``fmt`` (default: ``output``'s extension) of the claims.

    ``fmt`` and the extension must agree (see :func:`export_target`).

    csv: formula-safe claims CSV (``excel``: with BOM; ``hxl``: with article columns, per-metric
    values and the hashtag row). xlsx: the whole workbook. parquet/jsonl: the claims as
    ``tracker extract`` writes them (no guard: these are not opened in spreadsheets).
    """
    fmt, output = export_target(output, fmt)
    if (excel or hxl) and fmt != "csv":
        raise ExportError("--excel and --hxl apply to CSV output only")
    result = ExportResult()
    claims, articles = load_tables(claims_path, articles_path, result.notes)
    if fmt == "csv":
        if hxl:
            _write_hxl(output, claims, articles, excel=excel)
        else:
            write_csv(claims, output, excel=excel)
    elif fmt == "xlsx":
        inputs = [claims_path, articles_path or derived_articles_path(claims_path)]
        _workbook(output, claims, articles, command=_command(command), created=dt.datetime.now(dt.UTC),
                  inputs=inputs)
    else:
        write_table(claims, output)
    result.written.append(output)
    return result


def _same_file(a: Path, b: Path) -> bool:
    return a.exists() and b.exists() and a.resolve() == b.resolve()


def _package_resources(out_dir: Path) -> list[dp.Resource]:
    """Every CSV in ``out_dir`` as a resource, the known tables described from their schemas."""
    known: dict[str, dp.Resource] = {
        "claims.csv": dp.Resource(
            "claims", "claims.csv", "Claims",
            "One row per figure an article reports. Text is exactly as in the article (not guarded "
            "against spreadsheet formulas): open tracker.xlsx or claims.hxl.csv in a spreadsheet.",
            fields=dp.fields_for_table("claims"), primary_key=["claim_id"],
        ),
        "articles.csv": dp.Resource(
            "articles", "articles.csv", "Articles",
            "One row per article read. Text is exactly as in the article (not guarded against "
            "spreadsheet formulas): open tracker.xlsx in a spreadsheet.",
            fields=dp.fields_for_table("articles"), primary_key=["article_id"],
        ),
        HXL_NAME: dp.Resource(
            "claims-hxl", HXL_NAME, "Claims with HXL hashtags",
            "The claims with each article's date, outlet and URL and one value column per metric; "
            "row 2 holds the HXL hashtags. Text starting with = + - @ carries a leading '.",
            fields=dp.hxl_fields(), primary_key=["claim_id"], comment_rows=[2],
        ),
        "rejects.csv": dp.Resource(
            "rejects", "rejects.csv", "Rejected claims",
            "Claims that failed validation, with the reason; kept so that nothing is dropped silently.",
            fields=dp.rejects_fields(),
        ),
        "comparison.csv": dp.Resource(
            "comparison", "comparison.csv", "Comparison",
            "One row per reported claim, placed in a series, with flags for revisions and conflicts.",
            dtypes=TABLE_SCHEMA,
        ),
        "comparison.summary.csv": dp.Resource(
            "series-summary", "comparison.summary.csv", "Series summary",
            "One row per series: counts, range and the latest figure by source.", dtypes=SUMMARY_SCHEMA,
        ),
    }
    resources: list[dp.Resource] = []
    for path in sorted(out_dir.glob("*.csv")):
        if path.name.startswith((".", "_")):
            continue
        res = known.get(path.name)
        if res is None:
            stem = path.stem.lower().replace(".", "-").replace("_", "-")
            res = dp.Resource(stem, path.name, path.stem, f"{path.name}, types read from the file.")
        resources.append(res)
    order = list(known)
    return sorted(resources, key=lambda r: (order.index(r.path) if r.path in order else len(order), r.path))


def export_all(
    claims_path: Path | str,
    out_dir: Path | str,
    *,
    articles_path: Path | str | None = None,
    command: str | None = None,
    created: dt.datetime | None = None,
) -> ExportResult:
    """Write the publishable set into ``out_dir``: tracker.xlsx, claims.hxl.csv, datapackage.json.

    Call it after ``tracker extract`` (and ``tracker compare``, whose CSVs are then described in
    the package too). ``command`` is recorded in the About sheet and the package (default: this
    process's command line); ``created`` defaults to now (UTC).
    """
    claims_path, out_dir = Path(claims_path), Path(out_dir)
    articles_in = Path(articles_path) if articles_path is not None else derived_articles_path(claims_path)
    result = ExportResult()
    claims, articles = load_tables(claims_path, articles_in, result.notes)
    when = created or dt.datetime.now(dt.UTC)
    cmd = _command(command)
    out_dir.mkdir(parents=True, exist_ok=True)

    for name, frame, source in (("claims.csv", claims, claims_path), ("articles.csv", articles, articles_in)):
        target = out_dir / name
        if not _same_file(source, target):
            write_table(frame, target)
            result.written.append(target)

    workbook = out_dir / WORKBOOK_NAME
    _workbook(workbook, claims, articles, command=cmd, created=when, inputs=[claims_path, articles_in])
    result.written.append(workbook)

    hxl_path = out_dir / HXL_NAME
    _write_hxl(hxl_path, claims, articles)
    result.written.append(hxl_path)

    descriptor = dp.build_datapackage(
        out_dir,
        _package_resources(out_dir),
        sources=dp.sources_from_articles(articles),
        created=when,
        command=cmd,
    )
    package = out_dir / DATAPACKAGE_NAME
    dp.write_datapackage(package, descriptor)
    result.written.append(package)
    return result
