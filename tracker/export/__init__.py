"""export stage: write and read the claims and article tables (CSV, Parquet, JSONL)."""

from tracker.export.writers import (
    FORMATS,
    KNOWN_DTYPES,
    UnsupportedFormat,
    read_table,
    table_format,
    write_table,
)

__all__ = ["FORMATS", "KNOWN_DTYPES", "UnsupportedFormat", "read_table", "table_format", "write_table"]
