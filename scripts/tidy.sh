#!/bin/sh
# clang-tidy with the repository's .clang-tidy (names, and checks for mistakes that
# compile cleanly) on the C++ files changed since a base commit, or on every file.
#
#   scripts/tidy.sh                 files changed since origin/main (else HEAD~1), and
#                                   those including a changed header; uncommitted ones too
#   scripts/tidy.sh --base REV      files changed since REV
#   scripts/tidy.sh --all           every file of the build (about 250; 30-60 minutes on 2 cores)
#   scripts/tidy.sh FILE.cc ...     these files
#
# Uses build/release/compile_commands.json (configured first). JOBS sets the
# parallelism (default 2). Exits non-zero on any finding.
set -eu
cd "$(dirname "$0")/.."

base=""
all=0
files=""
while [ $# -gt 0 ]; do
  case "$1" in
    --base) base="$2"; shift 2 ;;
    --all) all=1; shift ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "tidy: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) files="$files $1"; shift ;;
  esac
done

command -v clang-tidy >/dev/null || { echo "tidy: clang-tidy is not installed (apt-get install clang-tidy)" >&2; exit 2; }
# Configured each time, so that the compile commands name every file and flag of now.
cmake --preset release >/dev/null

# The files the build compiles, as paths relative to the repository.
compiled=$(python3 -c '
import json, os, sys
root = os.getcwd() + "/"
for entry in json.load(open("build/release/compile_commands.json")):
    path = entry["file"]
    if path.startswith(root) and not path.startswith(root + "build/"):
        print(path[len(root):])
' | sort -u)

if [ "$all" = 1 ]; then
  files="$compiled"
elif [ -z "$files" ]; then
  if [ -z "$base" ]; then
    if git rev-parse --verify -q origin/main >/dev/null; then base=origin/main; else base=HEAD~1; fi
  fi
  changed=$( (git diff --name-only --diff-filter=d "$base" -- '*.cc' '*.h'; git ls-files --others --exclude-standard -- '*.cc' '*.h') | sort -u)
  for file in $changed; do
    case "$file" in
      *.cc) echo "$compiled" | grep -qx "$file" && files="$files $file" ;;
      *.h)  # a header is checked through the compiled files that include it
        name=$(basename "$file")
        for user in $(echo "$compiled" | xargs grep -l "[/\"]$name\"" 2>/dev/null || true); do files="$files $user"; done ;;
    esac
  done
  files=$(echo $files | tr ' ' '\n' | sort -u)
fi

if [ -z "$files" ]; then echo "tidy: no C++ file to check"; exit 0; fi
count=$(echo "$files" | wc -w)
echo "tidy: checking $count file(s) with ${JOBS:-2} job(s)"
# GCC's warning flags that clang does not know are not findings.
if ! echo "$files" | tr ' ' '\n' | xargs -P "${JOBS:-2}" -n 1 \
  clang-tidy -p build/release --quiet --extra-arg=-Wno-unknown-warning-option; then
  echo "tidy: findings above; fix them, or mark a deliberate exception with NOLINT(check) and the reason" >&2
  exit 1
fi
echo "tidy: no findings in $count file(s)"
