"""Base class for management commands that change tracked data."""

from __future__ import annotations

import os
from typing import Any

import pghistory
from django.core.management.base import BaseCommand


class AuditedCommand(BaseCommand):
    """A command whose database changes carry its name (and ``PIMPASA_ACTOR``) in the history context.

    Only commands that write domain data use it: the context is injected into
    every SQL statement, which raw-SQL migrations of other apps do not expect.
    """

    def execute(self, *args: Any, **options: Any) -> Any:
        name = self.__class__.__module__.rsplit(".", 1)[-1]
        with pghistory.context(command=name, actor=os.environ.get("PIMPASA_ACTOR", "")):
            return super().execute(*args, **options)
