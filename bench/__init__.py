"""Benchmarks of the public enterprise query (`make bench`); see bench/README.md."""
