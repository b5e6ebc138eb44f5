"""Deterministic demo data (``netmgr demo``)."""
