"""Write a table batch by batch, with the same atomic guarantee as :func:`write_table`.

Why: a run over a news crawl produces more claim rows than fit in memory, so the extract run
cannot keep every row until one write at the end. Each batch is appended to a hidden temp file in
the target folder as soon as it is validated; :meth:`TableStream.commit` flushes, fsyncs and
renames it into place. Until then the previous table is untouched, and :meth:`TableStream.abort`
(or an exception inside the ``with`` block) removes the temp file, so an interrupted run leaves
the old outputs as they were, exactly as the one-shot writer does.

The bytes are those of :func:`write_table` on the concatenated frame for CSV and JSONL (the same
writer options; the header is written once). Parquet gets one row group per batch through
pyarrow's ``ParquetWriter`` (zstd, statistics), which reads back to the same frame.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import polars as pl
import pyarrow.parquet as pq

from tracker.export.writers import CSV_OPTIONS, table_format

__all__ = ["TableStream"]


class TableStream:
    """An append-only table file that appears at ``path`` only when :meth:`commit` is called."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.format = table_format(self.path)
        self.rows = 0
        self._schema: pl.Schema | None = None
        self._parquet: Any = None  # pyarrow.parquet.ParquetWriter, created on the first batch
        self._header_done = False
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._tmp = self.path.with_name(f".{self.path.name}.{secrets.token_hex(6)}.tmp")
        fd = os.open(self._tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        self._fh: IO[bytes] | None = os.fdopen(fd, "wb")

    def write(self, df: pl.DataFrame) -> None:
        """Append one batch. The first batch fixes the column order and dtypes of the file."""
        if self._fh is None:
            raise ValueError(f"{self.path}: stream already closed")
        if self._schema is None:
            self._schema = df.schema
        elif df.schema != self._schema:
            df = df.select([pl.col(n).cast(t) for n, t in self._schema.items()])
        if self.format == ".csv":
            self._write_csv(df, header=not self._header_done)
        elif self.format == ".jsonl":
            if df.height:
                df.write_ndjson(self._fh)
        else:
            self._write_parquet(df)
        self.rows += df.height

    def _write_csv(self, df: pl.DataFrame, *, header: bool) -> None:
        # The one-shot writer's options (writers.CSV_OPTIONS); a test checks the files stay byte-identical.
        assert self._fh is not None
        if not header and df.height == 0:
            return
        df.write_csv(self._fh, include_header=header, **CSV_OPTIONS)
        self._header_done = self._header_done or header

    def _write_parquet(self, df: pl.DataFrame) -> None:
        table = df.to_arrow()
        if self._parquet is None:
            self._parquet = pq.ParquetWriter(self._fh, table.schema, compression="zstd",
                                             write_statistics=True)
        else:
            table = table.cast(self._parquet.schema)
        if table.num_rows or self.rows == 0:
            self._parquet.write_table(table)

    def commit(self, empty: pl.DataFrame | None = None) -> Path:
        """Finish the file and move it into place; ``empty`` gives the columns if nothing was written."""
        if self._fh is None:
            raise ValueError(f"{self.path}: stream already closed")
        try:
            if self._schema is None and empty is not None:
                self.write(empty.clear())
            if self._parquet is not None:
                self._parquet.close()  # writes the footer; leaves our handle open
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._fh.close()
            self._fh = None
            self._tmp.replace(self.path)  # os.replace: atomic on POSIX and Windows
        except BaseException:
            self.abort()
            raise
        return self.path

    def abort(self) -> None:
        """Drop the temp file; the previous table at ``path`` (if any) stays as it was."""
        if self._parquet is not None and self._fh is not None:
            with contextlib.suppress(Exception):  # a footer for a file we delete; never mask the cause
                self._parquet.close()
        self._parquet = None
        if self._fh is not None:
            try:
                self._fh.close()
            finally:
                self._fh = None
        self._tmp.unlink(missing_ok=True)

    def __enter__(self) -> TableStream:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._fh is not None:
            self.abort()
