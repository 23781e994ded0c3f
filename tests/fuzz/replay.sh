#!/usr/bin/env bash
# Runs a fuzz target once on every file of its seed corpus and of its crashers
# (inputs that once crashed it and must not again).
# usage: replay.sh TARGET CORPUS_DIR CRASHERS_DIR
set -euo pipefail
target=$1 corpus=$2 crashers=$3
files=()
for d in "$corpus" "$crashers"; do
  [ -d "$d" ] && while IFS= read -r -d '' f; do files+=("$f"); done < <(find "$d" -type f -print0 | sort -z)
done
[ ${#files[@]} -gt 0 ] || { echo "no inputs in $corpus"; exit 1; }
"$target" -rss_limit_mb=4096 -timeout=60 "${files[@]}" 2>&1 | tail -3
echo "replayed ${#files[@]} inputs"
