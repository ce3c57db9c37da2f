"""`kg link --accept/--reject` end to end, as a curator runs them: a corpus whose document
names a person and an institute nobody curated; `kg link --suggest` from the corpus's
Wikidata cache (offline: a fixture of Wikidata's sandbox items under the text's names);
the decisions on the command line; the next `kg build` links the accepted entity and
stops proposing the rejected candidates; /review on the real server (which follows the
new build) says so."""

from __future__ import annotations

import hashlib
import json
import shutil
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from server_http import Reply, get
from serverkit import Server, start_server, stop_server

from kg.cli import main
from kg.query import run_query
from kg.reference import ENTITIES_FILE, WIKIDATA_LINKS_FILE

ROOT = Path(__file__).resolve().parents[2]
ENTITY = "https://w3id.org/rskg/id/entity/"
TESTOV, INSTITUTE = "extracted/ivan-testov", "extracted/halvard-institute"
# bookmarks of the accepted entity's old IRI: its page, its generic page, a filter naming it
OLD_IRI_PATHS = {f"/entity/{TESTOV}?format=json": "/entity/ivan-testov?format=json",
                 f"/id/entity/{TESTOV}": "/id/entity/ivan-testov",
                 f"/claims?about={ENTITY}{TESTOV}&sort=kind":
                     f"/claims?about={ENTITY}ivan-testov&sort=kind",
                 f"/entity/{INSTITUTE}": None,  # not accepted: its page, as before
                 "/entity/extracted/nobody": None}  # never was: a 404


def kg(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def ok(*args: str) -> Result:
    result = kg(*args)
    assert result.exit_code == 0, result.output
    return result


def digest(*paths: Path) -> list[str]:
    return [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths]


@dataclass
class Story:
    """What the corpus, the graph and /review looked like at each step."""

    corpus: Path
    review_before: str = ""
    review_after: str = ""
    refused: dict[str, Result] = field(default_factory=dict)
    files_before: dict[str, str] = field(default_factory=dict)
    files_refused: dict[str, str] = field(default_factory=dict)
    old_iri: dict[str, Reply] = field(default_factory=dict)  # before and after the accept


def select(corpus: Path, sparql: str) -> set[tuple[str, ...]]:
    return {tuple("" if v is None else str(v) for v in row)
            for row in run_query(corpus / "kg-store", sparql)}


def files(corpus: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in (corpus / "reference").iterdir()}


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Story]:
    root = tmp_path_factory.mktemp("decide")
    corpus = root / "corpus"
    package_before = digest(ENTITIES_FILE, WIKIDATA_LINKS_FILE)
    ok("init", str(corpus))
    ok("add", str(ROOT / "tests/fixtures/texts/review_note.txt"), "--corpus", str(corpus),
       "--headline", "Aircraft return to Khmeimim", "--publisher", "meduza",
       "--date", "2025-02-11")
    shutil.copyfile(ROOT / "tests/fixtures/review/wikidata_cache.ttl",
                    corpus / "reference" / "wikidata_cache.ttl")
    ok("build", "--corpus", str(corpus), "--no-progress")
    ok("link", "--corpus", str(corpus), "--suggest", "--endpoint", "")
    ok("build", "--corpus", str(corpus), "--no-progress")
    told = Story(corpus)
    server: Server = start_server(corpus / "kg-store", root / "server.log")
    try:
        told.review_before = get(f"{server.base}/review").text
        told.old_iri["before"] = get(f"{server.base}/entity/{TESTOV}")
        told.files_before = files(corpus)
        told.refused = {
            "unknown": kg("link", "--corpus", str(corpus), "--accept", "nobody", "Q1"),
            "malformed": kg("link", "--corpus", str(corpus), "--accept", TESTOV, "4115189"),
            "not proposed": kg("link", "--corpus", str(corpus), "--accept", TESTOV, "Q42"),
            "no qid": kg("link", "--corpus", str(corpus), "--accept", TESTOV),
        }
        told.files_refused = files(corpus)
        ok("link", "--corpus", str(corpus), "--reject", TESTOV, "Q13406268",
           "--note", "a footballer, not the analyst")
        ok("link", "--corpus", str(corpus), "--reject", INSTITUTE)
        ok("link", "--corpus", str(corpus), "--accept", TESTOV, "Q4115189")
        ok("build", "--corpus", str(corpus), "--no-progress")
        told.review_after = get(f"{server.base}/review").text
        told.old_iri.update({path: get(server.base + path) for path in OLD_IRI_PATHS})
        told.old_iri["followed"] = get(f"{server.base}/entity/ivan-testov?format=json")
    finally:
        stop_server(server)
    assert digest(ENTITIES_FILE, WIKIDATA_LINKS_FILE) == package_before
    yield told


