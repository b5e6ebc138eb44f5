"""The Designsystemet files committed in netmgr/static/vendor are exactly the npm packages at
the versions package.json names (refresh: npm install && python -m netmgr.web.assets)."""

from __future__ import annotations

import json

from netmgr.web.assets import ROOT, VENDOR, VENDORED


def package_of(source: str) -> str:
    parts = source.split("/")
    return "/".join(parts[:2]) if source.startswith("@") else parts[0]


def test_vendored_files_match_the_versions_in_package_json():
    wanted = json.loads((ROOT / "package.json").read_text())["dependencies"]
    node_modules = ROOT / "node_modules"
    assert node_modules.exists(), "run `npm install` (make setup) to compare with npm"
    for source, name in VENDORED:
        package = package_of(source)
        installed = json.loads((node_modules / package / "package.json").read_text())["version"]
        assert installed == wanted[package], (
            f"npm install: {package} {installed} != {wanted[package]}"
        )
        assert (VENDOR / name).read_bytes() == (node_modules / source).read_bytes(), (
            f"{name} differs from {package}@{installed}: run python -m netmgr.web.assets"
        )


def test_every_vendored_stylesheet_comes_with_its_licence():
    names = {name for _, name in VENDORED}
    for name in names:
        if name.endswith(".css"):
            licence = name.removesuffix(".css") + ".LICENSE"
            licence = licence if licence in names else name.replace(".css", "-css.LICENSE")
            assert licence in names, name
            assert (
                "MIT" in (VENDOR / licence).read_text()
                or "Permission" in (VENDOR / licence).read_text()
            )
