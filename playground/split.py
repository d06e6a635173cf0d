"""Which samples train and which judge: the digits in play, split per digit, fixed by a seed.

Validation always stands beside training (judging by training accuracy alone hides
memorising), so every digit in play keeps a share aside that the network never learns from.
"""

from __future__ import annotations

from dataclasses import dataclass
from hashlib import blake2b

import numpy as np

from playground.config import Settings

TRAIN_ACC_SAMPLES = 1000  # training accuracy is measured on a fixed subset this large


@dataclass(frozen=True)
class Split:
    """The samples in play, split per digit; labels are output indices, not digits."""

    train_x: np.ndarray  # (n_train, 784) float32
    train_y: np.ndarray  # (n_train, k) one-hot float32
    val_x: np.ndarray  # (n_val, 784) float32
    val_y: np.ndarray  # (n_val, k) one-hot float32
    val_labels: np.ndarray  # (n_val,) output index
    acc_x: np.ndarray  # (<= TRAIN_ACC_SAMPLES, 784) fixed subset of train_x
    acc_labels: np.ndarray  # its output indices
    problem: str | None  # why training cannot run on these samples, or None


def split_samples(
    x: np.ndarray,
    labels: np.ndarray,
    settings: Settings,
    repeats: np.ndarray | None = None,
    twins: np.ndarray | None = None,
) -> Split:
    """Keep the digits in play and hold out `val_fraction` of each, fixed by `settings.seed`.

    `repeats` (n,) counts how often each sample appears per training epoch, so a few of the
    user's own digits can weigh as much as many starter digits; it is applied after the split,
    so a repeated sample never lands in validation as well. `twins`, if given, are extra
    inputs for the first len(twins) samples (their mouse-drawn twins): a twin is trained on
    only beside its original, so validation never holds out a digit whose twin was learned.
    """
    rng = np.random.default_rng(settings.seed)
    keys = content_keys(x, settings.seed)
    parts: dict[str, list[np.ndarray]] = {"train": [], "train_lab": [], "val": [], "val_lab": []}
    counts = {}
    for i, digit in enumerate(settings.digits):
        found = np.flatnonzero(labels == digit)
        found = found[np.argsort(keys[found], kind="stable")]
        counts[digit] = len(found)
        n_val = _held_out(len(found), settings.val_fraction)
        parts["val"].append(found[:n_val])
        parts["val_lab"].append(np.full(n_val, i))
        parts["train"].append(found[n_val:])
        parts["train_lab"].append(np.full(len(found) - n_val, i))
    train_idx, train_lab, val_idx, val_lab = (
        np.concatenate(parts[key]).astype(np.int64) for key in parts
    )
    if repeats is not None:
        train_idx, train_lab = (np.repeat(a, repeats[train_idx]) for a in (train_idx, train_lab))
    eye = np.eye(len(settings.digits), dtype=np.float32)
    acc = np.sort(rng.permutation(len(train_idx))[:TRAIN_ACC_SAMPLES])
    train_x = x[train_idx]
    if twins is not None:
        twinned = train_idx < len(twins)
        train_x = np.concatenate([train_x, twins[train_idx[twinned]]])
        train_lab = np.concatenate([train_lab, train_lab[twinned]])
    return Split(
        train_x=train_x,
        train_y=eye[train_lab],
        val_x=x[val_idx],
        val_y=eye[val_lab],
        val_labels=val_lab,
        acc_x=x[train_idx[acc]],
        acc_labels=train_lab[acc],
        problem=_data_problem(counts),
    )


def content_keys(x: np.ndarray, seed: int) -> np.ndarray:
    """A random-looking but fixed number per sample, from its pixels and the seed.

    Each digit's validation share is the samples with the smallest keys. Keys depend on the
    sample alone, not on its position or on how many others there are, so saving one more digit
    moves at most one sample across the split: nothing already trained on turns into a
    validation sample, which would flatter the validation accuracy.
    """
    salt = int(seed).to_bytes(8, "little")
    rows = np.ascontiguousarray(x)
    return np.array(
        [int.from_bytes(blake2b(row.tobytes(), digest_size=8, key=salt).digest()) for row in rows],
        dtype=np.uint64,
    )


def _held_out(n: int, fraction: float) -> int:
    """Validation share of a digit with n samples: at least 1 and at most n - 1 once n >= 2,
    so every digit is both trained on and checked; a lone sample goes to training."""
    if n < 2 or fraction <= 0:
        return 0
    return min(max(round(n * fraction), 1), n - 1)


def _data_problem(counts: dict[int, int]) -> str | None:
    missing = [str(digit) for digit, n in counts.items() if n == 0]
    if missing:
        digits = f"digit{'s' if len(missing) > 1 else ''} {', '.join(missing)}"
        return f"no samples for {digits}: draw some in the draw scene"
    if sum(counts.values()) < 2:
        return f"need at least 2 samples to train, have {sum(counts.values())}"
    return None
