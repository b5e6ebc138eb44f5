"""netmgr: networks and meeting places of LUP (Leverandørutviklingsprogrammet)."""

from importlib.metadata import PackageNotFoundError, version

from .app import create_app

try:
    __version__ = version("netmgr")
except PackageNotFoundError:  # a checkout on PYTHONPATH without an install
    __version__ = "0+unknown"

__all__ = ["__version__", "create_app"]
