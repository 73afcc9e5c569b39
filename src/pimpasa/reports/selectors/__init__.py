"""Reads of the reports app, one module per area; every read starts from ``visible_to(user)``."""
