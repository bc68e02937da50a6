"""Benchmarks: speed and accuracy figures, printed. Run ``python -m benchmarks NAME``."""
