"""The user's own digits in training: a fixed share of every batch spread over the digits,
growing with how many there are; redraws that are seeded, keep their labels and never come
from a held-out digit."""

from __future__ import annotations

import numpy as np
import pytest

from playground.core.data.redraw import BEND, bent, jitter, redraw
from playground.core.settings import Settings
from playground.core.training.own_deal import OwnDealer
from playground.core.training.own_mix import FULL, OwnSamples, own_fractions
from playground.core.training.trainer import Trainer

STROKE = (np.array([[10.0, 5.0], [14.0, 5.0], [12.0, 22.0]], np.float32),)  # a 7


def _data(own_labels, starter_per_digit=40, digits=(1, 2, 3), strokes=True, seed=0):
    """Starter blobs (pixel 0 = 0) then own samples (pixel 0 = 1): own rows are told apart."""
    rng = np.random.default_rng(seed)
    labels = np.r_[np.repeat(digits, starter_per_digit), own_labels].astype(np.int64)
    x = rng.random((len(labels), 784), dtype=np.float32) * 0.5
    start = len(labels) - len(own_labels)
    x[:, 0] = 0.0
    x[start:, 0] = 1.0
    images = rng.integers(0, 255, (len(own_labels), 28, 28), dtype=np.uint8)
    own = OwnSamples(
        start,
        images,
        tuple([STROKE if strokes else None] * len(own_labels)),
        normalize=True,
        deskew=True,
    )
    return x, labels, own


def _own_per_batch(trainer, steps):
    """Per step: how many own rows the batch had, and their outputs."""
    counts, outputs = [], []
    for _ in range(steps):
        x, y = trainer._next_batch()  # the batch the step would train on
        own = x[:, 0] >= 0.99 if x.shape[1] else np.zeros(0, bool)
        counts.append(int(own.sum()))
        outputs += y[own].argmax(axis=1).tolist()
    return np.array(counts), np.array(outputs)


def test_the_rule_spreads_the_share_over_digits_and_grows_with_own_digits():
    assert own_fractions(0.5, [FULL] * 10).sum() == pytest.approx(0.5)
    one_seven = own_fractions(0.5, [0] * 7 + [1] + [0, 0])
    assert one_seven.sum() == pytest.approx(0.5 / 10 / FULL)  # one saved 7: 1% of a batch
    assert own_fractions(0.5, [0, 3, 0]).tolist() == pytest.approx([0, 0.5 / 3 * 3 / FULL, 0])
    assert own_fractions(0.5, [2, 0, 0], only_own=True).tolist() == [1, 0, 0]


def test_half_of_every_batch_is_own_once_every_digit_has_enough():
    x, labels, own = _data(np.repeat([1, 2, 3], 6))  # 6 each: 5 train, 1 held out
    trainer = Trainer(Settings(batch=16, own_share=0.5), x, labels, own=own)
    counts, outputs = _own_per_batch(trainer, 60)
    assert (counts == 8).all()
    assert np.bincount(outputs, minlength=3).tolist() == [160, 160, 160]


def test_the_share_is_the_same_whatever_the_size_of_the_starter_set():
    for per_digit in (20, 400):
        x, labels, own = _data(np.repeat([1, 2, 3], 6), starter_per_digit=per_digit)
        trainer = Trainer(Settings(batch=16, own_share=0.25), x, labels, own=own)
        assert _own_per_batch(trainer, 40)[0].sum() == 40 * 4


def test_three_saved_sevens_get_a_small_share_not_half_the_batch():
    x, labels, own = _data([7, 7, 7], digits=tuple(range(10)))
    trainer = Trainer(Settings(digits=tuple(range(10)), batch=16), x, labels, own=own)
    counts, outputs = _own_per_batch(trainer, 500)
    assert trainer.own_trained == 3  # a user's first five of a kind all train
    assert trainer.own_fraction == pytest.approx(0.5 / 10 * 3 / FULL)
    assert counts.sum() == int(500 * 16 * trainer.own_fraction)  # exact over time, no drift
    assert counts.max() <= 1 and set(outputs.tolist()) == {7}


def test_own_share_changes_take_effect_without_a_new_network():
    x, labels, own = _data(np.repeat([1, 2, 3], 6))
    trainer = Trainer(Settings(batch=10), x, labels, own=own)
    network = trainer.network
    trainer.apply(Settings(batch=10, own_share=0.0))
    assert trainer.network is network and _own_per_batch(trainer, 20)[0].sum() == 0
    trainer.apply(Settings(batch=10, own_share=1.0))
    assert (_own_per_batch(trainer, 20)[0] == 10).all()


def test_only_own_samples_fill_every_batch():
    x, labels, own = _data(np.repeat([1, 2, 3], 4), starter_per_digit=0)
    trainer = Trainer(Settings(batch=16, mix="yours"), x, labels, own=own)
    counts, _ = _own_per_batch(trainer, 10)
    assert (counts == 16).all()
    trainer.step()
    assert trainer.steps == 1


