"""Faults a classroom machine produces: a folder that cannot be written, a full disk, a learning
rate that blows the network up, a window squeezed or left mid-stroke, a loop that stalled.

Each time the app keeps running, says what happened, and keeps what the person made.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pygame
import pytest
from disk_state import fingerprint

from playground.core.nn import Network
from playground.core.session import Session
from playground.core.settings import Settings
from playground.files.png import write_png
from playground.files.store import SampleStore
from playground.ui import clock as clock_module
from playground.ui.app import MIN_SIZE, App
from playground.ui.clock import FRAME, FixedClock, RealClock

E = pygame.event.Event
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def app(samples_dir):
    digit = np.zeros((28, 28), np.float32)
    digit[4:24, 13:15] = 1.0
    (samples_dir / "2").mkdir()
    write_png(samples_dir / "2" / "kept.png", digit)  # a sample saved earlier, to keep intact
    application = App(Session(Settings(), samples_dir), scene="draw", clock=FixedClock())
    yield application
    pygame.event.clear()


def _draw_and_save(app: App) -> np.ndarray:
    """Draw a stroke, pick 3, press Enter in collect mode (which clears the canvas on success)."""
    draw = app.scenes["draw"]
    draw.set_collecting(True)
    app.session.canvas.draw_stroke([(8, 6), (20, 22)])
    drawn = app.session.canvas.pixels.copy()
    for key in (pygame.K_3, pygame.K_RETURN):
        pygame.event.post(E(pygame.KEYDOWN, key=key, mod=0, unicode="", scancode=0))
    app.step()
    return drawn


# -- saving -----------------------------------------------------------------------------------
def test_a_label_folder_that_cannot_be_made_keeps_the_drawing(app, samples_dir):
    (samples_dir / "3").write_text("a file where the folder for 3s should be")
    before = fingerprint(samples_dir)
    drawn = _draw_and_save(app)
    assert np.array_equal(app.session.canvas.pixels, drawn)  # still there to try again
    assert app.session.messages[-1].startswith(f"cannot save a sample in {samples_dir / '3'}")
    assert fingerprint(samples_dir) == before
    app.step()


def test_a_full_disk_keeps_the_drawing_and_every_file_as_it_was(app, samples_dir, monkeypatch):
    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("playground.files.atomic.os.fsync", full)
    before = fingerprint(samples_dir)
    drawn = _draw_and_save(app)
    assert np.array_equal(app.session.canvas.pixels, drawn)
    assert "No space left on device" in app.session.messages[-1]
    assert fingerprint(samples_dir) == before  # no half-written sample, no temporary file
    assert len(app.session.user_paths) == 1
    monkeypatch.undo()
    drawn = _draw_and_save(app)  # space again: the same drawing saves
    assert len(app.session.user_paths) == 2 and app.session.canvas.is_empty


def test_a_screenshot_that_cannot_be_written_is_a_message(app, tmp_path, monkeypatch):
    (tmp_path / "blocker").write_text("not a folder")
    app.screenshot_dir = tmp_path / "blocker" / "shots"
    pygame.event.post(E(pygame.KEYDOWN, key=pygame.K_F12, mod=0, unicode="", scancode=0))
    app.step()
    assert app.session.messages[-1].startswith("cannot save a screenshot in")
    shots = tmp_path / "shots"
    previous = app.screenshot(shots / "shot.png").read_bytes()

    def half_then_fail(surface, name):
        open(name, "wb").write(b"\x89PNG half")  # noqa: SIM115
        raise pygame.error("No space left on device")

    monkeypatch.setattr(pygame.image, "save", half_then_fail)
    with pytest.raises(pygame.error):
        app.screenshot(shots / "shot.png")
    assert (shots / "shot.png").read_bytes() == previous
    assert [p.name for p in shots.iterdir()] == ["shot.png"]  # and no partial file


# -- killed while writing ---------------------------------------------------------------------
SAVE_FOREVER = """
import sys
from pathlib import Path
import numpy as np
from playground.files.store import SampleStore
from playground.core.nn import Network
folder = Path(sys.argv[1])
store, network = SampleStore(folder), Network([784, 16, 3])
image = np.zeros((28, 28), np.float32)
image[4:24, 12:16] = 1.0
while True:
    store.save(image, 5)
    network.save(folder / "model.npz")
