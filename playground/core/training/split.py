"""Which samples train and which judge: the digits in play, split per digit, fixed by a seed.

Validation always stands beside training (judging by training accuracy alone hides
memorising), so every digit in play keeps a share aside that the network never learns from.
The user's own digits are split apart from the starter set, by a rule of their own: a user's
first five digits of a kind are all learned from, so a new digit is read from the first save.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from functools import cached_property
from hashlib import blake2b

import numpy as np

from playground.core.settings import Settings
from playground.core.training.rows import Rows, row_parts

TRAIN_ACC_SAMPLES = 1000  # training accuracy is measured on a fixed subset this large
# own digits of one kind are held out for validation only from this many on: in the own-hand
# measurement (playground.own_hand, writers 1-20) holding one of a user's five out cost 0.01
OWN_HOLD_FROM = 6


@dataclass(frozen=True)
class Split:
    """The samples in play, split per digit; labels are output indices, not digits."""

    source: Rows  # (r, 784) rows the training rows are gathered from (floats, or codes that
    # `rows.gather` reads as floats)...
    source_rows: np.ndarray  # (n_train,) ...the source row of each (own digits' rows: -1)
    train_y: np.ndarray  # (n_train, k) one-hot float32
    val_index: np.ndarray  # (n_val,) the rows of x held out (val_x gathers them)
    val_y: np.ndarray  # (n_val, k) one-hot float32
    val_labels: np.ndarray  # (n_val,) output index
    acc_index: np.ndarray  # (<= TRAIN_ACC_SAMPLES,) rows of x: a fixed subset of train_x
    acc_labels: np.ndarray  # its output indices
    problem: str | None  # why training cannot run on these samples, or None
    train_index: np.ndarray  # (n_train - twins,) the sample each leading train row comes from
    x: Rows  # the samples split, and their twins (or None): train_x reads them
    twins: Rows | None

    @property
    def train_x(self) -> np.ndarray:
        """(n_train, 784) the training rows as one new array: for checks, never per frame
        (a batch gathers its rows from `source` alone, and keeping this copy cost ~56 MB)."""
        x = self.x[self.train_index]
        if self.twins is None:
            return x
        return np.concatenate([x, self.twins[self.train_index[self.train_index < len(self.twins)]]])

    @property
    def n_train(self) -> int:
        return len(self.source_rows)

    # Validation measures its rows a slice at a time, gathering each slice from x when it is
    # measured (~0.05 ms for 500 rows): keeping the held-out rows and the training-accuracy
    # subset as copies cost ~9 MB for ten digits. Whole copies are made only when asked for.
    def val_rows(self, start: int, stop: int) -> np.ndarray:
        """val_x[start:stop], gathered from x."""
        return self.x.take(self.val_index[start:stop], axis=0)

    def acc_rows(self, start: int, stop: int) -> np.ndarray:
        """acc_x[start:stop], gathered from x."""
        return self.x.take(self.acc_index[start:stop], axis=0)

    @cached_property
    def val_x(self) -> np.ndarray:
        """(n_val, 784) the held-out rows as one read-only array, made when first asked for
        (the confusion tab shows them) and kept with the split."""
        return shared_rows(self.x, self.val_index)

    @cached_property
    def acc_x(self) -> np.ndarray:
        """(<= TRAIN_ACC_SAMPLES, 784) the training-accuracy rows, made when asked for."""
        return shared_rows(self.x, self.acc_index)


def split_samples(
    x: Rows,
    labels: np.ndarray,
    settings: Settings,
    twins: Rows | None = None,
    own_start: int | None = None,
    keys: np.ndarray | None = None,
    source: Rows | None = None,
) -> Split:
    """Keep the digits in play and hold out `val_fraction` of each, fixed by `settings.seed`.

    `twins`, if given, are extra inputs for the first len(twins) samples (their mouse-drawn
    twins): a twin is trained on only beside its original, so validation never holds out a digit
    whose twin was learned. Samples from `own_start` on are the user's own: they are split
    apart from the others (see `own_held_out`), and the trainer redraws only those that train
    (`train_index` says which), so validation never sees a redraw of a digit it holds out.
    `keys`, if given, are `content_keys(x, settings.seed)` computed before. `source`, if
    given, is x's first len(twins) rows followed by the twins in one array (the pool keeps
    them so): training rows then gather from it, and no copy of them is made.
    """
    rng = np.random.default_rng(settings.seed)
    keys = content_keys(x, settings.seed) if keys is None else keys
    parts: dict[str, list[np.ndarray]] = {"train": [], "train_lab": [], "val": [], "val_lab": []}
    counts = {}
    own_start = len(x) if own_start is None else own_start
    for i, digit in enumerate(settings.digits):
        found = np.flatnonzero(labels == digit)
        counts[digit] = len(found)
        for group, held_out in (
            (found[found < own_start], _held_out),
            (found[found >= own_start], own_held_out),
        ):
            group = group[np.argsort(keys[group], kind="stable")]
            n_val = held_out(len(group), settings.val_fraction)
            parts["val"].append(group[:n_val])
            parts["val_lab"].append(np.full(n_val, i))
            parts["train"].append(group[n_val:])
            parts["train_lab"].append(np.full(len(group) - n_val, i))
    train_idx, train_lab, val_idx, val_lab = (
        np.concatenate(parts[key]).astype(np.int64) for key in parts
    )
    eye = np.eye(len(settings.digits), dtype=np.float32)
    acc = np.sort(rng.permutation(len(train_idx))[:TRAIN_ACC_SAMPLES])
    source_rows = train_idx
    if twins is None:
        source = x
    else:
        m = len(twins)
        twinned = train_idx < m
        train_lab = np.concatenate([train_lab, train_lab[twinned]])
        own = train_idx >= own_start
        if source is not None and (len(source) != 2 * m or not (twinned | own).all()):
            source = None  # not the layout asked for: rows other than own ones lie past it
        if source is None:  # made here: the rows themselves, in training order
            source = np.concatenate([x[train_idx], twins[train_idx[twinned]]])
            source_rows = np.arange(len(source))
        else:
            source_rows = np.concatenate([np.where(own, -1, train_idx), m + train_idx[twinned]])
    return Split(
        source=source,
        source_rows=source_rows,
        train_y=eye[train_lab],
        val_index=val_idx,
        val_y=eye[val_lab],
        val_labels=val_lab,
        acc_index=train_idx[acc],
        acc_labels=train_lab[acc],
        problem=_data_problem(counts),
        train_index=train_idx,
        x=x,
        twins=twins,
    )


# (id of x, the rows' digest) -> weak references to x and to its rows, as shared_rows made them
_SHARED: dict[tuple, tuple[weakref.ref, weakref.ref]] = {}


def shared_rows(x: Rows, index: np.ndarray) -> np.ndarray:
    """x[index], read-only, and the same array for every split that asks for the same rows of
    the same read-only x: the learning-rate race's runs and the app's own trainer validate on
    the same samples, and each copy is ~9 MB for ten digits. Only weak references are kept,
    so this holds nothing alive; a writable x may change, so its rows are always copied."""
    if x.flags.writeable:
        return x[index]
    for key, (of, rows) in list(_SHARED.items()):
        if of() is None or rows() is None:
            _SHARED.pop(key, None)
    index = np.ascontiguousarray(index, np.intp)
    key = (id(x), len(index), blake2b(index.tobytes(), digest_size=16).digest())
    kept = _SHARED.get(key)
    if kept is not None and kept[0]() is x:
        found = kept[1]()
        if found is not None:
            return found
    made = x[index]
    made.flags.writeable = False
    _SHARED[key] = (weakref.ref(x), weakref.ref(made))
    return made


def content_keys(x: Rows, seed: int, start: int = 0) -> np.ndarray:
    """A random-looking but fixed number per sample, from its pixels and the seed.

    Each digit's validation share is the samples with the smallest keys. Keys depend on the
    sample alone, not on its position or on how many others there are, so saving one more digit
    moves at most one sample across the split: nothing already trained on turns into a
    validation sample, which would flatter the validation accuracy. With `start`, the keys of
    rows start.. only.
    """
    parts = row_parts(x, start)
    return np.concatenate([_part_keys(part, seed) for part in parts] or [np.zeros(0, np.uint64)])


# keys made for rows read from a read-only array that owns its memory (the pool's prepared
# starter digits, the raw starter images), by where they lie in it: a save splits the starter
# rows again beside one more own digit, the explain pages' side runs and the own-digits
# experiment split training sets that share them, and hashing 10,000 rows takes ~15 ms a set
# (a frame stalled 20-40 ms on a click, or on the worker's GIL)
_PART_KEYS: dict[tuple, tuple[weakref.ref, np.ndarray]] = {}
PARTS_KEPT = 8


def _part_keys(part: np.ndarray, seed: int) -> np.ndarray:
    owner = part if part.base is None else part.base
    fixed = isinstance(owner, np.ndarray) and not owner.flags.writeable and not part.flags.writeable
    if not fixed:
        return _hash_rows(part, seed)
    where = part.__array_interface__["data"][0] - owner.__array_interface__["data"][0]
    key = (id(owner), where, part.shape, part.strides, part.dtype.str, seed)
    made = _PART_KEYS.get(key)
    if made is not None and made[0]() is owner:
        return made[1]
    for old, (ref, _) in list(_PART_KEYS.items()):
        if ref() is None:
            _PART_KEYS.pop(old, None)
    while len(_PART_KEYS) >= PARTS_KEPT:
        _PART_KEYS.pop(next(iter(_PART_KEYS)))
    keys = _hash_rows(part, seed)
    keys.flags.writeable = False
    _PART_KEYS[key] = (weakref.ref(owner), keys)
    return keys


def _hash_rows(rows: np.ndarray, seed: int) -> np.ndarray:
    """Each row's 8-byte keyed BLAKE2b digest, read big-endian."""
    keyed = blake2b(digest_size=8, key=int(seed).to_bytes(8, "little"))  # copied per row

    def key(row: np.ndarray) -> bytes:
        h = keyed.copy()  # cheaper than keying a new hasher
        h.update(row.data)  # a contiguous row is read in place, not copied to bytes first
        return h.digest()

    digests = b"".join(key(row) for row in np.ascontiguousarray(rows))
    return np.frombuffer(digests, ">u8").astype(np.uint64)


def _held_out(n: int, fraction: float) -> int:
    """Validation share of a digit with n samples: at least 1 and at most n - 1 once n >= 2,
    so every digit is both trained on and checked; a lone sample goes to training."""
    if n < 2 or fraction <= 0:
        return 0
    return min(max(round(n * fraction), 1), n - 1)


def own_held_out(n: int, fraction: float) -> int:
    """Validation share of a digit's own samples: none of the first OWN_HOLD_FROM - 1, so a
    user's first saves are learned from at once; after that as for any digit."""
    return _held_out(n, fraction) if n >= OWN_HOLD_FROM else 0


def _data_problem(counts: dict[int, int]) -> str | None:
    missing = [str(digit) for digit, n in counts.items() if n == 0]
    if missing:
        digits = f"digit{'s' if len(missing) > 1 else ''} {', '.join(missing)}"
        return f"no samples for {digits}: draw some in the draw scene"
    if sum(counts.values()) < 2:
        return f"need at least 2 samples to train, have {sum(counts.values())}"
    return None
