#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ring_param.sh: ethtool -G rx changes how many buffers labyrinth keeps
# posted, under a blast, without losing a frame.
#
#   bad values: rx below 64, rx above rx-max, a tx change, text, are
#     refused with an error and leave both sizes as they were;
#   shrink: rx 128 while a blast runs: the debugfs ring count drains to
#     128 (completions over the target are not replaced) and every frame
#     of the blast is accounted: sent == delivered + dropped + errors;
#   grow: back to rx-max during a second blast: the ring is full again at
#     once (filled in process context) and the blast is accounted the same;
#   after: the ledger balances, leaked is 0, dmesg is clean.
#
# Labyrinth-only (reads the debugfs ledger); skips under LAB_DRIVER=virtio_net.
# LAB_RING_COUNT: most frames per blast (default 1000000).

source "$(dirname "$(readlink -f "$0")")/lib.sh"

COUNT=${LAB_RING_COUNT:-1000000}
SMALL=128

lab_require_root
ktap_header
lab_banner
ktap_plan 5

SETUP_OK=0
MAX=

# ring_max IFACE: rx-max from ethtool -g
ring_max() {
	ethtool -g "$1" 2>/dev/null | awk '$1 == "RX:" { print $2; exit }'
}

tx_size() {
	ethtool -g "$1" 2>/dev/null |
		awk '/^Current/ { cur = 1 } cur && $1 == "TX:" { print $2; exit }'
}

posted() { lab_pages "$DUT_V" ring; }

test_setup() {
	if [ "$LAB_DRIVER" != labyrinth ]; then
		lab_skip "the posted-buffer count (debugfs pages) is labyrinth-only ($LAB_DRIVER)"
		return
	fi
	lab_setup_subtest dut || return
	[ -n "$PEER_IF" ] || { lab_skip "needs a peer NIC (LAB_PEER_IFACE) to send from"; return; }
	[ -n "$DUT_V" ] || { lab_skip "$DUT_IF is not a virtio device"; return; }
	lab_pair_up
	MAX=$(ring_max "$DUT_IF")
	lab_fig rx_max "${MAX:-unknown}"
	lab_fig rx_current "$(lab_ring_size "$DUT_IF")"
	[[ $MAX =~ ^[0-9]+$ ]] && [ "$MAX" -gt $SMALL ] ||
		{ lab_fail "rx-max '$MAX' not above $SMALL"; return; }
	lab_check_eq "rx starts at rx-max" "$(lab_ring_size "$DUT_IF")" "$MAX"
	defer ethtool -G "$DUT_IF" rx "$MAX"
	lab_dmesg_mark
	[ $LAB_SUB_RC -eq 0 ] && SETUP_OK=1
}

test_bad_values() {
	local tx bad err
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	tx=$(tx_size "$DUT_IF")
	for bad in "rx 63" "rx 0" "rx $((MAX + 1))" "rx 4294967295" "rx abc" \
		   "tx $((tx / 2))"; do
		# shellcheck disable=SC2086
		if err=$(ethtool -G "$DUT_IF" $bad 2>&1); then
			lab_fail "ethtool -G $bad accepted"
		else
			lab_info "ethtool -G $bad: refused: $(echo "$err" | head -n 1)"
		fi
		lab_check_eq "rx after '$bad'" "$(lab_ring_size "$DUT_IF")" "$MAX"
		lab_check_eq "tx after '$bad'" "$(tx_size "$DUT_IF")" "$tx"
	done
	return 0
}

test_shrink() {
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	lab_fig posted_before "$(posted)"
	lab_blast_during "$COUNT" ethtool -G "$DUT_IF" rx $SMALL
	lab_check_eq "rx reads back" "$(lab_ring_size "$DUT_IF")" $SMALL
	lab_fig posted_after "$(posted)"
	lab_check_eq "posted buffers drained to the target" "$(posted)" $SMALL
}

test_grow() {
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	lab_blast_during "$COUNT" ethtool -G "$DUT_IF" rx "$MAX"
	lab_check_eq "rx reads back" "$(lab_ring_size "$DUT_IF")" "$MAX"
	lab_fig posted_after "$(posted)"
	lab_check_eq "posted buffers back to rx-max" "$(posted)" "$MAX"
}

test_after() {
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	lab_pages_check "$DUT_V" pages
	lab_dmesg_check || lab_fail "kernel warnings during the resizes"
}

lab_subtest setup test_setup
lab_subtest bad_values_refused test_bad_values
lab_subtest shrink_under_blast test_shrink
lab_subtest grow_under_blast test_grow
lab_subtest pages_and_dmesg test_after
lab_finish
