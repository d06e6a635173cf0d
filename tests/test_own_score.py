"""The honest personal score: the guess kept for each saved drawing is the one the network made
before it was told the label or trained on it; what counts, what clears it, what a session file
keeps, and the `own` field of a script's report."""

import json
import time

import numpy as np
import pytest

from playground.core.session import Session
from playground.core.settings import Settings
from playground.core.training.own_score import OwnScore, OwnScoreError
from playground.demo.script import ScriptRunner, parse_script
from playground.files.session_file import load, save

SCENE = "draw"  # read by the app fixture in conftest.py
STARTER_PER_DIGIT = 20  # read by the small_starter fixture in conftest.py

ONE = [(14, 4), (14, 24)]
TWO = [(8, 8), (14, 4), (20, 8), (8, 24), (22, 24)]
THREE = [(8, 5), (20, 6), (12, 14), (21, 19), (8, 24)]


def moved(stroke, dx):
    return [(x + dx, y) for x, y in stroke]


@pytest.fixture
def session(samples_dir, small_starter):
    return Session(Settings(), samples_dir, small_starter)


def draw(session: Session, stroke) -> int:
    """Put a fresh drawing on the canvas; return the network's guess for it."""
    session.canvas.clear()
    session.canvas.draw_stroke(stroke)
    return session.prediction()["label"]


def test_each_save_keeps_the_guess_made_before_it_was_learned(session):
    expected = []
    for stroke, label in ((ONE, 1), (TWO, 2), (THREE, 3), (moved(ONE, 4), 3), (moved(TWO, 2), 2)):
        guess = draw(session, stroke)
        session.label = label
        assert session.save_sample() is not None
        expected.append((label, guess))
        for _ in range(40):  # it learns between saves, as it does while a person draws
            session.trainer.step()
    right = sum(label == guess for label, guess in expected)
    assert session.own_score.guessed == 5 and session.own_score.right == right
    assert session.own_score.to_array().tolist() == [list(pair) for pair in expected]
    per_digit = {}
    for label, guess in expected:
        got, of = per_digit.get(label, (0, 0))
        per_digit[label] = (got + (label == guess), of + 1)
    assert session.own_score.per_digit() == dict(sorted(per_digit.items()))


def test_a_wrong_read_stays_wrong_after_the_network_learns_the_drawing(session):
    guess = draw(session, ONE)
    label = next(d for d in session.settings.digits if d != guess)
    session.label = label
    session.save_sample()
    session.set("mix", "yours")  # only this drawing left to learn from... and one of each other
    for digit, stroke in zip((d for d in (1, 2, 3) if d != label), (TWO, THREE), strict=False):
        draw(session, stroke)
        session.label = digit
        session.save_sample()
    for _ in range(300):
        session.trainer.step()
    first = int(np.flatnonzero(session.user_labels == label)[0])
    assert session.user_sample_guesses()[first] == label  # it has learned the drawing now...
    assert session.own_score.per_digit()[label] == (0, 1)  # ...but it was judged before


def test_copies_do_not_count_nor_change_label_and_digits_not_in_play_do_not_count(session):
    draw(session, ONE)
    session.label = 1
    session.save_sample()
    assert session.save_sample() is not None  # the same drawing again: a second copy...
    assert session.own_score.guessed == 1  # ...not counted: it is in training already
    session.label = 4  # a label pressed since: the drawing must not become a 4 as well
    assert session.save_sample() is None and list(session.user_labels) == [1, 1]
    assert "already saved as a 1" in session.messages[-1]
    session.label = 1
    session.canvas.set_image(session.user_images[0])  # a sample loaded back onto the canvas
    session.save_sample()
    assert session.own_score.guessed == 1
    draw(session, THREE)
    session.label = 3
    path = session.save_sample()
    assert session.delete_sample(path)  # deleted, then saved again...
    assert session.save_sample() is not None
    assert session.own_score.guessed == 2  # (trained on before its deletion: not counted)
    assert not session.can_undo_delete  # ...so Undo delete greys: nothing to bring back
    assert session.undo_delete() is None  # and makes no second copy
    assert sorted(session.user_labels) == [1, 1, 1, 3]
    draw(session, TWO)
    session.label = 7
    assert session.save_sample() is not None  # kept on disk for later...
    assert session.own_score.guessed == 2  # ...but there is no output that could read a 7
    assert "7 is not in play" in session.messages[-1]
    assert "Controls tab" in session.messages[-1]


def test_a_new_network_starts_a_new_score(session):
    draw(session, ONE)
    session.label = 1
    session.save_sample()
    session.set("lr", "0.1")  # same network: the reads still describe it
    assert session.own_score.guessed == 1
    session.reset()
    assert session.own_score.guessed == 0
    draw(session, TWO)
    session.label = 2
    session.save_sample()
    session.set("layers", "8,8")  # a rebuilt network has read none of them
    assert session.own_score.guessed == 0


def test_the_score_is_saved_and_loaded_with_the_session(
    session, tmp_path, samples_dir, small_starter
):
    for stroke, label in ((ONE, 1), (TWO, 3), (THREE, 3)):
        draw(session, stroke)
        session.label = label
        session.save_sample()
    path = save(session, tmp_path / "sessions")
    other = Session(Settings(layers=(8,)), samples_dir, small_starter)
    load(other, path)
    assert other.own_score.report() == session.own_score.report()
    assert other.own_score.guessed == 3


