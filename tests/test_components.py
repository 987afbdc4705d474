"""xlingual.components: union-find over links."""

from xlingual.components import connected_components


def test_components_keep_their_payloads_in_link_order():
    links = [(5, 1, "a"), (7, 8, "b"), (1, 2, "c"), (2, 5, "d")]
    assert connected_components(links) == [([1, 2, 5], ["a", "c", "d"]), ([7, 8], ["b"])]


def test_no_links_no_components():
    assert connected_components([]) == []
