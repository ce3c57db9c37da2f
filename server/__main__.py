"""`python -m server`: serve with settings from KG_* variables only (tests, containers)."""

import sys

from kg.store import StoreError
from server.settings import Settings
from server.wsgi import serve

try:
    serve(Settings.from_env())
except StoreError as err:
    sys.exit(f"rskg: {err}")
