"""The ``pimpasa`` command: Django's management commands, with the project's settings."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command: ``pimpasa regions import``, ``pimpasa worker``, ``pimpasa migrate`` …"""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pimpasa.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(list(sys.argv if argv is None else ["pimpasa", *argv]))


if __name__ == "__main__":
    main()
