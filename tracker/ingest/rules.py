"""Ingest rules as data: which files are read, which are ignored, and which column names mean what.

These tables are small and stable, so they live here as named constants instead of YAML. Every
reader imports them from this one place; changing what ingest accepts means editing a table, not
the code that walks folders or parses rows.
"""

from __future__ import annotations

from typing import Final

#: Extension (lowercase, with dot) -> reader kind. Inside a folder any other extension is ignored
#: without a report (folders hold images, notes, our own exports...); a file named explicitly on
#: the command line with another extension is reported as unsupported.
READER_BY_EXTENSION: Final[dict[str, str]] = {
    ".md": "text",  # markdown, optional YAML front matter
    ".markdown": "text",
    ".txt": "text",  # plain text, same front-matter rules as markdown
    ".html": "html",  # a saved web page; text and metadata through trafilatura
    ".htm": "html",
    ".jsonl": "jsonl",  # a collection: one JSON object per line (e.g. a Media Cloud export)
    ".csv": "csv",  # a collection: one article per row, header names the columns
}

#: File names (compared case-insensitively) that describe a corpus instead of being part of it.
#: Ignored when met inside a folder; read if named explicitly.
IGNORED_FILE_NAMES: Final[frozenset[str]] = frozenset(
    {
        "readme.md",
        "readme.markdown",
        "readme.txt",
        "manifest.csv",
        "manifest.jsonl",
    }
)

#: Name prefixes of files and folders ignored inside a folder: hidden files (".git", ".DS_Store")
#: and private ones ("_notes.md", "__pycache__"), the usual convention for "not content".
IGNORED_NAME_PREFIXES: Final[tuple[str, ...]] = (".", "_")

#: A collection whose header contains all of one of these column sets is a table this tool
#: wrote (claims, rejects or articles export). Met inside a folder it is ignored, so writing the
#: output next to the input does not feed it back in on the next run. Checked in this order
#: (a rejects table is a claims table plus ``reason``).
OUTPUT_TABLE_SIGNATURES: Final[dict[str, frozenset[str]]] = {
    "rejects": frozenset({"claim_id", "article_id", "metric", "char_start", "char_end", "reason"}),
    "claims": frozenset({"claim_id", "article_id", "metric", "char_start", "char_end"}),
    "articles": frozenset({"article_id", "n_chars"}),
}

#: Largest single article file read into memory (markdown, text, html). A "news article" bigger
#: than this is a mistake (a dump, a log), and reading it whole would hurt. Collections are
#: streamed row by row and have no limit.
MAX_FILE_BYTES: Final[int] = 32 * 1024 * 1024

#: Largest CSV field accepted; the csv module's default (128 KiB) is smaller than a long article.
MAX_CSV_FIELD_CHARS: Final[int] = 16 * 1024 * 1024

#: Model field -> accepted names in front matter and collection headers (matched after lowercasing
#: and trimming), in order of preference. The first present name wins; other present names stay
#: in ``extra`` untouched. Media Cloud exports use media_name, publish_date and stories_id.
FIELD_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "id": ("id", "article_id", "stories_id"),
    "title": ("title", "headline"),
    "outlet": ("outlet", "media_name", "media", "sitename", "site_name"),
    "published": ("published", "date", "publish_date", "published_at", "pub_date"),
    "url": ("url", "link"),
    "text": ("text", "body", "content"),
}

#: Keys of ``Article.extra`` that ingest itself writes. They start with "_" so they cannot be
#: confused with front-matter keys; a user key with one of these names is dropped with a warning.
WARNINGS_KEY: Final[str] = "_warnings"
ENCODING_KEY: Final[str] = "_encoding"
LINE_KEY: Final[str] = "_line"
RESERVED_EXTRA_KEYS: Final[frozenset[str]] = frozenset({WARNINGS_KEY, ENCODING_KEY, LINE_KEY})

#: Key of ``Article.extra`` keeping a published value that could not be turned into a date
#: ("2024-10", "yesterday"), so the user's information is not lost.
PUBLISHED_RAW_KEY: Final[str] = "published_raw"
