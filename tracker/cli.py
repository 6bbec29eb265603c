"""Command line: a thin click layer over the library (parse options, call, report).

Errors are one line on stderr naming the file and the problem; usage errors exit 2, a run
that cannot go on exits 1, and no traceback is shown (set TRACKER_DEBUG=1 to see one).
Data goes to files; messages go to stderr.
"""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import click

from tracker import __version__
from tracker.model import Skipped

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a Ctrl-C; docs/exit-codes.md lists every EXIT_*


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
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes (local engine; same output as 1). With --engine dask and no "
                   "--scheduler: workers of the local cluster.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: this machine. dask: a Dask cluster; writes partitioned Parquet "
                   "(-o must end in .parquet; needs the [dask] extra).")
@click.option("--scheduler", metavar="ADDRESS",
              help="Dask scheduler address (tcp://host:8786); default: a local cluster for this run.")
def extract(inputs: tuple[Path, ...], output: Path, articles_out: Path | None, rejects_out: Path | None,
            quiet: bool, strict: bool, jobs: int = 1, engine: str = "local",
            scheduler: str | None = None) -> None:
    """Extract claims from articles (files or folders, searched recursively).

    Reads .md/.txt (with optional YAML front matter), .html, and .jsonl/.csv collections
    (one article a row). A file that cannot be read is reported on one line and skipped;
    the others are processed.

    \b
    Example:
        tracker extract data/raw -o data/clean/claims.csv
        tracker extract a.md b.html export.csv -o out/claims.parquet --strict
        tracker extract crawl/*.jsonl -o out/claims.csv --jobs 2
        tracker extract crawl/ -o out/claims.parquet --engine dask --scheduler tcp://10.0.0.5:8786
    """
    if engine == "local" and jobs > 1:
        from tracker.engines.local import prestart

        prestart(jobs)  # the workers' server warms up while the validation stack imports
    from tracker.export.writers import UnsupportedFormat, table_format
    from tracker.ingest import MissingPath
    from tracker.pipeline import derived_path, run_extract
    from tracker.rules import RulesError, load_rules

    for path in (output, articles_out, rejects_out):
        if path is not None:
            try:
                table_format(path)
            except UnsupportedFormat as exc:
                raise click.UsageError(str(exc)) from None
    run_dask = _dask_runner(engine, scheduler, (output, articles_out, rejects_out))
    for path in inputs:
        if not path.exists() and not path.is_symlink():
            raise click.UsageError(f"no such file or folder: {path}")
    outputs = [
        ("-o", output),
        ("--articles" if articles_out else "the article table", articles_out or derived_path(output, "articles")),
        ("--rejects" if rejects_out else "the rejects table", rejects_out or derived_path(output, "rejects")),
    ]
    _check_clash([("", p) for p in inputs if p.exists()], outputs)
    try:
        load_rules()
    except RulesError as exc:
        _fail(f"rule file {exc}")

    def on_skip(s: Skipped) -> None:
        if not quiet:
            _warn(f"{s.path}: {s.reason} (skipped)")

    try:
        if run_dask is not None:
            summary = run_dask(list(inputs), output, articles_out=articles_out, rejects_out=rejects_out,
                               scheduler=scheduler, workers=jobs if jobs > 1 else 2,
                               on_skip=on_skip, on_warning=None if quiet else _warn)
        else:
            summary = run_extract(list(inputs), output, articles_out=articles_out, rejects_out=rejects_out,
                                  on_skip=on_skip, on_warning=None if quiet else _warn,
                                  progress=_progress(not quiet, "article"), jobs=jobs)
    except MissingPath as exc:
        raise click.UsageError(str(exc)) from None
    except OSError as exc:
        _cannot_write(exc, [p for _, p in outputs])
    except KeyboardInterrupt:  # here, not in run(): click would turn it into "Aborted!" and exit 1
        _fail("interrupted; outputs from this run were not written", EXIT_INTERRUPTED)
    click.echo(f"tracker: {summary.line()}", err=True)
    click.echo(f"tracker: wrote {summary.outputs['claims']}, {summary.outputs['articles']}, "
               f"{summary.outputs['rejects']}", err=True)
    if strict and summary.skipped:
        sys.exit(EXIT_FAILED)


