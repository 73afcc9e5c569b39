"""Writes of the reports app, one module per area: intake, workflow, messages, referrals."""
