"""Pages of the reports app, one module per area; each module ends with its ``urls`` list."""
