#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bad_input.sh: every bad write to labyrinth's knobs is refused with an
# error and changes nothing.
#
#   debugfs fail_rx_alloc/{probability,interval,times,recycled}: letters,
#     an empty line, numbers too big for the type, negative where invalid,
#     101, interval 0, times -2, recycled 2 ... each write must fail
#     (EINVAL/ERANGE) and all knobs must read back as before (set to
#     distinctive values first: probability 42, interval 7, times 12345,
#     recycled 0, so "became 0" shows);
#     fail_rx_alloc/injected (0400) refuses writes even from root.
#   devlink rx_page_budget: 0, 32 x ring + 1, 2^32-1 (refused by the driver),
#     -1, text, 2^32 (refused already by devlink's parser) must fail and leave
#     the budget as it was.
#   Positive controls: the edge values (probability 0 and 100, interval 1,
#     times -1 and 0, budget 1 and 32 x ring) are accepted.
#   Not root: as user nobody (setpriv) the knobs can be neither read nor
#     written, and devlink refuses the change (skipped without setpriv).
#
# An "empty" write here is a lone newline (what "echo > file" sends); a
# zero-byte write(2) is a no-op for any file and is not tested.

source "$(dirname "$(readlink -f "$0")")/lib.sh"

lab_require_root
ktap_header
lab_banner
ktap_plan 6

SETUP_OK=0
RING=
OLD_BUDGET=
KNOBS="probability interval times recycled"

test_setup() {
	local f
	if [ "$LAB_DRIVER" != labyrinth ]; then
		lab_skip "debugfs fail_rx_alloc and devlink rx_page_budget are labyrinth-only ($LAB_DRIVER)"
		return
	fi
	lab_setup_subtest dut || return
	[ -n "$DUT_V" ] || { lab_skip "$DUT_IF is not a virtio device"; return; }
	lab_link_up "$DUT_IF" || lab_fail "$DUT_IF up"
	RING=$(lab_ring_size "$DUT_IF")
	lab_fig ring_size "${RING:-unknown}"
	[[ $RING =~ ^[0-9]+$ ]] || { lab_fail "no RX ring size from ethtool -g"; return; }
	OLD_BUDGET=$(lab_budget_get "$DUT_V")
	lab_fig budget_before "${OLD_BUDGET:-unknown}"
	[[ $OLD_BUDGET =~ ^[0-9]+$ ]] || { lab_fail "cannot read rx_page_budget"; return; }
	defer lab_budget_set "$DUT_V" "$OLD_BUDGET"
	defer lab_fault_off "$DUT_V"
	for f in probability interval times recycled; do
		lab_check_eq "mode of fail_rx_alloc/$f" "$(stat -c %a "$(lab_fault_path "$DUT_V" $f)")" 600
	done
	lab_check_eq "mode of fail_rx_alloc/injected" "$(stat -c %a "$(lab_fault_path "$DUT_V" injected)")" 400
	lab_check_eq "mode of pages" "$(stat -c %a "$(lab_debugfs_dir "$DUT_V")/pages")" 400
	[ $LAB_SUB_RC -eq 0 ] && SETUP_OK=1
}

# all knobs on one line (builtin reads: this runs twice per bad write)
knobs_now() {
	local k v out=
	for k in $KNOBS injected; do
		read -r v < "/sys/kernel/debug/labyrinth/$DUT_V/fail_rx_alloc/$k"
		out="$out $k=$v"
	done
	echo "${out# }"
}

set_distinct() {
	local err
	err=$(lab_fault_set "$DUT_V" probability 42) || lab_fail "probability 42 refused: $err"
	err=$(lab_fault_set "$DUT_V" interval 7) || lab_fail "interval 7 refused: $err"
	err=$(lab_fault_set "$DUT_V" times 12345) || lab_fail "times 12345 refused: $err"
	err=$(lab_fault_set "$DUT_V" recycled 0) || lab_fail "recycled 0 refused: $err"
}

# try_bad KNOB VALUE: the write must fail and change nothing
REFUSED=0
try_bad() {
	local k=$1 v=$2 before after err
	before=$(knobs_now)
	if err=$(lab_fault_set "$DUT_V" "$k" "$v"); then
		lab_fail "$k <- '$v' accepted"
	else
		REFUSED=$((REFUSED + 1))
	fi
	after=$(knobs_now)
	lab_info "$k <- '$v': ${err:-accepted}"
	[ "$after" = "$before" ] || lab_fail "$k <- '$v' changed the knobs: $before -> $after"
}

