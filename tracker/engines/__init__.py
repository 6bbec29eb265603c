"""Execution engines for the extract run: how ``extract_article`` is mapped over a corpus.

``local`` runs it in this process or a pool of worker processes (``--jobs N``), streaming the
results back in input order; ``dask_engine`` maps the same function over partitions of the input
on a Dask cluster. The Dask module is imported only when asked for, so the base install (without
the ``[dask]`` extra) never needs dask.
"""
