"""Random event streams through the real app: whatever a person (or a cat on the keyboard) does,
the loop keeps running, the network stays finite and the samples on disk are the ones it counts.

Every hypothesis example builds a fresh app on an empty samples folder (about 0.4 s) and drives it
through every scene with mouse, touch, keys, wheel, resizes, file drops and text input, so a
failure depends on its own example only: hypothesis shrinks it and replays it. The dropped picture
files are made once per module. Marked `fuzz`: `pytest -m fuzz` runs it alone, `-m "not fuzz"`
skips it; the default run includes it.
"""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path

import numpy as np
import pygame
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playground.core.session import Session
from playground.core.settings import Settings
from playground.files.png import write_png
from playground.ui.app import App
from playground.ui.clock import FixedClock

WIDTH, HEIGHT = 1500, 1000  # events may land anywhere in this box, the window included or not
KEYS = (
    [getattr(pygame, f"K_{d}") for d in range(10)]
    + [getattr(pygame, f"K_KP{d}") for d in range(10)]
    + [getattr(pygame, f"K_{c}") for c in "abcdefghijklmnopqrstuvwxyz"]
    # F9 records video through ffmpeg: the recording tests cover it, here it would only be slow
    + [getattr(pygame, f"K_F{n}") for n in range(1, 13) if n != 9]
    + [
        pygame.K_SPACE,
        pygame.K_TAB,
        pygame.K_SLASH,
        pygame.K_QUESTION,
        pygame.K_RETURN,
        pygame.K_KP_ENTER,
        pygame.K_ESCAPE,
        pygame.K_BACKSPACE,
        pygame.K_DELETE,
        pygame.K_LEFT,
        pygame.K_RIGHT,
        pygame.K_UP,
        pygame.K_DOWN,
        pygame.K_LEFTBRACKET,
        pygame.K_RIGHTBRACKET,
        pygame.K_HOME,
        pygame.K_END,
    ]
)
MODS = (
    0,
    pygame.KMOD_LSHIFT,
    pygame.KMOD_LCTRL,
    pygame.KMOD_LALT,
    pygame.KMOD_LCTRL | pygame.KMOD_LSHIFT,
)

positions = st.tuples(st.integers(-100, WIDTH), st.integers(-100, HEIGHT))
on_canvas = st.tuples(st.integers(20, 520), st.integers(90, 600))  # where the draw canvas is
pointer = st.one_of(positions, on_canvas)
buttons = st.integers(1, 5)


def _mouse(kind):
    return st.builds(
        lambda pos, button: pygame.event.Event(
            kind, pos=pos, button=button, touch=False, window=None
        ),
        pointer,
        buttons,
    )


def _motion():
    return st.builds(
        lambda pos, rel, held: pygame.event.Event(
            pygame.MOUSEMOTION, pos=pos, rel=rel, buttons=held, touch=False, window=None
        ),
        pointer,
        st.tuples(st.integers(-50, 50), st.integers(-50, 50)),
        st.tuples(st.booleans(), st.booleans(), st.booleans()),
    )


def _finger(kind):
    return st.builds(
        lambda x, y, finger: pygame.event.Event(
            kind, x=x, y=y, dx=0.0, dy=0.0, finger_id=finger, touch_id=1, pressure=1.0
        ),
        st.floats(-0.2, 1.2),
        st.floats(-0.2, 1.2),
        st.integers(0, 2),
    )


def _key():
    def build(key, mod, up):
        unicode = "?" if key in (pygame.K_SLASH, pygame.K_QUESTION) and mod else ""
        if not unicode and pygame.K_a <= key <= pygame.K_z:
            unicode = chr(key)
        kind = pygame.KEYUP if up else pygame.KEYDOWN
        return pygame.event.Event(kind, key=key, mod=mod, unicode=unicode, scancode=0)

    return st.builds(build, st.sampled_from(KEYS), st.sampled_from(MODS), st.booleans())


def _wheel():
    return st.builds(
        lambda x, y: pygame.event.Event(
            pygame.MOUSEWHEEL, x=x, y=y, precise_x=float(x), precise_y=float(y), flipped=False
        ),
        st.integers(-5, 5),
        st.integers(-5, 5),
    )


def _resize():
    sizes = st.one_of(
        st.tuples(st.integers(1, 200), st.integers(1, 200)),  # tiny: clamped to the minimum
        st.tuples(st.integers(900, 1600), st.integers(600, 1000)),
    )
    return st.builds(
        lambda wh: pygame.event.Event(pygame.VIDEORESIZE, w=wh[0], h=wh[1], size=wh), sizes
    )


def _window(kind):
    return st.just(pygame.event.Event(kind))


def _drop(files):
    return st.builds(
        lambda path: pygame.event.Event(pygame.DROPFILE, file=str(path)), st.sampled_from(files)
    )


def _text():
    return st.builds(
        lambda text: pygame.event.Event(pygame.TEXTINPUT, text=text), st.text(max_size=8)
    )


def _events(files):
    return st.one_of(
        _mouse(pygame.MOUSEBUTTONDOWN),
        _mouse(pygame.MOUSEBUTTONUP),
        _motion(),
        _motion(),
        _motion(),
        _finger(pygame.FINGERDOWN),
        _finger(pygame.FINGERMOTION),
        _finger(pygame.FINGERUP),
        _key(),
        _key(),
        _key(),
        _wheel(),
        _resize(),
        _drop(files),
        _text(),
        _window(pygame.WINDOWFOCUSLOST),
        _window(pygame.WINDOWLEAVE),
        _window(pygame.WINDOWMINIMIZED),
        _window(pygame.WINDOWRESTORED),
        _window(pygame.WINDOWFOCUSGAINED),
        _window(pygame.DROPBEGIN),
        st.builds(
            lambda text: pygame.event.Event(pygame.DROPTEXT, text=text), st.text(max_size=20)
        ),
    )


