"""Fixtures of the fetch tests: a local server (see local_site.py); no test reaches another host."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from local_site import Site, serve


@pytest.fixture
def site() -> Iterator[Site]:
    with serve() as s:
        yield s
