"""The time layer: time expressions resolved against the publication date, at the precision
the text gives, with the tense of the governing verb (invented sentences and dates).

2025-03-04 is a Tuesday; 2024-12-31 a Tuesday; 2025-03-01 a Saturday; 2024-02-29 a Thursday;
2025-01-01 a Wednesday; 2024-12-10 a Tuesday; 2025-06-30 a Monday."""
from __future__ import annotations

import pytest

from builder.nlp import parse_text
from builder.nlp.layers import TIME


def times(text, published):
    doc = parse_text(text, published)
    return [(s.text, s._.time.start, s._.time.end, s._.time.role) for s in doc.spans[TIME]]


def value(text, published, expression):
    found = [t for t in times(text, published) if t[0] == expression]
    assert found, f"{expression!r} not found in {times(text, published)}"
    return found[0][1:]


CASES = [
    # weekdays: the tense of the governing verb says which side of the publication date
    ("2025-03-04", "Norway's fisheries minister met her Chilean counterpart on Friday.", "Friday", "2025-02-28", None, None),
    ("2025-03-04", "Norway's fisheries minister will meet her Chilean counterpart on Friday.", "Friday", "2025-03-07", None, None),
    ("2025-03-04", "The Kenyan envoy said Tuesday that talks had stalled.", "Tuesday", "2025-03-04", None, None),
    ("2025-03-04", "The Kenyan envoy is due to arrive in Lima on Saturday.", "Saturday", "2025-03-08", None, None),
    ("2025-03-04", "The Kenyan envoy is meeting Pablo Rojas on Thursday.", "Thursday", "2025-03-06", None, None),
    ("2025-03-04", "Rojas has visited Quito twice since Sunday.", "since Sunday", "2025-03-02", None, "since"),
    ("2025-03-04", "The talks were expected on Wednesday, officials in Oslo said.", "Wednesday", "2025-03-05", None, None),
    ("2025-03-04", "The talks had been set for Monday, officials in Oslo said.", "Monday", "2025-03-03", None, None),
    ("2025-03-04", "The envoy said he would fly to Nairobi on Sunday.", "Sunday", "2025-03-09", None, None),
    ("2025-03-04", "Ingrid Berg may travel to Lima on Monday.", "Monday", "2025-03-10", None, None),
    ("2025-03-04", "Holm met Rojas last Thursday.", "last Thursday", "2025-02-27", None, None),
    ("2025-03-04", "Holm will meet Rojas next Monday.", "next Monday", "2025-03-10", None, None),
    ("2025-03-04", "Holm will meet Rojas next Tuesday.", "next Tuesday", "2025-03-11", None, None),
    ("2025-03-04", "Holm met Rojas last Tuesday.", "last Tuesday", "2025-02-25", None, None),
    ("2025-03-04", "Chile condemned Sunday's missile launch.", "Sunday", "2025-03-02", None, None),
    ("2025-03-04", "The two will meet on Monday morning in Oslo.", "Monday morning", "2025-03-10", None, None),
    ("2025-03-04", "The two met on Monday morning in Oslo.", "Monday morning", "2025-03-03", None, None),
    # across month and year ends
    ("2024-12-31", "The ministers met in Nairobi on Friday.", "Friday", "2024-12-27", None, None),
    ("2024-12-31", "The ministers will meet in Nairobi on Friday.", "Friday", "2025-01-03", None, None),
    ("2024-12-31", "The ministers will meet in Nairobi next Monday.", "next Monday", "2025-01-06", None, None),
    ("2024-12-31", "The ministers met in Nairobi last Wednesday.", "last Wednesday", "2024-12-25", None, None),
    ("2025-03-01", "The envoy arrived in Lima on Thursday.", "Thursday", "2025-02-27", None, None),
    ("2025-03-01", "The envoy will leave Lima on Monday.", "Monday", "2025-03-03", None, None),
    ("2025-01-01", "The minister returned from Quito yesterday.", "yesterday", "2024-12-31", None, None),
    ("2024-12-31", "The minister leaves for Quito tomorrow.", "tomorrow", "2025-01-01", None, None),
    ("2025-01-15", "The envoy visited Ottawa last month.", "last month", "2024-12", None, None),
    ("2024-12-10", "The envoy will visit Ottawa next month.", "next month", "2025-01", None, None),
    ("2025-01-15", "The envoys met in Ottawa in December.", "December", "2024-12", None, None),
    ("2024-12-10", "The envoys will meet in Ottawa in January.", "January", "2025-01", None, None),
    ("2024-02-29", "One year ago today, the two leaders met in Oslo.", "One year ago today", "2023-02-28", None, None),
    # relative days, months, years
    ("2025-03-04", "The minister saw the governor this morning.", "this morning", "2025-03-04", None, None),
    ("2025-03-04", "The ministers met in Lima today.", "today", "2025-03-04", None, None),
    ("2025-03-04", "Leaders plan to convene at the end of this month.", "the end of this month", "2025-03", None, None),
    ("2025-03-04", "The two envoys last met in Lima last year.", "last year", "2024", None, None),
    ("2025-03-04", "Kenya and Chile signed the accord two days ago.", "two days ago", "2025-03-02", None, None),
    ("2025-03-04", "Kenya and Chile signed the accord three years ago.", "three years ago", "2022", None, None),
    # absolute dates, months and years
    ("2025-03-04", "The envoys met in Quito on Oct. 30 last year.", "Oct. 30 last year", "2024-10-30", None, None),
    ("2025-03-04", "The accord expires on June 10 this year.", "June 10 this year", "2025-06-10", None, None),
    ("2025-03-04", "The envoys met in Quito on 12 January 2021.", "12 January 2021", "2021-01-12", None, None),
    ("2025-03-04", "The envoys met in Quito on the 5th of February.", "the 5th of February", "2025-02-05", None, None),
    ("2025-03-04", "The envoys will meet in Quito in September.", "September", "2025-09", None, None),
    ("2025-03-04", "The envoys met in Quito in September.", "September", "2024-09", None, None),
    ("2025-03-04", "The embassy in Nairobi opened in 2019.", "2019", "2019", None, None),
    ("2025-03-04", "The envoys met in Quito in late May 2021.", "late May 2021", "2021-05", None, None),
    ("2025-03-04", "The envoys last met in Quito in mid-2019.", "mid-2019", "2019", None, None),
    ("2025-03-04", "The vote, set for Sunday, was postponed.", "Sunday", "2025-03-02", None, None),
    ("2025-03-04", "The vote, set for Sunday, will go ahead.", "Sunday", "2025-03-09", None, None),
    ("2025-03-04", "The envoys may meet again in May.", "May", "2025-05", None, None),
    ("2025-03-04", "Talks have stalled since March.", "since March", "2025-03", None, "since"),
    # ranges
    ("2025-03-04", "The envoys will meet in Lima from March 10 to 12.", "from March 10 to 12", "2025-03-10", "2025-03-12", "range"),
    ("2025-03-04", "The envoys will meet in Lima March 10-12.", "March 10-12", "2025-03-10", "2025-03-12", "range"),
    ("2025-03-04", "The envoys will meet in Lima from March 30 to April 2.", "from March 30 to April 2", "2025-03-30", "2025-04-02", "range"),
    ("2025-03-04", "The envoys will meet in Lima between May 8 and 10.", "between May 8 and 10", "2025-05-08", "2025-05-10", "range"),
    ("2025-03-04", "The envoys will be in Lima from Monday to Wednesday.", "from Monday to Wednesday", "2025-03-10", "2025-03-12", "range"),
    ("2025-03-05", "The envoy is in Lima from Monday to Thursday.", "from Monday to Thursday", "2025-03-03", "2025-03-06", "range"),
    ("2025-03-04", "Rossi served as ambassador to Peru from 2011 to 2014.", "from 2011 to 2014", "2011", "2014", "range"),
    ("2025-03-04", "The envoys met from Dec. 30 to Jan. 2, 2025.", "from Dec. 30 to Jan. 2, 2025", "2024-12-30", "2025-01-02", "range"),
    ("2025-03-05", "The envoy was in Lima from Monday to Thursday.", "from Monday to Thursday", "2025-02-24", "2025-02-27", "range"),
    ("2025-03-04", "The drills will run from April to June.", "from April to June", "2025-04", "2025-06", "range"),
    ("2025-03-04", "The drills ran between November 2024 and January 2025.", "between November 2024 and January 2025",
     "2024-11", "2025-01", "range"),
    ("2025-03-04", "Rossi served in Lima from 2011 until 2014.", "from 2011 until 2014", "2011", "2014", "range"),
    ("2025-03-04", "Rossi served in Lima 2011-2014.", "2011-2014", "2011", "2014", "range"),
    # an end only; other bounds
    ("2025-03-04", "Rojas will stay in Quito until Wednesday.", "until Wednesday", None, "2025-03-05", "end"),
    ("2025-03-04", "Rojas will stay in Quito till Friday.", "till Friday", None, "2025-03-07", "end"),
    ("2025-03-04", "The minister will leave for Lima on Monday and stay there until Thursday.", "until Thursday", None, "2025-03-06", "end"),
    ("2025-03-04", "Chile must reply by Friday, the Kenyan envoy said.", "by Friday", "2025-03-07", None, "by"),
    ("2025-03-04", "The envoys will confer in Oslo ahead of Sunday's vote.", "ahead of Sunday", "2025-03-09", None, "before"),
    ("2025-03-04", "The envoys will confer in Oslo from Monday.", "from Monday", "2025-03-10", None, "start"),
    # a date inside a noun phrase, or on a noun that is not the verb's object, is not dated by
    # the verb's tense: the nearest such day, or the order a role word gives (the date is the
    # noun's own: its role stays None, TimeValue.noun_role says how the noun's phrase bounds the clause)
    ("2025-09-20", "Kenya's trade envoy will visit Oslo on Oct. 6, a month after a Sept. 2 meeting in Nairobi.",
     "Sept. 2", "2025-09-02", None, None),
    ("2025-03-04", "The envoys met in Ottawa on Oct. 2, weeks after their meeting in Lima on June 30.",
     "June 30", "2024-06-30", None, None),
    ("2025-03-04", "The ministers will discuss Sunday's launch in Oslo.", "Sunday", "2025-03-02", None, None),
    ("2025-03-06", "The ministry said Monday's talks in Lima would focus on fisheries.", "Monday", "2025-03-10", None, None),
    ("2025-03-06", "Monday's talks in Lima were called off.", "Monday", "2025-03-03", None, None),
    ("2025-03-07", "Norway's envoy arrives in Lima for talks on Thursday.", "Thursday", "2025-03-06", None, None),
    ("2025-03-07", "Norway's envoy arrives in Lima on Thursday.", "Thursday", "2025-03-13", None, None),
    ("2025-03-04", "The ministers met two days before Sunday's vote.", "before Sunday", "2025-03-02", None, "before"),
    ("2025-03-07", "The Kenyan envoy will meet Rojas in Lima on Saturday.", "Saturday", "2025-03-08", None, None),
    ("2025-03-07", "Chile will hold talks with the Kenyan delegation on Monday.", "Monday", "2025-03-10", None, None),
    ("2025-03-04", "Chile's envoy said the accord would be signed by the end of 2026.", "by the end of 2026", "2026", None, "by"),
    # a year with its part: the part is kept in the expression
    ("2025-09-01", "A ministerial follow-up is planned for early 2026.", "early 2026", "2026", None, None),
    ("2025-03-04", "Talks between Lima and Quito resumed in late 2024.", "late 2024", "2024", None, None),
    ("2025-03-04", "The two envoys will meet again in the second half of 2026.", "the second half of 2026", "2026", None, None),
    ("2025-03-04", "A summit in Nairobi is planned for the first quarter of next year.",
     "the first quarter of next year", "2026", None, None),
    # days of one month joined by "and": a range when they follow each other
    ("2025-03-04", "The envoys will meet in Lima on March 10 and 11.", "March 10 and 11", "2025-03-10", "2025-03-11", "range"),
    ("2025-03-04", "Talks in Nairobi are set for 3, 4 and 5 May.", "3, 4 and 5 May", "2025-05-03", "2025-05-05", "range"),
    # a range with its only year written at its start
    ("2025-03-04", "The envoy will be in Lima from November 2025 to February.", "from November 2025 to February",
     "2025-11", "2026-02", "range"),
    ("2025-03-04", "The talks ran from November to February 2025.", "from November to February 2025", "2024-11", "2025-02", "range"),
]


