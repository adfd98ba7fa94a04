"""One event per real event: the mentions of an article's events merged.

Two mentions are one event when they are of one class, share their participants and do not
contradict each other's time or place; the latest reported status wins.
"""
from __future__ import annotations

from ..model import Event


def _compatible(a: Event, b: Event) -> bool:
    return a.kind == b.kind and set(a.participants) == set(b.participants) and \
        (a.start is None or b.start is None or a.start == b.start) and \
        (a.location is None or b.location is None or a.location == b.location)


def reconcile_events(events: list[Event]) -> list[Event]:
    out: list[Event] = []
    for ev in events:
        same = next((e for e in out if _compatible(e, ev)), None)
        if same is None:
            out.append(ev)
            continue
        same.start = same.start or ev.start
        same.end = same.end or ev.end
        same.location = same.location or ev.location
        same.status = ev.status or same.status
        same.evidence += [s for s in ev.evidence if s not in same.evidence]
    return out
