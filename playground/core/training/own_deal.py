"""The order the user's own digits come into batches, dealt a couple of thousand rows at once.

Output i gets the part f_i of every batch from the user's digits of that kind (own_mix's rule).
Deciding that batch by batch, with a running remainder per output and then a pick of digit and
variant for each row, took some twenty small numpy calls a step: about 20 us at batch 16, half
as much again as the network's own step. So the own rows are dealt as one stream, a chunk of
CHUNK rows at a time, and a batch takes the next slice of it:

- How many own rows a batch gets: a running total of F = batch * sum(f), rounded down. So a
  batch gets F rounded down or up, and any run of batches exactly its due.
- Which output each row of the stream is for: output i's j-th row stands at (j + 1/2) / r_i
  along the stream, r_i = f_i / sum(f), and rows are dealt in that order. Every stretch of the
  stream then holds each output's share of it to within a row, spread evenly through it, so
  even a small batch gets the digits in their proportions.
- Which of that output's digits, and which version of it: each output deals its digits round
  in a shuffled order (each one once before any twice) and picks a version at random.
"""

from __future__ import annotations

import math

import numpy as np

CHUNK = 2048  # stream rows dealt at once (~0.1 ms): 256 batches of 8 own rows


class OwnDealer:
    """Deals the own rows of each batch: indices into the (digits * variants) bank of versions,
    and the output each is for."""

    def __init__(self, by_output: list[np.ndarray], fractions: np.ndarray, variants: int) -> None:
        self._by_output = by_output  # per output: the positions of its digits in the bank
        self._variants = variants
        total = float(np.sum(fractions))
        self._per_row = [  # r_i; 0 for an output with no digits to deal (never dealt)
            float(f) / total if total > 0 and len(digits) else 0.0
            for f, digits in zip(fractions, by_output, strict=True)
        ]
        self._total = total  # sum(f): the own part of a batch
        self._carry = 0.0  # own rows owed to batches so far, less the whole ones dealt
        self._time = 0.0  # how far along the stream the chunks dealt reach
        self._next = [0] * len(fractions)  # per output: the index j of its next stream row
        self._left = [np.zeros(0, np.intp) for _ in fractions]  # per output: digits still due
        self._flat = np.zeros(0, np.intp)  # the stream not yet taken: bank index of each row
        self._outputs = np.zeros(0, np.intp)  # ...and the output each row is for
        self._at = 0

    def next(self, batch: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        """The own rows of the next batch of `batch`: bank indices (m,) and outputs (m,)."""
        self._carry += self._total * batch
        m = min(math.floor(self._carry + 1e-9), batch)
        self._carry -= m
        if self._at + m > len(self._flat):
            self._deal(self._at + m - len(self._flat), rng)
        start, self._at = self._at, self._at + m
        return self._flat[start : self._at], self._outputs[start : self._at]

    def _deal(self, need: int, rng: np.random.Generator) -> None:
        """Deal at least `need` more rows of the stream, in chunks of CHUNK of its length."""
        times, outputs, digits = [], [], []
        dealt = 0
        while dealt < need:
            end = self._time + max(CHUNK, need - dealt)
            for i, r in enumerate(self._per_row):
                if r <= 0:
                    continue
                first, stop = self._next[i], math.ceil(end * r - 0.5)
                if stop <= first:
                    continue
                self._next[i] = stop
                times.append((np.arange(first, stop) + 0.5) / r)
                outputs.append(np.full(stop - first, i, np.intp))
                digits.append(self._digits(i, stop - first, rng))
                dealt += stop - first
            self._time = end
        order = np.argsort(np.concatenate(times), kind="stable")  # ties: lower output first
        versions = rng.integers(self._variants, size=dealt)
        flat = np.concatenate(digits)[order] * self._variants + versions
        self._flat = np.concatenate([self._flat[self._at :], flat])
        self._outputs = np.concatenate([self._outputs[self._at :], np.concatenate(outputs)[order]])
        self._at = 0

    def _digits(self, i: int, n: int, rng: np.random.Generator) -> np.ndarray:
        """Output i's next n digits: its digits round and round, in a new shuffle each round
        (the rounds still due are shuffled at once, one row each)."""
        left, digits = self._left[i], self._by_output[i]
        if len(left) < n:
            rounds = -(-(n - len(left)) // len(digits))
            shuffled = rng.permuted(np.tile(digits, (rounds, 1)), axis=1)
            left = np.concatenate([left, shuffled.ravel()])
        self._left[i] = left[n:]
        return left[:n]
