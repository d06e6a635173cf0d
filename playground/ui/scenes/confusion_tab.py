"""The confusion tab of the train scene: which digits the network mistakes for which, and the
very samples behind a mistake.

A click on a cell lists the validation samples of that true digit that the network now guesses
as the cell's column (mistakes off the diagonal, right answers on it); a click on one of them
chooses it, and the scene plays that sample's forward pass in the picture until Escape, a
second click on it, or a new network. Guesses are worked out at the click and again whenever
the trainer measures a new matrix, never per frame.
"""

from __future__ import annotations

import numpy as np
import pygame

from playground.core.session import Session
from playground.ui.render import theme
from playground.ui.render.confusion_view import (
    ConfusionView,
    cell_at,
    thumb_boxes,
    thumbs_top,
)


class ConfusionTab:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.view = ConfusionView()
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.cell: tuple[int, int] | None = None  # (true row, guessed column)
        self.samples = np.zeros(0, np.int64)  # validation indices in the chosen cell
        self.chosen: int | None = None  # the validation index being played
        self._seen: tuple | None = None  # (network, matrix) the samples were found under

    # -- input --------------------------------------------------------------------------------
    def click(self, pos: tuple[int, int]) -> bool:
        """A left click inside the tab: choose a cell, or a sample of the chosen cell."""
        if not self.rect.collidepoint(pos):
            return False
        k = len(self.session.trainer.digits)
        box = tuple(self.rect)
        cell = cell_at(box, k, pos) if self.session.trainer.confusion is not None else None
        if cell is not None:
            self.cell, self.chosen = cell, None
            self._find_samples()
            return True
        for thumb, index in zip(thumb_boxes(box, k, len(self.samples)), self.samples, strict=False):
            if pygame.Rect(thumb).collidepoint(pos):
                self.chosen = None if self.chosen == int(index) else int(index)
                return True
        return False

    def let_go(self) -> bool:
        """Stop playing the chosen sample (Escape); True if one was being played."""
        was, self.chosen = self.chosen is not None, None
        return was

    def played(self) -> tuple[np.ndarray, int] | None:
        """(input, output index) of the chosen validation sample, or None."""
        self._follow()
        if self.chosen is None:
            return None
        inputs, labels = self.session.trainer.validation
        return inputs[self.chosen], int(labels[self.chosen])

    # -- state --------------------------------------------------------------------------------
    def _follow(self) -> None:
        """A new network forgets the cell (its rows may be other digits); a new matrix finds
        the cell's samples again under the weights that made it."""
        trainer = self.session.trainer
        if self._seen is not None and self._seen[0] is not trainer.network:
            self.cell, self.chosen, self.samples, self._seen = None, None, self.samples[:0], None
        elif self.cell is not None and any(
            a is not b for a, b in zip(self._seen[1:], self._now(), strict=True)
        ):
            if self._seen[2] is not trainer.validation[0]:
                self.chosen = None  # a new split: the indices mean other samples now
            self._find_samples()

    def _now(self) -> tuple:
        trainer = self.session.trainer
        return trainer.confusion, trainer.validation[0]

    def _find_samples(self) -> None:
        trainer = self.session.trainer
        inputs, labels = trainer.validation
        row, col = self.cell
        guesses = trainer.network.predict(inputs).argmax(axis=1) if len(inputs) else labels
        self.samples = np.flatnonzero((labels == row) & (guesses == col))
        self._seen = (trainer.network, *self._now())

    # -- drawing ------------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        self.rect = rect
        self._follow()
        trainer = self.session.trainer
        digits = trainer.digits
        self.view.draw(surface, rect, trainer.confusion, digits, self.cell)
        if trainer.confusion is None:
            return
        top = thumbs_top(tuple(rect), len(digits))
        if self.cell is None:
            note = ("click a cell to see its digits", theme.MUTED)
            theme.blit_text(surface, note[0], (rect.left, top - theme.px(34)), 13, note[1])
            return
        row, col = self.cell
        true, guess = digits[row], digits[col]
        what = f"{true}s guessed right" if row == col else f"{true}s taken for {guess}s"
        what += " now" if self.samples.size else ""
        at = (rect.left, top - theme.px(36))
        theme.blit_text(surface, f"{len(self.samples)} {what}", at, 14)
        boxes = thumb_boxes(tuple(rect), len(digits), len(self.samples))
        hint = "Esc: back to training" if self.chosen is not None else "click one to play it"
        if len(boxes) < len(self.samples):
            hint += f"  ·  the first {len(boxes)} shown"
        theme.blit_text(surface, hint, (rect.left, top - theme.px(18)), 12, theme.MUTED)
        inputs, _ = trainer.validation
        self.view.draw_thumbs(surface, boxes, inputs, self.samples, self.chosen)
