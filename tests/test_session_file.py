"""Sessions on disk: Ctrl+S writes one .npz a notebook can open with Network.load, Ctrl+O and
--load bring back the network, settings, history and counters, and a bad file is one line
naming it with nothing changed."""

import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pygame
import pytest

from playground.core.nn import Network
from playground.core.session import Session
from playground.core.settings import Settings
from playground.files.session_file import (
    SessionFileError,
    load,
    newest,
    read_session,
    save,
    session_path,
)
from playground.ui.app import App

STARTER_PER_DIGIT = 30  # read by the small_starter fixture in conftest.py

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def trained(samples_dir, small_starter):
    settings = Settings(layers=(12, 8), activation="relu", lr=0.03, digits=(2, 5, 7), val_every=4)
    session = Session(settings, samples_dir, small_starter)
    for _ in range(10):
        session.trainer.step()
    return session


@pytest.fixture
def fresh(samples_dir, small_starter):
    return Session(Settings(), samples_dir, small_starter)


def test_a_saved_session_loads_as_a_network_in_a_notebook(trained, tmp_path):
    folder = tmp_path / "sessions"
    path = save(trained, folder)
    assert path.parent == folder and path.name.startswith("playground-")
    network = Network.load(path)
    assert network.sizes == [784, 12, 8, 3] and network.activation == "relu"
    for mine, theirs in zip(trained.trainer.network.weights, network.weights, strict=True):
        assert np.array_equal(mine, theirs)
    assert [p.name for p in folder.iterdir()] == [path.name]  # no temporary file left


def test_loading_restores_settings_weights_history_and_counters(trained, fresh, tmp_path):
    path = save(trained, tmp_path)
    said = load(fresh, path)
    assert str(path) in said and "784-12-8-3" in said and "step 10" in said
    old, new = trained.trainer, fresh.trainer
    assert fresh.settings == trained.settings
    for mine, theirs in zip(
        old.network.weights + old.network.biases,
        new.network.weights + new.network.biases,
        strict=True,
    ):
        assert np.array_equal(mine, theirs)
    assert (new.steps, new.epoch, new.samples_seen) == (old.steps, old.epoch, old.samples_seen)
    assert np.array_equal(new.history.train_loss, old.history.train_loss)
    assert new.history.eval_steps.tolist()[:2] == old.history.eval_steps.tolist()
    old.validate()  # step 8's figures came from slices measured over steps 5-8: judge now
    assert new.val_acc == pytest.approx(old.val_acc)  # measured again on the same weights
    x, _ = new.validation
    assert np.array_equal(new.network.predict(x), old.network.predict(x))
    # the loaded weights are where this run's training starts: the tiles' w − w₀ is since then
    assert old.start_step == 0 and new.start_step == 10
    assert np.array_equal(new.network.start_weights[0], old.network.weights[0])
    assert new.step() is not None and new.steps == 11  # training carries on


def test_newest_is_the_latest_file(tmp_path):
    assert newest(tmp_path) is None
    first = session_path(tmp_path, now=1_000_000)
    first.write_bytes(b"x")
    second = session_path(tmp_path, now=1_000_000)
    assert second != first
    second.write_bytes(b"y")
    later = time.time() + 100
    os.utime(first, (later, later))
    assert newest(tmp_path) == first


@pytest.mark.parametrize("damage", ["garbage", "model_only", "mismatch", "bad_settings"])
def test_a_bad_file_is_one_line_naming_it_and_changes_nothing(trained, fresh, tmp_path, damage):
    path = save(trained, tmp_path)
    if damage == "garbage":
        path.write_bytes(b"not a zip at all")
    elif damage == "model_only":
        trained.trainer.network.save(path)
    else:
        with np.load(path, allow_pickle=False) as archive:
            arrays = dict(archive)
        if damage == "mismatch":
            arrays["activation"] = np.array("tanh")
        else:
            arrays["settings"] = np.array('{"lr": "lots"}')
        np.savez(path, **arrays)
    before = (fresh.settings, fresh.trainer.network)
    with pytest.raises(SessionFileError) as error:
        load(fresh, path)
    assert str(path) in str(error.value) and "\n" not in str(error.value)
    assert (fresh.settings, fresh.trainer.network) == before


def test_ctrl_s_and_ctrl_o_save_and_load_from_the_sessions_folder(trained, tmp_path):
    app = App(trained, scene="train")
    app.sessions_dir = tmp_path / "sessions"

    def ctrl(key):
        pygame.event.post(
            pygame.event.Event(
                pygame.KEYDOWN, key=key, mod=pygame.KMOD_CTRL, unicode="", scancode=0
            )
        )
        app.step()

    ctrl(pygame.K_o)
    assert "no saved session" in trained.messages[-1]
    ctrl(pygame.K_s)
    saved = newest(app.sessions_dir)
    assert saved is not None and str(saved) in trained.messages[-1]
    trained.set("layers", "32")
    ctrl(pygame.K_o)
    assert trained.settings.layers == (12, 8) and trained.trainer.steps == 10
    assert f"loaded {saved}" in trained.messages[-1]
    assert read_session(saved).settings == trained.settings


def test_load_on_the_command_line_refuses_a_bad_file_in_one_line(tmp_path):
    bad = tmp_path / "broken.npz"
    bad.write_bytes(b"\x00" * 10)
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    for path in (bad, tmp_path / "missing.npz"):
        result = subprocess.run(
            [
                sys.executable,
                str(ROOT / "main.py"),
                "--headless",
                "--frames",
                "1",
                "--load",
                str(path),
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and str(path) in result.stderr