@pytest.mark.parametrize("published, text, expression, start, end, role", CASES)
def test_time_expressions(published, text, expression, start, end, role):
    assert value(text, published, expression) == (start, end, role)


@pytest.mark.parametrize("text, expression", [
    ("The envoys will meet again next week.", "next week"),
    ("The envoys will meet again soon.", "soon"),
    ("The envoys will meet again in the coming weeks.", "in the coming weeks"),
    ("The envoys will meet later this week.", "later this week"),
    ("The envoys met last week in Quito.", "last week"),
    ("The envoys met a week ago in Quito.", "a week ago"),
    ("The envoys will meet in two weeks.", "in two weeks"),
    ("The envoys will meet within a month.", "within a month"),
    ("Chile wants a deal at the end of the year.", "the end of the year"),
])
def test_expressions_that_fix_no_date_keep_only_the_words(text, expression):
    assert value(text, "2025-03-04", expression) == (None, None, None)


@pytest.mark.parametrize("text, expression, day", [
    ("The ministers met in Lima on March 1. The next day, they flew to Quito.", "The next day", "2025-03-02"),
    ("The ministers met in Lima on March 1. Hours later, the accord collapsed.", "Hours later", "2025-03-01"),
    ("The ministers met in Lima on Friday, and signed the accord the same day.", "the same day", "2025-02-28"),
    ("Rojas landed in Nairobi on Sunday. A day later he met Kamau.", "A day later", "2025-03-03"),
    ("Rojas landed in Nairobi on Sunday. The previous day he had seen Holm.", "The previous day", "2025-03-01"),
    ("Rojas landed in Nairobi on Sunday. That evening he met Kamau.", "That evening", "2025-03-02"),
    ("Rojas met Kamau in Nairobi on Sunday. Earlier in the day he had seen Holm.", "Earlier in the day", "2025-03-02"),
    ("Rojas met Kamau in Nairobi. Earlier in the day he had seen Holm.", "Earlier in the day", "2025-03-04"),
])
def test_anchored_expressions_count_from_the_last_day_named(text, expression, day):
    assert value(text, "2025-03-04", expression)[0] == day


