"""Helpers of the report tests: a small DOM read with the standard library's html.parser, and
the built-report record the fixtures in conftest.py hand out."""

from __future__ import annotations

import html.parser
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from tracker.compare import Comparison
from tracker.model import CLAIM_COLUMNS, make_claim_id
from tracker.report import ReportResult

VOID = {"br", "hr", "img", "input", "link", "meta", "col", "wbr", "area", "base", "embed", "source"}


# --------------------------------------------------------------------------------------------
# A small DOM


@dataclass(eq=False)
class Node:
    tag: str
    attrs: dict[str, str | None]
    parent: Node | None = None
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self) -> Iterator[Node]:
        yield self
        for c in self.children:
            if isinstance(c, Node):
                yield from c.iter()

    def find_all(self, pred: Callable[[Node], bool]) -> list[Node]:
        return [n for n in self.iter() if pred(n)]

    def get(self, name: str) -> str | None:
        return self.attrs.get(name)

    def classes(self) -> set[str]:
        return set((self.get("class") or "").split())


class _Builder(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.cur = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs), self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.cur.children.append(Node(tag, dict(attrs), self.cur))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        # Our pages are well nested: an end tag must close the current element.
        assert self.cur.tag == tag, f"</{tag}> closes <{self.cur.tag}>"
        assert self.cur.parent is not None
        self.cur = self.cur.parent

    def handle_data(self, data: str) -> None:
        self.cur.children.append(data)


def parse(path: Path) -> Node:
    """The page as a tree (asserting it is well nested)."""
    b = _Builder()
    b.feed(path.read_text(encoding="utf-8"))
    b.close()
    assert b.cur is b.root, f"{path}: unclosed <{b.cur.tag}>"
    return b.root


def claim_text(doc: Node, claim_id: str, role: str) -> str:
    """The text of a claim's element of one role, plus its split-off parts (``data-claim-part``)."""
    first = [n for n in doc.iter() if n.get("data-claim-id") == claim_id and n.get("data-role") == role]
    assert len(first) == 1, f"{claim_id} {role}: {len(first)} elements"
    parts = [n for n in doc.iter() if n.get("data-claim-part") == claim_id]
    return first[0].text() + "".join(p.text() for p in parts)


# --------------------------------------------------------------------------------------------
# Built reports and hostile input


@dataclass
class Built:
    out: Path
    claims: pl.DataFrame
    articles: pl.DataFrame
    comparison: Comparison
    result: ReportResult


HOSTILE_TITLE = '<script>alert("title")</script> 40 killed <img src=x onerror=alert(2)>'
HOSTILE_QUOTE = "<script>alert(1)</script>40 people killed"
HOSTILE_SOURCE = '"><svg onload=alert(3)> ministry'


def _claim_row(article_id: str, body: str, quote: str, **kw: object) -> dict[str, object]:
    start = body.index(quote)
    end = start + len(quote)
    row: dict[str, object] = dict.fromkeys(CLAIM_COLUMNS)
    row.update(
        article_id=article_id,
        metric="killed",
        value=40.0,
        value_low=40.0,
        value_high=40.0,
        qualifier="exact",
        unit="people",
        scope="incident",
        source_kind="health_authority",
        modality="reported",
        quote=quote,
        char_start=start,
        char_end=end,
        sentence=body[
            body.rfind("\n", 0, start) + 1 : body.find("\n", end) if "\n" in body[end:] else len(body)
        ],
    )
    row.update(kw)
    row["claim_id"] = make_claim_id(article_id, start, end, str(row["metric"]))
    return row
