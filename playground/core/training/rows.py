"""Rows of network inputs read as one float32 array while stored more cheaply.

With own digits in play the training inputs are the prepared starter digits (a view into the
pool's cached preparation) followed by the user's few dozen. Joining them into one array cost
a second copy of the starter set (~30 MB for ten digits) that lived as long as the training
set, although the trainer only ever gathers rows from it: the split's validation rows, the
training accuracy subset, the own digits' first variants. `StackedRows` answers those gathers
from the two arrays where they lie; `np.asarray` still joins them, for code that needs one array.

The pool keeps the prepared starter rows and their twins as 16-bit codes (`encode`: each input
times 65,535, rounded), half of float32's size: ten digits with twins took ~63 MB as floats and
take ~31 MB so. A gathered row is the code over 65,535 (`decode`), at most 1/131,070 from the
prepared float: float rows split as the codes split them trained to the same accuracies, to
four decimals, over three seeds. (Bytes, x 255, would save another 16 MB but move each input by
up to 1/510; 16 bits need no such measuring.) The split's keys hash the rows as stored, so the
codes split the digits differently from float rows; which draw of the split one gets moved the
strangers' figures by up to 0.005 (playground/core/training/split.py). The raw starter images,
bytes as drawn, are read the same way, over 255.
"""

from __future__ import annotations

from typing import Any

import numpy as np

CODE = np.uint16  # how the pool stores prepared rows
# the input one code stands for, by the codes' size in bytes: worked out once here, as np.iinfo
# costs a microsecond and a batch's gather decodes once a step
_STEP = {np.dtype(c).itemsize: np.float32(1 / np.iinfo(c).max) for c in (np.uint8, CODE)}


def encode(values: np.ndarray, out: np.ndarray) -> None:
    """out (unsigned integers, CODE or bytes) = values (floats in 0..1) times the largest code,
    rounded and clipped."""
    top = np.iinfo(out.dtype).max
    scaled = np.rint(values * top)
    np.clip(scaled, 0, top, out=scaled)
    np.copyto(out, scaled, casting="unsafe")


