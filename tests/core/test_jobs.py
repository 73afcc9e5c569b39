"""Procrastinate is wired in: a deferred job runs for real, and ``pimpasa worker --once`` runs it too."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from tests.fixtures import PASSWORD
from tests.jobs import isolated_worker

NOW = dt.datetime(2026, 3, 1, 3, 17, tzinfo=dt.UTC)


def _token(user, name, *, expires_days_ago=None, revoked_days_ago=None):
    from pimpasa.accounts.models import ApiToken

    _, prefix, key_hash = ApiToken.generate()
    return ApiToken.objects.create(
        user=user,
        name=name,
        key_prefix=prefix,
        key_hash=key_hash,
        expires_at=NOW - dt.timedelta(days=expires_days_ago) if expires_days_ago is not None else None,
        revoked_at=NOW - dt.timedelta(days=revoked_days_ago) if revoked_days_ago is not None else None,
    )


@pytest.fixture
def tokens(transactional_db):
    from pimpasa.accounts.models import User

    owner = User.objects.create_user(username="token_owner", password=PASSWORD)
    _token(owner, "expired-31-days", expires_days_ago=31)
    _token(owner, "expired-29-days", expires_days_ago=29)
    _token(owner, "revoked-40-days", revoked_days_ago=40)
    _token(owner, "no-expiry")
    return owner


def _token_names():
    from pimpasa.accounts.models import ApiToken

    return sorted(ApiToken.objects.values_list("name", flat=True))


def _job_status(job_id):
    from procrastinate.contrib.django.models import ProcrastinateJob

    return ProcrastinateJob.objects.get(id=job_id).status


def test_deferred_purge_runs_in_a_worker_and_succeeds(tokens, run_jobs):
    from pimpasa.accounts.tasks import purge_expired_tokens
    from pimpasa.core.models import TimelineEvent

    # given a purge deferred in a committed transaction
    job_id = purge_expired_tokens.defer(timestamp=int(NOW.timestamp()))
    assert _job_status(job_id) == "todo"

    # when the worker runs the waiting jobs
    run_jobs()

    # then the tokens gone for over 30 days are deleted, each with a timeline event
    assert _job_status(job_id) == "succeeded"
    assert _token_names() == ["expired-29-days", "no-expiry"]
    purged = TimelineEvent.objects.filter(event_type="api_token.purged").order_by("id")
    assert [e.data["old"]["name"] for e in purged] == ["expired-31-days", "revoked-40-days"]
    assert {e.actor_label for e in purged} == {"system"}


def test_worker_command_once_runs_waiting_jobs(tokens):
    from pimpasa.accounts.tasks import purge_expired_tokens

    job_id = purge_expired_tokens.defer(timestamp=int(NOW.timestamp()))

    with isolated_worker():
        call_command("worker", "--once", "--queue", "maintenance")

    assert _job_status(job_id) == "succeeded"
    assert _token_names() == ["expired-29-days", "no-expiry"]


@pytest.mark.django_db
def test_purge_is_idempotent():
    from pimpasa.accounts.models import User
    from pimpasa.accounts.services import token_purge_expired

    owner = User.objects.create_user(username="token_owner", password=PASSWORD)
    _token(owner, "expired-31-days", expires_days_ago=31)
    _token(owner, "fresh", expires_days_ago=-10)

    assert token_purge_expired(now=NOW) == 1
    assert token_purge_expired(now=NOW) == 0
    assert _token_names() == ["fresh"]


def test_purge_is_scheduled_daily():
    from procrastinate.contrib.django import app

    schedules = {
        p.task.name: p.cron
        for p in app.periodic_registry.periodic_tasks.values()
        if p.task.name.startswith("accounts.")
    }

    assert schedules == {"accounts.purge_expired_tokens": "17 3 * * *"}
