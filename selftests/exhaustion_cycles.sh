#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# exhaustion_cycles.sh: while a stream runs into the NIC under test, 50
# cycles of short total exhaustion (fail_rx_alloc/probability 100 until the
# reserve is gone and frames drop, at least LAB_CYCLE_HOLD_MS) and release
# (probability 0).  After every release the queue must deliver again within
# LAB_CYCLE_WAIT_MS (default 1000), with nobody's help; the ring stays full
# throughout.  At the end: every frame accounted for (sent == delivered +
# dropped), ledger balanced, kernel quiet.  Prints the cycles done and the
# min/median/max recovery time (timed as in exhaustion_recovery.sh, by
# lab_exhaust in lib.sh: resolution one sysfs read plus one NAPI poll).
#
# LAB_CYCLES (default 50), LAB_CYCLE_HOLD_MS (default 30),
# LAB_CYCLE_GAP_MS (default 30), LAB_CYCLE_WAIT_MS (default 1000).

source "$(dirname "$(readlink -f "$0")")/lib.sh"

CYCLES=${LAB_CYCLES:-50}
HOLD_MS=${LAB_CYCLE_HOLD_MS:-30}
GAP_MS=${LAB_CYCLE_GAP_MS:-30}
WAIT_MS=${LAB_CYCLE_WAIT_MS:-1000}

lab_require_root
ktap_header
lab_banner
ktap_plan 4

SETUP_OK=0
RUN_OK=0
RING=
OUT=
S0=
S1=

test_setup() {
	lab_fault_stream_setup || return
	lab_fig cycles_requested "$CYCLES"
	lab_fig hold_ms "$HOLD_MS"
	lab_fig gap_ms "$GAP_MS"
	lab_fig wait_ms "$WAIT_MS"
	defer "$LAB_PKTGEN" -q --stop -i "$PEER_IF"
	[ $LAB_SUB_RC -eq 0 ] && SETUP_OK=1
}

rx_moved() { [ "$(lab_stat "$DUT_IF" rx_packets)" -gt "$1" ]; }

test_cycles() {
	local p0 ndone rec_ok drop_ok ring_ok us=() line stats
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	lab_dmesg_mark
	lab_wait_stable 5000 300 lab_rx_sum "$DUT_IF" >/dev/null
	S0=$(lab_rx_sum "$DUT_IF")
	"$LAB_PKTGEN" -q --start $(lab_pg_cpu_opt) -i "$PEER_IF" -m "$DUT_MAC" -s "$LAB_PAGE_FRAME_SIZE" -n 0 -b 32 ||
		{ lab_fail "pktgen --start failed"; return; }
	p0=$(lab_stat "$DUT_IF" rx_packets)
	busywait 5000 rx_moved $((p0 + 1000)) || { lab_fail "stream not reaching $DUT_IF"; return; }
	OUT=$(lab_exhaust "$DUT_V" "$DUT_IF" "$CYCLES" "$HOLD_MS" "$GAP_MS" "$WAIT_MS")
	ndone=0 rec_ok=0 drop_ok=0 ring_ok=0
	while read -r line; do
		[[ $line =~ ^cycle\ ([0-9]+)\ hold_ms\ ([0-9]+)\ hold_dropped\ ([0-9]+)\ hold_delivered\ ([0-9]+)\ ring_min\ ([0-9]+)\ recovered\ ([01])\ recovery_us\ ([0-9]+) ]] ||
			continue
		ndone=$((ndone + 1))
		[ "${BASH_REMATCH[3]}" -gt 0 ] && drop_ok=$((drop_ok + 1))
		[ "${BASH_REMATCH[5]}" = "$RING" ] && ring_ok=$((ring_ok + 1))
		if [ "${BASH_REMATCH[6]}" = 1 ]; then
			rec_ok=$((rec_ok + 1))
			us+=("${BASH_REMATCH[7]}")
		else
			lab_info "cycle ${BASH_REMATCH[1]}: no frame delivered within $WAIT_MS ms of the release"
		fi
		[ "${BASH_REMATCH[5]}" = "$RING" ] ||
			lab_info "cycle ${BASH_REMATCH[1]}: ring fell to ${BASH_REMATCH[5]}"
		[ "${BASH_REMATCH[3]}" -gt 0 ] ||
			lab_info "cycle ${BASH_REMATCH[1]}: no drop during the hold (${BASH_REMATCH[2]} ms)"
	done <<< "$OUT"
	# after the last release the stream flows on
	p0=$(lab_stat "$DUT_IF" rx_packets)
	busywait 2000 rx_moved $((p0 + 1000)) ||
		lab_fail "fewer than 1000 frames delivered in the 2 s after the last release"
	lab_pktgen --stop -i "$PEER_IF"
	lab_wait_stable 30000 500 lab_rx_sum "$DUT_IF" >/dev/null ||
		lab_fail "receiver counters still moving 30 s after the stream stopped"
	S1=$(lab_rx_sum "$DUT_IF")
	lab_fig cycles_done "$ndone"
	lab_fig cycles_recovered "$rec_ok"
	lab_fig cycles_exhausted "$drop_ok"
	lab_fig cycles_ring_full "$ring_ok"
	if [ ${#us[@]} -gt 0 ]; then
		stats=$(lab_stats_list "${us[@]}")
		lab_fig recovery_us "$stats"
	fi
	lab_fig poll_us_last "$(echo "$OUT" | tail -n 1 | awk '{ print $NF }')"
	lab_check_eq "cycles done" "$ndone" "$CYCLES"
	lab_check_eq "cycles with delivery resumed within $WAIT_MS ms" "$rec_ok" "$CYCLES"
	lab_check_eq "cycles that reached total exhaustion (drops in the hold)" "$drop_ok" "$CYCLES"
	lab_check_eq "cycles with the ring full" "$ring_ok" "$CYCLES"
	RUN_OK=1
}

test_accounted() {
	[ $RUN_OK = 1 ] || { lab_skip "cycles did not complete"; return; }
	lab_fig sent "$PG_SENT"
	lab_fig accounted $((S1 - S0))
	lab_fig drop_no_buffer_total "$(lab_ethtool_stat "$DUT_IF" rx_queue_0_drop_no_buffer)"
	lab_check_eq "sent == delivered + dropped + errors" $((S1 - S0)) "$PG_SENT"
}

test_after() {
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	lab_pages_check "$DUT_V" pages
	lab_check_eq "pages ring after" "$(lab_pages "$DUT_V" ring)" "$RING"
	lab_dmesg_check || lab_fail "kernel warnings"
}

lab_subtest setup test_setup
lab_subtest exhaustion_cycles test_cycles
lab_subtest accounted test_accounted
lab_subtest ledger_and_dmesg test_after
lab_finish
