"""Names the reference data does not know: every person, organization, place and military
facility a document names becomes an entity, typed from what the text says around it.

The reference data is knowledge to link to, not the list of what may exist:
- a name that is another spelling of a reference name (Hmeimim/Khmeimim, Tartous/Tartus,
  el-/al-) is a mention of that entity (kind "variant"; kg/text/normalise.py);
- an acronym in parentheses after a name ("Sahel Policy Centre (SPC)") is that entity's
  short form, and so are its initials and a person's surname later in the same text;
- any other name becomes an extracted entity, typed by, in this order: a title before it
  ("Foreign Minister", "Gen."), a head word ("… Institute", "Ministry of …", "… air
  base"), GeoNames (kg/extract/gazetteer.py), a role beside it ("X, a naval analyst at
  Y", "defence analyst X"), a reporting verb it is the subject of; a bare name of two
  or three capitalised words is a person. A single word needs one of those signs.
- a town named where its clause speaks of ships, jets, troops or a base is the military
  facility the reference data says lies there (kind "metonym": "warships left Tartus").
The id of an extracted entity is "extracted/" + the slug of its first full name, so the
same name in two documents is one resource. Word lists: names.toml beside this module.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.extract.candidates import Candidate
from kg.extract.collectives import (
    role_offices,
    speaking_governments,
    state_bodies,
    unnamed_sources,
)
from kg.extract.facilities import base_keys, town_facilities, without_facility_head
from kg.extract.findings import RoleFinding
from kg.extract.gazetteer import demonym_country, major_place, place_kind
from kg.extract.mentions import Mention
from kg.extract.roles import ORG_TYPES, PERSON_TYPES, find_roles, role_before_pattern, role_pattern
from kg.reference import Entity
from kg.text.normalise import name_key, slug
from kg.text.patterns import alternation
from kg.text.sentences import Span, sentences

NAMES_FILE = Path(__file__).parent / "names.toml"
EXTRACTED = "extracted/"
PLACE_TYPES = frozenset({"State", "City", "Region", "MilitaryBase", "AirBase", "NavalBase"})
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,7}(?:-[A-Z0-9]{1,6})?$")
_TOKEN = re.compile(r"[^\s]+")
_POSSESSIVE = re.compile(r"['\u2019]s?(?!\w)")


def load_names(path: Path = NAMES_FILE) -> dict[str, Any]:
    """The word lists of names.toml."""
    with open(path, "rb") as f:
        return tomllib.load(f)


@dataclass(frozen=True)
class NewNames:
    """What a document names beyond the reference data's surface forms."""

    entities: tuple[Entity, ...] = ()     # extracted entities (Entity.extracted is True)
    mentions: tuple[Mention, ...] = ()    # every mention of the document, old and new
    roles: tuple[RoleFinding, ...] = ()