"""


def test_killing_the_process_mid_save_leaves_only_whole_files(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writer = subprocess.Popen([sys.executable, "-c", SAVE_FOREVER, str(tmp_path)], env=env)
    try:
        give_up = time.monotonic() + 60
        while len(list(tmp_path.glob("5/*.png"))) < 30 and time.monotonic() < give_up:
            time.sleep(0.05)
    finally:
        writer.kill()  # SIGKILL: no clean-up runs, whatever the writer was doing
        writer.wait()
    result = SampleStore(tmp_path).load()
    assert len(result.paths) >= 30 and result.skipped == []
    assert len(list(tmp_path.glob("5/[!.]*"))) == len(result.paths)  # temporaries stay hidden
    assert Network.load(tmp_path / "model.npz").sizes == [784, 16, 3]


# -- a diverging network ----------------------------------------------------------------------
def _finite(value) -> bool:
    return value is None or bool(np.isfinite(np.asarray(value, dtype=float)).all())


def test_a_blown_up_network_is_caught_paused_reported_finite_and_reset(app):
    session = app.session
    session.set("loss", "xent")
    session.set("lr", "50")
    app.request_scene("train")
    session.running = True
    for _ in range(10):
        app.step()
        if not session.running:
            break
    assert not session.running and session.trainer.diverged
    assert "too large" in session.messages[-1]
    for _ in range(30):  # the train scene keeps drawing the network, the charts and the banner
        app.step()
    report = app.report()
    json.dumps(report, allow_nan=False)  # no NaN or infinity reaches a report
    history = session.trainer.history
    for series in (history.train_loss, history.train_loss_smoothed, history.val_loss):
        assert _finite(series)
    network = session.trainer.network
    assert all(np.isfinite(w).all() for w in (*network.weights, *network.biases))
    session.toggle_training()  # Space refuses while it has blown up
    assert not session.running
    pygame.event.post(E(pygame.KEYDOWN, key=pygame.K_r, mod=0, unicode="r", scancode=0))
    session.set("lr", "0.05")
    app.step()  # R in the train scene: fresh weights
    assert not session.trainer.diverged and session.trainer.steps == 0
    session.running = True
    for _ in range(20):
        app.step()
    assert session.running and session.trainer.steps == 20
    assert report["diverged"] is True and app.report()["diverged"] is False


def test_a_huge_rate_on_the_default_network_stays_finite(app):
    session = app.session
    session.set("lr", "50")
    session.running = True
    app.request_scene("train")
    for _ in range(120):
        app.step()
    json.dumps(app.report(), allow_nan=False)
    network = session.trainer.network
    assert all(np.isfinite(w).all() for w in (*network.weights, *network.biases))


# -- the window -------------------------------------------------------------------------------
def test_squeezed_to_the_minimum_and_back_the_layout_recovers(app):
    draw = app.scenes["draw"]
    app.step()
    canvas, size = draw.canvas_rect.copy(), app.screen.get_size()
    for w, h in ((1, 1), MIN_SIZE, (5000, 30), size):
        pygame.event.post(E(pygame.VIDEORESIZE, w=w, h=h, size=(w, h)))
        app.step()
        assert app.screen.get_width() >= MIN_SIZE[0] and app.screen.get_height() >= MIN_SIZE[1]
        assert app.scene.rect.bottom <= app.screen.get_height()
    assert app.screen.get_size() == size and draw.canvas_rect == canvas


def _press_on_canvas(app: App) -> pygame.Rect:
    box = app.scenes["draw"].canvas_rect
    pygame.event.post(E(pygame.MOUSEBUTTONDOWN, pos=box.center, button=1, touch=False))
    held = (1, 0, 0)
    to = (box.centerx + 40, box.centery)
    pygame.event.post(E(pygame.MOUSEMOTION, pos=to, rel=(40, 0), buttons=held, touch=False))
    app.step()
    assert app.session.canvas.drawing
    return box


def test_focus_lost_mid_stroke_lifts_the_pen(app):
    box = _press_on_canvas(app)
    pygame.event.post(E(pygame.WINDOWFOCUSLOST))
    app.step()
    assert not app.session.canvas.drawing
    pixels = app.session.canvas.pixels.copy()
    away = (box.centerx, box.bottom - 10)  # back in the window, button up: no ink
    pygame.event.post(E(pygame.MOUSEMOTION, pos=away, rel=(0, 1), buttons=(0, 0, 0), touch=False))
    app.step()
    assert np.array_equal(app.session.canvas.pixels, pixels)


def test_a_button_released_unseen_lifts_the_pen_at_the_next_move(app):
    box = _press_on_canvas(app)
    pixels = app.session.canvas.pixels.copy()
    away = (box.left + 5, box.bottom - 5)
    pygame.event.post(E(pygame.MOUSEMOTION, pos=away, rel=(0, 1), buttons=(0, 0, 0), touch=False))
    app.step()
    assert not app.session.canvas.drawing
    assert np.array_equal(app.session.canvas.pixels, pixels)


def test_a_button_released_outside_the_window_ends_the_stroke(app):
    _press_on_canvas(app)
    pygame.event.post(E(pygame.MOUSEBUTTONUP, pos=(-40, 4000), button=1, touch=False))
    app.step()
    assert not app.session.canvas.drawing


# -- the clock --------------------------------------------------------------------------------
def test_after_a_long_stall_the_clock_does_not_try_to_catch_up(monkeypatch):
    now = [100.0]
    monkeypatch.setattr(clock_module.time, "perf_counter", lambda: now[0])
    monkeypatch.setattr(clock_module.time, "sleep", lambda s: now.__setitem__(0, now[0] + s))
    clock = RealClock()

    def frames_in(seconds: float) -> int:
        start, count = now[0], 0
        while now[0] - start < seconds:
            now[0] += 0.002  # two milliseconds of frame work
            clock.wait()
            count += 1
        return count

    assert frames_in(1.0) == pytest.approx(60, abs=1)
    now[0] += 180.0  # minimised for three minutes: no frame ran
    assert frames_in(1.0) == pytest.approx(60, abs=2)  # not 10,800 frames in a rush
    assert clock.wait() == FRAME
