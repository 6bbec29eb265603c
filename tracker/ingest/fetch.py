"""Download news pages into ``data/raw/`` as Markdown with YAML front matter.

Why store Markdown rather than the HTML: the text trafilatura keeps is what claims' offsets point
into, so storing it once makes every later run read the same body (a re-downloaded page may have
changed), and a reporter can open the file and check a figure against it. The front matter keeps
what ``tracker extract`` reads (title, outlet, published, url) plus where and when it was fetched.

Behaviour a batch of hundreds of URLs needs:

* One URL failing (an error status, a timeout, a PDF, a page without article text) gives one
  :class:`FetchResult` with a one-line reason and the others go on.
* Transient failures (timeouts, connection errors, 5xx, 408, 429) are retried with exponential
  backoff; other 4xx are not, since they will not change.
* A page already fetched (its file exists) is skipped without a request; the file name comes from
  the URL, so the same URL always maps to the same file. Repeats within one run are skipped too.
* Only http and https URLs are fetched: ``file://`` in a list must never read local files.
* Files are written atomically, so an interrupted run never leaves half a page to be extracted.

Only the standard library's urllib is used for HTTP (no extra dependency); trafilatura extracts
the text and metadata from the downloaded HTML.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from typing import Final, Literal
from urllib.parse import urlsplit, urlunsplit

import trafilatura
import yaml

from tracker import __version__
from tracker.export.writers import atomic_write
from tracker.ingest.decode import NotText, decode_bytes
from tracker.ingest.lists import Listed
from tracker.ingest.webpage import DATE_OPTIONS, declared_charset

__all__ = [
    "USER_AGENT",
    "FetchError",
    "FetchOptions",
    "FetchResult",
    "FetchSummary",
    "fetch_all",
    "fetch_page",
    "page_to_markdown",
    "url_to_id",
]

USER_AGENT: Final[str] = f"tracker/{__version__} (news figures research; Python urllib)"
HTML_TYPES: Final[frozenset[str]] = frozenset({"text/html", "application/xhtml+xml"})
RETRY_STATUSES: Final[frozenset[int]] = frozenset({408, 425, 429, 500, 502, 503, 504})
SLUG_CHARS: Final[int] = 60
#: Less text than this is a navigation page, a cookie wall or an index, not an article: trafilatura
#: falls back to whatever text a page has, so a bare link list would otherwise be stored.
MIN_TEXT_CHARS: Final[int] = 100

Status = Literal["fetched", "written", "skipped", "failed"]


class FetchError(Exception):
    """A URL that cannot be turned into an article; ``reason`` is the one line shown to the user."""

    def __init__(self, reason: str, *, retry: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry = retry


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """Network settings; the defaults suit a newsroom laptop fetching a few hundred pages."""

    user_agent: str = USER_AGENT
    timeout: float = 20.0
    retries: int = 2  # extra attempts after the first, for transient failures only
    backoff: float = 1.0  # seconds before the first retry; doubled each time
    max_bytes: int = 10 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What happened to one URL: fetched (downloaded), written (text from the list), skipped, failed."""

    url: str
    status: Status
    path: Path | None = None
    reason: str = ""


@dataclass(slots=True)
class FetchSummary:
    results: list[FetchResult] = field(default_factory=list)

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status == status)

    def line(self) -> str:
        return (f"{self.count('fetched')} fetched, {self.count('written')} written from list text, "
                f"{self.count('skipped')} already present, {self.count('failed')} failed")


def normalise_url(url: str) -> str:
    """The URL without its fragment and surrounding spaces: what identifies the page."""
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, parts.query, ""))


def url_to_id(url: str) -> str:
    """A readable, stable file stem for a URL: host and path slug plus a short hash of the URL.

    The hash keeps two pages with the same slug (query strings, long paths cut short) apart.
    """
    norm = normalise_url(url)
    parts = urlsplit(norm)
    host = parts.netloc.removeprefix("www.")
    slug = re.sub(r"[^a-z0-9]+", "-", f"{host}-{parts.path}".lower()).strip("-")[:SLUG_CHARS].strip("-")
    digest = hashlib.sha1(norm.encode("utf-8")).hexdigest()[:8]
    return f"{slug or 'page'}-{digest}"


def _check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FetchError("not an http(s) URL")


def _content_type(headers: Message) -> tuple[str, str | None]:
    return headers.get_content_type().lower(), headers.get_content_charset()


def _download_once(url: str, opts: FetchOptions) -> tuple[bytes, str | None, str]:
    """One GET: (body, charset from the headers, final URL after redirects) or FetchError."""
    request = urllib.request.Request(url, headers={
        "User-Agent": opts.user_agent,
        "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
    })
    try:
        with urllib.request.urlopen(request, timeout=opts.timeout) as response:
            kind, charset = _content_type(response.headers)
            if kind not in HTML_TYPES:
                raise FetchError(f"not HTML (content type {kind})")
            data = response.read(opts.max_bytes + 1)
            if len(data) > opts.max_bytes:
                raise FetchError(f"page larger than {opts.max_bytes // (1024 * 1024)} MB")
            return data, charset, response.geturl()
    except urllib.error.HTTPError as error:
        raise FetchError(f"HTTP {error.code} {error.reason}", retry=error.code in RETRY_STATUSES) from None
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError | socket.timeout):
            raise FetchError(f"timed out after {opts.timeout:g} s", retry=True) from None
        raise FetchError(f"cannot connect ({reason})", retry=True) from None
    except TimeoutError:
        raise FetchError(f"timed out after {opts.timeout:g} s", retry=True) from None
    except (ConnectionError, OSError) as error:  # reset mid-body, DNS oddities
        raise FetchError(f"connection failed ({error})", retry=True) from None


