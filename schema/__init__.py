"""The schema as code: models, vocabularies and cross-record rules. Build-time only."""
