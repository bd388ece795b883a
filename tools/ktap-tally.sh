# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced by tools/run-tests and tools/test-debug: one way to count a log.
#
# tally PREFIX LOG: counts the top-level KTAP lines of LOG into the
# caller's pass, fail and skip, and appends PREFIX<name> of each failure
# to its failed array.  A line ending in "# SKIP ..." is a skip, never a
# pass.
tally() {
	local prefix=$1 log=$2 line name

	while IFS= read -r line; do
		name=${line#*ok [0-9]* }
		case $line in
		"not ok "*) fail=$((fail + 1)); failed+=("$prefix$name") ;;
		*"# SKIP"*) skip=$((skip + 1)) ;;
		*) pass=$((pass + 1)) ;;
		esac
	done < <(grep -aE '^(not )?ok [0-9]+ ' "$log" | tr -d '\r')
}
