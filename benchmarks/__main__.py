"""Dispatch ``python -m benchmarks NAME [ARGS]`` to ``benchmarks/NAME_bench.py``'s ``main``."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import benchmarks


def available() -> list[str]:
    return sorted(
        m.name[: -len("_bench")]
        for m in pkgutil.iter_modules(benchmarks.__path__)
        if m.name.endswith("_bench")
    )


def main(argv: list[str]) -> int:
    names = available()
    if not argv or argv[0] in ("-h", "--help"):
        print("usage: python -m benchmarks NAME [ARGS]   (NAME: " + ", ".join(names) + ")")
        return 0 if argv else 2
    if argv[0] not in names:
        print(f"unknown benchmark '{argv[0]}'; known: {', '.join(names)}", file=sys.stderr)
        return 2
    module = importlib.import_module(f"benchmarks.{argv[0]}_bench")
    return int(module.main(argv[1:]) or 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
