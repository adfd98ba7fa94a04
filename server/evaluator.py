"""SPARQL evaluation in child processes, so that a query over its time limit can be stopped.

pyoxigraph evaluates a query inside one call into Rust that neither looks at Python signals
nor offers a way to cancel it: the only way to stop a runaway query, and free the CPU it
holds, is to stop the process evaluating it. So each server process hands its queries to an
evaluator child (`child_main`, in a new interpreter, not forked, so it inherits no
threads or locks), which opens the store read-only, evaluates, serialises the answer and
sends back only bytes. When a query runs past its time limit the child is killed and a warm
spare takes over at once; other server processes, and the next query, are not affected.

The wire format, over the child's stdin and stdout: each message is a 4-byte big-endian
length and that many bytes. A request is one JSON message; the reply is a JSON header
(`{"ok": true, "kind": "results"|"boolean"|"graph", "format": name, "truncated": bool}` or
`{"ok": false, "error": "syntax"|"update"|"format"|"failed"|"store", "message": ...}`)
followed, when ok, by the body.
"""
from __future__ import annotations

import atexit
import itertools
import json
import os
import select
import signal
import struct
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

_LENGTH = struct.Struct(">I")


# --- the child ---------------------------------------------------------------------------------

def _read_message(stream) -> bytes | None:
    head = stream.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        return None
    (size,) = _LENGTH.unpack(head)
    return stream.read(size)


def _write_message(stream, payload: bytes) -> None:
    stream.write(_LENGTH.pack(len(payload)))
    stream.write(payload)


class _Child:
    """The evaluator loop: one request at a time, on the store's current snapshot."""

    def __init__(self, store_path: str):
        self.store_path = store_path
        self.opened: str | None = None
        self.store = None

    def store_for_request(self):
        from pyoxigraph import Store

        from server.snapshots import current_snapshot

        target = str(current_snapshot(Path(self.store_path)))
        if target != self.opened:  # a build or an update published a new snapshot
            self.store = None
            self.store = Store.read_only(target)
            self.opened = target
        return self.store

    def answer(self, request: dict) -> tuple[dict, bytes]:
        from pyoxigraph import NamedNode, QueryBoolean, QueryTriples

        from server.negotiation import FORMATS_BY_NAME

        try:
            store = self.store_for_request()
        except OSError as error:
            return {"ok": False, "error": "store", "message": f"the store cannot be opened: {error}"}, b""
        options: dict = {"base_iri": request.get("base_iri")}
        if request.get("default_graph") is not None or request.get("named_graphs") is not None:
            options["default_graph"] = [NamedNode(i) for i in request.get("default_graph") or []]
            options["named_graphs"] = [NamedNode(i) for i in request.get("named_graphs") or []]
        elif request.get("union"):
            options["use_default_graph_as_union"] = True
        try:
            result = store.query(request["query"], **options)
        except SyntaxError as error:
            return {"ok": False, "error": "syntax", "message": str(error)}, b""
        except (OSError, RuntimeError, ValueError) as error:
            return {"ok": False, "error": "failed", "message": str(error)}, b""
        kind = "graph" if isinstance(result, QueryTriples) else \
            "boolean" if isinstance(result, QueryBoolean) else "results"
        name = request.get(f"{kind}_format")
        if not name:
            return {"ok": False, "error": "format", "kind": kind, "message": ""}, b""
        fmt = FORMATS_BY_NAME[name]
        limit = request.get("row_limit")
        truncated = False
        try:  # evaluation is lazy: engine errors (a failing SERVICE call, ...) surface here
            if kind == "graph":
                triples = result
                if limit is not None:
                    triples = list(itertools.islice(result, limit + 1))
                    truncated = len(triples) > limit
                    triples = triples[:limit]
                from pyoxigraph import serialize

                body = serialize(triples, format=fmt.oxigraph, prefixes=request.get("prefixes") or {})
            else:
                if limit is not None and kind == "results":
                    result, truncated = first_solutions(result, limit)
                body = result.serialize(format=fmt.oxigraph)
        except (OSError, RuntimeError, ValueError) as error:
            return {"ok": False, "error": "failed", "message": str(error)}, b""
        return {"ok": True, "kind": kind, "format": name, "truncated": truncated}, body


def first_solutions(solutions, limit: int):
    """The first ``limit`` solutions as a new QuerySolutions, and whether any were dropped.

    pyoxigraph cannot cut a QuerySolutions short, so the kept rows are written as SPARQL
    JSON and read back, which lets pyoxigraph serialise them in any results format.
    """
    from pyoxigraph import QueryResultsFormat, parse_query_results

    variables = [v.value for v in solutions.variables]
    rows = list(itertools.islice(solutions, limit + 1))
    bindings = [{name: _term_json(row[name]) for name in variables if row[name] is not None}
                for row in rows[:limit]]
    document = {"head": {"vars": variables}, "results": {"bindings": bindings}}
    parsed = parse_query_results(json.dumps(document).encode("utf-8"), format=QueryResultsFormat.JSON)
    return parsed, len(rows) > limit


