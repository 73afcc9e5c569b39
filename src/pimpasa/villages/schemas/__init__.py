"""API input and output shapes of the villages app, one module per area."""
