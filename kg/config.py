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
