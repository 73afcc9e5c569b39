"""Pages of the villages app, one module per area; each module ends with its ``urls`` list."""
