"""What the two lines above the draw scene's canvas say, worked out from the state alone.

The first line says what to draw (and, collecting, how far along the person is); the second
says what Enter will do with the drawing and what the network made of it. When the network
reads the drawing as another digit than its label, the second line offers the fix in one key:
Enter saves it under the right label, which is how it learns this hand. A label with no output
(a 7 while training on 1, 2, 3) says so and where to add it. No pygame.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from playground.core.words import a_digit
from playground.ui.scenes.collect import Collection

TONES = ("muted", "good", "bad")


@dataclass(frozen=True)
class Prompt:
    headline: str  # "Draw a 7"
    progress: str  # beside the headline while collecting, else ""
    hints: tuple[str, ...]  # the second line, longest first: the first that fits is shown
    tone: str  # one of TONES: how the second line is coloured
    collecting: bool


def prompt_for(
    label: int | None,
    digits: Sequence[int],
    guess: int | None,
    saved_as: int | None,
    collection: Collection | None,
    trained: bool = True,
) -> Prompt:
    """`guess` is the network's digit for the canvas (None when it is empty); `saved_as` is the
    label the canvas is saved under when it is one of the saved samples (just saved, or one
    loaded back), else None; `collection` is set while collecting; `trained` is false before
    the network's first step, whose guess is a near-tie of random weights, not a reading."""
    collecting = collection is not None
    headline = "Draw a digit" if label is None or not collecting else f"Draw {a_digit(label)}"
    progress = ""
    if collecting and label is not None:
        saved, asked = collection.total()
        progress = f"{collection.progress(label)} · {saved} of {asked} in all"
    hints, tone = _second_line(label, digits, guess, saved_as, collecting, trained)
    return Prompt(headline, progress, hints, tone, collecting)


def _second_line(
    label: int | None,
    digits: Sequence[int],
    guess: int | None,
    saved_as: int | None,
    collecting: bool,
    trained: bool,
) -> tuple[tuple[str, ...], str]:
    reads = "it reads" if trained else "untrained, it guesses"
    if saved_as is not None:  # Enter saves nothing: say what it is saved as, and what next
        saved = f"saved as {a_digit(saved_as)}"
        if saved_as not in digits:
            return (
                f"{saved} · {saved_as} is not in play: add it in the train scene's Controls tab",
                f"{saved} · {saved_as} is not in play",
                saved,
            ), "muted"
        if label is not None and label != saved_as:  # a relabel: the copy is refused, say how
            return (
                f"{saved} · to save it as {a_digit(label)}, delete it from your {saved_as}s first",
                f"{saved} · delete it from your {saved_as}s first",
                saved,
            ), "muted"
        return (f"{saved} · C clears the canvas for the next one", saved), "muted"
    if label is None:
        if guess is None:
            return ("draw, then press 0-9 to label it",), "muted"
        return (
            f"{reads} {a_digit(guess)}: press the right digit, then Enter saves it",
            "press the right digit, then Enter",
        ), "muted"
    if label not in digits:
        return (
            f"{label} is not in play: add it in the train scene's Controls tab",
            f"{label} is not in play: Train scene, Controls",
            f"{label} is not in play",
        ), "bad"
    if guess is None:
        if collecting:
            return (
                f"draw {a_digit(label)}: Enter saves it and asks for the next one",
                "Enter saves it, then the next",
            ), "muted"
        return (f"label {label} · draw it, then Enter saves it", f"label {label}"), "muted"
    if guess == label:
        return (f"{reads} your {label} · Enter saves it", f"reads your {label}"), "good"
    return (
        f"{reads} {a_digit(guess)}, not {a_digit(label)} · "
        f"Enter saves it as {a_digit(label)} to teach it",
        f"it reads {a_digit(guess)} · Enter saves it as {a_digit(label)}",
        f"reads {a_digit(guess)} · Enter: save as {label}",
    ), "bad"
