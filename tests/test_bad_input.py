"""Hostile input from outside: sample files, model files, pictures, scripts and the command line.

Each case must end in a clear one-line message naming what was wrong, and every file on disk
must be byte-for-byte what it was before. Cases the unit tests of each module already cover
(test_store, test_png, test_imagefile, test_nn, test_script, test_cli) are not repeated here.
"""

from __future__ import annotations

import hashlib
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import numpy as np
import pygame
import pytest

from playground.app import App
from playground.clock import FixedClock
from playground.config import Settings
from playground.data.png import SIGNATURE, write_png
from playground.nn import Network
from playground.nn.model_file import ModelFileError
from playground.script import ScriptError, ScriptRunner, load_script, parse_script
from playground.session import Session

ROOT = Path(__file__).resolve().parents[1]


def fingerprint(folder: Path) -> dict[str, str]:
    """Every entry under `folder` (links as links, not followed) and a hash of its content."""
    found = {}
    for top, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = os.path.join(top, name)
            if os.path.islink(path):
                found[path] = "link to " + os.readlink(path)
            elif os.path.isfile(path):
                with open(path, "rb") as handle:
                    found[path] = hashlib.file_digest(handle, "sha256").hexdigest()
    return found


def digit() -> np.ndarray:
    image = np.zeros((28, 28), np.float32)
    image[5:23, 12:16] = 1.0
    return image


# -- sample files ---------------------------------------------------------------------------------
@pytest.fixture
def hostile_samples(tmp_path):
    """A sample folder with one good sample and every kind of file that cannot be one."""
    root = tmp_path / "samples"
    folder = root / "2"
    folder.mkdir(parents=True)
    write_png(folder / "good.png", digit())
    good = (folder / "good.png").read_bytes()
    (folder / "truncated.png").write_bytes(good[: len(good) // 2])
    (folder / "corrupt.png").write_bytes(good[:40] + b"\0" * 20 + good[60:])
    write_png(folder / "wrong-size.png", np.zeros((30, 28), np.uint8))
    (folder / "letter.png").write_text("Dear teacher, this is not a picture.")
    with open(folder / "huge.png", "wb") as handle:  # sparse: 100 MB without using the disk
        handle.truncate(100 * 2**20)
    (folder / "loop-a.png").symlink_to(folder / "loop-b.png")
    (folder / "loop-b.png").symlink_to(folder / "loop-a.png")
    (folder / "gone.png").symlink_to(folder / "nothing-here.png")
    with open(os.fsencode(folder) + b"/\xff\xfe-latin.png", "wb") as handle:
        handle.write(b"not a png either")
    return root


EXPECTED_REASONS = {
    "truncated.png": "truncated",
    "corrupt.png": "CRC mismatch",
    "wrong-size.png": "28x30, samples must be 28x28",
    "letter.png": "not a PNG",
    "huge.png": "over the 8 MB limit",
    "loop-a.png": "Too many levels of symbolic links",
    "loop-b.png": "Too many levels of symbolic links",
    "gone.png": "No such file or directory",
    "\ufffd\ufffd-latin.png": "not a PNG",
}


def test_unusable_sample_files_are_named_once_shown_and_left_untouched(hostile_samples, capsys):
    before = fingerprint(hostile_samples)
    session = Session(Settings(), hostile_samples)
    assert [path.name for path in session.user_paths] == ["good.png"]
    said = [m for m in capsys.readouterr().err.splitlines() if m.startswith("skipped sample")]
    assert len(said) == len(EXPECTED_REASONS)
    for name, reason in EXPECTED_REASONS.items():
        (line,) = [m for m in said if f"/2/{name}: " in m]
        assert reason in line and "\n" not in line
    app = App(session, clock=FixedClock())
    for message in said:  # each name can be drawn in the status line (no font chokes on it)
        session.say(message)
        app.step()
    capsys.readouterr()
    session.canvas.draw_stroke([(14, 4), (14, 24)])
    session.label = 2
    assert session.save_sample() is not None  # saving reloads the folder ...
    assert "skipped" not in capsys.readouterr().err  # ... without naming them all again
    saved = {p for p in fingerprint(hostile_samples) if p not in before}
    assert len(saved) == 1
    after = fingerprint(hostile_samples)
    assert {p: after[p] for p in before} == before


def test_a_sample_with_a_non_utf8_name_loads_shows_and_deletes(tmp_path):
    folder = tmp_path / "samples" / "3"
    folder.mkdir(parents=True)
    name = os.fsdecode(os.fsencode(folder) + b"/\xe9t\xe9.png")
    write_png(Path(name), digit())
    session = Session(Settings(), tmp_path / "samples")
    app = App(session, clock=FixedClock())
    assert session.user_paths == [Path(name)]
    assert session.delete_sample(Path(name))
    app.step()  # the status line names the deleted file
    assert "\ufffdt\ufffd.png" in session.messages[-1]
    assert session.undo_delete() is not None


# -- model files ----------------------------------------------------------------------------------
def _model(path: Path, **changes) -> None:
    network = Network([784, 4, 3])
    arrays = {"sizes": np.array(network.sizes), "activation": np.array("tanh")}
    arrays["loss"] = np.array("mse")
    for i, (w, b) in enumerate(zip(network.weights, network.biases, strict=True)):
        arrays[f"W{i}"], arrays[f"b{i}"] = w, b
    arrays.update(changes)
    np.savez(path, **arrays)


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"W1": np.full((4, 3), np.inf, np.float32)}, "W1 contains non-finite values"),
        ({"W0": np.full((784, 4), np.nan, np.float32)}, "W0 contains non-finite values"),
        ({"W0": np.zeros((10, 4), np.float32)}, "W0 has shape (10, 4), expected (784, 4)"),
        ({"sizes": np.array([784, 4, 5])}, "W1 has shape (4, 3), expected (4, 5)"),
        ({"b0": np.array([object()] * 4)}, "b0 unreadable"),
    ],
)
def test_bad_model_files_are_refused_by_name_and_left_as_they_were(tmp_path, changes, reason):
    path = tmp_path / "model.npz"
    _model(path, **changes)
    before = fingerprint(tmp_path)
    with pytest.raises(ModelFileError) as error:
        Network.load(path)
    assert str(error.value).startswith(f"{path}: not a playground model")
    assert reason in str(error.value) and "\n" not in str(error.value)
    assert fingerprint(tmp_path) == before


