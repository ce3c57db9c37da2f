"""What kind of thing a new name is, from the words around it (see new_entities.py).

In this order: a title before it ("Foreign Minister", "Gen."), a noun that introduces it
("the Russian company X", "the daily \"X\""), a head word ("… Institute", "Ministry of …",
"… air base"), GeoNames (kg/extract/gazetteer.py), a designation ("Il-76"), an acronym, a
role beside it ("X, a naval analyst at Y"), a body's description after it ("X, the state
oil company,"), a reporting verb it is the subject of, a place preposition before it (or
before the place it is coordinated with: "at al-Khadim and al-Jufra"; "for the Adriatic" for
one word shaped like a region); a bare name of two or three capitalised words is a person.
`plausible` says what a name must show beyond its capitals. Word lists: names.toml.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Protocol

from kg.extract.gazetteer import demonym_country, place_kind
from kg.extract.mentions import Mention
from kg.extract.roles import ORG_TYPES, role_before_pattern, role_pattern
from kg.text.patterns import alternation

PLACE_TYPES = frozenset({"State", "City", "Region", "MilitaryBase", "AirBase", "NavalBase"})
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,7}(?:-[A-Z0-9]{1,6})?$")
_TOKEN = re.compile(r"[^\s]+")
_POSSESSIVE = re.compile(r"['\u2019]s?(?!\w)")


class NameContext(Protocol):
    """What typing a name reads of the document being read."""

    text: str
    cues: Mapping[str, Any]
    speech: re.Pattern[str]
    mentions: list[Mention]


def name_words(label: str) -> list[str]:
    return _TOKEN.findall(label)


def head_type(label: str, cues: Mapping[str, Any]) -> str:
    """The type a head word gives: the first or last one or two words of the name."""
    words = [w.lower().strip(".,") for w in name_words(label)]
    ends = {" ".join(words[-2:]), " ".join(words[:2]), words[-1], words[0]} if words else set()
    if len(words) > 2 and words[0].endswith(tuple(cues.get("demonym_endings", []))):
        ends |= {words[1], " ".join(words[1:3])}  # "the Ghanaian Ministry of Interior"
    last = {" ".join(words[-2:]), words[-1]} if len(words) > 1 else set()
    for kind, heads in cues.get("extension_heads", {}).items():
        if last & {h.lower() for h in heads} and name_words(label)[-1].islower():
            return str(kind)
    for kind, heads in cues.get("heads", {}).items():
        if (len(words) > 1 or kind == "MediaOutlet") and ends & {h.lower() for h in heads}:
            return str(kind)
    return ""


def title_split(label: str, cues: Mapping[str, Any]) -> tuple[str, str]:
    """("Foreign Minister", "Sergei Lavrov") from "Foreign Minister Sergei Lavrov", and
    ("Defense Secretary", "Patrick Shanahan"): leading words of titles and roles."""
    if head_type(label, cues):
        return "", label  # "General Staff", "Interior Ministry": a body, not a title
    words = {w.lower().rstrip(".") for t in cues.get("person_titles", []) for w in t.split()}
    words |= {w.lower() for w in (*cues.get("role_nouns", []), *cues.get("title_words", []))}
    m = re.match(r"(?:[A-Z][\w\-]*\.?\s+)+", label)
    people = re.match(r"[A-Z][a-z]+\s+", label)  # "Kyrgyz President Sadyr Japarov"
    endings = tuple(cues.get("demonym_endings", []))
    if people and people.group(0).strip().lower() not in words and (demonym_country(
            people.group(0).strip(), endings) or people.group(0).strip().endswith(endings)):
        title, name = title_split(label[people.end():], cues)
        if title:
            return label[:people.end()] + title, name
    title_end = _titles_end(label, words, 0)
    if m and title_end and len(name_words(label[title_end:])) >= 1:
        return label[:title_end].strip(), label[title_end:]
    qualified = people and _titles_end(label, words, people.end())  # "Liberal MP Harriet Vane"
    if qualified and len(name_words(label[qualified:])) >= 2:
        return label[:qualified].strip(), label[qualified:]
    return "", label


def _titles_end(label: str, words: set[str], start: int) -> int:
    """Where the run of title words from start ends (0 when none is there)."""
    end = 0
    for w in re.finditer(r"([A-Z][\w\-]*)\.?\s+", label[start:]):
        if w.start() != end or w.group(1).lower() not in words:
            break
        end = w.end()
    return start + end if end else 0


def speaks(doc: NameContext, start: int, end: int) -> bool:
    """The name is the subject of a reporting verb: "X said", "X, …, told", "said X"."""
    after = doc.text[end:end + 140]
    if re.match(rf"^(?:,[^,“”\"]{{1,120}},)?\s+(?:\w+ly\s+)?(?:{doc.speech.pattern})(?!\w)",
                after, re.IGNORECASE):
        return True
    before = doc.text[max(0, start - 20):start]
    verb = re.search(rf"(?:{doc.speech.pattern})\s+$", before, re.IGNORECASE)
    return verb is not None and not re.match(r"(?i)tol?d|tells", verb.group(0))  # X listens


def head_after(doc: NameContext, start: int, end: int) -> str:
    """The kind a common noun right after the name gives, when the name is its modifier:
    "the Interfax news agency reported" (a MediaOutlet named Interfax), "Redline mercenaries"
    (an ArmedGroup: names.toml members_after)."""
    nouns = noun_kinds(doc)
    m = re.match(rf"\s+({alternation(list(nouns))})(?![\w-])(?!\s+[“\"]?(?-i:[A-Z]))",
                 doc.text[end:end + 30], re.I)  # not "the Gabes daily Sahil Herald": a place
    kind = str(nouns[m.group(1).lower()]) if m else ""
    members = re.match(rf"\s+(?:{alternation(doc.cues.get('members_after', []))})(?!\w)",
                       doc.text[end:end + 30], re.I)
    if members and not kind and re.fullmatch(r"[A-Z][a-z\-]+", doc.text[start:end]) and not (
            demonym_like(doc.text[start:end], doc.cues)):
        return "ArmedGroup"  # "Redline mercenaries"; not "Kurdish fighters", "MiG-29 fighters"
    return kind if kind in ("MediaOutlet", "ThinkTank") else ""


def is_acronym(label: str) -> bool:
    return bool(_ACRONYM.match(label))


def noun_kinds(doc: NameContext) -> dict[str, str]:
    """Common nouns that introduce a name, and the kind each gives (names.toml heads_before)."""
    return {w: kind for kind, words in doc.cues.get("heads_before", {}).items() for w in words}


def head_before(doc: NameContext, start: int) -> str:
    """The kind a common noun right before the name gives ("the Russian company X"); a
    platform something is posted on is an organization ("posted the video on Rumble")."""
    verbs = alternation(doc.cues.get("posting_verbs", []))
    if re.search(rf"(?<!\w)(?:{verbs})(?:\s+[\w’'\-]+){{0,4}}\s+on\s+$",
                 doc.text[max(0, start - 60):start]):
        return "Organization"
    nouns = noun_kinds(doc)
    noun = alternation(list(nouns))
    m = re.search(rf"(?<!\w)(?:the|a|an)\s+(?:[\w\-’']+\s+){{0,3}}?({noun})"
                  rf"(?:\s+|,\s+the\s+)[“\"]?$",  # 'the daily "Izvestia"', "a tanker, the X"
                  doc.text[max(0, start - 60):start], re.IGNORECASE)
    return str(nouns[m.group(1).lower()]) if m else ""


def classify(doc: NameContext, label: str, title: str, start: int, end: int) -> str:
    """The type of a new name, or "" when the text gives no sign of one (see module doc)."""
    before = head_before(doc, start - len(title) - 1 if title else start) or (
        "" if title else head_after(doc, start, end))
    if before:
        return before  # "the Russian company X", "the frigate Admiral Gorshkov", "the X agency"
    if title:
        return "Person"
    head = head_type(label, doc.cues) or ("Organization" if " & " in label else "")
    if head in PLACE_TYPES and len(name_words(label)) > 1 and (
            speaks(doc, start, end) or appositive_head(doc, end)):
        # "Kanal Gulf said", "Horn Shipping Watch, a private firm,": a place does neither
        return appositive_head(doc, end) or "Organization"
    if head:
        return head
    kind = (place_kind(label.title()) if len(label) > 4 else "") if label.isupper() else (
        place_kind(label))
    if kind:
        return kind  # "CAIRO —" in a dateline is the city
    words = name_words(label)
    if any(re.fullmatch(p, label) for p in doc.cues.get("designations", [])):
        return "EquipmentModel"  # "Il-76", "S-400"
    if any(ch.isdigit() for ch in label):
        return "Organization" if is_acronym(label) else ""
    role_after = role_pattern(doc.cues).match(doc.text, end)
    role_before = role_before_pattern(doc.cues).search(doc.text, max(0, start - 60), start)
    defines = re.match(r"\s*\(\s*[A-Z][A-Z0-9&\-]{1,9}\s*\)|,\s+or\s+[A-Z][A-Z0-9&\-]{1,9}\b",
                       doc.text[end:end + 16])  # "… Observatory (LMO)", "…, or HTS"
    if is_acronym(label) or defines:
        return "Organization"  # an acronym, or a name that defines one: "… Observatory (LMO)"
    if len(words) == 1 and region_after_the(doc, label, start, end):
        return "Region"  # "sailed for the Adriatic", "jets from the Gulf"
    if len(words) == 1 and demonym_like(label, doc.cues) and (
            not locative_before(doc, start) or re.match(r"\s+[a-z]", doc.text[end:end + 3])):
        return ""  # "American", "British", "in Israeli airspace": a people, not a name
    body = "" if role_after or role_before else appositive_head(doc, end)
    if body:
        return body  # "Rosatom, the state nuclear company, said"
    if role_after or role_before or speaks(doc, start, end):
        return "Person" if len(words) <= 4 else "Organization"
    towns = alternation(doc.cues.get("town_nouns", []))
    if towns and re.search(rf"(?<!\w)the\s+(?:[a-z\-]+\s+)?(?:{towns})\s+of\s+$",
                           doc.text[max(0, start - 40):start], re.I):
        return "City"  # "the northern town of Tessalit"
    if locative_before(doc, start, strict=True) and not _POSSESSIVE.match(doc.text, end):
        return "Region"  # "in Cabo Delgado", "near Maarat Misrin": a place, not a person
    if 2 <= len(words) <= 3 and all(w[:1].isupper() or "-" in w for w in words):
        return "Person"
    if len(words) == 1 and (locative_before(doc, start) or coordinated_place(doc, start)):
        return "Region"  # "near Tinzaouaten", "In Khankendi", "at al-Khadim and al-Jufra"
    if len(words) == 1:
        return "Organization"
    return ""


def region_after_the(doc: NameContext, label: str, start: int, end: int) -> bool:
    """"for the Adriatic", "from the Gulf", "in the Arctic": one word after a preposition and
    "the", shaped like a region (a region's head word, or a demonym's ending: "Baltic",
    "Mediterranean") and not an adjective before a noun ("the Baltic states")."""
    shaped = label.lower() in {h.lower() for h in doc.cues.get("heads", {}).get("Region", [])} \
        or demonym_like(label, doc.cues)
    before = re.search(rf"(?<!\w)(?:{alternation(doc.cues.get('region_prepositions', []))})"
                       rf"\s+the\s+$", doc.text[max(0, start - 30):start], re.I)
    noun = re.match(rf"\s+(?!(?:{alternation(doc.cues.get('not_nouns_after', []))})(?!\w))[a-z]",
                    doc.text[end:end + 20])
    return bool(shaped and before and not noun and not label.endswith("s"))


def appositive_head(doc: NameContext, end: int) -> str:
    """The type a head word gives in an appositive right after the name: ", the state
    nuclear company," -> Organization."""
    m = re.match(r",\s+(?:a|an|the)\s+([^,.;“”\"]{3,60}?)\s*[,.;]", doc.text[end:end + 80])
    if not m:
        return ""
    head = re.split(r"\s+(?:at|of|for|with|in|from|on|based|that|which|who)\s+", m.group(1))[0]
    kind = head_type("X " + head.split()[-1], doc.cues)  # "an analyst at the X Monitor": no
    return kind if kind in ORG_TYPES else ""


