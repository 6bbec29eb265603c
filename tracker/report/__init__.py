"""The fact-checker's report: a static site where every chart point and table row is one click
from the sentence it came from (see :mod:`tracker.report.build`)."""

from tracker.report.build import MARKER, ReportFolderError, ReportResult, build_report

__all__ = ["MARKER", "ReportFolderError", "ReportResult", "build_report"]
