"""Shared fixtures: the demo corpus built once into a real on-disk Oxigraph store."""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
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


@contextlib.contextmanager
def running_server(store: Path, **config):
    """`peninsula serve` on a free loopback port, serving ``store``; yields its base URL.

    ``config`` sets app settings as PENINSULA_* environment variables, the way an operator
    would (``UPDATE_SECRET="..."``, ``QUERY_TIMEOUT=3``, ``BASE_IRI="..."``)."""
    port = free_port()
    env = dict(os.environ, **{f"PENINSULA_{k}": v if isinstance(v, str) else json.dumps(v)
                              for k, v in config.items()})
    # The log goes to a file: a pipe nobody reads would fill up and stall the server.
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen([sys.executable, "-m", "builder.cli", "serve", "--store", str(store),
                             "--port", str(port), "--workers", "2"],
                            stdout=log, stderr=subprocess.STDOUT, cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120  # a guard against a server that never starts, not a speed check
        while True:
            try:
                urllib.request.urlopen(base + "/health", timeout=5)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError("the server did not start: " + log.read().decode(errors="replace"))
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture(scope="session")
def live_server(sample_build):
    """`peninsula serve` on a free loopback port, serving the demo store; its base URL."""
    with running_server(sample_build[0]) as base:
        yield base


# --- headless Chromium, driven by Playwright ---------------------------------------------

# Debian's chromium (`make test` installs it with apt); PENINSULA_CHROMIUM names another.
CHROMIUM = os.environ.get("PENINSULA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# How long Playwright waits for something to appear: a guard against hanging, not a check
# of speed (the machine may be busy).
BROWSER_WAIT_MS = 120_000


@pytest.fixture(scope="session")
def chromium():
    """A headless Chromium; the tests using it are skipped only if Chromium is absent."""
    if os.environ.get("PENINSULA_CHROMIUM") and not Path(CHROMIUM).is_file():
        pytest.fail(f"PENINSULA_CHROMIUM names {CHROMIUM}, which does not exist")
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"Chromium is not installed at {CHROMIUM}: `make test` installs it "
                    "(apt-get install chromium), or set PENINSULA_CHROMIUM to a Chromium binary")
    from playwright.sync_api import sync_playwright  # a pinned dev dependency

    with sync_playwright() as playwright:
        # --no-sandbox: the suite may run as root (CI containers), where the sandbox fails.
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox"])
        try:
            yield browser
        finally:
            browser.close()


class PageLog:
    """What a page did that a user would notice or a test should refuse: dialogs, console
    messages (CSP violations among them), uncaught errors, requests to other origins."""

    def __init__(self):
        self.dialogs: list[str] = []
        self.console: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []

    def csp_violations(self) -> list[str]:
        return [m for m in self.console if "Content Security Policy" in m]


@pytest.fixture
def browser_page(request, chromium):
    """A fresh page (own context) and its PageLog.

    Parametrize indirectly with context options, e.g. ``{"bypass_csp": True}`` to check
    that escaping alone keeps a page safe, without the Content-Security-Policy's help.
    """
    context = chromium.new_context(**getattr(request, "param", {}))
    page = context.new_page()
    page.set_default_timeout(BROWSER_WAIT_MS)
    log = PageLog()

    def on_dialog(dialog):
        log.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("console", lambda message: log.console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: log.errors.append(str(error)))
    page.on("request", lambda request: log.requests.append(request.url))
    try:
        yield page, log
    finally:
        context.close()
