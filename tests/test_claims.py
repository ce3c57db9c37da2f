"""Claims on short new texts (every cue type of issue 3) and on the two seeds.

The fixture texts under tests/fixtures/texts/ are written for these tests: another
outlet's report on the bases and an interview with quoted officials. They run through
extract_document with a small entity list built here, so nothing depends on the seeds.
"""

from pathlib import Path

import pytest

from kg.extract.mentions import find_mentions
from kg.extract.pipeline import extract_document, load_cues
from kg.reference import Entity, load_entities
from kg.text.dates import parse_partial_date
from kg.text.sentences import paragraphs

HERE = Path(__file__).resolve().parent
CUES = load_cues()
E = Entity
ENTITIES = (
    E("russia", "Russia", "State", names=("Russia",), demonyms=("Russian", "Russians")),
    E("syria", "Syria", "State", names=("Syria",), demonyms=("Syrian",)),
    E("united-states", "United States", "State", names=("U.S.",)),
    E("africa", "Africa", "Region", names=("Africa",)),
    E("moscow", "Moscow", "City", names=("Moscow",)),
    E("latakia", "Latakia", "City", names=("Latakia",)),
    E("tartus", "Tartus", "City", names=("Tartus",)),
    E("mediterranean", "Mediterranean Sea", "Region", names=("Mediterranean",)),
    E("tartus-base", "Russian naval facility in Tartus", "NavalBase", names=("Tartus naval base",)),
    E("khmeimim", "Khmeimim Air Base", "AirBase", names=("Khmeimim",)),
    E("ivanova", "Maria Ivanova", "Person", names=("Maria Ivanova",), short_names=("Ivanova",)),
    E("haddad", "Omar Haddad", "Person", names=("Omar Haddad",), short_names=("Haddad",)),
    E("orlov", "Pavel Orlov", "Person", names=("Pavel Orlov",), short_names=("Orlov",)),
    E("nasser", "Sami Nasser", "Person", names=("Sami Nasser",), short_names=("Nasser",)),
    E("monitor", "Levant Monitor", "MediaOutlet", names=("Levant Monitor",),
      short_names=("the Monitor",)),
    E("ins", "Institute for Naval Studies", "ThinkTank", names=("Institute for Naval Studies",)),
    E("mod", "Russian Ministry of Defence", "GovernmentBody",
      names=("Russian Ministry of Defence",)),
    E("intervention", "Russian intervention in Syria", "Event",
      names=("Russian intervention in Syria",)),
    E("plane-crash", "Khmeimim transport plane crash", "Event",
      names=("crash of a transport plane",)),
)


def run(text, date, entities=ENTITIES):
    mentions = find_mentions(text, entities, ["-language"])
    return extract_document(text, parse_partial_date(date), "en", mentions, entities, CUES)


def fixture(name, date):
    text = (HERE / "fixtures" / "texts" / name).read_text(encoding="utf-8")
    return text, run(text, date)


def claim(text, extraction, words):
    """The claim whose span starts with `words`."""
    found = [c for c in extraction.claims if text[c.span[0]:c.span[1]].startswith(words)]
    assert found, f"no claim starts with {words!r}"
    return found[0]


def cue(text, c):
    return text[c.cue[0]:c.cue[1]] if c.cue else None


@pytest.fixture(scope="module")
def report():
    return fixture("bases_report.txt", "2025-01-15")


@pytest.fixture(scope="module")
def interview():
    return fixture("interview.txt", "2016-03-10")


# ----------------------------------------------------------------------------- cue types
def test_outlet_reports_at_end_of_sentence(report):
    text, x = report
    c = claim(text, x, "Early Monday morning")
    assert (c.claimant, c.kind, cue(text, c)) == ("monitor", "paraphrase", "reported")


def test_writes_with_venue_essay_for_two_outlets(report):
    text, x = report
    c = claim(text, x, "Russia still keeps")
    assert (c.claimant, cue(text, c)) == ("ivanova", "writes")
    assert c.first_appeared_in == ("monitor", "ins")
    assert text[c.venue_span[0]:c.venue_span[1]] == (
        "in an essay for the Levant Monitor and the Institute for Naval Studies")
    assert [q.value for q in c.quantities] == [1500]


