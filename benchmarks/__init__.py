"""Benchmarks for aiocdss: ratios against baselines measured in one run (see README.md)."""
