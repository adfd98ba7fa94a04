"""Run the server under gunicorn, from Python (this is what `peninsula serve` calls)."""
from __future__ import annotations

import os
import subprocess
import sys
from typing import Any, Mapping

from gunicorn.app.base import BaseApplication

from server import create_app
from server.store import StoreError


class PeninsulaApplication(BaseApplication):
    """gunicorn running one already-created Flask app with the given settings."""

    def __init__(self, app, options: Mapping[str, Any]):
        self.application = app
        self.options = dict(options)
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.application


def check_store_in_child(store_path: str | os.PathLike[str]) -> None:
    """Check that the store opens, in a child process: a store opened here, in gunicorn's
    master, would leave RocksDB threads behind in every forked worker (each then dies with
    SIGSEGV on exit). Raises StoreError with the child's message."""
    code = ("import sys\nfrom server.store import StoreError, describe_store\n"
            "try:\n    describe_store(sys.argv[1])\n"
            "except StoreError as error:\n    sys.exit(error.message)\n")
    done = subprocess.run([sys.executable, "-c", code, os.fspath(store_path)], capture_output=True, text=True)
    if done.returncode != 0:
        raise StoreError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else
                         f"cannot open the store at {store_path} (exit status {done.returncode})")


def serve(store_path: str | os.PathLike[str], host: str = "127.0.0.1", port: int = 8000,
          workers: int = 2, timeout: int = 120,
          config: Mapping[str, Any] | None = None) -> None:
    """Serve the store at ``store_path`` over HTTP with gunicorn; blocks until stopped.

    Checks the store first and raises ``server.store.StoreError`` (with a message for the
    user) if it is missing or is not a Peninsula store. Each of the ``workers`` sync worker
    processes opens the store read-only on its first request. A query running longer than
    ``timeout`` seconds gets its worker killed and restarted (the client sees the connection
    close). ``config`` adds app settings (see ``server.DEFAULT_CONFIG``), e.g.
    ``{"RESULT_ROW_LIMIT": 10000}``. Stop with Ctrl-C or SIGTERM.
    """
    check_store_in_child(store_path)
    app = create_app({**(config or {}), "STORE": os.fspath(store_path)})
    options = {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers,
        "worker_class": "sync",
        "timeout": timeout,
        # GET queries travel in the request line; allow gunicorn's largest (else 4094 bytes).
        "limit_request_line": 8190,
        "accesslog": "-",
        "errorlog": "-",
    }
    PeninsulaApplication(app, options).run()
