"""How well the network reads the person at the mouse, measured honestly.

Each time a drawing is labelled and saved as one of the user's own samples, the guess the network
made for it *before* it was ever trained on is kept beside the label. The drawing is new to the
network at that moment, so these reads are the fairest measure the app has of how well it reads
this person: validation scores starter digits, and re-checking saved samples scores digits the
network has since learned.

What counts: a saved drawing whose label is in play (the network has an output for it) and that
is not a copy of a sample already kept (a sample loaded back onto the canvas has been trained on).

Lifetime: the reads describe one network. They are cleared when the network is replaced (reset
to fresh random weights, or rebuilt because its shape or digits changed), since a new network has
read none of them, and they are saved with a session (Ctrl+S) and come back with it (Ctrl+O,
--load), because they belong to the weights saved there. Deleting a sample keeps its read: the
guess was made, right or wrong, before it was deleted. No pygame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from playground.core.data.preprocess import as_bytes
from playground.core.words import a_digit

if TYPE_CHECKING:
    from playground.core.data.pen import Canvas

RECENT = 10  # the "last 10" the draw scene and the report show


def already_saved(digit: int, wanted: int | None = None) -> str:
    """What to say when a copy of a saved drawing is to be saved again (Enter on a copy); with
    another `wanted` label, how to relabel it (a copy under two labels is refused)."""
    if wanted is not None and wanted != digit:
        return (
            f"already saved as {a_digit(digit)}: to save it as {a_digit(wanted)} instead, "
            f"press {digit}, click it among your {digit}s and press Delete first"
        )
    return f"already saved as {a_digit(digit)}: C clears the canvas for the next one"


def not_in_play(digit: int) -> str:
    """What to say when a digit with no output is labelled: that, and how to add it."""
    return (
        f"{digit} is not in play: add it with the digit buttons in the train scene's Controls "
        f"tab (script: set digits); its samples are kept meanwhile"
    )


def read_note(label: int, guess: int | None, trained: bool = True) -> str:
    """The end of the "saved a 7" message: what the network read before it was told (and,
    before any training, that a right read was luck: the score counts it all the same)."""
    if guess is None:
        return ""
    if guess != label:
        return f"; it read {a_digit(guess)}"
    return "; it read it right" if trained else "; it read it right, by luck: it is untrained"


def kept_index(canvas: np.ndarray, kept: np.ndarray) -> int | None:
    """Which of the `kept` (n, 28, 28) uint8 samples the (28, 28) float canvas is, pixel for
    pixel (a sample loaded back onto the canvas, or one saved twice); None if none."""
    if not len(kept):
        return None
    same = np.flatnonzero((kept == as_bytes(canvas)).all(axis=(1, 2)))
    return int(same[0]) if len(same) else None


def is_kept(canvas: np.ndarray, kept: np.ndarray) -> bool:
    """Whether the canvas is one of the `kept` samples (`kept_index`)."""
    return kept_index(canvas, kept) is not None


class KeptCheck:
    """`is_kept` for a canvas, worked out again only when the canvas or the samples change
    (the draw scene asks every frame)."""

    def __init__(self) -> None:
        self._key: tuple | None = None
        self.index: int | None = None  # which of the samples the canvas is, at the last call

    def __call__(self, canvas: Canvas, kept: np.ndarray) -> bool:
        """`canvas` is a playground.core.data.pen.Canvas; `kept` the user's samples."""
        key = (canvas.version, id(kept), len(kept))
        if key != self._key:
            self._key = key
            self.index = None if canvas.is_empty else kept_index(canvas.pixels, kept)
        return self.index is not None


class OwnScoreError(ValueError):
    """Saved reads that cannot be used (wrong shape or digits out of range)."""


class OwnScore:
    """Every (label, guess) pair, oldest first."""

    def __init__(self) -> None:
        self._reads: list[tuple[int, int]] = []
        self.version = 0  # goes up with every change, so a picture of it can be kept

    def record(self, label: int, guess: int) -> None:
        self._reads.append((int(label), int(guess)))
        self.version += 1

    def clear(self) -> None:
        self._reads.clear()
        self.version += 1

    @property
    def guessed(self) -> int:
        return len(self._reads)

    @property
    def right(self) -> int:
        return sum(label == guess for label, guess in self._reads)

    def recent(self, n: int = RECENT) -> tuple[int, int]:
        """(right, of how many) among the last `n` reads (fewer while fewer were made)."""
        last = self._reads[-n:] if n > 0 else []
        return sum(label == guess for label, guess in last), len(last)

    def per_digit(self) -> dict[int, tuple[int, int]]:
        """{label: (right, guessed)} for every label read at least once, in digit order."""
        table: dict[int, list[int]] = {}
        for label, guess in self._reads:
            counts = table.setdefault(label, [0, 0])
            counts[0] += label == guess
            counts[1] += 1
        return {d: (table[d][0], table[d][1]) for d in sorted(table)}

    def report(self) -> dict:
        """The `own` field of the script report."""
        return {
            "guessed": self.guessed,
            "right": self.right,
            "last_10": self.recent(RECENT)[0],
            "per_digit": {
                str(d): {"guessed": n, "right": r} for d, (r, n) in self.per_digit().items()
            },
        }

    # -- session files ------------------------------------------------------------------------
    def to_array(self) -> np.ndarray:
        """(n, 2) int64 rows of (label, guess), for a session file."""
        return np.array(self._reads, np.int64).reshape(-1, 2)

    @classmethod
    def from_array(cls, rows: np.ndarray) -> OwnScore:
        """The reads saved by `to_array`; OwnScoreError if they are not digit pairs."""
        rows = np.asarray(rows)
        if rows.ndim != 2 or rows.shape[1] != 2 or rows.dtype.kind not in "iu":
            raise OwnScoreError("own reads are not a table of (label, guess) whole numbers")
        if rows.size and (rows.min() < 0 or rows.max() > 9):
            raise OwnScoreError("own reads hold numbers that are not digits")
        score = cls()
        score._reads = [(int(a), int(b)) for a, b in rows]
        return score
