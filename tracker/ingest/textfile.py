"""Markdown and plain-text articles: optional YAML front matter, then the body exactly as written."""

from __future__ import annotations

from pathlib import Path

from tracker.ingest.decode import Decoded
from tracker.ingest.fields import Metadata
from tracker.ingest.frontmatter import FrontMatterError, parse_front_matter, split_front_matter
from tracker.ingest.rules import ENCODING_KEY, WARNINGS_KEY
from tracker.model import Article, Skipped


def read_text_article(path: Path, decoded: Decoded) -> Article | Skipped:
    """One article from a decoded .md/.markdown/.txt file; its id is the file's stem.

    The body is everything after the closing ``---`` line (or the whole text without front
    matter), not stripped, not newline-normalised: claim offsets index into it as is.
    """
    text = decoded.text
    try:
        source, body_start = split_front_matter(text)
    except FrontMatterError as error:
        return Skipped(str(path), error.reason)
    meta = parse_front_matter(source).metadata() if source is not None else Metadata()
    body = text[body_start:]
    if not body.strip():
        return Skipped(str(path), "no article text after the front matter")
    return make_article(path.stem, body, meta, path, decoded)


def make_article(article_id: str, body: str, meta: Metadata, path: Path, decoded: Decoded | None) -> Article:
    """Assemble an Article; ingest's own notes go to ``extra`` under "_" keys, only when present."""
    extra = dict(meta.extra)
    warnings = [*(decoded.warnings if decoded else ()), *meta.warnings]
    if decoded is not None and decoded.encoding != "utf-8":
        extra[ENCODING_KEY] = decoded.encoding
    if warnings:
        extra[WARNINGS_KEY] = warnings
    return Article(
        article_id=article_id,
        body=body,
        title=meta.title,
        outlet=meta.outlet,
        published=meta.published,
        url=meta.url,
        path=str(path),
        extra=extra,
    )
