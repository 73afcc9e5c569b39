"""Two people changing one appointment at the same moment: one waits for the other, nothing breaks."""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from pimpasa.core.models import TimelineEvent
from tests.fixtures import build_org


@pytest.mark.django_db(transaction=True)
def test_simultaneous_village_changes_run_one_after_the_other():
    from pimpasa.organization.services import appointment_set_villages

    org = build_org()
    appointment = org.appointments["field_ponorogo"]
    editors = [org.users["head_ponorogo"], org.users["intel_ponorogo"]]
    wanted = {
        "head_ponorogo": ["35.02.01.2001", "35.02.01.2003"],
        "intel_ponorogo": ["35.02.01.2002", "35.02.01.2003"],
    }
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def edit(editor) -> None:
        try:
            start.wait()
            appointment_set_villages(
                actor=editor,
                appointment=type(appointment).objects.get(pk=appointment.pk),
                village_codes=wanted[editor.username],
                reason="rakor",
            )
        except BaseException as exc:  # report in the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=edit, args=(e,)) for e in editors]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    events = list(TimelineEvent.objects.filter(event_type="appointment.villages_changed").order_by("id"))
    assert len(events) == 2
    first, second = events
    # The second edit saw the first one's result as its "old" value.
    assert second.data["old"] == first.data["new"]
    final = sorted(appointment.village_links.values_list("village_id", flat=True))
    assert final == wanted[second.actor_label]
