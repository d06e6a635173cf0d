"""How well the app reads digits drawn by strangers with a mouse, not just its validation score.

People who try the app draw with the pen, at any size and place, and ask for a prediction; the
network learned from scanned pen-on-paper MNIST digits. Validation accuracy measures the second
kind only. This command trains exactly as the app does (a Session with no user samples, the
settings' defaults unless changed with --set) for a given number of steps, then scores the
held-out validation digits twice: as they are, and redrawn as mouse strokes by
`playground.core.data.restroke` (never trained on, since they come from the validation split).

Both of those are MNIST writers' digits, so neither sees a stranger's style (a 1 with a flag, a
crossed 7). `--strangers PATH` adds the figure that matters: real people's pen trajectories in
the UCI pen-digits format (Alpaydin and Alimoglu, CC BY 4.0; see `playground.core.data.pendigits`),
replayed through the app's pen as mouse strokes 14 to 22 cells tall, off centre. They are split
by writer: writers 1-20 are the ones to tune on, the rest (21-30) only to check, since a writer
seen while tuning says nothing about strangers. The file is measured only, never shipped.

    python -m playground.evaluate [--digits 1,2,3|0-9] [--steps N] [--set NAME=VALUE]
                                  [--stroke-seed S] [--limit N] [--strangers PATH] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import asdict, replace
from pathlib import Path

import numpy as np

from playground.blas import limit_blas_threads
from playground.core.data.pendigits import PenDigit, read_pendigits, render_as_mouse
from playground.core.data.preprocess import prepare, prepare_drawn
from playground.core.data.restroke import restroke
from playground.core.session import Session
from playground.core.settings import SettingError, Settings, parse_setting
from playground.core.training.trainer import Trainer

ONE_MINUTE = 3600  # training steps in one minute at 60 fps, one step per frame
TUNE_WRITERS = range(1, 21)  # pen-digit writers to tune on; every other writer only checks
STRANGERS_SOURCE = "UCI pen digits (Alpaydin & Alimoglu, CC BY 4.0)"


def _scores(guesses: np.ndarray, truth: np.ndarray, digits: tuple[int, ...]) -> dict:
    """Overall and per-digit accuracy of guessed digits against true digits (None for a digit
    with nothing to score)."""
    per_digit = {
        str(d): round(float(np.mean(guesses[truth == d] == d)), 4) if (truth == d).any() else None
        for d in digits
    }
    accuracy = round(float(np.mean(guesses == truth)), 4) if len(truth) else None
    return {"accuracy": accuracy, "per_digit": per_digit, "n": len(truth)}


def _first_of_each(labels: np.ndarray, digits: tuple[int, ...], limit: int | None) -> np.ndarray:
    """Indices of the first `limit` entries of each digit (all of them if limit is None)."""
    return np.concatenate([np.flatnonzero(labels == d)[:limit] for d in digits])


def _writer_span(writers: list[int]) -> str:
    low, high = min(writers), max(writers)
    return str(low) if low == high else f"{low}-{high}"


def score_strangers(
    trainer: Trainer,
    settings: Settings,
    pen_digits: list[PenDigit],
    seed: int = 0,
    limit: int | None = None,
) -> dict:
    """Accuracy on real people's pen digits drawn with the app's pen, one score per writer
    group: "tune" (writers 1-20) and "check" (the others); a group with no digits is left out.
    Each score names its writers, e.g. {"writers": "21-30", "accuracy": ..., ...}."""
    out: dict = {"source": STRANGERS_SOURCE}
    for group in ("tune", "check"):
        mine = [
            d
            for d in pen_digits
            if d.label in settings.digits and (d.writer in TUNE_WRITERS) == (group == "tune")
        ]
        if not mine:
            continue
        writers = _writer_span([d.writer for d in mine])
        labels = np.array([d.label for d in mine])
        chosen = np.sort(_first_of_each(labels, settings.digits, limit))
        mine = [mine[i] for i in chosen]
        drawn = prepare_drawn(render_as_mouse(mine, seed), settings.normalize, settings.deskew)
        guesses = trainer.predict_digits(drawn)[0]
        score = _scores(guesses, labels[chosen], settings.digits)
        out[group] = {"writers": writers, **score}
    return out


def train_like_the_app(settings: Settings, steps: int) -> tuple[Session, float]:
    """A session with no user samples trained `steps` steps; and the seconds it took."""
    with tempfile.TemporaryDirectory() as no_samples:
        session = Session(settings, Path(no_samples))
    started = time.perf_counter()
    trainer = session.trainer
    for _ in range(steps):
        if trainer.problem is not None:
            break
        trainer.step()
    return session, time.perf_counter() - started


def _held_out_starter(session: Session) -> np.ndarray:
    """Indices into the starter set of the digits the session's trainer holds out: its own
    split, found by content, so neither a digit nor its twin was trained on."""
    x, _ = session.training_data()
    in_play = np.flatnonzero(np.isin(session.starter_labels, session.settings.digits))
    val_x, _ = session.trainer.validation
    if len(x) != len(in_play) or not len(val_x):  # e.g. mix=yours: no starter set in training
        raise ValueError("evaluate needs the starter set as the training data (mix starter)")
    row_of = {row.tobytes(): i for i, row in enumerate(x)}
    return in_play[[row_of[row.tobytes()] for row in val_x]]


def evaluate(
    settings: Settings,
    steps: int,
    stroke_seed: int = 0,
    limit: int | None = None,
    strangers: list[PenDigit] | None = None,
) -> dict:
    """Train like the app for `steps` steps; accuracy on validation digits, plain and restroked
    (the first `limit` held-out digits of each kind, or all of them), and on `strangers`' pen
    digits when given."""
    session, trained = train_like_the_app(settings, steps)
    trainer = session.trainer
    images, labels = session.starter_images, session.starter_labels
    held_out = _held_out_starter(session)
    held_out = np.sort(held_out[_first_of_each(labels[held_out], settings.digits, limit)])
    truth = labels[held_out]
    plain = prepare(images[held_out], settings.normalize, settings.deskew)
    restroked = restroke(images[held_out], stroke_seed)
    drawn = prepare_drawn(restroked, settings.normalize, settings.deskew)
    result = {
        "digits": list(settings.digits),
        "steps": trainer.steps,
        "train_seconds": round(trained, 2),
        "diverged": bool(trainer.diverged),
        "settings": {
            k: list(v) if isinstance(v, tuple) else v for k, v in asdict(settings).items()
        },
        "validation": _scores(trainer.predict_digits(plain)[0], truth, settings.digits),
        "restroked": _scores(trainer.predict_digits(drawn)[0], truth, settings.digits),
    }
    if strangers is not None:
        result["strangers"] = score_strangers(trainer, settings, strangers, stroke_seed, limit)
    return result


def score_own_hand(path: Path, settings: Settings, steps: int) -> dict:
    """A simulated user per check writer (`playground.own_hand`): 5 of each digit saved through
    the app, `steps` steps of training, their other digits scored. Means over the writers, in
    the shape of the other scores (accuracy, per_digit, n), plus the worst writer."""
    from playground.own_hand import own_hand  # trains one session per writer: only when asked

    path = Path(path)
    writers = sorted({d.writer for d in read_pendigits(path)} - set(TUNE_WRITERS))
    run = own_hand(path, writers, settings, steps)
    scores = list(run["writers"].values())
    per_digit = {
        str(d): round(float(np.mean([s["per_digit"][str(d)] for s in scores])), 4)
        for d in settings.digits
        if all(str(d) in s["per_digit"] for s in scores)
    }
    named = f"{writers[0]}-{writers[-1]}" if len(writers) > 1 else "".join(map(str, writers))
    return {
        "writers": named,
        "accuracy": run["mean"],
        "min": run["min"],
        "per_digit": {str(d): per_digit.get(str(d)) for d in settings.digits},
        "n": sum(s["tested"] for s in scores),
    }


def _rows(result: dict) -> list[tuple[str, dict]]:
    """(row name, score) for every score in a result, in the table's order."""
    rows = [("validation", result["validation"]), ("restroked", result["restroked"])]
    strangers = result.get("strangers", {})
    rows += [
        (f"strangers {strangers[g]['writers']}", strangers[g])
        for g in ("tune", "check")
        if g in strangers
    ]
    if result.get("own_hand"):
        rows.append((f"own hand {result['own_hand']['writers']}", result["own_hand"]))
    return rows


