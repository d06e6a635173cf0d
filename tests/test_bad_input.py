"""Hostile files from outside: sample files and model files (pictures, scripts and the command
line are in test_bad_scripts).

Each case must end in a clear one-line message naming what was wrong, and every file on disk
must be byte-for-byte what it was before. Cases the unit tests of each module already cover
(test_store, test_png, test_nn) are not repeated here.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from disk_state import fingerprint

from playground.core.nn import Network
from playground.core.nn.model_file import ModelFileError
from playground.core.session import Session
from playground.core.settings import Settings
from playground.files.png import write_png
from playground.ui.app import App
from playground.ui.clock import FixedClock


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
    os.mkfifo(folder / "pipe.png")  # opening a pipe waits for a writer: it must not be opened so
    (folder / "device.png").symlink_to("/dev/zero")
    with open(os.fsencode(folder) + b"/\xff\xfe-latin.png", "wb") as handle:
        handle.write(b"not a png either")
    return root


EXPECTED_REASONS = {
    "truncated.png": "truncated",
    "corrupt.png": "damaged",
    "wrong-size.png": "28x30, samples must be 28x28",
    "letter.png": "not a readable PNG",
    "huge.png": "over the 8 MB limit",
    "loop-a.png": "Too many levels of symbolic links",
    "loop-b.png": "Too many levels of symbolic links",
    "gone.png": "No such file or directory",
    "pipe.png": "not a regular file",
    "device.png": "not a regular file",
    "\ufffd\ufffd-latin.png": "not a readable PNG",
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
    assert len(saved) == 2 and any(p.endswith(".strokes.json") for p in saved)  # PNG + strokes
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
