"""Background jobs of the reports app (Procrastinate): take ids, stay idempotent, call services."""

from __future__ import annotations

from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from .outbound import OutboundFailed, outbound_send


@app.task(
    name="reports.send_outbound",
    queue="outbound",
    # A failed delivery is retried a few times, waiting from half a minute to about five minutes.
    retry=RetryStrategy(max_attempts=5, wait=30, exponential_wait=4, retry_exceptions=[OutboundFailed]),
)
def send_outbound(message_id: int) -> None:
    """Deliver one queued outbound message through the configured adapter (never twice)."""
    outbound_send(message_id=message_id)


from . import referral_tasks  # noqa: E402, F401 - registers reports.send_referral_link
