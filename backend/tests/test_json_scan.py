"""limits.JsonScan: counts list items as the body streams in, whatever the chunk boundaries."""
import json

import pytest

from feedback_backend.limits import JsonScan, TooMany


def scan(doc: bytes, max_items, chunk):
    s = JsonScan(max_items)
    for i in range(0, len(doc), chunk):
        s.feed(doc[i:i + chunk])


TRICKY = [{"input": 'a, [b], {c}, \\"d\\" \\\\', "metadata": {"tags": [1, 2, 3, 4, 5, 6]}, "x": "é,ü"}] * 5


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64, 100_000])
def test_counts_top_level_items_across_chunk_boundaries(chunk):
    doc = json.dumps(TRICKY, ensure_ascii=False).encode()
    scan(doc, 5, chunk)  # 5 items: allowed; commas and brackets inside strings and deeper lists ignored
    with pytest.raises(TooMany):
        scan(doc, 4, chunk)
    batch = json.dumps({"items": TRICKY, "other": 1}).encode()
    scan(batch, 5, chunk)
    with pytest.raises(TooMany):
        scan(batch, 4, chunk)


def test_deeper_lists_and_object_members_are_not_items():
    scan(json.dumps({"a": 1, "b": 2, "c": 3, "d": {"e": [[1, 2, 3, 4]]}}).encode(), 2, 5)
    scan(json.dumps({"metadata": {"k": list(range(50))}}).encode(), 10, 3)


def test_nesting_limit():
    with pytest.raises(TooMany) as e:
        scan(b"[" * 65, 10, 8)
    assert e.value.what == "nesting depth"
    scan(b"[" * 64 + b"]" * 64, 10, 8)
