"""How well the app reads digits drawn by strangers with a mouse, not just its validation score.

People who try the app draw with the pen, at any size and place, and ask for a prediction; the
network learned from scanned pen-on-paper MNIST digits. Validation accuracy measures the second
kind only. This command trains exactly as the app does (a Session with no user samples, the
settings' defaults unless changed with --set) for a given number of steps, then scores the
held-out validation digits twice: as they are, and redrawn as mouse strokes by
`playground.data.restroke` (never trained on, since they come from the validation split).

    python -m playground.evaluate [--digits 1,2,3|0-9] [--steps N] [--set NAME=VALUE]
                                  [--stroke-seed S] [--limit N] [--json]
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

from playground.config import SettingError, Settings, parse_setting
from playground.data.preprocess import prepare
from playground.data.restroke import restroke
from playground.session import Session
from playground.split import split_samples

ONE_MINUTE = 3600  # training steps in one minute at 60 fps, one step per frame


def _scores(guesses: np.ndarray, truth: np.ndarray, digits: tuple[int, ...]) -> dict:
    """Overall and per-digit accuracy of guessed digits against true digits."""
    per_digit = {str(d): round(float(np.mean(guesses[truth == d] == d)), 4) for d in digits}
    return {
        "accuracy": round(float(np.mean(guesses == truth)), 4),
        "per_digit": per_digit,
        "n": len(truth),
    }


def evaluate(
    settings: Settings, steps: int, stroke_seed: int = 0, limit: int | None = None
) -> dict:
    """Train like the app for `steps` steps; accuracy on validation digits, plain and restroked
    (the first `limit` held-out digits of each kind, or all of them)."""
    with tempfile.TemporaryDirectory() as no_samples:
        session = Session(settings, Path(no_samples))
    started = time.perf_counter()
    trainer = session.trainer
    for _ in range(steps):
        if trainer.problem is not None:
            break
        trainer.step()
    trained = time.perf_counter() - started
    images, labels = session.starter_images, session.starter_labels
    held_out = split_samples(np.arange(len(labels)), labels, settings).val_x
    if len(held_out) != trainer.n_val:  # e.g. mix=yours: the starter set is not trained on
        raise ValueError("evaluate needs the starter set as the training data (mix starter)")
    if limit is not None:
        held_out = np.concatenate(
            [held_out[labels[held_out] == d][:limit] for d in settings.digits]
        )
    truth = labels[held_out]
    plain = prepare(images[held_out], settings.normalize, settings.deskew)
    drawn = prepare(restroke(images[held_out], stroke_seed), settings.normalize, settings.deskew)
    return {
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


def _table(result: dict) -> str:
    digits = [str(d) for d in result["digits"]]
    head = f"{'':12}{'all':>7}" + "".join(f"{d:>7}" for d in digits)
    lines = [
        f"digits {','.join(digits)}, {result['steps']} steps ({result['train_seconds']} s)",
        head,
    ]
    for name in ("validation", "restroked"):
        score = result[name]
        cells = [score["accuracy"], *(score["per_digit"][d] for d in digits)]
        lines.append(f"{name:12}" + "".join(f"{c:7.3f}" for c in cells) + f"   n={score['n']}")
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m playground.evaluate",
        description="Train like the app, then score held-out digits as drawn and as re-stroked.",
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
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    if args.steps < 0 or (args.limit is not None and args.limit < 1):
        parser.error("--steps must be 0 or more and --limit 1 or more")
    try:
        settings = _settings_from(args)
    except SettingError as error:
        parser.error(str(error))
    try:
        result = evaluate(settings, args.steps, args.stroke_seed, args.limit)
    except ValueError as error:
        parser.error(str(error))
    print(json.dumps(result) if args.json else _table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
