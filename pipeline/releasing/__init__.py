"""Release manifests, record-level diffs, stable ids, SemVer bumps and the CHANGELOG."""
