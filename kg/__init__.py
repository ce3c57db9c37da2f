"""rskg: the Russia-in-Syria Knowledge Graph builder."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("rskg")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"