def test_suggestions_reach_the_review_queue_with_their_commands(story: Story) -> None:
    page = story.review_before
    assert 'href="https://www.wikidata.org/wiki/Q4115189"' in page
    assert "kg link --accept extracted/ivan-testov Q4115189" in page
    assert "kg link --accept extracted/ivan-testov Q13406268" in page
    assert "kg link --accept extracted/halvard-institute Q15397819" in page
    assert "Wikidata&#39;s type agrees (human)" in page  # the evidence


def test_bad_decisions_are_refused_with_a_reason_and_change_nothing(story: Story) -> None:
    refused = {name: (r.exit_code, r.stderr) for name, r in story.refused.items()}
    assert refused["unknown"][0] == 1 and "unknown entity 'nobody'" in refused["unknown"][1]
    assert "not a Wikidata QID" in refused["malformed"][1]
    assert "Q42 is not a candidate" in refused["not proposed"][1]
    assert "--unsuggested" in refused["not proposed"][1]
    assert "takes ENTITY QID" in refused["no qid"][1]
    assert story.files_refused == story.files_before  # nothing written


def test_accept_appends_to_the_corpus_reference_data_keeping_it(story: Story) -> None:
    reference = story.corpus / "reference"
    entities = (reference / "entities.toml").read_text(encoding="utf-8")
    assert entities.startswith(story.files_before["entities.toml"].rstrip("\n"))
    added = entities[len(story.files_before["entities.toml"].rstrip("\n")):]
    assert 'id = "ivan-testov"' in added and 'type = "Person"' in added
    assert 'qid = "Q4115189"' in added and 'qid_status = "verified"' in added
    assert 'short_names = ["Testov"]' in added  # the form the text used after the name
    links = (reference / "wikidata_links.tsv").read_text(encoding="utf-8")
    assert links.startswith(story.files_before["wikidata_links.tsv"])
    row = links[len(story.files_before["wikidata_links.tsv"]):].rstrip("\n").split("\t")
    assert row[:5] == ["ivan-testov", "Ivan Testov", "person", "Q4115189", "verified"]
    assert "accepted by a curator" in row[8]


def test_next_build_links_the_accepted_entity(story: Story) -> None:
    linked = select(story.corpus, "SELECT ?e WHERE { ?e owl:sameAs wd:Q4115189 }")
    assert linked == {(ENTITY + "ivan-testov",)}
    status = select(story.corpus, 'SELECT ?e WHERE { ?e rdfs:label "Ivan Testov"@en ; '
                                  "rskg:reviewStatus ?s }")
    assert status == set()  # no longer awaiting review
    mentions = select(story.corpus, f"SELECT ?m WHERE {{ ?m oa:hasBody <{ENTITY}ivan-testov> ; "
                                    "a rskg:Mention }")
    assert len(mentions) == 2  # "Ivan Testov" and "Testov"


