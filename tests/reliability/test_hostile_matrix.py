"""Hostile input: everything a scraped or shared folder can hold, through the real command line.

The file-level reasons are tested one by one in tests/unit/test_ingest.py; here the whole
matrix (hostile_files.build_hostile_folder) goes through ``tracker extract`` at once, as a user
would run it, and the run must: exit 0, write exactly the good articles' claims, name every bad
file on exactly one stderr line, count them in the summary, print nothing on stdout and no
traceback.
"""

from __future__ import annotations

import codecs
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile_files import GOOD_ARTICLES, HostileFolder, build_hostile_folder, png_bytes, write_good, zip_bytes

from tracker.cli import main
from tracker.export.writers import read_table

WARNING = "tracker: warning: "
COMMAND = [sys.executable, "-c", "from tracker.cli import run; run()"]


def _lines_naming(stderr: str, path: Path) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(f"{WARNING}{path}: ")]


def _good_claims(tmp_path: Path) -> bytes:
    """The claims table of the five good articles alone: what a hostile run must reproduce."""
    good = tmp_path / "good_only"
    write_good(good)
    out = tmp_path / "good_out" / "claims.csv"
    result = CliRunner().invoke(main, ["extract", str(good), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def _check_run(folder: HostileFolder, stdout: str, stderr: str, claims: bytes, expected: bytes,
               unreadable: bool) -> None:
    assert "Traceback" not in stderr and "Error:" not in stderr, stderr
    assert stdout == "", "data goes to files, messages to stderr"
    assert claims == expected
    named = dict(folder.named)
    if not unreadable and folder.locked is not None:
        named.pop(folder.locked)  # root reads a chmod 000 file: it is then a plain article
    for path, words in named.items():
        lines = _lines_naming(stderr, path)
        assert len(lines) == 1, (path, lines)
        assert words in lines[0], (words, lines[0])
    for path in [*folder.good, *folder.silent]:
        assert _lines_naming(stderr, path) == [], path
    skipped = sum(1 for line in stderr.splitlines() if line.startswith(WARNING) and line.endswith("(skipped)"))
    summary = [line for line in stderr.splitlines() if "articles read" in line]
    assert len(summary) == 1 and f"{skipped} files skipped" in summary[0], (skipped, summary)
    assert not [line for line in stderr.splitlines() if not line.startswith("tracker: ")], stderr


def _can_read_chmod_000(path: Path) -> bool:
    try:
        path.read_bytes()
    except PermissionError:
        return False
    return True


@pytest.mark.slow
def test_hostile_folder_through_the_console_script(tmp_path: Path) -> None:
    """The issue's "done when": every hostile file plus five good articles, one real run."""
    folder = build_hostile_folder(tmp_path / "raw")
    expected = _good_claims(tmp_path)
    out = tmp_path / "out" / "claims.csv"
    proc = subprocess.run([*COMMAND, "extract", str(folder.root), "-o", str(out)],
                          capture_output=True, text=True, timeout=900, check=False)
    assert proc.returncode == 0, proc.stderr
    assert folder.locked is not None
    unreadable = not _can_read_chmod_000(folder.locked)
    _check_run(folder, proc.stdout, proc.stderr, out.read_bytes(), expected, unreadable)
    strict = subprocess.run([*COMMAND, "extract", str(folder.root / "photo.md"), str(folder.root / "good1.md"),
                             "-o", str(tmp_path / "strict" / "claims.csv"), "--strict", "-q"],
                            capture_output=True, text=True, timeout=300, check=False)
    assert strict.returncode == 1 and "Traceback" not in strict.stderr


def test_unreadable_file_is_named_and_the_rest_processed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """chmod 000 does not stop root, so the permission error is also injected for that path."""
    raw = tmp_path / "raw"
    write_good(raw)
    locked = raw / "locked.md"
    locked.write_text("The council met.\n", encoding="utf-8")
    locked.chmod(0)
    real_open = Path.open

    def refusing_open(self: Path, *args: object, **kwargs: object) -> object:
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", refusing_open)
    out = tmp_path / "out" / "claims.csv"
    result = CliRunner().invoke(main, ["extract", str(raw), "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = _lines_naming(result.stderr, locked)
    assert len(lines) == 1 and "permission denied" in lines[0]
    assert "1 files skipped (1 cannot read file: permission denied)" in result.stderr
    monkeypatch.undo()
    assert out.read_bytes() == _good_claims(tmp_path)


TEXT = "“At least 12 people were killed,” the ministry said on Monday. Nearly 40 were wounded.\n"


@pytest.mark.parametrize(("name", "data"), [
    ("cp1252", TEXT.encode("cp1252")),
    ("utf-16 with bom", codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le")),
    ("utf-16-be with bom", codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be")),
    ("utf-16 without bom", TEXT.encode("utf-16-le")),
    ("utf-8 with bom", codecs.BOM_UTF8 + TEXT.encode("utf-8")),
    ("utf-8 with a stray cp1252 byte", TEXT.encode("utf-8") + "It’s over.\n".encode("cp1252")),
], ids=lambda value: value if isinstance(value, str) else "")
def test_other_encodings_give_the_claims_of_utf8(tmp_path: Path, name: str, data: bytes) -> None:
    """Same words, other bytes: same claims, same offsets, same ids (offsets index decoded text)."""
    tables = {}
    for label, payload in (("utf8", TEXT.encode("utf-8")), ("other", data)):
        folder = tmp_path / label
        folder.mkdir()
        (folder / "article.txt").write_bytes(payload)
        out = tmp_path / f"{label}_out" / "claims.csv"
        result = CliRunner().invoke(main, ["extract", str(folder), "-o", str(out), "-q"])
        assert result.exit_code == 0, result.output
        tables[label] = read_table(out).select("claim_id", "metric", "value", "quote", "char_start", "char_end")
    assert tables["utf8"].height == 2
    assert tables["other"].equals(tables["utf8"]), name


def test_binary_files_named_explicitly_are_reported(tmp_path: Path) -> None:
    """In a folder an image is passed over; named on the command line it is reported, once."""
    png = tmp_path / "photo.png"
    png.write_bytes(png_bytes())
    archive = tmp_path / "mail.zip"
    archive.write_bytes(zip_bytes())
    good = tmp_path / "good1.md"
    good.write_text(GOOD_ARTICLES["good1.md"], encoding="utf-8")
    out = tmp_path / "out" / "claims.csv"
    result = CliRunner().invoke(main, ["extract", str(png), str(archive), str(good), "-o", str(out)])
    assert result.exit_code == 0, result.output
    for path, ext in ((png, ".png"), (archive, ".zip")):
        lines = _lines_naming(result.stderr, path)
        assert len(lines) == 1 and f"unsupported file type {ext}" in lines[0]
    assert read_table(out).height == 3


def test_documented_exit_codes_match_the_cli() -> None:
    """docs/exit-codes.md lists exactly the codes the command line defines (its EXIT_* constants).

    The codes come from the CLI module, not from this test: a new or changed code there fails here
    until the page says what it means. That the CLI really exits with them is tested where each
    happens (test_cli.py: usage errors, --strict, Ctrl-C; test_atomic.py: a real SIGINT).
    """
    from tracker import cli

    doc = (Path(__file__).resolve().parents[2] / "docs" / "exit-codes.md").read_text(encoding="utf-8")
    documented = {int(code) for code in re.findall(r"^\| `(\d+)` \|", doc, flags=re.MULTILINE)}
    used = {value for name, value in vars(cli).items() if name.startswith("EXIT_") and isinstance(value, int)}
    assert {"EXIT_OK", "EXIT_FAILED", "EXIT_USAGE", "EXIT_INTERRUPTED"} <= set(vars(cli))
    assert documented == used
    source = Path(cli.__file__).read_text(encoding="utf-8")
    assert not re.search(r"(sys\.exit|_fail)\([^)]*\b\d+\)", source), "exit codes are named EXIT_* constants"

