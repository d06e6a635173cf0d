"""Which learning rates work on the digit network, as measured, in words the app can show.

A good rate depends on the slopes training sees, so on the hidden activation, the loss (with
sigmoid outputs and squared error the output error is damped by the sigmoid's slope; softmax
with cross-entropy is not), the batch and the digits in play. `python -m
playground.measure_rates` trained the 784-16-16-16-k network from fresh weights for 1500 steps
at batch 128 (the default), 3 seeds a rate from 0.0003 to 12.8, once on digits 0-9 and once on
1, 2, 3 (the app's start); a rate is "useful" when its mean validation accuracy is within 3
points of the best rate's. The two differ: with three digits the loss starts lower and a rate
that 0-9 takes in its stride can throw it up past the blow-up bound (tanh with cross-entropy:
0.8 blew up one seed in three on 1, 2, 3, and 1.6 every seed, though 1.6 learns 0-9 well). So
three digits or fewer read the 1, 2, 3 table, all ten the 0-9 table, and anything between the
range both tables share.
Far above a range (FAILS_ABOVE times its top) training blows up or the neurons saturate and it
stalls. No pygame: the scenes, the explain pages and the tests all read this.
"""

from __future__ import annotations

from playground.core.settings import Settings

MEASURED_BATCH = 128
USEFUL_RATES: dict[tuple[str, str], tuple[float, float]] = {  # (activation, loss): low, high
    ("sigmoid", "mse"): (1.6, 6.4),  # digits 0-9
    ("sigmoid", "xent"): (0.4, 6.4),
    ("tanh", "mse"): (0.1, 1.6),
    ("tanh", "xent"): (0.03, 1.6),
    ("relu", "mse"): (0.05, 0.2),
    ("relu", "xent"): (0.03, 0.4),
}
USEFUL_RATES_FEW: dict[tuple[str, str], tuple[float, float]] = {  # digits 1, 2, 3
    ("sigmoid", "mse"): (0.2, 12.8),  # 25.6 failed one seed in three, 51.2 every one
    ("sigmoid", "xent"): (0.1, 1.6),
    ("tanh", "mse"): (0.003, 3.2),
    ("tanh", "xent"): (0.001, 0.4),
    ("relu", "mse"): (0.01, 0.8),
    ("relu", "xent"): (0.003, 0.4),
}
FEW = 3  # this many digits in play or fewer read USEFUL_RATES_FEW
FAILS_ABOVE = 4.0  # measured: 4x the top of each range stalls near chance or blows up


def _measured_on(settings: Settings) -> str:
    """Which measurement the digits in play read: "few" (1, 2, 3), "ten" or "both" between."""
    n = len(settings.digits)
    return "few" if n <= FEW else "ten" if n >= 10 else "both"


def useful_rates(settings: Settings) -> tuple[float, float]:
    """The measured useful range for these settings' activation, loss and digits in play."""
    pair = (settings.activation, settings.loss)
    few, many = USEFUL_RATES_FEW[pair], USEFUL_RATES[pair]
    return {
        "few": few,
        "ten": many,
        "both": (max(few[0], many[0]), min(few[1], many[1])),  # unmeasured: what both learn at
    }[_measured_on(settings)]


def measured_digits(settings: Settings) -> str:
    """Which digits the range was measured on, as the words say it."""
    words = {"few": "digits 1, 2, 3", "ten": "digits 0-9", "both": "both 1, 2, 3 and 0-9"}
    return words[_measured_on(settings)]


def too_large(settings: Settings) -> bool:
    """Whether this rate is far enough above the useful range to fail."""
    return settings.lr > useful_rates(settings)[1] * FAILS_ABOVE


def measured_for(settings: Settings) -> str:
    """What the range was measured with, in a few words, e.g. 'tanh, mse, batch 128, digits
    1, 2, 3'."""
    words = f"{settings.activation}, {settings.loss}, batch {MEASURED_BATCH}, "
    words += measured_digits(settings)
    if settings.batch != MEASURED_BATCH:
        words += f"; yours is {settings.batch}, so it shifts"
    return words


def range_words(settings: Settings) -> str:
    """'0.05 to 0.8': the useful range as a person reads it."""
    low, high = useful_rates(settings)
    return f"{low:g} to {high:g}"


def rate_note(settings: Settings, short: bool = False) -> str:
    """One line on where this rate sits against the measured range (`short` for narrow
    panels: the range without what it was measured with)."""
    low, high = useful_rates(settings)
    lr, span = settings.lr, range_words(settings)
    if too_large(settings):
        long = f"too large: blows up or stalls (learns well: {span})"
        return f"too large (learns well: {span})" if short else long
    if lr > high:
        long = f"above the range that learns well ({span}): may stall"
        return f"above the range that learns well, {span}" if short else long
    if lr < low:
        long = f"below the range that learns well ({span}): slow"
        return f"below the range that learns well, {span}" if short else long
    if short:  # what it was measured with does not fit; a batch unlike it still says so
        at = f" at batch {MEASURED_BATCH}" if settings.batch != MEASURED_BATCH else ""
        return f"green: learns well{at}, {span}; red: fails"
    return f"green: learns well, {span}; red: fails (measured: {measured_for(settings)})"
