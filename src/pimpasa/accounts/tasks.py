"""Background jobs of the accounts app (Procrastinate)."""

from __future__ import annotations

import datetime as dt

from procrastinate.contrib.django import app

from .services import token_purge_expired


@app.periodic(cron="17 3 * * *")  # daily, at a quiet hour
@app.task(name="accounts.purge_expired_tokens", queue="maintenance")
def purge_expired_tokens(timestamp: int) -> int:
    """Delete API tokens expired or revoked for more than 30 days (daily)."""
    return token_purge_expired(now=dt.datetime.fromtimestamp(timestamp, tz=dt.UTC))
