"""Names, speakers, events and counts the reference data does not know (issue #9).

The sentences here are written for these tests, about people and outlets that exist
nowhere else in the project; the rules were not written from them. The development set
(tests/fixtures/devset) is scored in test_devset_floors; the blind held-out sets
(tests/fixtures/heldout6, heldout7) only in test_heldout_builds_and_links_honestly.
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import pytest

from kg.build import extract
from kg.config import LEXICON, Paths, packaged
from kg.export import export
from kg.extract.described_events import profiles
from kg.extract.new_entities import load_names
from kg.extract.pipeline import load_cues
from kg.extract.quantities import find_quantities
from kg.reference import load_entities
from kg.sources import Document, SourceMeta
from kg.text.normalise import name_key

ROOT = Path(__file__).resolve().parent.parent
LEXICON_FILE = packaged(LEXICON)
sys.path.insert(0, str(ROOT))

from tests.eval.harness import score, score_fixture  # noqa: E402

REPORT = (
    "Russian ships leave Tartous\n\n"
    "DAMASCUS — Two Russian frigates left Tartous on Tuesday, and warships were seen "
    "leaving Tartus again, said Karim Haddad, a naval analyst at the Levant Maritime "
    "Observatory (LMO). The LMO said that 1.5 million litres of fuel had been moved.\n\n"
    "“It is over,” Haddad, speaking through an interpreter, told Sergei Lavrov. "
    "Officials in Latakia who spoke on condition of anonymity said that the Hmeimim air "
    "base would stay open. The Cedar Courier reported that both bases were quiet.\n\n"
    "Defence analyst Marta Wieczorek said: “Nobody signs anything on a Friday.”\n"
)


@pytest.fixture(scope="module")
def found():  # type: ignore[no-untyped-def]
    return _extract(REPORT, "t", "2025-01-17", "Cedar Courier")


def _entity_of(found, text: str, where: str = "") -> str:  # type: ignore[no-untyped-def]
    """The entity of the mention of `text` (at its first occurrence inside `where`)."""
    start = REPORT.index(where or text) + (where or text).index(text)
    return next(m.entity_id for m in found.mentions
                if m.start == start and m.end == start + len(text))


def test_spellings_of_known_names_are_the_known_entities() -> None:
    assert name_key("Hmeimim Air Base") == name_key("Khmeimim Air Base")
    assert name_key("Tartous") == name_key("Tartus")
    assert name_key("Bashar el-Assad") == name_key("Bashar al-Assad")


def test_new_people_and_outlets_become_entities(found) -> None:  # type: ignore[no-untyped-def]
    types = {e.id: e.type for e in found.extracted}
    haddad = _entity_of(found, "Karim Haddad")
    assert types[haddad] == "Person"
    assert _entity_of(found, "LMO") == _entity_of(found, "Levant Maritime Observatory")
    assert _entity_of(found, "Haddad", "Haddad, speaking") == haddad
    assert types[_entity_of(found, "Cedar Courier")] == "MediaOutlet"
    role = next(r for r in found.roles if r.entity_id == haddad)
    assert role.title == "naval analyst"
    assert role.affiliation == _entity_of(found, "Levant Maritime Observatory")


def test_a_new_publisher_is_an_outlet_of_the_graph(found) -> None:  # type: ignore[no-untyped-def]
    publisher = found.document.meta.publisher
    assert publisher == "extracted/cedar-courier"
    assert any(e.id == publisher and e.type == "MediaOutlet" for e in found.extracted)


def test_other_spellings_and_towns_resolve_to_the_base(found) -> None:  # type: ignore[no-untyped-def]
    assert _entity_of(found, "Hmeimim air base") == "khmeimim-air-base"
    assert _entity_of(found, "Tartous", "left Tartous") == "russian-naval-facility-tartus"


def test_claims_belong_to_who_says_them(found) -> None:  # type: ignore[no-untyped-def]
    by_text = {REPORT[c.span[0]:c.span[1]]: c.claimant for c in found.extraction.claims}
    assert by_text["It is over,"] == _entity_of(found, "Karim Haddad")  # not Lavrov
    unnamed = next(v for k, v in by_text.items() if k.startswith("Officials in Latakia"))
    assert unnamed == "unnamed-sources/t"
    outlet = next(v for k, v in by_text.items() if k.startswith("The Cedar Courier"))
    assert outlet == "extracted/cedar-courier"
    assert by_text["Nobody signs anything on a Friday."] == _entity_of(found, "Marta Wieczorek")


def test_a_dated_report_is_an_event_and_a_weekday_links_nothing(found) -> None:  # type: ignore[no-untyped-def]
    events = [e for e in found.extraction.events if e.event_id.startswith("reported/")]
    dated = {e.date_phrase.date.lexical for e in events if e.date_phrase}
    assert "2025-01-14" in dated  # "left Tartous on Tuesday", in a report of Friday 17 January
    refs = {e.event_id for e in found.extraction.events} - {e.event_id for e in events}
    assert not refs  # no curated event is evidenced here


def test_counts_in_words_and_exact_decimals() -> None:
    text = "Officials counted 1.5 million litres, three frigates and both bases on Dec. 8."
    values = {q.unit: q.value for q in find_quantities(text, [], load_cues())}
    assert values == {"litres": 1500000, "frigates": 3, "bases": 2}
    decimal = find_quantities("It covered about 3.7 miles (6 kilometres).", [], load_cues())
    assert decimal[0].value == Decimal("3.7") and decimal[1].hedge == "approximate"


def test_devset_floors(devset_paths: Paths, tmp_path: Path) -> None:
    """The development set scored by shared/eval's scorer: figures it reached when the
    rules were written (a regression floor; the issue's targets are in the README)."""
    export(devset_paths.store, tmp_path / "devset.trig")
    o = score(ROOT / "tests" / "fixtures" / "devset", tmp_path / "devset.trig")["overall"]
    assert o["entities"]["combined"]["recall"] >= 0.92
    assert o["wikidata_precision"]["precision"] == 1.0
    assert o["claims"]["attributed"]["recall"] >= 0.87
    assert o["claims"]["claimant_accuracy"]["accuracy"] >= 0.87
    assert o["events"]["recall"] >= 0.74
    assert o["quantities"]["recall"] >= 0.90
    assert o["anchors"]["validity"] == 1.0


@pytest.mark.parametrize(("fixture", "attributed", "claimant"),
                         [("heldout", 0.90, 0.90), ("heldout2", 0.78, 0.80),
                          ("heldout3", 0.83, 0.83), ("heldout4", 0.80, 0.85),
                          ("heldout5", 0.85, 0.90)])
def test_read_heldout_sets_keep_their_claims(fixture: str, attributed: float,
                                             claimant: float) -> None:
    """Held-out sets 1 and 2 were read in session 5, set 3 in session 6, set 4 in session 7,
    set 5 in session 8, and rules were written from them: they are development material now,
    with floors just under what the rules reach."""
    o = score_fixture(ROOT / "tests" / "fixtures" / fixture)["overall"]
    assert o["claims"]["attributed"]["recall"] >= attributed
    assert o["claims"]["claimant_accuracy"]["accuracy"] >= claimant
    assert o["anchors"]["validity"] == 1.0


@pytest.mark.parametrize("fixture", ["heldout6", "heldout7"])
def test_heldout_builds_and_links_honestly(fixture: str) -> None:
    """The blind sets: each builds, every anchor is exact and every Wikidata link is right.
    Their recall figures are reported in the session notes, never tuned against."""
    o = score_fixture(ROOT / "tests" / "fixtures" / fixture)["overall"]
    assert o["wikidata_precision"]["precision"] == 1.0
    assert o["anchors"]["validity"] == 1.0


INTERVIEW = (
    "An interview with a port engineer\n\n"
    "The Quay Gazette spoke to Leila Haddadin, an engineer who worked in the port for a "
    "decade.\n\n"
    "What changed after the fall?\n\n"
    "Everything and nothing. The cranes still work, the contracts do not.\n\n"
    "Will the ships come back?\n\n"
    "Not this year.\n\n"
    "Haddadin's view is not shared by the port authority, which expects traffic to resume.\n"
)


def test_interview_answers_are_the_interviewees_words() -> None:
    import tomllib

    entities = load_entities()
    cues = load_cues()
    lexicon = tomllib.loads(LEXICON_FILE.read_text(encoding="utf-8"))
    meta = SourceMeta(file="i.txt", headline="An interview with a port engineer",
                      publisher="Quay Gazette", date_published="2025-03-03", language="en")
    found = extract(Document("i", INTERVIEW, meta, "0" * 64), entities, lexicon, cues,
                    profiles(entities, cues, ()), load_names())
    quotes = {INTERVIEW[c.span[0]:c.span[1]]: c.claimant for c in found.extraction.claims
              if c.kind == "direct-quote"}
    assert set(quotes) == {"Everything and nothing. The cranes still work, the contracts do not.",
                           "Not this year."}
    assert set(quotes.values()) == {"extracted/leila-haddadin"}


INTERVIEW_LONG_QUESTIONS = (
    "Talking to a harbour pilot\n\n"
    "Marta Quist spoke to Jonas Brekke, a harbour pilot in Narvik, about the new pier.\n\n"
    "The navy signed a lease for the pier last year. What changed for the pilots?\n\n"
    "More night work. The ships come in late and leave before dawn.\n\n"
    "Some say the pier is too short for a frigate. Is that right?\n\n"
    "It is, by about twenty metres.\n"
)


INTERVIEW_LABELLED = (
    "Five questions on the Baltic\n\n"
    "Ilse Marwitz heads the maritime desk at the Kiel Policy Forum. She talked to the Harbour "
    "Herald on Monday, after the naval parade in Baltiysk. The conversation has been "
    "shortened.\n\n"
    "Q: Is the Baltic Fleet weaker than it was?\n\n"
    "A: On paper, no. In practice its best crews went east. The ships stay in port more "
    "often.\n\n"
    "Q: What would change your mind?\n\n"
    "A: A second corvette in service. Dmitri Orlov, the fleet's commander, promised one by "
    "spring.\n\n"
    "This interview was conducted by Pavel Nowak.\n"
)


def test_the_interviewee_may_be_the_one_who_talked_to_the_outlet() -> None:
    """"X heads … She talked to the Herald": X answers (not the outlet); "Q:"/"A:" labels
    are no words of anyone."""
    found = _extract(INTERVIEW_LABELLED, "iq", "2025-06-03")
    quotes = {INTERVIEW_LABELLED[c.span[0]:c.span[1]]: c.claimant
              for c in found.extraction.claims if c.kind == "direct-quote"}
    assert quotes == {
        "On paper, no. In practice its best crews went east. The ships stay in port more "
        "often.": "extracted/ilse-marwitz",
        "A second corvette in service. Dmitri Orlov, the fleet's commander, promised one by "
        "spring.": "extracted/ilse-marwitz"}


def test_a_question_may_open_with_a_statement() -> None:
    """An interviewer's paragraph that states something and then asks is a question: the
    paragraph after it is still the interviewee's."""
    found = _extract(INTERVIEW_LONG_QUESTIONS, "il", "2025-03-03")
    quotes = {INTERVIEW_LONG_QUESTIONS[c.span[0]:c.span[1]]: c.claimant
              for c in found.extraction.claims if c.kind == "direct-quote"}
    assert quotes == {"More night work. The ships come in late and leave before dawn.":
                      "extracted/jonas-brekke",
                      "It is, by about twenty metres.": "extracted/jonas-brekke"}


def test_days_counted_from_the_last_date_given() -> None:
    from kg.extract.dates import find_date_phrases
    from kg.text.dates import parse_partial_date

    text = ("The strike came on March 3. The two leaders spoke by phone the next day, and "
            "two days later the talks began.\n\nThe ceasefire held from March 2. Three days "
            "after the ceasefire, the ships sailed.")
    found = {text[p.span[0]:p.span[1]]: p.date.lexical
             for p in find_date_phrases(text, parse_partial_date("2020-03-10"), load_cues())}
    assert found["the next day"] == "2020-03-04"
    assert found["two days later"] == "2020-03-05"
    assert found["Three days after"] == "2020-03-05"  # opens its sentence: dates what follows


ENVOYS = (
    "Old rulers, new envoys\n\n"
    "WASHINGTON — Washington summoned the Russian envoy on Monday. Beijing protested the "
    "next day. The Russian defence ministry said the report was false. Hafez al-Assad ruled "
    "Syria for three decades, and nobody wants to open Pandora’s box again. Since March, "
    "when the talks collapsed in Astana, nothing has moved. In July 2024, rebels claimed to "
    "have killed more than 80 Russian fighters.\n"
)


@pytest.fixture(scope="module")
def envoys():  # type: ignore[no-untyped-def]
    return _extract(ENVOYS, "e", "2025-06-11")


def _named(found, text: str) -> str | None:  # type: ignore[no-untyped-def]
    start = ENVOYS.index(text)
    return next((m.entity_id for m in found.mentions
                 if m.start == start and m.end == start + len(text)), None)


def test_places_that_open_a_sentence_and_people_before_a_known_surname(envoys) -> None:  # type: ignore[no-untyped-def]
    assert _named(envoys, "WASHINGTON") is not None  # a dateline is a place
    # a large city opening a sentence, and protesting: its government (kind "metonym")
    assert _named(envoys, "Beijing") == "extracted/beijing-government"
    assert _named(envoys, "Hafez al-Assad") == "extracted/hafez-al-assad"  # not Bashar
    assert _named(envoys, "Pandora") is None  # a bare word used once, with no sign


def test_a_state_body_speaks_for_itself(envoys) -> None:  # type: ignore[no-untyped-def]
    said = {ENVOYS[c.span[0]:c.span[1]]: c.claimant for c in envoys.extraction.claims}
    assert said["The Russian defence ministry said the report was false."] == (
        "extracted/russia-defence-ministry")


def test_dates_of_other_times_link_no_curated_event(envoys) -> None:  # type: ignore[no-untyped-def]
    events = {e.event_id: e.date_phrase.date.lexical if e.date_phrase else None
              for e in envoys.extraction.events}
    assert not [e for e in events if not e.startswith("reported/")]  # not Gaddafi's killing
    assert sorted(events.values()) == ["2024-07", "2025-03", "2025-06-09", "2025-06-10"]


def test_a_sentence_dated_at_another_time_describes_no_curated_event() -> None:
    """Troops, Turkish soldiers and a border would be the Su-24 shootdown of 2015 but for
    the year the sentence gives."""
    import tomllib

    from kg.extract.dates import find_date_phrases
    from kg.extract.described_events import find_described_events
    from kg.extract.mentions import find_mentions
    from kg.text.dates import parse_partial_date

    entities, cues = load_entities(), load_cues()
    lexicon = tomllib.loads(LEXICON_FILE.read_text(encoding="utf-8"))
    event_profiles = profiles(entities, cues, lexicon.get("description_stopwords", ()))
    published = parse_partial_date("2025-06-11")
    for year, found in (("In 2019", []), ("In 2015", ["su-24-shootdown"])):
        text = (f"{year} Russian troops patrolled the border with Turkish soldiers near "
                "Qamishli airport, under a deal signed in Sochi.")
        mentions = find_mentions(text, entities, lexicon.get("demonym_blockers", ()))
        described = find_described_events(text, mentions, published,
                                          find_date_phrases(text, published, cues),
                                          event_profiles)
        assert [m.entity_id for m in described] == found


def _extract(text: str, doc_id: str, date: str, publisher: str = "Test Wire"):  # type: ignore[no-untyped-def]
    """One document extracted as the build does it, its headline the text's first line."""
    import tomllib

    entities = load_entities()
    cues = load_cues()
    lexicon = tomllib.loads(LEXICON_FILE.read_text(encoding="utf-8"))
    meta = SourceMeta(file=f"{doc_id}.txt", headline=text.splitlines()[0], publisher=publisher,
                      date_published=date, language="en")
    event_profiles = profiles(entities, cues, lexicon.get("description_stopwords", ()))
    return extract(Document(doc_id, text, meta, "0" * 64), entities, lexicon, cues,
                   event_profiles, load_names())


DATELINED = (
    "Leaders agree on corridor\n\n"
    "ANKARA, March 5 (Levant Wire) - Recep Tayyip Erdogan and Vladimir Putin agreed on "
    "Thursday to open a corridor in Idlib.\n"
)


def test_a_reported_event_is_labelled_by_type_who_where_when_and_a_dateline_dates_nothing() -> None:
    found = _extract(DATELINED, "d", "2025-03-07", "Levant Wire")
    events = [e for e in found.extracted if e.is_event]
    assert len(events) == 1  # "March 5" is when the story was filed, not a second event
    label = events[0].label
    assert label.startswith("Agreement: ") and label.endswith("; 2025-03-06")  # the Thursday
    assert "Vladimir Putin" in label and "agreed on" not in label
    assert events[0].description.startswith("Recep Tayyip Erdogan and Vladimir Putin agreed")


KINDS = (
    "Ships in the strait\n\n"
    "Fighting near Wadi Hamra spread to the Kessab Dam. The Lausanne Treaty still binds the "
    "straits, said Ilir Dervishi, an analyst. British diplomats were less sure. From Benghazi "
    "the Libyan Air Force flew on. In Vladimir Putin's view the Varna Protocol was dead. "
    "The frigate Admiral Kasatonov docked; the Russian company Stroymash has run the port "
    "since March.\n"
)


def test_places_treaties_and_peoples_are_not_people() -> None:
    found = _extract(KINDS, "k", "2025-06-11")
    types = {e.label: e.type for e in found.extracted}
    assert types["Wadi Hamra"] == "Region"          # after "near": a place, not a person
    assert types["Kessab Dam"] == "Region"
    assert types["Lausanne Treaty"] == types["Varna Protocol"] == "CreativeWork"
    assert types["Ilir Dervishi"] == "Person"
    assert types["Admiral Kasatonov"] == "Vessel"  # a ship, not an admiral
    assert types["Stroymash"] == "Organization"    # named once, typed by "the company"
    since = [e.date_phrase.date.lexical for e in found.extraction.events if e.date_phrase
             and KINDS[e.date_phrase.span[0]:e.date_phrase.span[1]] == "since March"]
    assert since == ["2025-03"]  # what has lasted since March began then
    assert "British" not in types and "From Benghazi" not in types
    assert types.get("Libyan Air Force") == "ArmedGroup" or "Air Force" not in types


def test_a_people_of_an_uncurated_state_names_its_bodies() -> None:
    """"Tajik", "Malian": GeoNames' country names give the state; its army speaks."""
    text = ("Border fire\n\nThe Chadian army said the Tajik border guards had fired first. "
            "Kyrgyz officials said nothing more.\n")
    found = _extract(text, "b", "2025-06-11")
    labels = {e.id: (e.label, e.type) for e in [*load_entities(), *found.extracted]}
    named = {text[m.start:m.end]: labels.get(m.entity_id) for m in found.mentions}
    assert named["Tajik"] == ("Tajikistan", "State")
    assert named["Tajik border guards"] == ("Tajik border guards", "ArmedGroup")
    assert named["Chadian army"][1] == "ArmedGroup"
    said = {text[c.span[0]:c.span[1]]: labels[c.claimant][0] for c in found.extraction.claims
            if c.claimant}
    assert said == {"The Chadian army said the Tajik border guards had fired first.":
                    "Chadian army"}  # "said nothing more" is no claim


def _dates_of(words: str, text: str, doc_id: str, published: str) -> list[str]:
    """The dates of the events whose clause holds the words."""
    found = _extract(text, doc_id, published)
    events = {text[f.span[0]:f.span[1]]: f.date_phrase.date.lexical
              for f in found.extraction.events if f.date_phrase}
    return [d for clause, d in events.items() if words in clause]


DATED_CLAUSES = (
    "Drills and dates\n\n"
    "Turnout was low when armed groups threatened Kano in January 2021. Niger has worried "
    "about the border since the junta returned to power in July 2023. The corvette, "
    "commissioned in 2016, carries eight missiles. Last year's joint exercise was held near "
    "Osh. Presidential elections are scheduled for November. A military parade was staged "
    "in Minsk in May 2024.\n"
)



def test_a_town_beside_a_base_is_its_facility() -> None:
    """"whether Hmeimim and Tartous can be held": Tartous stands for the naval facility
    there; "Tartous and Latakia are quiet" leaves the town a town."""
    text = ("Bases\n\nBloggers ask whether Hmeimim and Tartous can be held. Tartous and "
            "Latakia are quiet.\n")
    found = _extract(text, "tb", "2025-01-10")
    named = [m.entity_id for m in found.mentions if text[m.start:m.end] == "Tartous"]
    assert named == ["russian-naval-facility-tartus", "tartus"]


NOMINAL_DATES = (
    "Nouns with dates\n\n"
    "Sunday's strike killed four soldiers near Idlib. The January referendum approved the new "
    "constitution. The 2019 agreement allowed eleven warships in the port. Last month's talks "
    "in Geneva ended without a deal. Monday's meeting between Lavrov and Fidan lasted three "
    "hours.\n"
)



OWNERS = (
    "Owners and titles\n\n"
    "Norway’s defence minister, Ola Berg, warned of risks. He met pilots alongside Kyrgyz "
    "President Kamil Osmonov. The force took over much of the Wagner Group's African "
    "business. Since the Kestrel returned to the gulf, trade grew. Everything east of the "
    "Orontes was quiet.\n"
)


@pytest.mark.parametrize(("words", "entity"), [
    ("Norway", "extracted/norway"), ("Kamil Osmonov", "extracted/kamil-osmonov"),
    ("Wagner Group", "extracted/wagner-group"), ("Kestrel", "extracted/kestrel"),
    ("Orontes", "extracted/orontes"),
])
def test_owners_titles_and_the_names_after_the(words: str, entity: str) -> None:
    """A possessive state opening a sentence, a title after a people's name ("Kyrgyz
    President X"), a possessive group before an adjective, "the X" before a verb, a river
    "east of the X": each is the name, no more, no less."""
    found = _extract(OWNERS, "ow", "2025-02-01")
    named = {OWNERS[m.start:m.end]: m.entity_id for m in found.mentions}
    assert named.get(words) == entity, named


def test_a_river_east_of_the_name_is_a_place() -> None:
    found = _extract(OWNERS, "ow", "2025-02-01")
    kinds = {e.id: e.type for e in found.extracted}
    assert kinds["extracted/orontes"] == "Region"


TRANSCRIPT = (
    "Episode 12: The Caspian question\n\n"
    "HOST (Lena Varga): Welcome back. Today we are talking about the Caspian flotilla.\n\n"
    "PETER HOLM: Thanks for having me. The flotilla has moved most of its ships south.\n\n"
    "LENA VARGA: Why does that matter?\n\n"
    "PETER HOLM: Because it puts missiles within range of the Gulf.\n"
)


def test_a_transcript_turn_is_its_speakers_words() -> None:
    """"PETER HOLM: …" is Holm's direct quote, without the label; a turn that only asks
    claims nothing, and the label "HOST" is no entity."""
    found = _extract(TRANSCRIPT, "tr", "2025-02-01")
    quotes = {TRANSCRIPT[c.span[0]:c.span[1]]: c.claimant for c in found.extraction.claims
              if c.claimant}
    assert quotes == {
        "Welcome back. Today we are talking about the Caspian flotilla.": "extracted/lena-varga",
        "Thanks for having me. The flotilla has moved most of its ships south.":
            "extracted/peter-holm",
        "Because it puts missiles within range of the Gulf.": "extracted/peter-holm"}
    assert "extracted/host" not in {e.id for e in found.extracted}


NESTED_TURNS = (
    "Episode 13: The Antalya meeting\n\n"
    "HOST (Tom Reyes): Welcome. My guest is the analyst Leyla Karimova.\n\n"
    "LEYLA KARIMOVA: Thanks. When Sergei Lavrov met the Turkish envoy in Antalya in May, he "
    "admitted that the convoy had been stopped at the border. That matters.\n\n"
    "TOM REYES: And the embassy? We wrote to them. A press officer, Anton Belov, told us by "
    "email that the talks would go on.\n"
)


def test_speech_inside_a_transcript_turn_is_its_speakers() -> None:
    """A turn that reports someone else's words ("he admitted that …", "X told us that …")
    gives those words to that speaker; the rest of the turn stays the labelled speaker's."""
    found = _extract(NESTED_TURNS, "nt", "2025-06-01")
    said = {NESTED_TURNS[c.span[0]:c.span[1]]: c.claimant for c in found.extraction.claims
            if c.claimant}
    by = {who for words, who in said.items() if "the convoy had been stopped" in words}
    assert {b.rsplit("/", 1)[-1] for b in by} == {"sergei-lavrov"}, said
    by = {who for words, who in said.items() if "the talks would go on" in words}
    assert by == {"extracted/anton-belov"}, said
    assert said.get("That matters.") == "extracted/leyla-karimova", said
    assert said.get("And the embassy? We wrote to them.") == "extracted/tom-reyes", said


BULLETIN = (
    "Coastline FM evening bulletin\n\n"
    "PRESENTER: Good evening, this is Coastline FM. I'm Ruth Adeyemi.\n\n"
    "Georgia says Russian patrol boats have left the port of Ochamchire. Our correspondent, "
    "Levan Beridze, is in Tbilisi.\n\n"
    "BERIDZE: The news came from the interior minister, Nino Kapanadze, at a briefing this "
    "morning. The boats, she said, had \"sailed north and not come back.\" A fisherman told "
    "me the harbour had been quiet for a week. This is Levan Beridze in Tbilisi.\n\n"
    "PRESENTER: In Chad, the army says a patrol was ambushed on Tuesday near the town of "
    "Bardai. In a statement, the armed forces said two soldiers were killed.\n\n"
    "That's the news from Coastline FM.\n"
)


def test_a_bulletin_reports_what_others_say() -> None:
    """A news bulletin's presenter and correspondent narrate: what they report is the words
    of those they name ("she said" after the minister; "the army says"), a role label
    ("PRESENTER:") is no entity, and no one's words are the presenter's."""
    found = _extract(BULLETIN, "bu", "2025-09-10")
    labels = {e.id: e.label for e in [*load_entities(), *found.extracted]}
    said = {BULLETIN[c.span[0]:c.span[1]]: labels.get(c.claimant or "", c.claimant)
            for c in found.extraction.claims if c.claimant}

    def by(words: str) -> set[str | None]:
        return {who for text, who in said.items() if words in text}

    assert by("sailed north") == {"Nino Kapanadze"}, said
    assert by("the harbour had been quiet") == {"unnamed sources"}, said
    assert by("a patrol was ambushed") == by("two soldiers were killed") != set(), said
    assert not {w for w in by("two soldiers were killed") if "Beridze" in str(w)}, said
    assert not [e for e in found.extracted if e.label.upper() == "PRESENTER"]


MORE_DATED = (
    "More dated clauses\n\n"
    "A Russian Il-76 crashed near Bamako on Monday, killing 12. Wagner mercenaries were "
    "first spotted in Mali in December 2021. The general was dismissed in April. He was "
    "appointed ambassador in 2019. The junta postponed the elections indefinitely in 2024.\n"
)


# Session 6, written before the rules (from general news style, after held-out 3 was read):
# verbs of detention, training, escort and accidents; a dated noun inside another event's
# clause; a range "between January and March" starts in January; a year that names a
# contract is not the date of its cancellation; a clause dated "since March".
EVEN_MORE_DATED = (
    "Other verbs\n\n"
    "The navy says its gunboats destroyed three drones overnight, a day after Tuesday's "
    "attack on a fuel depot. A journalist was detained in Gao in 2021. The runway was "
    "extended between February and late April. Officials said the 2018 lease had been "
    "cancelled in March. Russian advisers have trained 400 police officers since January. "
    "A frigate escorted two tankers through the strait last Thursday. A cargo plane came "
    "down near Aktobe in 2023.\n"
)


SESSION7_DATED = (
    "Events of other kinds\n\n"
    "The clash happened in October 2019. Coast guards inspected the wreck last week. The "
    "tribunal opened a two-day hearing in March. Kazakhstan bought 12 Su-30 jets from Russia "
    "between 2015 and 2017. Russian border troops left Osh airport last summer. Norway joined "
    "in 1949 and Estonia in 2004.\n"
)

SESSION8_DATED = (
    "Loading and arriving\n\n"
    "A freighter was seen loading tanks at Berbera on April 3. Engineers completed a survey "
    "of the bay in March. The tug left Murmansk on 2 May and reached Dakar 11 days later.\n"
)

SPEECH_DATES = (
    "What was said\n\n"
    "Wagner fighters are leaving Gao, two diplomats told Reuters on Sunday. Russia claimed on "
    "Tuesday that the drones were Ukrainian. A pilot died in a plane crash near Aktau in "
    "March.\n"
)


MODELS = (
    "Transports at the airfield\n\n"
    "Two Il-76 transports and an An-124 landed at the base on Monday, escorted by MiG-29 "
    "fighters. The battalion also brought an S-400 battery. The Su-24 crews stayed home.\n"
)


@pytest.mark.parametrize("words", ["Il-76", "An-124", "MiG-29", "S-400", "Su-24"])
def test_a_designation_is_an_equipment_model(words: str) -> None:
    """"Il-76", "S-400": a model named by its designation is one resource of the kind
    rskg:EquipmentModel (a schema:ProductModel), the same in every document."""
    found = _extract(MODELS, "md", "2025-05-14")
    kinds = {e.id: e.type for e in found.extracted}
    at = MODELS.index(words)
    named = [m.entity_id for m in found.mentions if (m.start, m.end) == (at, at + len(words))]
    assert named and kinds.get(named[0]) == "EquipmentModel", (named, kinds)


LONGER_NAMES = (
    "Envoys expelled\n\n"
    "The West has imposed new sanctions. The West African country expelled two envoys on "
    "Monday. The move worried capitals across West and North Africa. Russia Today said "
    "nothing. Officials in Russia said on Tuesday that the West was to blame.\n"
)


def test_a_name_inside_a_longer_name_is_not_that_name() -> None:
    """"West African", "West and North Africa", "Russia Today": the curated "the West" and
    "Russia" are not mentioned there; they are in "The West has" and "in Russia said"."""
    found = _extract(LONGER_NAMES, "ln", "2025-05-14")
    west = [LONGER_NAMES[m.start:m.end] for m in found.mentions if m.entity_id == "the-west"]
    assert west == ["The West", "the West"], west
    russia = [m.start for m in found.mentions if m.entity_id == "russia" and m.kind != "nested"]
    assert russia == [LONGER_NAMES.index("Russia said on")], russia


MORE_NAMES = (
    "Pipelines and platforms\n\n"
    "Gazprom Neft was not alone. Transneft, the Russian state pipeline operator, signed a "
    "deal with Minsk. Four MiG-31s and two Su-34s flew over the range. A Kremlin-backed "
    "channel posted the footage on Rumble on Monday. Counsel for the owners, Leona Prakash "
    "KC, said the claim was late. The convoy was stopped near the desert town of Kidira. "
    "Dina Osei of the Instituto Sahel de Estudios Estratégicos was not surprised. The "
    "institute issued a report titled \"Quiet Coast\" on Monday. Its Ports survey was late.\n"
)


@pytest.mark.parametrize(("words", "label", "kind"), [
    ("Transneft", "Transneft", "Organization"),
    ("MiG-31", "MiG-31", "EquipmentModel"),
    ("Su-34", "Su-34", "EquipmentModel"),
    ("Rumble", "Rumble", "Organization"),
    ("Leona Prakash", "Leona Prakash", "Person"),
    ("Kidira", "Kidira", "City"),
    ("Instituto Sahel de Estudios Estratégicos", "Instituto Sahel de Estudios Estratégicos",
     "ThinkTank"),
    ('"Quiet Coast"', "Quiet Coast", "CreativeWork")])
def test_more_new_names_from_what_surrounds_them(words: str, label: str, kind: str) -> None:
    """A sentence-opening name with an appositive ("Transneft, the … operator,"); a
    designation in the plural ("two Su-34s"); a platform something is posted on; a name
    without its post-nominal letters ("KC"); "the desert town of X"; a think tank named in
    Spanish; a title in quotation marks ("a report titled …"). Each is a resource with the
    name as written and a kind; "Ports" opening a sentence is no people of Portugal."""
    found, kinds, named = _named_at(MORE_NAMES, "mn", words)
    assert "portugal" not in {m.entity_id.rsplit("/", 1)[-1] for m in found.mentions}
    assert (label, kind) in named, (named, [k for k in kinds.values()])


def _named_at(text: str, doc_id: str, words: str):  # type: ignore[no-untyped-def]
    """The extraction, (label, type) of every extracted entity, and those mentioned where
    the words start."""
    found = _extract(text, doc_id, "2025-05-14")
    kinds = {e.id: (e.label, e.type) for e in found.extracted}
    at = text.index(words)
    return found, kinds, {kinds.get(m.entity_id) for m in found.mentions if m.start == at}


REGIONS_AND_GROUPS = (
    "Tankers and mercenaries\n\n"
    "The tanker sailed for the Adriatic in May. Two fighter jets flew in from the Gulf. "
    "Airfields in the Arctic were rebuilt. Moscow sent Redline mercenaries to the mines. Data "
    "compiled by the Tigris Open Data Collective show nine flights. Four MiG-29 fighters "
    "landed. Kurdish fighters held the bridge. A Turkish tanker, the Blue Marlin, docked at "
    "Tartus, the Sahara Wire Service reported. The Chamber of Deputies Security Committee met "
    "on Monday. Russian jets are based at al-Wadi and al-Sahm.\n\nEurope should not wait. "
    "Liberal MP Harriet Vane asked about it.\n"
)


@pytest.mark.parametrize(("words", "label", "kind"), [
    ("Adriatic", "Adriatic", "Region"),
    ("Gulf", "Gulf", "Region"),
    ("Arctic", "Arctic", "Region"),
    ("Redline", "Redline", "ArmedGroup"),
    ("Tigris Open Data Collective", "Tigris Open Data Collective", "Organization"),
    ("Blue Marlin", "Blue Marlin", "Vessel"),
    ("Sahara Wire Service", "Sahara Wire Service", "MediaOutlet"),
    ("Chamber of Deputies Security Committee", "Chamber of Deputies Security Committee",
     "Organization"),
    ("al-Sahm", "al-Sahm", "Region"),
    ("Europe", "Europe", "Region"),
    ("Harriet Vane", "Harriet Vane", "Person")])
def test_regions_after_the_and_groups_by_their_members(words: str, label: str, kind: str) -> None:
    """"sailed for the Adriatic", "from the Gulf", "in the Arctic": a region named by one word
    after "the" and a preposition (a head word or a demonym's shape alone is no name
    elsewhere); "Redline mercenaries": the group its members are of; a "Collective" is a
    body; "a … tanker, the Blue Marlin," is the tanker; a wire service is an outlet; "X of
    Y …" with a one-word head before "of" is one name; "at al-Wadi and al-Sahm": a place
    after "and" like the one before it; a continent opening a sentence; "Liberal MP X": a
    party's word before the title. "MiG-29 fighters" stay a model and "Kurdish fighters" a
    people."""
    _, kinds, named = _named_at(REGIONS_AND_GROUPS, "rg", words)
    assert (label, kind) in named, (named, [k for k in kinds.values()])
    assert ("MiG-29", "EquipmentModel") in kinds.values()
    assert not [k for k in kinds.values() if k[0] == "Kurdish"]


def test_an_abbreviation_before_a_name_stays_a_mention() -> None:
    """"US Defense Secretary X", "the U.S. Second Fleet": an abbreviation modifies the name
    after it; it is still the state (unlike "West African")."""
    text = ("Fleets\n\nUS Defense Secretary Lloyd Austin spoke to reporters on Monday about "
            "the drills in the north. A commander of the U.S. Second Fleet answered the "
            "questions that were left after the talks had ended.\n")
    found = _extract(text, "ab", "2025-05-14")
    states = [text[m.start:m.end] for m in found.mentions if m.entity_id == "united-states"]
    assert states == ["US", "U.S."], states


def test_the_publisher_is_known_without_its_head_word() -> None:
    """"data compiled by Quay Ledger" in a text published by "Quay Ledger Weekly" is the
    publisher's own finding, not a new outlet's."""
    text = ("Port calls\n\nOnly two tankers called at the port in May, according to AIS data "
            "compiled by Quay Ledger.\n")
    found = _extract(text, "pw", "2025-05-14", publisher="Quay Ledger Weekly")
    claimants = {c.claimant for c in found.extraction.claims if c.claimant}
    assert claimants == {"extracted/quay-ledger-weekly"}, claimants


FALL = (
    "After the fall\n\n"
    "Bashar al-Assad fled to Moscow. Since his ouster, the port has been quiet. The toppling "
    "of Assad changed the coast. Assad's departure left Moscow exposed. Six months after the "
    "collapse of Bashar al-Assad's regime, trade fell. The departure of Sergei Lavrov from "
    "Ankara was quiet. Lavrov spoke briefly; since his departure, nothing has moved.\n"
)


@pytest.mark.parametrize("words", ["his ouster", "toppling of Assad", "Assad's departure",
                                   "collapse of Bashar al-Assad's regime"])
def test_the_fall_of_assad_in_its_phrasings(words: str) -> None:
    """The issue's phrasings of a reference event ("his ouster", "Assad's departure", "the
    toppling of Assad") link to it: a noun of its type beside one of its actors."""
    found = _extract(FALL, "fa", "2025-06-10")
    at = FALL.index(words)
    linked = {m.entity_id for m in found.mentions
              if m.start < at + len(words) and at < m.end and m.entity_id.startswith("fall-")}
    assert linked == {"fall-of-the-assad-regime"}, words


def test_a_departure_of_someone_else_links_nothing() -> None:
    """"The departure of Sergei Lavrov", "his departure" after Lavrov: no regime fell."""
    found = _extract(FALL, "fa", "2025-06-10")
    at = FALL.index("The departure of Sergei Lavrov")
    assert not [m for m in found.mentions if m.start >= at and m.entity_id.startswith("fall-")]


@pytest.mark.parametrize(("text", "words", "date"), [
    (DATED_CLAUSES, "armed groups threatened Kano", "2021-01"),
    (DATED_CLAUSES, "returned to power", "2023-07"),
    (DATED_CLAUSES, "commissioned in 2016", "2016"),
    (DATED_CLAUSES, "joint exercise was held", "2024"),
    (DATED_CLAUSES, "elections are scheduled for November", "2025-11"),
    (DATED_CLAUSES, "military parade", "2024-05"),
    (NOMINAL_DATES, "Sunday's strike", "2025-05-11"),
    (NOMINAL_DATES, "The January referendum", "2025-01"),
    (NOMINAL_DATES, "The 2019 agreement", "2019"),
    (NOMINAL_DATES, "Last month's talks", "2025-04"),
    (NOMINAL_DATES, "Monday's meeting", "2025-05-12"),
    (MORE_DATED, "crashed near Bamako", "2025-05-12"),
    (MORE_DATED, "first spotted in Mali", "2021-12"),
    (MORE_DATED, "dismissed in April", "2025-04"),
    (MORE_DATED, "appointed ambassador", "2019"),
    (MORE_DATED, "postponed the elections", "2024"),
    (EVEN_MORE_DATED, "destroyed three drones", "2025-05-14"),
    (EVEN_MORE_DATED, "Tuesday's attack", "2025-05-13"),
    (EVEN_MORE_DATED, "was detained in Gao", "2021"),
    (EVEN_MORE_DATED, "extended between February", "2025-02"),
    (EVEN_MORE_DATED, "cancelled in March", "2025-03"),
    (EVEN_MORE_DATED, "have trained 400 police officers", "2025-01"),
    (EVEN_MORE_DATED, "escorted two tankers", "2025-05-08"),
    (EVEN_MORE_DATED, "came down near Aktobe", "2023"),
    (SESSION7_DATED, "The clash happened", "2019-10"),
    (SESSION7_DATED, "inspected the wreck", "2025-05"),
    (SESSION7_DATED, "two-day hearing", "2025-03"),
    (SESSION7_DATED, "bought 12 Su-30 jets", "2015"),
    (SESSION7_DATED, "left Osh airport", "2024"),
    (SESSION7_DATED, "Estonia in 2004", "2004"),
    (SESSION8_DATED, "loading tanks at Berbera", "2025-04-03"),
    (SESSION8_DATED, "completed a survey", "2025-03"),
    (SESSION8_DATED, "left Murmansk", "2025-05-02"),
    (SESSION8_DATED, "reached Dakar", "2025-05-13"),
])
def test_dated_clauses_and_nouns_are_events(text: str, words: str, date: str) -> None:
    """Threats, returns to power, commissioning, exercises, parades, crashes, sightings,
    appointments; "scheduled for November" dates forward (it bounds no period); "Sunday's
    strike", "the January referendum", "last month's talks" are dated by the date that
    modifies their noun. DATED_CLAUSES is published 2025-03-12, the others 2025-05-14."""
    published = "2025-03-12" if text is DATED_CLAUSES else "2025-05-14"
    assert _dates_of(words, text, "dt", published) == [date]


BODIES_AS_ADJECTIVES = (
    "Bases and bodies\n\n"
    "Moscow plans a Russian military base in Port Sudan. The Russian military presence there "
    "is small. Russia's military intelligence said the ships had left. The Kremlin has never "
    "admitted the losses, insisting that the fleet is intact.\n"
)


def test_a_body_word_before_a_noun_is_an_adjective() -> None:
    """"a Russian military base", "the Russian military presence": no body called "Russian
    military"; "Russia's military intelligence said": the longer body speaks; ", insisting
    that …": the subject of the sentence says it (sentences of our own, written first)."""
    found = _extract(BODIES_AS_ADJECTIVES, "ba", "2025-05-14")
    labels = {e.id: e.label for e in found.extracted}
    text = BODIES_AS_ADJECTIVES
    assert "Russian military" not in labels.values(), labels
    said = {text[c.span[0]:c.span[1]]: labels.get(c.claimant or "", c.claimant)
            for c in found.extraction.claims}
    assert [who for t, who in said.items() if "ships had left" in t] == [
        "Russia's military intelligence"], said
    assert [who for t, who in said.items() if "fleet is intact" in t] == ["kremlin"], said


def test_the_day_of_a_statement_dates_the_statement() -> None:
    """"…, two diplomats told Reuters on Sunday": Sunday is when they said it, not when the
    fighters leave; "claimed on Tuesday" is a statement of Tuesday; a plane crash is no
    economic shock (sentences of our own, written first)."""
    assert _dates_of("are leaving Gao", SPEECH_DATES, "sd", "2025-05-14") == []
    assert _dates_of("told Reuters on Sunday", SPEECH_DATES, "sd", "2025-05-14") == ["2025-05-11"]
    assert _dates_of("claimed on", SPEECH_DATES, "sd", "2025-05-14") == ["2025-05-13"]
    found = _extract(SPEECH_DATES, "sd", "2025-05-14")
    crash = [e.event_type for e in found.extracted if e.type == "Event" and "2025-03" in e.label]
    assert crash and "economic-shock" not in crash, crash


def test_one_name_with_other_head_words_is_one_entity() -> None:
    """"the Redline Group" … "PMC Redline", "Qamishli International Airport" … "Qamishli
    Airport": the same name with other head words of the same kind is one resource; "Ardan
    Port" and "Ardan Naval Base" stay two (sentences of our own, written first)."""
    text = ("Heads\n\nThe Redline Group left Mali in June. PMC Redline denied it. Flights "
            "resumed at Qamishli International Airport. Qamishli Airport was quiet. Ships "
            "sailed from Ardan Port to Ardan Naval Base.\n")
    found = _extract(text, "hd", "2025-05-14")
    at = {text[m.start:m.end]: m.entity_id for m in found.mentions}
    assert at["PMC Redline"] == at["Redline Group"], at
    assert at["Qamishli Airport"] == at["Qamishli International Airport"], at
    assert at["Ardan Port"] != at["Ardan Naval Base"], at


def test_a_place_before_corp_is_part_of_a_company_name() -> None:
    """A headline's "Russia's Africa Corp in Mali": "Corp" heads a company name, so the
    continent in it is no mention of the continent (a wrong link is worse than none)."""
    text = "Guards replaced by Russia's Africa Corp in Mali\n\nThe bases changed hands.\n"
    found = _extract(text, "cp", "2025-05-14")
    at = [(text[m.start:m.end], m.entity_id, m.kind) for m in found.mentions]
    assert not [a for a in at if a[1] == "africa" and a[2] != "nested"], at
    assert ("Africa Corp", "extracted/africa-corp", "name") in at, at
