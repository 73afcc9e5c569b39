"""``pimpasa villages score [--async]``: recompute the vulnerability index of every village."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pimpasa.core.commands import AuditedCommand
from pimpasa.core.errors import DomainError

from ...models import Band
from ...permissions import SYSTEM
from ...selectors.scoring import NO_SCORE, band_counts
from ...services.scoring import score_run_now, score_run_request


def _n(value: int) -> str:
    return number_format(value, force_grouping=True)


class Command(AuditedCommand):
    help = gettext_noop("Villages: recompute the vulnerability index of every village.")

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        self.help = _(type(self).help)  # translated when the language is known, not at import
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        score = subcommands.add_parser(
            "score", help=_("Compute every village's score with the current weights and print a summary.")
        )
        score.add_argument(
            "--async",
            action="store_true",
            dest="queue",
            help=_("Queue the computation for a worker (pimpasa worker) instead of running it here."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["queue"]:
                self.queue()
            else:
                self.score()
        except DomainError as exc:
            raise CommandError(exc.message) from exc

    def queue(self) -> None:
        run = score_run_request(actor=SYSTEM, trigger="cli")
        self.stdout.write(
            _("Run %(id)s is queued (weights version %(version)s); a worker computes it.")
            % {"id": run.pk, "version": run.weight_set.version}
        )

    def score(self) -> None:
        started = time.perf_counter()
        try:
            run = score_run_now(actor=SYSTEM, trigger="cli")
        except DomainError:
            raise
        except Exception as exc:
            raise CommandError(_("The computation failed: %(error)s") % {"error": exc}) from exc
        seconds = time.perf_counter() - started
        counts = band_counts(user=SYSTEM, run=run)
        labels = {**{b.value: str(b.label) for b in Band}, NO_SCORE: _("no score")}
        self.stdout.write(
            _("Run %(id)s (weights version %(version)s): %(villages)s villages scored in %(seconds)s s.")
            % {
                "id": run.pk,
                "version": run.weight_set.version,
                "villages": _n(run.villages),
                "seconds": number_format(seconds, decimal_pos=2),
            }
        )
        for key, label in labels.items():
            if counts.get(key) or key != NO_SCORE:
                self.stdout.write(f"  {label:<12} {_n(counts.get(key, 0)):>8}")