def test_she_writes_after_a_multi_sentence_quote(report):
    text, x = report
    c = claim(text, x, "The bases were never")
    assert (c.claimant, c.kind, cue(text, c)) == ("ivanova", "direct-quote", "writes")
    assert text[c.span[0]:c.span[1]].endswith("gateway to Africa,")
    assert {"syria", "moscow", "africa"} <= set(c.about)
    assert c.first_appeared_in == ("monitor", "ins")   # the venue stays with the speaker


def test_in_x_view(report):
    text, x = report
    c = claim(text, x, "In Ivanova’s view")
    assert (c.claimant, c.kind, cue(text, c)) == ("ivanova", "paraphrase", "In Ivanova’s view")


def test_points_to_and_block_quote_after_colon(report):
    text, x = report
    intro = claim(text, x, "Ivanova points to")
    block = claim(text, x, "The ships that left")
    assert (intro.claimant, cue(text, intro)) == ("ivanova", "points to")
    assert (block.claimant, block.kind) == ("ivanova", "direct-quote")
    assert text[block.span[0]:block.span[1]].endswith("began in 2015.")


def test_according_to_told_outlet_and_straight_quote_continuation(report):
    text, x = report
    according = claim(text, x, "According to Omar Haddad")
    told = claim(text, x, "We have asked them")
    more = claim(text, x, "Nobody wants foreign troops here. The talks will continue.")
    assert (according.claimant, cue(text, according)) == ("haddad", "According to")
    assert (told.claimant, cue(text, told)) == ("haddad", "told")
    assert told.first_appeared_in == ("monitor",)
    assert (more.claimant, more.kind) == ("haddad", "direct-quote")
    assert [(q.value, q.hedge) for q in according.quantities] == [(300, "approximate")]


def test_said_paraphrase_and_he_continues_the_speaker(report):
    text, x = report
    assert claim(text, x, "Haddad said the lease").claimant == "haddad"
    he = claim(text, x, "He also noted")
    assert (he.claimant, cue(text, he)) == ("haddad", "noted")


def test_echoes_and_conception_according_to(report):
    text, x = report
    echo = claim(text, x, "Without Tartus")
    assert (echo.claimant, cue(text, echo)) == ("ivanova", "echoes")
    conception = claim(text, x, "In Moscow’s conception")
    assert (conception.claimant, cue(text, conception)) == ("ivanova", "according to")


def test_furniture_and_foreign_script_make_no_claims(report):
    text, x = report
    furniture_start = text.index("Subscribe")
    assert not [c for c in x.claims if c.span[1] > furniture_start]
    assert claim(text, x, "The Russian intervention in Syria began").claimant is None


def test_said_colon_straight_quotes_he_argued(interview):
    text, x = interview
    said = claim(text, x, "Khmeimim is a permanent facility. It will remain so.")
    argued = claim(text, x, "He argued that")
    he_said = claim(text, x, "We came to fight terrorism")
    assert [(c.claimant, c.kind) for c in (said, argued, he_said)] == [
        ("orlov", "direct-quote"), ("orlov", "paraphrase"), ("orlov", "direct-quote")]


def test_believes_that_but_not_believes_in(interview):
    text, x = interview
    c = claim(text, x, "Orlov believes that")
    assert (c.claimant, cue(text, c)) == ("orlov", "believes")
    assert [(q.value, q.hedge) for q in c.quantities] == [(2000, "approximate")]
    assert claim(text, x, "Orlov believes in dialogue").kind == "document-voice"


def test_according_to_an_institution_and_podcast_venue(interview):
    text, x = interview
    ministry = claim(text, x, "According to the Russian Ministry of Defence")
    assert ministry.claimant == "mod"
    podcast = claim(text, x, "Orlov explained on")
    assert (podcast.claimant, podcast.first_appeared_in) == ("orlov", ("monitor",))
    assert text[podcast.venue_span[0]:podcast.venue_span[1]] == "on the Monitor’s weekly podcast"


def test_quotes_around_a_cue_and_opinion_frame(interview):
    text, x = interview
    assert claim(text, x, "We saw only soldiers.").claimant == "nasser"
    opinion = claim(text, x, "In Nasser’s opinion")
    assert (opinion.claimant, opinion.kind) == ("nasser", "paraphrase")


def test_headline_quote_is_not_a_claim(interview):
    text, x = interview
    assert not [c for c in x.claims if c.span[0] < text.index("Deputy")]


