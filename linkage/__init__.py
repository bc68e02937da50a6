"""linkage: audit how easily your online accounts can be linked to each other."""

__version__ = "0.1.0"
HOMEPAGE = "https://github.com/linkage-audit/linkage"