def demonym_like(word: str, cues: Mapping[str, Any]) -> bool:
    """"Malian", "Azerbaijani": a people or language, not an entity of its own (but "Iran",
    "Sudan", "Tehran" end alike and are places, which GeoNames knows)."""
    return any(word.lower().endswith(e) for e in cues.get("demonym_endings", [])) and not (
        place_kind(word))




def coordinated_place(doc: NameContext, start: int) -> bool:
    """"at al-Khadim and al-Jufra": a name after "and" or "or" whose partner before it
    follows a preposition of place is a place as well."""
    partner = re.search(r"((?:(?:al|el|ad|as|ar)-)?[A-Z][\w’'\-]*)\s*(?:,\s*|\s+)(?:and|or)\s+$",
                        doc.text[max(0, start - 60):start])
    return partner is not None and locative_before(doc, max(0, start - 60) + partner.start(1))


def locative_before(doc: NameContext, start: int, strict: bool = False) -> bool:
    """A preposition of place right before the name ("near Tinzaouaten"); strict: only
    the ones that never take a person ("in", "near", not "to" or "from")."""
    words = alternation(doc.cues.get("strict_locatives" if strict else "locatives", []))
    words = words.replace(r"the\s+", r"the\s+(?:[a-z\-]+\s+)?")  # "the desert town of"
    return re.search(rf"(?<!\w)(?:{words})\s+(?:the\s+)?$",
                     doc.text[max(0, start - 40):start], re.IGNORECASE) is not None


