"""The Oxigraph store the server answers from: opened read-only, once per process.

Each gunicorn worker opens its own read-only handle on first use (several processes may
hold one at once; only the builder ever opens the store read-write). A reader sees the
store as it was when it opened, so restart the server after a build to serve new data.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

from flask import current_app, g
from pyoxigraph import Store

from server.errors import EndpointError

BUILD_HINT = "build one with `peninsula build ARTICLES...` or point PENINSULA_STORE at one"


class StoreError(EndpointError):
    """The configured path is not a Peninsula store that can be opened."""

    status, title = 503, "Service Unavailable"


_stores: dict[str, tuple[int, Store]] = {}
_lock = threading.Lock()


def open_store(path: str | os.PathLike[str] | None) -> Store:
    """Open the store at ``path`` read-only, or raise StoreError saying what is wrong."""
    if path is None or str(path) == "":
        raise StoreError(f"No store is configured: {BUILD_HINT}.")
    path = Path(path)
    if not path.exists():
        raise StoreError(f"No store at {path}: {BUILD_HINT}.")
    if not path.is_dir():
        raise StoreError(f"{path} is a file, not a store directory: {BUILD_HINT}.")
    # Every Oxigraph (RocksDB) database directory holds a CURRENT file.
    if not (path / "CURRENT").is_file():
        raise StoreError(f"{path} is not a Peninsula store (no Oxigraph database in it): "
                         f"{BUILD_HINT}.")
    try:
        return Store.read_only(str(path))
    except OSError as error:
        raise StoreError(f"Cannot open the store at {path} read-only: {error}") from error


def process_store(path: str | os.PathLike[str] | None) -> Store:
    """This process's read-only handle on the store at ``path``, opened on first use.

    Keyed by process id too, so a handle opened before a fork is never shared.
    """
    key = str(path)
    with _lock:
        cached = _stores.get(key)
        if cached is None or cached[0] != os.getpid():
            _stores[key] = (os.getpid(), open_store(path))
        return _stores[key][1]


def get_store() -> Store:
    """The store for the current request (kept on ``g``)."""
    if "store" not in g:
        g.store = process_store(current_app.config["STORE"])
    return g.store


def describe_store(path: str | os.PathLike[str]) -> dict[str, int]:
    """Open the store at ``path`` briefly and count its quads and named graphs.

    For start-up checks: raises StoreError with a clear message if the path is unusable.
    """
    store = open_store(path)
    try:
        return store_summary(store)
    finally:
        del store


def store_summary(store: Store) -> dict[str, int]:
    """Quads and named graphs in ``store``."""
    return {"triples": len(store), "graphs": sum(1 for _ in store.named_graphs())}
