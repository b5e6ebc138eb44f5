"""Copy the front-end files the pages need from node_modules into netmgr/static/vendor.

Run by ``make assets`` after ``npm install``: ``python -m netmgr.web.assets``. The app then
serves them as its own static files; nothing is loaded from a CDN.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "netmgr" / "static" / "vendor"

#: (source under node_modules, target name under static/vendor)
FILES = (
    ("@digdir/designsystemet-css/dist/src/index.css", "designsystemet.css"),
    ("@digdir/designsystemet-theme/brand/digdir.css", "designsystemet-theme.css"),
    ("axe-core/axe.min.js", "axe.min.js"),  # browser tests only
)


def copy_assets(node_modules: Path = ROOT / "node_modules", target: Path = VENDOR) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for source, name in FILES:
        src = node_modules / source
        if not src.exists():
            raise SystemExit(f"missing {src}: run `npm install` in {ROOT}")
        shutil.copyfile(src, target / name)
        written.append(target / name)
    return written


def main(argv=None) -> int:
    for path in copy_assets():
        print(f"copied {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
