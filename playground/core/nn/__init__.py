"""The network core: pure numpy, no pygame, so the maths tests in milliseconds.

Importing it leaves BLAS threads alone: the programs limit them where they start
(playground.blas.limit_blas_threads), so a notebook keeps its own settings.
"""

from playground.core.nn.activations import ACTIVATION_NAMES
from playground.core.nn.losses import LOSS_NAMES
from playground.core.nn.model_file import ModelFileError
from playground.core.nn.network import Network
from playground.core.nn.trace import Trace

__all__ = ["ACTIVATION_NAMES", "LOSS_NAMES", "ModelFileError", "Network", "Trace"]
