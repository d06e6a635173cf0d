"""What an experiment on the "what works" page showed, in words, from its runs' own figures:
the lesson it was built to teach, unless the runs showed something else (a failure of another
kind, no gap, no stall). No pygame: the tests read the words beside the runs."""

from __future__ import annotations

from playground.core.training.rates import FAILS_ABOVE, range_words, useful_rates
from playground.ui.explain.kit.side_runs import SideRuns
from playground.ui.explain.pages.experiments import Experiment

EVEN = 0.02  # unaligned digits within this of aligned ones: the gap did not show


def lesson(e: Experiment, runs: SideRuns) -> str:
    """The experiment's lesson, unless a run failed in another way than the lesson says: then
    what happened, with the step (the same words as the run's result line); and for the
    unaligned digits, whether the gap showed on these samples at all."""
    if e.data == "raw" and runs.done:
        mine, raw = (run.trainer.val_acc for run in runs.runs)
        if mine is not None and raw is not None and mine - raw < EVEN:
            return (
                f"Here they came out about even ({mine:.0%} against {raw:.0%}): the starter "
                "digits come centred and sized already. Alignment matters for drawings that "
                "are not: small, off-centre, slanted, as your own often are."
            )
    if "layers" in e.changes and runs.done and not runs.runs[-1].outcome():
        return _room_lesson(e, runs)
    if e.view != "loss" or "lr" not in e.changes:
        return e.lesson
    run = next(run for run in runs.runs if run.label == e.label)
    settings = run.trainer.settings
    if not run.outcome():  # it still learned: e.g. sigmoid and squared error on 0-9, to 6.4
        if not runs.done:
            return e.lesson
        return (
            f"At rate {settings.lr:g} it still learned: with {settings.activation} and "
            f"{settings.loss} rates {range_words(settings)} learn well here, and training "
            f"fails only far above that, beyond {useful_rates(settings)[1] * FAILS_ABOVE:g}."
        )
    what = "the loss blew up" if run.trainer.diverged else "the neurons saturated"
    step = run.trainer.steps if run.trainer.diverged else run.trainer.validated_at
    return (
        f"At rate {settings.lr:g} {what} at step {step} and training stopped: steps this big "
        f"overshoot, so the loss climbs instead of falling. Rates {range_words(settings)} "
        "learn well here."
    )


def _room_lesson(e: Experiment, runs: SideRuns) -> str:
    """The one-neuron lesson when its run did not saturate (0-9 keeps creeping down): the
    squeeze, said with the two runs' own figures, not a stall the result line does not show."""
    mine, narrow = (run.trainer for run in runs.runs)
    k = len(narrow.settings.digits)
    if mine.val_acc is None or narrow.val_acc is None:
        return e.lesson
    return (
        f"Everything must squeeze through one number: too little room to tell {k} digits "
        f"apart. After {narrow.steps} steps it reads {narrow.val_acc:.0%} of unseen digits "
        f"right, the copy with your settings {mine.val_acc:.0%}."
    )
