"""Event mentions with the text's own date, place and actors; the reference events."""

import re
from pathlib import Path

import pytest

from kg.extract.dates import find_date_phrases
from kg.extract.events import find_events
from kg.extract.mentions import Mention, find_mentions
from kg.extract.pipeline import load_cues
from kg.reference import load_entities
from kg.text.dates import parse_partial_date, parse_span

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
CUES = load_cues()
REFERENCE = load_entities()


def events(text, doc="2015", entities=REFERENCE):
    mentions = find_mentions(text, entities, ["-language"])
    phrases = find_date_phrases(text, parse_partial_date(doc), CUES)
    return [(f.event_id, text[f.span[0]:f.span[1]],
             f.date_phrase.date.lexical if f.date_phrase else None, f.actors, f.place)
            for f in find_events(text, mentions, entities, phrases)]


def test_possessive_agent_and_passive_by_agent():
    found = events("Turkey’s shooting down of a Russian fighter jet angered Moscow. "
                   "Russia’s fighter jet shot down by Turkey is another matter.")
    assert found[0][:2] == ("su-24-shootdown", "shooting down of a Russian fighter jet")
    assert ("turkey", "agent") in found[0][3]
    assert ("turkey", "agent") in found[-1][3] and ("russia", "patient") in found[-1][3]


def test_date_in_the_same_clause_and_relative_offsets():
    text = ("It was evident in their speeches at the "
            "UN General Assembly on 28 September, two days before Russia’s bombing raids started. "
            "Ever since it started at the end of September, Russia’s military engagement in Syria "
            "grew.")
    # "bombing raids" is a short form: it needs the full form earlier, so put one first
    text = "Russia’s military engagement in Syria began. " + text
    found = {(e, d) for e, _, d, _, _ in events(text)}
    assert ("un-general-assembly-speeches-2015", "2015-09-28") in found
    assert ("russian-intervention-in-syria", "2015-09-30") in found
    assert ("russian-intervention-in-syria", "2015-09") in found


def test_sentence_opening_date_and_adjacent_year():
    text = ("Early Sunday morning, Syrian rebels declared the overthrow of President Bashar "
            "al-Assad, 24 years after he took power. Yanukovych fled during Ukraine’s 2014 "
            "Maidan Revolution.")
    found = events(text, "2024-12-10")
    assert found[0][0] == "fall-of-the-assad-regime" and found[0][2] == "2024-12-08"
    maidan = ("maidan-revolution", "Maidan Revolution", "2014", (("ukraine", "agent"),), None)
    assert maidan in found


def test_place_inside_or_after_the_mention():
    found = events("the bombing of a Russian passenger plane over Sinai; the annexation of Crimea")
    assert [(e, p) for e, _, _, _, p in found] == [
        ("metrojet-flight-9268-bombing", "sinai"), ("annexation-of-crimea", "crimea")]


def test_dates_in_names_are_not_event_dates():
    from kg.extract.pipeline import extract_document
    text = "His assistance after the September 11 attacks mattered."
    mentions = find_mentions(text, REFERENCE, [])
    found = extract_document(text, parse_partial_date("2024-12-10"), "en", mentions, REFERENCE,
                             CUES).events
    assert [(f.event_id, f.date_phrase) for f in found] == [("september-11-attacks", None)]


# ----------------------------------------------------------------------------- reference events
REFERENCE_EVENTS = [e for e in REFERENCE if e.is_event]
TSV = {line.split("\t")[0]: line.split("\t") for line in
       (Path(__file__).resolve().parent.parent / "kg/reference/wikidata_links.tsv")
       .read_text(encoding="utf-8").splitlines()[1:]}


@pytest.mark.parametrize("event", REFERENCE_EVENTS, ids=lambda e: e.id)
def test_reference_event_is_well_formed(event):
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", event.id)
    if event.date:
        parse_span(event.date)
        assert event.date_source, "a date says where it comes from"
    if event.qid:
        assert TSV[event.id][3] == event.qid, "QIDs only from wikidata_links.tsv"
    # Surface forms are how a curator names the event, not phrases copied from the seeds:
    # they need not occur in the seed texts (they serve every future document).
    for form in (*event.names, *event.short_names):
        assert form.strip() == form and form, f"{form!r}: no blank or padded forms"


def test_every_event_the_issue_lists_is_in_the_reference_data():
    ids = {e.id for e in REFERENCE_EVENTS}
    assert {
        "russian-intervention-in-syria", "fall-of-the-assad-regime", "assad-asylum-in-russia",
        "annexation-of-crimea", "putin-early-departure-from-g20-brisbane",
        "killing-of-muammar-gaddafi", "flight-of-viktor-yanukovych", "maidan-revolution",
        "arab-spring", "russian-protests-2011-2012", "western-sanctions-against-russia-2014",
        "oil-price-collapse-2014", "metrojet-flight-9268-bombing", "su-24-shootdown",
        "un-general-assembly-speeches-2015", "wagner-group-rebellion", "kursk-incursion",
        "vienna-process", "un-security-council-resolution-1973", "minsk-process",
        "paris-attacks-2015",
    } <= ids


@pytest.mark.parametrize(("seed", "doc"), [("000_5406a379349fa65e.txt", "2024-12-10"),
                                            ("004_61b24789334a8fcb.txt", "2015")])
def test_seed_event_mentions_are_real_slices(seed, doc):
    text = (SEEDS / seed).read_text(encoding="utf-8")
    found = events(text, doc)
    assert len(found) > 20
    assert all(span_text.strip() == span_text and span_text for _, span_text, _, _, _ in found)


def test_a_described_mention_reads_no_roles_or_place_inside_its_span():
    """A "described" anchor is a run of evidence words, not a phrase: a state inside it
    ("the US or the UK") is what the event is about, not where it happened."""
    text = "The Kremlin spent weeks debating whether it was the US or the UK behind Poland’s union."
    mentions = find_mentions(text, REFERENCE, ["-language"])
    start = text.index("debating")
    end = text.index("behind") + len("behind")
    for kind, place in (("described", None), ("name", "united-states")):
        anchor = Mention(start, end, "kremlin-debate-on-solidarnosc", kind)
        found = find_events(text, sorted([*mentions, anchor]), REFERENCE, [])
        assert [(f.event_id, f.place) for f in found] == [("kremlin-debate-on-solidarnosc", place)]
