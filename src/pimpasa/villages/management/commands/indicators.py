"""``pimpasa indicators import FILE --source TEXT --period YEAR``: load indicator values from CSV or XLSX."""

from __future__ import annotations

import csv
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, cast

from django.core.management.base import CommandError, CommandParser
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pimpasa.core.commands import AuditedCommand
from pimpasa.core.errors import DomainError
from pimpasa.villages.importing import RowError
from pimpasa.villages.permissions import SYSTEM
from pimpasa.villages.services.indicators import IndicatorFileRejected, indicator_file_import

#: How many problems of a rejected file are printed; the rest are counted (all go to --report).
SHOWN_PROBLEMS = 50


def _n(value: int) -> str:
    return number_format(value, force_grouping=True)


def write_report(path: str | Path, errors: list[RowError]) -> None:
    """Write the problems of a rejected file as CSV: row, column, value, reason."""
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["row", "column", "value", "reason"])
        writer.writerows([e.row, e.column, e.value, e.reason] for e in errors)


class Command(AuditedCommand):
    help = gettext_noop("Import indicator values per region from CSV or XLSX files.")

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        self.help = _(type(self).help)  # translated when the language is known, not at import
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        load = subcommands.add_parser(
            "import",
            help=_(
                "Import a CSV or XLSX file in long form (code, indicator, value) or wide form "
                "(code and one column per indicator); any bad row rejects the whole file."
            ),
        )
        load.add_argument("file", help=_("Path of the CSV or XLSX file."))
        load.add_argument(
            "--source", required=True, help=_("Where the values come from, e.g. “BPS Susenas 2024”.")
        )
        load.add_argument("--period", required=True, type=int, help=_("The year the values are for."))
        load.add_argument(
            "--report",
            metavar="FILE",
            help=_(
                "If the file is rejected, write every problem to this CSV file (row, column, value, reason)."
            ),
        )
        load.add_argument("--no-progress", action="store_true", help=_("Do not show a progress bar."))

    def handle(self, *args: Any, **options: Any) -> None:
        self.import_file(
            options["file"],
            source=options["source"],
            period=options["period"],
            report=options["report"],
            progress=not options["no_progress"],
        )

    def import_file(self, path: str, *, source: str, period: int, report: str | None, progress: bool) -> None:
        if report and not Path(report).resolve().parent.is_dir():
            raise CommandError(
                _("The report cannot be written: %(path)s is in no directory.") % {"path": report}
            )
        started = time.monotonic()
        try:
            with Path(path).open("rb") as stream, self.progress_bar(enabled=progress) as show:
                result = indicator_file_import(
                    actor=SYSTEM,
                    stream=stream,
                    file_name=os.path.basename(path),
                    source=source,
                    period=period,
                    progress=show,
                )
        except FileNotFoundError as exc:
            raise CommandError(_("%(path)s does not exist.") % {"path": path}) from exc
        except IndicatorFileRejected as exc:
            if report:
                write_report(report, exc.errors)
            raise self.rejection(exc, report) from exc
        except DomainError as exc:
            details = exc.details if isinstance(exc.details, dict) else {}
            lines = [exc.message] + [f"  {field}: {' '.join(msgs)}" for field, msgs in details.items()]
            raise CommandError("\n".join(lines)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(path)s (%(layout)s form): %(rows)s rows, %(values)s values — %(created)s created, "
                    "%(updated)s updated, %(unchanged)s unchanged (%(seconds)s s)."
                )
                % {
                    "path": path,
                    "layout": result.layout,
                    "rows": _n(result.rows),
                    "values": _n(result.values),
                    "created": _n(result.created),
                    "updated": _n(result.updated),
                    "unchanged": _n(result.unchanged),
                    "seconds": number_format(time.monotonic() - started, 1),
                }
            )
        )
        if result.batch is not None:
            self.stdout.write(
                _("Import %(id)s: source “%(source)s”, period %(period)s, indicators %(codes)s.")
                % {
                    "id": result.batch.pk,
                    "source": result.batch.source,
                    "period": result.batch.period,
                    "codes": ", ".join(result.indicator_codes),
                }
            )

    @staticmethod
    def rejection(exc: IndicatorFileRejected, report: str | None) -> CommandError:
        lines = [exc.message]
        lines += [f"  {error}" for error in exc.errors[:SHOWN_PROBLEMS]]
        hidden = len(exc.errors) - SHOWN_PROBLEMS
        if hidden > 0:
            lines.append("  " + _("… and %(count)s more.") % {"count": _n(hidden)})
        if report:
            lines.append(_("Every problem is listed in %(report)s.") % {"report": report})
        return CommandError("\n".join(lines))

    @contextmanager
    def progress_bar(self, *, enabled: bool) -> Iterator[Callable[[str, int, int], None]]:
        """Yield a progress callback that draws a bar on a terminal's stderr (and does nothing elsewhere)."""
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        # The wrapped stream (a terminal, or what call_command was given), not Django's wrapper.
        console = Console(file=cast(IO[str], self.stderr._out), stderr=True)
        bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=not (enabled and console.is_terminal),
        )
        stages = {
            "read": _("Reading the file"),
            "check": _("Checking rows"),
            "copy": _("Copying values"),
            "merge": _("Writing values"),
        }
        task = bar.add_task(stages["read"], total=None)

        def report(stage: str, done: int, total: int) -> None:
            bar.update(task, description=stages.get(stage, stage), completed=done, total=total or None)

        with bar:
            yield report
