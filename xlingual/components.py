"""Connected components of linked items (union-find): sentence groups and name clusters."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

Payload = TypeVar("Payload")


def connected_components(
    links: Iterable[tuple[int, int, Payload]],
) -> list[tuple[list[int], list[Payload]]]:
    """Each component of the linked nodes: its nodes (sorted) and its links' payloads (in link
    order). Only nodes that appear in a link are returned; components are ordered by first node."""
    parent: dict[int, int] = {}

    def find(node: int) -> int:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    links = list(links)
    for i, j, _ in links:
        parent[find(i)] = find(j)
    payloads: dict[int, list[Payload]] = {}
    for i, _, payload in links:
        payloads.setdefault(find(i), []).append(payload)
    nodes: dict[int, list[int]] = {}
    for node in sorted(parent):
        nodes.setdefault(find(node), []).append(node)
    components = [(members, payloads[root]) for root, members in nodes.items()]
    return sorted(components, key=lambda component: component[0])
