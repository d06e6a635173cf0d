"""The trainer and its history, on synthetic separable blobs (no dependency on
playground.core.data)."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from playground.core.settings import Settings
from playground.core.training.figures import DIVERGED
from playground.core.training.history import BUCKETS, History
from playground.core.training.trainer import Trainer


def blobs(counts: dict[int, int], seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """One noisy cluster per digit; pixel 0 holds the row number / 1000, to track samples."""
    rng = np.random.default_rng(seed)
    centres = rng.random((10, 784)).astype(np.float32)
    labels = np.concatenate([np.full(n, d) for d, n in counts.items()]).astype(np.int64)
    x = centres[labels] + rng.normal(0, 0.3, (len(labels), 784)).astype(np.float32)
    x[:, 0] = np.arange(len(labels)) / 1000
    return x, labels


def row_ids(x: np.ndarray) -> list[int]:
    return np.rint(x[:, 0] * 1000).astype(int).tolist()


def run(trainer: Trainer, steps: int) -> list:
    return [trainer.step() for _ in range(steps)]


# -- stepping -------------------------------------------------------------------------------
def test_steps_epochs_and_samples_seen():
    x, labels = blobs({1: 50, 2: 50})  # 80 training samples
    trainer = Trainer(Settings(digits=(1, 2), batch=32), x, labels)
    assert trainer.n_train == 80 and trainer.n_val == 20
    traces = run(trainer, 3)  # 32 + 32 + 16: one whole epoch, each sample once
    assert [len(t.inputs) for t in traces] == [32, 32, 16]
    seen = sum((row_ids(t.inputs) for t in traces), [])
    assert sorted(seen) == sorted(row_ids(trainer._split.train_x))
    assert (trainer.steps, trainer.epoch, trainer.samples_seen) == (3, 1, 80)
    assert trainer.last_trace is traces[-1]
    more = run(trainer, 3)
    assert sum((row_ids(t.inputs) for t in more), []) != seen  # reshuffled for epoch 2
    assert (trainer.steps, trainer.epoch, trainer.samples_seen) == (6, 2, 160)


def test_a_new_sample_set_carries_the_epoch_on():
    """Saving a digit splits the samples again. The epoch under way goes on from where it was:
    restarting it at each save, a person saving every few seconds never saw an epoch end."""
    x, labels = blobs({1: 50, 2: 50})  # 80 training samples, 40 a batch: two steps an epoch
    trainer = Trainer(Settings(digits=(1, 2), batch=40), x, labels)
    for _ in range(4):
        run(trainer, 1)  # half an epoch, then a new sample set
        trainer.set_data(x, labels)
    assert trainer.epoch == 2 and trainer.samples_seen == 160
    trainer.reset()  # a new run starts its first epoch afresh
    run(trainer, 1)
    assert trainer.epoch == 0


def test_trainer_learns_separable_blobs():
    x, labels = blobs({1: 60, 3: 60, 5: 60})
    trainer = Trainer(Settings(digits=(1, 3, 5), lr=0.5, val_every=50), x, labels)
    run(trainer, 200)
    assert trainer.val_acc == 1.0 and trainer.train_acc == 1.0
    assert trainer.train_loss < trainer.history.train_loss[0] / 4
    digits, probs = trainer.predict_digits(x[labels == 3][:5])
    assert digits.tolist() == [3] * 5
    np.testing.assert_allclose(probs.sum(axis=1), 1, rtol=1e-6)
    one_digit, one_row = trainer.predict_digits(x[0])  # a single (784,) input works too
    assert one_digit.shape == (1,) and one_row.shape == (1, 3)


def test_validation_runs_every_val_every_steps_with_a_confusion_matrix():
    x, labels = blobs({1: 50, 2: 30, 3: 20})
    trainer = Trainer(Settings(val_every=5), x, labels)
    run(trainer, 4)
    assert (trainer.val_loss, trainer.val_acc, trainer.train_acc, trainer.confusion) == (None,) * 4
    run(trainer, 1)
    assert math.isfinite(trainer.val_loss) and 0 <= trainer.val_acc <= 1
    assert trainer.confusion.shape == (3, 3)
    assert trainer.confusion.sum(axis=1).tolist() == [10, 6, 4]  # rows are the true digits
    assert trainer.val_acc == pytest.approx(np.trace(trainer.confusion) / 20)
    run(trainer, 10)
    assert trainer.history.eval_steps.tolist() == [5, 10, 15]
    assert len(trainer.history.val_loss) == len(trainer.history.train_acc) == 3


def test_a_step_told_not_to_validate_leaves_it_for_a_later_step():
    x, labels = blobs({1: 50, 2: 50})
    trainer = Trainer(Settings(digits=(1, 2), val_every=5), x, labels)
    for _ in range(7):
        trainer.step(validate=False)
    assert trainer.val_acc is None and trainer.validated_at == 0
    trainer.step()  # 8 steps since the last validation: due, so it runs now
    assert trainer.validated_at == 8 and trainer.history.eval_steps.tolist() == [8]


def test_smoothed_loss_follows_the_raw_loss():
    x, labels = blobs({1: 40, 2: 40, 3: 40})
    trainer = Trainer(Settings(), x, labels)
    run(trainer, 30)
    raw, smooth = trainer.history.train_loss, trainer.history.train_loss_smoothed
    assert len(raw) == len(smooth) == 30 and smooth[0] == raw[0]
    assert trainer.train_loss == smooth[-1]
    assert np.abs(np.diff(smooth)).max() < np.abs(np.diff(raw)).max()


# -- settings -------------------------------------------------------------------------------
def test_rate_batch_and_momentum_change_without_a_rebuild():
    x, labels = blobs({1: 40, 2: 40, 3: 40})
    settings = Settings()
    trainer = Trainer(settings, x, labels)
    net = trainer.network
    run(trainer, 3)
    settings = replace(settings, lr=0.2, batch=5, momentum=0.9, val_every=7)
    assert trainer.apply(settings) is False
    trace = trainer.step()
    assert trainer.network is net and trainer.steps == 4
    assert trace.lr == 0.2 and len(trace.inputs) == 5 and net.momentum == 0.9
    run(trainer, 3)
    assert trainer.history.eval_steps.tolist() == [7]


def test_settings_are_snapshotted_and_changes_in_place_are_seen_by_apply():
    x, labels = blobs({1: 40, 2: 40, 3: 40})
    settings = Settings()
    trainer = Trainer(settings, x, labels)
    settings.layers = (8,)
    assert trainer.network.sizes == [784, 16, 16, 16, 3]  # not applied yet
    assert trainer.apply(settings) is True
    assert trainer.network.sizes == [784, 8, 3]


@pytest.mark.parametrize(
    "change",
    [{"layers": (8, 4)}, {"activation": "relu"}, {"loss": "mse"}, {"seed": 9}, {"digits": (1, 2)}],
)
def test_shape_changes_rebuild_and_start_over(change):
    x, labels = blobs({1: 40, 2: 40, 3: 40})
    settings = Settings()
    trainer = Trainer(settings, x, labels)
    run(trainer, 5)
    trainer.reset()
    old = trainer.network
    new_settings = replace(settings, **change)
    assert trainer.apply(new_settings) is True
    assert trainer.network is not old
    assert trainer.network.sizes == new_settings.sizes
    assert (trainer.steps, trainer.epoch, len(trainer.history)) == (0, 0, 0)
    assert trainer.train_loss is None and trainer.last_trace is None
    assert trainer.digits == new_settings.digits
    # the same settings from scratch give the same network
    fresh = Trainer(new_settings, x, labels)
    np.testing.assert_array_equal(fresh.network.weights[0], trainer.network.weights[0])


def test_val_fraction_change_resplits_without_a_rebuild():
    x, labels = blobs({1: 50, 2: 50})
    settings = Settings(digits=(1, 2))
    trainer = Trainer(settings, x, labels)
    net = trainer.network
    assert trainer.apply(replace(settings, val_fraction=0.5)) is False
    assert trainer.network is net and trainer.n_val == 50


def test_reset_is_fresh_reproducible_and_clears_everything():
    x, labels = blobs({1: 40, 2: 40, 3: 40})
    a, b = Trainer(Settings(), x, labels), Trainer(Settings(), x, labels)
    first = a.network.weights[0].copy()
    run(a, 60)
    a.reset()
    b.reset()
    assert not np.array_equal(a.network.weights[0], first)
    np.testing.assert_array_equal(a.network.weights[0], b.network.weights[0])
    assert (a.steps, a.epoch, a.samples_seen, len(a.history)) == (0, 0, 0, 0)
    assert (a.train_loss, a.val_loss, a.val_acc, a.confusion) == (None,) * 4
    a.reset()
    assert not np.array_equal(a.network.weights[0], b.network.weights[0])


# -- problems -------------------------------------------------------------------------------
def test_a_digit_without_samples_blocks_training_until_data_arrives():
    x, labels = blobs({1: 40, 2: 40})
    trainer = Trainer(Settings(digits=(1, 2, 7)), x, labels)
    assert trainer.problem == "no samples for digit 7: draw some in the draw scene"
    assert trainer.step() is None and trainer.steps == 0
    net = trainer.network
    more_x, more_labels = blobs({1: 40, 2: 40, 7: 3})
    trainer.set_data(more_x, more_labels)
    assert trainer.problem is None
    assert trainer.step() is not None
    assert trainer.network is net and trainer.steps == 1


def test_several_missing_digits_are_all_named():
    x, labels = blobs({1: 10})
    trainer = Trainer(Settings(digits=(1, 4, 7)), x, labels)
    assert trainer.problem == "no samples for digits 4, 7: draw some in the draw scene"


def test_a_single_sample_is_not_enough():
    x, labels = blobs({1: 1})
    trainer = Trainer(Settings(digits=(1,)), x, labels)
    assert trainer.problem == "need at least 2 samples to train, have 1"
    assert trainer.step() is None


def test_set_data_keeps_the_network_and_counters():
    x, labels = blobs({1: 40, 2: 40, 3: 40})
    trainer = Trainer(Settings(), x, labels)
    run(trainer, 10)
    net, epoch = trainer.network, trainer.epoch
    trainer.set_data(*blobs({1: 50, 2: 50, 3: 50}, seed=1))
    assert trainer.network is net and trainer.steps == 10 and trainer.epoch == epoch
    assert trainer.n_train + trainer.n_val == 150
    assert len(trainer.history) == 10


def test_bad_data_shapes_are_refused():
    with pytest.raises(ValueError, match="784"):
        Trainer(Settings(), np.zeros((4, 783), np.float32), np.zeros(4, int))
    with pytest.raises(ValueError, match="labels"):
        Trainer(Settings(), np.zeros((4, 784), np.float32), np.zeros(3, int))


def assert_all_reported_numbers_sane(trainer: Trainer) -> None:
    for value in (trainer.train_loss, trainer.val_loss, trainer.val_acc, trainer.train_acc):
        assert value is None or math.isfinite(value)
    history = trainer.history
    for arr in (
        history.train_loss,
        history.train_loss_smoothed,
        history.val_loss,
        *history.series(),
    ):
        assert np.isfinite(arr).all()
    assert all(np.isfinite(w).all() for w in trainer.network.weights + trainer.network.biases)
    if trainer.last_trace is not None:
        assert not trainer.last_trace.diverged and math.isfinite(trainer.last_trace.loss)


@pytest.mark.parametrize(
    ("settings", "how"),
    [
        (Settings(activation="relu", loss="mse", lr=1e5, val_every=2), "weights"),
        (Settings(activation="tanh", loss="xent", lr=10.0, val_every=2), "smoothed loss"),
    ],
)
def test_divergence_stops_training_and_reports_only_finite_numbers(settings, how):
    x, labels = blobs({1: 60, 2: 60, 3: 60})
    trainer = Trainer(replace(settings, lr=0.05), x, labels)
    run(trainer, 6)  # some healthy history first
    trainer.apply(settings)
    traces = []
    while (trace := trainer.step()) is not None and len(traces) < 50:
        traces.append(trace)
    assert trainer.diverged and trainer.problem == DIVERGED
    assert traces[-1].diverged is (how == "weights")  # the refused step is handed back once
    steps = trainer.steps
    assert trainer.step() is None and trainer.steps == steps
    assert trainer.last_trace is not None  # the last healthy step, never the refused one
    assert_all_reported_numbers_sane(trainer)
    trainer.reset()
    assert not trainer.diverged and trainer.problem is None and trainer.step() is not None


# -- history --------------------------------------------------------------------------------
def test_history_series_is_bounded_and_keeps_the_means():
    history = History()
    n = 20_000
    for step in range(1, n + 1):
        history.record_step(step, float(step), 2.0 * step)
    assert len(history) == n and len(history.train_loss) == n
    steps, loss, smoothed = history.series(max_points=400)
    assert 300 <= len(steps) <= 400
    np.testing.assert_allclose(loss, steps)  # each point is the mean of its bucket
    np.testing.assert_allclose(smoothed, 2 * steps)
    assert (np.diff(steps) > 0).all() and steps[0] < 100 and steps[-1] > n - 100
    assert len(history.series(max_points=10**6)[0]) <= BUCKETS  # cost bounded however asked
    short = History()
    for step in range(1, 6):
        short.record_step(step, 1.0, 1.0)
    assert short.series()[0].tolist() == [1, 2, 3, 4, 5]  # few points come back as they are


def test_history_eval_series_and_read_only_views():
    history = History()
    assert [len(a) for a in history.eval_series()] == [0, 0, 0, 0]
    for i in range(1, 1001):
        history.record_eval(50 * i, 1.0 / i, 0.5, 0.75)
    steps, val_loss, val_acc, train_acc = history.eval_series(max_points=100)
    assert len(steps) == 100 and (val_acc == 0.5).all() and (train_acc == 0.75).all()
    with pytest.raises(ValueError):
        history.val_loss[0] = 3.0


def test_a_rate_far_too_large_is_caught_within_a_few_steps_even_when_outputs_saturate():
    rng = np.random.default_rng(11)
    x = rng.random((300, 784), dtype=np.float32)
    labels = np.repeat([1, 2, 3], 100)
    trainer = Trainer(Settings(lr=50.0), x, labels)  # tanh + mse: the loss stays bounded
    steps = 0
    while trainer.step() is not None and steps < 30:
        steps += 1
    assert trainer.diverged and steps < 30
    assert all(np.isfinite(w).all() for w in trainer.network.weights)


def test_steps_without_a_trace_train_alike_and_a_refused_one_still_shows_why():
    x, labels = blobs({1: 60, 2: 60, 3: 60})
    traced, quiet = (Trainer(Settings(val_every=7), x, labels) for _ in range(2))
    for i in range(30):  # as fast speed runs a frame of five steps: only the last is traced
        assert traced.step() is not None
        shown = quiet.step(trace=i % 5 == 4)
        assert (shown is None) is (i % 5 != 4)
    assert quiet.steps == traced.steps == 30 and quiet.val_acc == traced.val_acc
    for got, want in zip(quiet.network.weights, traced.network.weights, strict=True):
        np.testing.assert_allclose(got, want, atol=1e-5)
    assert quiet.last_trace.loss == pytest.approx(traced.last_trace.loss, rel=1e-4)
    quiet.apply(Settings(activation="relu", loss="mse", lr=1e5, val_every=7))
    while not quiet.diverged:
        shown = quiet.step(trace=False)
    assert shown is not None and shown.diverged  # the refused step is handed back, traced
    assert_all_reported_numbers_sane(quiet)


def test_a_long_history_keeps_every_point_across_its_blocks():
    """Raw points live in fixed blocks (a doubling array copied megabytes in one frame at fast
    speed); every point must still read back in order, and the last one amend in place."""
    from playground.core.training.history import BLOCK, Series

    series = Series(1)
    n = 2 * BLOCK + 5
    for step in range(n):
        series.append(step, step * 0.5)
    series.amend_last(n - 1, -1.0)
    assert len(series) == n
    assert np.array_equal(series.column(0), np.arange(n))
    assert series.column(1)[-1] == -1.0 and series.column(1)[BLOCK] == BLOCK * 0.5
    assert not series.column(1).flags.writeable
