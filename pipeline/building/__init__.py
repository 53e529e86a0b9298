"""Validated models → tidy tables → dist/ (CSV, JSON, datapackage.json), and the files generated beside it."""
