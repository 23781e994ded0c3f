#!/usr/bin/python3
"""Imports every Python module of deps/python-modules.txt and stops with one
line per missing module naming the Debian package that provides it, so a
missing install step shows up before the build rather than as a failed test.
Usage: check_python_modules.py [LISTING] (default: deps/python-modules.txt)."""
import importlib
import pathlib
import sys

listing = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else
                       pathlib.Path(__file__).resolve().parent / "deps" / "python-modules.txt")
missing = []
for line in listing.read_text().splitlines():
    line = line.split("#", 1)[0].split()
    if not line:
        continue
    if len(line) != 2:
        sys.exit(f"check_python_modules: {listing}: expected 'module package' on each line, got {line}")
    module, package = line[0], line[1]
    try:
        importlib.import_module(module)
    except Exception as error:  # an ImportError, or a module failing inside
        missing.append(f"{module} ({package}: {type(error).__name__}: {error})")
for entry in missing:
    print(f"check_python_modules: cannot import {entry}; "
          f"run tools/install-deps.sh or apt-get install the package", file=sys.stderr)
sys.exit(1 if missing else 0)