def test_old_iri_of_the_accepted_entity_redirects_to_the_new(story: Story) -> None:
    """`--accept` makes entity/extracted/ivan-testov the reference entity ivan-testov; the
    reference data says which IRI it replaces, the graph says so (dcterms:replaces), and
    every bookmark of the old IRI is a permanent redirect to the same page at the new."""
    assert story.old_iri["before"].status == 200  # the old IRI was a page
    entities = (story.corpus / "reference" / "entities.toml").read_text(encoding="utf-8")
    assert f'replaces = ["{TESTOV}"]' in entities
    assert select(story.corpus, "SELECT ?new ?old WHERE { ?new dcterms:replaces ?old }") == {
        (ENTITY + "ivan-testov", ENTITY + TESTOV)}
    for path, target in OLD_IRI_PATHS.items():
        reply = story.old_iri[path]
        if target is None:
            assert reply.status == (404 if "nobody" in path else 200), path
            continue
        assert reply.status == 301, (path, reply.status, reply.text[:200])
        moved = urllib.parse.urlsplit(urllib.parse.unquote(reply.headers["location"]))
        assert moved.path + (f"?{moved.query}" if moved.query else "") == target, path
    followed = json.loads(story.old_iri["followed"].text)
    assert followed["iri"] == ENTITY + "ivan-testov"
    assert followed["properties"]["dcterms:replaces"] == [{"value": ENTITY + TESTOV,
                                                           "label": ""}]


def test_rejected_candidates_are_proposed_no_more(story: Story) -> None:
    rejected = (story.corpus / "reference" / "wikidata_rejected.tsv").read_text("utf-8")
    assert f"{ENTITY}{TESTOV}\tQ13406268\t" in rejected
    assert f"{ENTITY}{INSTITUTE}\t\t" in rejected and "a footballer" in rejected
    candidates = select(story.corpus, f"SELECT ?q WHERE {{ <{ENTITY}{INSTITUTE}> "
                                      "rskg:candidateWikidata ?q }")
    assert candidates == set()
    result = ok("link", "--corpus", str(story.corpus), "--suggest", "--endpoint", "",
                "--format", "json")
    assert "Q15397819" not in result.stdout and "Q13406268" not in result.stdout
    page = story.review_after
    assert "Q15397819" not in page and "Q13406268" not in page
    assert "Ivan Testov" not in page  # linked: no longer in the queue
    assert "Halvard Institute" in page  # still uncurated, with the decision shown
    assert "no Wikidata item denotes this entity" in page


def test_accepting_a_reference_candidate_changes_only_its_link(story: Story,
                                                               tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(story.corpus, corpus, symlinks=True)
    before = files(corpus)
    ok("link", "--corpus", str(corpus), "--accept", "kherson", "Q156732")
    after = files(corpus)
    old_rows = before["wikidata_links.tsv"].splitlines()
    new_rows = after["wikidata_links.tsv"].splitlines()
    changed = [(o, n) for o, n in zip(old_rows, new_rows, strict=True) if o != n]
    assert len(changed) == 1 and changed[0][0].startswith("kherson\t")
    old, new = changed[0][0].split("\t"), changed[0][1].split("\t")
    assert new[4] == "verified" and new[5:8] == old[5:8]  # coordinates kept
    assert new[8].endswith("earlier note: " + old[8])
    old_lines = before["entities.toml"].splitlines()
    new_lines = after["entities.toml"].splitlines()
    assert len(old_lines) == len(new_lines)  # comments and layout as they were
    diff = [n for o, n in zip(old_lines, new_lines, strict=True) if o != n]
    assert diff[0] == 'qid_status = "verified"' and diff[1].startswith("qid_note = ")
    assert len(diff) == 2


def test_accept_refuses_what_the_build_would_refuse(tmp_path: Path) -> None:
    """A base needs a country and coordinates in the reference data: accepting one found
    in a text, with neither, is refused with the shapes' message, and nothing written."""
    corpus, text = tmp_path / "corpus", tmp_path / "base.txt"
    text.write_text("Russian jets left the Zolotov air base on Monday, officials said.\n",
                    encoding="utf-8")
    ok("init", str(corpus))
    ok("add", str(text), "--corpus", str(corpus), "--headline", "Jets leave",
       "--publisher", "meduza", "--date", "2025-02-11")
    ok("build", "--corpus", str(corpus), "--no-progress")
    before = files(corpus)
    refused = kg("link", "--corpus", str(corpus), "--accept", "extracted/zolotov-air-base",
                 "Q4115189", "--unsuggested")
    assert refused.exit_code == 1
    assert "the build would refuse" in refused.stderr and "military base" in refused.stderr
    assert files(corpus) == before
