"""The user's sample folder: saving, loading, skipping what it cannot use, deleting."""

import errno
import os

import numpy as np
import pytest

from playground.files.atomic import atomic_write
from playground.files.png import read_png, write_png
from playground.files.store import SampleStore, StoreError


def digit(seed: int) -> np.ndarray:
    return np.random.default_rng(seed).random((28, 28)).astype(np.float32)


def test_saved_samples_load_back_with_their_labels(tmp_path):
    store = SampleStore(tmp_path / "user")
    first = store.save(digit(1), 3)
    second = store.save(digit(2), 3)
    third = store.save(digit(3), 7)
    assert first.parent == tmp_path / "user" / "3" and third.parent.name == "7"
    assert first != second and first.suffix == ".png"
    result = store.load()
    assert result.images.dtype == np.uint8 and result.images.shape == (3, 28, 28)
    assert result.labels.dtype == np.int64 and result.labels.tolist() == [3, 3, 7]
    assert result.paths == [first, second, third] and result.skipped == []
    expected = np.round(digit(1) * 255).astype(np.uint8)
    assert np.array_equal(result.images[0], expected)
    assert store.counts() == {0: 0, 1: 0, 2: 0, 3: 2, 4: 0, 5: 0, 6: 0, 7: 1, 8: 0, 9: 0}


def test_uint8_samples_are_stored_as_they_are(tmp_path):
    pixels = np.arange(784, dtype=np.int64).reshape(28, 28).astype(np.uint8)
    path = SampleStore(tmp_path).save(pixels, 0)
    assert np.array_equal(read_png(path), pixels)


def test_many_saves_in_a_burst_get_distinct_names(tmp_path):
    store = SampleStore(tmp_path)
    paths = {store.save(digit(0), 1) for _ in range(30)}
    assert len(paths) == 30
    assert len(store.load().paths) == 30


def test_an_empty_or_missing_root_loads_nothing(tmp_path):
    result = SampleStore(tmp_path / "nowhere").load()
    assert result.images.shape == (0, 28, 28) and result.labels.shape == (0,)
    assert result.paths == [] and result.skipped == []


def test_unusable_files_are_skipped_and_left_as_they_were(tmp_path):
    store = SampleStore(tmp_path)
    good = store.save(digit(4), 2)
    folder = tmp_path / "2"
    corrupt = folder / "corrupt.png"
    corrupt.write_bytes(good.read_bytes()[:-20])
    wrong_size = folder / "big.png"
    write_png(wrong_size, np.zeros((32, 32), np.uint8))
    text = folder / "notes.txt"
    text.write_text("drawn on a train")
    before = {p: p.read_bytes() for p in (corrupt, wrong_size, text)}
    result = store.load()
    assert result.paths == [good]
    skipped = dict(result.skipped)
    assert set(skipped) == set(before)
    assert "28x28" in skipped[wrong_size] and "truncated" in skipped[corrupt]
    assert all(p.read_bytes() == data for p, data in before.items())


def test_other_folders_hidden_files_and_link_loops_are_ignored(tmp_path):
    store = SampleStore(tmp_path)
    kept = store.save(digit(5), 0)
    (tmp_path / "extra").mkdir()
    write_png(tmp_path / "extra" / "x.png", digit(5))
    write_png(tmp_path / "0" / ".hidden.png", digit(6))
    write_png(tmp_path / "stray.png", digit(6))
    (tmp_path / "0" / "loop").symlink_to(tmp_path / "0")
    result = store.load()
    assert result.paths == [kept] and result.skipped == []


def test_samples_in_subfolders_of_a_label_folder_count(tmp_path):
    nested = tmp_path / "4" / "from-friend"
    nested.mkdir(parents=True)
    write_png(nested / "a.png", digit(8))
    result = SampleStore(tmp_path).load()
    assert result.labels.tolist() == [4] and result.paths == [nested / "a.png"]


def test_delete_returns_the_sample_so_it_can_be_put_back(tmp_path):
    store = SampleStore(tmp_path)
    path = store.save(digit(9), 5)
    pixels, label, _ = store.delete(path)
    assert label == 5 and not path.exists()
    assert np.allclose(pixels, digit(9), atol=0.5 / 255)
    assert store.counts()[5] == 0
    restored = store.save(pixels, label)
    assert np.array_equal(read_png(restored), np.round(digit(9) * 255).astype(np.uint8))


def test_delete_refuses_files_outside_the_store(tmp_path):
    store = SampleStore(tmp_path / "user")
    outside = tmp_path / "elsewhere.png"
    write_png(outside, digit(1))
    with pytest.raises(StoreError, match="not inside"):
        store.delete(outside)
    assert outside.exists()
    with pytest.raises(StoreError):
        store.delete(tmp_path / "user" / "3" / "missing.png")


def test_save_into_an_unwritable_place_is_one_clear_error(tmp_path):
    root = tmp_path / "user"
    root.mkdir()
    (root / "6").write_text("a file where the label folder should be")
    with pytest.raises(StoreError, match="cannot save") as error:
        SampleStore(root).save(digit(1), 6)
    assert "\n" not in str(error.value)
    assert sorted(p.name for p in root.iterdir()) == ["6"]


def test_save_into_a_read_only_folder_leaves_nothing_behind(tmp_path):
    folder = tmp_path / "1"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as root: permissions are not enforced")
        with pytest.raises(StoreError):
            SampleStore(tmp_path).save(digit(1), 1)
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


@pytest.mark.parametrize("label", [10, -1, 2.0, True, "3"])
def test_save_checks_the_label(tmp_path, label):
    with pytest.raises(ValueError):
        SampleStore(tmp_path).save(digit(1), label)


def test_save_checks_the_image(tmp_path):
    with pytest.raises(ValueError):
        SampleStore(tmp_path).save(np.zeros((28, 27)), 1)
    with pytest.raises(ValueError):
        SampleStore(tmp_path).save(np.full((28, 28), np.nan), 1)
    assert list(tmp_path.iterdir()) == []


def test_a_write_that_fails_midway_leaves_the_old_file_and_no_debris(tmp_path):
    path = tmp_path / "sample.png"
    path.write_bytes(b"old")
    with pytest.raises(OSError), atomic_write(path) as handle:
        handle.write(b"half of the new")
        raise OSError(errno.ENOSPC, "No space left on device")
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["sample.png"]


def test_a_full_disk_while_saving_is_a_store_error(tmp_path, monkeypatch):
    def full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("playground.files.atomic.os.replace", full)
    with pytest.raises(StoreError, match="No space left"):
        SampleStore(tmp_path).save(digit(1), 8)
    assert list((tmp_path / "8").iterdir()) == []


def test_a_digit_folder_linking_back_to_the_samples_folder_is_passed_over_and_named(tmp_path):
    """6 -> the samples folder would have read every other digit's samples as 6s."""
    store = SampleStore(tmp_path)
    store.save(np.zeros((28, 28), np.uint8) + 200, 1)
    (tmp_path / "6").symlink_to(tmp_path, target_is_directory=True)
    result = store.load()
    assert result.labels.tolist() == [1]
    assert [(path.name, "link back" in why) for path, why in result.skipped] == [("6", True)]
