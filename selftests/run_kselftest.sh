#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run_kselftest.sh: run the labyrinth selftests the way the kernel's
# kselftest runner does: one KTAP line per test, each test's own output
# indented as "# " diagnostics, a per-test timeout from "settings".
#
#   ./run_kselftest.sh                 all tests in kselftest-list.txt
#   ./run_kselftest.sh -t ping.sh ...  only these tests
#   ./run_kselftest.sh -l              list the tests
#
# LAB_DEADLINE (seconds since the epoch) with LAB_TEST_RESERVE_S: a test
# that could not end before the deadline (fewer than LAB_TEST_RESERVE_S
# seconds left) is not started and is reported as skipped, with the reason
# (tools/test-debug sets both in CI; Documentation/testing.rst, CI).
#
# Exit 0 when nothing failed, 1 otherwise.

BASE_DIR=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
cd "$BASE_DIR" || exit 1
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH

COLLECTION=labyrinth
TESTS=()

usage() {
	echo "Usage: ${0##*/} [-l] [-t TEST]... [TEST...]"
}

list_tests() {
	if [ -r kselftest-list.txt ]; then
		sed -n "s/^$COLLECTION://p" kselftest-list.txt
	else
		ls ./*.sh | sed 's|^\./||' | grep -v -e '^run_kselftest.sh$' -e '^pktgen.sh$'
	fi
}

while [ $# -gt 0 ]; do
	case $1 in
	-l|--list) list_tests; exit 0 ;;
	-t|--test) TESTS+=("$2"); shift 2 ;;
	-h|--help) usage; exit 0 ;;
	-*) usage >&2; exit 2 ;;
	*) TESTS+=("$1"); shift ;;
	esac
done
[ ${#TESTS[@]} -gt 0 ] || mapfile -t TESTS < <(list_tests)

timeout_s=45
if [ -r settings ]; then
	t=$(sed -n 's/^timeout=\([0-9]*\)$/\1/p' settings)
	[ -n "$t" ] && timeout_s=$t
fi
[ -n "${LAB_TEST_TIMEOUT:-}" ] && timeout_s=$LAB_TEST_TIMEOUT

now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }

# fits_deadline: true unless LAB_DEADLINE is set and fewer than
# LAB_TEST_RESERVE_S seconds are left before it (sets left)
fits_deadline() {
	[ -n "${LAB_DEADLINE:-}" ] || return 0
	left=$(( LAB_DEADLINE - $(date +%s) ))
	[ "$left" -ge "${LAB_TEST_RESERVE_S:=0}" ]
}

echo "TAP version 13"
echo "1..${#TESTS[@]}"
n=0 pass=0 fail=0 skip=0
suite_t0=$(now_ms)
summary=()
for t in "${TESTS[@]}"; do
	n=$((n + 1))
	echo "# selftests: $COLLECTION: $t"
	if ! fits_deadline; then
		echo "ok $n selftests: $COLLECTION: $t # SKIP time budget: $left s left before LAB_DEADLINE, a test may take ${LAB_TEST_RESERVE_S} s"
		skip=$((skip + 1))
		summary+=("$(printf '%-24s %-7s %6d ms' "$t" SKIP 0)")
		continue
	fi
	t0=$(now_ms)
	if [ ! -f "./$t" ]; then
		echo "not ok $n selftests: $COLLECTION: $t # missing"
		fail=$((fail + 1))
		summary+=("$t FAIL (missing)")
		continue
	fi
	# the test's own KTAP becomes indented diagnostics
	timeout -k 10 "$timeout_s" bash "./$t" 2>&1 | sed -u 's/^/# /'
	rc=${PIPESTATUS[0]}
	dt=$(( $(now_ms) - t0 ))
	echo "# $t: duration ${dt} ms"
	case $rc in
	0)
		echo "ok $n selftests: $COLLECTION: $t"
		pass=$((pass + 1)); res=PASS ;;
	4)
		echo "ok $n selftests: $COLLECTION: $t # SKIP"
		skip=$((skip + 1)); res=SKIP ;;
	124|137)
		echo "not ok $n selftests: $COLLECTION: $t # TIMEOUT $timeout_s seconds"
		fail=$((fail + 1)); res=TIMEOUT ;;
	*)
		echo "not ok $n selftests: $COLLECTION: $t # exit=$rc"
		fail=$((fail + 1)); res=FAIL ;;
	esac
	summary+=("$(printf '%-24s %-7s %6d ms' "$t" "$res" "$dt")")
done
echo "# ---- summary (kernel $(uname -r), driver ${LAB_DRIVER:-labyrinth}) ----"
for s in "${summary[@]}"; do echo "# $s"; done
echo "# suite duration: $(( $(now_ms) - suite_t0 )) ms"
echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:$skip error:0"
echo "selftests: $pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
