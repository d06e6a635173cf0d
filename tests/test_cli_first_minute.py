"""A newcomer's first minute at the command line: a typo in a flag, a folder given as a session,
no display to show a window on, and a headless run with nothing to end it."""

import os
import subprocess
import sys
import time

import pytest
from app_process import ROOT, assert_one_line_refusal, main_py


def test_an_abbreviated_flag_is_refused_not_guessed(samples_dir):
    line = assert_one_line_refusal(main_py("--headles", "--frames", "1"))
    assert "--headles" in line


def test_loading_a_folder_says_it_is_a_folder(tmp_path):
    line = assert_one_line_refusal(main_py("--headless", "--frames", "1", "--load", str(tmp_path)))
    assert "is a folder" in line and str(tmp_path) in line


def _without_display(driver: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("SDL_VIDEODRIVER", None)
    if driver is not None:
        env["SDL_VIDEODRIVER"] = driver
    env["SDL_AUDIODRIVER"] = "dummy"
    return env


@pytest.mark.parametrize("driver", ["offscreen", None])
def test_no_display_is_said_and_nothing_runs_invisibly(samples_dir, driver):
    if driver is None and sys.platform != "linux":
        pytest.skip("without DISPLAY only Linux falls back to the offscreen driver")
    command = [sys.executable, str(ROOT / "main.py"), "--samples", str(samples_dir)]
    result = subprocess.run(
        command, cwd=ROOT, env=_without_display(driver), capture_output=True, text=True, timeout=60
    )
    # SDL itself may complain first (XDG_RUNTIME_DIR, while probing for Wayland)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith("playground: no display") and "--headless" in line


def test_headless_with_nothing_to_end_it_says_it_runs_until_stopped(samples_dir):
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    command = [sys.executable, str(ROOT / "main.py"), "--headless", "--samples", str(samples_dir)]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
    )
    try:
        deadline = time.monotonic() + 60
        line = ""
        while "running headless" not in line and time.monotonic() < deadline:
            line = process.stderr.readline()
            if not line and process.poll() is not None:
                break
        assert "running headless until stopped" in line and "--frames" in line
        assert process.poll() is None  # and it does run on
    finally:
        process.kill()
        process.wait(timeout=30)
        process.stderr.close()
