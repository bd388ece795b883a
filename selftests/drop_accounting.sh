#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# drop_accounting.sh: with 30% of fresh-page requests failing (debugfs
# fail_rx_alloc), blast the NIC under test and account for every frame and
# every drop:
#
#   sent == delta(rx_packets) + delta(rx_dropped) + delta(rx_errors)
#   delta(drops) == delta(drop_no_buffer + drop_budget + drop_no_skb +
#                         drop_down)
#   delta(rx_dropped) == delta(drops)
#   delta(alloc_fail) >= delta(injected)      (every injected failure is a
#                                              fresh-page request that got
#                                              none: stats.rst alloc_fail)
#   delta(alloc_fail) >= delta(reserve_used) + delta(drop_no_buffer)
#                                             (each reserve use and each
#                                              no-buffer drop follows one)
#
# The rig's link is lossless, so the first line must hold to the frame.
# Labyrinth-only (fault injection); skips under LAB_DRIVER=virtio_net.
#
# LAB_DROP_COUNT frames (default 200000), LAB_DROP_PROBABILITY percent
# (default 30).

source "$(dirname "$(readlink -f "$0")")/lib.sh"

COUNT=${LAB_DROP_COUNT:-200000}
PROB=${LAB_DROP_PROBABILITY:-30}
SIZE=$LAB_PAGE_FRAME_SIZE
BURST=32

lab_require_root
ktap_header
lab_banner
ktap_plan 4

SETUP_OK=0
BLAST_OK=0
NAMES="packets drops drop_no_buffer drop_budget drop_no_skb drop_down length_errors alloc_fail reserve_used recycled"
declare -A B A

test_setup() {
	local err
	if [ "$LAB_DRIVER" != labyrinth ]; then
		lab_skip "fault injection (debugfs fail_rx_alloc) is labyrinth-only ($LAB_DRIVER)"
		return
	fi
	lab_setup_subtest dut || return
	[ -n "$PEER_IF" ] || { lab_skip "needs a peer NIC (LAB_PEER_IFACE) to send from"; return; }
	[ -n "$DUT_V" ] || { lab_skip "$DUT_IF is not a virtio device"; return; }
	[ -w "$(lab_fault_path "$DUT_V" probability)" ] ||
		{ lab_fail "$(lab_fault_path "$DUT_V" probability) not writable"; return; }
	lab_fig sender "$PEER_IF ($(lab_driver_of "${PEER_V:-none}"))"
	lab_fig receiver "$DUT_IF ($(lab_driver_of "$DUT_V")) $DUT_MAC"
	lab_pair_up
	defer lab_fault_off "$DUT_V"
	lab_fault_off "$DUT_V"
	err=$(lab_fault_set "$DUT_V" probability "$PROB") ||
		lab_fail "probability $PROB refused: $err"
	lab_check_eq "probability read back" "$(lab_fault_get "$DUT_V" probability)" "$PROB"
	lab_fig probability "$PROB"
	lab_fig interval "$(lab_fault_get "$DUT_V" interval)"
	lab_fig times "$(lab_fault_get "$DUT_V" times)"
	[ $LAB_SUB_RC -eq 0 ] && SETUP_OK=1
}

snap() {
	local -n arr=$1
	local n
	for n in $NAMES; do
		arr[$n]=$(lab_ethtool_stat "$DUT_IF" "rx_queue_0_$n")
	done
	arr[rx_packets]=$(lab_stat "$DUT_IF" rx_packets)
	arr[rx_dropped]=$(lab_stat "$DUT_IF" rx_dropped)
	arr[rx_errors]=$(lab_stat "$DUT_IF" rx_errors)
	arr[injected]=$(lab_fault_get "$DUT_V" injected)
}

d() { echo $(( A[$1] - B[$1] )); }

test_blast() {
	local sum causes
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	lab_fig count_requested "$COUNT"
	lab_dmesg_mark
	lab_wait_stable 5000 300 lab_rx_sum "$DUT_IF" >/dev/null
	snap B
	lab_pktgen $(lab_pg_cpu_opt) -i "$PEER_IF" -m "$DUT_MAC" -s $SIZE -n "$COUNT" -b $BURST ||
		lab_fail "pktgen.sh failed"
	lab_wait_stable 60000 500 lab_rx_sum "$DUT_IF" >/dev/null ||
		lab_fail "receiver counters still moving after 60 s"
	snap A
	lab_fig sent "$PG_SENT"
	lab_fig tx_pps "$PG_PPS"
	lab_fig delivered "$(d rx_packets)"
	lab_fig dropped "$(d rx_dropped)"
	lab_fig rx_errors "$(d rx_errors)"
	for n in $NAMES injected; do
		lab_fig "${n}_delta" "$(d "$n")"
	done
	[[ $PG_SENT =~ ^[0-9]+$ ]] || { lab_fail "no pktgen result"; return; }
	[ "$PG_SENT" -ge "$COUNT" ] || lab_fail "pktgen sent $PG_SENT < $COUNT requested"
	sum=$(( $(d rx_packets) + $(d rx_dropped) + $(d rx_errors) ))
	lab_fig unaccounted $((PG_SENT - sum))
	lab_check_eq "sent == delivered + dropped + errors" "$sum" "$PG_SENT"
	lab_fig drop_share_permille $(( $(d rx_dropped) * 1000 / (PG_SENT > 0 ? PG_SENT : 1) ))
	[ "$(d rx_dropped)" -gt 0 ] || lab_fail "no frame dropped at $PROB% injected failure"
	[ "$(d rx_packets)" -gt 0 ] || lab_fail "no frame delivered at $PROB% injected failure"
	BLAST_OK=1
}

test_causes() {
	local causes
	[ $BLAST_OK = 1 ] || { lab_skip "blast did not complete"; return; }
	causes=$(( $(d drop_no_buffer) + $(d drop_budget) + $(d drop_no_skb) + $(d drop_down) ))
	lab_check_eq "drops == drop_no_buffer + drop_budget + drop_no_skb + drop_down" "$(d drops)" "$causes"
	lab_check_eq "rx_dropped == drops" "$(d rx_dropped)" "$(d drops)"
	lab_check_eq "rx_queue_0_packets == rx_packets" "$(d packets)" "$(d rx_packets)"
	lab_check_eq "length_errors" "$(d length_errors)" 0
	[ "$(d injected)" -gt 0 ] || lab_fail "no failure injected"
	[ "$(d alloc_fail)" -ge "$(d injected)" ] ||
		lab_fail "alloc_fail delta $(d alloc_fail) < injected delta $(d injected): $(( $(d injected) - $(d alloc_fail) )) injected failures not counted"
	[ "$(d alloc_fail)" -ge $(( $(d reserve_used) + $(d drop_no_buffer) )) ] ||
		lab_fail "alloc_fail delta $(d alloc_fail) < reserve_used + drop_no_buffer $(( $(d reserve_used) + $(d drop_no_buffer) ))"
	return 0
}

test_after() {
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	lab_fault_off "$DUT_V"
	lab_check_eq "probability back to 0" "$(lab_fault_get "$DUT_V" probability)" 0
	lab_pages_check "$DUT_V" pages
	lab_dmesg_check || lab_fail "kernel warnings during the blast"
}

lab_subtest setup test_setup
lab_subtest blast_accounted test_blast
lab_subtest drops_attributed test_causes
lab_subtest pages_and_dmesg test_after
lab_finish
