"""Digits in words, for what the app says: "2 of 5 sevens", "you have 1 one", "an 8"."""

from __future__ import annotations

NAMES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
PLURALS = tuple("sixes" if name == "six" else f"{name}s" for name in NAMES)


def how_many(n: int, digit: int) -> str:
    """'1 seven', '3 sevens', '0 sevens'."""
    return f"{n} {NAMES[digit] if n == 1 else PLURALS[digit]}"


def a_digit(digit: int) -> str:
    """'a 7', 'an 8': the article as the digit is said."""
    return f"an {digit}" if digit == 8 else f"a {digit}"
