"""The Oxigraph store the server answers from: its current snapshot, opened read-only.

Servers never open the directory a writer holds (see server/snapshots.py): each process
opens the store's current snapshot and reopens it when a build or an update publishes a
newer one, so new data is served as soon as a build ends, without a restart, and a build
running beside the server never shows a half-written article.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

from flask import current_app, g
from pyoxigraph import Store

from server.errors import EndpointError
from server.snapshots import current_snapshot, generation

BUILD_HINT = "build one with `peninsula build ARTICLES...` or point PENINSULA_STORE at one"


class StoreError(EndpointError):
    """The configured path is not a Peninsula store that can be opened."""

    status, title = 503, "Service Unavailable"


_stores: dict[str, tuple[int, str, Store]] = {}
_lock = threading.Lock()


def store_generation(path: str | os.PathLike[str]) -> str:
    """A name that changes whenever a new snapshot of the store is published (for caches)."""
    return generation(Path(path))


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
        return Store.read_only(str(current_snapshot(path)))
    except OSError as error:
        raise StoreError(f"Cannot open the store at {path} read-only: {error}") from error


def process_store(path: str | os.PathLike[str] | None) -> Store:
    """This process's read-only handle on the store at ``path``: opened on first use, and
    again when a newer snapshot is published.

    Keyed by process id too, so a handle opened before a fork is never shared.
    """
    key = str(path)
    generation = store_generation(path) if path else ""
    with _lock:
        cached = _stores.get(key)
        if cached is None or cached[0] != os.getpid() or cached[1] != generation:
            _stores.pop(key, None)
            _stores[key] = (os.getpid(), generation, open_store(path))
        return _stores[key][2]


def check_store(path) -> None:
    """Raise StoreError (503, with what to do) unless ``path`` is a store that can be read."""
    process_store(path)


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
