#!/usr/bin/env bash
# Applies docs/package-moves.txt (issue 12's package moves) to the Java files under DIR: package
# declarations, imports and fully-qualified names in code and Javadoc are rewritten from the old
# packages to the new ones, a renamed class (engine.Tables -> spi.Connectors) is renamed where it is
# used, and the imports a split package now needs are added. Meant for files that arrive from branches
# written before the move, after merging them:
#
#   scripts/apply-package-moves.sh flink/src            # rewrite in place
#   scripts/apply-package-moves.sh --move runtime/src    # and move each file whose package changed to
#                                                        # its new folder (git mv) under the same source root
#   scripts/apply-package-moves.sh --dry-run .           # list what would change, write nothing
#
# Classes of a split package are learnt from the Java files of the git work tree that holds DIR
# (or DIR itself outside git), so the files that stayed in a package are imported by those that left.
# Needs only a JDK (17+): the work is done by scripts/PackageMoves.java, run as a source file.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mapping="${PACKAGE_MOVES:-$here/../docs/package-moves.txt}"

options=()
dirs=()
for arg in "$@"; do
  case "$arg" in
    --move|--dry-run) options+=("$arg") ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "unknown option $arg (see --help)" >&2; exit 2 ;;
    *) [ -d "$arg" ] || { echo "not a folder: $arg" >&2; exit 2; }; dirs+=("$arg") ;;
  esac
done
[ "${#dirs[@]}" -gt 0 ] || { echo "usage: $0 [--move] [--dry-run] DIR..." >&2; exit 2; }

tree="$(git -C "${dirs[0]}" rev-parse --show-toplevel 2>/dev/null || echo "${dirs[0]}")"
exec java "$here/PackageMoves.java" "$mapping" "${options[@]}" --classes-from "$tree" "${dirs[@]}"