def test_days_of_a_month_that_do_not_follow_each_other_are_two_expressions():
    found = times("The envoys met in Lima on Feb. 3 and 17.", "2025-03-04")
    assert [(t[0], t[1], t[2]) for t in found] == [("Feb. 3", "2025-02-03", None), ("17", "2025-02-17", None)]


def test_a_count_after_a_day_is_no_second_day():
    found = times("On March 10 and 11 ministers signed the accord in Quito.", "2025-03-04")
    assert [(t[0], t[1], t[2]) for t in found] == [("March 10", "2025-03-10", None)]


def test_a_date_inside_a_noun_phrase_names_its_noun():
    doc = parse_text("Kenya's envoy will visit Oslo on Oct. 6, a month after a Sept. 2 meeting in Nairobi.", "2025-09-20")
    value = next(s._.time for s in doc.spans[TIME] if s.text == "Sept. 2")
    assert doc[value.noun].text == "meeting" and value.noun_role == "after" and value.role is None
    value = next(s._.time for s in doc.spans[TIME] if s.text == "Oct. 6")
    assert value.noun is None


def test_the_same_day_paragraphs_later_is_the_one_day_named_before():
    text = ("Rojas met Kamau in Nairobi on Sunday.\n\nKamau later spoke to the press.\n\n"
            "Chile's cabinet met in Santiago. The same day, Peru recalled its envoy.")
    assert value(text, "2025-03-04", "The same day")[0] == "2025-03-02"
    text = ("Rojas met Kamau in Nairobi today. Kamau, who landed on Sunday, spoke to the press.\n\n"
            "Chile's cabinet met in Santiago.\n\nThe envoys also planned talks with Peru on the same day.")
    assert value(text, "2025-03-04", "the same day")[0] is None  # today or Sunday: the text does not say


