"""Importers: upstream/<source>/ snapshots → ordinary YAML records (`build.py import <source>`)."""
