"""`python -m playground.bench`: the benchmark (`__main__.py`), its probes, the start-up timer,
training speed and the soak."""
