"""Events described by a sentence without one of their names (label head + participants)."""

from kg.extract.described_events import find_described_events
from kg.extract.mentions import find_mentions
from kg.reference import Entity

OBAMA = Entity(id="obama", label="Barack Obama", type="Person", names=("Obama",))
PUTIN = Entity(id="putin", label="Vladimir Putin", type="Person", names=("Putin",))
UNGA = Entity(id="unga", label="UN General Assembly", type="InternationalOrganization",
              names=("UN General Assembly",))
RUSSIA = Entity(id="russia", label="Russia", type="State", names=("Russia",),
                demonyms=("Russian",))
TURKEY = Entity(id="turkey", label="Turkey", type="State", names=("Turkey",))
SPEECHES = Entity(id="speeches", label="Speeches of Obama and Putin at the UN General Assembly",
                  type="Event", actors=("obama", "putin", "unga"))
MEASURES = Entity(id="measures", label="Russian measures to punish Turkey", type="Event",
                  actors=("russia", "turkey"))
ALL = (OBAMA, PUTIN, UNGA, RUSSIA, TURKEY, SPEECHES, MEASURES)


def described(text: str) -> list[tuple[str, str]]:
    mentions = find_mentions(text, ALL)
    return [(text[m.start:m.end], m.entity_id) for m in find_described_events(text, mentions, ALL)]


def test_head_noun_and_two_participants_describe_the_event() -> None:
    text = "The speech Obama gave differed from Putin’s at the UN General Assembly."
    assert described(text) == [("speech", "speeches")]


def test_the_head_noun_skips_demonyms() -> None:
    assert described("Russia announced measures against Turkey.") == [("measures", "measures")]


def test_one_participant_or_no_head_noun_is_not_enough() -> None:
    assert described("Obama gave many speeches.") == []
    assert described("Russia and Turkey talked.") == []


def test_head_word_matches_its_inflections() -> None:
    gaddafi = Entity(id="gaddafi", label="Muammar Gaddafi", type="Person", names=("Gaddafi",))
    libya = Entity(id="libya", label="Libya", type="State", names=("Libya",))
    killing = Entity(id="killing", label="Killing of Muammar Gaddafi", type="Event",
                     actors=("gaddafi",), place="libya")
    entities = (gaddafi, libya, killing)
    text = "Libya’s former leader Gaddafi was captured and killed by rebels."
    found = find_described_events(text, find_mentions(text, entities), entities)
    assert [(text[m.start:m.end], m.entity_id) for m in found] == [("killed", "killing")]


def test_a_final_e_is_dropped_before_an_ending() -> None:
    kremlin = Entity(id="kremlin", label="Kremlin", type="GovernmentBody", names=("Kremlin",))
    poland = Entity(id="poland", label="Poland", type="State", names=("Poland",))
    debate = Entity(id="debate", label="Kremlin debate on Poland", type="Event",
                    actors=("kremlin", "poland"))
    entities = (kremlin, poland, debate)
    text = "The Kremlin spent weeks debating Poland."
    found = find_described_events(text, find_mentions(text, entities), entities)
    assert [(text[m.start:m.end], m.entity_id) for m in found] == [("debating", "debate")]
