"""The few graph measures the network page needs (networkx is not a dependency).

The graph shown has a few hundred nodes at most (named ambassadors plus one node per department group),
so exact betweenness by Brandes' algorithm (O(V·E) on an unweighted graph) takes milliseconds; on the
person-level graph (thousands of nodes) it would not, which is one more reason to measure after the
privacy merge: the "most connecting" people are then ranked among what may be shown anyway.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable, Iterable

Node = Hashable


def adjacency(nodes: Iterable[Node], edges: Iterable[tuple[Node, Node]]) -> dict[Node, set[Node]]:
    """Undirected neighbours, self-loops dropped."""
    neighbours: dict[Node, set[Node]] = {node: set() for node in nodes}
    for source, target in edges:
        if source == target:
            continue
        neighbours.setdefault(source, set()).add(target)
        neighbours.setdefault(target, set()).add(source)
    return neighbours


def degrees(neighbours: dict[Node, set[Node]]) -> dict[Node, int]:
    return {node: len(adjacent) for node, adjacent in neighbours.items()}


def betweenness(neighbours: dict[Node, set[Node]], *, normalised: bool = True) -> dict[Node, float]:
    """Brandes (2001) for unweighted undirected graphs: the share of shortest paths between other nodes
    that go through each node (0 to 1 when normalised)."""
    centrality: dict[Node, float] = dict.fromkeys(neighbours, 0.0)
    for source in neighbours:
        stack: list[Node] = []
        predecessors: dict[Node, list[Node]] = {node: [] for node in neighbours}
        paths: dict[Node, int] = dict.fromkeys(neighbours, 0)
        paths[source] = 1
        distance: dict[Node, int] = {source: 0}
        queue = deque([source])
        while queue:
            node = queue.popleft()
            stack.append(node)
            for adjacent in neighbours[node]:
                if adjacent not in distance:
                    distance[adjacent] = distance[node] + 1
                    queue.append(adjacent)
                if distance[adjacent] == distance[node] + 1:
                    paths[adjacent] += paths[node]
                    predecessors[adjacent].append(node)
        dependency: dict[Node, float] = dict.fromkeys(neighbours, 0.0)
        while stack:
            node = stack.pop()
            for predecessor in predecessors[node]:
                dependency[predecessor] += paths[predecessor] / paths[node] * (1 + dependency[node])
            if node != source:
                centrality[node] += dependency[node]
    count = len(neighbours)
    # Each pair was counted from both ends (undirected).
    scale = 1 / ((count - 1) * (count - 2)) if normalised and count > 2 else 0.5
    return {node: value * scale for node, value in centrality.items()}


def components(neighbours: dict[Node, set[Node]]) -> list[set[Node]]:
    seen: set[Node] = set()
    found: list[set[Node]] = []
    for start in neighbours:
        if start in seen:
            continue
        part = {start}
        queue = deque([start])
        while queue:
            for adjacent in neighbours[queue.popleft()]:
                if adjacent not in part:
                    part.add(adjacent)
                    queue.append(adjacent)
        seen |= part
        found.append(part)
    return found
