"""Training: the trainer and the samples it learns from (the pool, the held-out split, the share
of your own digits), the curves it keeps and the figures it reports."""