def plausible(doc: NameContext, label: str, type_: str, title: str, start: int, end: int) -> bool:
    """What a name must show beyond its capitals: written in the document's script, not only
    words of a title ("Senior Policy Fellow"), and, for a bare word or acronym with no other
    sign ("Pandora’s box", "PR"), a second use in the text."""
    if any(ch.isalpha() and not ("A" <= ch <= "z" or "\u00c0" <= ch <= "\u024f") for ch in label):
        return False
    role_words = {w.lower() for w in (*doc.cues.get("role_nouns", []),
                                      *doc.cues.get("role_openers", []))}
    titles = {w.lower() for t in doc.cues.get("person_titles", []) for w in t.split()}
    if all(w.lower().strip(".") in role_words | titles for w in name_words(label)):
        return False
    the = re.search(r"(?<![\w.])the\s+$", doc.text[max(0, start - 5):start]) and re.match(
        r"\s+[a-z]", doc.text[end:end + 3])  # "since the Taliban returned", "the Kremlin says"
    weak = len(name_words(label)) == 1 and type_ == "Organization" and not (
        speaks(doc, start, end) or defined_acronym(doc, start) or head_before(doc, start)
        or head_after(doc, start, end) or the or appositive_head(doc, end)
        or (is_acronym(label) and len(label) > 2))
    return not weak or len(re.findall(rf"(?<!\w){re.escape(label)}(?!\w)", doc.text)) > 1


