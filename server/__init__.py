"""The SPARQL endpoint of rskg: a Flask application served by gunicorn.

Public API (what `kg serve` calls):
    server.serve(settings)                   run until interrupted, printing the URL
    server.settings.Settings.from_env(**cli) flags over KG_* variables over defaults
    server.create_app(settings)              the WSGI application, for tests and embedding
"""

from server.app import create_app
from server.settings import Settings
from server.wsgi import serve

__all__ = ["Settings", "create_app", "serve"]
