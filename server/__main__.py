"""`python -m server`: serve with settings from KG_* variables only (tests, containers)."""

import sys

from kg.store import StoreError
from server.asgi import serve
from server.settings import Settings

if __name__ == "__main__":  # executor processes import this module again: serve once
    try:
        serve(Settings.from_env())
    except StoreError as err:
        sys.exit(f"rskg: {err}")
