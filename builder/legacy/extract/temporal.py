"""Time expressions -> dates at the precision the text gives, against the publication date.

"Friday" is the Friday nearest the publication date (the one before it for past events,
after it for future ones); "last month" is a month; "late February" is a month; "Feb. 27-28"
is a start and an end; "next week" has no date and stays a time expression only.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from ...timeparse import MONTH_RE, WEEKDAYS, month_number

_RANGE = re.compile(rf"\b({MONTH_RE})\s+(\d{{1,2}})\s*[-–]\s*(\d{{1,2}})(?:,?\s+(\d{{4}}))?", re.I)
_DAY = re.compile(rf"\b({MONTH_RE})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.I)
_MONTH_YEAR = re.compile(rf"\b(?:(early|mid|late|the end of|end of)[- ]+)?({MONTH_RE})(?:\s+(?:of\s+)?(\d{{4}}|last year|this year|next year))?\b", re.I)
_WEEKDAY = re.compile(r"\b(?:(last|next|this|on|)\s*)(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", re.I)
_RELATIVE_MONTH = re.compile(r"\b(last|this|next|earlier this|later this)\s+month\b", re.I)
_RELATIVE_YEAR = re.compile(r"\b(last|this|next)\s+year\b", re.I)
_YEAR = re.compile(r"\b(?:in|since|of)\s+((?:19|20)\d{2})\b")
_RELATIVE_DAY = re.compile(r"\b(today|yesterday|tomorrow)\b", re.I)


@dataclass
class TimeValue:
    start: str | None
    end: str | None = None


def _month_year(month: int, year_hint: str | None, pub: date, tense: str) -> int:
    if year_hint and year_hint.isdigit():
        return int(year_hint)
    if year_hint:
        offset = {"last year": -1, "this year": 0, "next year": 1}[year_hint.lower()]
        return pub.year + offset
    # No year: the month nearest the publication date in the tense's direction.
    if tense == "past":
        return pub.year if month <= pub.month else pub.year - 1
    if tense == "future":
        return pub.year if month >= pub.month else pub.year + 1
    return pub.year if abs(month - pub.month) <= 6 else (pub.year - 1 if month > pub.month else pub.year + 1)


def _weekday(name: str, modifier: str, pub: date, tense: str) -> date:
    target = WEEKDAYS[name.lower()]
    delta = target - pub.weekday()
    modifier = (modifier or "").lower()
    if modifier == "next":
        return pub + timedelta(days=(delta % 7) or 7)
    if modifier == "last":
        return pub - timedelta(days=((-delta) % 7) or 7)
    if tense == "past":
        return pub - timedelta(days=(-delta) % 7)
    if tense == "future":
        return pub + timedelta(days=delta % 7)
    back, fwd = (-delta) % 7, delta % 7
    return pub - timedelta(days=back) if back <= fwd else pub + timedelta(days=fwd)


def resolve(expression: str, pub: date | None, tense: str = "") -> TimeValue | None:
    """A time expression -> ISO values, or None when the text does not fix a date."""
    if pub is None:
        m = re.search(r"\b((?:19|20)\d{2})\b", expression)
        return TimeValue(m.group(1)) if m else None
    m = _RANGE.search(expression)
    if m:
        month = month_number(m.group(1))
        year = _month_year(month, m.group(4), pub, tense)
        try:
            return TimeValue(date(year, month, int(m.group(2))).isoformat(),
                             date(year, month, int(m.group(3))).isoformat())
        except ValueError:
            return None
    m = _DAY.search(expression)
    if m and month_number(m.group(1)):
        month = month_number(m.group(1))
        year = _month_year(month, m.group(3), pub, tense)
        try:
            return TimeValue(date(year, month, int(m.group(2))).isoformat())
        except ValueError:
            return None
    m = _WEEKDAY.search(expression)
    if m:
        return TimeValue(_weekday(m.group(2), m.group(1), pub, tense).isoformat())
    m = _RELATIVE_DAY.search(expression)
    if m:
        shift = {"today": 0, "yesterday": -1, "tomorrow": 1}[m.group(1).lower()]
        return TimeValue((pub + timedelta(days=shift)).isoformat())
    m = _RELATIVE_MONTH.search(expression)
    if m:
        word = m.group(1).lower()
        shift = -1 if word == "last" else 1 if word == "next" else 0
        y, mo = divmod(pub.year * 12 + pub.month - 1 + shift, 12)
        return TimeValue(f"{y:04d}-{mo + 1:02d}")
    m = _MONTH_YEAR.search(expression)
    if m and month_number(m.group(2)) and not re.fullmatch(r"may", m.group(2), re.I):
        month = month_number(m.group(2))
        year = _month_year(month, m.group(3), pub, tense)
        return TimeValue(f"{year:04d}-{month:02d}")
    m = _RELATIVE_YEAR.search(expression)
    if m:
        shift = {"last": -1, "this": 0, "next": 1}[m.group(1).lower()]
        return TimeValue(f"{pub.year + shift:04d}")
    m = _YEAR.search(" " + expression if not expression.startswith(("in", "since", "of")) else expression)
    if m:
        return TimeValue(m.group(1))
    m = re.fullmatch(r"\s*((?:19|20)\d{2})\s*", expression)
    if m:
        return TimeValue(m.group(1))
    return None


def shift_days(iso: str, days: int) -> str | None:
    if len(iso) != 10:
        return None
    return (date.fromisoformat(iso) + timedelta(days=days)).isoformat()
