#!/usr/bin/python3
"""Compares two wattfleet result files dataset by dataset, bytes and attributes.

Every dataset and attribute must be identical except the /meta attributes that
name the build or the moment of the run (created_utc, git_hash, version). External
links are followed: the result of a run split across processes (mpirun) compares
with the single-process one.
Exit 0 when identical, 1 with one line per difference otherwise.
usage: tools/compare_results.py A.h5 B.h5
   or: tools/compare_results.py --dirs DIR_A DIR_B   (every *.h5 of DIR_A against DIR_B)
"""
import pathlib
import sys

import h5py
import numpy as np

VARYING_META = {"created_utc", "git_hash", "version"}
DIMENSION_BOOKKEEPING = {"DIMENSION_LIST", "REFERENCE_LIST"}


def attrs_equal(a, b):
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        # Object references (dimension scales) differ in address only; compare their shape.
        if a.dtype.kind == "O" or b.dtype.kind == "O":
            return a.shape == b.shape
        return a.shape == b.shape and a.dtype == b.dtype and a.tobytes() == b.tobytes()
    return a == b


def names(group, prefix=""):
    """Every object below `group` as visit() names them, through external links too."""
    out = []
    for key in group:
        name = f"{prefix}{key}"
        out.append(name)
        obj = group[key]
        if isinstance(obj, h5py.Group):
            out += names(obj, name + "/")
    return out


def compare(path_a, path_b):
    diffs = []
    with h5py.File(path_a, "r") as fa, h5py.File(path_b, "r") as fb:
        names_a, names_b = names(fa), names(fb)
        for n in sorted(set(names_a) ^ set(names_b)):
            diffs.append(f"{n}: only in {'A' if n in names_a else 'B'}")
        for n in ["/"] + sorted(set(names_a) & set(names_b)):
            oa, ob = fa[n], fb[n]
            skip = VARYING_META if n == "meta" else set()
            # Dimension-scale bookkeeping: REFERENCE_LIST points back at the datasets
            # attached to a scale in the same file, which a split run's /time has not.
            skip |= DIMENSION_BOOKKEEPING
            keys = (set(oa.attrs) | set(ob.attrs)) - skip
            for k in sorted(keys):
                if k not in oa.attrs or k not in ob.attrs:
                    diffs.append(f"{n}@{k}: attribute only in one file")
                elif not attrs_equal(
                    oa.attrs[k], ob.attrs[k]
                ):
                    diffs.append(f"{n}@{k}: attribute differs")
            if isinstance(oa, h5py.Dataset):
                if not isinstance(ob, h5py.Dataset):
                    diffs.append(f"{n}: dataset in A, group in B")
                    continue
                xa, xb = oa[()], ob[()]
                xa, xb = np.asarray(xa), np.asarray(xb)
                if xa.shape != xb.shape or xa.dtype != xb.dtype:
                    diffs.append(f"{n}: shape/type {xa.shape} {xa.dtype} vs {xb.shape} {xb.dtype}")
                elif xa.dtype.kind == "O":
                    if list(xa.ravel()) != list(xb.ravel()):
                        diffs.append(f"{n}: values differ")
                elif xa.tobytes() != xb.tobytes():
                    i = int(np.argmax(xa.ravel().view(np.uint8) != xb.ravel().view(np.uint8)))
                    diffs.append(f"{n}: bytes differ (first at byte {i})")
    return diffs


def main(argv):
    if len(argv) == 4 and argv[1] == "--dirs":
        pairs = [(p, pathlib.Path(argv[3]) / p.name) for p in sorted(pathlib.Path(argv[2]).glob("*.h5"))]
    elif len(argv) == 3:
        pairs = [(pathlib.Path(argv[1]), pathlib.Path(argv[2]))]
    else:
        print(__doc__.strip().splitlines()[-2].strip(), file=sys.stderr)
        return 2
    bad = 0
    for a, b in pairs:
        diffs = compare(a, b)
        print(f"{a.name}: {'identical' if not diffs else f'{len(diffs)} differences'}")
        for d in diffs[:20]:
            print(f"  {d}")
        bad += bool(diffs)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
