"""Counted quantities with their hedges, and what they are not (years, days, names)."""

from decimal import Decimal

from kg.extract.mentions import Mention, find_mentions
from kg.extract.pipeline import load_cues
from kg.extract.quantities import find_quantities
from kg.reference import Entity

CUES = load_cues()
ENTITIES = (
    Entity("russia", "Russia", "State", names=("Russia",), demonyms=("Russian", "Russians")),
    Entity("podcast", "World in 30 Minutes", "CreativeWork", names=("World in 30 Minutes",)),
)


def quantities(text):
    mentions = find_mentions(text, ENTITIES, ["-language"])
    return [(text[q.span[0]:q.span[1]], q.value, q.unit, q.hedge, q.about)
            for q in find_quantities(text, mentions, CUES)]


def test_hedges():
    text = ("Russia had as many as 6,000 fighters there. Around 4,000 Russian citizens left. "
            "They have been exposed for over 20 years. It took 24 years.")
    assert quantities(text) == [
        ("as many as 6,000 fighters", 6000, "fighters", "upper-bound", ("russia",)),
        ("Around 4,000 Russian citizens", 4000, "citizens", "approximate", ("russia",)),
        ("over 20 years", 20, "years", "lower-bound", ()),
        ("24 years", 24, "years", "exact", ()),
    ]


def test_estimate_governs_the_clause_and_elliptical_counts_inherit_the_unit():
    text = "It is estimated that 4,000 Russian citizens fight; another 6,000 come from elsewhere."
    found = quantities(text)
    assert [(v, u, h) for _, v, u, h, _ in found] == [
        (4000, "citizens", "approximate"), (6000, "citizens", "approximate")]


def test_force_strength_and_plain_counts():
    text = "If this 10,000 strong force moves, the death of 224 Russians will be avenged."
    assert [(s, v, u) for s, v, u, _, _ in quantities(text)] == [
        ("10,000 strong force", 10000, "force"), ("224 Russians", 224, "Russians")]


def test_years_days_names_and_codes_are_not_quantities():
    text = ("In 2015, on 28 September and in 2011-2012, the G20 met; 9/11 and the Su-24 too. "
            "Listen to World in 30 Minutes.")
    assert quantities(text) == []


def test_scale_words():
    found = quantities("Some 1.5 million refugees fled.")
    assert found[0][1:4] == (1500000.0, "refugees", "approximate")


def test_money_and_shares_are_quantities() -> None:
    """Written before the rule: a currency sign is the unit, a share is percent."""
    text = ("The deal is worth about $6 billion; the lira fell 0.6% and 80 percent of the "
            "equipment left, with €300 million in debts, after a five-day visit and a 25-year "
            "lease.")
    found = [(q.value, q.unit, q.hedge) for q in find_quantities(text, [], load_cues())]
    assert found == [(6000000000, "USD", "approximate"), (Decimal("0.6"), "percent", "exact"),
                     (80, "percent", "exact"), (300000000, "EUR", "exact"),
                     (5, "days", "exact"), (25, "years", "exact")]


def test_short_units_and_billions_written_short() -> None:
    """"300 km" is 300 km (not more of the trucks counted before it); "$1.2bn" is USD."""
    text = "The convoy of 12 trucks travelled 300 km in two days. The deal is worth $1.2bn."
    found = {text[q.span[0]:q.span[1]]: (q.value, q.unit)
             for q in find_quantities(text, [], load_cues())}
    assert found["300 km"] == (300, "km")
    assert found["$1.2bn"] == (1200000000, "USD")


def test_ranges_halves_singulars_models_and_more() -> None:
    """Written before the rules (session 6): "seven to ten warships" is at least 7 and at
    most 10; "three and a half years"; "one frigate" counts one; "one An-124" counts the
    model; "six more jets" counts jets (but "six more than" counts nothing)."""
    text = ("The navy keeps seven to ten warships at sea. Wagner stayed three and a half "
            "years. Images showed one Russian frigate and two Il-76 transports beside one "
            "An-124. Haftar wants up to six more fighter jets.")
    at = text.index("An-124")
    model = [Mention(at, at + len("An-124"), "extracted/an-124", "name")]
    found = {text[q.span[0]:q.span[1]]: (q.value, q.unit, q.hedge)
             for q in find_quantities(text, model, load_cues())}
    assert found == {
        "seven": (7, "warships", "lower-bound"),
        "ten warships": (10, "warships", "upper-bound"),
        "three and a half years": (Decimal("3.5"), "years", "exact"),
        "one Russian frigate": (1, "frigate", "exact"),
        "two Il-76 transports": (2, "transports", "exact"),
        "one An-124": (1, "An-124", "exact"),
        "up to six more fighter jets": (6, "jets", "upper-bound"),
    }


def test_footnotes_round_figures_in_words_and_one_speaker() -> None:
    """A footnote marker ("[1]") counts nothing; "a million soldiers" and "half a million
    shells" count; "one analyst said" counts an analyst, not "said"; "a 49-year-long
    lease" is 49 years."""
    text = ("Russia has lost a million soldiers, one analyst said.[1] The army fired half a "
            "million shells. It signed a 49-year-long lease.")
    found = [(w, v, u) for w, v, u, _, _ in quantities(text)]
    assert found == [("a million soldiers", 1000000, "soldiers"), ("one analyst", 1, "analyst"),
                     ("half a million shells", 500000, "shells"), ("49-year-long", 49, "years")]


def test_anonymous_sources_are_counted() -> None:
    """"Two former guards confirmed …": the unnamed sources are also a count of people (the
    mention of the unnamed sources does not hide its number)."""
    text = "Two former guards confirmed the ledgers were genuine."
    mentions = [Mention(0, 17, "unnamed-sources/d", "alias")]
    found = [(text[q.span[0]:q.span[1]], q.value, q.unit) for q in find_quantities(
        text, mentions, CUES)]
    assert found == [("Two former guards", 2, "guards")]
