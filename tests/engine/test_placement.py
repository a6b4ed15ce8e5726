"""Placement: new blocks go to free space, never onto another block."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from engine import placement
from engine.placement import CLEARANCE, DOWN, RIGHT, STEP, Occupancy

coords = st.floats(-2000, 2000, allow_nan=False).map(lambda v: round(v, 1))
points = st.tuples(coords, coords)


def overlapping(a, b) -> bool:
    return abs(a[0] - b[0]) < CLEARANCE[0] - 1e-6 and abs(a[1] - b[1]) < CLEARANCE[1] - 1e-6


def test_a_free_spot_is_kept():
    assert placement.free_spot([(0, 0)], (0, 500)) == (0, 500)
    assert placement.free_spot([(0, 0)], (-216, 58)) == (-216, 58)  # beside, not on it


def test_a_taken_spot_moves_to_the_nearest_free_one():
    spot = placement.free_spot([(0, 0), (0, 110), (0, 220)], (5, 100))
    assert not any(overlapping(spot, p) for p in [(0, 0), (0, 110), (0, 220)])
    assert abs(spot[1] - 100) < 1  # beside the chain, at the height asked for
    assert abs(spot[0] - 5) == STEP[0]


@given(st.lists(points, max_size=40), points)
def test_free_spot_never_overlaps(occupied, want):
    spot = placement.free_spot(occupied, want)
    assert not any(overlapping(spot, p) for p in occupied)


@given(st.lists(points, max_size=30), st.lists(points, min_size=1, max_size=6), points)
def test_a_group_lands_on_free_space(occupied, group, want):
    dx, dy = placement.free_offset(occupied, group, want)
    moved = [(x + dx, y + dy) for x, y in group]
    assert not any(overlapping(m, p) for m in moved for p in occupied)


def test_a_group_keeps_its_wanted_shift_when_free():
    assert placement.free_offset([(0, 0)], [(0, 0), (0, 110)], (0, 400)) == (0, 400)


def test_flow_follows_the_edges():
    down = {"a": (0, 0), "b": (0, 110)}
    right = {"a": (0, 0), "b": (220, 10)}
    assert placement.flow_of(down, [("a", "b")]) == DOWN
    assert placement.flow_of(right, [("a", "b")]) == RIGHT
    assert placement.flow_of({}, []) == DOWN
    assert placement.after((10, 20), RIGHT) == (10 + STEP[0], 20)


def test_make_room_pushes_what_follows_one_step():
    positions = {"a": (0, 0), "b": (0, 110), "c": (0, 220), "side": (400, 110)}
    moves = placement.make_room(positions, {"b", "c"}, (0, 110))
    assert moves == {"b": (0, 220), "c": (0, 330)}
    assert placement.make_room(positions, {"b", "c"}, (0, 600)) == {}


def test_make_room_refuses_to_push_onto_a_block_that_stays():
    positions = {"a": (0, 0), "b": (0, 110), "blocker": (0, 220)}
    assert placement.make_room(positions, {"b"}, (0, 110)) is None


@given(st.dictionaries(st.text("abcdef", min_size=1, max_size=3), st.none() | points, max_size=25))
def test_spread_leaves_no_block_on_another(positions):
    moved = placement.spread(positions)
    final = [moved.get(i, p) for i, p in positions.items()]
    assert all(p is not None for p in final)
    for i, a in enumerate(final):
        assert not any(overlapping(a, b) for b in final[i + 1 :])
    assert all(moved.get(i, p) == p for i, p in positions.items() if i not in moved)


def test_occupancy_grows():
    occupancy = Occupancy([(0, 0)])
    assert not occupancy.is_free((10, 10))
    occupancy.add((500, 500))
    assert not occupancy.is_free((510, 510)) and occupancy.is_free((0, 300))
    assert occupancy.bounds() == (0, 0, 500, 500)
