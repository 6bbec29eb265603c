"""Shared set-up of the reliability tests: the bench scripts are importable as modules.

Why: the adversarial cases (bench/adversarial.py) and the fuzz property (bench/fuzz_extract.py)
are defined once and used both by the long runs (`make fuzz`, the benchmark) and by the guard
tests here, so the tests always exercise exactly what the benchmark measures.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO / "bench") not in sys.path:
    sys.path.insert(0, str(REPO / "bench"))
