"""What every scene shares: settings, samples, the pen canvas and the trainer.

Kept free of pygame so that scripts, tests and the benchmark can drive the same state the window
shows. Scenes read it and call its methods; it never knows which scene is on screen.
"""

from __future__ import annotations

import copy
import sys
import time
from collections import deque
from dataclasses import replace
from pathlib import Path

import numpy as np

from playground.core.data.augment import TwinsError, load_twins
from playground.core.data.pen import Canvas
from playground.core.data.preprocess import prepare_drawn
from playground.core.data.starter import STARTER_PATH, load_starter
from playground.core.memory import release_freed_memory
from playground.core.nn import Trace
from playground.core.session_samples import OwnSamples
from playground.core.settings import SettingError, Settings, parse_setting
from playground.core.training.own_score import OwnScore
from playground.core.training.pool import SamplePool, TrainingSet
from playground.core.training.rows import Rows
from playground.core.training.trainer import Trainer
from playground.files.store import SampleStore

# Settings whose change means the inputs must be prepared again.
_PREPARATION = ("normalize", "deskew", "digits", "mix", "twins")
# At many steps a frame, validation (~1.5 ms for 3000 samples) runs at most once in this many
# frames, on a frame's last step: at val_every 50 it would otherwise run most frames.
FAST_VALIDATION_FRAMES = 10


