"""BLAS threads, limited where a program starts (the app, the benchmark, the evaluators), never
on import: a notebook that imports playground.core.nn keeps its own BLAS settings.

On this project's 2-core machines multithreaded BLAS spins on the tiny matrices of a
784-16-16-16 network and turned a 0.1 ms training step into 16 ms, so the programs ask for one.
"""

from __future__ import annotations

from threadpoolctl import threadpool_limits


def limit_blas_threads(threads: int = 1) -> None:
    """Limit every loaded BLAS to `threads` for the rest of the process (imports numpy)."""
    import numpy  # noqa: F401  (loads the BLAS library the limit applies to)

    threadpool_limits(threads, user_api="blas")
