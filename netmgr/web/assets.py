"""Copy the front-end files the pages need from node_modules into netmgr/static/vendor.

Run by ``make assets`` after ``npm install``: ``python -m netmgr.web.assets``. The app then
serves them as its own static files; nothing is loaded from a CDN. The Designsystemet files
and their licences are committed (so a wheel built from a clean clone carries them); after
changing a version in package.json, run ``npm install`` and this script, and commit the result.
tests/web/test_vendored_assets.py checks that they match the versions package.json names.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "netmgr" / "static" / "vendor"

#: (source under node_modules, target name under static/vendor); committed to git
VENDORED = (
    ("@digdir/designsystemet-css/dist/src/index.css", "designsystemet.css"),
    ("@digdir/designsystemet-css/LICENSE", "designsystemet-css.LICENSE"),
    ("@digdir/designsystemet-theme/brand/digdir.css", "designsystemet-theme.css"),
    ("@digdir/designsystemet-theme/LICENSE", "designsystemet-theme.LICENSE"),
)
#: Copied for the browser tests only; not committed and not in the wheel
TEST_ONLY = (("axe-core/axe.min.js", "axe.min.js"),)
FILES = VENDORED + TEST_ONLY


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
        print(f"copied {path.relative_to(ROOT)}")  # noqa: T201 - a console script
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
