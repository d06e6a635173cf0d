"""The evaluate command trains, scores plain and restroked held-out digits, and speaks JSON."""

import json
from pathlib import Path

import numpy as np
import pytest

from playground.core.settings import Settings
from playground.evaluate import evaluate, main, train_like_the_app


def test_a_short_run_prints_both_scores_as_json(capsys) -> None:
    assert main(["--digits", "0,1", "--steps", "20", "--limit", "60", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["digits"] == [0, 1]
    assert report["steps"] == 20
    for name in ("validation", "restroked"):
        score = report[name]
        assert set(score["per_digit"]) == {"0", "1"}
        assert score["n"] == 120
    # twenty steps are enough to tell a zero from a one, drawn either way
    assert report["validation"]["accuracy"] > 0.9
    assert report["restroked"]["accuracy"] > 0.7


def test_bad_settings_are_refused_with_a_reason(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--set", "lr=banana"])
    assert "lr must be a number" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--set", "deskew"])
    assert "NAME=VALUE" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--set", "mix=yours", "--steps", "1"])
    assert "needs the starter set" in capsys.readouterr().err


def _pen_digit(label: int, writer: int, strokes: list[list[tuple[int, int]]]) -> str:
    lines = [f'.SEGMENT DIGIT {writer} ? "{label}"', f".COMMENT {label} {writer} 1"]
    for stroke in strokes:
        lines += [".PEN_DOWN", *(f" {x} {y}" for x, y in stroke), ".PEN_UP", ".DT 100"]
    return "\n".join(lines) + "\n\n"


def _ring(cx: int, cy: int, rx: int, ry: int) -> list[tuple[int, int]]:
    angles = np.linspace(0, 2 * np.pi, 24)
    return [(round(cx + rx * np.cos(a)), round(cy + ry * np.sin(a))) for a in angles]


def write_pen_file(folder: Path, each: int = 4) -> Path:
    """A tiny pen-digits file: `each` upright 1s and round 0s by writer 3 (tuning) and 25
    (checking)."""
    text = ".INCLUDE header\n.LEXICON digits\n\n"
    for writer in (3, 25):
        for k in range(each):
            text += _pen_digit(1, writer, [[(250 + k, 420 - 20 * i) for i in range(17)]])
            text += _pen_digit(0, writer, [_ring(250, 250, 100 + 40 * k // each, 160)])
    path = folder / "pen.tra"
    path.write_text(text)
    return path


@pytest.fixture
def pen_file(tmp_path: Path) -> Path:
    return write_pen_file(tmp_path)


def test_strangers_are_scored_per_writer_group(capsys, pen_file: Path) -> None:
    args = ["--digits", "0,1", "--steps", "300", "--limit", "30", "--strangers", str(pen_file)]
    assert main([*args, "--json"]) == 0
    strangers = json.loads(capsys.readouterr().out)["strangers"]
    assert "Alpaydin" in strangers["source"]
    assert strangers["tune"]["writers"] == "3" and strangers["check"]["writers"] == "25"
    for group in ("tune", "check"):
        assert strangers[group]["n"] == 8
        assert set(strangers[group]["per_digit"]) == {"0", "1"}
        # a straight line and a ring drawn with the pen are a 1 and a 0
        assert strangers[group]["accuracy"] == 1.0
    assert main(args) == 0
    table = capsys.readouterr().out
    assert "strangers 3 " in table and "strangers 25 " in table
    assert "UCI pen digits" in table


def test_a_group_without_digits_in_play_is_left_out(capsys, pen_file: Path) -> None:
    args = ["--digits", "1,2", "--steps", "1", "--limit", "5", "--strangers", str(pen_file)]
    assert main([*args, "--json"]) == 0
    tune = json.loads(capsys.readouterr().out)["strangers"]["tune"]
    assert tune["n"] == 4 and tune["per_digit"]["2"] is None


def test_an_unusable_strangers_file_is_refused_in_one_line(capsys, tmp_path: Path) -> None:
    for name, content in (("none.tra", None), ("empty.tra", b""), ("bad.gz", b"not gzip")):
        path = tmp_path / name
        if content is not None:
            path.write_bytes(content)
        with pytest.raises(SystemExit):
            main(["--steps", "1", "--strangers", str(path)])
        err = capsys.readouterr().err
        assert name in err and "Traceback" not in err


REAL_STRANGERS = Path(__file__).resolve().parents[2] / "shared/data/pendigits/pendigits-orig.tra.gz"


@pytest.mark.skipif(not REAL_STRANGERS.exists(), reason="the pen-digits file is not here")
def test_real_strangers_split_into_writers_1_20_and_21_30(capsys) -> None:
    args = ["--digits", "0,1", "--steps", "50", "--limit", "5", "--json"]
    assert main([*args, "--strangers", str(REAL_STRANGERS)]) == 0
    strangers = json.loads(capsys.readouterr().out)["strangers"]
    assert (strangers["tune"]["writers"], strangers["check"]["writers"]) == ("1-20", "21-30")
    assert strangers["tune"]["n"] == 10 and strangers["check"]["n"] == 10


def test_validation_is_the_apps_own_held_out_split() -> None:
    """Scored on the digits the trainer holds out, never on ones it (or their twins) learned."""
    settings = Settings(digits=(0, 1))
    session, _ = train_like_the_app(settings, 30)
    session.trainer.validate()
    result = evaluate(settings, 30)
    assert result["validation"]["n"] == session.trainer.n_val
    assert result["validation"]["accuracy"] == round(session.trainer.val_acc, 4)


def test_own_hand_teaches_each_check_writer_and_scores_their_other_digits(capsys, tmp_path):
    """Writer 25 (a checking writer) saves 5 ones and 5 zeros through the app and is scored on
    the 2 of each left; writer 3 only tunes, so it is not simulated."""
    path = write_pen_file(tmp_path, each=7)
    args = ["--digits", "0,1", "--steps", "60", "--limit", "5", "--strangers", str(path)]
    assert main([*args, "--own-hand", "--json"]) == 0
    own = json.loads(capsys.readouterr().out)["own_hand"]
    assert own["writers"] == "25" and own["n"] == 4
    assert set(own["per_digit"]) == {"0", "1"} and 0.0 <= own["accuracy"] <= 1.0
    assert own["min"] == own["accuracy"]  # one writer: the mean is the worst


def test_own_hand_needs_the_strangers_file(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--own-hand"])
    assert "--own-hand needs --strangers" in capsys.readouterr().err
