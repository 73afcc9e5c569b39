"""API input and output shapes of the reports app, one module per area."""
