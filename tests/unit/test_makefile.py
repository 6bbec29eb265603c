"""`make help` lists every target, so the README's "make help lists the other targets" holds."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _phony_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    match = re.search(r"^\.PHONY:(.*)$", text, re.M)
    assert match, "Makefile has no .PHONY line"
    return set(match.group(1).split()) - {"help"}


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_help_lists_every_target_and_those_the_readme_names() -> None:
    out = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    listed = {m.group(1) for m in re.finditer(r"^make (\S+)", out, re.M)}
    assert _phony_targets() <= listed, sorted(_phony_targets() - listed)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    named = {m.group(1) for m in re.finditer(r"`make (\w+)", readme)} | {
        m.group(1) for m in re.finditer(r"^make (\w+)", readme, re.M)
    }
    assert named - {"help"} <= listed, sorted(named - listed)
