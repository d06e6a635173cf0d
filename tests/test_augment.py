"""Restroked twins: built from starter digits, stored beside them, refused when out of step."""

from pathlib import Path

import numpy as np
import pytest

from playground.core.data.augment import TwinsError, build_twins, load_twins, save_twins
from playground.core.data.starter import load_starter


@pytest.fixture(scope="module")
def starter() -> tuple[np.ndarray, np.ndarray]:
    return load_starter()


def test_twins_round_trip_through_a_file(tmp_path: Path, starter) -> None:
    images, labels = starter[0][:5], starter[1][:5]
    twins = build_twins(images)
    assert twins.dtype == np.uint8 and twins.shape == images.shape
    assert (twins.max(axis=(1, 2)) > 200).all()
    save_twins(tmp_path / "t.npz", twins, labels)
    assert np.array_equal(load_twins(labels, tmp_path / "t.npz"), twins)
    assert [p.name for p in tmp_path.iterdir()] == ["t.npz"]  # no temporary file left


def test_twins_of_other_digits_are_refused(tmp_path: Path, starter) -> None:
    images, labels = starter[0][:3], starter[1][:3]
    save_twins(tmp_path / "t.npz", build_twins(images), labels)
    with pytest.raises(TwinsError, match="t.npz: labels differ"):
        load_twins(labels[::-1] + 1, tmp_path / "t.npz")
    with pytest.raises(TwinsError, match=r"t.npz: images are uint8 \(3, 28, 28\)"):
        load_twins(starter[1][:4], tmp_path / "t.npz")


def test_missing_or_damaged_file_names_itself(tmp_path: Path) -> None:
    labels = np.zeros(2, np.int64)
    with pytest.raises(TwinsError, match="none.npz: no restroked twins"):
        load_twins(labels, tmp_path / "none.npz")
    (tmp_path / "bad.npz").write_bytes(b"not a zip")
    with pytest.raises(TwinsError, match="bad.npz: not a readable npz"):
        load_twins(labels, tmp_path / "bad.npz")


def test_the_shipped_twins_match_the_starter_set(starter) -> None:
    twins = load_twins(starter[1])
    assert len(twins) == len(starter[0])
