"""netmgr: networks and meeting places of LUP (Leverandørutviklingsprogrammet)."""

from .app import create_app

__all__ = ["create_app"]
