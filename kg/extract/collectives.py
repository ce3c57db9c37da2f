"""Speakers a text names without a proper name: anonymous sources and state bodies.

- "Azerbaijani officials, speaking on condition of anonymity, said", "Officials in Tripoli
  who spoke on condition of anonymity said", "state media cited unnamed officials as
  saying": one "unnamed sources" claimant per document (never the document's author);
  "analysts at the Ganja Institute noted" stays the institute's (no group is made there);
  one person by what they do ("a fisherman told the Herald"), anyone "who asked not to be
  named" and "a former guard" are among them too.
- "the Russian defence ministry", "Israel's military", "Malian state media": a body of a
  state, an organization labelled as written, so that what it says is its claim.
- "Moscow said", "Ankara insisted", "Russia denied": a capital or a state that speaks is
  its government (an organization "government in Moscow", with "Moscow" as the name the
  text uses; the mention is the government's, kind "metonym"). Only verbs of speaking (names.toml
  metonym_verbs): "Russia believes" is the writer's reading, not Moscow's statement.
- "the provincial governor's office says": the office of a role, a body of the document.
Word lists: names.toml [sources], [state_bodies], metonym_verbs and role_offices.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kg.extract.candidates import sentence_initial
from kg.extract.gazetteer import capital_of, country_prefix, place_kind
from kg.extract.mentions import Mention
from kg.reference import Entity
from kg.text.normalise import slug
from kg.text.patterns import alternation

UNNAMED = "unnamed-sources/"
ORG_TYPES = frozenset({"Organization", "InternationalOrganization", "ArmedGroup", "MediaOutlet",
                       "ThinkTank", "GovernmentBody", "PoliticalRegime"})
_CLAUSE_WORDS = "is|are|was|were|be|been|than|that|and|but|or|while|who|which|as|if|said|says"
_AFFILIATED = re.compile(r"^\s+(?:at|of|with|from)\s+(?:the\s+)?[A-Z]")
_OF_NAME = re.compile(r"\s+of\s+(?:the\s+)?[A-Z]")
_CLAUSE_END = re.compile(r"\s*(?:[,.;:”\"]|(?:on|in|last|this|earlier|who)\s)")


@dataclass(frozen=True)
class Collectives:
    entities: tuple[Entity, ...] = ()
    mentions: tuple[Mention, ...] = ()


def _free(span: tuple[int, int], taken: Sequence[Mention]) -> bool:
    return not any(m.start < span[1] and span[0] < m.end and m.kind != "demonym" for m in taken)


def _speaker_in(text: str, span: tuple[int, int], taken: Sequence[Mention],
                types: Mapping[str, str], not_names: Sequence[str],
                not_alone_endings: Sequence[str]) -> tuple[str, Entity | None] | None:
    """"Pentagon officials", "AFCENT officials": an organization named among the words
    before the noun speaks through them (its id, and a new entity, for an acronym the text
    gives no other mention); None for anonymous sources ("Kyrgyz officials")."""
    for m in taken:
        if span[0] <= m.start and m.end <= span[1] and types.get(m.entity_id) in ORG_TYPES:
            return m.entity_id, None
    words = re.findall(r"[A-Z][\w\-]+", text[span[0]:span[1]])
    endings = tuple(not_alone_endings)
    stop = {n.lower() for n in not_names}
    names = [w for w in words if w.lower() not in stop and not w.lower().endswith(endings)
             and not re.search(r"-[a-z]", w) and not place_kind(w) and not country_prefix(w)
             and not any(span[0] <= m.start < span[1] and text[m.start:m.end] == w for m in taken)]
    if names and names[0] == text[span[0]:span[1]].split()[0] and _named_elsewhere(
            text, names[0], span[0]):
        # "Pentagon officials"; but "Kyrgyz officials", "Moscow-installed officials" are anonymous
        label = " ".join(names)
        entity = Entity(id="extracted/" + slug(label), label=label, type="Organization",
                        extracted=True)
        return entity.id, entity
    return None


def _listed_or_one(group: str, listed: set[str], conf: Mapping[str, Any]) -> bool:
    """A noun of the sources list ("officials"); one person by what they do after "a", "an"
    or "one" ("a fisherman"), or people by what they do ("dock workers", "Miners"); never
    a thing ("a letter", "orders": [sources] not_persons)."""
    words = group.lower().split()
    if words[-1] in listed or "former" in words[:-1]:  # "a former clerk": a person once
        return True
    things = set(conf.get("not_persons", []))
    if re.fullmatch(rf"\w+(?:{_plurals(conf)})", words[-1]):  # "workers", "fishermen"
        one = re.sub(r"men$", "man", words[-1]) if words[-1].endswith("men") else words[-1][:-1]
        return one not in things and words[0] != "the"  # "The authors argue": of a report
    return len(words) > 1 and words[0] in ("a", "an", "one") and words[-1] not in things


def _plurals(conf: Mapping[str, Any]) -> str:
    """People by what they do, in the plural: "workers", "fishermen" ([sources] person_endings)."""
    return rf"(?:{alternation(conf.get('person_endings', []))})s|men"


def _describes_a_name(text: str, start: int, taken: Sequence[Mention],
                      types: Mapping[str, str]) -> bool:
    """"Pavel Dorokhov, a former naval officer who now writes": the words describe him."""
    return any(types.get(m.entity_id) == "Person" and re.fullmatch(r"\s*,\s*", text[m.end:start])
               for m in taken if m.end <= start)


def _named_elsewhere(text: str, word: str, start: int) -> bool:
    """"Pentagon officials" is the Pentagon's, but "Local sources" opening a sentence is no
    body called Local: a capital that opens a sentence must be one elsewhere too (the rule
    find_candidates applies to names)."""
    if not sentence_initial(text, start):
        return True
    return any(not sentence_initial(text, m.start())
               for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", text))


def _past_complement(text: str, end: int, anonymous: bool, conf: Mapping[str, Any],
                     speech: re.Pattern[str]) -> tuple[int, str]:
    """Where the group's mention ends and what follows it, past a lower-case complement ("a
    source familiar with the plans", "villagers near the lake") or, for an anonymous source,
    past its affiliation ("a commander of the X (XB), speaking on condition of anonymity")."""
    after = text[end:end + 140]
    affiliation = re.match(r"\s+(?:at|of|with|from)\s[^,.;“”\"]{1,80}?(?=,)", after)
    if anonymous and affiliation:
        return end, after[affiliation.end():]
    complement = re.match(rf"\s+(?:{alternation(conf.get('complements', []))})\s+(?:the\s+)?"
                          rf"[a-z][^,.;:“”\"]{{0,40}}?(?=,?\s+(?:who\s|(?:\w+ly\s+)?"
                          rf"(?:have\s+|has\s+)?(?:{speech.pattern})(?!\w)))", after, re.I)
    if complement:
        end += complement.end()
    return end, text[end:end + 140]


def unnamed_sources(text: str, doc_id: str, taken: Sequence[Mention], cues: Mapping[str, Any],
                    speech: re.Pattern[str], types: Mapping[str, str]) -> Collectives:
    """Mentions of anonymous sources that speak or are cited, all one entity of the document;
    an organization named before the noun speaks itself ("Pentagon officials said")."""
    conf = cues.get("sources", {})
    not_names = cues.get("not_names", [])
    listed = {n.lower() for n in conf.get("nouns", [])}
    endings = alternation(conf.get("person_endings", []))
    anonymity = alternation(conf.get("anonymity", []))
    nouns = alternation(conf.get("nouns", [])) + (  # "a fisherman told", not "a senior X"
        rf"|(?-i:[A-Za-z][a-z]*(?:{endings}|{_plurals(conf)}))"  # "dock workers in Batumi said"
        rf"(?=(?:\s+(?:in|at|from|near|of)\s+[^,.;:“”\"]{{1,40}}?)?"
        rf"(?:\s*[,.;:”\"]|\s+(?:\w+ly\s+)?(?:{speech.pattern})(?!\w)))"
        rf"|(?-i:[a-z][a-z\-]+)(?=,?\s+(?:who|speaking|asking)\s[^,.;“”\"]{{0,40}}?"
        rf"(?:{anonymity}))"  # any one person who "asked not to be named"
        rf"|(?<=former\s)(?-i:[a-z][a-z\-]+(?:\s[a-z][a-z\-]+)?)"  # "Two former guards said"
        rf"(?=\s*,|\s+(?:\w+ly\s+)?(?:{speech.pattern})(?!\w))")
    cited = alternation(conf.get("cited", []))
    place = (r"(?:the\s+)?(?:(?:al|el)-)?(?-i:[A-Z])[\w\-]+(?:\s+(?-i:[A-Z])[\w\-]+){0,2}"
             r"(?:\s+(?:air\s+base|naval\s+base|base|airport|port|region|province|area))?")
    group = re.compile(
        rf"(?<![\w-])((?:(?!(?:{_CLAUSE_WORDS})\s)[\w’'\-]+[ \t\u00a0]+){{0,4}}?(?:{nouns}))"
        rf"(?:\s+(?:in|from|at)\s+{place})?(?![\w-])",
        re.IGNORECASE)
    found: list[Mention] = []
    named: dict[str, Entity] = {}
    entity_id = UNNAMED + doc_id
    openers = re.compile(rf"(?:(?:{alternation(conf.get('not_in_group', []))})\s+)+", re.I)
    heads = [h for hs in cues.get("heads", {}).values() for h in hs]  # "Shipping analysts"
    for m in group.finditer(text):
        start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
        opener = openers.match(text, start, m.start(1) + len(m.group(1)))
        start = opener.end() if opener else start  # "while Georgian officials": not "while"
        lead = text[max(0, start - 30):start]
        noun_start = m.start(1) + len(m.group(1)) - len(m.group(1).split()[-1])
        if text[noun_start].isupper() and not sentence_initial(text, noun_start) and (
                text[noun_start:m.end(1)].lower() not in listed):
            continue  # "Peters said" is a name; "Miners at two pits said" opens a sentence
        if not _listed_or_one(m.group(1), listed, conf) or _describes_a_name(
                text, start, taken, types):
            continue  # "the paper said", "a letter said", "X, a former officer who writes"
        after = text[m.end():m.end() + 140]
        anonymous = re.search(alternation(conf.get("anonymity", [])), after[:100], re.I)
        if (_AFFILIATED.match(text, m.end()) and not anonymous) or not _free(
                (noun_start, m.end(1)), taken):
            continue  # "a commander of the X" speaks for X, unless not to be named
        end, after = _past_complement(text, m.end(), bool(anonymous), conf, speech)
        speaks = re.match(rf"^(?:\s+who\s+[^,.“”\"]{{1,80}}?)?(?:\s*,[^,“”\"]{{1,120}},)?\s+"
                          rf"(?:\w+ly\s+)?(?:have\s+|has\s+)?(?:{speech.pattern})(?!\w)",
                          after, re.I)
        is_cited = re.search(rf"(?:{cited})\s+$", lead, re.I) or (  # "citing officials"
            re.search(rf"(?:{speech.pattern})\s+$", lead, re.I)  # "…,” said a source."
            and _CLAUSE_END.match(text, end))  # not "says three people were hurt"
        if not (speaks or is_cited):
            continue
        words = m.group(1).lower().split()
        member = words[0] in ("a", "an", "one") and words[-1] not in conf.get("speak_for", [])
        speaker = None if anonymous or member else _speaker_in(  # "a navy officer": no spokesman
            text, (start, noun_start), taken, types,
            [*not_names, *cues.get("not_alone", []), *heads], cues.get("demonym_endings", []))
        if speaker:
            if speaker[1] is not None:
                named[speaker[0]] = speaker[1]
            found.append(Mention(start, end, speaker[0], "alias"))
        else:
            found.append(Mention(start, end, entity_id, "alias"))
    entities = list(named.values())
    if any(f.entity_id == entity_id for f in found):
        entities.append(Entity(id=entity_id, label=str(conf.get("label", "unnamed sources")),
                               type="Collective", extracted=True,
                               description="Sources the document does not name (anonymous "
                                           "officials, unnamed sources cited by the media)"))
    return Collectives(tuple(entities), tuple(found))


def role_offices(text: str, doc_id: str, taken: Sequence[Mention],
                 cues: Mapping[str, Any]) -> Collectives:
    """"The provincial governor's office said": the office of a role the text does not name
    is a body of this document (another document's governor's office is another office)."""
    roles = alternation(cues.get("role_nouns", []))
    offices = alternation(cues.get("role_offices", []))
    rx = re.compile(rf"(?<!\w)(?:the|a|an)\s+((?:[a-z\-]+\s+)?(?:{roles})['’]s\s+(?:{offices}))"
                    rf"(?!\w)", re.I)
    entities: dict[str, Entity] = {}
    found: list[Mention] = []
    for m in rx.finditer(text):
        if not _free(m.span(1), taken) or not text[m.start(1)].islower():
            continue
        label = m.group(1)
        entity_id = f"extracted/{doc_id}/{slug(label)}"
        entities.setdefault(entity_id, Entity(id=entity_id, label=label, type="GovernmentBody",
                                              extracted=True))
        found.append(Mention(m.start(1), m.end(1), entity_id, "name"))
    return Collectives(tuple(entities.values()), tuple(found))


def _scene_body(text: str, m: Mention, types: Mapping[str, str],
                heads: Mapping[str, str]) -> tuple[Entity, Mention] | None:
    """"In Chad, the army says", "In Kyiv, the foreign ministry said": a sentence set in a
    state or its capital, whose subject is "the <body>", gives that state's body."""
    kind = types.get(m.entity_id)
    if kind not in ("State", "City") or m.kind in ("nested", "metonym") or not re.search(
            r"(?:^|[.!?:]\s+|\n)(?:And\s+in|In)\s+$", text[max(0, m.start - 12):m.start]):
        return None
    seen = re.match(rf",\s+the\s+((?:{alternation(list(heads))}))(?![\w-])",
                    text[m.end:m.end + 60], re.I)
    country = capital_of(text[m.start:m.end]) if kind == "City" else ""
    if not seen or (kind == "City" and not country):
        return None
    head = seen.group(1).lower()
    owner = slug(country) if country else m.entity_id.rsplit("/", 1)[-1]
    entity = Entity(id="extracted/" + slug(f"{owner} {head}"),
                    label=f"{head} of {country or text[m.start:m.end]}",
                    type=heads.get(head, "GovernmentBody"), extracted=True)
    return entity, Mention(m.end + seen.start(1), m.end + seen.end(1), entity.id, "alias")


