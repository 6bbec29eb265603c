"""Imported once by the forkserver process (never by user code): load what every worker needs.

Why: workers are forked from the forkserver, so whatever it holds they get for free. Importing
the pipeline and parsing the rule files here (over a second of YAML parsing) means each worker
starts ready instead of paying that cost itself.
"""

from tracker.engines.work import extract_article  # noqa: F401 - imported for its side effect: warm modules
from tracker.rules import load_rules

load_rules()
