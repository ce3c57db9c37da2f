"""Where things are: the corpus folder, the packaged defaults, and what overrides what.

Click reads each flag, then its KG_* environment variable, then the default below; the
resolved `Paths` object is passed down by argument, never looked up from afar.

A corpus folder is the user's (see README, "The corpus folder"): the documents and their
metadata at its top, `reference/` (curated entities, Wikidata links and cache),
`kg-store/` (the builds and the kept per-document results). The software's data (the
ontology, shapes, cue lists, the default reference data) ships inside the package; a file
at the same relative path in the corpus (`ontology/shapes.ttl`, `extract/cues.toml`,
`reference/entities.toml` …) overrides the packaged one. Nothing writes into the package.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PACKAGED_ONTOLOGY = PACKAGE_DIR / "ontology"
DEFAULT_CORPUS = "."  # the current folder; override with --corpus / KG_CORPUS
STORE_DIR = "kg-store"  # inside the corpus unless --store / KG_STORE says otherwise
DEFAULT_STORE = STORE_DIR
DEFAULT_SEEDS = "seeds"  # the repository's example corpus
DEFAULT_ONTOLOGY = "ontology"
SHAPES_FILE = "shapes.ttl"
ONTOLOGY_FILE = "rskg.ttl"
DATASET_FILE = "dataset.toml"
EVENT_TYPES_FILE = "event-types.ttl"
CONTEXT_FILE = "context.jsonld"
ENTITIES = "reference/entities.toml"
WIKIDATA_LINKS = "reference/wikidata_links.tsv"
WIKIDATA_CACHE = "reference/wikidata_cache.ttl"
SUGGESTED = "reference/wikidata_suggestions.tsv"  # kg link --suggest (a cache)
REJECTED = "reference/wikidata_rejected.tsv"  # kg link --reject (curated)
CUES = "extract/cues.toml"
LEXICON = "extract/lexicon.toml"
NAMES = "extract/names.toml"
# Where the dataset says its endpoint and downloads are: `kg serve`'s default address.
# Set --public-url / KG_PUBLIC_URL when publishing elsewhere.
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"


def packaged(relative: str) -> Path:
    """A data file as shipped in the package (the default)."""
    return PACKAGE_DIR / relative


@dataclass(frozen=True)
class Paths:
    """The inputs and the store of one `kg` invocation.

    `seeds` is the folder of documents (the corpus folder itself); `corpus` holds the
    user's reference data and overrides and defaults to `seeds`; `ontology`, when given,
    is a whole folder replacing the packaged ontology (else each file is looked up in
    the corpus's `ontology/`, then in the package).
    """

    store: Path
    seeds: Path = Path(DEFAULT_SEEDS)
    ontology: Path | None = None
    corpus: Path | None = None

    @classmethod
    def for_corpus(cls, corpus: Path, store: Path | None = None,
                   ontology: Path | None = None) -> Paths:
        return cls(store=store or corpus / STORE_DIR, seeds=corpus, ontology=ontology,
                   corpus=corpus)

    @property
    def folder(self) -> Path:
        """The corpus folder: where the user's own data and overrides live."""
        return self.corpus if self.corpus is not None else self.seeds

    def data_file(self, relative: str) -> Path:
        """The corpus's copy of a data file when it has one, else the packaged default."""
        own = self.folder / relative
        return own if own.is_file() else packaged(relative)

    def own_file(self, relative: str) -> Path:
        """Where the corpus keeps its own copy of a data file (whether or not it exists)."""
        return self.folder / relative

    def ontology_path(self, name: str) -> Path:
        if self.ontology is not None:
            return self.ontology / name
        return self.data_file(f"{DEFAULT_ONTOLOGY}/{name}")

    @property
    def ontology_file(self) -> Path:
        return self.ontology_path(ONTOLOGY_FILE)

    @property
    def shapes_file(self) -> Path:
        return self.ontology_path(SHAPES_FILE)

    @property
    def event_types_file(self) -> Path:
        return self.ontology_path(EVENT_TYPES_FILE)

    @property
    def dataset_file(self) -> Path:
        return self.ontology_path(DATASET_FILE)

    @property
    def context_file(self) -> Path:
        return self.ontology_path(CONTEXT_FILE)

    @property
    def queries_dir(self) -> Path:
        own = self.folder / DEFAULT_ONTOLOGY / "queries"
        return own if own.is_dir() else PACKAGED_ONTOLOGY / "queries"

    @property
    def entities_file(self) -> Path:
        return self.data_file(ENTITIES)

    @property
    def wikidata_links_file(self) -> Path:
        return self.data_file(WIKIDATA_LINKS)

    @property
    def wikidata_cache_file(self) -> Path:
        return self.data_file(WIKIDATA_CACHE)

    @property
    def cues_file(self) -> Path:
        return self.data_file(CUES)

    @property
    def lexicon_file(self) -> Path:
        return self.data_file(LEXICON)

    @property
    def names_file(self) -> Path:
        return self.data_file(NAMES)
