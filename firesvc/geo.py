"""Places on the map without a GIS: point in polygon (ray casting) and distances on the sphere.

Boundaries are GeoJSON geometries (RFC 7946) in WGS 84, positions ``[longitude, latitude]``; a Polygon's
first ring is its outline and the others are holes. Pure functions, tested without a database.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

EARTH_RADIUS_METRES = 6_371_000.0

Ring = Sequence[Sequence[float]]


def _in_ring(lng: float, lat: float, ring: Ring) -> bool:
    """Ray casting: a ray from the point towards +longitude crosses the ring's edges an odd number of times
    when the point lies inside. A point exactly on an edge may fall either way."""
    inside = False
    count = len(ring)
    j = count - 1
    for i in range(count):
        xi, yi = float(ring[i][0]), float(ring[i][1])
        xj, yj = float(ring[j][0]), float(ring[j][1])
        if (yi > lat) != (yj > lat):
            crossing = xi + (lat - yi) * (xj - xi) / (yj - yi)
            if lng < crossing:
                inside = not inside
        j = i
    return inside


def _polygons(geometry: Any) -> list[list[Ring]]:
    """The polygons (lists of rings) of a GeoJSON Polygon, MultiPolygon or a Feature holding one."""
    if not isinstance(geometry, dict):
        return []
    if geometry.get("type") == "Feature":
        return _polygons(geometry.get("geometry"))
    coordinates = geometry.get("coordinates")
    if geometry.get("type") == "Polygon":
        return [coordinates]
    if geometry.get("type") == "MultiPolygon":
        return list(coordinates)
    return []


def contains(geometry: Any, *, latitude: float, longitude: float) -> bool:
    """Whether the point lies inside the geometry's outline and outside its holes. A malformed geometry
    contains nothing (``boundary_problem`` refuses it where boundaries are entered)."""
    if boundary_problem(geometry):
        return False
    for rings in _polygons(geometry):
        if _in_ring(longitude, latitude, rings[0]) and not any(
                _in_ring(longitude, latitude, hole) for hole in rings[1:]):
            return True
    return False


def _is_position(value: Any) -> bool:
    return (isinstance(value, (list, tuple)) and len(value) >= 2
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in value[:2])
            and -180 <= value[0] <= 180 and -90 <= value[1] <= 90)


def boundary_problem(geometry: Any) -> str | None:
    """Why ``geometry`` is not a usable boundary (a GeoJSON Polygon or MultiPolygon), or ``None``."""
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon", "Feature"):
        return _("A boundary is a GeoJSON Polygon or MultiPolygon.")
    if geometry.get("type") == "Feature":
        return boundary_problem(geometry.get("geometry"))
    coordinates = geometry.get("coordinates")
    polygons = [coordinates] if geometry["type"] == "Polygon" else coordinates
    if not isinstance(polygons, list) or not polygons:
        return _("A boundary is a GeoJSON Polygon or MultiPolygon.")
    for rings in polygons:
        if not isinstance(rings, list) or not rings:
            return _("A boundary is a GeoJSON Polygon or MultiPolygon.")
        for ring in rings:
            if not isinstance(ring, list) or len(ring) < 4 or not all(_is_position(p) for p in ring):
                return _("Each ring of a boundary needs at least four [longitude, latitude] positions, "
                         "the last equal to the first.")
            if list(ring[0][:2]) != list(ring[-1][:2]):
                return _("Each ring of a boundary needs at least four [longitude, latitude] positions, "
                         "the last equal to the first.")
    return None


def distance_metres(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lng2 - lng1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_METRES * math.asin(math.sqrt(a))


def square(*, latitude: float, longitude: float, half_side_metres: float) -> dict[str, Any]:
    """A square Polygon centred on the point (for demo data and tests)."""
    dlat = half_side_metres / 111_320.0
    dlng = half_side_metres / (111_320.0 * math.cos(math.radians(latitude)))
    corners = [(-1, -1), (1, -1), (1, 1), (-1, 1)]
    ring = [[round(longitude + sx * dlng, 6), round(latitude + sy * dlat, 6)] for sx, sy in corners]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}
