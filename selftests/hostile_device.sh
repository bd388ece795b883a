#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# hostile_device.sh: a device that lies about what it wrote causes counted
# errors and nothing else: no out-of-bounds access, no leak, no stall.
#
# labyrinth's debugfs hostile/ switch (test-only) corrupts what the driver
# reads from the device before it is checked: lengths beyond the posted
# buffer (mode bit 1), below the virtio-net header (2), num_buffers 0 (4),
# num_buffers beyond the ring (8), a GSO header no frame may carry (32;
# counted as rx_frame_errors, the others as rx_length_errors; both feed
# rx_errors).  For each mode, the first four together, a
# blast runs while LAB_HOSTILE_PROBABILITY percent of completions lie;
# then, with an honest device again, a short blast must be accounted for
# to the frame (sent == delivered + dropped + errors), the ring must be
# whole and the ledger balanced.  However many buffers a frame claims, one
# poll takes at most NAPI's budget - 1 + the ring's size buffers off the
# ring (debugfs rx0_poll_bufs_max, checked after each mode).  Buffer ids are not covered: virtio_ring
# checks them before the driver sees them (an unknown id breaks the ring).
#
# LAB_HOSTILE_COUNT frames per mode (default 50000), LAB_HOSTILE_PROBABILITY
# (default 5).  Labyrinth-only.

source "$(dirname "$(readlink -f "$0")")/lib.sh"

COUNT=${LAB_HOSTILE_COUNT:-50000}
PROB=${LAB_HOSTILE_PROBABILITY:-5}
AFTER=20000
MODES="1 2 4 8 15 32"

lab_require_root
ktap_header
lab_banner
ktap_plan 8

SETUP_OK=0

hostile_path() { echo "$(lab_debugfs_dir "$DUT_V")/hostile/$1"; }
hostile_set() { echo "$2" > "$(hostile_path "$1")"; }
hostile_off() { hostile_set mode 0; hostile_set probability 0; }

test_setup() {
	[ "$LAB_DRIVER" = labyrinth ] ||
		{ lab_skip "the hostile-device switch is labyrinth-only ($LAB_DRIVER)"; return; }
	lab_setup_subtest dut || return
	[ -n "$PEER_IF" ] || { lab_skip "needs a peer NIC (LAB_PEER_IFACE) to send from"; return; }
	[ -w "$(hostile_path mode)" ] || { lab_fail "$(hostile_path mode) not writable"; return; }
	lab_pair_up
	defer hostile_off
	hostile_set probability "$PROB" || lab_fail "probability $PROB refused"
	lab_fig probability "$PROB"
	lab_fig frames_per_mode "$COUNT"
	lab_dmesg_mark
	[ $LAB_SUB_RC -eq 0 ] && SETUP_OK=1
}

# One mode: lies are counted as errors (rx_errors); the kernel stays quiet.
test_mode() {
	local mode=$1 e0 e1 f0 f1 p0 p1 inj0 inj1
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	hostile_set mode "$mode" || { lab_fail "mode $mode refused"; return; }
	e0=$(lab_stat "$DUT_IF" rx_errors)
	f0=$(lab_stat "$DUT_IF" rx_frame_errors)
	p0=$(lab_stat "$DUT_IF" rx_packets)
	inj0=$(cat "$(hostile_path injected)")
	lab_pktgen $(lab_pg_cpu_opt) -i "$PEER_IF" -m "$DUT_MAC" -s 60 -n "$COUNT" -b 32 ||
		lab_fail "pktgen.sh failed"
	lab_wait_stable 30000 300 lab_rx_sum "$DUT_IF" >/dev/null ||
		lab_fail "receiver counters still moving after 30 s"
	hostile_set mode 0
	e1=$(lab_stat "$DUT_IF" rx_errors)
	f1=$(lab_stat "$DUT_IF" rx_frame_errors)
	p1=$(lab_stat "$DUT_IF" rx_packets)
	inj1=$(cat "$(hostile_path injected)")
	lab_fig "mode${mode}_sent" "$PG_SENT"
	lab_fig "mode${mode}_lies" $((inj1 - inj0))
	lab_fig "mode${mode}_errors" $((e1 - e0))
	lab_fig "mode${mode}_delivered" $((p1 - p0))
	[ $((inj1 - inj0)) -gt 0 ] || lab_fail "no lie told"
	[ $((e1 - e0)) -gt 0 ] || lab_fail "lies told but no error counted"
	[ $((e1 - e0)) -le $((inj1 - inj0)) ] ||
		lab_fail "more errors ($((e1 - e0))) than lies ($((inj1 - inj0)))"
	[ $((p1 - p0)) -gt 0 ] || lab_fail "nothing delivered while $PROB% of completions lied"
	# a GSO lie is told once per frame, and each is one frame error
	[ "$mode" = 32 ] &&
		lab_check_eq "mode 32: rx_frame_errors == lies" $((f1 - f0)) $((inj1 - inj0))
	check_poll_bound "mode${mode}"
	lab_dmesg_check || lab_fail "kernel warnings with hostile mode $mode"
}

# the most buffers one poll took: NAPI_POLL_WEIGHT (64) - 1 + ring size
check_poll_bound() {
	local max ring
	max=$(lab_pages "$DUT_V" rx0_poll_bufs_max)
	ring=$(ethtool -g "$DUT_IF" | awk '/^RX:/ { print $2; exit }')
	lab_fig "${1}_poll_bufs_max" "${max:-none} (bound $((63 + ring)))"
	[[ $max =~ ^[0-9]+$ ]] || { lab_fail "no rx0_poll_bufs_max in the pages file"; return; }
	[ "$max" -le $((63 + ring)) ] ||
		lab_fail "a poll took $max buffers > budget - 1 + ring ($((63 + ring)))"
}

# Honest again: every frame accounted for, ring whole, ledger balanced.
test_honest_again() {
	local s0 s1 ring size
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	hostile_off
	s0=$(lab_rx_sum "$DUT_IF")
	lab_pktgen $(lab_pg_cpu_opt) -i "$PEER_IF" -m "$DUT_MAC" -s 60 -n "$AFTER" -b 32 ||
		lab_fail "pktgen.sh failed"
	lab_wait_stable 30000 300 lab_rx_sum "$DUT_IF" >/dev/null
	s1=$(lab_rx_sum "$DUT_IF")
	lab_fig after_sent "$PG_SENT"
	lab_fig after_accounted $((s1 - s0))
	lab_check_eq "sent == delivered + dropped + errors" $((s1 - s0)) "$PG_SENT"
	ring=$(lab_pages "$DUT_V" ring)
	size=$(ethtool -g "$DUT_IF" | awk '/^RX:/ { print $2; exit }')
	lab_fig ring_pages "$ring"
	lab_check_eq "ring whole" "$ring" "$size"
	lab_pages_check "$DUT_V" pages
	lab_dmesg_check || lab_fail "kernel warnings"
}

lab_subtest setup test_setup
for m in $MODES; do
	lab_subtest "hostile_mode_$m" test_mode "$m"
done
lab_subtest honest_again_accounted test_honest_again
lab_finish
