"""Two arrays of rows read as one give the rows a joined array would, without joining them."""

import numpy as np
import pytest

from playground.core.training.rows import StackedRows, decode, encode, gather, row_parts
from playground.core.training.split import content_keys


def _parts():
    rng = np.random.default_rng(0)
    return rng.random((7, 5), np.float32), rng.random((3, 5), np.float32)


def test_gathers_match_the_joined_array():
    head, tail = _parts()
    rows, joined = StackedRows(head, tail), np.concatenate(_parts())
    assert rows.shape == joined.shape and len(rows) == 10
    for index in ([0, 9, 3, 7, 7], [1, 2], [], [-1, -10]):
        assert np.array_equal(rows.take(index, axis=0), joined.take(index, axis=0))
        assert np.array_equal(rows[np.array(index, int)], joined[np.array(index, int)])
    for key in (slice(2, 5), slice(5, 9), slice(None), slice(8, None)):
        assert np.array_equal(rows[key], joined[key])
    assert np.array_equal(rows[joined[:, 0] > 0.5], joined[joined[:, 0] > 0.5])
    assert np.array_equal(rows[8], joined[8]) and np.array_equal(rows[-1], joined[-1])
    assert np.array_equal(np.asarray(rows), joined)
    assert np.array_equal(np.stack(list(rows)), joined)
    assert np.array_equal(content_keys(rows, 3), content_keys(joined, 3))
    with pytest.raises(IndexError):
        rows.take([10])
    with pytest.raises(IndexError):
        rows[10]


def test_parts_are_shared_read_only_views():
    head, tail = _parts()
    rows = StackedRows(head, tail)
    assert all(np.shares_memory(a, b) for a, b in zip(row_parts(rows), (head, tail), strict=True))
    assert not rows.flags.writeable and head.flags.writeable  # the caller's arrays are untouched
    assert np.shares_memory(rows[1:4], head)  # a slice inside the head is a view


def test_keys_of_some_rows_and_kept_keys_match_keys_made_afresh():
    head, tail = _parts()
    rows, joined = StackedRows(head, tail), np.concatenate(_parts())
    for start in (0, 4, 7, 9, 10):
        assert np.array_equal(content_keys(rows, 3, start), content_keys(joined[start:], 3))
    head.flags.writeable = False  # a read-only head's keys are kept for the next set made of it
    assert np.array_equal(content_keys(StackedRows(head, tail[:1]), 3), content_keys(joined[:8], 3))
    assert np.array_equal(content_keys(rows, 3), content_keys(joined, 3))  # head's keys kept
    assert np.array_equal(content_keys(joined, 3), content_keys(joined, 3))  # parts differ


@pytest.mark.parametrize(("code", "error"), [(np.uint16, 1 / 131070), (np.uint8, 1 / 510)])
def test_a_head_of_codes_reads_as_floats_everywhere(code, error):
    head, tail = _parts()
    codes = np.empty(head.shape, code)  # 16 bits as the pool keeps them, bytes as drawn
    encode(head.copy(), codes)
    rows, joined = StackedRows(codes, tail), np.concatenate([decode(codes), tail])
    assert np.abs(joined[:7] - head).max() <= error + 1e-7 and rows.dtype == np.float32
    for index in ([0, 9, 3, 7, 7], [1, 2], [-1, -10]):
        assert np.array_equal(rows.take(index), joined[index])
    assert np.array_equal(gather(codes, np.array([0, 6, 3])), joined[[0, 6, 3]])
    assert np.array_equal(rows[2:5], joined[2:5]) and np.array_equal(rows[3], joined[3])
    assert np.array_equal(np.asarray(rows), joined)
    assert np.array_equal(np.stack(list(rows)), joined)
    assert np.array_equal(np.asarray(StackedRows(codes)), joined[:7])  # no tail
