"""Writes of the villages app, one module per area: indicators, scoring, designations."""
