"""The claims explorer's blocks of keys (server/analyst/claim_order.py): every row in one
block, blocks in order and of at least BLOCK rows but the last, so that the pages read
off them show each claim once."""

from __future__ import annotations

from itertools import pairwise

from server.analyst.claim_order import BLOCK, blocks


def test_blocks_cover_every_row_once_in_order() -> None:
    sizes = [1, 3, BLOCK - 2, 7, BLOCK * 3, 2, 2, BLOCK // 2, 1]
    counts = [(rank, f"k{rank}", n) for rank, n in enumerate(sizes)]
    cut = blocks(counts)
    assert cut[0][0] == 0 and cut[-1][1] == sum(sizes)
    assert all(a[1] == b[0] for a, b in pairwise(cut))  # contiguous
    assert [k for _, _, keys in cut for k in keys] == [(r, k) for r, k, _ in counts]
    assert all(stop - start >= BLOCK for start, stop, _ in cut[:-1])
    assert len(cut) == 3 and cut[1][2] == [(3, "k3"), (4, "k4")]  # a big key: a big block


def test_no_keys_no_blocks() -> None:
    assert blocks([]) == []
