"""Strokes kept with each saved digit: the canvas records them, saving writes them beside the
PNG, deleting and bringing back keep them together, and a missing, cut short or hostile strokes
file leaves its digit loading as an image, named in one line, with no file changed."""

from __future__ import annotations

import json

import numpy as np
import pytest

from playground.core.data.pen import Canvas, rasterise
from playground.core.session import Session
from playground.core.settings import Settings
from playground.files.png import write_png
from playground.files.store import SampleStore
from playground.files.stroke_file import read_strokes, strokes_path

STARTER_PER_DIGIT = 10  # read by the small_starter fixture in conftest.py
SEVEN = [[(8.0, 6.0), (20.0, 6.0)], [(20.0, 6.0), (12.5, 23.0)]]


def _drawn(canvas: Canvas, strokes=SEVEN) -> Canvas:
    for stroke in strokes:
        canvas.draw_stroke(stroke)
    return canvas


def test_the_canvas_records_strokes_and_undo_clear_erase_and_images_follow():
    canvas = _drawn(Canvas())
    assert [s.tolist() for s in canvas.strokes] == [list(map(list, s)) for s in SEVEN]
    canvas.undo()
    assert len(canvas.strokes) == 1
    canvas.clear()
    assert canvas.strokes == ()
    canvas.undo()  # the clear is undone: the stroke comes back with the picture
    assert len(canvas.strokes) == 1
    canvas.draw_stroke([(3, 3), (9, 9)], erase=True)
    assert canvas.strokes is None  # an erased picture is no longer its strokes
    canvas.undo()
    assert len(canvas.strokes) == 1
    canvas.set_image(np.full((28, 28), 0.5, np.float32))
    assert canvas.strokes is None
    canvas.clear()
    assert canvas.strokes == ()


def test_rasterise_draws_exactly_what_the_canvas_draws():
    rng = np.random.default_rng(0)
    strokes = [rng.uniform(-3, 31, (rng.integers(1, 12), 2)) for _ in range(4)]
    canvas = _drawn(Canvas(), [list(map(tuple, s)) for s in strokes])
    assert np.array_equal(rasterise(strokes), canvas.pixels)


def _session(samples_dir, small_starter) -> Session:
    return Session(Settings(digits=(1, 7)), samples_dir, small_starter)


def _save_seven(session: Session):
    _drawn(session.canvas)
    session.label = 7
    return session.save_sample()


def test_saving_writes_the_strokes_beside_the_png_and_they_load_back(samples_dir, small_starter):
    session = _session(samples_dir, small_starter)
    path = _save_seven(session)
    side = strokes_path(path)
    assert side.parent == path.parent and side.name == path.stem + ".strokes.json"
    assert sorted(p.name for p in path.parent.iterdir()) == sorted([path.name, side.name])
    loaded = SampleStore(samples_dir).load()
    assert loaded.skipped == [] and loaded.bad_strokes == []
    assert [s.tolist() for s in loaded.strokes[0]] == [list(map(list, s)) for s in SEVEN]
    # an image-only sample (dropped in from elsewhere) loads with no strokes, and no message
    image = np.zeros((28, 28), np.float32)
    image[4:24, 13:15] = 1.0  # a 1 as a picture, not a copy of the saved 7
    session.canvas.set_image(image)
    session.label = 1
    plain = session.save_sample()
    assert not strokes_path(plain).exists()
    assert SampleStore(samples_dir).load().strokes[0] is None  # the 1 sorts first


def test_deleting_removes_the_strokes_and_undo_brings_them_back(samples_dir, small_starter):
    session = _session(samples_dir, small_starter)
    path = _save_seven(session)
    assert session.delete_sample(path)
    assert list(path.parent.iterdir()) == []
    back = session.undo_delete()
    assert back is not None and strokes_path(back).exists()
    assert len(read_strokes(strokes_path(back))) == 2
    assert back == path  # under its old name: back in its place among its digit's thumbnails


