"""Words instead of codes on the report pages: timeline events and who recorded them, match
reasons, the officer form's location messages."""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

import pimpasa.reports
import pimpasa.watchlist.matching.scoring
from pimpasa.reports.events import EVENT_LABELS
from pimpasa.reports.models import ALLOWED_TRANSITIONS
from pimpasa.watchlist.services import entry_create
from pimpasa.watchlist.templatetags.watchlist_tags import reason_label
from tests.reports.report_factories import NIK_MAN, submit, walk

APP = Path(pimpasa.reports.__file__).parent


def _call_event_types(call: ast.Call, module: str) -> set[str] | None:
    """Return the event types an ``event_record(...)`` call may record, or None if unreadable."""
    expr = next((k.value for k in call.keywords if k.arg == "event_type"), None)
    if expr is None:
        return None
    found: set[str] = set()
    parts = [expr.body, expr.orelse] if isinstance(expr, ast.IfExp) else [expr]
    for part in parts:
        if isinstance(part, ast.Constant) and isinstance(part.value, str):
            found.add(part.value)
        elif isinstance(part, ast.JoinedStr) and ast.unparse(part) == "f'report.{to}'":
            # The workflow records ``report.<state>`` for each state a report may move to.
            found |= {f"report.{state}" for targets in ALLOWED_TRANSITIONS.values() for state in targets}
        elif isinstance(part, ast.Subscript) and isinstance(part.value, ast.Name):
            # A table of event types in the same module (``STATE_EVENTS[to]``, ``_EVENTS[action]``).
            table = getattr(importlib.import_module(module), part.value.id)
            found |= set(table.values())
        else:
            return None
    return found


def recorded_event_types() -> dict[str, str]:
    """Return every event type the app's code passes to ``event_record``, with where it is."""
    found: dict[str, str] = {}
    for path in sorted(APP.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        module = "pimpasa.reports." + ".".join(path.relative_to(APP).with_suffix("").parts)
        module = module.removesuffix(".__init__")
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call) or getattr(node.func, "id", None) != "event_record":
                continue
            where = f"{path.relative_to(APP)}:{node.lineno}"
            types = _call_event_types(node, module)
            assert types is not None, f"{where}: cannot read the event type {ast.unparse(node)[:120]}"
            for event_type in types:
                found.setdefault(event_type, where)
    return found


def test_every_event_type_the_app_records_has_a_label():
    recorded = recorded_event_types()

    assert {"report.received", "report.message_attached", "report.reply_sent", "referral.revoked"} <= set(
        recorded
    )
    missing = {t: where for t, where in recorded.items() if t not in EVENT_LABELS}
    assert missing == {}
    assert sorted(set(EVENT_LABELS) - set(recorded)) == []


def test_event_labels_are_translated():
    with translation.override("en"):
        english = {t: str(label) for t, label in EVENT_LABELS.items()}
    with translation.override("id"):
        untranslated = [t for t, label in EVENT_LABELS.items() if str(label) == english[t]]

    assert untranslated == []


def _timeline(html: str) -> list[tuple[str, str]]:
    section = html.split('id="timeline"', 1)[1].split("</ol>", 1)[0]
    return re.findall(r'<strong>(.*?)</strong> <span class="muted">(.*?)</span>', section)


@pytest.mark.django_db
def test_the_timeline_names_the_channel_the_user_and_the_system(org, login):
    report = submit(None, channel="public_web")
    walk(report, None, ("verified", {}))
    walk(report, org.users["intel_ponorogo"], ("in_follow_up", {"assigned_to": "field_ponorogo"}))
    client = login(org.users["intel_ponorogo"])

    html = client.get(report.get_absolute_url()).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(report.get_absolute_url()).content.decode()

    assert _timeline(html) == [
        ("Diterima", "Formulir web publik"),
        ("Terverifikasi", "Sistem"),
        ("Tindak lanjut dimulai", "Intel Ponorogo"),
    ]
    assert _timeline(english) == [
        ("Received", "Public web form"),
        ("Verified", "System"),
        ("Follow-up started", "Intel Ponorogo"),
    ]


@pytest.mark.django_db
def test_the_timeline_of_a_gateway_report_names_the_channel(org, login):
    report = submit(None, channel="message_gateway")
    client = login(org.users["field_ponorogo"])

    html = client.get(report.get_absolute_url()).content.decode()

    assert _timeline(html) == [("Diterima", "WhatsApp/SMS")]


def reason_codes() -> set[str]:
    """Return the reason codes the watchlist's scoring writes (``name:0.93`` stands for ``name:``)."""
    source = Path(pimpasa.watchlist.matching.scoring.__file__).read_text()
    return set(re.findall(r'"([a-z_]+:[a-z]+)"', source))


def test_every_reason_the_scoring_gives_has_words():
    codes = reason_codes()

    assert {"nik:match", "via:alias", "birth_date:near", "patronymic:conflict"} <= codes
    with translation.override("id"):
        assert {code: reason_label(code) for code in codes if reason_label(code) == code} == {}
        assert reason_label("name:0.93") == "nama 93% mirip"
        assert reason_label("nik:match") == "NIK sama"
        assert reason_label("birth_date:conflict") == "tanggal lahir berbeda"


@pytest.mark.django_db
def test_match_reasons_are_shown_in_words(org, login):
    entry_create(
        actor=None,
        ref="WL-0001",
        full_name="H. Moch. Djoko Soesilo",
        aliases=["Pak Joko Calo"],
        birth_date=dt.date(1975, 3, 4),
        phones=["081233334444"],
        reason="Perekrut nonprosedural",
    )
    slamet = {"role": "suspected_recruiter", "full_name": "Slamet Riyadi", "nik": NIK_MAN}
    earlier = submit(None, people=[slamet])
    report = submit(
        None,
        people=[
            {"role": "suspected_recruiter", "full_name": "Pak Joko Calo", "birth_date": dt.date(1975, 3, 4)},
            slamet,
        ],
    )
    client = login(org.users["intel_ponorogo"])

    html = client.get(report.get_absolute_url()).content.decode()

    hit = re.search(r'<p class="watchlist-hit">.*?</p>', html)
    match = re.search(r'<p class="report-match">.*?</p>', html)
    assert hit is not None and match is not None
    assert hit.group(0).endswith("· nama 100% mirip, cocok dengan alias, tanggal lahir sama</span></p>")
    assert earlier.tracking_code in match.group(0)
    assert match.group(0).endswith("· nama 100% mirip, tanggal lahir sama, NIK sama</span></p>")
    for code in ("nik:match", "via:alias", "birth_date:match", "name:1.00"):
        assert code not in html


@pytest.mark.django_db
def test_the_location_messages_of_the_intake_form_are_translated(org, login):
    client = login(org.users["field_ponorogo"])

    html = client.get(reverse("reports:create")).content.decode()

    button = re.search(r'<button type="button"[^>]*id="use-location"[^>]*>', html)
    assert button is not None
    attributes = dict(re.findall(r'data-([a-z]+)="([^"]*)"', button.group(0)))
    assert attributes == {
        "waiting": "Mencari posisi Anda…",
        "found": "Posisi ditetapkan, dengan ketelitian sekitar {metres} m.",
        "denied": (
            "Peramban tidak diizinkan memakai lokasi Anda. Izinkan di pengaturan peramban, "
            "atau isi koordinatnya."
        ),
        "unavailable": "Posisi Anda tidak dapat ditemukan. Coba lagi di luar ruangan, atau isi koordinatnya.",
        "timeout": "Pencarian posisi terlalu lama. Coba lagi, atau isi koordinatnya.",
    }
