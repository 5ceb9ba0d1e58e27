"""Our servers measured against the real ones, as ratios taken in one run (``python -m benchmarks``)."""
