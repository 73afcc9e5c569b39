"""HTML forms of the villages app, one module per area."""
