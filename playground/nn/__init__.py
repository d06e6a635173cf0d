"""The network core: pure numpy, no pygame, so the maths tests in milliseconds.

Importing it pins BLAS to one thread: on this project's 2-core machines multithreaded BLAS spins
on the tiny matrices of a 784-16-16-16 network and turned a 0.1 ms training step into 16 ms.
"""

from threadpoolctl import threadpool_limits

from playground.nn.activations import ACTIVATION_NAMES
from playground.nn.losses import LOSS_NAMES
from playground.nn.model_file import ModelFileError
from playground.nn.network import Network
from playground.nn.trace import Trace

threadpool_limits(1, user_api="blas")

__all__ = ["ACTIVATION_NAMES", "LOSS_NAMES", "ModelFileError", "Network", "Trace"]
