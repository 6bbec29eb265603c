"""Extract articles in worker processes, streaming results back in input order with bounded memory.

Why not ``Pool.imap``: its feeder thread drains the input iterator as fast as it can, so on a
news crawl every article would be read and queued before the first result came back; and a
``multiprocessing.Pool`` whose worker is killed (out of memory) waits forever. Here the parent
submits chunks of ``chunksize`` articles to a ``ProcessPoolExecutor`` (a dead worker raises
``BrokenProcessPool``, so the run fails and leaves the old outputs) and keeps at most
``jobs * ahead`` chunks in flight, so memory is bounded by the window, not by the corpus, and
results come back in the order the articles were read (outputs are byte-identical to ``--jobs 1``).

Workers load the rules once (pool initializer) and never send the article body back: the parent
still holds the article it submitted and puts the body into the result itself, which halves the
pickling traffic. Workers are started with ``forkserver`` where available: a fresh server process
imports the extractor (not the validation stack) and parses the rules once (``_forkserver``) and
forks the workers from it, so they start ready and never inherit the parent's threads (polars'
thread pool, tqdm's monitor) as plain ``fork`` would.
"""

from __future__ import annotations

import multiprocessing as mp
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from multiprocessing.context import BaseContext
from typing import TYPE_CHECKING

from tracker.model import Article
from tracker.rules import Rules, load_rules

if TYPE_CHECKING:
    from tracker.engines.work import ArticleResult

#: Articles per task: ~16 short news articles make a task of tens of milliseconds, long enough
#: that pickling and queueing overhead is small, short enough to keep both cores busy at the end.
CHUNKSIZE = 16
#: Chunks in flight per worker: enough to hide the parent's reading time, small enough to bound memory.
AHEAD = 4

_RULES: Rules | None = None


def _init_worker() -> None:
    """Load the rules once per worker; Ctrl-C is the parent's to handle (it terminates the pool)."""
    global _RULES  # noqa: PLW0603 - one Rules per worker process is the point
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _RULES = load_rules()


def _extract_chunk(articles: list[Article]) -> list[ArticleResult]:
    """Worker side: extract a chunk; bodies are dropped (the parent has them)."""
    from tracker.engines.work import extract_article

    out = [extract_article(a, _RULES) for a in articles]
    for r in out:
        r.body = ""
    return out


def _block_sigint() -> set[int | signal.Signals] | None:
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal masks, nothing to protect
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


def _restore_sigmask(previous: set[int | signal.Signals] | None) -> None:
    if previous is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _context() -> BaseContext:
    methods = mp.get_all_start_methods()
    if "forkserver" in methods:
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["tracker.engines._forkserver"])
        return ctx
    return mp.get_context("spawn")


def prestart(jobs: int) -> None:
    """Start the fork server now, so it imports the extractor and parses the rules in the background.

    Why: the server's start-up (about half a second) otherwise begins only when the first chunk
    is submitted, after the caller has spent a second importing the validation and export stack
    (pandera, pandas, polars) on the same critical path. Called first thing by ``tracker extract
    --jobs N``, the two overlap on two cores. A no-op for one job or where there is no fork server.
    """
    if jobs <= 1 or "forkserver" not in mp.get_all_start_methods():
        return
    from multiprocessing import forkserver

    _context()  # sets the preload list the server reads when it starts
    forkserver.ensure_running()


def map_articles(articles: Iterable[Article], jobs: int = 1, rules: Rules | None = None, *,
                 chunksize: int = CHUNKSIZE, ahead: int = AHEAD) -> Iterator[ArticleResult]:
    """``extract_article`` over ``articles`` with ``jobs`` processes, results in input order.

    ``jobs <= 1`` runs in this process (no pool, no pickling). The input iterator is consumed in
    the calling thread, so ingest callbacks (``on_skip``) run where the caller expects them.
    """
    from tracker.engines.work import extract_article

    if jobs <= 1:
        rules = rules or load_rules()
        for article in articles:
            yield extract_article(article, rules)
        return
    source = iter(articles)
    pending: deque[tuple[list[Article], Future[list[ArticleResult]]]] = deque()
    pool = ProcessPoolExecutor(jobs, mp_context=_context(), initializer=_init_worker)
    try:

        def submit() -> bool:
            chunk = list(islice(source, chunksize))
            if not chunk:
                return False
            pending.append((chunk, pool.submit(_extract_chunk, chunk)))
            return True

        more = True
        # Workers are launched by the first submits. Ctrl-C in the middle of a launch would leave a
        # half-started worker that the pool does not know about (it prints a traceback when the
        # pool's semaphores vanish), so SIGINT waits until the window is full; it is short.
        blocked = _block_sigint()
        try:
            while more and len(pending) < jobs * ahead:
                more = submit()
        finally:
            _restore_sigmask(blocked)
        while pending:
            chunk, future = pending.popleft()
            done = future.result()
            if more:
                more = submit()
            for article, res in zip(chunk, done, strict=True):
                res.body = article.body
                yield res
    finally:
        # Early close or Ctrl-C: drop the queued chunks and wait for the running ones (one chunk,
        # tens of milliseconds; workers ignore SIGINT). Not waiting would let a worker that is
        # still starting look for the pool's semaphores after the parent removed them, and print
        # a traceback on the user's terminal.
        pool.shutdown(wait=True, cancel_futures=True)
