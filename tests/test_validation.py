"""Validation a slice per step: a round of slices is the whole split, each slice judged by the
weights of the step that measured it, and a stop (a pause, the end of `train N`) judges the
final weights whole."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from test_train import blobs

from playground.core.nn.losses import LOSSES
from playground.core.session import Session
from playground.core.settings import Settings
from playground.core.training import validation
from playground.core.training.trainer import Trainer


@pytest.fixture(autouse=True)
def slices_of_one_row(monkeypatch):
    """These splits are a hundred rows: slices of one row or more, so there are many."""
    monkeypatch.setattr(validation, "SLICE_ROWS", 1)


def figures(trainer: Trainer) -> tuple:
    t = trainer
    return t.val_loss, t.val_acc, t.train_acc, t.confusion.tolist(), t.stalled, t._saturation


def test_a_round_of_slices_on_unchanging_weights_is_the_whole_validation():
    x, labels = blobs({1: 60, 2: 45, 3: 30})
    trainer = Trainer(Settings(digits=(1, 2, 3), lr=0.0, val_every=7), x, labels)
    for _ in range(7):
        trainer.step()
    assert trainer.validated_at == 7
    sliced = figures(trainer)
    trainer.validate()
    whole = figures(trainer)
    assert sliced[0] == pytest.approx(whole[0], rel=1e-6)
    assert sliced[1:] == whole[1:]
    assert trainer.history.eval_steps.tolist() == [7]  # the whole one replaced the sliced one


@pytest.mark.parametrize("loss", ["mse", "xent"])
def test_each_slice_is_judged_by_the_weights_of_the_step_that_measured_it(loss):
    x, labels = blobs({1: 50, 2: 40, 3: 30})
    settings = Settings(digits=(1, 2, 3), loss=loss, lr=0.3, val_every=5)
    trainer = Trainer(settings, x, labels)
    nets = []
    for _ in range(5):
        trainer.step()
        nets.append(trainer.network.copy())  # the weights slice j was measured with
    split = trainer._split
    n_val, rows = len(split.val_x), len(split.val_x) + len(split.acc_x)
    guesses, loss_sum = np.zeros(rows, int), 0.0
    for j, net in enumerate(nets):
        a, b = j * rows // 5, (j + 1) * rows // 5
        for row in range(a, b):
            inputs = split.val_x if row < n_val else split.acc_x
            guesses[row] = net.predict(inputs[row - n_val * (row >= n_val)][None]).argmax()
        if a < n_val:
            z = net.forward(split.val_x[a : min(b, n_val)])[0][-1]
            loss_sum += LOSSES[loss].evaluate(z, split.val_y[a : min(b, n_val)])[1] * len(z)
    assert trainer.validated_at == 5
    assert trainer.val_loss == pytest.approx(loss_sum / n_val, rel=1e-5)
    assert trainer.val_acc == np.mean(guesses[:n_val] == split.val_labels)
    assert trainer.train_acc == np.mean(guesses[n_val:] == split.acc_labels)
    expected = np.zeros((3, 3), int)
    np.add.at(expected, (split.val_labels, guesses[:n_val]), 1)
    assert trainer.confusion.tolist() == expected.tolist()


def test_a_changed_round_length_is_caught_up_before_anything_is_published():
    x, labels = blobs({1: 40, 2: 40})
    settings = Settings(digits=(1, 2), lr=0.0, val_every=4)
    trainer = Trainer(settings, x, labels)
    for _ in range(3):
        trainer.step()
    trainer.apply(replace(settings, val_every=2))  # new slices, none measured yet
    trainer.step()  # due: four steps since 0, but only one of the two new slices is measured
    assert trainer.validated_at == 4
    sliced = figures(trainer)
    trainer.validate()
    assert sliced[1:] == figures(trainer)[1:]


def test_train_n_ends_with_the_final_weights_judged_whole(samples_dir, small_starter):
    """Whatever the speed, what a script's report reads after `train N` is of the final
    weights, the whole split."""
    # 80 steps, 8 a frame: fast speed validates on the 10th frame only, whose last step
    # measures its slice and catches up every other (none measured in the last 40 steps)
    session = Session(Settings(val_every=40, steps_per_frame=8), samples_dir, small_starter)
    session.train_steps(80)
    while session.running:
        session.tick()
    trainer = session.trainer
    val_x, val_labels = trainer.validation
    outputs, loss = trainer.network.outputs_and_loss(val_x, trainer._split.val_y)
    assert trainer.validated_at == trainer.steps == 80
    assert trainer.val_loss == pytest.approx(loss, rel=1e-6)  # two runs of rows, summed
    assert trainer.val_acc == np.mean(outputs.argmax(axis=1) == val_labels)
    assert trainer.history.eval_steps.tolist() == [80]  # one point at step 80, not two


def test_steps_that_do_not_validate_measure_nothing_and_a_stale_round_is_measured_again():
    x, labels = blobs({1: 40, 2: 40})
    trainer = Trainer(Settings(digits=(1, 2), lr=0.3, val_every=4), x, labels)
    for _ in range(4):
        trainer.step()  # a round of slices, published at step 4
    measured = trainer._validation._measured_at.copy()
    for _ in range(6):
        trainer.step(validate=False)  # fast speed's frames that do not validate
    assert (trainer._validation._measured_at == measured).all()
    trainer.step()  # due at step 11: every slice is older than a round, so all are measured
    assert (trainer._validation._measured_at == 11).all()
    sliced = figures(trainer)
    trainer.validate_if_stale()  # nothing to do: those figures are of step 11's weights
    assert trainer.history.eval_steps.tolist() == [4, 11]
    trainer.validate()
    assert sliced[0] == pytest.approx(trainer.val_loss, rel=1e-6)
    assert sliced[1:] == figures(trainer)[1:]


def test_a_slice_per_step_keeps_the_rows_of_the_last_round():
    x, labels = blobs({1: 40, 2: 40})
    trainer = Trainer(Settings(digits=(1, 2), lr=0.3, val_every=4), x, labels)
    for _ in range(9):
        trainer.step()
    # published at 4 and 8; slices measured at steps 9, 6, 7, 8 (the next is slice 1)
    assert trainer._validation._measured_at.tolist() == [9, 6, 7, 8]
    assert trainer.history.eval_steps.tolist() == [4, 8]


def test_slices_are_spread_over_the_round_the_last_at_the_publishing_step(monkeypatch):
    x, labels = blobs({1: 40, 2: 40})  # 16 held out + 64 for training accuracy: 80 rows
    monkeypatch.setattr(validation, "SLICE_ROWS", 40)  # two slices over a round of six steps
    trainer = Trainer(Settings(digits=(1, 2), lr=0.3, val_every=6), x, labels)
    for _ in range(6):
        trainer.step()
    assert trainer._validation._measured_at.tolist() == [3, 6]
    assert trainer.validated_at == 6 and trainer.history.eval_steps.tolist() == [6]


def test_a_split_smaller_than_a_slice_is_measured_whole_at_the_publishing_step(monkeypatch):
    monkeypatch.setattr(validation, "SLICE_ROWS", 500)  # as in the app
    x, labels = blobs({1: 40, 2: 40})
    trainer = Trainer(Settings(digits=(1, 2), lr=0.3, val_every=5), x, labels)
    for _ in range(5):
        trainer.step()
    assert trainer._validation.slices == 1 and trainer._validation._measured_at.tolist() == [5]
    sliced = figures(trainer)
    trainer.validate_if_stale()  # nothing to do: already the whole split at step 5
    assert trainer.history.eval_steps.tolist() == [5]
    trainer.validate()
    assert sliced[0] == pytest.approx(trainer.val_loss, rel=1e-6)
    assert sliced[1:] == figures(trainer)[1:]