test_debugfs_bad() {
	local v n=0
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	set_distinct
	lab_fig knobs_before "$(knobs_now)"
	REFUSED=0
	for v in abc "" 101 -1 1000 99999999999999999999 4294967296 1.5 5x 0x; do
		try_bad probability "$v"; n=$((n + 1))
	done
	for v in 0 -1 abc "" 99999999999999999999 4294967296 1x; do
		try_bad interval "$v"; n=$((n + 1))
	done
	for v in -2 -3 abc "" 99999999999999999999 -99999999999999999999 1e3; do
		try_bad times "$v"; n=$((n + 1))
	done
	for v in 2 -1 abc "" 1x 99999999999999999999; do
		try_bad recycled "$v"; n=$((n + 1))
	done
	for v in 0 5 abc ""; do
		try_bad injected "$v"; n=$((n + 1))
	done
	lab_fig bad_writes "$n"
	lab_fig refused "$REFUSED"
	lab_fig knobs_after "$(knobs_now)"
	lab_check_eq "bad writes refused" "$REFUSED" "$n"
}

test_debugfs_good() {
	local k v err
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	for k in "probability 0" "probability 100" "interval 1" "times 0" "times -1" "probability 0" "recycled 0" "recycled 1"; do
		set -- $k
		err=$(lab_fault_set "$DUT_V" "$1" "$2") || lab_fail "$1 <- $2 refused: $err"
		lab_check_eq "$1 read back" "$(lab_fault_get "$DUT_V" "$1")" "$2"
	done
	lab_fig knobs_after "$(knobs_now)"
}

try_budget_bad() {
	local v=$1 err
	if err=$(lab_budget_set "$DUT_V" "$v"); then
		lab_fail "rx_page_budget <- '$v' accepted"
	else
		REFUSED=$((REFUSED + 1))
	fi
	lab_info "rx_page_budget <- '$v': ${err:-accepted}"
	lab_check_eq "rx_page_budget after '$v'" "$(lab_budget_get "$DUT_V")" 300
}

test_devlink() {
	local v n=0 err max
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	max=$((32 * RING))
	lab_fig budget_max "$max"
	err=$(lab_budget_set "$DUT_V" 300) || { lab_fail "rx_page_budget 300 refused: $err"; return; }
	REFUSED=0
	for v in 0 $((max + 1)) 4294967295 -1 abc "" 4294967296 12x; do
		try_budget_bad "$v"; n=$((n + 1))
	done
	lab_fig bad_sets "$n"
	lab_fig refused "$REFUSED"
	lab_check_eq "bad budgets refused" "$REFUSED" "$n"
	for v in 1 "$max" "$OLD_BUDGET"; do
		err=$(lab_budget_set "$DUT_V" "$v") || lab_fail "rx_page_budget $v refused: $err"
		lab_check_eq "rx_page_budget read back" "$(lab_budget_get "$DUT_V")" "$v"
	done
	lab_check_eq "pages rx0_budget follows devlink" "$(lab_pages "$DUT_V" rx0_budget)" "$OLD_BUDGET"
}

as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"; }

test_nonroot() {
	local f k before out
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	command -v setpriv >/dev/null || { lab_skip "setpriv (util-linux) not found"; return; }
	as_nobody true 2>/dev/null || { lab_skip "setpriv cannot switch to uid 65534"; return; }
	before=$(knobs_now)
	for k in $KNOBS; do
		f=$(lab_fault_path "$DUT_V" $k)
		if as_nobody sh -c "echo 1 > '$f'" 2>/dev/null; then
			lab_fail "uid 65534 wrote $f"
		fi
		if out=$(as_nobody cat "$f" 2>/dev/null); then
			lab_fail "uid 65534 read $f: $out"
		fi
	done
	as_nobody cat "$(lab_debugfs_dir "$DUT_V")/pages" >/dev/null 2>&1 &&
		lab_fail "uid 65534 read the pages file"
	lab_check_eq "knobs after the unprivileged writes" "$(knobs_now)" "$before"
	as_nobody devlink dev param set "virtio/$DUT_V" name rx_page_budget value 100 cmode runtime >/dev/null 2>&1 &&
		lab_fail "uid 65534 set rx_page_budget"
	lab_check_eq "rx_page_budget after the unprivileged set" "$(lab_budget_get "$DUT_V")" "$OLD_BUDGET"
	out=$(as_nobody sh -c "echo 1 > '$(lab_fault_path "$DUT_V" probability)'" 2>&1)
	lab_fig nonroot_write_error "${out##*: }"
}

test_dmesg() {
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	lab_dmesg_check || lab_fail "kernel warnings"
}

lab_subtest setup test_setup
lab_dmesg_mark
lab_subtest debugfs_bad_writes_refused test_debugfs_bad
lab_subtest debugfs_edge_values_accepted test_debugfs_good
lab_subtest devlink_budget_bad_values_refused test_devlink
lab_subtest not_root_refused test_nonroot
lab_subtest dmesg_clean test_dmesg
lab_finish