def _term_json(term) -> dict:
    from pyoxigraph import BlankNode, Literal, NamedNode, Triple

    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        if term.language:
            return {"type": "literal", "value": term.value, "xml:lang": term.language}
        if term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            return {"type": "literal", "value": term.value, "datatype": term.datatype.value}
        return {"type": "literal", "value": term.value}
    if isinstance(term, Triple):
        return {"type": "triple", "value": {"subject": _term_json(term.subject),
                                            "predicate": _term_json(term.predicate),
                                            "object": _term_json(term.object)}}
    raise TypeError(f"Unexpected term in query results: {term!r}")


def child_main(store_path: str) -> int:
    """Serve requests from stdin until it closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops us
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    child = _Child(store_path)
    while True:
        raw = _read_message(stdin)
        if raw is None:
            return 0
        try:
            header, body = child.answer(json.loads(raw))
        except Exception as error:  # never die on one request: report it
            header, body = {"ok": False, "error": "failed", "message": f"{type(error).__name__}: {error}"}, b""
        _write_message(stdout, json.dumps(header).encode("utf-8"))
        if header.get("ok"):
            _write_message(stdout, body)
        stdout.flush()


# --- the parent --------------------------------------------------------------------------------

class QueryTimeout(Exception):
    """The query ran past its time limit; its evaluator was stopped."""


class EvaluatorGone(Exception):
    """The evaluator died while answering (out of memory, killed from outside)."""


@dataclass
class Reply:
    ok: bool
    header: dict
    body: bytes = b""


_CHILD = "import sys; from server.evaluator import child_main; sys.exit(child_main(sys.argv[1]))"


def child_env() -> dict:
    """The environment of a child process: this one's, with the server package importable."""
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


class _Process:
    def __init__(self, store_path: str):
        self.proc = subprocess.Popen([sys.executable, "-c", _CHILD, store_path],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     start_new_session=True, env=child_env())

    def kill(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except OSError:
                pass
        self.proc.wait()

    def _read_exactly(self, size: int, deadline: float) -> bytes:
        fd = self.proc.stdout.fileno()
        chunks, got = [], 0
        while got < size:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                raise QueryTimeout()
            chunk = os.read(fd, min(size - got, 1 << 20))
            if not chunk:
                raise EvaluatorGone()
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks)

    def ask(self, request: dict, timeout: float) -> Reply:
        deadline = time.monotonic() + timeout
        payload = json.dumps(request).encode("utf-8")
        try:
            self.proc.stdin.write(_LENGTH.pack(len(payload)) + payload)
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError) as error:
            raise EvaluatorGone() from error
        header = json.loads(self._read_message(deadline))
        body = self._read_message(deadline) if header.get("ok") else b""
        return Reply(bool(header.get("ok")), header, body)

    def _read_message(self, deadline: float) -> bytes:
        (size,) = _LENGTH.unpack(self._read_exactly(_LENGTH.size, deadline))
        return self._read_exactly(size, deadline)


@dataclass
class EvaluatorPool:
    """This process's evaluator and its warm spare (one query at a time per process).

    `ask` sends a request and waits at most `timeout` seconds; past that the evaluator is
    killed (the CPU is freed at once), the spare takes its place, a new spare is started,
    and QueryTimeout is raised."""

    store_path: str
    _active: _Process | None = None
    _spare: _Process | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    pid: int = field(default_factory=os.getpid)

    def ask(self, request: dict, timeout: float) -> Reply:
        with self._lock:
            proc = self._take()
            try:
                return proc.ask(request, timeout)
            except (QueryTimeout, EvaluatorGone):
                proc.kill()
                self._active = None
                self._spare = self._spare or _Process(self.store_path)
                raise

    def _take(self) -> _Process:
        if self._active is None or self._active.proc.poll() is not None:
            self._active, self._spare = (self._spare or _Process(self.store_path)), None
        if self._spare is None:
            self._spare = _Process(self.store_path)
        return self._active

    def close(self) -> None:
        with self._lock:
            for proc in (self._active, self._spare):
                if proc is not None:
                    proc.kill()
            self._active = self._spare = None


_pools: dict[str, EvaluatorPool] = {}
_pools_lock = threading.Lock()


def pool_for(store_path: str) -> EvaluatorPool:
    """The evaluator pool of this process for a store (a new one after a fork)."""
    with _pools_lock:
        pool = _pools.get(store_path)
        if pool is None or pool.pid != os.getpid():
            if not _pools:
                atexit.register(close_all)  # children also leave when their stdin closes
            pool = _pools[store_path] = EvaluatorPool(store_path)
        return pool


def close_all() -> None:
    with _pools_lock:
        for pool in _pools.values():
            if pool.pid == os.getpid():
                pool.close()
        _pools.clear()

