"""The build, by concern, in the order data flows through it:

- `reading`: records/ and git trees → strict YAML → validated models, with located problems;
- `building`: models → tables → dist/ (CSV, JSON, datapackage.json) and the generated docs;
- `releasing`: manifests, record diffs, stable ids, SemVer bumps and the CHANGELOG;
- `contributing`: contributor tools (record templates, editor schemas, CI annotations);
- `importers`: upstream snapshots → records.

`cli` wires them to `build.py`'s commands.
"""
