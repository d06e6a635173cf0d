"""A training session on disk: the network, the settings it was trained under and its history,
in one .npz that a notebook can also open with `playground.core.nn.Network.load`.

The network's arrays sit under exactly the keys of a model file (`sizes`, `activation`,
`loss`, `W0`.., `b0`..), which ignores the rest; the session adds `settings` (JSON text),
`history_steps`, `history_evals`, `counters` and `own_reads` (the honest personal score, see
playground.core.training.own_score; files without it load with none). Only numbers and short text
are stored, read back with allow_pickle=False and checked before anything changes; every fault is
one line naming the file. Writes are atomic. Loading rebuilds the trainer under the saved settings
and copies the weights into the new network in place. Pure numpy: no pygame.
"""

from __future__ import annotations

import json
import time
import zipfile
import zlib
from dataclasses import dataclass, fields, replace
from pathlib import Path

import numpy as np

from playground.core.nn.model_file import ModelArrays, ModelFileError, read_model
from playground.core.session import Session
from playground.core.settings import PARSERS, SettingError, Settings, parse_setting
from playground.core.training.history import History
from playground.core.training.own_score import OwnScore, OwnScoreError
from playground.core.training.trainer import Trainer
from playground.files.atomic import atomic_write

FOLDER = Path("sessions")
_READ_ERRORS = (OSError, ValueError, EOFError, zipfile.BadZipFile, zlib.error)
STEP_COLUMNS, EVAL_COLUMNS = 3, 4  # (step, loss, smoothed); (step, val loss, val acc, train acc)


class SessionFileError(ValueError):
    """A session file could not be read or written; one line naming the file."""


@dataclass(frozen=True)
class SavedSession:
    settings: Settings
    model: ModelArrays
    steps: np.ndarray  # (n, STEP_COLUMNS)
    evals: np.ndarray  # (m, EVAL_COLUMNS)
    epoch: int
    samples_seen: int
    own: OwnScore | None = None  # the network's reads of the user's digits; None in old files


def session_path(folder: Path, now: float | None = None) -> Path:
    """A fresh `playground-<timestamp>.npz` in `folder` (a number is added if it is taken)."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now))
    path, n = folder / f"playground-{stamp}.npz", 2
    while path.exists():
        path, n = folder / f"playground-{stamp}-{n}.npz", n + 1
    return path


def newest(folder: Path) -> Path | None:
    """The most recently written session file in `folder`, or None."""
    files = [p for p in Path(folder).glob("playground-*.npz") if p.is_file()]
    return max(files, key=lambda p: (p.stat().st_mtime, p.name), default=None)


def write_session(
    path: Path, trainer: Trainer, settings: Settings, own: OwnScore | None = None
) -> None:
    """Write `trainer`'s network, history and counters with `settings` (and the reads of the
    user's digits, `own`), atomically."""
    network, history = trainer.network, trainer.history
    arrays = {
        "sizes": np.asarray(network.sizes, np.int64),
        "activation": np.array(network.activation),
        "loss": np.array(network.loss_name),
        "settings": np.array(json.dumps(_settings_text(settings))),
        "history_steps": np.stack(
            [history.steps, history.train_loss, history.train_loss_smoothed], axis=1
        ).reshape(-1, STEP_COLUMNS),
        "history_evals": np.stack(
            [history.eval_steps, history.val_loss, history.val_acc, history.train_acc], axis=1
        ).reshape(-1, EVAL_COLUMNS),
        "counters": np.array([trainer.epoch, trainer.samples_seen], np.int64),
        "own_reads": (own or OwnScore()).to_array(),
    }
    for i, (w, b) in enumerate(zip(network.weights, network.biases, strict=True)):
        arrays[f"W{i}"], arrays[f"b{i}"] = w, b
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_write(path) as handle:
            np.savez(handle, **arrays)  # type: ignore[arg-type]  # no name is allow_pickle
    except OSError as exc:
        raise SessionFileError(f"{path}: cannot save the session ({exc.strerror or exc})") from exc


