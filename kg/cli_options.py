"""The options every `kg` command shares: which corpus, which store.

`--corpus` (KG_CORPUS; `--seeds`/KG_SEEDS are its older names) defaults to the current
folder; `--store` (KG_STORE) defaults to the corpus's `kg-store/`. Both become one
`paths: kg.config.Paths` argument of the command.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

import click

from kg import config

_CORPUS = click.option(
    "--corpus", "--seeds", "corpus", type=click.Path(file_okay=False, path_type=Path),
    envvar=["KG_CORPUS", "KG_SEEDS"], default=config.DEFAULT_CORPUS, show_default=True,
    show_envvar=True, help="The corpus folder: documents, sources.toml, reference data.")
_STORE = click.option(
    "--store", type=click.Path(path_type=Path), envvar="KG_STORE", default=None,
    show_envvar=True, help="Store directory [default: CORPUS/kg-store].")


def corpus_options(command: Callable[..., None]) -> Callable[..., None]:
    """Add --corpus and --store to a command, resolved into its `paths` argument."""

    @functools.wraps(command)
    def wrapper(*args: object, corpus: Path, store: Path | None, **kwargs: object) -> None:
        return command(*args, paths=config.Paths.for_corpus(corpus, store), **kwargs)

    return _CORPUS(_STORE(wrapper))