def _save_gesture():
    """A digit drawn on the canvas, labelled and saved (so samples really are written)."""

    def build(points, digit, key):
        held = (True, False, False)
        events = [pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=points[0], button=1, touch=False)]
        events += [
            pygame.event.Event(pygame.MOUSEMOTION, pos=p, rel=(0, 0), buttons=held, touch=False)
            for p in points[1:]
        ]
        events.append(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=points[-1], button=1))
        for code in (pygame.K_0 + digit, key):
            events.append(pygame.event.Event(pygame.KEYDOWN, key=code, mod=0, unicode=""))
        return events

    keys = st.sampled_from((pygame.K_RETURN, pygame.K_KP_ENTER))
    return st.builds(build, st.lists(on_canvas, min_size=1, max_size=6), st.integers(0, 9), keys)


def _drop_files(folder):
    """Picture files a person might drop: good ones, odd ones, broken ones and missing ones."""
    folder.mkdir()
    digit = np.zeros((28, 28), np.float32)
    digit[5:23, 12:16] = 1.0
    write_png(folder / "digit.png", digit)
    big = pygame.Surface((600, 400))
    big.fill((255, 255, 255))
    pygame.draw.circle(big, (0, 0, 0), (300, 200), 120, 30)
    pygame.image.save(big, str(folder / "photo.jpg"))
    pygame.image.save(big, str(folder / "scan.bmp"))
    pygame.image.save(pygame.Surface((1, 1)), str(folder / "dot.png"))
    clear = pygame.Surface((64, 64), pygame.SRCALPHA)
    pygame.draw.line(clear, (0, 0, 0, 255), (10, 10), (50, 50), 6)
    pygame.image.save(clear, str(folder / "transparent.png"))
    good = (folder / "digit.png").read_bytes()
    (folder / "truncated.png").write_bytes(good[: len(good) // 2])
    (folder / "notes.png").write_text("not a picture at all")
    (folder / "empty.gif").write_bytes(b"")
    (folder / "a folder.png").mkdir()
    os.mkfifo(folder / "pipe.png")  # opening it for reading would wait forever
    latin = os.fsdecode(os.fsencode(folder) + b"/\xe9t\xe9.png")  # a name that is not UTF-8
    Path(latin).write_bytes(good)
    return [*sorted(folder.iterdir()), folder / "missing.png", folder / "nowhere" / "x.bmp"]


pytestmark = pytest.mark.fuzz


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """Builds a fresh app in a new folder on each call; the drop files are shared (read only)."""
    root = tmp_path_factory.mktemp("fuzz")
    pygame.init()  # the drop files are drawn with pygame before any app exists
    files = _drop_files(root / "drops")
    counter = itertools.count()

    def fresh_app() -> tuple[App, Path]:
        folder = root / f"example{next(counter)}"
        samples = folder / "samples"
        samples.mkdir(parents=True)
        pygame.event.clear()  # nothing left over from an earlier example
        session = Session(Settings(), samples)
        app = App(session, scene="draw", clock=FixedClock(), screenshot_dir=folder / "shots")
        app.sessions_dir = folder / "sessions"  # Ctrl+S and Ctrl+O stay inside the test folder
        app.studio.capture_dir = folder / "captures"
        return app, samples

    yield fresh_app, files
    pygame.event.clear()


def _check(app: App, samples) -> None:
    session = app.session
    for array in (*session.trainer.network.weights, *session.trainer.network.biases):
        assert np.isfinite(array).all()
    on_disk = np.array([len(list((samples / str(d)).glob("*.png"))) for d in range(10)])
    assert np.bincount(session.user_labels, minlength=10).tolist() == on_disk.tolist()
    assert len(session.user_paths) == on_disk.sum()
    assert all(path.is_file() for path in session.user_paths)
    starter = np.bincount(session.starter_labels, minlength=10)
    mix = session.settings.mix  # the mix buttons choose which samples train (and are counted)
    counted = starter * (mix != "yours") + on_disk * (mix != "starter")
    report = app.report()
    for digit in session.settings.digits:
        assert report["samples"][str(digit)] == counted[digit]
    json.dumps(report, allow_nan=False)  # every number in a report is finite
    pygame.event.post(pygame.event.Event(pygame.WINDOWFOCUSLOST))
    app.step()
    assert not session.canvas.drawing  # whatever happened, no stroke is left stuck down


@settings(
    max_examples=24,  # with a fresh app each (0.4 s) the suite stays under 2 minutes
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_event_streams_never_break_the_app(world, data):
    fresh_app, files = world
    app, samples = fresh_app()
    scene = data.draw(st.sampled_from(list(app.scenes)), label="scene")
    app.request_scene(scene)
    app.session.running = data.draw(st.booleans(), label="training")
    switch = st.sampled_from(list(app.scenes))
    batches = st.one_of(st.lists(_events(files), max_size=4), _save_gesture(), switch)
    actions = data.draw(
        st.lists(st.tuples(batches, st.integers(1, 4)), min_size=30, max_size=60),
        label="frames",
    )
    for events, frames in actions:
        if isinstance(events, str):  # a tab clicked
            app.request_scene(events)
            events = []
        for event in events:
            pygame.event.post(event)
        for _ in range(frames):
            app.step()
            app.quitting = False  # Ctrl+Q asks to quit; the loop would stop, the test goes on
    _check(app, samples)
    app.studio.close()
