"""records/ and git trees → strict YAML → validated models, every problem located at file:line:column."""
