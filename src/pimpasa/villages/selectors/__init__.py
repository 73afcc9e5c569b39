"""Reads of the villages app, one module per area; every read starts from ``visible_to(user)``."""
