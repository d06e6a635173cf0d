"""Every setting a user, a script or a test can change, in one place with its default.

The app, the trainer and the scripts all read one `Settings` object; nothing else keeps a
private copy of a knob, so a change made anywhere is seen everywhere on the next frame.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

SCENE_NAMES = ("draw", "train", "explain")
ACTIVATIONS = ("sigmoid", "tanh", "relu")
LOSSES = ("mse", "xent")
MIXES = ("starter", "both", "yours")  # which samples train: the starter set, both, the user's
IMAGE_SIDE = 28  # the canvas and every sample are IMAGE_SIDE x IMAGE_SIDE
FPS = 60  # the loop's fixed frame rate: one training step and one picture a frame
VIDEO_SUFFIXES = (".mp4", ".gif")  # what a recording can be written as
N_INPUTS = IMAGE_SIDE * IMAGE_SIDE
LR_MAX = 100.0  # the largest learning rate a setting takes (the Controls slider's top)


@dataclass
class Settings:
    layers: tuple[int, ...] = (16, 16, 16)  # hidden layer sizes, input and output are implied
    activation: str = "tanh"  # hidden-layer activation: sigmoid | tanh | relu
    loss: str = "xent"  # xent (softmax outputs; reads strangers best) | mse (sigmoid, the seed's)
    lr: float = 0.05  # learning rate; measured useful range per activation/loss: rates.py
    momentum: float = 0.0  # SGD momentum, 0 = plain SGD
    batch: int = 128  # minibatch size (chosen on strangers' pen digits, see evaluate.py)
    digits: tuple[int, ...] = (1, 2, 3)  # the digits in play; one output neuron each
    steps_per_frame: int = 1  # training steps per 60 fps frame while training runs
    normalize: bool = True  # crop, scale to 20x20, centre by mass (as MNIST was built)
    deskew: bool = True  # straighten slant by second moments (chosen by measurement)
    seed: int = 0  # seeds the initial weights and the data split
    val_every: int = 50  # steps between validation passes
    val_fraction: float = 0.2  # stratified hold-out for validation
    anim_forward: bool = True  # animate forward pulses in the train scene
    anim_backward: bool = True  # animate backward error sweeps in the train scene
    twins: bool = True  # also train on a mouse-drawn twin of each starter digit (data/augment.py)
    mix: str = "both"  # training samples: starter | both | yours (the user's own only)
    own_share: float = 0.5  # with mix both: the part of each batch from your own digits (own_mix)

    @property
    def sizes(self) -> list[int]:
        """Full layer sizes of the network these settings describe."""
        return [N_INPUTS, *self.layers, len(self.digits)]


class SettingError(ValueError):
    """A setting name or value a user typed that cannot be used; the message is shown as is."""


def _number(text: str, kind: type, low: float, high: float, name: str) -> float | int:
    try:
        value = kind(text)
    except ValueError:
        raise SettingError(f"{name} must be a number, got {text!r}") from None
    if not (low <= value <= high):  # also false for NaN
        raise SettingError(f"{name} must be between {low} and {high}, got {text}")
    return value


def _switch(text: str, name: str) -> bool:
    if text.lower() in ("on", "true", "1", "yes"):
        return True
    if text.lower() in ("off", "false", "0", "no"):
        return False
    raise SettingError(f"{name} must be on or off, got {text!r}")


def parse_digits(text: str) -> tuple[int, ...]:
    """'1,2,3', '0-9' or '1-3,7' -> sorted unique digits; at least two so there is a choice."""
    digits: set[int] = set()
    for part in text.replace(" ", "").split(","):
        low, _, high = part.partition("-")
        if not low.isdigit() or (high and not high.isdigit()):
            raise SettingError(f"digits must look like 1,2,3 or 0-9, got {text!r}")
        first, last = int(low), int(high or low)
        if not (0 <= first <= 9 and 0 <= last <= 9):
            raise SettingError(f"digits must be between 0 and 9, got {text!r}")
        if first > last:
            raise SettingError(
                f"a range of digits goes low to high (e.g. {last}-{first}), got {text!r}"
            )
        digits.update(range(first, last + 1))
    if len(digits) < 2:
        raise SettingError(f"pick at least two digits to tell apart, got {text!r}")
    return tuple(sorted(digits))


def parse_layers(text: str) -> tuple[int, ...]:
    """'16,16,16' -> hidden sizes; 1 to 4 layers of 1 to 256 neurons."""
    parts = text.replace(" ", "").split(",")
    if not 1 <= len(parts) <= 4:
        raise SettingError(f"layers must list 1 to 4 hidden sizes, got {text!r}")
    return tuple(int(_number(p, int, 1, 256, "each layer size")) for p in parts)


def _choice(options: tuple[str, ...], name: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if text not in options:
            raise SettingError(f"{name} must be one of {', '.join(options)}, got {text!r}")
        return text

    return parse


PARSERS = {
    "lr": lambda t: float(_number(t, float, 1e-6, LR_MAX, "lr")),
    "momentum": lambda t: float(_number(t, float, 0.0, 0.99, "momentum")),
    "batch": lambda t: int(_number(t, int, 1, 1024, "batch")),
    "activation": _choice(ACTIVATIONS, "activation"),
    "loss": _choice(LOSSES, "loss"),
    "layers": parse_layers,
    "digits": parse_digits,
    "steps_per_frame": lambda t: int(_number(t, int, 1, 1000, "steps_per_frame")),
    "normalize": lambda t: _switch(t, "normalize"),
    "deskew": lambda t: _switch(t, "deskew"),
    "seed": lambda t: int(_number(t, int, 0, 2**31 - 1, "seed")),
    "val_every": lambda t: int(_number(t, int, 1, 100000, "val_every")),
    "anim_forward": lambda t: _switch(t, "anim_forward"),
    "anim_backward": lambda t: _switch(t, "anim_backward"),
    "mix": _choice(MIXES, "mix"),
    "twins": lambda t: _switch(t, "twins"),
    "own_share": lambda t: float(_number(t, float, 0.0, 1.0, "own_share")),
}


def parse_setting(name: str, text: str) -> Any:  # the type of the setting `name`
    """Turn a setting typed by a person into its value, or raise SettingError saying why not."""
    if name not in PARSERS:
        raise SettingError(f"unknown setting {name!r}; known: {', '.join(PARSERS)}")
    return PARSERS[name](text.strip())
