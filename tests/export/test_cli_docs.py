"""docs/cli.md is generated from the help texts, and every command shows a worked example."""

from __future__ import annotations

from click.testing import CliRunner

from tracker import __version__
from tracker.cli import main
from tracker.cli_docs import DOC_PATH, command_helps, missing_examples, render


def test_cli_docs_are_current() -> None:
    assert DOC_PATH.exists(), "run: python -m tracker.cli_docs"
    stale = "docs/cli.md is stale: run python -m tracker.cli_docs"
    assert DOC_PATH.read_text(encoding="utf-8") == render(), stale


def test_every_command_has_help_and_an_example() -> None:
    assert missing_examples() == []
    for name, text in command_helps().items():
        summary = text.split("\n\n")[1].strip()
        assert summary, f"{name} has no help text"


def test_help_lists_every_command() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for name in main.list_commands(None):  # type: ignore[arg-type]
        assert f"  {name} " in result.output
    assert {"export", "fetch", "extract"} <= set(main.list_commands(None))  # type: ignore[arg-type]


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"tracker, version {__version__}"
