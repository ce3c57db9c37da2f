"""The same application for gunicorn's stock gthread worker (bench/run.py --stacks only):
`pip install gunicorn`, settings from KG_* variables."""

from server.app import create_app
from server.settings import Settings

app = create_app(Settings.from_env())