@pytest.mark.parametrize(
    "content",
    [
        b'{"format": "playground strokes", "version": 1, "strokes": [[[1, 2], [3',  # cut short
        b"\xff\xfe not text",
        b'{"format": "playground strokes", "version": 1, "strokes": [[[NaN, 2]]]}',
        b'{"format": "playground strokes", "version": 1, "strokes": [[[1e999, 2]]]}',
        b'{"format": "playground strokes", "version": 1, "strokes": [[["a", 2]]]}',
        b'{"format": "playground strokes", "version": 1, "strokes": [[[true, 2]]]}',
        b'{"format": "playground strokes", "version": 1, "strokes": [[[-5, 2]]]}',
        b'{"format": "playground strokes", "version": 1, "strokes": [[[1, 2, 3]]]}',
        b'{"format": "playground strokes", "version": 1, "strokes": []}',
        b'{"format": "playground strokes", "version": 1, "strokes": {"a": 1}}',
        b'{"format": "playground strokes", "version": 99, "strokes": [[[1, 2]]]}',
        b'{"format": "playground strokes", "version": 1, "strokes": [[[1, 2]]' + b"]" * 1,
        b"[" * 100000,
        b'{"format": "playground strokes", "version": 1, "strokes": [[[10'
        + b"0" * 400
        + b", 1]]]}",
        json.dumps(
            {"format": "playground strokes", "version": 1, "strokes": [[[1, 2]] * 9000]}
        ).encode(),
        b" " * (300 * 1024),
        b"[]",
    ],
)
def test_a_bad_strokes_file_leaves_its_digit_an_image_named_in_one_line(
    samples_dir, small_starter, content
):
    path = _save_seven(_session(samples_dir, small_starter))
    side = strokes_path(path)
    side.write_bytes(content)
    before = {p.name: p.read_bytes() for p in path.parent.iterdir()}
    session = _session(samples_dir, small_starter)
    assert len(session.user_labels) == 1 and session.user_strokes == [None]
    said = [m for m in session.messages if str(side) in m]
    assert len(said) == 1 and "\n" not in said[0]
    after = {p.name: p.read_bytes() for p in path.parent.iterdir()}
    assert after == before  # nothing deleted or rewritten
    for _ in range(5):
        session.trainer.step()
    assert session.trainer.own_trained == 1
    made = session.trainer.refresh_own(2) + session.trainer.refresh_own(2)
    assert made == 1  # it trains, jittered as an image


def test_a_missing_strokes_file_is_named_in_one_line_and_dropped_in_pictures_stay_silent(
    samples_dir, small_starter
):
    path = _save_seven(_session(samples_dir, small_starter))
    write_png(path.with_name("dropped-in.png"), np.zeros((28, 28), np.uint8))  # no marker
    strokes_path(path).unlink()  # the user tidied the folder, or copied only the PNGs
    before = {p.name: p.read_bytes() for p in path.parent.iterdir()}
    session = _session(samples_dir, small_starter)
    assert len(session.user_labels) == 2 and session.user_strokes == [None, None]
    said = [m for m in session.messages if "strokes" in m or "dropped-in" in m]
    assert said == [f"{strokes_path(path)} is missing; that 7 trains as an image"]
    assert {p.name: p.read_bytes() for p in path.parent.iterdir()} == before
    # a digit whose strokes could not be kept is not marked, so nothing is said about it either
    canvas = Canvas()
    for i in range(70):  # more than MAX_STROKES
        canvas.draw_stroke([(4 + i % 20, 4 + i // 20), (5 + i % 20, 5 + i // 20)])
    SampleStore(samples_dir).save(canvas.pixels, 7, canvas.strokes)
    assert SampleStore(samples_dir).load().bad_strokes == [(strokes_path(path), "missing")]


def test_a_drawing_with_more_strokes_than_a_file_keeps_saves_as_an_image(samples_dir):
    canvas = Canvas()
    for i in range(70):  # more than MAX_STROKES
        canvas.draw_stroke([(4 + i % 20, 4 + i // 20), (5 + i % 20, 5 + i // 20)])
    path = SampleStore(samples_dir).save(canvas.pixels, 3, canvas.strokes)
    assert path.exists() and not strokes_path(path).exists()