@dataclass
class _Doc:
    """The state of one pass over a document."""

    text: str
    cues: Mapping[str, Any]
    speech: re.Pattern[str]
    by_key: dict[str, str] = field(default_factory=dict)          # name key -> entity id
    types: dict[str, str] = field(default_factory=dict)           # entity id -> type
    surnames: dict[str, str] = field(default_factory=dict)        # last word -> person id
    initials: dict[str, str] = field(default_factory=dict)        # initials -> org id
    new: dict[str, Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    base_keys: dict[str, str] = field(default_factory=dict)     # bare place key -> base id


def _words(label: str) -> list[str]:
    return _TOKEN.findall(label)


def _head_type(label: str, cues: Mapping[str, Any]) -> str:
    """The type a head word gives: the first or last one or two words of the name."""
    words = [w.lower().strip(".,") for w in _words(label)]
    ends = {" ".join(words[-2:]), " ".join(words[:2]), words[-1], words[0]} if words else set()
    if len(words) > 2 and words[0].endswith(tuple(cues.get("demonym_endings", []))):
        ends |= {words[1], " ".join(words[1:3])}  # "the Ghanaian Ministry of Interior"
    last = {" ".join(words[-2:]), words[-1]} if len(words) > 1 else set()
    for kind, heads in cues.get("extension_heads", {}).items():
        if last & {h.lower() for h in heads} and _words(label)[-1].islower():
            return str(kind)
    for kind, heads in cues.get("heads", {}).items():
        if (len(words) > 1 or kind == "MediaOutlet") and ends & {h.lower() for h in heads}:
            return str(kind)
    return ""


def _title_split(label: str, cues: Mapping[str, Any]) -> tuple[str, str]:
    """("Foreign Minister", "Sergei Lavrov") from "Foreign Minister Sergei Lavrov", and
    ("Defense Secretary", "Patrick Shanahan"): leading words of titles and roles."""
    if _head_type(label, cues):
        return "", label  # "General Staff", "Interior Ministry": a body, not a title
    words = {w.lower().rstrip(".") for t in cues.get("person_titles", []) for w in t.split()}
    words |= {w.lower() for w in (*cues.get("role_nouns", []), *cues.get("title_words", []))}
    m = re.match(r"(?:[A-Z][\w\-]*\.?\s+)+", label)
    people = re.match(r"[A-Z][a-z]+\s+", label)  # "Kyrgyz President Sadyr Japarov"
    endings = tuple(cues.get("demonym_endings", []))
    if people and people.group(0).strip().lower() not in words and (demonym_country(
            people.group(0).strip(), endings) or people.group(0).strip().endswith(endings)):
        title, name = _title_split(label[people.end():], cues)
        if title:
            return label[:people.end()] + title, name
    title_end = 0
    for w in re.finditer(r"([A-Z][\w\-]*)\.?\s+", label):
        if w.start() != title_end or w.group(1).lower() not in words:
            break
        title_end = w.end()
    if m and title_end and len(_words(label[title_end:])) >= 1:
        return label[:title_end].strip(), label[title_end:]
    return "", label


def _speaks(doc: _Doc, start: int, end: int) -> bool:
    """The name is the subject of a reporting verb: "X said", "X, …, told", "said X"."""
    after = doc.text[end:end + 140]
    if re.match(rf"^(?:,[^,“”\"]{{1,120}},)?\s+(?:\w+ly\s+)?(?:{doc.speech.pattern})(?!\w)",
                after, re.IGNORECASE):
        return True
    before = doc.text[max(0, start - 20):start]
    verb = re.search(rf"(?:{doc.speech.pattern})\s+$", before, re.IGNORECASE)
    return verb is not None and not re.match(r"(?i)tol?d|tells", verb.group(0))  # X listens


def _head_after(doc: _Doc, end: int) -> str:
    """The kind a common noun right after the name gives, when the name is its modifier:
    "the Interfax news agency reported" (a MediaOutlet named Interfax)."""
    nouns = _noun_kinds(doc)
    m = re.match(rf"\s+({alternation(list(nouns))})(?![\w-])", doc.text[end:end + 30], re.I)
    kind = str(nouns[m.group(1).lower()]) if m else ""
    return kind if kind in ("MediaOutlet", "ThinkTank") else ""


def _is_acronym(label: str) -> bool:
    return bool(_ACRONYM.match(label))


def _noun_kinds(doc: _Doc) -> dict[str, str]:
    """Common nouns that introduce a name, and the kind each gives (names.toml heads_before)."""
    return {w: kind for kind, words in doc.cues.get("heads_before", {}).items() for w in words}


def _head_before(doc: _Doc, start: int) -> str:
    """The kind a common noun right before the name gives ("the Russian company X"); a
    platform something is posted on is an organization ("posted the video on Rumble")."""
    verbs = alternation(doc.cues.get("posting_verbs", []))
    if re.search(rf"(?<!\w)(?:{verbs})(?:\s+[\w’'\-]+){{0,4}}\s+on\s+$",
                 doc.text[max(0, start - 60):start]):
        return "Organization"
    nouns = _noun_kinds(doc)
    noun = alternation(list(nouns))
    m = re.search(rf"(?<!\w)(?:the|a|an)\s+(?:[\w\-’']+\s+){{0,3}}?({noun})\s+[“\"]?$",
                  doc.text[max(0, start - 60):start], re.IGNORECASE)  # 'the daily "Izvestia"'
    return str(nouns[m.group(1).lower()]) if m else ""


def _classify(doc: _Doc, label: str, title: str, start: int, end: int) -> str:
    """The type of a new name, or "" when the text gives no sign of one (see module doc)."""
    before = _head_before(doc, start - len(title) - 1 if title else start) or (
        "" if title else _head_after(doc, end))
    if before:
        return before  # "the Russian company X", "the frigate Admiral Gorshkov", "the X agency"
    if title:
        return "Person"
    head = _head_type(label, doc.cues) or ("Organization" if " & " in label else "")
    if head in PLACE_TYPES and len(_words(label)) > 1 and _speaks(doc, start, end):
        return "Organization"  # "Kanal Gulf said": a place does not speak, a station does
    if head:
        return head
    kind = (place_kind(label.title()) if len(label) > 4 else "") if label.isupper() else (
        place_kind(label))
    if kind:
        return kind  # "CAIRO —" in a dateline is the city
    words = _words(label)
    if any(re.fullmatch(p, label) for p in doc.cues.get("designations", [])):
        return "EquipmentModel"  # "Il-76", "S-400"
    if any(ch.isdigit() for ch in label):
        return "Organization" if _is_acronym(label) else ""
    role_after = role_pattern(doc.cues).match(doc.text, end)
    role_before = role_before_pattern(doc.cues).search(doc.text, max(0, start - 60), start)
    defines = re.match(r"\s*\(\s*[A-Z][A-Z0-9&\-]{1,9}\s*\)|,\s+or\s+[A-Z][A-Z0-9&\-]{1,9}\b",
                       doc.text[end:end + 16])  # "… Observatory (LMO)", "…, or HTS"
    if _is_acronym(label) or defines:
        return "Organization"  # an acronym, or a name that defines one: "… Observatory (LMO)"
    if len(words) == 1 and _demonym_like(label, doc.cues) and (
            not _locative_before(doc, start) or re.match(r"\s+[a-z]", doc.text[end:end + 3])):
        return ""  # "American", "British", "in Israeli airspace": a people, not a name
    body = "" if role_after or role_before else _appositive_head(doc, end)
    if body:
        return body  # "Rosatom, the state nuclear company, said"
    if role_after or role_before or _speaks(doc, start, end):
        return "Person" if len(words) <= 4 else "Organization"
    town = re.search(rf"(?<!\w){_TOWN_OF}\s+$", doc.text[max(0, start - 40):start])
    if town and town.group(1) in ("town", "city", "village"):
        return "City"  # "the northern town of Tessalit"
    if _locative_before(doc, start, strict=True) and not _POSSESSIVE.match(doc.text, end):
        return "Region"  # "in Cabo Delgado", "near Maarat Misrin": a place, not a person
    if 2 <= len(words) <= 3 and all(w[:1].isupper() or "-" in w for w in words):
        return "Person"
    if len(words) == 1 and _locative_before(doc, start):
        return "Region"  # "near Tinzaouaten", "In Khankendi"
    if len(words) == 1:
        return "Organization"
    return ""


def _appositive_head(doc: _Doc, end: int) -> str:
    """The type a head word gives in an appositive right after the name: ", the state
    nuclear company," -> Organization."""
    m = re.match(r",\s+(?:a|an|the)\s+([^,.;“”\"]{3,60}?)\s*[,.;]", doc.text[end:end + 80])
    if not m:
        return ""
    head = re.split(r"\s+(?:at|of|for|with|in|from|on|based|that|which|who)\s+", m.group(1))[0]
    kind = _head_type("X " + head.split()[-1], doc.cues)  # "an analyst at the X Monitor": no
    return kind if kind in ORG_TYPES else ""


def _demonym_like(word: str, cues: Mapping[str, Any]) -> bool:
    """"Malian", "Azerbaijani": a people or language, not an entity of its own (but "Iran",
    "Sudan", "Tehran" end alike and are places, which GeoNames knows)."""
    return any(word.lower().endswith(e) for e in cues.get("demonym_endings", [])) and not (
        place_kind(word))


_TOWN_OF = r"the\s+(?:[a-z\-]+\s+)?(town|city|village|port|region)\s+of"  # "the desert town of"


def _locative_before(doc: _Doc, start: int, strict: bool = False) -> bool:
    """A preposition of place right before the name ("near Tinzaouaten"); strict: only
    the ones that never take a person ("in", "near", not "to" or "from")."""
    words = alternation(doc.cues.get("strict_locatives" if strict else "locatives", []))
    return re.search(rf"(?<!\w)(?:{words}|{_TOWN_OF})\s+(?:the\s+)?$",
                     doc.text[max(0, start - 40):start], re.IGNORECASE) is not None


def _plausible(doc: _Doc, label: str, type_: str, title: str, start: int, end: int) -> bool:
    """What a name must show beyond its capitals: written in the document's script, not only
    words of a title ("Senior Policy Fellow"), and, for a bare word or acronym with no other
    sign ("Pandora’s box", "PR"), a second use in the text."""
    if any(ch.isalpha() and not ("A" <= ch <= "z" or "\u00c0" <= ch <= "\u024f") for ch in label):
        return False
    role_words = {w.lower() for w in (*doc.cues.get("role_nouns", []),
                                      *doc.cues.get("role_openers", []))}
    titles = {w.lower() for t in doc.cues.get("person_titles", []) for w in t.split()}
    if all(w.lower().strip(".") in role_words | titles for w in _words(label)):
        return False
    the = re.search(r"(?<![\w.])the\s+$", doc.text[max(0, start - 5):start]) and re.match(
        r"\s+[a-z]", doc.text[end:end + 3])  # "since the Taliban returned", "the Kremlin says"
    weak = len(_words(label)) == 1 and type_ == "Organization" and not (
        _speaks(doc, start, end) or _defined_acronym(doc, start) or _head_before(doc, start)
        or _head_after(doc, end) or the or _appositive_head(doc, end)
        or (_is_acronym(label) and len(label) > 2))
    return not weak or len(re.findall(rf"(?<!\w){re.escape(label)}(?!\w)", doc.text)) > 1


def _initials(label: str) -> str:
    return "".join(w[0] for w in _words(label) if w[:1].isupper())


def _register(doc: _Doc, entity_id: str, type_: str, label: str) -> None:
    doc.by_key.setdefault(name_key(label), entity_id)
    doc.types[entity_id] = type_
    words = _words(label)
    if type_ in PERSON_TYPES and len(words) > 1:
        doc.surnames.setdefault(name_key(words[-1]), entity_id)
    if type_ in ORG_TYPES and len(words) > 1:
        doc.initials.setdefault(_initials(label), entity_id)
    heads = {h for hs in doc.cues.get("heads", {}).values() for h in hs}
    if type_ in ORG_TYPES and len(words) == 2 and words[1].lower() in heads:
        doc.surnames.setdefault(name_key(words[0]), entity_id)  # "Wagner Group", then "Wagner"


def _new_entity(doc: _Doc, label: str, type_: str, owner: str = "") -> str:
    """The entity of a new name; a body's owner ("Vietnam's") is part of its id, so that two
    countries' ministries of defence stay two resources."""
    entity_id = EXTRACTED + slug(f"{owner} {label}" if owner else label)
    if entity_id not in doc.new:
        doc.new[entity_id] = Entity(id=entity_id, label=label, type=type_, extracted=True)
    _register(doc, entity_id, type_, label)
    return entity_id


def _defined_acronym(doc: _Doc, start: int) -> str | None:
    """The entity of the mention right before "(" when an acronym stands in parentheses."""
    before = [m for m in doc.mentions if re.fullmatch(r"\s*\(\s*|,\s+or\s+", doc.text[m.end:start])]
    return before[-1].entity_id if before else None


def _known(doc: _Doc, label: str, start: int) -> tuple[str, str] | None:
    """(entity id, mention kind) of a name the document or the reference data already knows."""
    if _is_acronym(label):
        defined = _defined_acronym(doc, start)
        if defined:
            doc.initials.setdefault(label, defined)
            return defined, "short"
        if label in doc.initials:
            return doc.initials[label], "short"
    key = name_key(label)
    if key and key in doc.by_key:
        return doc.by_key[key], "variant"
    bare = without_facility_head(label, doc.cues)
    if bare != label and name_key(bare) in doc.base_keys:
        return doc.base_keys[name_key(bare)], "variant"  # "Hmeimim base", "Tartous naval facility"
    words = _words(label)
    if len(words) == 1 and name_key(label) in doc.surnames:
        return doc.surnames[name_key(label)], "short"  # "Al-Mahameed" after "Yasser al-Mahameed"
    return None


def _split_of(label: str, cues: Mapping[str, Any]) -> list[tuple[int, str]]:
    """"Pyotr Ivanov of the Baltic Security Institute" -> the man and the institute:
    an "of" joins two names when the left one has no head word and the right one has (or
    is a place GeoNames knows, after two words or more: "Rep. Dana Whitfield of Ohio"); a
    possessive before a name with a head word is its owner ("Vietnam's Ministry of …")."""
    owner = re.match(r"([^\s’']+(?:\s+[^\s’']+)?)['’]s\s+", label)
    if owner and _head_type(label[owner.end():], cues):
        return [(0, owner.group(1)), (owner.end(), label[owner.end():])]  # "Vietnam's Ministry …"
    if owner and len(_words(label[owner.end():])) == 1:
        return [(0, owner.group(1))]  # "the Wagner Group's African business": the group
    m = re.search(r"\s+of\s+(?:the\s+)?", label)
    if not m or _head_type(label[:m.start()], cues):
        return [(0, label)]
    left, right = label[:m.start()], label[m.end():]
    person_of_place = len(_words(left)) >= 2 and bool(place_kind(right))  # "X Y of Ohio"
    if not (_head_type(right, cues) or person_of_place):
        return [(0, label)]
    return [(0, left), (m.end(), right)]


def _extension_heads(cues: Mapping[str, Any]) -> list[str]:
    heads = cues.get("heads", {})
    return [*heads.get("AirBase", []), *heads.get("NavalBase", []), *heads.get("MilitaryBase", []),
            *[w for ws in cues.get("extension_heads", {}).values() for w in ws]]


def _extend_facility(doc: _Doc, start: int, end: int) -> int:
    """A name followed by a lower-case head: "Hmeimim air base", "Latakia province"."""
    m = re.match(rf"\s+({alternation(_extension_heads(doc.cues))})(?![\w-])",
                 doc.text[end:end + 40])
    return end + m.end() if m else end


def _extend_ordinal(doc: _Doc, start: int) -> int:
    """A name after an ordinal is part of it: "102nd Military Base"."""
    m = re.search(r"(?<![\w-])\d+(?:st|nd|rd|th)\s+$", doc.text[max(0, start - 12):start])
    return start - len(m.group(0)) if m else start


def _take(doc: _Doc, start: int, end: int, title: str = "", owner: str = "") -> None:
    label = doc.text[start:end]
    not_names = {*doc.cues.get("not_names", []), *doc.cues.get("not_alone", [])}
    sources = {w.lower() for w in doc.cues.get("sources", {}).get("nouns", [])}
    if (label in not_names or all(w in not_names for w in _words(label))
            or _not_a_name(doc, label) or label.lower() in sources):
        return
    known = _known(doc, label, start)
    if known:
        doc.mentions.append(Mention(start, end, known[0], known[1]))
        return
    heads = {h.lower() for hs in doc.cues.get("heads", {}).values() for h in hs}
    if label.lower() in heads:
        return  # "Shipping analysts expect": a head word alone names nothing
    endings = tuple(doc.cues.get("demonym_endings", []))
    country = demonym_country(label, endings) if len(_words(label)) == 1 and not title else ""
    if country:  # "Malian", "Tajik": the people of a state the reference data may not know
        state = doc.by_key.get(name_key(country)) or _new_entity(doc, country, "State")
        doc.mentions.append(Mention(start, end, state, "demonym"))
        return
    type_ = _classify(doc, label, title, start, end)
    if not type_ or (len(_words(label)) == 1 and type_ == "Person" and not (
            title or _speaks(doc, start, end))):
        return
    if not _plausible(doc, label, type_, title, start, end):
        return
    quoted = doc.text[start - 1:start] in ("“", '"') and doc.text[end:end + 1] in ("”", '"')
    span = (start - 1, end + 1) if quoted else (start, end)  # 'the daily "Izvestia" reported'
    doc.mentions.append(Mention(*span, _new_entity(doc, label, type_, owner), "name"))


def _not_a_name(doc: _Doc, label: str) -> bool:
    """A party tag ("D-Minn"), or a section label in capitals with function words ("ON
    THE HILL", "WHAT'S NEXT"): names.toml not_name_patterns and section_words."""
    if any(re.fullmatch(p, label) for p in doc.cues.get("not_name_patterns", [])):
        return True
    section = {w.upper() for w in doc.cues.get("section_words", [])}
    words = [w.strip(".,:;’'") for w in _words(label)]
    return label.isupper() and len(words) > 1 and any(w in section for w in words)


def _own_line(text: str, c: Candidate) -> bool:
    """A name that is a whole line: a signature or a job title ("Senior Policy Fellow")."""
    start, end = text.rfind("\n", 0, c.start) + 1, text.find("\n", c.end)
    return text[start:end if end >= 0 else None].strip() == c.text


def _trimmed(doc: _Doc, c: Candidate) -> Candidate:
    """A name without what follows it but is no part of it: post-nominal letters ("Natasha
    Ilić KC") and the plural of a designation ("two Tu-160s" names the Tu-160)."""
    letters = alternation(doc.cues.get("post_nominals", []))
    cut = re.search(rf"(?:,?\s+(?:{letters}))+$", c.text) if letters else None
    if cut and len(_words(c.text[:cut.start()])) >= 2:
        return Candidate(c.start, c.start + cut.start(), c.text[:cut.start()])
    if c.text.endswith("s") and any(re.fullmatch(p, c.text[:-1])
                                    for p in doc.cues.get("designations", [])):
        return Candidate(c.start, c.end - 1, c.text[:-1])
    return c


def _candidate(doc: _Doc, c: Candidate) -> None:
    if _own_line(doc.text, c):
        return
    c = _trimmed(doc, c)
    vessel = _head_before(doc, c.start) == "Vessel"  # "the frigate Admiral Gorshkov": no admiral
    title, name = ("", c.text) if vessel else _title_split(c.text, doc.cues)
    offset = c.start + len(c.text) - len(name)
    parts = _split_of(name, doc.cues)
    possessive = len(parts) == 2 and re.match(r"['’]s\s", name[len(parts[0][1]):])
    for rel, part in parts:
        start = offset + rel
        end = _extend_number(doc, start, _extend_facility(doc, start, start + len(part)))
        owner = parts[0][1] if possessive and rel else ""
        _take(doc, _extend_ordinal(doc, start), end, title if rel == 0 else "", owner)


def _extend_number(doc: _Doc, start: int, end: int) -> int:
    """A number after a name a common noun introduces is part of it: "the news site Barqa 24",
    "the channel France 24" (not "Tartus 24 hours later": no such noun before it)."""
    number = re.match(r"[ \u00a0]\d{1,3}(?![\w.,:/%\-]\w|\w)", doc.text[end:end + 6])
    if number and _head_before(doc, start) in ("MediaOutlet", "Organization", "ThinkTank"):
        return end + number.end()
    return end


def _compounds(doc: _Doc, mentions: Sequence[Mention],
               candidates: Sequence[Candidate]) -> tuple[list[Mention], list[Candidate]]:
    """A known name and what follows it as one longer name: "Africa Corps", "UN Security
    Council" (a capitalised run with a head word), "Latakia province" (a lower-case head).
    The known name stays, as a nested mention."""
    by_start = {c.start: c for c in candidates}
    by_end = {c.end: c for c in candidates}
    out: list[Mention] = []
    used: set[int] = set()
    for m in sorted(mentions):
        given = re.search(r"(?<![\w’'-])([A-Z][a-z]+) $", doc.text[max(0, m.start - 20):m.start])
        if (given and doc.types.get(m.entity_id) in PERSON_TYPES
                and len(_words(doc.text[m.start:m.end])) == 1
                and given.group(1) not in doc.cues.get("not_names", [])
                and not _title_split(given.group(1) + " X", doc.cues)[0]):
            start = m.start - len(given.group(0))  # "Hafez al-Assad" is not Bashar al-Assad
            if m.start - 1 in by_end:
                used.add(by_end[m.start - 1].start)
            _take(doc, start, m.end, "")
            continue
        nxt = by_start.get(m.end + 1) if doc.text[m.end:m.end + 1] == " " else None
        joinable = m.kind in ("name", "alias", "demonym")
        if joinable and nxt and (_head_type(doc.text[m.start:nxt.end], doc.cues) or (
                m.kind == "demonym" and _head_type(nxt.text, doc.cues))):  # "Syrian Observatory …"
            used.add(nxt.start)
            _take(doc, m.start, _extend_facility(doc, m.start, nxt.end))
            out.append(Mention(m.start, m.end, m.entity_id, "nested"))
            continue
        end = _extend_facility(doc, m.start, m.end) if joinable and m.kind != "demonym" else m.end
        if end > m.end and doc.types.get(m.entity_id) in PLACE_TYPES:
            _take(doc, m.start, end)
            out.append(Mention(m.start, m.end, m.entity_id, "nested"))
            continue
        out.append(m)
    return out, [c for c in candidates if c.start not in used]


def _opening_speakers(doc: _Doc, taken: Sequence[Span]) -> list[Candidate]:
    """A single capitalised word opening a sentence that speaks ("Karimov said …"), is
    a country or large city ("Washington summoned …") or is described as a body ("Rosneft,
    the state oil company, lent …")."""
    found = []
    for s in sentences(doc.text):
        m = re.match(r"[“\"']?([A-Z][\w\-]+(?:[’'](?!s\b)[\w\-]+)?)", doc.text[s.start:s.end])
        if not m:
            continue
        start, end = s.start + m.start(1), s.start + m.end(1)
        if any(a <= start < b for a, b in taken) or m.group(1) in doc.cues.get("not_names", []):
            continue
        alone = not re.match(r"\s+[A-Z]", doc.text[end:end + 3])
        city = major_place(m.group(1)) and m.group(1) not in doc.cues.get(
            "common_words_that_are_cities", [])
        if alone and (_speaks(doc, start, end) or city or _appositive_head(doc, end)):
            found.append(Candidate(start, end, m.group(1)))  # "Washington summoned …"
    return found


def _reference_keys(entities: Sequence[Entity], cues: Mapping[str, Any]) -> dict[str, str]:
    """Name keys of known entities; an outlet also without its last head word ("Bunker &
    Berth" is "Bunker & Berth Weekly")."""
    outlet_heads = {h.lower() for h in cues.get("heads", {}).get("MediaOutlet", [])}
    keys: dict[str, str] = {}
    for e in entities:
        forms = [e.label, *e.names, *e.aliases]
        words = _words(e.label)
        if e.type == "MediaOutlet" and len(words) > 2 and words[-1].lower() in outlet_heads:
            forms.append(e.label[:e.label.rfind(words[-1])].strip())
        for form in forms:
            k = name_key(form)
            if k and len(k) > 3:
                keys.setdefault(k, e.id)
    return keys


def find_new_names(
    text: str,
    doc_id: str,
    mentions: Sequence[Mention],
    candidates: Sequence[Candidate],
    entities: Sequence[Entity],
    cues: Mapping[str, Any],
    speech_verbs: Sequence[str],
) -> NewNames:
    """Extracted entities, their mentions and roles, and reference mentions by other
    spellings or by town, for one document (rules in the module doc)."""
    doc = _Doc(text, cues, re.compile(alternation(speech_verbs), re.IGNORECASE))
    doc.by_key.update(_reference_keys(entities, cues))
    doc.base_keys.update(base_keys(entities, cues))
    doc.types.update({e.id: e.type for e in entities})
    for m in sorted(mentions):
        if doc.types.get(m.entity_id) in PERSON_TYPES and m.kind in ("name", "alias"):
            doc.surnames.setdefault(name_key(_words(text[m.start:m.end])[-1]), m.entity_id)
    taken = [(m.start, m.end) for m in mentions] + [(c.start, c.end) for c in candidates]
    openers = _opening_speakers(doc, taken)
    known, candidates = _compounds(doc, mentions, candidates)
    for c in sorted([*candidates, *openers]):
        _candidate(doc, c)
    found = [*known, *doc.mentions]
    bodies = state_bodies(text, found, doc.types, cues)
    found = [Mention(m.start, m.end, m.entity_id, "nested")
             if any(b.start == m.start and b.end > m.end for b in bodies.mentions) else m
             for m in found] + list(bodies.mentions)
    labels = {**{e.id: e.label for e in entities}, **{i: e.label for i, e in doc.new.items()}}
    governments = speaking_governments(text, found, doc.types, labels, cues)
    spoken = {(g.start, g.end) for g in governments.mentions}  # one mention per span
    found = [m for m in found if (m.start, m.end) not in spoken] + list(governments.mentions)
    offices = role_offices(text, doc_id, found, cues)
    found += list(offices.mentions)
    for e in [*bodies.entities, *governments.entities, *offices.entities]:  # "its spokesman"
        doc.new.setdefault(e.id, e)
        doc.types[e.id] = e.type
    sources = unnamed_sources(text, doc_id, found, cues, doc.speech, doc.types)
    for e in sources.entities:
        doc.new.setdefault(e.id, e)
        doc.types[e.id] = e.type
    towns = {e.town: e.id for e in entities if e.town}
    bases = frozenset(i for i, t in doc.types.items()
                      if t in ("MilitaryBase", "AirBase", "NavalBase"))
    all_mentions = town_facilities(text, [*found, *sources.mentions], towns, cues, bases)
    types = {**doc.types}
    roles = find_roles(text, cues, sorted(all_mentions), types)
    return NewNames(tuple(doc.new.values()), tuple(sorted(all_mentions)), tuple(roles))


def publisher_entity(publisher: str, entities: Sequence[Entity]) -> Entity:
    """The publisher a document's metadata names: a reference entity by id or by name, else
    an extracted media outlet of that name (a new outlet needs no reference entry)."""
    by_id = {e.id: e for e in entities}
    if publisher in by_id:
        return by_id[publisher]
    key = name_key(publisher)
    for e in entities:
        if key and key in {name_key(f) for f in (e.label, *e.names, *e.aliases)}:
            return e
    return Entity(id=EXTRACTED + slug(publisher), label=publisher, type="MediaOutlet",
                  extracted=True)
