"""Headless, single-threaded test runs.

SDL must pick its dummy drivers and OpenBLAS its thread count before pygame and numpy load, and
pytest imports this file before any test module, so the environment is set here at import time.
"""

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ["OPENBLAS_NUM_THREADS"] = "1"
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"

import pytest  # noqa: E402  (after the environment on purpose)


@pytest.fixture
def samples_dir(tmp_path):
    """An empty folder for user samples, so no test touches samples/user."""
    folder = tmp_path / "samples"
    folder.mkdir()
    return folder
