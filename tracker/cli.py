"""Command line: a thin click layer over the library (parse options, call, report).

Errors are one line on stderr naming the file and the problem; usage errors exit 2, a run
that cannot go on exits 1, and no traceback is shown (set TRACKER_DEBUG=1 to see one).
Data goes to files; messages go to stderr.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import click

from tracker import __version__
from tracker.model import Skipped

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _warn(message: str) -> None:
    click.echo(f"tracker: warning: {message}", err=True)


def _fail(message: str, code: int = EXIT_FAILED) -> NoReturn:
    click.echo(f"tracker: error: {message}", err=True)
    sys.exit(code)


def _progress(enabled: bool, unit: str) -> Any:
    """A tqdm wrapper on stderr when it is a terminal and not silenced; identity otherwise."""
    if not enabled or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    def wrap(stream: Iterator[Any]) -> Iterator[Any]:
        return iter(tqdm(stream, unit=unit, file=sys.stderr, dynamic_ncols=True, leave=False))

    return wrap


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="tracker")
def main() -> None:
    """Extract casualty, displacement and attack figures from news articles.

    Every figure becomes a validated claim with its qualifier, bounds, scope, source and its
    exact place in the text (see spec/CLAIMS.md for the columns).

    \b
    Example:
        tracker extract data/raw -o data/clean/claims.csv
    """


@main.command(context_settings=CONTEXT)
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "output", required=True, type=click.Path(path_type=Path),
              help="Claims table to write; the format follows the extension: .csv, .parquet or .jsonl.")
@click.option("--articles", "articles_out", type=click.Path(path_type=Path),
              help="Article table path (default: beside the output, 'claims' replaced by 'articles').")
@click.option("--rejects", "rejects_out", type=click.Path(path_type=Path),
              help="Rejected rows with their reasons (default: beside the output, 'claims' -> 'rejects').")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no per-file warnings; summary only.")
@click.option("--strict", is_flag=True, help="Exit 1 when any file was skipped.")
def extract(inputs: tuple[Path, ...], output: Path, articles_out: Path | None, rejects_out: Path | None,
            quiet: bool, strict: bool) -> None:
    """Extract claims from articles (files or folders, searched recursively).

    Reads .md/.txt (with optional YAML front matter), .html, and .jsonl/.csv collections
    (one article a row). A file that cannot be read is reported on one line and skipped;
    the others are processed.

    \b
    Example:
        tracker extract data/raw -o data/clean/claims.csv
        tracker extract a.md b.html export.csv -o out/claims.parquet --strict
    """
    from tracker.export.writers import UnsupportedFormat, table_format
    from tracker.ingest import MissingPath
    from tracker.pipeline import run_extract
    from tracker.rules import RulesError, load_rules

    for path in (output, articles_out, rejects_out):
        if path is not None:
            try:
                table_format(path)
            except UnsupportedFormat as exc:
                raise click.UsageError(str(exc)) from None
    for path in inputs:
        if not path.exists() and not path.is_symlink():
            raise click.UsageError(f"no such file or folder: {path}")
    try:
        load_rules()
    except RulesError as exc:
        _fail(f"rule file {exc}")

    def on_skip(s: Skipped) -> None:
        if not quiet:
            _warn(f"{s.path}: {s.reason} (skipped)")

    try:
        summary = run_extract(list(inputs), output, articles_out=articles_out, rejects_out=rejects_out,
                              on_skip=on_skip, on_warning=None if quiet else _warn,
                              progress=_progress(not quiet, "article"))
    except MissingPath as exc:
        raise click.UsageError(str(exc)) from None
    except OSError as exc:
        _fail(f"{exc.filename or output}: cannot write ({exc.strerror or exc})")
    click.echo(f"tracker: {summary.line()}", err=True)
    click.echo(f"tracker: wrote {summary.outputs['claims']}, {summary.outputs['articles']}, "
               f"{summary.outputs['rejects']}", err=True)
    if strict and summary.skipped:
        sys.exit(EXIT_FAILED)


def _load_tables(claims_path: Path, articles_path: Path | None) -> tuple[Any, Any]:
    """Read a claims table and its article table (beside it unless given); one-line errors."""
    from tracker.compare import read_table
    from tracker.pipeline import derived_path

    if not claims_path.exists():
        raise click.UsageError(f"no such file: {claims_path}")
    articles_path = articles_path or derived_path(claims_path, "articles")
    try:
        claims = read_table(claims_path)
    except Exception as exc:  # noqa: BLE001 - polars raises many kinds for a bad table
        _fail(f"{claims_path}: cannot read claims table ({exc.__class__.__name__})")
    articles = None
    if articles_path.exists():
        try:
            articles = read_table(articles_path)
        except Exception as exc:  # noqa: BLE001
            _fail(f"{articles_path}: cannot read article table ({exc.__class__.__name__})")
    else:
        _warn(f"{articles_path}: no article table; articles count as undated and without outlet")
    return claims, articles


@main.command(context_settings=CONTEXT)
@click.argument("claims_path", metavar="CLAIMS", type=click.Path(path_type=Path))
@click.option("-o", "--output", "output", required=True, type=click.Path(path_type=Path),
              help="Comparison table (CSV); the per-series summary and undated list are written beside it.")
@click.option("--articles", "articles_path", type=click.Path(path_type=Path),
              help="Article table (default: beside CLAIMS, 'claims' replaced by 'articles').")
def compare(claims_path: Path, output: Path, articles_path: Path | None) -> None:
    """Group claims into series and flag where figures disagree.

    One row per claim in a series, ordered by date, with the normalised source, outlet and
    flags: revised_down, scope_change, copied, conflict, stale.

    \b
    Example:
        tracker compare data/clean/claims.csv -o data/clean/comparison.csv
    """
    from tracker.compare import compare as run_compare
    from tracker.compare import write_comparison
    from tracker.compare.series import AliasError

    claims, articles = _load_tables(claims_path, articles_path)
    try:
        result = run_compare(claims, articles)
    except AliasError as exc:
        _fail(f"alias file: {exc}")
    paths = write_comparison(result, output)
    flagged = result.table.filter(result.table["flags"].str.len_chars() > 0).height if result.table.height else 0
    click.echo(f"tracker: {result.table.height} claims in {result.summary.height} series, {flagged} flagged; "
               f"wrote {', '.join(str(p) for p in paths)}", err=True)


@main.command(context_settings=CONTEXT)
@click.argument("claims_path", metavar="CLAIMS", type=click.Path(path_type=Path))
@click.option("-o", "--output", "output", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="Folder for the charts (PNG, SVG, CSV of the data shown) and index.md.")
@click.option("--articles", "articles_path", type=click.Path(path_type=Path),
              help="Article table (default: beside CLAIMS, 'claims' replaced by 'articles').")
def figures(claims_path: Path, output: Path, articles_path: Path | None) -> None:
    """Draw the charts: timelines per metric and place, source comparison, coverage.

    Each chart comes as PNG and SVG with the CSV of exactly the data it shows, and
    figures/index.md lists every chart with its alt text (and the charts skipped, with why).

    \b
    Example:
        tracker figures data/clean/claims.csv -o figures
    """
    from tracker.chart import draw_all
    from tracker.compare import compare as run_compare
    from tracker.compare.series import AliasError

    claims, articles = _load_tables(claims_path, articles_path)
    try:
        result = run_compare(claims, articles)
    except AliasError as exc:
        _fail(f"alias file: {exc}")
    infos = draw_all(result, claims, articles, output)
    drawn = [i for i in infos if i.drawn]
    skipped = len(infos) - len(drawn)
    note = f"; {skipped} skipped (reasons listed in index.md)" if skipped else ""
    click.echo(f"tracker: drew {len(drawn)} charts into {output}{note} (index: {output / 'index.md'})", err=True)


def run() -> None:
    """Entry point wrapper: no traceback for unexpected errors unless TRACKER_DEBUG is set."""
    try:
        main(standalone_mode=True)
    except KeyboardInterrupt:
        _fail("interrupted; outputs from this run were not written", 130)
    except Exception as exc:  # noqa: BLE001 - the last line of defence before a user sees a traceback
        if os.environ.get("TRACKER_DEBUG"):
            raise
        _fail(f"unexpected {exc.__class__.__name__}: {exc} (set TRACKER_DEBUG=1 for details; please report)")
