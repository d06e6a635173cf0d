"""Collect mode's plan: each digit in play a few times, taking turns, with the progress in words.

Taking turns (1, 2, 3, 1, 2, 3, ...) rather than five of one digit in a row keeps each drawing
a fresh attempt instead of a copy of the last, and the network trains on every digit as the
person goes. Only saves made while collecting count; digits added to play midway join the turn.
No pygame: the draw scene asks this what to ask for and tells it what was saved; when every
digit has its share, it says how many the network read right before learning them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from playground.core.words import PLURALS

if TYPE_CHECKING:
    from playground.core.session import Session

EACH = 5  # drawings asked for per digit in play


class Collection:
    """How many of each digit were saved since collect mode was switched on, and what to ask
    for next. The digits in play are read from the session each time."""

    def __init__(self, session: Session, each: int = EACH) -> None:
        self.session = session
        self.each = each
        self.saved: dict[int, int] = {}
        self._reads_before = session.own_score.guessed
        digits = ", ".join(map(str, session.settings.digits))
        session.say(f"collect mode: {each} of each of {digits}; Enter saves and asks for the next")

    @property
    def digits(self) -> tuple[int, ...]:
        return self.session.settings.digits

    def count(self, digit: int) -> int:
        return self.saved.get(digit, 0)

    def next_digit(self, after: int | None) -> int | None:
        """The digit to ask for next: the fewest saved so far, turning round from `after`;
        None once every digit in play has its share."""
        digits = self.digits
        wanted = [d for d in digits if self.count(d) < self.each]
        if not wanted:
            return None
        start = digits.index(after) + 1 if after in digits else 0
        return min(wanted, key=lambda d: (self.count(d), (digits.index(d) - start) % len(digits)))

    def saved_one(self, label: int | None) -> int | None:
        """A drawing of `label` was saved: the digit to ask for next, or None when done (and
        then the session says how well the network read them before learning them)."""
        if label in self.digits:
            self.saved[label] = self.count(label) + 1
        following = self.next_digit(label)
        if following is None:
            score = self.session.own_score
            read = score.guessed - self._reads_before
            right, of = score.recent(read) if read > 0 else (0, 0)
            played = ", ".join(map(str, self.digits))
            said = f": it read {right} of {of} right before learning them" if of else ""
            self.session.say(f"collected {self.each} of each of {played}{said}")
        return following

    def progress(self, digit: int) -> str:
        """'2 of 5 sevens collected': saves made in this collect mode, not every saved seven
        (the gallery beside it counts those, "Your 7s: 9")."""
        return f"{min(self.count(digit), self.each)} of {self.each} {PLURALS[digit]} collected"

    def total(self) -> tuple[int, int]:
        """(saved, asked for) over the digits in play."""
        digits = self.digits
        return sum(min(self.count(d), self.each) for d in digits), self.each * len(digits)
