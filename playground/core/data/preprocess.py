"""Make drawn digits look like MNIST digits before the network sees them.

MNIST digits were cropped to their ink, scaled to fit a 20x20 box with their shape kept, and
placed in a 28x28 field so their centre of mass sits in the middle. A digit drawn small in a
corner of the canvas is, to a network trained on raw pixels, a different picture from the
same digit drawn large in the middle; `normalize` removes that difference, and `deskew`
removes slant, the next largest difference between two people's handwriting.

The centre of mass is placed at array index (14, 14), where MNIST put it: measured over the
starter set, its digits' centres of mass average row 14.0 and column 14.0 (spread 0.29), so
normalize leaves an MNIST digit almost untouched.

The app's pen draws strokes about 1.6 pixels wide whatever size the digit is, so a digit drawn
8 pixels tall and enlarged 2.5 times came out with 4-pixel blobs for strokes, and small digits
were mostly read as 8. Enlarged digits are therefore thinned in proportion (see
`_keep_stroke_width`); MNIST digits, already 20 pixels tall, are not enlarged and not touched.
In a 360-digit stroke test (digits 0-9 at heights 8 to 26, three seeds) this raised accuracy
from 92.5% to 94.3% and at height 8 from 79% to 86%, with validation accuracy unchanged
within training noise.

Order in `prepare`: normalize, then deskew. Shearing about the centre of mass leaves that
centre where normalize put it, and a digit drawn small is sheared at 20 pixels rather than at
its own few. On the starter set (8,000 train / 2,000 held out) the two orders scored the same
within noise: 1-nearest-neighbour 95.9% vs 96.0%, softmax regression 93.0% vs 93.2%
(normalize alone: 93.5% and 90.2%).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from playground.core.settings import IMAGE_SIDE

SIDE = IMAGE_SIDE
BOX = 20  # MNIST's box for the digit inside the 28x28 field
INK = 0.05  # pixels above this count as ink when finding a digit's bounding box
PHOTO_INK = 0.25  # stricter for photos and scans, whose paper is never perfectly even
MIN_CONTRAST = 0.02  # an image flatter than this is treated as blank
MAX_SLANT = 1.0  # shear at most 45 degrees: a nearly flat stroke is not folded into a blob
DESKEW_CHUNK = 512  # images deskewed at once: bounded scratch memory, same result
PREPARE_CHUNK = 1000  # images prepared at once by `prepare`, for the same reason
THIN_FROM = 1.0  # digits enlarged more than this have their strokes thinned back


@lru_cache(maxsize=1024)
def _resize_matrix(n_in: int, n_out: int) -> np.ndarray:
    """(n_out, n_in) weights that resample one axis: area average down, linear up."""
    weights = np.zeros((n_out, n_in), np.float32)
    if n_out < n_in:  # each output pixel averages the input span it covers
        edges = np.arange(n_out + 1) * (n_in / n_out)
        for j in range(n_out):
            lo, hi = edges[j], edges[j + 1]
            i = np.arange(int(lo), min(int(np.ceil(hi)), n_in))
            weights[j, i] = (np.minimum(i + 1, hi) - np.maximum(i, lo)) * (n_out / n_in)
    else:  # each output pixel centre reads between the two nearest input centres
        u = np.clip((np.arange(n_out) + 0.5) * (n_in / n_out) - 0.5, 0, n_in - 1)
        i0 = np.floor(u).astype(int)
        i1 = np.minimum(i0 + 1, n_in - 1)
        frac = (u - i0).astype(np.float32)
        np.add.at(weights, (np.arange(n_out), i0), 1 - frac)
        np.add.at(weights, (np.arange(n_out), i1), frac)
    weights.setflags(write=False)
    return weights


def _fit_into(patch: np.ndarray, box: int) -> np.ndarray:
    """Scale a 2-D patch (or a stack of same-sized ones) so its longer side is `box` pixels,
    keeping its aspect ratio."""
    h, w = patch.shape[-2:]
    scale = box / max(h, w)
    out_h, out_w = max(1, round(h * scale)), max(1, round(w * scale))
    return _resize_matrix(h, out_h) @ patch @ _resize_matrix(w, out_w).T


def _ink_box(image: np.ndarray, threshold: float) -> tuple[slice, slice] | None:
    """Row and column slices around the pixels above `threshold`, or None if there are none."""
    rows = np.flatnonzero((image > threshold).any(axis=1))
    if rows.size == 0:
        return None
    cols = np.flatnonzero((image > threshold).any(axis=0))
    return slice(rows[0], rows[-1] + 1), slice(cols[0], cols[-1] + 1)


def _keep_stroke_width(patches: np.ndarray, enlargement: float) -> np.ndarray:
    """Thin the strokes of digits that were enlarged by `enlargement`, so they stay about
    as thick as if the digit had been drawn full size.

    Linear upscaling turns a stroke's soft profile (1 in its middle, falling to 0 over a
    pixel or so) into the same profile `enlargement` times wider. Raising the ink to the power
    `enlargement` (f) narrows it back: d pixels from the middle, 1 - d / f becomes
    (1 - d / f) ** f, about exp(-d) whatever f is; full ink stays full, empty stays empty."""
    if enlargement <= THIN_FROM:
        return patches
    return patches ** np.float32(enlargement / THIN_FROM)


def _normalize_all(images: np.ndarray) -> np.ndarray:
    """Normalize a (n, 28, 28) stack. Digits whose ink boxes have the same size are cropped,
    scaled and placed together, a few array operations per size instead of per digit: the
    10,000 starter digits (MNIST, already 20 pixels in their longer side) share a few dozen."""
    out = np.zeros_like(images)
    ink: np.ndarray = images > INK  # (n, 28, 28) bool
    rows = np.asarray(ink.any(axis=2))  # (n, 28): which rows of each digit hold ink
    cols = np.asarray(ink.any(axis=1))
    top, left = rows.argmax(axis=1), cols.argmax(axis=1)
    heights = SIDE - top - rows[:, ::-1].argmax(axis=1)
    widths = SIDE - left - cols[:, ::-1].argmax(axis=1)
    sizes = np.where(rows.any(axis=1), heights * (SIDE + 1) + widths, -1)  # -1: no ink
    for size in np.unique(sizes[sizes >= 0]):
        members = np.flatnonzero(sizes == size)
        h, w = divmod(int(size), SIDE + 1)
        crops = images[
            members[:, None, None],
            top[members, None, None] + np.arange(h)[:, None],
            left[members, None, None] + np.arange(w),
        ]
        patches = _keep_stroke_width(np.clip(_fit_into(crops, BOX), 0.0, 1.0), BOX / max(h, w))
        n, h, w = patches.shape
        mass = patches.reshape(n, -1).sum(axis=1)
        com_row = patches.sum(axis=2) @ np.arange(h) / mass
        com_col = patches.sum(axis=1) @ np.arange(w) / mass
        rows_at = np.clip(np.floor(SIDE / 2 - com_row + 0.5).astype(int), 0, SIDE - h)
        cols_at = np.clip(np.floor(SIDE / 2 - com_col + 0.5).astype(int), 0, SIDE - w)
        out[
            members[:, None, None],
            rows_at[:, None, None] + np.arange(h)[:, None],
            cols_at[:, None, None] + np.arange(w),
        ] = patches
    return out


def _deskew_all(images: np.ndarray) -> np.ndarray:
    """Shear each (28, 28) image of a stack so its ink stands upright.

    Done in chunks: the index and sample arrays of one chunk stay small enough to be reused
    from chunk to chunk, where the whole starter set at once needed ~300 MB of fresh memory
    and spent most of its time faulting it in."""
    out = np.empty_like(images)
    for start in range(0, len(images), DESKEW_CHUNK):
        chunk = slice(start, start + DESKEW_CHUNK)
        out[chunk] = _deskew_chunk(images[chunk])
    return out


def _deskew_chunk(images: np.ndarray) -> np.ndarray:
    n = len(images)
    axis = np.arange(SIDE, dtype=np.float32)
    row_mass = images.sum(axis=2)
    mass = row_mass.sum(axis=1)
    safe = np.where(mass > 0, mass, 1)
    dy = axis - (row_mass @ axis / safe)[:, None]
    dx = axis - (images.sum(axis=1) @ axis / safe)[:, None]
    mu11 = np.einsum("nrc,nr,nc->n", images, dy, dx) / safe
    mu02 = np.einsum("nr,nr->n", row_mass, dy * dy) / safe
    slant = np.divide(mu11, mu02, out=np.zeros_like(mu11), where=mu02 > 1e-3)
    slant = np.clip(slant, -MAX_SLANT, MAX_SLANT)
    # the output pixel (r, c) reads the input at column c + slant * (r - centre row);
    # reads beyond the edge are clipped onto the zero columns padded either side
    src = np.clip(axis[None, None, :] + (slant[:, None] * dy)[:, :, None], -1, SIDE)
    left = np.floor(src)
    frac = (src - left).astype(np.float32)
    padded = np.pad(images, ((0, 0), (0, 0), (1, 2))).ravel()  # one zero column left, two right
    row_starts = (np.arange(n * SIDE) * (SIDE + 3)).reshape(n, SIDE, 1)
    index = left.astype(np.intp) + 1 + row_starts
    return (padded[index] * (1 - frac) + padded[index + 1] * frac).astype(np.float32)


def _as_float_stack(images: np.ndarray) -> np.ndarray:
    """(n, 28, 28) float32 in [0, 1] from uint8 0..255 or float 0..1, one image or many."""
    images = np.asarray(images)
    if images.ndim == 2:
        images = images[None]
    if images.ndim != 3 or images.shape[1:] != (SIDE, SIDE):
        raise ValueError(f"expected (28, 28) or (n, 28, 28) images, got shape {images.shape}")
    if images.dtype.kind in "iub":
        return images.astype(np.float32) / np.float32(255)
    images = images.astype(np.float32)
    if not np.isfinite(images).all():
        raise ValueError("images contain NaN or infinity")
    return np.clip(images, 0.0, 1.0)


def normalize(image: np.ndarray) -> np.ndarray:
    """Crop to the ink, fit it in 20x20 keeping its shape, put its mass at index (14, 14)."""
    return _normalize_all(_as_float_stack(image))[0]


def deskew(image: np.ndarray) -> np.ndarray:
    """Straighten slant: shear by -mu11/mu02 about the centre of mass."""
    return _deskew_all(_as_float_stack(image))[0]


def prepare(images: np.ndarray, normalize: bool = True, deskew: bool = False) -> np.ndarray:
    """Turn (28, 28) or (n, 28, 28) images into (n, 784) float32 network inputs in [0, 1].

    Many images are prepared PREPARE_CHUNK at a time into one output: each image is prepared
    on its own, so the result is the same, while the whole starter set at once made several
    full-size intermediate arrays that the C heap then kept (~100 MB more resident memory)."""
    images = np.asarray(images)
    if images.ndim != 3 or len(images) <= PREPARE_CHUNK:
        return _prepare(images, normalize, deskew)
    out = np.empty((len(images), SIDE * SIDE), np.float32)
    for start in range(0, len(images), PREPARE_CHUNK):
        out[start : start + PREPARE_CHUNK] = _prepare(
            images[start : start + PREPARE_CHUNK], normalize, deskew
        )
    return out


def as_bytes(pixels: np.ndarray) -> np.ndarray:
    """Float pixels 0..1 (a canvas, a deleted sample) as the uint8 a saved sample is kept as,
    so two drawings compare pixel for pixel."""
    return np.rint(np.clip(pixels, 0.0, 1.0) * 255).astype(np.uint8)


def prepare_drawn(pixels: np.ndarray, normalize: bool = True, deskew: bool = False) -> np.ndarray:
    """Drawings (canvas floats, one or many) as the app's network reads them: in the 256 grey
    levels a saved drawing keeps, then prepared. The canvas's guess is then its saved sample's,
    and the measuring tools (evaluate, own_hand) read strangers' drawings as the app does."""
    return prepare(as_bytes(pixels), normalize, deskew)