def _dask_runner(engine: str, scheduler: str | None, outputs: tuple[Path | None, ...]) -> Any:
    """``run_dask`` when --engine dask is usable, None for the local engine; usage errors otherwise."""
    if engine != "dask":
        if scheduler:
            raise click.UsageError("--scheduler needs --engine dask")
        return None
    for path in outputs:
        if path is not None and path.suffix.lower() != ".parquet":
            raise click.UsageError(f"--engine dask writes partitioned Parquet: {path} must end in .parquet")
    try:
        from tracker.engines.dask_engine import run_dask  # optional extra, imported on demand
    except ImportError as exc:
        raise click.UsageError(f"--engine dask needs dask ({exc.name} is not installed): "
                               "pip install 'tracker[dask]'") from None
    return run_dask


def _check_clash(inputs: list[tuple[str, Path]], outputs: list[tuple[str, Path]]) -> None:
    """Usage error (exit 2) when an output would replace an input or another output."""
    from tracker.userfiles import PathClash, check_outputs

    try:
        check_outputs(inputs, outputs)
    except PathClash as exc:
        raise click.UsageError(str(exc)) from None


def _cannot_write(exc: OSError, outputs: list[Path]) -> NoReturn:
    """The one-line write failure, naming the path the user gave rather than our hidden temp file."""
    from tracker.userfiles import write_failure

    _fail(write_failure(exc, outputs))


def _table_paths(claims_path: Path, articles_path: Path | None) -> tuple[Path, Path | None]:
    """Check the input paths (usage errors); the article table to read, None when there is none.

    An explicit ``--articles`` must exist (a typo must not silently drop every date and outlet);
    the default one beside the claims table may be missing, with a warning.
    """
    from tracker.export.writers import UnsupportedFormat, table_format
    from tracker.pipeline import derived_path

    if not claims_path.is_file():
        raise click.UsageError(f"no such file: {claims_path}")
    if articles_path is not None and not articles_path.is_file():
        raise click.UsageError(f"no such file: {articles_path} (--articles)")
    found = articles_path or derived_path(claims_path, "articles")
    for path in (claims_path, found):
        try:
            table_format(path)
        except UnsupportedFormat as exc:
            raise click.UsageError(str(exc)) from None
    return claims_path, found if found.is_file() else None


def _input_labels(claims_path: Path, articles_path: Path | None, given: bool) -> list[tuple[str, Path]]:
    labels = [("", claims_path)]
    if articles_path is not None:
        labels.append(("--articles" if given else "the article table", articles_path))
    return labels


def _check_tables(claims_path: Path, articles_path: Path | None) -> None:
    """Refuse (exit 1) a claims or article table that is not one; one line naming the file."""
    from tracker.userfiles import TableProblem, check_table

    try:
        check_table(claims_path, "claims")
        if articles_path is not None:
            check_table(articles_path, "articles")
    except TableProblem as exc:
        _fail(str(exc))


def _load_tables(claims_path: Path, articles_path: Path | None) -> tuple[Any, Any]:
    """Read a checked claims table and its article table (None when there is none); one-line errors."""
    from tracker.pipeline import derived_path
    from tracker.userfiles import TableProblem, read_table_checked

    try:
        claims = read_table_checked(claims_path, "claims")
        articles = read_table_checked(articles_path, "articles") if articles_path is not None else None
    except TableProblem as exc:
        _fail(str(exc))
    if articles_path is None:  # after the claims: a bad claims table is then the only message
        _warn(f"{derived_path(claims_path, 'articles')}: no article table; articles count as undated "
              "and without outlet")
    return claims, articles


