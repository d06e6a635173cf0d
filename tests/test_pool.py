"""The training set follows the settings: digits in play, the mix of sources, twins, weights."""

import numpy as np

from playground.core.data.preprocess import prepare
from playground.core.settings import Settings
from playground.core.training.pool import SamplePool
from playground.core.training.rows import gather, row_parts


def _images(labels, seed):
    rng = np.random.default_rng(seed)
    images = np.zeros((len(labels), 28, 28), np.uint8)
    images[:, 8:20, 10:18] = rng.integers(100, 255, (len(labels), 12, 8))
    return images


def _pool():
    labels = np.repeat(np.arange(10), 4)
    return SamplePool(_images(labels, 0), labels, _images(labels, 1))


def test_only_the_digits_in_play_are_prepared_and_twins_line_up_with_them():
    data = _pool().build(Settings(digits=(1, 2, 3)), _images([1], 2), np.array([1]))
    assert sorted(set(data.labels.tolist())) == [1, 2, 3]
    assert len(data.x) == 12 + 1  # four starter digits each, then the user's one
    assert data.twins.shape == (12, 784)
    assert not data.x.flags.writeable


def test_mix_picks_sources_and_marks_the_users_digits_with_their_strokes():
    pool = _pool()
    user, user_labels = _images([2, 2, 7], 3), np.array([2, 2, 7])  # the 7 is not in play
    strokes = [None, (np.array([[1.0, 2.0], [3.0, 4.0]], np.float32),), None]
    both = pool.build(Settings(digits=(1, 2)), user, user_labels, strokes)
    assert both.own.start == 8 and len(both.own.images) == 2
    assert both.own.strokes[0] is None and both.own.strokes[1] is strokes[1]
    assert np.array_equal(both.own.images, user[:2])
    yours = pool.build(Settings(digits=(1, 2), mix="yours"), user, user_labels)
    assert yours.labels.tolist() == [2, 2] and yours.own.start == 0 and yours.twins is None
    starter = pool.build(Settings(digits=(1, 2), mix="starter", twins=False), user, user_labels)
    assert len(starter.labels) == 8 and starter.own is None and starter.twins is None


def test_preparations_are_reused_not_repeated():
    pool = _pool()
    empty = np.zeros((0, 28, 28), np.uint8), np.zeros(0, np.int64)
    first = pool.build(Settings(), *empty)
    again = pool.build(Settings(), *empty)
    assert np.shares_memory(row_parts(first.x)[0], row_parts(again.x)[0])


def test_starter_rows_are_kept_as_codes_and_read_as_the_prepared_floats():
    labels = np.repeat(np.arange(10), 4)
    images, twin_images = _images(labels, 0), _images(labels, 1)
    s = Settings(digits=(1, 2))
    data = SamplePool(images, labels, twin_images).build(s, _images([1], 2), np.array([1]))
    starter = np.flatnonzero(np.isin(labels, (1, 2)))
    assert data.source.dtype == np.uint16 and data.source.nbytes == 2 * 2 * 8 * 784
    for rows, prepared in (
        (data.x[:8], prepare(images[starter], s.normalize, s.deskew)),
        (data.twins[np.arange(8)], prepare(twin_images[starter], s.normalize, s.deskew)),
    ):
        assert rows.dtype == np.float32
        assert np.abs(rows - prepared).max() <= 1 / 131070 + 1e-7
    assert np.array_equal(
        data.x[8], prepare(_images([1], 2), s.normalize, s.deskew)[0]
    )  # the user's: floats as made
    both = np.concatenate([data.x[:8], data.twins[np.arange(8)]])
    index = np.array([15, 0, 3, 8])
    assert np.array_equal(gather(data.source, index), both[index])  # a batch reads the same
