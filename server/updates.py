"""Changes through the endpoint: SPARQL 1.1 Update and the Graph Store HTTP Protocol.

Off unless the server was started with an update secret (PENINSULA_UPDATE_SECRET, or
`peninsula serve --update-secret-file`), and then only for requests that carry it as
`Authorization: Bearer <secret>`. Each change runs in a one-off writer process: it opens
the store read-write (RocksDB allows one writer: while a build runs, the change is refused
with 503), applies the change in one transaction, publishes a new snapshot for the readers
(see server/snapshots.py) and exits. Past the time limit the writer is killed and the
transaction never commits.
"""
from __future__ import annotations

import hmac
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from server.evaluator import _LENGTH, QueryTimeout, _read_message, _write_message, child_env

_WRITER = "import sys; from server.updates import writer_main; sys.exit(writer_main(sys.argv[1]))"


def authorised(header: str | None, secret: str | None) -> bool:
    """Whether an Authorization header carries the update secret (compared in constant time)."""
    if not secret or not header:
        return False
    scheme, _, token = header.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(token.strip().encode(), secret.encode())


# --- the writer process ------------------------------------------------------------------------

def _apply(store, request: dict, body: bytes) -> dict:
    import pyoxigraph as ox

    op = request["op"]
    if op == "update":
        store.update(request["update"], base_iri=request.get("base_iri"))
        return {"ok": True}
    iri = request.get("graph")  # None: the store's default graph
    existed = iri is None or store.contains_named_graph(ox.NamedNode(iri))
    clear = f"DROP SILENT GRAPH <{iri}>" if iri else "CLEAR SILENT DEFAULT"
    if op == "delete":
        if not existed:
            return {"ok": False, "error": "missing", "message": f"there is no graph <{iri}> in the store"}
        store.update(clear)
        return {"ok": True, "created": False}
    fmt = ox.RdfFormat.from_media_type(request["media_type"])
    if fmt is None:
        return {"ok": False, "error": "format", "message": f"cannot read {request['media_type']}"}
    triples = [q.triple for q in ox.parse(body, format=fmt, base_iri=request.get("base_iri"))]
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    inside = f"GRAPH <{iri}> {{\n{data}\n}}" if iri else data
    store.update((f"{clear} ;\n" if op == "put" else "") + f"INSERT DATA {{ {inside} }}")
    return {"ok": True, "created": not existed}


def writer_main(store_dir: str) -> int:
    """Apply one change read from stdin, publish a snapshot, report on stdout."""
    import pyoxigraph as ox

    from server.snapshots import publish

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    request = json.loads(_read_message(sys.stdin.buffer) or b"{}")
    body = _read_message(sys.stdin.buffer) or b""
    try:
        store = ox.Store(store_dir)
    except OSError as error:
        reply = {"ok": False, "error": "busy", "message": f"the store cannot be opened for writing ({error})"}
    else:
        try:
            reply = _apply(store, request, body)
            if reply.get("ok"):
                publish(store, Path(store_dir))
                reply["triples"] = len(store)
        except SyntaxError as error:
            reply = {"ok": False, "error": "syntax", "message": str(error)}
        except (OSError, RuntimeError, ValueError) as error:
            reply = {"ok": False, "error": "failed", "message": str(error)}
        del store
    _write_message(sys.stdout.buffer, json.dumps(reply).encode("utf-8"))
    sys.stdout.buffer.flush()
    return 0


# --- the server side ---------------------------------------------------------------------------

def write(store_dir: str, request: dict, body: bytes, timeout: float) -> dict:
    """Run one change in a writer process; QueryTimeout past ``timeout`` seconds."""
    proc = subprocess.Popen([sys.executable, "-c", _WRITER, store_dir], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, start_new_session=True, env=child_env())
    payload = json.dumps(request).encode("utf-8")
    try:
        out, _ = proc.communicate(_LENGTH.pack(len(payload)) + payload + _LENGTH.pack(len(body)) + body,
                                  timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise QueryTimeout() from None
    if len(out) < _LENGTH.size:
        return {"ok": False, "error": "failed", "message": f"the writer stopped (exit status {proc.returncode})"}
    return json.loads(out[_LENGTH.size:])

