"""Outgoing mail: a durable outbox, message building, delivery (SMTP or files)."""
