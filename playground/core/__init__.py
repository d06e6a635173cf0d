"""The core: the network, the digits and the training, with no window.

Nothing in this folder imports pygame (a test walks it), so the maths tests run in milliseconds,
a notebook can train a network, and mypy checks the types.
"""