def _table(result: dict) -> str:
    digits = [str(d) for d in result["digits"]]
    width = max(12, *(len(name) + 1 for name, _ in _rows(result)))
    head = f"{'':{width}}{'all':>7}" + "".join(f"{d:>7}" for d in digits)
    lines = [
        f"digits {','.join(digits)}, {result['steps']} steps ({result['train_seconds']} s)",
        head,
    ]
    for name, score in _rows(result):
        cells = [score["accuracy"], *(score["per_digit"][d] for d in digits)]
        text = "".join(f"{'-':>7}" if c is None else f"{c:7.3f}" for c in cells)
        lines.append(f"{name:{width}}{text}   n={score['n']}")
    if "strangers" in result:
        lines.append(f"strangers: {result['strangers']['source']}, writers 1-20 for tuning")
    if result["diverged"]:
        lines.append("training diverged: lower the learning rate")
    return "\n".join(lines)


def _settings_from(args: argparse.Namespace) -> Settings:
    settings = replace(Settings(), digits=parse_setting("digits", args.digits))
    for item in args.set:
        name, sep, value = item.partition("=")
        if not sep:
            raise SettingError(f"--set needs NAME=VALUE, got {item!r}")
        settings = replace(settings, **{name: parse_setting(name, value)})
    return settings


