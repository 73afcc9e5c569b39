"""The audit trail in the Django admin: readable, never writable."""

from __future__ import annotations

import pytest

from pimpasa.core.models import TimelineEvent
from tests.fixtures import make_user

pytestmark = pytest.mark.django_db


def test_timeline_events_are_read_only_in_the_admin(org, login):
    client = login(make_user("root", is_staff=True, is_superuser=True))
    event = TimelineEvent.objects.filter(event_type="agency.created").first()
    before = TimelineEvent.objects.count()

    listing = client.get("/admin/core/timelineevent/")
    detail = client.get(f"/admin/core/timelineevent/{event.pk}/change/")
    add = client.get("/admin/core/timelineevent/add/")
    post = client.post(f"/admin/core/timelineevent/{event.pk}/change/", {"reason": "changed"})
    delete = client.post(f"/admin/core/timelineevent/{event.pk}/delete/", {"post": "yes"})

    assert (listing.status_code, detail.status_code, add.status_code) == (200, 200, 403)
    assert 'name="_save"' not in detail.content.decode()
    assert post.status_code == 403
    assert delete.status_code == 403
    event.refresh_from_db()
    assert event.reason == ""
    assert TimelineEvent.objects.count() == before