def _prepare(images: np.ndarray, normalize: bool, deskew: bool) -> np.ndarray:
    stack = _as_float_stack(images)
    if normalize:
        stack = _normalize_all(stack)
    if deskew:
        stack = np.clip(_deskew_all(stack), 0.0, 1.0)
    return stack.reshape(len(stack), SIDE * SIDE)


def fit_image(gray: np.ndarray) -> np.ndarray:
    """Turn a grayscale picture of any size (floats 0..1 or uint8) into a 28x28 canvas image.

    The background is read from the border: a light one is inverted so ink is bright, as in
    MNIST. Contrast is stretched from background to the brightest ink, the picture is cropped
    to its ink with MNIST's margin (4 px around 20), scaled to fit 28x28 and centred.
    A blank or flat picture gives a blank canvas."""
    image = np.asarray(gray)
    if image.ndim != 2 or image.size == 0:
        raise ValueError(f"expected a 2-D grayscale image, got shape {image.shape}")
    if image.dtype.kind in "iub":
        image = image.astype(np.float32) / np.float32(255)
    image = image.astype(np.float32)
    if not np.isfinite(image).all():
        raise ValueError("image contains NaN or infinity")
    image = np.clip(image, 0.0, 1.0)
    border = np.concatenate([image[0], image[-1], image[:, 0], image[:, -1]])
    background = float(np.median(border))
    if background > 0.5:
        image, background = 1.0 - image, 1.0 - background
    contrast = float(image.max()) - background
    out = np.zeros((SIDE, SIDE), np.float32)
    if contrast < MIN_CONTRAST:
        return out
    image = np.clip((image - background) / contrast, 0.0, 1.0)
    box = _ink_box(image, PHOTO_INK)
    if box is None:
        return out
    crop = image[box]
    margin = round(max(crop.shape) * (SIDE - BOX) / 2 / BOX)
    patch = np.clip(_fit_into(np.pad(crop, margin), SIDE), 0.0, 1.0)
    h, w = patch.shape
    top, left = (SIDE - h) // 2, (SIDE - w) // 2
    out[top : top + h, left : left + w] = patch
    return out
