"""Refusal map reports: build the map from observations, render text, JSON, Markdown, HTML."""

from __future__ import annotations

from pytest_refusal.report.files import ReportPathError, check_paths, write_reports
from pytest_refusal.report.jsondoc import ReportError
from pytest_refusal.report.model import Cell, RefusalMap, build_map

__all__ = ["Cell", "RefusalMap", "ReportError", "ReportPathError", "build_map", "check_paths",
           "write_reports"]
