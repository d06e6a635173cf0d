"""The shell every scene shares: switching scenes, training in the loop, help, resize, shots."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pygame
import pytest

from playground.core.session import Session
from playground.core.settings import Settings
from playground.ui.app import MIN_SIZE, App
from playground.ui.clock import FixedClock

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def app(samples_dir):
    return App(Session(Settings(), samples_dir), scene="train", clock=FixedClock())


def _key(app, key, unicode="", mod=0):
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=unicode))
    app.step()


def test_tab_and_number_keys_switch_scene(app):
    _key(app, pygame.K_TAB)
    assert app.scene.name == "explain"
    _key(app, pygame.K_1)
    assert app.scene.name == "draw"
    _key(app, pygame.K_2)  # the draw scene takes digit keys as labels
    assert app.scene.name == "draw"
    _key(app, pygame.K_TAB, mod=pygame.KMOD_SHIFT)
    assert app.scene.name == "explain"


def test_space_trains_one_step_per_frame_in_every_scene(app):
    _key(app, pygame.K_SPACE)
    assert app.session.running
    for name in ("draw", "explain", "train"):
        app.request_scene(name)
        before = app.session.trainer.steps
        for _ in range(5):
            app.step()
        assert app.session.trainer.steps == before + 5
    _key(app, pygame.K_SPACE)
    assert not app.session.running


def test_help_overlay_covers_the_screen_and_closes_with_escape(app):
    app.step()
    before = pygame.surfarray.array3d(app.screen).copy()
    _key(app, pygame.K_SLASH, unicode="?", mod=pygame.KMOD_SHIFT)
    assert app.help.visible
    after = pygame.surfarray.array3d(app.screen)
    assert np.abs(after.astype(int) - before).sum(axis=2).astype(bool).mean() > 0.3
    _key(app, pygame.K_ESCAPE)
    assert not app.help.visible


def test_window_never_smaller_than_minimum_and_layout_follows(app):
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=300, h=200, size=(300, 200)))
    app.step()
    assert app.screen.get_size() == MIN_SIZE
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=1400, h=900, size=(1400, 900)))
    app.step()
    assert app.screen.get_size() == (1400, 900)
    assert app.scene.rect.width == 1400


def test_screenshot_is_a_png_of_the_frame(app, tmp_path):
    app.step()
    path = app.screenshot(tmp_path / "shot.png")
    image = pygame.image.load(str(path))
    assert image.get_size() == app.screen.get_size()
    assert not list(tmp_path.glob(".*"))  # no partial file left behind


def test_benchmark_runs_and_prints_json():
    done = subprocess.run(
        [sys.executable, "-m", "playground.bench", "--frames", "20", "--json", "--scene", "train"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    (train,) = report["scenes"]
    assert train["scene"] == "train" and train["frames"] == 20
    assert 0 < train["frame_ms"]["50"] <= train["frame_ms"]["99"]


def test_a_status_message_makes_way_for_the_hint_after_ten_seconds(app, monkeypatch):
    """Old news ("7 is not in play" while labelling a 2) must not stay on the line for good."""
    from shown_text import capture

    from playground.ui.shell import MESSAGE_FRAMES

    app.session.say("saved a 3 as x.png")
    assert "saved a 3 as x.png" in capture(monkeypatch, app.step).texts
    for _ in range(MESSAGE_FRAMES):
        app.step()
    texts = capture(monkeypatch, app.step).texts
    assert "saved a 3 as x.png" not in texts and "Press ? for every key" in texts
    app.session.say("saved a 3 as x.png")  # the same words again are news again
    assert "saved a 3 as x.png" in capture(monkeypatch, app.step).texts


def test_run_keeps_the_collector_off_the_app_once_it_is_up_and_lets_go_at_the_end(app):
    """A full collection walked every widget, font and cache of the running app (some 12 ms,
    a frame over at fast speed); App.run freezes them after its first frame, and hands them
    back when it stops, so a process running more apps frees the earlier ones."""
    import gc

    frozen = []
    step = app.step

    def counting_step():
        step()
        frozen.append(gc.get_freeze_count())

    app.step = counting_step
    assert app.run(frames=3) == 0
    assert frozen[0] == 0 and frozen[1] > 1000  # frozen once the first frame was drawn
    assert gc.get_freeze_count() == 0
