"""What contributors see: record templates, editor schemas, field help and CI annotations."""
