"""A local HTTP server for the benchmarks' source pages."""

import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def serve(page_for: Callable[[str], bytes | None]) -> ThreadingHTTPServer:
    """Serve `page_for(path)` as UTF-8 HTML on a free loopback port (404 for None)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = page_for(self.path)
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
