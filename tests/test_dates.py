"""Time expressions resolved against the document date."""

import pytest

from kg.extract.dates import find_date_phrases
from kg.extract.pipeline import load_cues
from kg.text.dates import parse_partial_date

CUES = load_cues()


def dates(text, doc):
    return [(text[p.span[0]:p.span[1]], p.date.lexical)
            for p in find_date_phrases(text, parse_partial_date(doc), CUES)]


def test_weekday_is_the_most_recent_on_or_before_the_document_date():
    # 2024-12-10 is a Tuesday; the Sunday before is the 8th
    assert dates("Early Sunday morning, rebels declared victory.", "2024-12-10") == [
        ("Early Sunday morning", "2024-12-08")]
    assert dates("On Tuesday the talks began.", "2024-12-10") == [("On Tuesday", "2024-12-10")]


def test_weekday_needs_a_known_day():
    assert dates("Early Sunday morning, it began.", "2015") == []


def test_month_without_year_in_a_text_known_only_by_year():
    assert dates("Ever since it started at the end of September, it grew.", "2015") == [
        ("at the end of September", "2015-09")]
    assert dates("It exists since June.", "2015") == [("since June", "2015-06")]


def test_month_after_the_document_month_is_last_year():
    assert dates("It began in November.", "2016-03-10") == [("in November", "2015-11")]
    assert dates("It began in February.", "2016-03-10") == [("in February", "2016-02")]


def test_day_and_month_take_the_document_year():
    assert dates("They spoke at the UN on 28 September.", "2015") == [
        ("on 28 September", "2015-09-28")]
    assert dates("It happened on March 6, 2016.", "2020") == [("on March 6, 2016", "2016-03-06")]


def test_years_ranges_and_month_years():
    assert dates("after the 2011-2012 protests and in 2015–2016", "2020") == [
        ("2011-2012", "2011"), ("in 2015–2016", "2015")]
    assert dates("since June 2015", "2020") == [("since June 2015", "2015-06")]


def test_numbers_that_are_not_years():
    assert dates("some 6,000 fighters, 2,015 tanks and 300 planes", "2020") == []


def test_offsets_count_from_the_other_date_of_the_sentence():
    assert dates("on 28 September, two days before the raids started", "2015") == [
        ("on 28 September", "2015-09-28"), ("two days before", "2015-09-30")]
    assert dates("Early Sunday morning, he fell, 24 years after he took power.", "2024-12-10") == [
        ("Early Sunday morning", "2024-12-08"), ("24 years after", "2000")]


def test_an_offset_without_an_anchor_is_not_a_date():
    assert dates("It ended 24 years after it began.", "2024-12-10") == []


@pytest.mark.parametrize(("phrase", "doc", "expected"), [
    ("last week", "2024-12-10", "2024-12"),     # 2-8 December
    ("last week", "2024-12-03", "2024"),        # 25 Nov - 1 Dec straddles two months
    ("yesterday", "2024-12-10", "2024-12-09"),
    ("last month", "2016-03-10", "2016-02"),
    ("last year", "2015", "2014"),
])
def test_relative_expressions(phrase, doc, expected):
    found = dates(f"The events of {phrase} changed much.", doc)
    assert found == [(phrase, expected)]


def test_relative_expressions_need_the_precision_they_count_in():
    assert dates("The events of last week changed much.", "2015") == []


def test_a_sentence_about_the_future_dates_forward() -> None:
    """Written before the rule: "will leave on Monday" is the next Monday, not the last."""
    from kg.extract.dates import find_date_phrases
    from kg.extract.pipeline import load_cues
    from kg.text.dates import parse_partial_date

    text = ("The ships left on Monday. The ships will leave on Monday. Patrols are due to begin "
            "on March 15. Talks were held on March 15. The envoy returns next month.")
    found = [(text[p.span[0]:p.span[1]], p.date.lexical)
             for p in find_date_phrases(text, parse_partial_date("2020-03-05"), load_cues())]
    said = "The troops will leave soon, a source said Sunday."
    assert [p.date.lexical for p in find_date_phrases(
        said, parse_partial_date("2025-06-08"), load_cues())] == ["2025-06-08"]  # said: past
    assert found == [("on Monday", "2020-03-02"), ("on Monday", "2020-03-09"),
                     ("on March 15", "2020-03-15"), ("on March 15", "2019-03-15"),
                     ("next month", "2020-04")]


def test_a_live_page_entry_is_dated_by_its_page() -> None:
    from kg.extract.dates import find_date_phrases
    from kg.extract.pipeline import load_cues
    from kg.text.dates import parse_partial_date

    text = "Live: talks in Doha\n\n09:15 GMT – Delegations have arrived.\n\nAt 10:30 nothing moved."
    found = [(text[p.span[0]:p.span[1]], p.date.lexical)
             for p in find_date_phrases(text, parse_partial_date("2025-02-03"), load_cues())]
    assert found == [("09:15 GMT", "2025-02-03")]  # a time inside a sentence dates nothing
