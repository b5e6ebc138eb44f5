"""Shared building blocks: column types, time helpers, audit log."""
