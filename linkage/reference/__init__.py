"""Scripts that build the reference data shipped in ``linkage/data``."""
