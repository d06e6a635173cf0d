"""Every setting a user, a script or a test can change, in one place with its default.

The app, the trainer and the scripts all read one `Settings` object; nothing else keeps a
private copy of a knob, so a change made anywhere is seen everywhere on the next frame.
"""

from __future__ import annotations

from dataclasses import dataclass

ACTIVATIONS = ("sigmoid", "tanh", "relu")
LOSSES = ("mse", "xent")
IMAGE_SIDE = 28  # the canvas and every sample are IMAGE_SIDE x IMAGE_SIDE
N_INPUTS = IMAGE_SIDE * IMAGE_SIDE


@dataclass
class Settings:
    layers: tuple[int, ...] = (16, 16, 16)  # hidden layer sizes, input and output are implied
    activation: str = "tanh"  # hidden-layer activation: sigmoid | tanh | relu
    loss: str = "mse"  # mse (sigmoid outputs, as in the seed) | xent (softmax outputs)
    lr: float = 0.05  # learning rate; the seed found 0.01-0.1 useful, above ~0.5 unstable
    momentum: float = 0.0  # SGD momentum, 0 = plain SGD
    batch: int = 16  # minibatch size
    digits: tuple[int, ...] = (1, 2, 3)  # the digits in play; one output neuron each
    steps_per_frame: int = 1  # training steps per 60 fps frame while training runs
    normalize: bool = True  # crop, scale to 20x20, centre by mass (as MNIST was built)
    deskew: bool = True  # straighten slant by second moments (chosen by measurement)
    seed: int = 0  # seeds the initial weights and the data split
    val_every: int = 50  # steps between validation passes
    val_fraction: float = 0.2  # stratified hold-out for validation
    anim_forward: bool = True  # animate forward pulses in the train scene
    anim_backward: bool = True  # animate backward error sweeps in the train scene

    @property
    def sizes(self) -> list[int]:
        """Full layer sizes of the network these settings describe."""
        return [N_INPUTS, *self.layers, len(self.digits)]
