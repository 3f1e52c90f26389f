"""The graph measures written for the network page (networkx is not a dependency)."""

from __future__ import annotations

import pytest

from ambassade.network.graph import adjacency, betweenness, components, degrees


def test_the_middle_of_a_path_lies_on_every_shortest_path() -> None:
    neighbours = adjacency("abc", [("a", "b"), ("b", "c")])
    assert betweenness(neighbours) == {"a": 0.0, "b": 1.0, "c": 0.0}
    assert degrees(neighbours) == {"a": 1, "b": 2, "c": 1}


def test_the_centre_of_a_star_is_the_only_bridge() -> None:
    neighbours = adjacency("cwxyz", [("c", leaf) for leaf in "wxyz"])
    result = betweenness(neighbours)
    assert result["c"] == 1.0
    assert all(result[leaf] == 0.0 for leaf in "wxyz")


def test_two_equal_routes_share_the_credit() -> None:
    # a - b - d and a - c - d: the pair (a, d) has two shortest paths, one through b, one through c.
    neighbours = adjacency("abcd", [("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")])
    result = betweenness(neighbours, normalised=False)
    assert result == {"a": 0.5, "b": 0.5, "c": 0.5, "d": 0.5}
    assert betweenness(neighbours)["b"] == pytest.approx(0.5 / 3)


def test_the_bridge_between_two_triangles_scores_highest() -> None:
    edges = [("a", "b"), ("b", "c"), ("a", "c"), ("c", "d"), ("d", "e"), ("e", "f"), ("d", "f")]
    result = betweenness(adjacency("abcdef", edges), normalised=False)
    # c and d each separate 3 × 3 - (pairs inside) ... : c lies on the paths from a and b to d, e, f.
    assert result["c"] == result["d"] == 6.0
    assert result["a"] == result["e"] == 0.0


def test_self_loops_are_ignored_and_components_are_found() -> None:
    neighbours = adjacency("abcd", [("a", "a"), ("a", "b"), ("c", "d")])
    assert degrees(neighbours)["a"] == 1
    assert sorted(sorted(str(node) for node in part) for part in components(neighbours)) == [
        ["a", "b"],
        ["c", "d"],
    ]