def decode(codes: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """Codes as the float32 inputs they stand for (code over the largest code), into `out` if
    given. Every reader of stored rows comes here, so a row reads the same bits wherever it is
    gathered."""
    if out is None:
        out = np.empty(codes.shape, np.float32)
    np.copyto(out, codes)  # then one multiply: faster than a multiply that casts as it goes
    out *= _STEP[codes.dtype.itemsize]
    return out


def coded(rows: np.ndarray) -> bool:
    """Whether `rows` are stored as codes (unsigned integers), not as float32 inputs."""
    return rows.dtype.kind == "u"


def gather(rows: Rows, index: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """rows[index] as float32 (decoded where they are stored as codes), into `out` if given.
    For an ndarray `index` must be in range (mode "wrap" spares the buffered copy that checking
    makes); a StackedRows checks it."""
    if isinstance(rows, StackedRows):
        return rows.take(index, out=out)
    if not coded(rows):
        return rows.take(index, axis=0, out=out, mode="wrap")
    return decode(rows.take(index, axis=0, mode="wrap"), out)


class StackedRows:
    """Rows `head` then rows `tail` ((n, d) each; `head` float32 or codes from `encode`, `tail`
    float32 or None for none), read-only, indexed as one float32 array."""

    def __init__(self, head: np.ndarray, tail: np.ndarray | None = None) -> None:
        if tail is None:
            tail = np.zeros((0, head.shape[-1]), np.float32)
        if head.ndim != 2 or tail.ndim != 2 or head.shape[1] != tail.shape[1]:
            raise ValueError(f"need two (n, d) arrays, got {head.shape} and {tail.shape}")
        self.head, self.tail = head.view(), np.asarray(tail, np.float32).view()
        self.head.flags.writeable = self.tail.flags.writeable = False
        self.shape = (len(head) + len(tail), head.shape[1])
        self.dtype = np.dtype(np.float32)
        self.ndim = 2

    @property
    def flags(self) -> Any:
        """Flags as an array's: never writeable (the parts are read-only views)."""
        return self.tail.flags

    @property
    def parts(self) -> tuple[np.ndarray, np.ndarray]:
        """The arrays as stored (the head possibly as bytes)."""
        return self.head, self.tail

    def __len__(self) -> int:
        return self.shape[0]

    def take(
        self, index: Any, axis: int = 0, out: np.ndarray | None = None, mode: str = "raise"
    ) -> np.ndarray:
        """Rows `index` (integers, negatives from the end) as one new array (or into `out`),
        like ndarray.take along axis 0: each part gives its own rows, so nothing but the result
        is allocated. Indices out of range raise IndexError, whatever `mode` (taken so that
        calls written for ndarray.take work here too)."""
        if axis != 0:
            raise ValueError("StackedRows gathers rows only (axis 0)")
        index = np.asarray(index, np.intp)
        n, n_head = self.shape[0], len(self.head)
        if index.size and (index.min() < -n or index.max() >= n):
            raise IndexError(f"row index out of range for {n} rows")
        index = np.where(index < 0, index + n, index)
        if out is None:
            out = np.empty((*index.shape, self.shape[1]), self.dtype)
        in_head = index < n_head
        if in_head.all():
            return gather(self.head, index, out)
        out[in_head] = gather(self.head, index[in_head])
        out[~in_head] = self.tail[index[~in_head] - n_head]
        return out

    def __getitem__(self, key: Any) -> np.ndarray:
        """One row (an int), a slice of rows, or rows by integer or boolean index (axis 0 only)."""
        if isinstance(key, (int, np.integer)):
            i = int(key) + (len(self) if key < 0 else 0)
            if not 0 <= i < len(self):
                raise IndexError(f"row {int(key)} out of range for {len(self)} rows")
            if i >= len(self.head):
                return self.tail[i - len(self.head)]
            row = self.head[i]
            return decode(row) if coded(row) else row
        if isinstance(key, slice):
            rows = range(len(self))[key]
            if rows.step == 1 and rows.stop <= len(self.head) and not coded(self.head):
                return self.head[rows.start : rows.stop]
            return self.take(np.arange(rows.start, rows.stop, rows.step))
        key = np.asarray(key)
        if key.dtype == bool:
            key = np.flatnonzero(key)
        return self.take(key)

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        """Both parts joined: a new array, for code that needs one (not the trainer's)."""
        joined = self.take(np.arange(len(self)))
        return joined if dtype is None else joined.astype(dtype, copy=False)

    def __iter__(self) -> Any:
        for i in range(len(self)):
            yield self[i]


Rows = np.ndarray | StackedRows  # what the trainer and the split accept as inputs


def subset(x: Rows, index: np.ndarray) -> StackedRows:
    """Rows `index` (ascending) of `x`, kept as they are stored: codes stay codes, so a
    subset for a side run costs a copy of its codes, not a decoded float copy twice the size
    (2,000 of ten digits' rows: 1 ms, not 10)."""
    index = np.asarray(index, np.intp)
    if isinstance(x, StackedRows):
        n_head = len(x.head)
        return StackedRows(x.head[index[index < n_head]], x.tail[index[index >= n_head] - n_head])
    return StackedRows(x[index])


def row_parts(x: Rows, start: int = 0, stop: int | None = None) -> tuple[np.ndarray, ...]:
    """Views of the arrays `x`'s rows start..stop lie in, as stored, in order (one for an
    ndarray; empty parts left out): code that reads every row in turn, hashing or comparing
    them, then needs no joined copy (for the starter set and own digits, ~30 MB made and
    dropped each time)."""
    parts = x.parts if isinstance(x, StackedRows) else (x,)
    stop = len(x) if stop is None else min(stop, len(x))
    found, offset = [], 0
    for part in parts:
        lo, hi = max(start - offset, 0), min(stop - offset, len(part))
        if lo < hi:
            found.append(part[lo:hi])
        offset += len(part)
    return tuple(found)
