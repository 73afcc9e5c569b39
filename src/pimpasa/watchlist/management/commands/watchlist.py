"""``pimpasa watchlist import FILE.csv | search …``: load the watchlist and search it.

The output of ``search --json`` is a contract other tools rely on:

- ``search --name NAME [--birth-date D] [--nik N] [--phone P] [--limit K] --json`` prints
  ``{"matches": [{"ref", "full_name", "score", "reasons"}]}``;
- ``search --file QUERIES.csv [--limit K] --json`` prints one ``{"qid", "matches"}`` per line.

The command runs as the system: it reads every entry. Problems go to stderr with exit code 1.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pimpasa.core.commands import AuditedCommand
from pimpasa.core.errors import DomainError
from pimpasa.organization.models import Unit
from pimpasa.regions.validation import RowError
from pimpasa.watchlist import selectors, services, validation
from pimpasa.watchlist.matching import Person
from pimpasa.watchlist.permissions import SYSTEM

#: How many problems of a rejected file are printed; the rest are counted.
SHOWN_PROBLEMS = 50


def _rejection(message: str, errors: list[RowError]) -> CommandError:
    lines = [message, *(f"  {error}" for error in errors[:SHOWN_PROBLEMS])]
    hidden = len(errors) - SHOWN_PROBLEMS
    if hidden > 0:
        lines.append("  " + _("… and %(count)d more.") % {"count": hidden})
    return CommandError("\n".join(lines))


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise CommandError(
            _("%(path)s cannot be read: %(error)s") % {"path": path, "error": exc.strerror}
        ) from exc


class Command(AuditedCommand):
    help = gettext_noop("Import watchlist entries from a CSV file, or search the watchlist by name.")

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        self.help = _(type(self).help)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{import,search}")
        load = sub.add_parser(
            "import",
            help=_(
                "Create or update entries from a CSV file (ref,kind,full_name,aliases,birth_date,nik,phone); "
                "any bad row rejects the whole file."
            ),
        )
        load.add_argument("file", help=_("Path of the CSV file."))
        load.add_argument("--unit", metavar="CODE", help=_("Code of the office that owns new entries."))
        search = sub.add_parser("search", help=_("Search the watchlist for a person or a file of queries."))
        what = search.add_mutually_exclusive_group(required=True)
        what.add_argument("--name", help=_("Full name to look for."))
        what.add_argument("--file", help=_("CSV file of queries (qid,full_name,birth_date,nik,phone)."))
        search.add_argument("--birth-date", default="", metavar="YYYY-MM-DD")
        search.add_argument("--nik", default="")
        search.add_argument("--phone", default="")
        search.add_argument("--limit", type=int, default=10, help=_("Most matches per query (default 10)."))
        search.add_argument("--json", action="store_true", help=_("Print JSON (the only output format)."))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            match options["subcommand"]:
                case "import":
                    self.import_file(options["file"], options["unit"])
                case "search" if options["file"]:
                    self.search_file(options["file"], options["limit"])
                case "search":
                    self.search_one(options)
        except services.WatchlistFileRejected as exc:
            raise _rejection(exc.message, exc.errors) from exc
        except DomainError as exc:
            raise CommandError(exc.message) from exc

    def import_file(self, path: str, unit_code: str | None) -> None:
        unit = None
        if unit_code:
            unit = Unit.objects.filter(code=unit_code).first()
            if unit is None:
                raise CommandError(_("No unit with the code %(code)s.") % {"code": unit_code})
        result = services.watchlist_import(actor=SYSTEM, data=_read(path), file_name=path, unit=unit)
        summary = _(
            "%(path)s: %(rows)d rows: %(created)d created, %(updated)d updated, %(unchanged)d unchanged."
        )
        counts = {
            "path": path,
            "rows": result.rows,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        }
        self.stdout.write(self.style.SUCCESS(summary % counts))

    def _check_limit(self, limit: int) -> None:
        if not 1 <= limit <= selectors.MAX_LIMIT:
            raise CommandError(_("--limit must be between 1 and %(max)d.") % {"max": selectors.MAX_LIMIT})

    def search_one(self, options: dict[str, Any]) -> None:
        self._check_limit(options["limit"])
        errors: list[str] = []
        name, problem = validation.check_name(options["name"])
        if problem:
            errors.append(f"--name: {problem}")
        born, problem = validation.check_birth_date(options["birth_date"])
        if problem:
            errors.append(f"--birth-date: {problem}")
        nik, problem = validation.check_nik(options["nik"])
        if problem:
            errors.append(f"--nik: {problem}")
        phones, problems = validation.check_phones(options["phone"])
        errors += [f"--phone: {p}" for p in problems]
        if errors:
            raise CommandError("\n".join(errors))
        query = Person(full_name=name, birth_date=born, nik=nik, phones=phones)
        matches = selectors.watchlist_search(user=SYSTEM, query=query, limit=options["limit"])
        self.stdout.write(json.dumps({"matches": [m.as_dict() for m in matches]}, ensure_ascii=False))

    def search_file(self, path: str, limit: int) -> None:
        self._check_limit(limit)
        header, rows = services.read_csv(_read(path), path)
        checked = validation.check_queries(header, rows)
        if checked.errors:
            count = len(checked.errors)
            raise _rejection(
                _("%(path)s was rejected (%(count)d problems); nothing was searched.")
                % {"path": path, "count": count},
                checked.errors,
            )
        queries = [
            (r.qid, Person(full_name=r.full_name, birth_date=r.birth_date, nik=r.nik, phones=r.phones))
            for r in checked.records
        ]
        for qid, matches in selectors.watchlist_search_many(user=SYSTEM, queries=queries, limit=limit):
            self.stdout.write(
                json.dumps({"qid": qid, "matches": [m.as_dict() for m in matches]}, ensure_ascii=False)
            )
