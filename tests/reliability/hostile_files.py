"""The hostile folder of the reliability issue, generated on demand (nothing binary is committed).

Every hostile file is built here from its bytes, so a test shows exactly what it feeds in, and
the reliability tests share one definition of "a folder holding every hostile file plus five good
articles". Each bad file carries one problem only, so the run must name it exactly once.
Hostile files that are still readable articles (other encodings, odd front matter) hold no
figure, so the claims of a hostile run are exactly those of the good articles.
"""

from __future__ import annotations

import codecs
import io
import json
import random
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

MB: Final[int] = 1024 * 1024

#: Five good articles: three Markdown files, one web page and one collection row.
GOOD_ARTICLES: Final[dict[str, str]] = {
    "good1.md": """---
title: "Strikes kill 12 in the south"
outlet: Example Wire
published: 2024-10-15
url: https://example.org/a
---
Strikes kill 12 in the south
At least 12 people were killed and 30 wounded in a strike on Monday, the health ministry said.
""",
    "good2.md": """---
title: Thousands flee the border towns
published: 2024-10-02
---
More than 1.2 million people have been displaced since the war began, according to the UN.
Nearly 11,000 were injured over the past year, the Lebanese health ministry said.
""",
    "good3.txt": """Rocket barrage

Militants fired about 200 rockets overnight, the military said. Two soldiers were wounded.
""",
    "good4.html": """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Raid ends</title>
<script>var killed = 999;</script><style>p { color: red }</style></head>
<body><article><h1>Raid ends</h1>
<p>Police said 14 people were arrested after the raid in the capital on Tuesday.</p>
<p>Officials said three people were missing and 25 were injured in the clashes.</p>
</article></body></html>
""",
    "good5.jsonl": json.dumps({
        "id": "good5",
        "title": "Shelter numbers rise",
        "published": "2024-10-20",
        "text": "Some 4,000 families were living in shelters on Sunday, the agency said.",
    }) + "\n",
}

#: Figure-free prose for hostile files that are still readable articles.
PROSE: Final[str] = "The town council met to discuss the weather. “Nothing happened,” the mayor said.\n"


@dataclass(slots=True)
class HostileFolder:
    """Where the folder is and what a run over it must report.

    ``named`` files must each appear in exactly one stderr line; ``silent`` files (unsupported
    types, readable articles in other encodings, the symlink loop) must appear in none.
    """

    root: Path
    good: list[Path] = field(default_factory=list)
    named: dict[Path, str] = field(default_factory=dict)  # path -> words the message must hold
    silent: list[Path] = field(default_factory=list)
    locked: Path | None = None


def write_good(folder: Path) -> list[Path]:
    """The five good articles in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in GOOD_ARTICLES.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def png_bytes() -> bytes:
    """A real (1x1) PNG: signature, IHDR, IDAT, IEND."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
            + chunk(b"IEND", b""))


def zip_bytes() -> bytes:
    """A real zip archive holding an article (as a mail attachment would)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("article.md", GOOD_ARTICLES["good1.md"])
    return buffer.getvalue()


def random_bytes(size: int = 4096, seed: int = 7) -> bytes:
    """Seeded random bytes: the same "noise" file on every run."""
    return random.Random(seed).randbytes(size)


def deep_html(depth: int = 5000) -> str:
    """HTML nested ``depth`` levels deep, a figure-free sentence at the bottom."""
    return ("<html><body>" + "<div>" * depth + "<p>" + PROSE + "</p>" + "</div>" * depth + "</body></html>")


def build_hostile_folder(root: Path, *, huge_bytes: int = 50 * MB,
                         long_line_bytes: int = 5 * MB) -> HostileFolder:
    """Write every hostile file of the issue plus the five good articles under ``root``."""
    folder = HostileFolder(root=root, good=write_good(root))

    def put(name: str, data: bytes | str, reason: str | None) -> Path:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        path.write_bytes(data)
        if reason is None:
            folder.silent.append(path)
        else:
            folder.named[path] = reason
        return path

    # binary content under article extensions; real binaries are passed over (not articles)
    put("photo.md", png_bytes(), "binary file")
    put("attachment.txt", zip_bytes(), "binary file")
    put("noise.html", random_bytes(), "binary file")
    put("image.png", png_bytes(), None)
    put("bundle.zip", zip_bytes(), None)
    # empty
    put("empty.md", b"", "empty file")
    put("blank.txt", b" \n\t\r\n   \n", "empty file")
    # encodings
    put("invalid_utf8.md", b"The council met \xff\xfe\xfd and \xc3\x28 adjourned.\n", "not utf-8")
    put("smart_quotes.md", PROSE.encode("cp1252"), "cp1252")
    put("utf16_bom.txt", codecs.BOM_UTF16_LE + PROSE.encode("utf-16-le"), None)
    put("utf16_nobom.txt", PROSE.encode("utf-16-le"), None)
    # size: a 50 MB text file is refused unread; a single 5 MB line is an article
    huge = root / "huge.txt"
    with huge.open("wb") as fh:
        line = b"The council met to discuss the weather again.\n"
        fh.write(line * (huge_bytes // len(line) + 1))
    folder.named[huge] = "larger than"
    words = "The council met to discuss the weather "
    put("one_line.txt", (words * (long_line_bytes // len(words) + 1)).encode(), None)
    # front matter
    put("unterminated.md", "---\ntitle: Never closed\n" + PROSE, "unterminated front matter")
    put("malformed.md", "---\ntitle: [unclosed\n---\n" + PROSE, "front matter")
    put("published_yesterday.md", "---\npublished: yesterday\n---\n" + PROSE, "yesterday")
    put("list_title.md", "---\ntitle: [a, b]\n---\n" + PROSE, "title")
    # html
    put("script_only.html", "<html><head><script>alert(1)</script><style>p{}</style></head></html>",
        "no article text")
    put("deep.html", deep_html(), "no article text")  # lxml stops at its depth limit
    # collections
    put("missing_cols.csv", "id,title,text\nm1,Only a title\n", "row has no text")
    put("extra_cols.csv", f"id,title,text\nx1,Title,\"{PROSE.strip()}\",surplus,cells\n", "more cell")
    put("no_text_col.csv", "id,title\nn1,Title\n", "no text column")
    # duplicate ids across files (sorted after the originals, so the good ones come first): the
    # same name with another extension in the same folder. (The same name in another sub-folder
    # is a different article, known by its path: see test_ingest.)
    put("good1.txt", PROSE, "duplicate article id")
    put("zz_dups.jsonl", json.dumps({"id": "good5", "text": PROSE}) + "\n", "duplicate article id")
    # symlink loops: a folder linking back to its parent, and two files linking to each other
    loop = root / "loop"
    loop.mkdir()
    (loop / "back").symlink_to("..", target_is_directory=True)
    folder.silent.append(loop / "back")
    (root / "cycle_a.md").symlink_to("cycle_b.md")
    (root / "cycle_b.md").symlink_to("cycle_a.md")
    folder.named[root / "cycle_a.md"] = "symbolic link"
    folder.named[root / "cycle_b.md"] = "symbolic link"
    # unreadable: chmod 000 (root reads it anyway; tests then inject the error, see locked)
    locked = put("locked.md", PROSE, "permission denied")
    locked.chmod(0)
    folder.locked = locked
    return folder
