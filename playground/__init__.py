"""playground: watch a small neural network learn handwritten digits, live."""

__version__ = "0.1.0"
