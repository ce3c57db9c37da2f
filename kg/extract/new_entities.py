"""Names the reference data does not know: every person, organization, place and military
facility a document names becomes an entity, typed from what the text says around it.

The reference data is knowledge to link to, not the list of what may exist:
- a name that is another spelling of a reference name (Hmeimim/Khmeimim, Tartous/Tartus,
  el-/al-) is a mention of that entity (kind "variant"; kg/text/normalise.py);
- an acronym in parentheses after a name ("Sahel Policy Centre (SPC)") is that entity's
  short form, and so are its initials and a person's surname later in the same text;
- any other name becomes an extracted entity, typed from the words around it
  (kg/extract/name_kinds.py: a title, a head word, GeoNames, a role, a reporting verb it
  is the subject of, …). A single word needs one of those signs.
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
from kg.extract.gazetteer import demonym_country, major_place
from kg.extract.mentions import Mention
from kg.extract.name_kinds import (
    PLACE_TYPES,
    appositive_head,
    classify,
    defined_acronym,
    head_before,
    head_type,
    is_acronym,
    name_words,
    plausible,
    region_after_the,
    speaks,
    split_of,
    title_split,
)
from kg.extract.roles import ORG_TYPES, PERSON_TYPES, find_roles
from kg.reference import Entity
from kg.text.normalise import name_key, slug
from kg.text.patterns import alternation
from kg.text.sentences import Span, sentences

NAMES_FILE = Path(__file__).parent / "names.toml"
EXTRACTED = "extracted/"


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
    cores: dict[tuple[str, str], str] = field(default_factory=dict)  # (core key, type) -> id


def _initials(label: str) -> str:
    return "".join(w[0] for w in name_words(label) if w[:1].isupper())


def _core(label: str, cues: Mapping[str, Any]) -> str:
    """The name without the head words at its ends: "PMC Redline", "the Redline Group" ->
    "Redline"; "Qamishli International Airport" -> "Qamishli"; "" when no head is there."""
    heads = {h.lower() for hs in cues.get("heads", {}).values() for h in hs}
    words = name_words(label)
    while len(words) > 1 and " ".join(words[-2:]).lower() in heads | {"international airport"}:
        words = words[:-2]
    while len(words) > 1 and words[-1].lower().strip(".,") in heads:
        words = words[:-1]
    while len(words) > 1 and words[0].lower().strip(".,") in heads:
        words = words[1:]
    core = " ".join(words)
    return core if core != label else ""


def _register(doc: _Doc, entity_id: str, type_: str, label: str) -> None:
    doc.by_key.setdefault(name_key(label), entity_id)
    doc.types[entity_id] = type_
    words = name_words(label)
    if type_ in PERSON_TYPES and len(words) > 1:
        doc.surnames.setdefault(name_key(words[-1]), entity_id)
    if type_ in ORG_TYPES and len(words) > 1:
        doc.initials.setdefault(_initials(label), entity_id)
    heads = {h for hs in doc.cues.get("heads", {}).values() for h in hs}
    if type_ in ORG_TYPES and len(words) == 2 and words[1].lower() in heads:
        doc.surnames.setdefault(name_key(words[0]), entity_id)  # "Wagner Group", then "Wagner"
    core = _core(label, doc.cues)
    if core:  # "Redline Group", then "PMC Redline"
        doc.cores.setdefault((name_key(core), type_), entity_id)


def _new_entity(doc: _Doc, label: str, type_: str, owner: str = "") -> str:
    """The entity of a new name; a body's owner ("Vietnam's") is part of its id, so that two
    countries' ministries of defence stay two resources."""
    entity_id = EXTRACTED + slug(f"{owner} {label}" if owner else label)
    if entity_id not in doc.new:
        doc.new[entity_id] = Entity(id=entity_id, label=label, type=type_, extracted=True)
    _register(doc, entity_id, type_, label)
    return entity_id


