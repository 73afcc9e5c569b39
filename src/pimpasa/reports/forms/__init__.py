"""HTML forms of the reports app, one module per area."""