def defined_acronym(doc: NameContext, start: int) -> str | None:
    """The entity of the mention right before "(" when an acronym stands in parentheses."""
    before = [m for m in doc.mentions if re.fullmatch(r"\s*\(\s*|,\s+or\s+", doc.text[m.end:start])]
    return before[-1].entity_id if before else None


def split_of(label: str, cues: Mapping[str, Any]) -> list[tuple[int, str]]:
    """"Pyotr Ivanov of the Baltic Security Institute" -> the man and the institute:
    an "of" joins two names when the left one has no head word and the right one has (or
    is a place GeoNames knows, after two words or more: "Rep. Dana Whitfield of Ohio"); a
    possessive before a name with a head word is its owner ("Vietnam's Ministry of …")."""
    owner = re.match(r"([^\s’']+(?:\s+[^\s’']+)?)['’]s\s+", label)
    if owner and head_type(label[owner.end():], cues):
        return [(0, owner.group(1)), (owner.end(), label[owner.end():])]  # "Vietnam's Ministry …"
    if owner and len(name_words(label[owner.end():])) == 1:
        return [(0, owner.group(1))]  # "the Wagner Group's African business": the group
    m = re.search(r"\s+of\s+(?:the\s+)?", label)
    one_word_heads = {h.lower() for h in cues.get("heads_before_of", [])}
    if not m or head_type(label[:m.start()], cues) or label[:m.start()].lower() in one_word_heads:
        return [(0, label)]  # "Chamber of Deputies Security Committee" is one body
    left, right = label[:m.start()], label[m.end():]
    person_of_place = len(name_words(left)) >= 2 and bool(place_kind(right))  # "X Y of Ohio"
    if not (head_type(right, cues) or person_of_place):
        return [(0, label)]
    return [(0, left), (m.end(), right)]