def _known(doc: _Doc, label: str, start: int) -> tuple[str, str] | None:
    """(entity id, mention kind) of a name the document or the reference data already knows."""
    if is_acronym(label):
        defined = defined_acronym(doc, start)
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
    core = _core(label, doc.cues)
    same = doc.cores.get((name_key(core), head_type(label, doc.cues))) if core else None
    if same:
        return same, "variant"  # "PMC Redline" after "the Redline Group"
    words = name_words(label)
    if len(words) == 1 and name_key(label) in doc.surnames:
        return doc.surnames[name_key(label)], "short"  # "Al-Mahameed" after "Yasser al-Mahameed"
    return None


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
    if (label in not_names or all(w in not_names for w in name_words(label))
            or _not_a_name(doc, label) or label.lower() in sources):
        return
    known = _known(doc, label, start)
    if known:
        doc.mentions.append(Mention(start, end, known[0], known[1]))
        return
    heads = {h.lower() for hs in doc.cues.get("heads", {}).values() for h in hs}
    if label.lower() in heads and not region_after_the(doc, label, start, end):
        return  # "Shipping analysts expect": a head word alone names nothing ("the Gulf" may)
    endings = tuple(doc.cues.get("demonym_endings", []))
    country = demonym_country(label, endings) if len(name_words(label)) == 1 and not title else ""
    if country:  # "Malian", "Tajik": the people of a state the reference data may not know
        state = doc.by_key.get(name_key(country)) or _new_entity(doc, country, "State")
        doc.mentions.append(Mention(start, end, state, "demonym"))
        return
    type_ = classify(doc, label, title, start, end)
    if not type_ or (len(name_words(label)) == 1 and type_ == "Person" and not (
            title or speaks(doc, start, end))):
        return
    if not plausible(doc, label, type_, title, start, end):
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
    words = [w.strip(".,:;’'") for w in name_words(label)]
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
    if cut and len(name_words(c.text[:cut.start()])) >= 2:
        return Candidate(c.start, c.start + cut.start(), c.text[:cut.start()])
    if c.text.endswith("s") and any(re.fullmatch(p, c.text[:-1])
                                    for p in doc.cues.get("designations", [])):
        return Candidate(c.start, c.end - 1, c.text[:-1])
    return c


def _candidate(doc: _Doc, c: Candidate) -> None:
    if _own_line(doc.text, c):
        return
    c = _trimmed(doc, c)
    vessel = head_before(doc, c.start) == "Vessel"  # "the frigate Admiral Gorshkov": no admiral
    title, name = ("", c.text) if vessel else title_split(c.text, doc.cues)
    offset = c.start + len(c.text) - len(name)
    parts = split_of(name, doc.cues)
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
    if number and head_before(doc, start) in ("MediaOutlet", "Organization", "ThinkTank"):
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
                and len(name_words(doc.text[m.start:m.end])) == 1
                and given.group(1) not in doc.cues.get("not_names", [])
                and not title_split(given.group(1) + " X", doc.cues)[0]):
            start = m.start - len(given.group(0))  # "Hafez al-Assad" is not Bashar al-Assad
            if m.start - 1 in by_end:
                used.add(by_end[m.start - 1].start)
            _take(doc, start, m.end, "")
            continue
        nxt = by_start.get(m.end + 1) if doc.text[m.end:m.end + 1] == " " else None
        joinable = m.kind in ("name", "alias", "demonym")
        if joinable and nxt and (head_type(doc.text[m.start:nxt.end], doc.cues) or (
                m.kind == "demonym" and head_type(nxt.text, doc.cues))):  # "Syrian Observatory …"
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


def _titles(doc: _Doc) -> list[Span]:
    """'a paper entitled "Ports and Power"': the title of a work, in quotation marks
    (names.toml work_title_words), is a CreativeWork named as written; the mention spans the
    marks, so that the quotation is no words said."""
    words = alternation(doc.cues.get("work_title_words", []))
    spans = []
    for m in re.finditer(rf"(?<!\w)(?:{words})\s+([“\"])([^“”\"\n]{{2,80}})[”\"]", doc.text, re.I):
        doc.mentions.append(Mention(m.start(1), m.end(), _new_entity(doc, m.group(2),
                                                                     "CreativeWork"), "name"))
        spans.append((m.start(1), m.end()))
    return spans


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
        if alone and (speaks(doc, start, end) or city or appositive_head(doc, end)):
            found.append(Candidate(start, end, m.group(1)))  # "Washington summoned …"
    return found


def _reference_keys(entities: Sequence[Entity], cues: Mapping[str, Any]) -> dict[str, str]:
    """Name keys of known entities; an outlet also without its last head word ("Bunker &
    Berth" is "Bunker & Berth Weekly")."""
    outlet_heads = {h.lower() for h in cues.get("heads", {}).get("MediaOutlet", [])}
    keys: dict[str, str] = {}
    for e in entities:
        forms = [e.label, *e.names, *e.aliases]
        words = name_words(e.label)
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
            doc.surnames.setdefault(name_key(name_words(text[m.start:m.end])[-1]), m.entity_id)
    titles = _titles(doc)
    candidates = [c for c in candidates if not any(a <= c.start < b for a, b in titles)]
    taken = [(m.start, m.end) for m in mentions] + [(c.start, c.end) for c in candidates]
    openers = _opening_speakers(doc, taken + titles)
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
