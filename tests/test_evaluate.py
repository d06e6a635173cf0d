"""The evaluate command trains, scores plain and restroked held-out digits, and speaks JSON."""

import json

import pytest

from playground.evaluate import main


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
