"""Scripts that build the reference data shipped in ``linkage/data`` (``build_*.py``), and the
parts of the style background's build: reading the changelogs (``changelogs``), the statistics
shipped (``style_background_stats``) and the calibration (``style_calibration``)."""
