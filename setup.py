"""Build hook: the wheel carries what a checkout keeps outside the package.

setup.cfg holds the metadata. ``build_py`` additionally copies the top-level ``templates/``
and ``migrations/`` into the built package (``netmgr/templates``, ``netmgr/migrations``;
``netmgr.app.resource_dir`` finds them there when installed) and compiles the ``.po``
catalogs to ``.mo`` with Babel. The Designsystemet CSS is vendored in git
(``netmgr/static/vendor``, refreshed from npm by ``python -m netmgr.web.assets``).
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc")


def compile_catalogs(translations: Path) -> list[Path]:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po_path in sorted(translations.glob("*/LC_MESSAGES/messages.po")):
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file)
        mo_path = po_path.with_suffix(".mo")
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        written.append(mo_path)
    return written


class BuildWithResources(build_py):
    def run(self):
        super().run()
        package = Path(self.build_lib) / "netmgr"
        if not getattr(self, "editable_mode", False):  # an editable install uses the checkout
            for name in ("templates", "migrations"):
                shutil.copytree(HERE / name, package / name, ignore=IGNORE, dirs_exist_ok=True)
        compile_catalogs(package / "translations")


setup(cmdclass={"build_py": BuildWithResources})