def test_fixture_events_and_dates(report, interview):
    _, x = report
    found = [(e.event_id, e.date_phrase.date.lexical) for e in x.events]
    assert found == [("intervention", "2015-09")]
    _, y = interview
    assert [(e.event_id, e.date_phrase.date.lexical, e.place) for e in y.events] == [
        ("plane-crash", "2016-03-06", "khmeimim")]


# ----------------------------------------------------------------------------- seeds
SEEDS = HERE.parent / "seeds"
REFERENCE = load_entities()


@pytest.fixture(scope="module")
def meduza():
    text = (SEEDS / "000_5406a379349fa65e.txt").read_text(encoding="utf-8")
    return text, run(text, "2024-12-10", REFERENCE)


@pytest.fixture(scope="module")
def ecfr():
    text = (SEEDS / "004_61b24789334a8fcb.txt").read_text(encoding="utf-8")
    return text, run(text, "2015", REFERENCE)


@pytest.mark.parametrize("seed", ["meduza", "ecfr"])
def test_every_claim_span_is_a_real_slice(seed, request):
    text, x = request.getfixturevalue(seed)
    assert x.claims
    for c in x.claims:
        chunk = text[c.span[0]:c.span[1]]
        assert 0 <= c.span[0] < c.span[1] <= len(text) and chunk.strip() == chunk
        if c.cue:
            assert 0 <= c.cue[0] < c.cue[1] <= len(text)


def test_meduza_block_quotes_are_baunovs(meduza):
    text, x = meduza
    paras = paragraphs(text)
    blocks = [p for i, p in enumerate(paras) if i and text[paras[i - 1][1] - 1] == ":"]
    assert len(blocks) == 3
    for p in blocks:
        c = next(c for c in x.claims if c.span == p)
        assert (c.claimant, c.kind) == ("alexander-baunov", "direct-quote")
        assert c.first_appeared_in == ("meduza", "carnegie-russia-eurasia-center")


def test_meduza_suleimanov_quotes(meduza):
    text, x = meduza
    for words in ("Western intelligence agencies", "You could imagine", "The Kremlin clearly",
                  "The Russian authorities", "It’s an image blow", "If Putin had the means",
                  "Putin today is not", "This is a sign of his weakness"):
        c = claim(text, x, words)
        assert (c.claimant, c.kind, c.first_appeared_in) == (
            "ruslan-suleimanov", "direct-quote", ("meduza",)), words
    assert "vladimir-putin" in claim(text, x, "Western intelligence agencies").about


def test_meduza_baunov_he_writes_and_conception(meduza):
    text, x = meduza
    assert claim(text, x, "The current Putin is so focused").claimant == "alexander-baunov"
    c = claim(text, x, "In Putin’s conception")
    assert c.claimant == "alexander-baunov" and "vladimir-putin" in c.about


def test_meduza_donation_appeals_make_no_claims(meduza):
    text, x = meduza
    for start in (text.index("The bitter truth"), text.index("«Медуза»"), text.index("Sign up")):
        end = text.index("\n", start)
        assert not [c for c in x.claims if start <= c.span[0] < end]
    assert not [c for c in x.claims if c.span[0] > text.index("«Медуза»")]


def test_ecfr_furniture_makes_no_claims(ecfr):
    text, x = ecfr
    for marker in ("Podcast:", "To load the audio player", "Load player",
                   "The European Council on Foreign Relations does not", "Senior Policy Fellow",
                   "Subscribe", "We will store"):
        start = text.index(marker)
        end = text.find("\n", start)
        assert not [c for c in x.claims if start <= c.span[0] < end], marker


def test_ecfr_speech_act_and_document_voice(ecfr):
    text, x = ecfr
    assert claim(text, x, "Obama gave an eloquent defence").claimant == "barack-obama"
    assert claim(text, x, "Russia simply does not believe").claimant is None
    assert not [c for c in x.claims if text[c.span[0]:c.span[1]].endswith("?")]


def test_a_headline_says_who_says_it():
    """"…, Levant Monitor says" in a headline is the outlet's claim; a headline without a
    speaker stays nobody's (a sentence of our own, written first)."""
    text = ("Tartus base to close within a year, Levant Monitor says\n"
            "Ships left the port on Monday. Nobody stayed behind.\n")
    x = run(text, "2025-05-14")
    head = [c for c in x.claims if c.span[0] == 0]
    assert [(text[c.span[0]:c.span[1]], c.claimant) for c in head] == [
        ("Tartus base to close within a year, Levant Monitor says", "monitor")], x.claims
