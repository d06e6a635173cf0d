"""Hostile input a person types or hands over: pictures for the `image` action, script lines and
command lines. Each ends in one clear line naming the file (and line) or the flag, status 2 from
the command line, and every file on disk byte-for-byte what it was before. Cases test_script,
test_imagefile and test_cli already cover are not repeated here.
"""

from __future__ import annotations

import os
import re
import struct
import zlib
from pathlib import Path

import numpy as np
import pygame
import pytest
from app_process import assert_one_line_refusal, main_py
from disk_state import fingerprint

from playground.core.session import Session
from playground.core.settings import Settings
from playground.demo.script import ScriptError, ScriptRunner, load_script, parse_script
from playground.ui.app import App
from playground.ui.clock import FixedClock

ROOT = Path(__file__).resolve().parents[1]


# -- pictures through the `image` script action ---------------------------------------------------
SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _png(path: Path, width: int, height: int, depth: int, colour: int, data: bytes) -> Path:
    """A PNG of any depth and colour type (pygame writes 8-bit RGB(A) only)."""
    header = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0)
    body = _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(data)) + _chunk(b"IEND", b"")
    path.write_bytes(SIGNATURE + body)
    return path


def _sixteen_bit(path: Path, channels: int, colour: int) -> Path:
    image = np.zeros((40, 40, channels), ">u2")
    image[8:32, 17:23, :] = 65535  # a bright bar
    if channels == 4:
        image[..., 3] = 65535  # opaque everywhere
    rows = b"".join(b"\0" + image[r].tobytes() for r in range(40))
    return _png(path, 40, 40, 16, colour, rows)


def _animated_gif(path: Path) -> Path:
    """Two 1x1 frames, white then black, with a delay between: an animation."""
    frame = b"!\xf9\x04\x00\x0a\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00"
    screen = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00"
    path.write_bytes(screen + frame + frame.replace(b"D\x01", b"L\x01") + b";")
    return path


def _pictures(folder: Path) -> dict[str, Path]:
    one = pygame.Surface((1, 1))
    one.fill((255, 255, 255))
    pygame.image.save(one, str(folder / "dot.png"))
    clear = pygame.Surface((50, 50), pygame.SRCALPHA)
    pygame.draw.rect(clear, (0, 0, 0, 255), pygame.Rect(22, 5, 6, 40))
    pygame.image.save(clear, str(folder / "transparent.png"))
    return {
        "1x1": folder / "dot.png",
        "transparent": folder / "transparent.png",
        "animated": _animated_gif(folder / "anim.gif"),
        "16-bit gray": _sixteen_bit(folder / "gray16.png", 1, 0),
        "16-bit RGBA": _sixteen_bit(folder / "rgba16.png", 4, 6),
    }


@pytest.fixture(scope="module")
def script_app(tmp_path_factory):
    session = Session(Settings(), tmp_path_factory.mktemp("samples"))
    return App(session, scene="draw", clock=FixedClock())


def _run_script(app: App, text: str, folder: Path) -> None:
    app.script = ScriptRunner(parse_script(text, str(folder / "demo.txt")), app)
    app.quitting = False
    try:
        for _ in range(20):
            app.step()
            if app.quitting:
                return
        raise AssertionError("the script did not finish")
    finally:
        app.script = None


@pytest.mark.parametrize("kind", ["1x1", "transparent", "animated", "16-bit gray", "16-bit RGBA"])
def test_odd_pictures_reach_the_canvas_and_stay_as_they_were(script_app, tmp_path, kind):
    path = _pictures(tmp_path)[kind]
    before = fingerprint(tmp_path)
    canvas = script_app.session.canvas
    canvas.clear()
    _run_script(script_app, f"image {path.name}\n", tmp_path)
    assert canvas.pixels.shape == (28, 28) and np.isfinite(canvas.pixels).all()
    if kind.startswith(("16-bit", "transparent")):
        assert not canvas.is_empty  # the bar made it onto the canvas
    assert fingerprint(tmp_path) == before


