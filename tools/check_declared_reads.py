#!/usr/bin/env python3
"""Every scenario field the code reads by name is declared in a parameter table.

A read like `node.at("capacity")` or `node.get("seed")` in models/, sim/, assembly/ or
hil/ must name a field some ParamTable declares (`param_docs --fields`), so that key
checks, error messages and the generated docs know it; a misspelt or undeclared read
fails here with its file and line. Readers of other formats that use the same
ConfigNode (register maps) are listed below with the reader that checks their keys.

usage: check_declared_reads.py PARAM_DOCS_BINARY [SOURCE_DIR]
"""
import re
import subprocess
import sys
from pathlib import Path

# Keys of documents that are not scenario sections, each checked by its own reader.
OTHER_FORMATS = {
    "hil/register_map.cpp": "a register map (docs/hil.md), checked by parse_register_map",
}

READ = re.compile(r'\b(?:at|get)\("([A-Za-z_][A-Za-z_0-9]*)"\)')


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    root = Path(sys.argv[2]) if len(sys.argv) == 3 else Path(__file__).resolve().parents[1]
    declared = set(subprocess.run([sys.argv[1], "--fields"], check=True, capture_output=True,
                                  text=True).stdout.split())
    bad = []
    for folder in ("models", "sim", "assembly", "hil"):
        for path in sorted((root / folder).rglob("*.[ch]pp")):
            rel = path.relative_to(root).as_posix()
            if rel in OTHER_FORMATS:
                continue
            for n, line in enumerate(path.read_text().splitlines(), 1):
                for name in READ.findall(line):
                    if name not in declared:
                        bad.append(f"{rel}:{n}: reads '{name}', which no parameter table declares")
    for b in bad:
        print(b)
    if bad:
        print(f"{len(bad)} undeclared reads: declare them in their section's table "
              "(sim/params.hpp) or read them through it", file=sys.stderr)
        return 1
    print(f"every field read by name is declared ({len(declared)} declared names)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
