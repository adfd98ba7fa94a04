"""Time expressions resolve against the publication date, at the precision the text gives."""
from __future__ import annotations

from datetime import date

import pytest

from builder.legacy.extract.temporal import resolve

PUB = date(2019, 3, 28)  # a Thursday


@pytest.mark.parametrize("text, tense, start, end", [
    ("on Thursday", "past", "2019-03-28", None),
    ("on Friday", "future", "2019-03-29", None),
    ("till Saturday", "future", "2019-03-30", None),
    ("on Friday", "past", "2019-03-22", None),
    ("last month", "", "2019-02", None),
    ("late February", "past", "2019-02", None),
    ("March 15", "past", "2019-03-15", None),
    ("Feb. 27-28", "past", "2019-02-27", "2019-02-28"),
    ("in June 2018", "", "2018-06", None),
    ("June last year", "", "2018-06", None),
    ("Oct. 5", "", "2018-10-05", None),
    ("last year", "", "2018", None),
])
def test_resolution(text, tense, start, end):
    value = resolve(text, PUB, tense)
    assert (value.start, value.end) == (start, end)


@pytest.mark.parametrize("text", ["next week", "soon", "in the future", "as early as possible"])
def test_no_date_where_the_text_gives_none(text):
    assert resolve(text, PUB, "future") is None


def test_without_a_publication_date_only_explicit_years_resolve():
    assert resolve("on Friday", None) is None
    assert resolve("in 2016", None).start == "2016"
