"""Settings at their limits, as a curious student sets them: every scene keeps drawing, the
network stays finite, and when training cannot start the app says why."""

from __future__ import annotations

import json

import numpy as np
import pytest

from playground.core.session import Session
from playground.core.settings import SettingError, Settings
from playground.ui.app import App
from playground.ui.clock import FixedClock


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    session = Session(Settings(), tmp_path_factory.mktemp("samples"))
    session.canvas.draw_stroke([(10, 5), (14, 22)])  # a digit on the canvas for the pictures
    return App(session, scene="train", clock=FixedClock())


def _every_scene(app: App, frames: int = 6) -> None:
    for scene in ("train", "draw", "explain", "train"):
        app.request_scene(scene)
        for _ in range(frames):
            app.step()


def _sane(app: App) -> None:
    network = app.session.trainer.network
    assert all(np.isfinite(a).all() for a in (*network.weights, *network.biases))
    json.dumps(app.report(), allow_nan=False)


@pytest.mark.parametrize(
    "changes",
    [
        {"layers": "1"},
        {"layers": "1,1,1,1"},
        {"layers": "64,64,64,64"},
        {"layers": "256"},
        {"digits": "0-9"},
        {"lr": "0.000001"},
        {"lr": "100"},
        {"lr": "100", "loss": "xent"},
        {"batch": "1"},
        {"batch": "1024", "activation": "relu"},
    ],
)
def test_extreme_settings_train_or_stop_cleanly(app, changes):
    session = app.session
    session.apply(Settings())
    session.reset()
    for name, value in changes.items():
        session.set(name, value)
    session.running = True
    _every_scene(app)
    _sane(app)
    trainer = session.trainer
    if trainer.diverged:  # a rate this large may blow up: caught, stopped, said
        assert not session.running and "too large" in " ".join(session.messages)
    else:
        assert session.running and trainer.steps > 0


def test_one_digit_only_is_refused_with_the_reason(app):
    with pytest.raises(SettingError, match="at least two digits"):
        app.session.set("digits", "7")


def test_a_digit_in_play_without_samples_explains_why_training_cannot_start(app):
    session = app.session
    session.apply(Settings())
    session.set("mix", "yours")  # the user has drawn nothing yet
    session.running = False
    session.toggle_training()  # Space
    assert not session.running
    assert session.messages[-1].startswith("no samples for digits 1, 2, 3")
    _every_scene(app)
    _sane(app)
    session.set("mix", "both")
    session.toggle_training()
    assert session.running
