"""export stage: write and read the claims and article tables (CSV, Parquet, JSONL), and the
publishable set for newsrooms and humanitarian tools (XLSX workbook, formula-safe and HXL CSV,
Frictionless data package).

``export_all`` and ``export_claims`` are imported lazily: the pipeline only needs the writers,
and should not pay for openpyxl and the comparison on every ``tracker extract``.
"""

from typing import TYPE_CHECKING, Any

from tracker.export.writers import (
    FORMATS,
    KNOWN_DTYPES,
    UnsupportedFormat,
    atomic_write,
    read_table,
    table_format,
    write_table,
)

if TYPE_CHECKING:
    from tracker.export.bundle import ExportResult, export_all, export_claims

__all__ = [
    "FORMATS",
    "KNOWN_DTYPES",
    "ExportResult",
    "UnsupportedFormat",
    "atomic_write",
    "export_all",
    "export_claims",
    "read_table",
    "table_format",
    "write_table",
]

_LAZY = frozenset({"ExportResult", "export_all", "export_claims"})


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from tracker.export import bundle

        return getattr(bundle, name)
    raise AttributeError(f"module 'tracker.export' has no attribute {name!r}")
