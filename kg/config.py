"""Where things are: defaults, resolved once from flags and KG_* variables by the CLI.

Click reads each flag, then its KG_* environment variable, then the default below; the
resolved `Paths` object is passed down by argument, never looked up from afar.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEFAULT_STORE = "kg-store"  # under the working directory; override with --store / KG_STORE
DEFAULT_SEEDS = "seeds"
DEFAULT_ONTOLOGY = "ontology"
SHAPES_FILE = "shapes.ttl"
ONTOLOGY_FILE = "rskg.ttl"
DATASET_FILE = "dataset.toml"
EVENT_TYPES_FILE = "event-types.ttl"
# Where the dataset says its endpoint and downloads are: `kg serve`'s default address.
# Set --public-url / KG_PUBLIC_URL when publishing elsewhere.
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"


@dataclass(frozen=True)
class Paths:
    """The inputs and the store of one `kg` invocation."""

    store: Path
    seeds: Path = Path(DEFAULT_SEEDS)
    ontology: Path = Path(DEFAULT_ONTOLOGY)

    @property
    def ontology_file(self) -> Path:
        return self.ontology / ONTOLOGY_FILE

    @property
    def shapes_file(self) -> Path:
        return self.ontology / SHAPES_FILE

    @property
    def event_types_file(self) -> Path:
        return self.ontology / EVENT_TYPES_FILE

    @property
    def dataset_file(self) -> Path:
        return self.ontology / DATASET_FILE