def state_bodies(text: str, mentions: Sequence[Mention], types: Mapping[str, str],
                 cues: Mapping[str, Any]) -> Collectives:
    """"the Russian defence ministry", "Israel's military", "In Chad, the army says":
    organizations of a state."""
    table = cues.get("state_bodies", {})
    heads = {w: kind for kind, words in table.items() for w in words}
    qualifiers = alternation(cues.get("state_body_qualifiers", []))
    body = re.compile(
        rf"^(?:['’]s)?\s+(?:(?:{qualifiers})\s+)?"  # "Niger's de facto government"
        rf"((?:[A-Za-z\-]+\s+){{0,1}}(?:{alternation(list(heads))}))(?![\w-])"
        rf"(?!\s+(?:{alternation(cues.get('state_body_adjective_of', []))})(?![\w-]))",
        re.IGNORECASE)  # "the Russian Embassy in Dakar" as "the Russian embassy"; no body in
    # "a Russian military base"
    entities: dict[str, Entity] = {}
    found: list[Mention] = []
    for m in mentions:
        scene = _scene_body(text, m, types, heads)
        if scene:  # "In Chad, the army says"; "In Kyiv, the foreign ministry said"
            entities.setdefault(scene[0].id, scene[0])
            found.append(scene[1])
            continue
        state = types.get(m.entity_id) == "State" and m.kind not in ("nested", "metonym")
        ruler = types.get(m.entity_id) == "Person" and m.kind == "possessive"
        if not (state or ruler):
            continue
        b = body.match(text[m.end:m.end + 60])
        if not b or _OF_NAME.match(text, m.end + b.end(1)):
            continue  # "Kazakhstan's Ministry of Energy" is a name of its own
        end = m.end + b.end(1)
        words = b.group(1).split()
        words = [w.lower() for w in words]
        head = " ".join(words[-2:]) if " ".join(words[-2:]) in heads else words[-1]
        seat = re.match(r"\s+in\s+(?-i:[A-Z])[\w\-]+(?:\s+(?-i:[A-Z])[\w\-]+)?", text[end:end + 40])
        located = seat.group(0) if seat and head in cues.get("located_bodies", []) else ""
        end += len(located)  # "Russia's embassy in Hanoi" is not its embassy in Maputo
        label = text[m.start:end]
        state_slug = m.entity_id.rsplit("/", 1)[-1]  # a state GeoNames found is extracted too
        entity_id = "extracted/" + slug(f"{state_slug} {b.group(1)}{located}")  # Russia's = Russian
        kind = heads.get(head, "GovernmentBody")
        entities.setdefault(entity_id, Entity(id=entity_id, label=label, type=kind,
                                              extracted=True))
        found.append(Mention(m.start, end, entity_id, "name"))
    return Collectives(tuple(entities.values()), tuple(found))


