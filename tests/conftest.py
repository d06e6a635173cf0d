"""Headless, single-threaded test runs.

SDL must pick its dummy drivers and OpenBLAS its thread count before pygame and numpy load, and
pytest imports this file before any test module, so the environment is set here at import time.
"""

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ["OPENBLAS_NUM_THREADS"] = "1"
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"

from pathlib import Path  # noqa: E402  (after the environment on purpose)

import numpy as np  # noqa: E402
import pygame  # noqa: E402
import pytest  # noqa: E402
from scene_app import make_app  # noqa: E402

from playground.core.data.starter import load_starter  # noqa: E402
from playground.ui.render import theme  # noqa: E402


@pytest.fixture
def samples_dir(tmp_path):
    """An empty folder for user samples, so no test touches samples/user."""
    folder = tmp_path / "samples"
    folder.mkdir()
    return folder


@pytest.fixture(scope="module")
def small_starter(request, tmp_path_factory) -> Path:
    """A slice of the bundled starter set (the test module's STARTER_PER_DIGIT of each digit,
    30 if it names none) in a file of its own: enough to train on, prepared in milliseconds."""
    per_digit = getattr(request.module, "STARTER_PER_DIGIT", 30)
    images, labels = load_starter()
    keep = np.concatenate([np.flatnonzero(labels == d)[:per_digit] for d in range(10)])
    path = tmp_path_factory.mktemp("starter") / "mnist.npz"
    np.savez_compressed(path, images=images[keep], labels=labels[keep])
    return path


@pytest.fixture
def app(request, samples_dir, small_starter):
    """The app on the test module's SCENE (modules that need another app define their own)."""
    app = make_app(samples_dir, small_starter, request.module.SCENE)
    yield app
    pygame.event.clear()


@pytest.fixture
def drawn_text(monkeypatch) -> list[str]:
    """Every string a frame asks theme.text or theme.blit_text to draw while the test runs
    (the text is still rendered as usual): what the renderer was asked to say."""
    seen: list[str] = []
    text, blit_text = theme.text, theme.blit_text

    def recording_text(content, *args, **kwargs):
        seen.append(content)
        return text(content, *args, **kwargs)

    def recording_blit_text(surface, content, *args, **kwargs):
        seen.append(content)
        return blit_text(surface, content, *args, **kwargs)

    monkeypatch.setattr(theme, "text", recording_text)
    monkeypatch.setattr(theme, "blit_text", recording_blit_text)
    return seen
