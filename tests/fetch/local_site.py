"""The local HTTP server of the fetch tests: fixture pages on 127.0.0.1, never another host.

Routes are chosen to exercise each way a fetch can go: a good page (UTF-8), a good page in
windows-1252 declared only in the HTML, a page without article text, a PDF, a 404, a page slower
than the timeout, a page that fails once with 503 before it works, and a redirect. ``hits``
counts requests per path so a test can tell that a skipped URL made no request.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PAGES = Path(__file__).parent / "pages"
SLOW_SECONDS = 1.5


@dataclass
class Site:
    base: str
    hits: Counter[str] = field(default_factory=Counter)

    def url(self, path: str) -> str:
        return f"{self.base}{path}"


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    strike = (PAGES / "strike.html").read_text(encoding="utf-8").replace("{base}", site.base).encode("utf-8")
    quake = (PAGES / "quake.html").read_bytes()
    empty = (PAGES / "empty.html").read_bytes()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
            pass

        def _send(self, status: int, ctype: str, body: bytes, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # client gave up (timeout)
                self.wfile.write(body)

        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            site.hits[path] += 1
            site.hits["ua:" + self.headers.get("User-Agent", "")] += 1
            html = "text/html; charset=utf-8"
            if path in ("/news/strike", "/news/strikes-kill-12"):
                self._send(200, html, strike)
            elif path == "/fr/quake":
                self._send(200, "text/html", quake)
            elif path == "/index":
                self._send(200, html, empty)
            elif path == "/report.pdf":
                self._send(200, "application/pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
            elif path == "/slow":
                time.sleep(SLOW_SECONDS)
                self._send(200, html, strike)
            elif path == "/flaky":
                if site.hits[path] == 1:
                    self._send(503, "text/plain", b"busy")
                else:
                    self._send(200, html, strike)
            elif path == "/moved":
                self._send(302, "text/plain", b"", {"Location": site.url("/news/strike")})
            else:
                self._send(404, "text/plain", b"not found")

    return Handler


@contextmanager
def serve() -> Iterator[Site]:
    """Run the server in a thread for the duration of the block."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(Site("")))
    port = server.server_address[1]
    s = Site(f"http://127.0.0.1:{port}")
    server.RequestHandlerClass = _handler(s)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield s
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
