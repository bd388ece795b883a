#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# pktgen_accounting.sh: blast minimum-size frames from the peer NIC (stock
# virtio_net) at the NIC under test and account for every one of them:
#
#   sent (pktgen) == delta(rx_packets) + delta(rx_dropped) + delta(rx_errors)
#
# exactly.  The rig's QEMU hub never drops a frame for want of RX buffers
# (it back-pressures the sender instead), so any difference is a frame the
# driver lost without counting it; and delta(rx_bytes) is exactly the
# received frames times their size, Ethernet header included.  For
# labyrinth the debugfs page ledger must balance and show no leak afterwards.
#
# LAB_PKTGEN_COUNT overrides the frame count (default 1000000),
# LAB_PKTGEN_SIZE the pkt_size (default 60 = 64-byte frames with FCS).

source "$(dirname "$(readlink -f "$0")")/lib.sh"

COUNT=${LAB_PKTGEN_COUNT:-1000000}
SIZE=${LAB_PKTGEN_SIZE:-60}
BURST=${LAB_PKTGEN_BURST:-32}

lab_require_root
ktap_header
lab_banner
ktap_plan 5

SETUP_OK=0
BLAST_OK=0

test_setup() {
	lab_setup_subtest dut || return
	if [ -z "$PEER_IF" ]; then
		lab_skip "needs a peer NIC (LAB_PEER_IFACE) to send from"
		return
	fi
	lab_fig sender "$PEER_IF ($(lab_driver_of "${PEER_V:-none}"))"
	lab_fig receiver "$DUT_IF ($(lab_driver_of "${DUT_V:-none}")) $DUT_MAC"
	lab_pair_up
	lab_fig rx_and_pktgen_cpu "${LAB_PG_CPU:-any}"
	[ $LAB_SUB_RC -eq 0 ] && SETUP_OK=1
}

# rx_queue_0_* figures by cause, where the driver has them
ETH_NAMES="rx_queue_0_packets rx_queue_0_drops rx_queue_0_drop_no_buffer rx_queue_0_drop_budget rx_queue_0_length_errors rx_queue_0_alloc_fail rx_queue_0_reserve_used rx_queue_0_kicks"
declare -A E0

eth_snap() {
	local n
	for n in $ETH_NAMES; do
		E0[$n]=$(lab_ethtool_stat "$DUT_IF" "$n")
	done
}

test_blast() {
	local p0 d0 e0 b0 p1 d1 e1 b1 rx drop err sum stable t0 t1 n v
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	lab_fig count_requested "$COUNT"
	lab_fig pkt_size "$SIZE (excl. FCS)"
	lab_fig burst "$BURST"
	lab_dmesg_mark
	# let anything still in flight settle before the baseline
	lab_wait_stable 5000 300 lab_rx_sum "$DUT_IF" >/dev/null
	p0=$(lab_stat "$DUT_IF" rx_packets)
	d0=$(lab_stat "$DUT_IF" rx_dropped)
	e0=$(lab_stat "$DUT_IF" rx_errors)
	b0=$(lab_stat "$DUT_IF" rx_bytes)
	eth_snap
	t0=$(lab_now_ms)
	lab_pktgen $(lab_pg_cpu_opt) -i "$PEER_IF" -m "$DUT_MAC" -s "$SIZE" -n "$COUNT" -b "$BURST" ||
		lab_fail "pktgen.sh failed"
	# wait until the receiver's counters stop moving
	stable=$(lab_wait_stable 60000 500 lab_rx_sum "$DUT_IF") ||
		lab_fail "receiver counters still moving after 60 s"
	t1=$(lab_now_ms)
	p1=$(lab_stat "$DUT_IF" rx_packets)
	d1=$(lab_stat "$DUT_IF" rx_dropped)
	e1=$(lab_stat "$DUT_IF" rx_errors)
	b1=$(lab_stat "$DUT_IF" rx_bytes)
	rx=$((p1 - p0)); drop=$((d1 - d0)); err=$((e1 - e0))
	sum=$((rx + drop + err))
	lab_fig sent "$PG_SENT"
	lab_fig pktgen_errors "$PG_ERRORS"
	lab_fig tx_pps "$PG_PPS"
	lab_fig elapsed_us "$PG_ELAPSED_US"
	lab_fig received "$rx"
	lab_fig dropped "$drop"
	lab_fig rx_errors "$err"
	lab_fig rx_bytes $((b1 - b0))
	lab_fig unaccounted $((PG_SENT - sum))
	if [ "${PG_ELAPSED_US:-0}" -gt 0 ] 2>/dev/null; then
		lab_fig rx_pps $((rx * 1000000 / PG_ELAPSED_US))
	fi
	lab_fig wall_ms $((t1 - t0))
	for n in $ETH_NAMES; do
		v=$(lab_ethtool_stat "$DUT_IF" "$n")
		if [ -n "$v" ] && [ -n "${E0[$n]}" ]; then
			lab_fig "${n#rx_queue_0_}_delta" $((v - E0[$n]))
		fi
	done
	[[ $PG_SENT =~ ^[0-9]+$ ]] || { lab_fail "no pktgen result"; return; }
	[ "$PG_SENT" -ge "$COUNT" ] || lab_fail "pktgen sent $PG_SENT < $COUNT requested"
	lab_check_eq "sent == received + dropped + errors" "$sum" "$PG_SENT"
	# every frame is pktgen's (else the sum above is off): SIZE bytes each,
	# the Ethernet header included, as rx_bytes counts them
	lab_check_eq "rx_bytes == received x $SIZE" $((b1 - b0)) $((rx * SIZE))
	# per-queue and netdev counters must agree (one RX queue)
	v=$(lab_ethtool_stat "$DUT_IF" rx_queue_0_packets)
	if [ -n "$v" ] && [ -n "${E0[rx_queue_0_packets]}" ]; then
		lab_check_eq "delta rx_queue_0_packets == delta rx_packets" \
			$((v - E0[rx_queue_0_packets])) "$rx"
	fi
	BLAST_OK=1
}

test_pages() {
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	if [ "$LAB_DRIVER" != labyrinth ]; then
		lab_skip "debugfs page ledger is labyrinth-only ($LAB_DRIVER)"
		return
	fi
	[ -n "$DUT_V" ] || { lab_skip "no virtio device for $DUT_IF"; return; }
	lab_pages_check "$DUT_V" pages
}

test_rx_alive() {
	# after the blast the receiver must still take frames (ring refilled)
	local p0 p1
	[ $BLAST_OK = 1 ] || { lab_skip "blast did not complete"; return; }
	p0=$(lab_rx_sum "$DUT_IF")
	lab_pktgen $(lab_pg_cpu_opt) -i "$PEER_IF" -m "$DUT_MAC" -s "$SIZE" -n 1000 -b 1 ||
		lab_fail "pktgen.sh failed"
	lab_wait_stable 10000 300 lab_rx_sum "$DUT_IF" >/dev/null
	p1=$(lab_rx_sum "$DUT_IF")
	lab_fig after_sent "$PG_SENT"
	lab_fig after_accounted $((p1 - p0))
	lab_check_eq "frames accounted after the blast" $((p1 - p0)) "$PG_SENT"
}

test_dmesg() {
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	lab_dmesg_check || lab_fail "kernel warnings during the blast"
}

lab_subtest setup test_setup
lab_subtest blast_accounted test_blast
lab_subtest pages_balanced test_pages
lab_subtest rx_alive_after_blast test_rx_alive
lab_subtest dmesg_clean test_dmesg
lab_finish
