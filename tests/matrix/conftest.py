"""The version matrix's cells build their own virtual environments: they run through run.py, never in this suite."""

collect_ignore = ["cells"]