def _read_strangers(path: str) -> list[PenDigit]:
    """The pen digits in `path`; ValueError with one line if the file cannot be used."""
    try:
        digits = read_pendigits(Path(path))
    except (OSError, EOFError, ValueError, IndexError) as error:
        raise ValueError(f"{path}: not a readable pen-digits file ({error})") from None
    if not digits:
        raise ValueError(f"{path}: no pen digits inside")
    return digits


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m playground.evaluate",
        description="Train like the app, then score held-out digits as drawn and as re-stroked, "
        "and strangers' pen digits if given.",
    )
    parser.add_argument("--digits", default="1,2,3", help="digits in play, e.g. 1,2,3 or 0-9")
    parser.add_argument("--steps", type=int, default=ONE_MINUTE, help="training steps")
    parser.add_argument(
        "--set", action="append", default=[], metavar="NAME=VALUE", help="change a setting"
    )
    parser.add_argument("--stroke-seed", type=int, default=0, help="seed of the redrawing")
    parser.add_argument(
        "--limit", type=int, metavar="N", help="score only N held-out digits of each kind"
    )
    parser.add_argument(
        "--strangers",
        metavar="PATH",
        help="a UCI pen-digits file (.gz or plain): also score its writers' digits drawn with "
        "the pen (writers 1-20 to tune on, the rest to check)",
    )
    parser.add_argument(
        "--own-hand",
        action="store_true",
        help="with --strangers: also a simulated user per check writer, who saves 5 of each "
        "digit and is scored on their other digits (a minute or two)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    limit_blas_threads()
    if args.own_hand and args.strangers is None:
        parser.error("--own-hand needs --strangers PATH: the writers to simulate")
    if args.steps < 0 or (args.limit is not None and args.limit < 1):
        parser.error("--steps must be 0 or more and --limit 1 or more")
    try:
        settings = _settings_from(args)
    except SettingError as error:
        parser.error(str(error))
    try:
        strangers = None if args.strangers is None else _read_strangers(args.strangers)
        result = evaluate(settings, args.steps, args.stroke_seed, args.limit, strangers)
        if args.own_hand:
            result["own_hand"] = score_own_hand(Path(args.strangers), settings, args.steps)
    except ValueError as error:
        parser.error(str(error))
    print(json.dumps(result) if args.json else _table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
