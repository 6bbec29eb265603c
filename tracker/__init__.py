"""tracker: casualty, displacement and attack figures from news articles, traceable to their words."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("tracker")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"