def test_saved_reads_that_are_not_digit_pairs_are_refused():
    assert OwnScore.from_array(np.zeros((0, 2), np.int64)).guessed == 0
    for bad in (np.zeros((3,), np.int64), np.array([[1, 12]]), np.array([[0.5, 1.0]])):
        with pytest.raises(OwnScoreError):
            OwnScore.from_array(bad)


def test_report_own_after_a_script_that_strokes_labels_and_saves(app, tmp_path, capsys):
    script = (
        "stroke 14,4 14,24\nreport\nlabel 1\nsave\nclear\n"
        "stroke 8,8 14,4 20,8 8,24 22,24\nreport\nlabel 2\nsave\n"
        "train 20\nreport\n"
    )
    app.script = ScriptRunner(parse_script(script, str(tmp_path / "own.txt")), app)
    deadline = time.monotonic() + 60
    while not app.quitting and time.monotonic() < deadline:
        app.step()
    first, second, last = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    guesses = [first["prediction"]["label"], second["prediction"]["label"]]
    right = [guesses[0] == 1, guesses[1] == 2]
    assert last["own"] == {
        "guessed": 2,
        "right": sum(right),
        "last_10": sum(right),
        "per_digit": {
            "1": {"guessed": 1, "right": int(right[0])},
            "2": {"guessed": 1, "right": int(right[1])},
        },
    }
    assert first["own"] == {"guessed": 0, "right": 0, "last_10": 0, "per_digit": {}}


def test_last_10_counts_only_the_latest_ten():
    score = OwnScore()
    for i in range(14):
        score.record(1, 1 if i < 4 else 2)  # four right, then ten wrong
    assert score.recent() == (0, 10) and score.report()["last_10"] == 0
    assert score.right == 4 and score.report()["per_digit"] == {"1": {"guessed": 14, "right": 4}}


def test_a_session_file_from_before_the_score_loads_with_none(session, tmp_path):
    draw(session, ONE)
    session.label = 1
    session.save_sample()
    path = save(session, tmp_path / "sessions")
    with np.load(path, allow_pickle=False) as archive:
        arrays = {key: archive[key] for key in archive.files if key != "own_reads"}
    np.savez(path, **arrays)  # as written before the score was kept
    load(session, path)
    assert session.own_score.guessed == 0


def test_the_score_the_collection_and_the_experiment_import_no_pygame():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "playground"
    for name in (
        "core/training/own_score.py",
        "core/words.py",
        "ui/scenes/collect.py",
        "ui/scenes/draw_prompt.py",
        "ui/explain/pages/own_digits.py",
    ):
        source = (root / name).read_text()
        assert not re.search(r"^\s*(import|from)\s+pygame", source, re.M), name


def test_a_right_read_before_any_training_is_called_luck():
    from playground.core.training.own_score import read_note

    assert read_note(3, 3) == "; it read it right"
    assert read_note(3, 3, trained=False) == "; it read it right, by luck: it is untrained"
    assert read_note(8, 3, trained=False) == "; it read a 3"
    assert read_note(3, 8) == "; it read an 8"


def test_the_canvas_is_read_as_its_saved_sample_is(session):
    """The guess beside the canvas and the one on its thumbnail read the same 784 numbers, so
    they cannot disagree, even at a near-tie on an untrained network (the saved PNG keeps 256
    grey levels; the pen's antialiased edges are finer)."""
    for stroke, label in ((ONE, 1), (moved(TWO, 3), 2), (THREE, 3)):
        draw(session, stroke)
        shown = session.canvas_input()[0].copy()
        canvas_guess = session.prediction()["label"]
        session.label = label
        assert session.save_sample() is not None
        settings = session.settings
        saved = session.pool.user_inputs(session.user_images, settings.normalize, settings.deskew)
        np.testing.assert_array_equal(shown, saved[-1])
        assert session.user_sample_guesses()[-1] == canvas_guess


def test_a_new_network_says_the_score_starts_again(session):
    """The draw scene's score vanished on `set digits 0-9` with only 'new network' said."""
    draw(session, ONE)
    session.label = 1
    assert session.save_sample() is not None
    session.set("digits", "0-9")
    assert session.own_score.guessed == 0
    assert "Read right starts again" in session.messages[-1]


def test_training_on_too_few_of_yours_to_hold_any_out_shows_no_validation_figure(session):
    """With one drawing of each digit nothing is held out: the starter set's 97% stayed in
    the top bar and the report as if it measured them."""
    for stroke, label in ((ONE, 1), (TWO, 2), (THREE, 3)):
        draw(session, stroke)
        session.label = label
        assert session.save_sample() is not None
    for _ in range(60):
        session.trainer.step()
    assert session.trainer.val_acc is not None  # the starter set's held-out digits
    session.set("mix", "yours")
    for _ in range(60):
        session.trainer.step()
    session.trainer.validate()
    assert session.trainer.n_val == 0 and session.trainer.val_acc is None
    assert session.report()["val_acc"] is None
