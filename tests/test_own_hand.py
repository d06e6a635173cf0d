"""The simulated own-hand run: a writer's pen digits saved through the app, trained on as the
app does, scored on their other digits. A tiny pen-digits file written here stands in for the
real measuring set (which tests never need)."""

from __future__ import annotations

import json

import numpy as np

from playground.core.settings import Settings
from playground.own_hand import main, own_hand

STARTER_PER_DIGIT = 10  # read by the small_starter fixture in conftest.py

SHAPES = {  # tablet units, y up
    1: [[(250, 450), (250, 50)]],
    2: [[(150, 400), (250, 450), (350, 400), (150, 50), (350, 50)]],
    3: [[(150, 450), (350, 350), (200, 250), (350, 150), (150, 50)]],
}


def _pen_file(path, writers=(1, 2), per_digit=4):
    rng = np.random.default_rng(0)
    lines = [""]
    for writer in writers:
        for item in range(per_digit):
            for label, strokes in SHAPES.items():
                lines.append(f'.SEGMENT DIGIT 0 ? "{label}"')
                lines.append(f".COMMENT {label} {writer} {item}")
                for stroke in strokes:
                    lines.append(".PEN_DOWN")
                    for x, y in stroke:
                        dx, dy = rng.integers(-15, 16, 2)
                        lines.append(f" {x + dx} {y + dy}")
                    lines.append(".PEN_UP")
                lines.append("")
    path.write_text("\n".join(lines))
    return path


def test_each_writer_is_taught_through_the_app_and_scored_on_the_rest(tmp_path, small_starter):
    path = _pen_file(tmp_path / "pen.tra")
    result = own_hand(path, [1, 2, 9], Settings(digits=(1, 2, 3)), 30, 2, small_starter)
    assert set(result["writers"]) == {"1", "2"}  # writer 9 has no digits: left out
    for r in result["writers"].values():
        assert (r["taught"], r["tested"], r["steps"]) == (6, 6, 30)
        assert 0.0 <= r["accuracy"] <= 1.0 and set(r["per_digit"]) == {"1", "2", "3"}
    accuracies = [r["accuracy"] for r in result["writers"].values()]
    assert result["mean"] == round(float(np.mean(accuracies)), 4)


def test_the_command_line_says_a_sentence_for_a_missing_file(tmp_path, capsys):
    try:
        main([str(tmp_path / "missing.tra")])
    except SystemExit as exit_:
        assert exit_.code == 2
    assert "no such file" in capsys.readouterr().err


def test_the_command_line_prints_json(tmp_path, capsys, monkeypatch, small_starter):
    monkeypatch.setattr("playground.own_hand.STARTER_PATH", small_starter)
    path = _pen_file(tmp_path / "pen.tra", writers=(3,), per_digit=3)
    assert main([str(path), "--writers", "3", "--digits", "1,2,3", "--steps", "10", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["steps"] == 10 and list(out["writers"]) == ["3"]
