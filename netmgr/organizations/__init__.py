"""Organisations (municipalities, counties, agencies, suppliers) and their contacts."""
