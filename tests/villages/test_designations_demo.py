"""Demo DBI designations: every state over the demo offices, walked by their own staff, idempotent."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db, tmp_path):
    from pimpasa.demo.data import PROVINCES
    from pimpasa.demo.services import demo_load
    from pimpasa.regions.services import region_import

    region_import(prefixes=PROVINCES)
    demo_load(credentials_path=tmp_path / "demo-credentials.txt")


def test_demo_designations_cover_every_state_and_are_idempotent(demo):
    from pimpasa.core.models import TimelineEvent
    from pimpasa.demo.designations_data import PLAN, load_designations
    from pimpasa.villages.models import Designation, DesignationStatus

    # `pimpasa demo load` (the fixture) has loaded them; another load adds nothing.
    assert load_designations() == 0
    assert len(PLAN) == 22
    assert Designation.objects.count() == 22
    by_state = {plan.village: plan.state for plan in PLAN}
    assert dict(Designation.objects.values_list("village_id", "status")) == by_state
    assert {d.status for d in Designation.objects.all()} == set(DesignationStatus.values)
    ponorogo = Designation.objects.get(village_id="35.02.15.2001")
    assert (ponorogo.unit.code, ponorogo.proposed_by.username, ponorogo.approved_by.username) == (
        "kanim-ponorogo",
        "intel_ponorogo",
        "head_ponorogo",
    )
    assert list(ponorogo.evaluations.values_list("period", flat=True)) == ["2026-S1", "2025"]
    assert ponorogo.candidate_at.year == 2025
    assert ponorogo.contacts.count() == 2
    events = TimelineEvent.objects.filter(target_type="villages.designation", target_id=str(ponorogo.pk))
    assert [e.actor_label for e in events.order_by("created_at")][:4] == [
        "intel_ponorogo",
        "intel_ponorogo",
        "intel_ponorogo",
        "head_ponorogo",
    ]
    assert events.order_by("created_at").first().created_at == ponorogo.candidate_at
    for designation in Designation.objects.all():
        stamps = [
            getattr(designation, f"{s}_at")
            for s in ("candidate", "proposed", "meeting_held", "designated", "active")
        ]
        present = [s for s in stamps if s is not None]
        assert present == sorted(present), designation.village_id
