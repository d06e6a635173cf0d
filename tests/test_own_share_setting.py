"""The own_share setting: parsed and refused like any setting, set from scripts, stepped in the
train scene's controls, saved with sessions (files from before it still load)."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from playground.core.session import Session
from playground.core.settings import SettingError, Settings, parse_setting
from playground.demo.script import ScriptError, parse_script
from playground.files.session_file import load, read_session, save

STARTER_PER_DIGIT = 10  # read by the small_starter fixture in conftest.py


def test_own_share_is_a_fraction_from_0_to_1():
    assert Settings().own_share == 0.5
    assert parse_setting("own_share", "0.25") == 0.25
    for bad in ("1.5", "-0.1", "nan", "half"):
        with pytest.raises(SettingError, match="own_share"):
            parse_setting("own_share", bad)


def test_scripts_set_it(samples_dir, small_starter):
    action = parse_script("set own_share 0.3\n", "demo.txt").actions[0]
    assert (action.name, action.args[0]) == ("set", "own_share")
    with pytest.raises(ScriptError, match="own_share"):
        parse_script("set own_share 2\n", "demo.txt")
    session = Session(Settings(), samples_dir, small_starter)
    session.set("own_share", "0.3")
    assert session.settings.own_share == 0.3 and session.report()["settings"]["own_share"] == 0.3


def test_sessions_keep_it_and_older_files_without_it_still_load(
    samples_dir, small_starter, tmp_path
):
    session = Session(replace(Settings(), own_share=0.8), samples_dir, small_starter)
    path = save(session, tmp_path)
    assert read_session(path).settings.own_share == 0.8
    fresh = Session(Settings(), samples_dir, small_starter)
    load(fresh, path)
    assert fresh.settings.own_share == 0.8
    # a file written before the setting existed: the same file without it in its settings
    with np.load(path, allow_pickle=False) as archive:
        arrays = {key: archive[key] for key in archive.files}
    table = json.loads(str(arrays["settings"]))
    del table["own_share"]
    arrays["settings"] = np.array(json.dumps(table))
    old = tmp_path / "old.npz"
    np.savez(old, **arrays)
    assert read_session(old).settings.own_share == Settings().own_share