class Session(OwnSamples):
    def __init__(
        self, settings: Settings, samples_dir: Path, starter_path: Path = STARTER_PATH
    ) -> None:
        self.settings = settings
        self.canvas = Canvas()
        self.store = SampleStore(Path(samples_dir))
        self.label: int | None = None  # the digit the canvas will be saved as
        self.running = False  # training steps run every frame while True
        self._steps_left: int | None = None  # set by train_steps: pause after this many
        self._frames_per_step = 1  # > 1: one step every that many frames (slow motion)
        self._wait = 0  # frames left before the next step when frames_per_step > 1
        self._unvalidated_frames = 0  # fast frames since the last one that validated
        # seconds a frame's training may take (fast speed under a real clock sets it; None: no
        # limit, so a fixed clock repeats exactly): a late step costs steps, not the frame rate
        self.time_budget: float | None = None
        self.steps_last_tick = 0
        self.validated_last_tick = False  # whether the last tick's training ended validating
        # the newest step any training made, a refused (diverged) one included: what the picture
        # tells; set here only, by tick and step_once
        self.last_trace: Trace | None = None
        self._stall_said: int | None = None  # the run (its history's id) told it had stalled
        self.messages: deque[str] = deque(maxlen=8)  # newest last, shown in the status line
        self.said = 0  # messages said so far (the status line times the newest by it)
        self.own_score = OwnScore()  # the network's guesses for the user's digits as they came
        self.starter_images, self.starter_labels = load_starter(starter_path)
        try:
            twins_path = Path(starter_path).with_name("restroked.npz")
            self.starter_twins: np.ndarray | None = load_twins(self.starter_labels, twins_path)
        except TwinsError as error:  # train on the starter set alone
            self.starter_twins = None
            self.say(str(error))
        self.pool = SamplePool(self.starter_images, self.starter_labels, self.starter_twins)
        self._data: tuple | None = None  # (settings key, user images, TrainingSet) in play
        self._deleted: list[tuple] = []  # deleted (pixels, label, strokes, name), newest last
        self._skipped_said: set[tuple[Path, str]] = set()  # unusable sample files named so far
        self._load_user_samples()
        self.trainer = Trainer(settings, *self._training_set().trainer_args())
        self._canvas_key: tuple | None = None
        self._canvas_x: np.ndarray | None = None

    # -- data ---------------------------------------------------------------------------------
    def training_data(self) -> tuple[Rows, np.ndarray]:
        """Every sample in play prepared under the current settings, with its digit label:
        what side experiments train on without touching the session's own trainer.
        The arrays are shared and read-only; with own digits in play the inputs are two arrays
        read as one (`rows.StackedRows`): index them, or `np.asarray` them for one array."""
        data = self._training_set()
        return data.x, data.labels

    def _training_set(self) -> TrainingSet:
        """Built once per change of preparation settings or of the user's samples (a reload
        makes a new array, so identity tells a change)."""
        s = self.settings
        key = (s.normalize, s.deskew, s.digits, s.mix, s.twins)
        cached = self._data
        if cached is None or cached[0] != key or cached[1] is not self.user_images:
            cached = self._data = (
                key,
                self.user_images,
                self.pool.build(s, self.user_images, self.user_labels, self.user_strokes),
            )
        return cached[2]

    def training_set_with(self, mix: str, keep: np.ndarray) -> TrainingSet:
        """The training set the app would build under `mix` if only the user's samples `keep`
        (indices) existed: side experiments hold some of them out. A shallow copy of the pool
        builds it, so the app's cache of the user's inputs is left as it is (and a worker
        thread may call this while the app uses its pool)."""
        settings = replace(self.settings, mix=mix)
        pool = copy.copy(self.pool)
        return pool.build(settings, self.user_images[keep], self.user_labels[keep])

    def _user_samples_changed(self) -> None:
        self._load_user_samples()
        self.trainer.set_data(*self._training_set().trainer_args())
        release_freed_memory()  # the old training set and split are garbage now

    def sample_counts(self) -> dict[int, int]:
        """Samples per digit in play from the sources the `mix` setting trains on."""
        mix = self.settings.mix
        sources = [self.starter_labels] * (mix != "yours") + [self.user_labels] * (mix != "starter")
        labels = np.concatenate(sources)
        return {d: int(np.count_nonzero(labels == d)) for d in self.settings.digits}

    # -- settings and training ----------------------------------------------------------------
    def set(self, name: str, text: str) -> None:
        """Apply a setting typed as text; SettingError says why it was refused."""
        value = parse_setting(name, text)
        self.apply(replace(self.settings, **{name: value}))

    def apply(self, settings: Settings) -> None:
        old, self.settings = self.settings, settings
        rebuilt = self.trainer.apply(settings)
        scored = rebuilt and self.own_score.guessed > 0
        if rebuilt:
            self.own_score.clear()  # a new network has read none of the user's digits
        if any(getattr(old, n) != getattr(settings, n) for n in _PREPARATION):
            self.trainer.set_data(*self._training_set().trainer_args())
        if rebuilt:  # the score vanishing from the draw scene is said, not left to be noticed
            again = "; it has read none of your drawings: Read right starts again" if scored else ""
            self.say(f"new network {'-'.join(map(str, settings.sizes))}{again}")

    @property
    def frames_per_step(self) -> int:
        """Frames from one training step to the next: 1 normally, more in slow motion."""
        return self._frames_per_step

    @frames_per_step.setter
    def frames_per_step(self, frames: int) -> None:
        # a countdown left from a slower pace must not hold back the new one
        self._frames_per_step = max(1, int(frames))
        self._wait = min(self._wait, self._frames_per_step - 1)

    def toggle_training(self) -> None:
        self.running = not self.running and self.trainer.problem is None
        self._steps_left = None
        if not self.running:
            self.trainer.validate_if_stale()
        if self.trainer.problem:
            self.say(self.trainer.problem)

    def reset(self) -> None:
        self.trainer.reset()
        self.own_score.clear()  # the fresh weights have read none of the user's digits
        self.say("network reset to fresh random weights")

    def train_steps(self, n: int) -> None:
        """Train for `n` more steps, then pause (scripts wait while `running`)."""
        self._steps_left = n
        self.running = True

    def tick(self) -> Trace | None:
        """Run this frame's training steps; return the last step's trace for the picture."""
        self.validated_last_tick = False
        self.steps_last_tick = 0
        if not self.running:
            return None
        if self._wait > 0:
            self._wait -= 1
            return None
        self._wait = self.frames_per_step - 1
        trace = None
        steps = self.settings.steps_per_frame
        if self._steps_left is not None:
            steps = min(steps, self._steps_left)
            self._steps_left -= steps
        may_validate = steps == 1 or self._fast_validation_due()
        validated_at = self.trainer.validated_at
        budget, left, done = self.time_budget, self._steps_left, 0
        deadline = None if budget is None else time.perf_counter() + budget
        for i in range(steps):
            # the frame's last step is the one shown: only it keeps a trace. That is the last
            # of `steps`, or the first one begun after the frame's time budget has run out
            # (which does not validate: the frame is late already).
            final = i == steps - 1
            last = final or (deadline is not None and time.perf_counter() >= deadline)
            trace = self.trainer.step(validate=may_validate and final, trace=last) or trace
            done += 1
            if self.trainer.diverged or self.trainer.problem:
                self.running = False
                self.say(self.trainer.problem or "training stopped")
                break
            if last:
                if done < steps:
                    self._steps_left = None if left is None else left + steps - done  # owed
                break
        self.steps_last_tick = done
        if self._steps_left == 0:  # a script's `train N` is done
            self.running, self._steps_left = False, None
        if not self.running:  # stopped, for whatever reason: the numbers shown stay as they are
            self.trainer.validate_if_stale()
        self.validated_last_tick = self.trainer.validated_at != validated_at
        if self.validated_last_tick:
            self._say_if_stalled()
        else:  # a validating frame is the longest: not on top of it
            self.trainer.refresh_own()  # half of a fresh redraw of one of the user's digits
        self._unvalidated_frames = 0 if self.validated_last_tick else self._unvalidated_frames + 1
        if trace is not None:
            self.last_trace = trace
        return trace

    def step_once(self) -> Trace | None:
        """One training step now, whether or not training runs (the Step button and key)."""
        trace = self.trainer.step()
        if trace is not None:
            self.last_trace = trace
        elif self.trainer.problem:
            self.say(self.trainer.problem)
        return trace

    def _say_if_stalled(self) -> None:
        """Say once per run when its neurons saturate and it stops learning (trainer.stalled)."""
        advice = self.trainer.stalled
        run = id(self.trainer.history)
        if advice and self._stall_said != run:
            self._stall_said = run
            self.say(advice)

    def _fast_validation_due(self) -> bool:
        return self._unvalidated_frames + 1 >= FAST_VALIDATION_FRAMES

    def validates_next_frame(self, steps: int | None = None) -> bool:
        """Whether the next frame's training ends with a validation, if it trains `steps`
        steps (default: steps_per_frame)."""
        steps = self.settings.steps_per_frame if steps is None else steps
        return self.trainer.validation_due(steps) and (steps == 1 or self._fast_validation_due())

    # -- canvas -------------------------------------------------------------------------------
    def canvas_input(self) -> np.ndarray | None:
        """The canvas as the network sees it (784 floats), or None when nothing is drawn.

        Read in the 256 grey levels a saved drawing is kept in (`prepare_drawn`): the guess
        shown for the canvas is then the guess its saved sample gets, on its thumbnail and in
        the personal score, even at a near-tie on an untrained network."""
        if self.canvas.is_empty:
            return None
        key = (self.canvas.version, self.settings.normalize, self.settings.deskew)
        if key != self._canvas_key:
            self._canvas_key = key
            s = self.settings
            self._canvas_x = prepare_drawn(self.canvas.pixels, s.normalize, s.deskew)
        return self._canvas_x

    def prediction(self) -> dict | None:
        x = self.canvas_input()
        if x is None:
            return None
        labels, probs = self.trainer.predict_digits(x)
        digits = self.settings.digits
        return {
            "label": int(labels[0]),
            "probs": {str(d): round(float(p), 4) for d, p in zip(digits, probs[0], strict=True)},
        }

    def sensitivity(self) -> np.ndarray | None:
        """d(top output)/d(input) for the canvas as the network sees it (784,), None if empty."""
        x = self.canvas_input()
        if x is None:
            return None
        network = self.trainer.network
        top = int(np.argmax(network.predict(x)[0]))
        return network.input_gradient(x, top)[0]

    # -- reporting ----------------------------------------------------------------------------
    def say(self, message: str) -> None:
        # a file name that is not UTF-8 arrives with surrogate escapes, which no font can draw
        message = message.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        self.messages.append(message)
        self.said += 1
        print(message, file=sys.stderr)

    def report(self) -> dict:
        t = self.trainer
        return {
            "step": t.steps,
            "epoch": t.epoch,
            "train_loss": _finite(t.train_loss),
            "val_loss": _finite(t.val_loss),
            "val_acc": _finite(t.val_acc),
            "diverged": bool(t.diverged),
            "stalled": t.stalled,
            "running": self.running,
            "digits": list(self.settings.digits),
            "samples": {str(d): n for d, n in self.sample_counts().items()},
            "prediction": self.prediction(),
            "settings": _settings_dict(self.settings),
            "own": self.own_score.report(),
        }


def _finite(value: float | None) -> float | None:
    if value is None or not np.isfinite(value):
        return None
    return round(float(value), 6)


def _settings_dict(settings: Settings) -> dict:
    out = {}
    for name, value in vars(settings).items():
        out[name] = list(value) if isinstance(value, tuple) else value
    return out


__all__ = ["Session", "SettingError"]
