"""The draw scene's 'your samples' column: on top, how well the network read each of the user's
drawings before it learned it (the honest personal score); under it, counts per digit, the chosen
digit's own drawings, the ones the network gets wrong now, and loading or deleting one.

The digit shown is the current label, so labelling a drawing also shows what was already
drawn for that digit. Which samples are guessed wrong is re-checked every GUESS_REFRESH frames
rather than every frame: it runs the network over all of them, and a half-second delay in a
red mark is invisible while a per-frame pass over hundreds of samples is not.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pygame

from playground.core.session import Session
from playground.ui.render import theme
from playground.ui.render.gallery_view import GalleryItem, GalleryView
from playground.ui.render.own_score_view import OwnScoreView, score_height

TRAINED_ON = {  # the note beside "Samples per digit", per mix setting ("Train on")
    "both": "starter set + yours",
    "yours": "yours only",
    "starter": "starter set only",
}
GUESS_REFRESH = 30  # frames between re-checking which of the user's samples are guessed wrong
SCORE_GAP = 14  # between the personal score and the samples


class SamplesPanel:
    def __init__(self, session: Session, choose_label: Callable[[int], None]) -> None:
        self.session = session
        self.choose_label = choose_label
        self.view = GalleryView()
        self.score_view = OwnScoreView()
        self.rect = pygame.Rect(0, 0, 0, 0)  # the whole column, score and samples
        self.page = 0
        self.selected: Path | None = None  # the sample last clicked (and loaded on the canvas)
        self.presenting = False  # set by the scene before each draw: hide the key hints
        # the digit whose samples are listed: the label last chosen, kept when the label is
        # cleared with the canvas (a label is for one drawing; browsing one's 3s goes on)
        self.digit: int | None = None
        self._guesses: np.ndarray | None = None
        self._guess_age = GUESS_REFRESH

    def items(self) -> list[GalleryItem]:
        """The current label's own samples, newest first, with the network's guesses."""
        session, label = self.session, self.listed()
        if label is None:
            return []
        stale = self._guesses is None or len(self._guesses) != len(session.user_labels)
        if stale or self._guess_age >= GUESS_REFRESH:
            self._guesses, self._guess_age = session.user_sample_guesses(), 0
        guesses = self._guesses
        items = []
        for i in np.flatnonzero(session.user_labels == label)[::-1]:
            guess = None if guesses[i] < 0 else int(guesses[i])
            items.append(GalleryItem(session.user_paths[i], session.user_images[i], guess))
        return items

    def click(self, pos: tuple[int, int]) -> bool:
        """A digit chip picks that label; a thumbnail goes onto the canvas and is selected."""
        digit = self.view.chip_at(pos)
        if digit is not None:
            self.choose_label(digit)
            return True
        index = self.view.sample_at(pos)
        if index is None:
            return False
        item = self.items()[index]
        self.selected = item.path
        self.session.canvas.set_image(item.image)
        return True

    def scroll(self, pos: tuple[int, int] | None, rows: int) -> bool:
        """Mouse wheel over the panel turns pages (wheel up goes back)."""
        if pos is None or not self.rect.collidepoint(pos):
            return False
        self.page = min(max(self.page - rows, 0), self.view.pages - 1)
        return True

    def delete_selected(self) -> None:
        if self.selected is None:
            self.session.say("click one of your samples first, then delete it")
        elif self.session.delete_sample(self.selected):
            self.selected = None
            self._guesses = None

    def restore(self) -> None:
        if self.session.undo_delete() is not None:
            self._guesses = None

    def listed(self) -> int | None:
        """The digit whose samples are listed (following the label whenever one is set)."""
        if self.session.label is not None:
            self.digit = self.session.label
        return self.digit

    def draw(self, surface: pygame.Surface) -> None:
        self._guess_age += 1
        session = self.session
        yours = np.bincount(session.user_labels, minlength=10)
        starter = np.bincount(session.starter_labels, minlength=10)
        shown = list(session.settings.digits)
        listed = self.listed()
        if listed is not None and listed not in shown:
            shown.append(listed)
        mix = session.settings.mix  # the counts are of what trains: "Train on" decides
        starter *= mix != "yours"
        yours *= mix != "starter"
        counts = {d: (int(starter[d]), int(yours[d])) for d in shown}
        digits = session.settings.digits
        self.score_view.draw(surface, self.rect, session.own_score, digits)
        below = score_height(self.rect.width, len(digits)) + theme.px(SCORE_GAP)
        gallery = pygame.Rect(self.rect.left, self.rect.top + below, self.rect.width, 0)
        gallery.height = self.rect.bottom - gallery.top
        self.view.draw(
            surface,
            gallery,
            counts,
            listed,
            self.items(),
            self.page,
            self.selected,
            digits,
            TRAINED_ON[mix],
            hints=not self.presenting,
        )