def fetch_page(url: str, opts: FetchOptions | None = None,
               sleep: Callable[[float], None] = time.sleep) -> tuple[str, str]:
    """Download ``url`` with retries and decode it: (HTML text, final URL). Raises FetchError.

    The reason of the last attempt is kept, with the number of attempts when there were several.
    """
    opts = opts or FetchOptions()
    _check_url(url)
    attempt = 0
    while True:
        try:
            data, charset, final = _download_once(url, opts)
            break
        except FetchError as error:
            if not error.retry or attempt >= opts.retries:
                tries = f" (after {attempt + 1} attempts)" if attempt else ""
                raise FetchError(error.reason + tries) from None
            sleep(opts.backoff * (2 ** attempt))
            attempt += 1
    try:
        decoded = decode_bytes(data, declared=charset or declared_charset(data))
    except NotText as error:
        raise FetchError(error.reason) from None
    return decoded.text, final


def _meta(document: object, name: str) -> str | None:
    value = document.get(name) if isinstance(document, dict) else getattr(document, name, None)
    text = str(value).strip() if value is not None else ""
    return text or None


def page_to_markdown(html: str, url: str, listed: Listed | None = None,
                     fetched_at: dt.datetime | None = None, requested: str | None = None) -> str:
    """The file ``tracker fetch`` stores: front matter, then title and article text.

    The page's metadata wins over the list's (the page is the primary source), the list's fills
    gaps. The body starts with the headline, as ``tracker extract`` reads HTML, so a figure in a
    headline is found. ``url`` is where the page was found (after redirects), ``requested`` the
    URL asked for when it differs. Raises FetchError when trafilatura finds no article text.
    """
    try:
        document = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True,
            date_extraction_params=DATE_OPTIONS,
        )
    except Exception as error:  # lxml/trafilatura raise many types on broken markup
        raise FetchError(f"html could not be parsed ({type(error).__name__})") from None
    text = _meta(document, "text") if document is not None else None
    if not text:
        raise FetchError("no article text found in the page")
    if len(text) < MIN_TEXT_CHARS:
        raise FetchError(f"no article text found in the page (only {len(text)} characters of text)")
    title = _meta(document, "title") or (listed.title if listed else None)
    outlet = _meta(document, "sitename") or (listed.outlet if listed else None) or _meta(document, "hostname")
    published = _meta(document, "date") or (listed.published if listed else None)
    return render_markdown(
        text, url=_meta(document, "url") or url, requested=requested or url, title=title, outlet=outlet,
        published=published, fetched_at=fetched_at, origin=listed.origin if listed else None,
    )


def render_markdown(text: str, *, url: str, requested: str | None = None, title: str | None = None,
                    outlet: str | None = None, published: str | None = None,
                    fetched_at: dt.datetime | None = None, origin: str | None = None) -> str:
    """Front matter (only the keys with a value) and the body, headline first."""
    when = (fetched_at or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    front: dict[str, str] = {}
    for key, value in (("title", title), ("outlet", outlet), ("published", published), ("url", url)):
        if value:
            front[key] = value
    if requested and requested != url:
        front["fetched_url"] = requested
    front["fetched_at"] = when.isoformat().replace("+00:00", "Z")
    if origin and origin != "urls":
        front["listed_in"] = origin
    head = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1_000_000)
    body = text.strip()
    if title and not body.startswith(title):
        body = f"{title}\n\n{body}"
    return f"---\n{head}---\n{body}\n"


def _store(path: Path, content: str) -> None:
    atomic_write(path, lambda fh: fh.write(content.encode("utf-8")))


def fetch_all(
    items: Iterable[str | Listed],
    out_dir: Path,
    opts: FetchOptions | None = None,
    *,
    on_result: Callable[[FetchResult], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> FetchSummary:
    """Fetch every item into ``out_dir`` (created if missing); report each through ``on_result``.

    Items are URLs or :class:`Listed` entries; a Listed with text is written without a download.
    Nothing raises for a bad URL: it becomes a ``failed`` result. OSError writing the folder does
    raise, since then no page can be stored.
    """
    opts = opts or FetchOptions()
    out_dir.mkdir(parents=True, exist_ok=True)
    summary = FetchSummary()
    seen: set[str] = set()

    def report(result: FetchResult) -> None:
        summary.results.append(result)
        if on_result is not None:
            on_result(result)

    for item in items:
        listed = item if isinstance(item, Listed) else Listed(url=str(item).strip())
        url = listed.url.strip()
        try:
            _check_url(url)
        except FetchError as error:
            report(FetchResult(url, "failed", reason=error.reason))
            continue
        key = normalise_url(url)
        path = out_dir / f"{url_to_id(url)}.md"
        if key in seen or path.exists():
            report(FetchResult(url, "skipped", path, "already fetched"))
            continue
        seen.add(key)
        if listed.text:
            content = render_markdown(listed.text, url=url, title=listed.title, outlet=listed.outlet,
                                      published=listed.published, origin=listed.origin)
            _store(path, content)
            report(FetchResult(url, "written", path))
            continue
        try:
            html, final = fetch_page(url, opts, sleep=sleep)
            content = page_to_markdown(html, final, listed, requested=url)
        except FetchError as error:
            report(FetchResult(url, "failed", reason=error.reason))
            continue
        _store(path, content)
        report(FetchResult(url, "fetched", path))
    return summary