def test_a_pipe_dropped_on_the_canvas_is_refused_without_waiting(script_app, tmp_path):
    os.mkfifo(tmp_path / "pipe.png")  # an open() that blocked would hang this test
    script_app.scenes["draw"].load_file(tmp_path / "pipe.png")
    message = script_app.session.messages[-1]
    assert message.startswith(f"{tmp_path / 'pipe.png'}: cannot read it")
    assert "not a regular file" in message


def test_a_picture_too_large_to_decode_is_refused_at_its_line(tmp_path):
    huge = _png(tmp_path / "huge.png", 30_000, 30_000, 8, 0, b"\0" * 100)
    before = fingerprint(tmp_path)
    with pytest.raises(ScriptError) as error:
        parse_script(f"clear\nimage {huge.name}\n", str(tmp_path / "demo.txt"))
    assert str(error.value).startswith(f"{tmp_path / 'demo.txt'}:2: image ")
    assert "900000000 pixels is too large" in str(error.value)
    assert fingerprint(tmp_path) == before


# -- scripts --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("set lr 0", "set lr: lr must be between"),
        ("set lr -1", "set lr: lr must be between"),
        ("set lr nan", "set lr: lr must be"),
        ("set batch 0", "set batch: batch must be between"),
        ("set layers 0,abc", "set layers: "),
        ("set layers 16,16,16,16,16", "layers must list 1 to 4 hidden sizes"),
        ("stroke 14,14 -3,40", "coordinates must be inside the 28x28 canvas"),
        ("stroke 14,nan", "coordinates must be inside the 28x28 canvas"),
        ("label 1 2", "label takes one argument, got 2"),
        ("save now", "save takes no arguments"),
        ("fly 3", "unknown action 'fly'"),
    ],
)
def test_bad_script_lines_name_the_file_and_line(line, message):
    with pytest.raises(ScriptError) as error:
        parse_script(f"clear\n{line}\n", "lesson.txt")
    assert str(error.value).startswith("lesson.txt:2: ")
    assert message in str(error.value) and "\n" not in str(error.value)


def test_a_ten_megabyte_line_is_refused_without_a_traceback(tmp_path):
    script = tmp_path / "big.txt"
    script.write_bytes(b"clear\nstroke " + b"1,1 " * (10 * 2**20 // 4 - 4) + b"\n")
    with pytest.raises(ScriptError, match=f"^{script}:2: line is longer than"):
        load_script(script)
    result = main_py("--headless", "--script", str(script), "--samples", str(tmp_path))
    assert_one_line_refusal(result)
    assert f"{script}:2: line is longer than" in result.stderr


# -- the command line -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--seed", "-1"], "--seed"),
        (["--seed", "abc"], "--seed"),
        (["--seed", str(2**40)], "--seed"),
        (["--frames", "0"], "--frames"),
        (["--frames", "ten"], "--frames"),
        (["--scene", "studio"], "--scene"),
        (["--script"], "--script"),
        (["--script", "no-such-script.txt"], "no such file"),
        (["--record", "out.avi", "--frames", "5"], "videos are .mp4 or .gif"),
        (["--headless", "--record", "out.mp4"], "would never end"),
        (["--samples"], "--samples"),
        (["--frames", "5", "extra"], "unrecognized arguments"),
    ],
)
def test_bad_command_lines_are_one_line_and_status_2(args, says):
    result = main_py(*args)
    assert_one_line_refusal(result)
    assert says in result.stderr


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("set digits 3-1", "a range of digits goes low to high (e.g. 1-3)"),
        ("window 100000x100000", "the size must be from"),
        ("image .", "that is a folder"),
    ],
)
def test_a_mistake_is_named_for_what_it_is(tmp_path, line, says):
    """Each said what it got wrong: a reversed range 'must be between 0 and 9', a huge window
    'expected WIDTHxHEIGHT', a folder 'no such file'."""
    from playground.demo.script_parse import ScriptError, parse_script

    with pytest.raises(ScriptError, match=re.escape(says)):
        parse_script(line + "\n", str(tmp_path / "demo.txt"))
