"""`python main.py` as a user runs it: bad input gives one line and status 2, and a script drives
the whole app headless, from drawing and saving a digit to a trained network's report."""

import json
from pathlib import Path

import pygame
from app_process import assert_one_line_refusal, main_py

ROOT = Path(__file__).resolve().parents[1]


def test_unknown_flag_is_one_line_and_status_2():
    line = assert_one_line_refusal(main_py("--colour", "blue"))
    assert "--colour" in line


def test_samples_folder_that_is_missing_or_a_file_is_refused(tmp_path):
    assert "does not exist" in assert_one_line_refusal(main_py("--samples", str(tmp_path / "no")))
    (tmp_path / "file").write_text("x")
    assert "is a file" in assert_one_line_refusal(main_py("--samples", str(tmp_path / "file")))


def test_bad_script_is_refused_by_file_and_line_before_anything_runs(tmp_path, samples_dir):
    script = tmp_path / "bad.txt"
    script.write_text("stroke 14,4 14,24\nlabel 1\nsave\n\nstrok 1,1\n")
    line = assert_one_line_refusal(
        main_py("--headless", "--samples", str(samples_dir), "--script", str(script))
    )
    assert f"{script}:5: unknown action 'strok'; known: scene, page, key" in line
    assert list(samples_dir.rglob("*")) == []  # line 3 never ran


def test_a_script_that_saves_runs_again_into_the_same_samples_folder(tmp_path, samples_dir):
    """The second run draws the same digit, saved already: no failure, it is saved as
    another copy (the script's `save` saves what it is asked to)."""
    script = tmp_path / "save.txt"
    script.write_text("stroke 14,4 14,24\nlabel 1\nsave\nsave\nreport\n")
    ones = []
    for _ in range(2):
        result = main_py("--headless", "--samples", str(samples_dir), "--script", str(script))
        assert result.returncode == 0, result.stderr
        ones.append(json.loads(result.stdout.strip().splitlines()[-1])["samples"]["1"])
    assert ones[1] == ones[0] + 2  # each run saves its two
    assert len(list(samples_dir.rglob("*.png"))) == 4


def test_run_time_failure_stops_with_file_and_line(tmp_path, samples_dir):
    script = tmp_path / "nolabel.txt"
    script.write_text("stroke 14,4 14,24\nsave\nreport\n")
    result = main_py("--headless", "--samples", str(samples_dir), "--script", str(script))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1] == (
        f"{script}:2: save failed: pick a label first: press a digit key"
    )
    assert result.stdout == ""  # the report after it never ran


def test_headless_run_for_a_few_frames_exits_cleanly(samples_dir):
    result = main_py("--headless", "--frames", "3", "--samples", str(samples_dir))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_script_draws_saves_trains_and_reports(tmp_path, samples_dir):
    surface = pygame.Surface((40, 60))
    surface.fill((255, 255, 255))
    pygame.draw.line(surface, (0, 0, 0), (20, 8), (20, 52), 5)
    pygame.image.save(surface, str(tmp_path / "one.png"))
    script = tmp_path / "one.txt"
    script.write_text(
        "# a 1, saved as a sample, then 600 steps with the default settings\n"
        "stroke 14,4 14,24\n"
        "label 1\n"
        "save\n"
        "set steps_per_frame 7  # 600 is not a multiple: the last frame must stop short\n"
        "train 600\n"
        "report\n"
        "image one.png  # relative to the script\n"
        f"screenshot {tmp_path / 'shot.png'}\n"
        "report\n"
    )
    result = main_py("--headless", "--samples", str(samples_dir), "--script", str(script))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    trained, pictured = (json.loads(line) for line in result.stdout.splitlines())

    assert trained["step"] == 600
    assert trained["val_acc"] >= 0.95, f"val_acc {trained['val_acc']} after 600 steps"
    assert trained["digits"] == [1, 2, 3] and trained["diverged"] is False
    assert trained["prediction"] is not None
    assert set(trained["prediction"]["probs"]) == {"1", "2", "3"}
    assert trained["scene"] == "draw" and trained["frame"] > 600 / 7
    assert pictured["prediction"] is not None and pictured["step"] == 600

    saved = sorted((samples_dir / "1").iterdir(), key=lambda p: p.suffix)
    assert [p.suffix for p in saved] == [".json", ".png"]  # the PNG and its strokes file
    assert saved[0].name == saved[1].stem + ".strokes.json"
    assert saved[1].read_bytes().startswith(b"\x89PNG")
    assert pygame.image.load(str(tmp_path / "shot.png")).get_size() == (1280, 800)


def test_script_keys_scenes_and_pages_reach_the_real_app(tmp_path, samples_dir):
    script = tmp_path / "tour.txt"
    script.write_text(
        "scene explain\npage 2\nkey right\nscene train\n"
        "key space\nwait 5\nkey space\nreport\nsave\n"
    )
    result = main_py("--headless", "--samples", str(samples_dir), "--script", str(script))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith(f"{script}:9: save failed")
    report = json.loads(result.stdout)
    # Space is handled the frame after it is pressed: training runs from that frame through
    # the 5 waited frames to the frame the second press is sent in, 6 steps, then stops.
    assert report["scene"] == "train" and report["running"] is False and report["step"] == 6
