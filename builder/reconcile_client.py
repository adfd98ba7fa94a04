"""A client of the W3C Reconciliation Service API 0.2 (as OpenRefine speaks it), standard library only.

`ReconcileClient.manifest()` GETs the service manifest; `ReconcileClient.reconcile()` POSTs
`queries={"q0": {"query": ..., "type": ..., "limit": ..., "properties": [...]}, ...}` as a form
and returns each query's `result` list. Every answer is cached on disk (one JSON file per
query, keyed by the service URL and the query), requests are batched and spaced to stay under
a rate, and a network failure raises `ServiceUnavailable` with a one-line reason.
"""
from __future__ import annotations

import hashlib
import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

DEFAULT_URL = "https://wikidata.reconci.link/en/api"
USER_AGENT = "Peninsula-linker/1 (knowledge graph of diplomatic news; https://w3id.org/peninsula)"


RETRY_STATUSES = (429, 503)  # "too many requests", "unavailable": wait as told, once
MAX_RETRY_WAIT = 30.0


class ServiceUnavailable(Exception):
    """The reconciliation service could not be reached or gave no usable answer. `partial`
    holds the answers received before it failed."""

    def __init__(self, message: str):
        super().__init__(message)
        self.partial: dict[str, list[dict]] = {}


class ReconcileClient:
    def __init__(self, url: str = DEFAULT_URL, cache_dir: Path | None = None, *, rate: float = 5.0,
                 timeout: float = 10.0, batch: int = 10):
        self.url = url
        self.cache_dir = cache_dir
        self.min_interval = 1.0 / rate if rate and rate > 0 else 0.0
        self.timeout = timeout
        self.batch = max(1, batch)
        self.requests = 0  # HTTP requests actually sent (cache hits send none)
        self._last = 0.0

    # --- cache ---------------------------------------------------------------------------
    def _cache_file(self, kind: str, payload) -> Path | None:
        if self.cache_dir is None:
            return None
        key = hashlib.sha256(json.dumps([self.url, kind, payload], sort_keys=True).encode("utf-8")).hexdigest()
        return self.cache_dir / f"{key}.json"

    def _cached(self, kind: str, payload):
        f = self._cache_file(kind, payload)
        if f is None or not f.exists():
            return None
        try:
            return json.loads(f.read_text(encoding="utf-8"))["answer"]
        except (OSError, ValueError, KeyError):
            return None  # a damaged cache file is simply asked again

    def _store(self, kind: str, payload, answer) -> None:
        f = self._cache_file(kind, payload)
        if f is None:
            return
        f.parent.mkdir(parents=True, exist_ok=True)
        tmp = f.with_suffix(".tmp")
        tmp.write_text(json.dumps({"service": self.url, kind: payload, "answer": answer}, ensure_ascii=False,
                                  indent=1), encoding="utf-8")
        tmp.replace(f)

    # --- HTTP ----------------------------------------------------------------------------
    def _http(self, data: bytes | None, retry: bool = True) -> dict:
        wait = self._last + self.min_interval - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
        if data is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        req = urllib.request.Request(self.url, data=data, headers=headers, method="POST" if data else "GET")
        self.requests += 1
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                body = resp.read()
        except urllib.error.HTTPError as exc:
            if retry and exc.code in RETRY_STATUSES:
                time.sleep(_retry_after(exc.headers.get("Retry-After")))
                self._last = time.monotonic()
                return self._http(data, retry=False)
            raise ServiceUnavailable(f"{self.url} answered HTTP {exc.code} {exc.reason}") from exc
        except urllib.error.URLError as exc:
            raise ServiceUnavailable(f"cannot reach {self.url} ({_reason(exc.reason)})") from exc
        except (socket.timeout, TimeoutError) as exc:
            raise ServiceUnavailable(f"{self.url} did not answer within {self.timeout:g} s") from exc
        except OSError as exc:
            raise ServiceUnavailable(f"cannot reach {self.url} ({_reason(exc)})") from exc
        finally:
            self._last = time.monotonic()
        try:
            answer = json.loads(body)
        except ValueError as exc:
            raise ServiceUnavailable(f"{self.url} did not answer with JSON; is it a reconciliation service?") from exc
        if not isinstance(answer, dict):
            raise ServiceUnavailable(f"{self.url} answered with JSON that is not an object")
        return answer

    def manifest(self) -> dict:
        """The service manifest (identifierSpace, schemaSpace, defaultTypes, ...)."""
        cached = self._cached("manifest", "")
        if cached is not None:
            return cached
        answer = self._http(None)
        if "identifierSpace" not in answer:
            raise ServiceUnavailable(f"{self.url} sent no service manifest (no identifierSpace)")
        self._store("manifest", "", answer)
        return answer

    def reconcile(self, queries: dict[str, dict]) -> dict[str, list[dict]]:
        """Each query's candidates: {name: [{"id", "name", "score", "match", "type", ...}]}."""
        out: dict[str, list[dict]] = {}
        todo: list[tuple[str, dict]] = []
        for name, query in queries.items():
            cached = self._cached("query", query)
            if cached is None:
                todo.append((name, query))
            else:
                out[name] = cached
        for i in range(0, len(todo), self.batch):
            chunk = todo[i:i + self.batch]
            payload = {f"q{j}": q for j, (_, q) in enumerate(chunk)}
            try:
                answer = self._http(urllib.parse.urlencode({"queries": json.dumps(payload)}).encode("utf-8"))
            except ServiceUnavailable as exc:
                exc.partial = out
                raise
            for j, (name, query) in enumerate(chunk):
                results = (answer.get(f"q{j}") or {}).get("result")
                if not isinstance(results, list):
                    raise ServiceUnavailable(f"{self.url} sent no result for query {query['query']!r}")
                results = [r for r in results if isinstance(r, dict) and "id" in r and "name" in r]
                self._store("query", query, results)
                out[name] = results
        return out


def _retry_after(value: str | None) -> float:
    try:
        return min(max(float(value or 2), 0.0), MAX_RETRY_WAIT)
    except ValueError:  # an HTTP date: wait the default
        return 2.0


def _reason(reason) -> str:
    text = str(getattr(reason, "strerror", None) or reason)
    return text or type(reason).__name__