def test_an_anchored_expression_with_no_day_named_before_gets_no_date():
    assert value("The accord collapsed the next day.", "2025-03-04", "the next day") == (None, None, None)
    assert all(t[1] is None for t in times("The vote came a day before the summit opened.", "2025-03-04"))


@pytest.mark.parametrize("text", [
    "Kenya launched 69 rockets in 2022 and several dozen since.",
    "The Council held its 9485th meeting on the question.",
    "The envoy may raise the matter with Rojas.",
    "Thousands joined the march in Lima.",
    "The Kenyan minister spoke to May and Rojas in London.",
    "Kamau talked with Theresa May on the phone.",
])
def test_no_date_from_a_number_or_word_that_is_not_one(text):
    found = times(text, "2025-03-04")
    assert all(t[0] in ("2022", "in 2022") for t in found), found


def test_a_quoted_today_is_the_day_it_was_said():
    text = "\"We are signing the accord today,\" Rojas told reporters in Lima on Friday."
    found = {t[0]: t[1] for t in times(text, "2025-03-04")}
    assert found["today"] is None and found["Friday"] == "2025-02-28"


def test_no_publication_date_keeps_absolute_dates_only():
    found = {t[0]: t[1] for t in times("The envoys met on March 3, 2019 and again on Friday.", None)}
    assert found["March 3, 2019"] == "2019-03-03" and found["Friday"] is None


def test_a_dateline_holds_no_time_expression_of_the_text():
    found = times("OSLO, March 3 (Fjord Wire) -- The ministers met on Monday.", "2025-03-04")
    assert [t[0] for t in found] == ["Monday"]
