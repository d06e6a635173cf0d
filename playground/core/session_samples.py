"""The user's own samples as the session keeps them: loading them with one line for each
unusable file, saving the canvas (with the guess made before it was trained on), deleting and
undoing a delete. A part of Session kept apart so each file holds one idea; it reads and calls
the session state declared below.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from playground.core.data.pen import Canvas
from playground.core.data.preprocess import as_bytes
from playground.core.training.own_score import (
    OwnScore,
    already_saved,
    is_kept,
    kept_index,
    not_in_play,
    read_note,
)
from playground.core.words import a_digit
from playground.files.store import SampleStore, StoreError
from playground.files.stroke_file import MISSING

if TYPE_CHECKING:
    from playground.core.settings import Settings
    from playground.core.training.pool import SamplePool
    from playground.core.training.trainer import Trainer


class OwnSamples:
    """Mixed into Session: the methods that change the user's samples on disk."""

    settings: Settings
    canvas: Canvas
    store: SampleStore
    label: int | None
    own_score: OwnScore
    pool: SamplePool
    trainer: Trainer
    user_images: np.ndarray
    user_labels: np.ndarray
    user_paths: list[Path]
    user_strokes: list
    _deleted: list[tuple]
    _skipped_said: set[tuple[Path, str]]

    if TYPE_CHECKING:

        def say(self, message: str) -> None: ...
        def prediction(self) -> dict | None: ...
        def _user_samples_changed(self) -> None: ...

    def _load_user_samples(self) -> None:
        result = self.store.load()
        self.user_images, self.user_labels = result.images, result.labels
        self.user_paths = result.paths  # aligned with user_images, for the gallery
        self.user_strokes = result.strokes  # aligned too: the pen strokes of each, or None
        for path, reason in result.skipped:
            if (path, reason) not in self._skipped_said:  # every save reloads: say it once
                self._skipped_said.add((path, reason))
                self.say(f"skipped sample {path}: {reason}")
        for path, reason in result.bad_strokes:
            if (path, reason) not in self._skipped_said:
                self._skipped_said.add((path, reason))
                if reason == MISSING:
                    inside = path.is_relative_to(self.store.root)
                    label = path.relative_to(self.store.root).parts[0] if inside else "digit"
                    self.say(f"{path} is missing; that {label} trains as an image")
                else:
                    self.say(
                        f"ignored strokes file {path} ({reason}): its digit trains as an image"
                    )

    def save_sample(self) -> Path | None:
        """Store the canvas under the chosen label and train on it from the next step.

        The network's guess for the drawing, made before it ever trained on it, goes into
        `own_score` (see playground.core.training.own_score for what counts). A canvas that is
        a copy of a saved sample (Enter pressed again, or a sample loaded back) is saved again
        under the same label, as a second copy (not counted: it has trained on it), but not
        under another label (a label key pressed since): that would teach the network two
        answers for one drawing. The draw scene's Enter refuses any copy (`canvas_is_saved`)."""
        if self.label is None:
            self.say("pick a label first: press a digit key")
            return None
        if self.canvas.is_empty:
            self.say("nothing to save: the canvas is empty")
            return None
        saved_as = self.canvas_saved_as
        if saved_as is not None and saved_as != self.label:
            self.say(already_saved(saved_as, self.label))
            return None
        guess = self._unseen_guess()
        try:
            path = self.store.save(self.canvas.pixels, self.label, self.canvas.strokes)
        except StoreError as error:
            self.say(str(error))
            return None
        self._forget_deleted_copies(self.canvas.pixels)  # saved again: nothing to bring back
        self._user_samples_changed()
        if guess is not None:
            self.own_score.record(self.label, guess)
        note = read_note(self.label, guess, self.trainer.steps > 0)
        self.say(f"saved {a_digit(self.label)} as {path}{note}")
        if self.label not in self.settings.digits:
            self.say(not_in_play(self.label))
        return path

    @property
    def canvas_saved_as(self) -> int | None:
        """The label of the saved sample the canvas is, pixel for pixel, a copy of (None: it is
        no copy)."""
        at = kept_index(self.canvas.pixels, self.user_images)
        return None if at is None else int(self.user_labels[at])

    @property
    def canvas_is_saved(self) -> bool:
        """Whether the canvas is one of the saved samples (saving it again makes a copy)."""
        return self.canvas_saved_as is not None

    def _unseen_guess(self) -> int | None:
        """The guess for the canvas if it counts for the honest score: its label has an output
        and it has not trained on the drawing (a copy of a kept sample, or of a deleted one
        still in the undo list, was trained on)."""
        if self.label not in self.settings.digits or self.canvas_is_saved:
            return None
        if self._deleted:
            gone = np.stack([as_bytes(deleted[0]) for deleted in self._deleted])
            if is_kept(self.canvas.pixels, gone):
                return None
        prediction = self.prediction()
        return None if prediction is None else prediction["label"]

    def delete_sample(self, path: Path) -> bool:
        """Remove one of the user's samples from disk and training; undo_delete restores it."""
        try:
            pixels, label, strokes = self.store.delete(path)
        except StoreError as error:
            self.say(str(error))
            return False
        self._deleted.append((pixels, label, strokes, Path(path).name))
        self._user_samples_changed()
        self.say(f"deleted the {label} in {Path(path).name}")
        return True

    @property
    def can_undo_delete(self) -> bool:
        return bool(self._deleted)

    def _forget_deleted_copies(self, pixels: np.ndarray) -> None:
        """Drop deleted samples that are this drawing, pixel for pixel: it is saved again, so
        Undo delete has nothing of it to bring back (and greys when nothing else is left)."""
        if self._deleted:
            saved = as_bytes(pixels)[None]
            self._deleted = [d for d in self._deleted if not is_kept(d[0], saved)]

    def undo_delete(self) -> Path | None:
        """Save the most recently deleted sample again and train on it, under its old name if
        free: a fresh name sorted it elsewhere among its digit's thumbnails, and the next click
        on the spot it left deleted another drawing."""
        if not self._deleted:
            self.say("no deleted sample to bring back")
            return None
        pixels, label, strokes, name = self._deleted[-1]
        if is_kept(pixels, self.user_images):  # the same drawing was saved again meanwhile
            self._deleted.pop()
            self.say(f"that {label} is saved already: nothing to bring back")
            return None
        try:
            path = self.store.save(pixels, label, strokes, name)
        except StoreError as error:
            self.say(str(error))
            return None
        self._deleted.pop()
        self._user_samples_changed()
        self.say(f"brought back the deleted {label} as {Path(path).name}")
        return path

    def user_sample_guesses(self) -> np.ndarray:
        """The network's digit for each user sample (aligned with user_labels); -1 where the
        sample's label is not in play."""
        guesses = np.full(len(self.user_labels), -1, np.int64)
        in_play = np.isin(self.user_labels, self.settings.digits)
        if in_play.any():
            normalize, deskew = self.settings.normalize, self.settings.deskew
            inputs = self.pool.user_inputs(self.user_images, normalize, deskew)
            labels, _ = self.trainer.predict_digits(inputs[in_play])
            guesses[in_play] = labels
        return guesses
