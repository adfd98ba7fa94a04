"""Calendar dates written in text: shared by ingest (publication dates) and the time layer.

A date is found by its shape (a month name or a numeric year-month-day group with a day and a
year) and read by `python-dateutil`, which knows the spellings ("Sept.", "28th", RFC 2822,
ISO with a time). A number alone is never read as a date: dateutil's fuzzy mode would turn
"the 9485th meeting" into a day, so it only ever sees a substring of a date's shape.

`parse_date` gives a full date or None; `date_fields` says which of year, month and day a
written expression gives ("March 28" has no year), for the time layer to resolve the rest.
"""
from __future__ import annotations

import re
import warnings
from datetime import date, datetime
from functools import lru_cache
from importlib import resources

import yaml
from dateutil import parser as _dateutil

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}


@lru_cache(maxsize=1)
def time_words() -> dict:
    """builder/patterns/time.yaml, the time grammar (read once per process)."""
    return yaml.safe_load(resources.files("builder").joinpath("patterns/time.yaml").read_text(encoding="utf-8"))


WEEKDAYS = {str(w).lower(): n for n, w in enumerate(time_words()["sets"]["weekday"])}  # monday: 0 ... sunday: 6


def weekday_pattern() -> re.Pattern:
    """A weekday's name or short form ("Thursday", "Thu.", "Tues"), from time.yaml's sets."""
    sets = time_words()["sets"]
    words = sorted({str(w).lower() for w in sets["weekday"] + sets["weekday_short"]}, key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(map(re.escape, words))})\b\.?", re.IGNORECASE)

MONTH_RE = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_ORD = r"(?:st|nd|rd|th)?"
_TIME = r"(?:[T ,]*\(?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\)?(?:\s*(?:Z|[+-]\d{2}:?\d{2}))?)?"

# The shapes of a full date, each a group dateutil reads. The numeric day-month-year shape is
# taken only when it is unambiguous (see `_numeric_dmy`).
_DATE_SHAPES = [
    re.compile(rf"(?<![\d.])(\d{{4}})([-./])(\d{{1,2}})\2(\d{{1,2}})(?![\d])({_TIME})"),           # 2019-03-28, 2018.10.29 15:07
    re.compile(rf"\b(\d{{1,2}}){_ORD}\s+(?:of\s+)?({MONTH_RE}),?\s+(\d{{4}})\b", re.I),            # 28 March 2019, 05 Mar 2019
    re.compile(rf"\b({MONTH_RE})\s*(\d{{1,2}}){_ORD},?\s*(\d{{4}})\b", re.I),                     # March 28, 2019; Mar.29,2019
]
_NUMERIC_DMY = re.compile(r"(?<![\d.])(\d{1,2})([./])(\d{1,2})\2(\d{4})(?![\d])")             # 28.03.2019
_FIELD_DEFAULTS = (datetime(1904, 1, 1), datetime(1908, 2, 2))


def month_number(word: str) -> int | None:
    return MONTHS.get(word.lower().rstrip("."))


def _read(text: str) -> datetime | None:
    """dateutil's reading of a date-shaped substring, or None when it is not a real date."""
    text = text.replace("(", " ").replace(")", " ").strip(" ,")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unknown time-zone names ("KST") do not matter for a day
            return _dateutil.parse(text, default=_FIELD_DEFAULTS[0])
    except (ValueError, OverflowError):
        return None


def _numeric_dmy(m: re.Match) -> date | None:
    day, month, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
    if day <= 12 and month <= 12 and day != month:
        return None  # 03.04.2019: the third of April or the fourth of March
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_date(text: str) -> tuple[date, int, int] | None:
    """The first full calendar date written in `text`: (date, start, end) of its characters."""
    found: list[tuple[int, int, date]] = []
    for shape in _DATE_SHAPES:
        for m in shape.finditer(text):
            value = _read(m.group(0))
            if value is not None:
                found.append((m.start(), m.end(), value.date()))
                break
    for m in _NUMERIC_DMY.finditer(text):
        value = _numeric_dmy(m)
        if value is not None:
            found.append((m.start(), m.end(), value))
            break
    if not found:
        return None
    start, end, value = min(found)
    return value, start, end


def parse_date(text: str) -> date | None:
    """A full calendar date written in `text` ("March 28, 2019 - 16:07", "2018.10.29 (15:07)",
    "28 March 2019", "Tue, 05 Mar 2019 10:00:00 +0900", "2019-03-28"), or None."""
    found = find_date(text)
    return found[0] if found else None


def date_fields(text: str) -> tuple[int | None, int | None, int | None]:
    """Which of (year, month, day) a date expression writes, read by dateutil ("March 28" ->
    (None, 3, 28); "September 2019" -> (2019, 9, None)). Fields it does not write are None."""
    readings = []
    for default in _FIELD_DEFAULTS:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                readings.append(_dateutil.parse(text, default=default))
        except (ValueError, OverflowError):
            return None, None, None
    a, b = readings
    return (a.year if a.year == b.year else None, a.month if a.month == b.month else None,
            a.day if a.day == b.day else None)
