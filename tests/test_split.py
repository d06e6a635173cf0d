"""The split: digits in play, stratified, fixed by the seed and by each sample's content."""

from __future__ import annotations

import numpy as np

from playground.core.settings import Settings
from playground.core.training.split import TRAIN_ACC_SAMPLES, content_keys, split_samples
from tests.test_train import blobs, row_ids


def test_split_is_stratified_disjoint_and_keeps_only_digits_in_play():
    x, labels = blobs({1: 50, 2: 30, 3: 20, 7: 40})
    split = split_samples(x, labels, Settings(digits=(1, 2, 3), val_fraction=0.2))
    assert np.bincount(split.val_labels).tolist() == [10, 6, 4]
    assert split.train_y.sum(axis=0).tolist() == [40, 24, 16]
    train_ids, val_ids = set(row_ids(split.train_x)), set(row_ids(split.val_x))
    assert not train_ids & val_ids
    assert train_ids | val_ids == set(np.flatnonzero(labels != 7).tolist())
    for ids, onehot in [(row_ids(split.train_x), split.train_y), (row_ids(split.val_x), None)]:
        digits = labels[ids]
        outputs = onehot.argmax(axis=1) if onehot is not None else split.val_labels
        assert (np.array([1, 2, 3])[outputs] == digits).all()


def test_split_is_fixed_by_the_seed():
    x, labels = blobs({1: 30, 2: 30})
    a = split_samples(x, labels, Settings(digits=(1, 2), seed=4))
    b = split_samples(x, labels, Settings(digits=(1, 2), seed=4))
    c = split_samples(x, labels, Settings(digits=(1, 2), seed=5))
    assert row_ids(a.val_x) == row_ids(b.val_x) != row_ids(c.val_x)


def test_twins_train_only_beside_their_originals():
    x, labels = blobs({1: 50, 2: 30, 3: 20})
    twins = x[:80].copy()
    twins[:, 0] += 0.5  # twin of row i carries id 500 + i
    settings = Settings(digits=(1, 2, 3), val_fraction=0.2)
    plain = split_samples(x, labels, settings)
    split = split_samples(x, labels, settings, twins=twins)
    assert np.array_equal(split.val_x, plain.val_x)
    ids = row_ids(split.train_x)
    originals = {i for i in ids if i < 500}
    assert originals == set(row_ids(plain.train_x))
    assert {i - 500 for i in ids if i >= 500} == {i for i in originals if i < 80}
    assert split.train_y.sum(axis=0).tolist() == [80, 48, 16]  # rows 80+ (the 3s) have no twin


def test_small_digits_are_both_trained_and_checked():
    x, labels = blobs({1: 1, 2: 2, 3: 3})
    split = split_samples(x, labels, Settings(digits=(1, 2, 3), val_fraction=0.2))
    assert np.bincount(split.val_labels, minlength=3).tolist() == [0, 1, 1]
    assert split.train_y.sum(axis=0).tolist() == [1, 1, 2]


def test_training_accuracy_uses_a_bounded_subset():
    x, labels = blobs({1: 800, 2: 800})
    split = split_samples(x, labels, Settings(digits=(1, 2)))
    assert len(split.acc_x) == TRAIN_ACC_SAMPLES
    assert set(row_ids(split.acc_x)) <= set(row_ids(split.train_x))


def test_own_samples_are_split_apart_and_a_users_first_five_are_always_trained_on():
    rng = np.random.default_rng(3)
    x = rng.random((70, 784), dtype=np.float32)
    x[:, 0] = np.arange(70) / 1000
    labels = np.r_[np.repeat([1, 2], 30), [1, 1], [2] * 8]  # own: two 1s, eight 2s (>= 6)
    settings = Settings(digits=(1, 2), val_fraction=0.2)
    split = split_samples(x, labels, settings, own_start=60)
    own_held = [i for i in row_ids(split.val_x) if i >= 60]
    assert 60 not in own_held and 61 not in own_held  # too few 1s to hold any out
    assert len(own_held) == round(8 * 0.2)  # the 2s: a fifth, as any digit
    assert len(split.val_x) == 2 * 6 + len(own_held)  # the starter digits as before
    trained = set(split.train_index.tolist())
    assert trained.isdisjoint(own_held) and {60, 61} <= trained


def test_saving_one_more_sample_never_moves_trained_samples_into_validation():
    rng = np.random.default_rng(7)
    x = rng.random((400, 784), dtype=np.float32)
    labels = np.repeat([1, 2], 200)
    settings = Settings(digits=(1, 2), val_fraction=0.2)
    before = split_samples(x, labels, settings)
    grown = split_samples(
        np.vstack([x, rng.random((1, 784), dtype=np.float32)]), np.append(labels, 1), settings
    )
    trained = {row.tobytes() for row in before.train_x}
    newly_validated = [row for row in grown.val_x if row.tobytes() in trained]
    assert len(newly_validated) <= 1


def test_keys_of_shared_read_only_rows_are_made_once_and_are_the_rows_own():
    """Side runs split training sets that share the starter rows: their keys are hashed once
    (a click had cost 20-40 ms of a frame) and are exactly the keys of the same rows copied."""
    from playground.core.training.rows import StackedRows

    rng = np.random.default_rng(0)
    starter = rng.integers(0, 65535, (300, 784)).astype(np.uint16)
    starter.flags.writeable = False
    mine = rng.random((5, 784)).astype(np.float32)
    first = content_keys(StackedRows(starter, mine), 3)
    again = content_keys(StackedRows(starter[:200], mine[:2]), 3)  # another set, same rows
    copied = np.concatenate([content_keys(starter.copy(), 3), content_keys(mine.copy(), 3)])
    np.testing.assert_array_equal(first, copied)
    np.testing.assert_array_equal(again, np.concatenate([copied[:200], copied[300:302]]))
    assert not np.array_equal(content_keys(StackedRows(starter, mine), 4), first)  # seeded
