"""Model files: saved atomically, loaded without unpickling, refused by name when wrong."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import numpy as np
import pytest

from playground.core.nn import ModelFileError, Network
from tests.test_nn import fixed_batch


def test_save_load_round_trip(tmp_path):
    x, y = fixed_batch(n=8)
    net = Network([784, 16, 16, 3], "sigmoid", "xent", seed=4)
    net.train_step(x, y, 0.5)
    path = tmp_path / "models" / "m.npz"
    net.save(path)
    again = Network.load(path)
    assert repr(again) == repr(net)
    np.testing.assert_array_equal(again.predict(x), net.predict(x))
    assert [p.name for p in path.parent.iterdir()] == ["m.npz"]  # no temporary left behind
    net.save(str(path))  # overwriting works too
    assert Network.load(str(path)).sizes == net.sizes


def test_failed_save_names_the_file_and_changes_nothing(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(ModelFileError, match=re.escape(str(blocker / "m.npz"))):
        Network([784, 3]).save(blocker / "m.npz")
    assert blocker.read_text() == "not a folder"


class Boom:
    """Unpickling this creates a file: proof that a loader ran pickled code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def valid_arrays():
    net = Network([784, 4, 3])
    arrays = {"sizes": np.array(net.sizes), "activation": np.array("tanh")}
    arrays["loss"] = np.array("mse")
    for i, (w, b) in enumerate(zip(net.weights, net.biases, strict=True)):
        arrays[f"W{i}"], arrays[f"b{i}"] = w, b
    return arrays


def write_npz(path, **changes):
    arrays = valid_arrays()
    arrays.update(changes)
    np.savez(path, **{k: v for k, v in arrays.items() if v is not None})


def corrupt(path, how, boom):
    if how == "random bytes":
        path.write_bytes(np.random.default_rng(0).bytes(500))
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "truncated":
        write_npz(path)
        path.write_bytes(path.read_bytes()[:2000])
    elif how == "pickle":
        path.write_bytes(pickle.dumps(boom))
    elif how == "pickled object array":
        write_npz(path, W0=np.array([boom], dtype=object))
    elif how == "single array":
        with open(path, "wb") as f:
            np.save(f, np.zeros(3))


@pytest.mark.parametrize(
    "how", ["random bytes", "empty", "truncated", "pickle", "pickled object array", "single array"]
)
def test_damaged_files_raise_one_line_naming_the_file(tmp_path, how):
    path = tmp_path / "m.npz"
    corrupt(path, how, Boom(tmp_path / "boom"))
    with pytest.raises(ModelFileError) as err:
        Network.load(path)
    message = str(err.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    assert not (tmp_path / "boom").exists()


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"W1": None}, "missing W1"),
        ({"sizes": None}, "missing sizes"),
        ({"W0": np.zeros((784, 5), np.float32)}, "W0 has shape (784, 5), expected (784, 4)"),
        ({"b1": np.array([1.0, np.nan, 0.0])}, "b1 contains non-finite values"),
        ({"activation": np.array("softsign")}, "unknown activation 'softsign'"),
        ({"loss": np.array(3)}, "loss is not a name"),
        ({"sizes": np.array([784.0, 4.0, 3.0])}, "sizes must list"),
        ({"W0": np.full((784, 4), "a")}, "W0 holds <U1 values"),
    ],
)
def test_invalid_models_say_what_is_wrong(tmp_path, changes, reason):
    path = tmp_path / "bad.npz"
    write_npz(path, **changes)
    with pytest.raises(ModelFileError, match=re.escape(f"{path}: not a playground model")) as err:
        Network.load(path)
    assert reason in str(err.value)


def test_missing_file(tmp_path):
    with pytest.raises(ModelFileError, match="nope.npz: no such model file"):
        Network.load(tmp_path / "nope.npz")


def test_pickled_object_array_is_refused_without_unpickling(tmp_path):
    path = tmp_path / "evil.npz"
    write_npz(path, activation=np.array([Boom(tmp_path / "boom")], dtype=object))
    with pytest.raises(ModelFileError, match="evil.npz"):
        Network.load(path)
    assert not (tmp_path / "boom").exists()
    with np.load(path, allow_pickle=True) as archive:  # the fixture really is a live pickle
        archive["activation"]
    assert (tmp_path / "boom").exists()
