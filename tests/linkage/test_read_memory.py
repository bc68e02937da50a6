"""The in-memory stores of what was read: bounded by count and by the text their keys hold,
and emptied by forgetting."""

from __future__ import annotations

from linkage.read_memory import Kept, forget_read_text, kept_keys


def test_a_store_keeps_answers_and_works_each_out_once():
    store: Kept[int] = Kept(limit=10)
    calls: list[str] = []

    def work(text: str) -> int:
        calls.append(text)
        return len(text)

    assert store.get(("a", "bio one"), lambda: work("bio one")) == 7
    assert store.get(("a", "bio one"), lambda: work("bio one")) == 7
    assert calls == ["bio one"]


def test_a_store_holds_no_more_text_than_its_bound():
    """Bounded only by the number of answers, a store of 20,000 bios of a megabyte each would
    keep gigabytes alive: the text its keys hold is bounded too."""
    store: Kept[int] = Kept(limit=1_000, max_chars=100)
    for i in range(3):
        store.get(("p", f"{i}" * 40), lambda: 1)
    held = list(store)
    assert len(held) == 1 and held[0] == ("p", "2" * 40)  # the first two were let go
    store.get("x" * 500, lambda: 2)  # one key larger than the bound is still answered
    assert list(store) == ["x" * 500]


def test_a_store_holds_no_more_answers_than_its_bound():
    store: Kept[int] = Kept(limit=3)
    for i in range(5):
        store.get(i, lambda: 0)
    assert len(list(store)) <= 4


def test_forgetting_empties_every_store():
    store: Kept[str] = Kept(limit=10)
    store.get(("github:fernlight", "Birds and tides"), lambda: "read")
    assert ("github:fernlight", "Birds and tides") in kept_keys()
    forget_read_text()
    assert list(store) == [] and ("github:fernlight", "Birds and tides") not in kept_keys()
    store.get(("github:fernlight", "Birds"), lambda: "read")
    assert list(store) == [("github:fernlight", "Birds")]
