"""REST API under /api/v1 (flask-smorest); resources live in their feature packages."""
