"""Mention and candidate finding on short strings: each rule of kg.extract.mentions."""

from kg.extract.candidates import find_candidates
from kg.extract.mentions import find_mentions
from kg.reference import Entity

PUTIN = Entity(id="putin", label="Vladimir Putin", type="Person",
               names=("Vladimir Putin", "President Putin", "Putin"))
BAUNOV = Entity(id="baunov", label="Alexander Baunov", type="Person",
                names=("Alexander Baunov",), short_names=("Baunov",))
RUSSIA = Entity(id="russia", label="Russia", type="State", names=("Russia",),
                demonyms=("Russian", "Russians"))
ASSAD = Entity(id="assad", label="Bashar al-Assad", type="Person",
               names=("Bashar al-Assad", "Assad"))
REGIME = Entity(id="regime", label="Assad regime", type="PoliticalRegime",
                names=("Assad regime",))
KREMLIN = Entity(id="kremlin", label="Kremlin", type="GovernmentBody",
                 names=("the Kremlin",))
ALL = (PUTIN, BAUNOV, RUSSIA, ASSAD, REGIME, KREMLIN)


def spans(text, entities=ALL, blockers=("-language",)):
    return [(text[m.start:m.end], m.entity_id, m.kind)
            for m in find_mentions(text, entities, blockers)]


def test_full_name_and_longest_match_wins():
    assert spans("President Putin met Vladimir Putin.") == [
        ("President Putin", "putin", "alias"), ("Vladimir Putin", "putin", "name")]


def test_possessive_with_curly_and_straight_apostrophes():
    assert spans("Putin’s aim and Putin's goal and the Russians’ view") == [
        ("Putin", "putin", "possessive"), ("Putin", "putin", "possessive"),
        ("Russians", "russia", "demonym")]


def test_surname_only_after_full_name():
    text = "Baunov said. Alexander Baunov writes. Baunov explains."
    assert spans(text) == [("Alexander Baunov", "baunov", "name"), ("Baunov", "baunov", "short")]


def test_regime_is_not_the_person():
    assert spans("the Assad regime fell; Assad fled") == [
        ("Assad", "assad", "nested"), ("Assad regime", "regime", "name"),
        ("Assad", "assad", "alias")]


def test_hyphen_and_sentence_initial_capital():
    assert spans("The Kremlin backed Bashar al\u2011Assad.") == [
        ("The Kremlin", "kremlin", "alias"), ("Bashar al\u2011Assad", "assad", "name")]


def test_demonym_blocked_before_language_but_not_elsewhere():
    assert spans("a Russian-language podcast about Russian troops") == [
        ("Russian", "russia", "demonym")]


def test_no_match_inside_words():
    assert spans("Russianness and Putinism") == []


def test_offsets_survive_no_break_spaces():
    text = "an ISIS\u00a0 governorate near Russia"
    (found,) = find_mentions(text, ALL)
    assert text[found.start:found.end] == "Russia"


def test_candidates_skip_known_names_and_sentence_initial_words():
    text = ("However, Putin met Hosni Mubarak. Survival matters. "
            "The Minsk process failed; Moscow watched the Minsk talks.")
    mentions = find_mentions(text, ALL)
    found = [c.text for c in find_candidates(text, mentions, ("The",), ("of",))]
    assert found == ["Hosni Mubarak", "Minsk", "Moscow", "Minsk"]


def test_candidates_keep_connected_multiword_names():
    text = "He wrote for the European Council on Foreign Relations and Putin."
    found = [c.text for c in find_candidates(text, find_mentions(text, ALL), (), ("on",))]
    assert found == ["European Council on Foreign Relations"]


def test_candidates_ignore_known_forms_pronouns_and_lowercase_compounds():
    text = "He said: “They tricked him.” A Russian-language PR-cover. [T]here’s more."
    mentions = find_mentions(text, ALL, ("-language",))
    found = find_candidates(text, mentions, ("They", "A"), (), ("Russian",))
    assert [c.text for c in found] == ["PR"]


def test_nested_names_at_every_depth():
    paris = Entity(id="paris", label="Paris", type="City", names=("Paris",))
    attacks = Entity(id="attacks", label="Paris attacks", type="Event", names=("Paris attacks",))
    report = Entity(id="report", label="report on the Paris attacks", type="Event",
                    names=("report on the Paris attacks",))
    text = "the report on the Paris attacks"
    found = [(text[m.start:m.end], m.kind) for m in find_mentions(text, (paris, attacks, report))]
    assert found == [("report on the Paris attacks", "name"), ("Paris", "nested"),
                     ("Paris attacks", "nested")]
