"""Municipality boundaries as SVG path strings, computed once per process.

Projection: equirectangular with the longitude scaled by cos(65°) (the middle of Norway), in a
viewBox 1000 units wide. Rings are simplified with Ramer–Douglas–Peucker (tolerance in view
units) and written as integer relative path commands, which keeps the whole map small.
"""

from __future__ import annotations

import json
import math
import os
from functools import lru_cache

GEOJSON = os.path.join(
    os.path.dirname(os.path.dirname(__file__)), "data", "municipalities-2024.geojson"
)
WIDTH = 1000
TOLERANCE = 0.9  #: view units; below about one pixel at full width
LAT0 = 65.0
ATTRIBUTION = (
    "Kommunegrenser: © Kartverket, CC BY 4.0. Forenklet (simplified) via "
    "github.com/robhop/fylker-og-kommuner."
)


def _rdp(points: list[tuple[float, float]], eps: float) -> list[tuple[float, float]]:
    """Ramer–Douglas–Peucker, iterative (no recursion limit)."""
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy)
        best, index = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            d = (
                abs(dy * px - dx * py + x2 * y1 - y2 * x1) / norm
                if norm
                else math.hypot(px - x1, py - y1)
            )
            if d > best:
                best, index = d, i
        if best > eps:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep) if k]


@lru_cache(maxsize=1)
def shapes() -> tuple[dict[str, str], dict[str, str], tuple[int, int]]:
    """(number -> path data, number -> name, (width, height)) for all 357 municipalities.

    Computed once per process; also kept in a cache file next to the instance data (keyed by
    the GeoJSON's size and mtime) so a new worker starts in milliseconds."""
    stat = os.stat(GEOJSON)
    key = f"{stat.st_size}-{int(stat.st_mtime)}-{TOLERANCE}-{WIDTH}"
    cache = None
    try:
        from flask import current_app

        cache = os.path.join(current_app.instance_path, "map-paths.json")
    except RuntimeError:  # outside an app context
        pass
    if cache and os.path.exists(cache):
        try:
            with open(cache, encoding="utf-8") as fh:
                stored = json.load(fh)
            if stored.get("key") == key:
                return stored["paths"], stored["names"], tuple(stored["size"])
        except (OSError, ValueError):
            pass
    result = _compute()
    if cache:
        try:
            tmp = f"{cache}.{os.getpid()}.tmp"
            with open(tmp, "w", encoding="utf-8") as fh:
                json.dump(
                    {"key": key, "paths": result[0], "names": result[1], "size": result[2]},
                    fh,
                    ensure_ascii=False,
                )
            os.replace(tmp, cache)
        except OSError:
            pass
    return result


def _compute() -> tuple[dict[str, str], dict[str, str], tuple[int, int]]:
    with open(GEOJSON, encoding="utf-8") as fh:
        data = json.load(fh)
    kx = math.cos(math.radians(LAT0))
    lon_min, lon_max, lat_min, lat_max = 180.0, -180.0, 90.0, -90.0
    for feature in data["features"]:
        for lon, lat in _coords(feature["geometry"]):
            lon_min, lon_max = min(lon_min, lon), max(lon_max, lon)
            lat_min, lat_max = min(lat_min, lat), max(lat_max, lat)
    scale = (WIDTH - 10) / ((lon_max - lon_min) * kx)
    height = math.ceil((lat_max - lat_min) * scale) + 10

    def project(lon, lat):
        return (5 + (lon - lon_min) * kx * scale, 5 + (lat_max - lat) * scale)

    paths, names = {}, {}
    for feature in data["features"]:
        number = feature["properties"]["number"]
        names[number] = feature["properties"]["name"]
        geom = feature["geometry"]
        polygons = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        parts = []
        for polygon in polygons:
            for ring in polygon:
                # snap to a 0.5-unit grid first (drops most points cheaply), then simplify
                snapped = []
                for lon, lat in ring:
                    x, y = project(lon, lat)
                    q = (round(x * 2) / 2, round(y * 2) / 2)
                    if not snapped or snapped[-1] != q:
                        snapped.append(q)
                ints = []
                for x, y in _rdp(snapped, TOLERANCE):
                    q = (round(x), round(y))
                    if not ints or ints[-1] != q:
                        ints.append(q)
                if len(ints) < 3:
                    continue
                cmd = [f"M{ints[0][0]} {ints[0][1]}l"]
                px, py = ints[0]
                steps = []
                for x, y in ints[1:]:
                    steps.append(f"{x - px} {y - py}")
                    px, py = x, y
                cmd.append(" ".join(steps).replace(" -", "-"))
                cmd.append("z")
                parts.append("".join(cmd))
        if not parts:  # a tiny island municipality: keep a visible dot
            lon, lat = next(iter(_coords(geom)))
            x, y = project(lon, lat)
            parts.append(f"M{round(x)} {round(y)}h2v2h-2z")
        paths[number] = "".join(parts)
    return paths, names, (WIDTH, height)


def _coords(geom):
    polygons = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
    for polygon in polygons:
        for ring in polygon:
            yield from ring
