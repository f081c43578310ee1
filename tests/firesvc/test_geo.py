"""Point in polygon and distances in plain Python (firesvc.geo), without a database."""

from __future__ import annotations

from firesvc.geo import boundary_problem, contains, distance_metres, square

# An L-shaped grid: the notch (upper right) is outside.
L_SHAPE = {"type": "Polygon", "coordinates": [[[120.0, 41.0], [120.2, 41.0], [120.2, 41.1], [120.1, 41.1],
                                                [120.1, 41.2], [120.0, 41.2], [120.0, 41.0]]]}


def test_contains_a_point_inside_an_l_shaped_polygon() -> None:
    assert contains(L_SHAPE, latitude=41.05, longitude=120.15)


def test_contains_refuses_a_point_in_the_notch_of_the_l() -> None:
    assert not contains(L_SHAPE, latitude=41.15, longitude=120.15)


def test_contains_refuses_a_point_in_a_hole() -> None:
    outer = square(latitude=41.5, longitude=120.5, half_side_metres=1000)["coordinates"][0]
    hole = square(latitude=41.5, longitude=120.5, half_side_metres=100)["coordinates"][0]
    ring = {"type": "Polygon", "coordinates": [outer, hole]}
    assert not contains(ring, latitude=41.5, longitude=120.5)
    assert contains(ring, latitude=41.5 + 0.005, longitude=120.5)


def test_contains_reads_a_multipolygon() -> None:
    shape = {"type": "MultiPolygon", "coordinates": [square(latitude=41.0, longitude=120.0, half_side_metres=50)
                                                     ["coordinates"], L_SHAPE["coordinates"]]}
    assert contains(shape, latitude=41.05, longitude=120.15)
    assert not contains(shape, latitude=41.15, longitude=120.15)


def test_a_malformed_boundary_contains_nothing_and_says_why() -> None:
    broken = {"type": "Polygon", "coordinates": [[[120.0, 41.0], [120.2, 41.0], [120.0, 41.0]]]}
    assert boundary_problem(broken)
    assert not contains(broken, latitude=41.0, longitude=120.1)
    assert boundary_problem({"type": "Point", "coordinates": [120.0, 41.0]})
    assert boundary_problem(L_SHAPE) is None


def test_distance_of_a_thousandth_of_a_degree_of_latitude_is_about_111_metres() -> None:
    assert 110 < distance_metres(41.0, 120.0, 41.001, 120.0) < 112
