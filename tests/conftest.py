"""Shared fixtures: the demo corpus built once into a real on-disk Oxigraph store."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """The demo corpus built into a fresh store, with a TriG dump: (store path, summary, dump path)."""
    from builder.pipeline import build

    tmp = tmp_path_factory.mktemp("samples")
    store, dump = tmp / "store", tmp / "samples.trig"
    summary = build([SAMPLES], store, export_to=dump)
    return store, summary, dump


@pytest.fixture(scope="session")
def sample_dataset(sample_build):
    """The dump of the demo graph as an rdflib Dataset (union default graph)."""
    from rdflib import Dataset

    ds = Dataset(default_union=True)
    ds.parse(sample_build[2])
    return ds


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(sample_build):
    """`peninsula serve` on a free loopback port, serving the demo store; its base URL."""
    store = sample_build[0]
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "builder.cli", "serve", "--store", str(store),
                             "--port", str(port), "--workers", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(base + "/health", timeout=1)
            break
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError("the server exited: " + proc.stdout.read().decode(errors="replace"))
            time.sleep(0.1)
    yield base
    proc.terminate()
    proc.wait(timeout=30)
