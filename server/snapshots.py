"""Snapshots of a store: what readers open while a writer may be changing the store.

Opening a RocksDB database read-only while another process writes it is undefined
behaviour, so readers (the server, `peninsula query`) never open the directory a writer
(`peninsula build`, an update through the endpoint) holds. After each write the writer
publishes a snapshot: a checkpoint of the store in `snapshots/<name>/` (hard links to the
immutable files, made in milliseconds) whose name it then writes to `snapshots/CURRENT`,
atomically. Readers open the snapshot CURRENT names and reopen when it changes. A store with
no `snapshots/CURRENT` (written before snapshots existed) is read in place.

This module imports nothing but the standard library, so the builder can use it too.
"""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

SNAPSHOTS = "snapshots"
CURRENT = "CURRENT"
KEEP = 3  # snapshots kept: a reader that opened an older one has time to move on


def current_snapshot(store_dir: Path) -> Path:
    """The directory readers should open for the store at ``store_dir``."""
    try:
        name = (store_dir / SNAPSHOTS / CURRENT).read_text(encoding="utf-8").strip()
    except OSError:
        return store_dir
    if not name or "/" in name or name.startswith(".") or not (store_dir / SNAPSHOTS / name).is_dir():
        return store_dir
    return store_dir / SNAPSHOTS / name


def generation(store_dir: Path) -> str:
    """A name that changes whenever a new snapshot is published (for caches)."""
    return current_snapshot(store_dir).name


def published_at(store_dir: Path) -> float | None:
    """When the snapshot readers open was published (seconds since the epoch), or, for a
    store without snapshots, when its build state was last written; None if neither exists."""
    current = current_snapshot(store_dir)
    if current != store_dir and current.name.isdigit():
        return int(current.name) / 1e9
    try:
        return (store_dir / "peninsula-state.json").stat().st_mtime
    except OSError:
        return None


def publish(store, store_dir: Path) -> Path:
    """Checkpoint ``store`` (open read-write on ``store_dir``) and make readers use it."""
    folder = store_dir / SNAPSHOTS
    folder.mkdir(exist_ok=True)
    name = f"{time.time_ns():020d}"
    store.flush()
    store.backup(str(folder / name))
    tmp = folder / (CURRENT + ".tmp")
    tmp.write_text(name + "\n", encoding="utf-8")
    os.replace(tmp, folder / CURRENT)
    for old in sorted(p for p in folder.iterdir() if p.is_dir() and p.name.isdigit())[:-KEEP]:
        shutil.rmtree(old, ignore_errors=True)
    return folder / name