def test_a_damaged_model_file_is_refused_and_left_as_it_was(tmp_path):
    path = tmp_path / "model.npz"
    _model(path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 64] = bytes(64)
    path.write_bytes(bytes(data))
    before = fingerprint(tmp_path)
    with pytest.raises(ModelFileError, match=f"^{path}: "):
        Network.load(path)
    assert fingerprint(tmp_path) == before


# -- pictures through the `image` script action ---------------------------------------------------
def _png(path: Path, width: int, height: int, depth: int, colour: int, data: bytes) -> Path:
    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + body))
        return struct.pack(">I", len(body)) + kind + body + crc

    header = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0)
    body = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(data)) + chunk(b"IEND", b"")
    path.write_bytes(SIGNATURE + body)
    return path


def _sixteen_bit(path: Path, channels: int, colour: int) -> Path:
    image = np.zeros((40, 40, channels), ">u2")
    image[8:32, 17:23, :] = 65535  # a bright bar
    image[..., 3 % channels :] = 65535 if channels in (2, 4) else image[..., 3 % channels :]
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


def test_a_picture_too_large_to_decode_is_refused_at_its_line(tmp_path):
    huge = _png(tmp_path / "huge.png", 30_000, 30_000, 8, 0, b"\0" * 100)
    before = fingerprint(tmp_path)
    with pytest.raises(ScriptError) as error:
        parse_script(f"clear\nimage {huge.name}\n", str(tmp_path / "demo.txt"))
    assert str(error.value).startswith(f"{tmp_path / 'demo.txt'}:2: image ")
    assert "30000x30000 pixels is too large" in str(error.value)
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
def main_py(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    command = [sys.executable, str(ROOT / "main.py"), *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def assert_one_line_refusal(result: subprocess.CompletedProcess) -> None:
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


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