def test_redraws_are_deterministic_keep_labels_and_reach_the_batches():
    def run():
        x, labels, own = _data(np.repeat([1, 2, 3], 2))
        trainer = Trainer(Settings(batch=16, seed=3), x, labels, own=own)
        made = sum(trainer.refresh_own(4) for _ in range(6))
        return trainer, made, [trainer._next_batch() for _ in range(20)]

    (trainer, made, first), (_, _, second) = run(), run()
    assert made == 12  # four every other call: each of the six own digits has two redraws now
    for (xa, ya), (xb, yb) in zip(first, second, strict=True):
        assert np.array_equal(xa, xb) and np.array_equal(ya, yb)
    # each own row of a batch is a version (picture or redraw) of an own digit of its label
    versions = {}
    for entry, output in zip(trainer._own._entries, np.repeat([0, 1, 2], 2), strict=True):
        assert not np.array_equal(entry[0][1], entry[0][0])  # slot 1 holds a redraw now
        versions.update({row.tobytes(): output for row in entry[0]})
    seen_redraw = False
    for x, y in first:
        for row, target in zip(x, y.argmax(axis=1), strict=True):
            if row.tobytes() in versions:
                assert versions[row.tobytes()] == target
                seen_redraw |= row[0] != 1.0  # a prepared redraw, not the marked picture
    assert seen_redraw


def test_redraw_and_jitter_are_seeded_and_stay_digits():
    a = redraw(STROKE, np.random.default_rng(5))
    assert np.array_equal(a, redraw(STROKE, np.random.default_rng(5)))
    assert not np.array_equal(a, redraw(STROKE, np.random.default_rng(6)))
    assert a.shape == (28, 28) and a.max() == 1.0 and a.min() >= 0.0
    image = np.zeros((28, 28), np.uint8)
    image[6:22, 12:16] = 255
    j = jitter(image, np.random.default_rng(1))
    assert np.array_equal(j, jitter(image, np.random.default_rng(1)))
    assert j.dtype == np.float32 and j.min() >= 0.0 and j.max() <= 1.0
    assert abs(j.sum() - image.sum() / 255) < 0.3 * image.sum() / 255  # ink moved, not lost


def test_the_bend_moves_a_stroke_a_little_and_smoothly():
    """The bend is one smooth field: points move by about BEND of the digit's height, never
    far, and neighbours move alike, so a stroke stays a stroke (no zigzag a hand never made)."""
    line = np.stack([np.full(200, 14.0), np.linspace(4.0, 24.0, 200)], axis=1)  # a 1, 20 tall
    moves, steps = [], []
    for seed in range(50):
        (bent_line,) = bent((line,), np.array([14.0, 14.0]), 20.0, np.random.default_rng(seed))
        move = bent_line - line
        moves.append(np.hypot(*move.T).mean())
        assert np.hypot(*move.T).max() < 3 * BEND * 20  # never far
        steps.append(np.hypot(*np.diff(move, axis=0).T).max())  # neighbours are 0.1 apart
    assert 0.3 * BEND * 20 < np.mean(moves) < 1.5 * BEND * 20  # about BEND of the height
    # neighbours move alike: an unsmoothed shake of the same size would part them by ~1.5
    assert np.median(steps) < 0.08 and max(steps) < 0.2


def test_validation_never_sees_a_redraw_of_a_held_out_own_digit():
    x, labels, own = _data(np.repeat([1, 2, 3], 6))
    trainer = Trainer(Settings(batch=16), x, labels, own=own)
    val_x, _ = trainer.validation
    held_out_own = {row.tobytes() for row in val_x if row[0] == 1.0}
    assert len(held_out_own) == 3  # one of six of each digit
    trained = trainer._own._entries  # the bank: slot 0 of each is the picture it redraws
    pictures = {entry[0][0].tobytes() for entry in trained}
    assert len(trained) == 15 and not pictures & held_out_own


def test_saving_one_more_own_digit_splits_as_a_fresh_start_would():
    x, labels, own = _data(np.repeat([1, 2, 3], 4))
    trainer = Trainer(Settings(batch=16), x, labels, own=own)
    more_x, more_labels, more_own = _data(np.repeat([1, 2, 3], 5))  # same starter rows
    trainer.set_data(more_x, more_labels, own=more_own)
    fresh = Trainer(Settings(batch=16), more_x, more_labels, own=more_own)
    assert np.array_equal(trainer.validation[0], fresh.validation[0])
    assert trainer.own_trained == fresh.own_trained == 15


def test_own_rows_are_dealt_in_proportion_batch_by_batch_each_digit_in_turn():
    by_output = [np.array([0, 1, 2]), np.array([3, 4]), np.zeros(0, np.intp), np.array([5])]
    fractions = np.array([0.3, 0.15, 0.0, 0.05])  # 0.5 of a batch: 4.5 rows of 9
    dealt = [OwnDealer(by_output, fractions, 8).next(9, np.random.default_rng(1)) for _ in "ab"]
    dealer, rng = OwnDealer(by_output, fractions, 8), np.random.default_rng(1)
    batches = [dealer.next(9, rng) for _ in range(400)]
    np.testing.assert_array_equal(batches[0][0], dealt[0][0])  # seeded: the same deal again
    counts = [len(outputs) for _, outputs in batches]
    assert set(counts) == {4, 5} and sum(counts) == int(400 * 9 * 0.5)
    outputs = np.concatenate([o for _, o in batches])
    assert 2 not in outputs  # no digits of it
    digits, versions = np.divmod(np.concatenate([f for f, _ in batches]), 8)
    assert versions.max() < 8 and len(set(versions.tolist())) == 8
    for start in range(0, len(outputs) - 60, 7):  # every stretch holds each share to a row
        seen = np.bincount(outputs[start : start + 60], minlength=4)
        assert np.abs(seen - 60 * fractions / 0.5).max() <= 1
    for output, own in enumerate(by_output[:2]):  # each digit of a kind once before any twice
        mine = digits[outputs == output]
        assert set(mine.tolist()) == set(own.tolist())  # an output with no digits gets none
        for round_start in range(0, len(mine) - len(own) + 1, len(own)):
            assert sorted(mine[round_start : round_start + len(own)]) == sorted(own)