def speaking_governments(text: str, mentions: Sequence[Mention], types: Mapping[str, str],
                         labels: Mapping[str, str], cues: Mapping[str, Any]) -> Collectives:
    """"Moscow said": the government seated there speaks (see the module doc)."""
    verbs = re.compile(rf"(?:\s*,\s*for\s+its\s+part\s*,)?"  # "Moscow, for its part, insists"
                       rf"\s+(?:\w+ly\s+)?(?:has\s+|have\s+|had\s+)?(?:also\s+|\w+ly\s+)?"
                       rf"(?:{alternation(cues.get('metonym_verbs', []))})(?![\w-])")
    entities: dict[str, Entity] = {}
    found: list[Mention] = []
    for m in mentions:
        kind = types.get(m.entity_id)
        if kind not in ("City", "State") or m.kind in ("nested", "demonym", "possessive"):
            continue
        if not verbs.match(text, m.end) or re.search(r"(?<!\w)(?:in|at|from|to|of|near|for)\s+$",
                                                      text[max(0, m.start - 8):m.start]):
            continue  # "the GNU in Tripoli said": Tripoli does not speak
        name = labels.get(m.entity_id, text[m.start:m.end])
        entity_id = "extracted/" + slug(f"{m.entity_id.rsplit('/', 1)[-1]} government")
        label = f"government in {name}" if kind == "City" else f"government of {name}"
        entities.setdefault(entity_id, Entity(id=entity_id, label=label, type="GovernmentBody",
                                              extracted=True))
        found.append(Mention(m.start, m.end, entity_id, "metonym"))
    return Collectives(tuple(entities.values()), tuple(found))