def read_session(path: Path) -> SavedSession:
    """Read and check a session file; SessionFileError naming the file on any problem."""
    if Path(path).is_file() and not zipfile.is_zipfile(path):
        raise SessionFileError(f"{path}: not a playground session (not an .npz archive)")
    try:
        model = read_model(path)  # checks the file and the network's arrays
    except ModelFileError as error:
        message = str(error).replace("playground model", "playground session")
        raise SessionFileError(message.replace("model file", "session file")) from None
    with np.load(path, allow_pickle=False) as archive:

        def array(key: str) -> np.ndarray:
            if key not in archive.files:
                raise SessionFileError(f"{path}: not a playground session (missing {key})")
            try:
                return archive[key]
            except _READ_ERRORS as exc:
                raise SessionFileError(f"{path}: {key} is unreadable ({exc})") from None

        text, steps = array("settings"), array("history_steps")
        evals, counters = array("history_evals"), array("counters")
        own_reads = array("own_reads") if "own_reads" in archive.files else None
    if text.shape != () or text.dtype.kind != "U":
        raise SessionFileError(f"{path}: not a playground session (settings are not text)")
    settings = _parse_settings(path, str(text))
    if (settings.sizes, settings.activation, settings.loss) != (
        model.sizes,
        model.activation,
        model.loss,
    ):
        raise SessionFileError(f"{path}: its settings do not describe its network")
    for name, table, columns in (("steps", steps, STEP_COLUMNS), ("evals", evals, EVAL_COLUMNS)):
        if table.ndim != 2 or table.shape[1] != columns or table.dtype.kind not in "fiu":
            raise SessionFileError(f"{path}: history_{name} is not a table of {columns} numbers")
    if counters.shape != (2,) or counters.dtype.kind not in "iu" or counters.min() < 0:
        raise SessionFileError(f"{path}: counters are not two whole numbers")
    epoch, seen = (int(c) for c in counters)
    try:
        own = None if own_reads is None else OwnScore.from_array(own_reads)
    except OwnScoreError as error:
        raise SessionFileError(f"{path}: {error}") from None
    return SavedSession(settings, model, steps.astype(float), evals.astype(float), epoch, seen, own)


def save(session: Session, folder: Path = FOLDER) -> Path:
    """Save `session` as a new file in `folder` and return its path."""
    path = session_path(Path(folder))
    write_session(path, session.trainer, session.settings, session.own_score)
    return path


def load(session: Session, path: Path) -> str:
    """Restore the session saved in `path` into `session`; return what was loaded, in words.
    Nothing changes when the file is refused."""
    return restore(session, read_session(Path(path)), path)


def restore(session: Session, saved: SavedSession, path: Path) -> str:
    """Put a session read from `path` into `session`: the trainer is rebuilt under the saved
    settings, then the weights, history and counters are copied in."""
    # the pace (steps a frame) belongs to this machine and this window, not to the run
    session.apply(replace(saved.settings, steps_per_frame=session.settings.steps_per_frame))
    trainer = session.trainer
    trainer.reset()  # a fresh network of the saved shape, whatever apply() kept
    network = trainer.network
    network.set_parameters(saved.model.weights, saved.model.biases)
    history = History()
    for row in saved.steps:
        history.record_step(int(row[0]), float(row[1]), float(row[2]))
    for row in saved.evals:
        history.record_eval(int(row[0]), *(float(v) for v in row[1:]))
    trainer.resume(history, saved.epoch, saved.samples_seen)
    session.own_score = saved.own or OwnScore()
    shape = "-".join(map(str, network.sizes))
    return f"loaded {path}: network {shape} at step {trainer.steps}"


def save_and_say(session: Session, folder: Path = FOLDER) -> Path | None:
    """Ctrl+S: save, and tell the person where it went (or why it could not)."""
    try:
        path = save(session, folder)
    except SessionFileError as error:
        session.say(str(error))
        return None
    session.say(f"session saved to {path}")
    return path


def load_newest_and_say(session: Session, folder: Path = FOLDER) -> Path | None:
    """Ctrl+O: load the newest session in `folder`, and say what came back (or why not)."""
    path = newest(folder)
    if path is None:
        session.say(f"no saved session in {folder}: press Ctrl+S to save one")
        return None
    try:
        session.say(load(session, path))
    except SessionFileError as error:
        session.say(str(error))
        return None
    return path


def _settings_text(settings: Settings) -> dict[str, str]:
    """Every setting as the text `parse_setting` reads (val_fraction as a plain number)."""
    out = {}
    for field in fields(settings):
        value = getattr(settings, field.name)
        if isinstance(value, tuple):
            value = ",".join(map(str, value))
        elif isinstance(value, bool):
            value = "on" if value else "off"
        out[field.name] = str(value)
    return out


def _parse_settings(path: Path, text: str) -> Settings:
    try:
        table = json.loads(text)
    except json.JSONDecodeError:
        raise SessionFileError(f"{path}: its settings are not readable") from None
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise SessionFileError(f"{path}: its settings are not a table of texts")
    values = {}
    try:
        for name, value in table.items():
            if name in PARSERS:
                values[name] = parse_setting(name, value)
        if "val_fraction" in table:
            values["val_fraction"] = _fraction(table["val_fraction"])
    except SettingError as error:
        raise SessionFileError(f"{path}: {error}") from None
    return Settings(**values)


def _fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise SettingError(f"val_fraction must be a number, got {text!r}") from None
    if not 0 <= value < 1:
        raise SettingError(f"val_fraction must be from 0 to below 1, got {text}")
    return value