@main.command(context_settings=CONTEXT)
@click.argument("claims_path", metavar="CLAIMS", type=click.Path(path_type=Path))
@click.option("-o", "--output", "output", required=True, type=click.Path(path_type=Path),
              help="Comparison table: .csv, .parquet or .jsonl. The per-series summary and the list of "
                   "undated articles are written beside it as CSV (NAME.summary.csv, NAME.undated.csv).")
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
    from tracker.export.writers import UnsupportedFormat, table_format
    from tracker.userfiles import comparison_paths

    claims_path, found = _table_paths(claims_path, articles_path)
    try:
        table_format(output)
    except UnsupportedFormat as exc:
        raise click.UsageError(str(exc)) from None
    planned = comparison_paths(output)
    _check_clash(_input_labels(claims_path, found, articles_path is not None),
                 list(zip(("-o", "the summary", "the undated list"), planned, strict=True)))
    claims, articles = _load_tables(claims_path, found)
    try:
        result = run_compare(claims, articles)
    except AliasError as exc:
        _fail(f"alias file: {exc}")
    for w in result.warnings:
        _warn(f"{claims_path}: {w}")
    try:
        paths = write_comparison(result, output)
    except OSError as exc:
        _cannot_write(exc, planned)
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
    from tracker.userfiles import figures_outputs

    claims_path, found = _table_paths(claims_path, articles_path)
    inputs = _input_labels(claims_path, found, articles_path is not None)
    _check_clash(inputs, [("-o", p) for p in figures_outputs(output, [p for _, p in inputs])])
    claims, articles = _load_tables(claims_path, found)
    try:
        result = run_compare(claims, articles)
    except AliasError as exc:
        _fail(f"alias file: {exc}")
    for w in result.warnings:
        _warn(f"{claims_path}: {w}")
    try:
        infos = draw_all(result, claims, articles, output)
    except OSError as exc:
        _cannot_write(exc, [output])
    drawn = [i for i in infos if i.drawn]
    skipped = len(infos) - len(drawn)
    note = f"; {skipped} skipped (reasons listed in index.md)" if skipped else ""
    click.echo(f"tracker: drew {len(drawn)} charts into {output}{note} (index: {output / 'index.md'})", err=True)


@main.command(context_settings=CONTEXT)
@click.argument("claims_path", metavar="CLAIMS", type=click.Path(path_type=Path))
@click.option("-o", "--output", "output", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="Folder for the report site (index.html and its pages and assets).")
@click.option("--articles", "articles_path", type=click.Path(path_type=Path),
              help="Article table (default: beside CLAIMS, 'claims' replaced by 'articles').")
@click.option("--corpus", "corpus", multiple=True, type=click.Path(path_type=Path, exists=True),
              help="Folder or file to read article texts from when the article table's paths do not "
                   "resolve. Repeatable.")
def report(claims_path: Path, output: Path, articles_path: Path | None, corpus: tuple[Path, ...]) -> None:
    """Write the fact-checker's report: a static site that opens offline from index.html.

    Series pages with clickable timelines, every claim with its sentence highlighted, article
    pages with every figure marked in place, and a page of every disagreement.

    \b
    Example:
        tracker report data/clean/claims.csv -o figures/report
    """
    from tracker.report import ReportFolderError, build_report  # lazy import keeps --help fast

    # The report writes only .html, .css and .js files and its inputs must be tables (.csv,
    # .parquet, .jsonl), so no output can be an input; _table_paths refuses other extensions.
    claims_path, found = _table_paths(claims_path, articles_path)
    # Read once through the shared checks so a bad table fails on one line naming it; the report
    # reads the paths again itself (it needs the claims file's folder to find article texts).
    _load_tables(claims_path, found)
    try:
        result = build_report(claims_path, found, output, corpus=corpus, on_warning=_warn)
    except ReportFolderError as exc:
        _fail(str(exc))
    except OSError as exc:
        _cannot_write(exc, [output])
    click.echo(f"tracker: report of {result.n_claims} claims, {result.n_articles} articles, "
               f"{result.n_series} series ({result.n_pages} pages); open {result.index}", err=True)


