#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# exhaustion_recovery.sh: a stream runs into the NIC under test; every
# fresh-page request fails (fail_rx_alloc/probability 100) for 2 s, then
# none (0).  The queue must get through it on its own (no ifdown, no
# worker): frames drop as drop_no_buffer during the window, the ring stays
# full (pages "ring" == ethtool -g RX size, sampled every ms), and the first
# frame is delivered within LAB_RECOVERY_MAX_MS (default 50) of writing 0.
#
# Recovery is timed by lab_exhaust (lib.sh): one python3 process writes 0
# to the probability file and then reads
# /sys/class/net/<if>/statistics/rx_packets in a busy loop until it moves;
# recovery = time from just before the write to that read.  Resolution: one
# sysfs read (printed as poll_us, ~0.3 ms in the TCG guest) plus at most one
# NAPI poll, since the driver adds its counters once per poll.  The loop runs
# on a CPU other than the one taking the RX interrupt and pktgen.
#
# Afterwards the stream is stopped and every frame accounted for
# (sent == delivered + dropped), and the page ledger must balance.
#
# LAB_EXHAUST_HOLD_MS (default 2000), LAB_RECOVERY_MAX_MS (default 50).

source "$(dirname "$(readlink -f "$0")")/lib.sh"

HOLD_MS=${LAB_EXHAUST_HOLD_MS:-2000}
MAX_MS=${LAB_RECOVERY_MAX_MS:-50}

lab_require_root
ktap_header
lab_banner
ktap_plan 5

SETUP_OK=0
RUN_OK=0
RING=
declare -A B A
NAMES="drop_no_buffer drop_budget alloc_fail reserve_used"

test_setup() {
	lab_fault_stream_setup || return
	lab_fig rx_and_pktgen_cpu "${LAB_PG_CPU:-any}"
	lab_fig poll_cpu "${LAB_POLL_CPU:-any}"
	lab_check_eq "pages ring == ring size before" "$(lab_pages "$DUT_V" ring)" "$RING"
	defer "$LAB_PKTGEN" -q --stop -i "$PEER_IF"
	[ $LAB_SUB_RC -eq 0 ] && SETUP_OK=1
}

snap() {
	local -n arr=$1
	local n
	for n in $NAMES; do
		arr[$n]=$(lab_ethtool_stat "$DUT_IF" "rx_queue_0_$n")
	done
	arr[sum]=$(lab_rx_sum "$DUT_IF")
	arr[rx_packets]=$(lab_stat "$DUT_IF" rx_packets)
}

rx_moved() { [ "$(lab_stat "$DUT_IF" rx_packets)" -gt "$1" ]; }

OUT=
test_exhaust() {
	local p0 line
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	lab_dmesg_mark
	lab_wait_stable 5000 300 lab_rx_sum "$DUT_IF" >/dev/null
	snap B
	"$LAB_PKTGEN" -q --start $(lab_pg_cpu_opt) -i "$PEER_IF" -m "$DUT_MAC" -s "$LAB_PAGE_FRAME_SIZE" -n 0 -b 32 ||
		{ lab_fail "pktgen --start failed"; return; }
	p0=$(lab_stat "$DUT_IF" rx_packets)
	busywait 5000 rx_moved $((p0 + 1000)) ||
		{ lab_fail "stream not reaching $DUT_IF"; return; }
	lab_fig hold_ms_requested "$HOLD_MS"
	OUT=$(lab_exhaust "$DUT_V" "$DUT_IF" 1 "$HOLD_MS" 0 5000)
	echo "$OUT" | sed 's/^/# exhaust: /'
	# the stream goes on after the release: delivered frames keep coming
	p0=$(lab_stat "$DUT_IF" rx_packets)
	busywait 2000 rx_moved $((p0 + 1000)) ||
		lab_fail "fewer than 1000 frames delivered in the 2 s after the release"
	lab_pktgen --stop -i "$PEER_IF"
	lab_wait_stable 30000 500 lab_rx_sum "$DUT_IF" >/dev/null ||
		lab_fail "receiver counters still moving 30 s after the stream stopped"
	snap A
	[[ $OUT =~ recovered ]] || { lab_fail "lab_exhaust gave no result"; return; }
	RUN_OK=1
}

fig_of() { echo "$OUT" | awk -v k="$1" '{ for (i = 1; i < NF; i++) if ($i == k) { print $(i + 1); exit } }'; }

test_recovery() {
	local us ms rec
	[ $RUN_OK = 1 ] || { lab_skip "exhaustion run did not complete"; return; }
	rec=$(fig_of recovered)
	us=$(fig_of recovery_us)
	ms=$(awk -v u="$us" 'BEGIN { printf "%.3f", u / 1000 }')
	lab_fig recovery_ms "$ms"
	lab_fig poll_resolution_us "$(fig_of poll_us)"
	lab_fig recovery_max_ms "$MAX_MS"
	lab_check_eq "traffic resumed by itself" "$rec" 1
	[ "$us" -le $((MAX_MS * 1000)) ] || lab_fail "recovery took $ms ms > $MAX_MS ms"
}

test_window() {
	local dnb ring_min
	[ $RUN_OK = 1 ] || { lab_skip "exhaustion run did not complete"; return; }
	dnb=$(( A[drop_no_buffer] - B[drop_no_buffer] ))
	ring_min=$(fig_of ring_min)
	lab_fig hold_ms "$(fig_of hold_ms)"
	lab_fig hold_dropped "$(fig_of hold_dropped)"
	lab_fig hold_delivered "$(fig_of hold_delivered)"
	lab_fig drop_no_buffer_delta "$dnb"
	lab_fig drop_budget_delta $(( A[drop_budget] - B[drop_budget] ))
	lab_fig alloc_fail_delta $(( A[alloc_fail] - B[alloc_fail] ))
	lab_fig reserve_used_delta $(( A[reserve_used] - B[reserve_used] ))
	lab_fig ring_min_during "$ring_min"
	[ "$(fig_of hold_dropped)" -gt 0 ] || lab_fail "no frame dropped during the window"
	[ "$dnb" -gt 0 ] || lab_fail "drop_no_buffer did not rise"
	lab_check_eq "ring stayed full (min pages ring during the window)" "$ring_min" "$RING"
}

test_after() {
	local sum
	[ $RUN_OK = 1 ] || { lab_skip "exhaustion run did not complete"; return; }
	sum=$(( A[sum] - B[sum] ))
	lab_fig sent "$PG_SENT"
	lab_fig delivered $(( A[rx_packets] - B[rx_packets] ))
	lab_fig accounted "$sum"
	lab_check_eq "sent == delivered + dropped + errors" "$sum" "$PG_SENT"
	lab_check_eq "pages ring after" "$(lab_pages "$DUT_V" ring)" "$RING"
	lab_pages_check "$DUT_V" pages
	lab_dmesg_check || lab_fail "kernel warnings"
}

lab_subtest setup test_setup
lab_subtest exhaust_and_release test_exhaust
lab_subtest recovery_time test_recovery
lab_subtest dropped_ring_full test_window
lab_subtest accounted_after test_after
lab_finish
