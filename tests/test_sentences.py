"""Sentence, paragraph and quotation spans: the offsets every claim is anchored by."""

from kg.text.quotes import find_quotes, top_level
from kg.text.sentences import clauses, is_heading, paragraphs, sentences


def texts(text):
    return [text[s.start:s.end] for s in sentences(text)]


def test_paragraphs_are_lines_stripped_of_no_break_spaces():
    text = "Title\n\n\u00a0First para. Still first.\u00a0\nSecond\n"
    found = [text[s:e] for s, e in paragraphs(text)]
    assert found == ["Title", "First para. Still first.", "Second"]


def test_abbreviations_and_initials_do_not_end_sentences():
    text = "He helped the U.S. after 9/11. Mr. Smith agreed. Dr. Jones did not."
    assert texts(text) == [
        "He helped the U.S. after 9/11.", "Mr. Smith agreed.", "Dr. Jones did not."]


def test_sentence_ends_after_closing_quote_and_bracket():
    text = "“It is over,” he said. “We lost.” (Read: nothing changed.) Then came more."
    assert texts(text) == ["“It is over,” he said.", "“We lost.”", "(Read: nothing changed.)",
                           "Then came more."]


def test_a_footnote_marker_ends_its_sentence():
    text = "The visit lasted two days.[4] Egypt has said the port is closed.[5] Then came more."
    assert texts(text) == ["The visit lasted two days.[4]", "Egypt has said the port is closed.[5]",
                           "Then came more."]


def test_lower_case_after_full_stop_is_not_a_boundary():
    assert texts("It cost 3.5 bn. dollars and more.") == ["It cost 3.5 bn. dollars and more."]


def test_heading_without_full_stop_and_long_pull_quote():
    text = "The questions of Assad and ISIS \nA sentence."
    heading, body = paragraphs(text)
    assert is_heading(text, heading) and not is_heading(text, body)


def test_clauses_keep_numbers_with_commas_whole():
    text = "Around 4,000 fighters came; another 6,000, it seems, stayed"
    assert [text[s:e] for s, e in clauses(text, 0, len(text))] == [
        "Around 4,000 fighters came", "another 6,000", "it seems", "stayed"]


def quoted(text):
    return [(text[q.inner[0]:q.inner[1]], q.depth) for q in find_quotes(text)]


def test_curly_quotes_nested_and_apostrophes():
    text = "“Putin didn’t say ‘no,’ he said ‘They tricked him,’” the leaders’ aide said."
    assert quoted(text) == [("Putin didn’t say ‘no,’ he said ‘They tricked him,’", 0),
                            ("no,", 1), ("They tricked him,", 1)]


def test_straight_quotes_and_apostrophes():
    text = "He'd said \"it's over. We go home,\" and left; 'fine' was the reply."
    assert quoted(text) == [("it's over. We go home,", 0), ("fine", 0)]


def test_quote_over_several_sentences_and_unclosed_quote_ends_with_paragraph():
    text = "“One. Two. Three,” she said.\n“Still open at the end\nNext."
    assert [t for t, _ in quoted(text)] == ["One. Two. Three,", "Still open at the end"]
    assert len(top_level(find_quotes(text))) == 2