@main.command("export", context_settings=CONTEXT)
@click.argument("claims_path", metavar="CLAIMS", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("-o", "--output", "output", required=True, type=click.Path(path_type=Path),
              help="File to write (its folder is created); with --format all, the folder for the set.")
@click.option("-f", "--format", "fmt", type=click.Choice(["csv", "xlsx", "parquet", "jsonl", "all"]),
              help="Default: the output's extension; when both are given they must agree (an -o without "
                   "an extension gets the format's). 'all' writes tracker.xlsx, claims.hxl.csv and "
                   "datapackage.json (what make figures publishes).")
@click.option("--articles", "articles_path", type=click.Path(path_type=Path),
              help="Article table (default: beside CLAIMS, 'claims' replaced by 'articles').")
@click.option("--excel", is_flag=True,
              help="CSV only: start with a UTF-8 byte-order mark so Excel shows accents and non-Latin text.")
@click.option("--hxl", is_flag=True,
              help="CSV only: add the HXL hashtag row (#affected+killed, #meta+source, ...), the article's "
                   "date, outlet and URL, and one value column per metric.")
def export_command(claims_path: Path, output: Path, fmt: str | None,
                   articles_path: Path | None, excel: bool, hxl: bool) -> None:
    """Export claims for spreadsheets, data desks and humanitarian tools.

    CSV and XLSX are spreadsheet-safe: a text cell starting with = + - @ (or a tab or line
    break) gets a leading ' so it is never run as a formula; numbers stay numbers. The XLSX
    workbook has sheets Claims, Articles, Comparison, Series summary and About (what every
    column means, the outlets and sources, and the command that made it). Files are replaced
    only once the new one is completely written.

    \b
    Example:
        tracker export data/clean/claims.csv -o claims.csv --excel
        tracker export data/clean/claims.csv -o data/clean/tracker.xlsx
        tracker export data/clean/claims.csv -o claims.hxl.csv --hxl
        tracker export data/clean/claims.csv --format all -o data/clean
    """
    from tracker.export.bundle import ExportError, export_all, export_all_targets, export_claims, export_target
    from tracker.userfiles import TableProblem

    if fmt == "all" and (excel or hxl):
        raise click.UsageError("--excel and --hxl apply to CSV output only")
    claims_path, found = _table_paths(claims_path, articles_path)
    if fmt == "all":
        planned = export_all_targets(claims_path, output, found)
    else:
        try:
            planned = [("-o", export_target(output, fmt)[1])]
        except ExportError as exc:
            raise click.UsageError(str(exc)) from None
    _check_clash(_input_labels(claims_path, found, articles_path is not None), planned)
    _check_tables(claims_path, found)
    # The command as given, recorded in the workbook's About sheet and the data package.
    words = ["tracker", "export", str(claims_path), "-o", str(output)]
    words += ["--format", fmt] if fmt else []
    words += ["--articles", str(articles_path)] if articles_path else []
    words += [*(["--excel"] if excel else []), *(["--hxl"] if hxl else [])]
    command = shlex.join(words)
    try:
        if fmt == "all":
            result = export_all(claims_path, output, articles_path=articles_path, command=command)
        else:
            result = export_claims(claims_path, output, fmt, articles_path=articles_path,
                                   excel=excel, hxl=hxl, command=command)
    except TableProblem as exc:  # a cell the strict reader refuses, naming the table
        _fail(str(exc))
    except ExportError as exc:
        raise click.UsageError(str(exc)) from None
    except OSError as exc:
        _cannot_write(exc, [p for _, p in planned])
    for note in result.notes:
        _warn(note)
    click.echo(f"tracker: wrote {', '.join(str(p) for p in result.written)}", err=True)


@main.command(context_settings=CONTEXT)
@click.argument("urls", nargs=-1)
@click.option("-i", "--input", "lists", multiple=True,
              type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="A list of articles: URLs one a line (.txt), a GDELT DOC API ArtList (.json or .csv) or "
                   "a Media Cloud CSV export (its text is used when it has any). Repeatable.")
@click.option("--list-format", type=click.Choice(["auto", "urls", "gdelt", "mediacloud"]), default="auto",
              show_default=True, help="Format of the -i files; auto goes by extension and CSV header.")
@click.option("-o", "--output", "output", type=click.Path(path_type=Path, file_okay=False),
              default=Path("data/raw"), show_default=True, help="Folder for the Markdown files.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=20.0, show_default=True,
              help="Seconds to wait for a server.")
@click.option("--retries", type=click.IntRange(0, 10), default=2, show_default=True,
              help="Extra attempts after a timeout, connection error or 5xx/429, with doubling waits.")
@click.option("-q", "--quiet", is_flag=True, help="No line per failed URL; summary only.")
@click.option("--strict", is_flag=True, help="Exit 1 when any URL failed.")
def fetch(urls: tuple[str, ...], lists: tuple[Path, ...], list_format: str,
          output: Path, timeout: float, retries: int, quiet: bool, strict: bool) -> None:
    """Download news pages into data/raw as Markdown with front matter.

    trafilatura keeps the article text and reads title, outlet, date and canonical URL. A page
    already in the folder is skipped without a request. A URL that fails, times out or is not
    HTML is reported on one line and the others go on.

    \b
    Example:
        tracker fetch https://example.org/news/strike-kills-12 -o data/raw
        tracker fetch -i urls.txt -i gdelt_artlist.json -i mediacloud.csv
    """
    from tracker.ingest.fetch import FetchOptions, FetchResult, fetch_all
    from tracker.ingest.lists import Listed, ListError, read_list

    items: list[str | Listed] = list(urls)
    empty: list[Path] = []
    for path in lists:
        try:
            listed = read_list(path, list_format)
        except (ListError, OSError) as exc:
            _fail(str(exc) if isinstance(exc, ListError) else f"{path}: cannot read ({exc.strerror or exc})")
        empty += [] if listed else [path]
        items.extend(listed)
    if not lists and not items:
        raise click.UsageError("give URLs or -i FILE")
    if not items:  # an empty list is a fact about the file, not a misuse of the command
        _fail(f"{', '.join(str(p) for p in empty)}: no URLs in the list; nothing to fetch")
    for path in empty:
        _warn(f"{path}: no URLs in the list")

    def on_result(r: FetchResult) -> None:
        if r.status == "failed" and not quiet:
            _warn(f"{r.url}: {r.reason}")

    try:
        summary = fetch_all(items, output, FetchOptions(timeout=timeout, retries=retries),
                            on_result=on_result)
    except OSError as exc:
        _fail(f"{exc.filename or output}: cannot write ({exc.strerror or exc})")
    click.echo(f"tracker: {summary.line()} (into {output})", err=True)
    if strict and summary.count("failed"):
        sys.exit(EXIT_FAILED)


def run() -> None:
    """Entry point wrapper: no traceback for unexpected errors unless TRACKER_DEBUG is set."""
    try:
        main(standalone_mode=True)
    except KeyboardInterrupt:
        _fail("interrupted; outputs from this run were not written", EXIT_INTERRUPTED)
    except Exception as exc:  # broad on purpose: the last line of defence before a user sees a traceback
        if os.environ.get("TRACKER_DEBUG"):
            raise
        _fail(f"unexpected {exc.__class__.__name__}: {exc} (set TRACKER_DEBUG=1 for details; please report)")
