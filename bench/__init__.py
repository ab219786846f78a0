"""Benchmark suite: see bench/README.md."""
