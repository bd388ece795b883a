#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tx_path.sh: the TX path's queueing contract.  labyrinth on nic1 alone in
# a namespace (198.18.0.2/24) sends TCP (iperf3) to the peer on nic0
# (198.18.0.1/24, virtio_net):
#
#   bql           byte queue limits are fed: after the data its
#                 byte_queue_limits/limit has grown above 0 (only
#                 dql_completed() grows it: it stays 0 for a driver that
#                 never calls netdev_tx_completed_queue), and once idle
#                 inflight is back at 0: every byte sent was completed (the
#                 highest inflight sampled every 50 ms is a figure; on a
#                 slow kernel the device completes between samples)
#   header_pushed the virtio-net header goes in the skb's headroom: at least
#                 90% of the frames sent are one buffer (tx hdr_pushed), so
#                 no indirect table is allocated for them
#   tx_interrupts the TX callback is re-armed delayed: the TX virtqueue's
#                 interrupts per 1,000 frames sent (a figure), fewer
#                 interrupts than frames
#   tx_timeout    debugfs tx_stall makes the driver see no completion: the
#                 ring (or BQL's limit) fills with a UDP stream, the queue
#                 stops, the TX watchdog fires within
#                 3 x its period and calls ndo_tx_timeout (tx timeouts
#                 counter, one "no completion" line); after tx_stall 0 the
#                 watchdog's next run schedules the TX NAPI and traffic flows
#                 again without an ifdown (recovery time is a figure)
#   clean         no kernel warning apart from the watchdog's own report
#                 (6.12: one "NETDEV WATCHDOG" line; 6.1: its WARN_ONCE),
#                 and the RX page ledger balances
#
# LAB_TX_SECONDS per iperf3 run (default 3).  Labyrinth-only.

source "$(dirname "$(readlink -f "$0")")/lib.sh"

SECS=${LAB_TX_SECONDS:-3}
IP_PEER=198.18.0.1
IP_DUT=198.18.0.2
PORT=5300
WATCHDOG_S=5	# LAB_TX_TIMEOUT

lab_require_root
ktap_header
lab_banner
ktap_plan 6

SETUP_OK=0
NS_DUT=
IPERF_PID=
IPERF_OUT=$(mktemp /tmp/tx_path.XXXXXX)
TX_IRQ=
BQL=
D_PKTS=0
D_PUSHED=0
INFL_MAX=0

dstat() { lab_ethtool_stat "$DUT_IF" "tx_queue_0_$1" "$NS_DUT"; }
bql() { lab_ns_exec "$NS_DUT" cat "/sys/class/net/$DUT_IF/queues/tx-0/byte_queue_limits/$1"; }
stall() { echo "$1" > "$(lab_debugfs_dir "$DUT_V")/tx_stall"; }
# dstat_gt NAME VALUE: the counter is above VALUE
dstat_gt() { [ "$(dstat "$1")" -gt "$2" ]; }
bql_is() { [ "$(bql "$1")" = "$2" ]; }

# irq_count IRQ: the interrupt's count on all CPUs (/proc/interrupts)
irq_count() {
	awk -v i="$1:" '$1 == i { s = 0; for (c = 2; c <= NF && $c ~ /^[0-9]+$/; c++) s += $c; print s; exit }' \
		/proc/interrupts
}

# tx_irq_of VIRTIO: the MSI-X vector of the TX virtqueue, if it has one
tx_irq_of() {
	local irq name
	for irq in $(lab_irqs_of "$1"); do
		name=$(awk -v i="$irq:" '$1 == i { print $NF }' /proc/interrupts)
		case $name in *tx0*) echo "$irq"; return 0 ;; esac
	done
	return 1
}

test_setup() {
	[ "$LAB_DRIVER" = labyrinth ] ||
		{ lab_skip "labyrinth's counters and debugfs ($LAB_DRIVER)"; return; }
	command -v iperf3 >/dev/null || { lab_skip "needs iperf3"; return; }
	lab_setup_subtest dut || return
	[ -n "$PEER_IF" ] || { lab_skip "needs a peer NIC (LAB_PEER_IFACE)"; return; }
	[ -n "$DUT_V" ] || { lab_skip "$DUT_IF is not a virtio device"; return; }
	[ -w "$(lab_debugfs_dir "$DUT_V")/tx_stall" ] ||
		{ lab_fail "no debugfs tx_stall for $DUT_V"; return; }
	lab_pair_up_ns NS_DUT $IP_DUT $IP_PEER || return
	defer stall 0
	defer rm -f "$IPERF_OUT"
	lab_sysctl_for_test net.core.wmem_max 8388608 &&
		lab_sysctl_for_test net.core.rmem_max 8388608 ||
		lab_fail "cannot raise net.core.{w,r}mem_max"
	BQL=1
	[ -r "/sys/class/net/$PEER_IF/queues/tx-0/byte_queue_limits/limit" ] || BQL=0
	TX_IRQ=$(tx_irq_of "$DUT_V")
	lab_fig tx_irq "${TX_IRQ:-none (shared vector)}"
	lab_dmesg_mark
	[ $LAB_SUB_RC -eq 0 ] && SETUP_OK=1
}

port_listening() { ss -ltn | grep -q ":$1 "; }

# iperf_start SECONDS [IPERF3 OPTION...]: a one-off server here (the peer's
# side), the client in the DUT's namespace, in the background
iperf_start() {
	local secs=$1
	shift
	PORT=$((PORT + 1))
	iperf3 -s -1 -D -p $PORT || { lab_fail "iperf3 server did not start"; return 1; }
	busywait 5000 port_listening $PORT
	lab_ns_exec "$NS_DUT" iperf3 -c $IP_PEER -p $PORT -t "$secs" \
		--connect-timeout 5000 "$@" >"$IPERF_OUT" 2>&1 &
	IPERF_PID=$!
}

iperf_wait() {
	local rc
	[ -n "$IPERF_PID" ] || return 1
	wait "$IPERF_PID"
	rc=$?
	IPERF_PID=
	[ $rc = 0 ] || tail -n 3 "$IPERF_OUT" | sed 's/^/# iperf3: /'
	return $rc
}

test_bql() {
	local p0 s0 i0 limit infl end
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	[ $BQL = 1 ] || { lab_skip "kernel without CONFIG_BQL"; return; }
	p0=$(dstat packets) s0=$(dstat hdr_pushed)
	[ -n "$TX_IRQ" ] && i0=$(irq_count "$TX_IRQ")
	lab_fig limit_before "$(bql limit)"
	iperf_start "$SECS" || return
	end=$(( $(lab_now_ms) + SECS * 1000 + 2000 ))
	while kill -0 "$IPERF_PID" 2>/dev/null && [ "$(lab_now_ms)" -lt $end ]; do
		infl=$(bql inflight)
		[ "${infl:-0}" -gt $INFL_MAX ] && INFL_MAX=$infl
		sleep 0.05
	done
	iperf_wait || lab_fail "iperf3 from $DUT_IF failed"
	D_PKTS=$(( $(dstat packets) - p0 ))
	D_PUSHED=$(( $(dstat hdr_pushed) - s0 ))
	[ -n "$TX_IRQ" ] && D_IRQS=$(( $(irq_count "$TX_IRQ") - i0 ))
	busywait 2000 bql_is inflight 0
	limit=$(bql limit)
	infl=$(bql inflight)
	lab_fig frames_sent "$D_PKTS"
	lab_fig inflight_max_bytes "$INFL_MAX"
	lab_fig limit_bytes "$limit"
	lab_fig inflight_idle_bytes "$infl"
	[ "$D_PKTS" -gt 1000 ] || lab_fail "only $D_PKTS frames sent"
	[ "${limit:-0}" -gt 0 ] || lab_fail "byte_queue_limits limit still 0: BQL not fed"
	lab_check_eq "byte_queue_limits inflight once idle" "$infl" 0
}

test_pushed() {
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	[ "$D_PKTS" -gt 0 ] || { lab_skip "no frames from the bql subtest"; return; }
	lab_fig hdr_pushed "$D_PUSHED"
	lab_fig hdr_pushed_permille $(( D_PUSHED * 1000 / D_PKTS ))
	[ $(( D_PUSHED * 10 )) -ge $(( D_PKTS * 9 )) ] ||
		lab_fail "header pushed for $D_PUSHED of $D_PKTS frames (< 90%)"
}

test_irqs() {
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	[ -n "$TX_IRQ" ] || { lab_skip "the TX virtqueue has no vector of its own"; return; }
	[ "$D_PKTS" -gt 0 ] || { lab_skip "no frames from the bql subtest"; return; }
	lab_fig tx_interrupts "$D_IRQS"
	lab_fig tx_interrupts_per_1000_frames $(( D_IRQS * 1000 / D_PKTS ))
	[ "$D_IRQS" -lt "$D_PKTS" ] ||
		lab_fail "$D_IRQS TX interrupts for $D_PKTS frames"
}

# watchdog_lines: the kernel log since the mark without the watchdog's own
# report (6.12: a NETDEV WATCHDOG line; 6.1: a WARN_ONCE from dev_watchdog,
# from its WARNING line to its end-of-trace line)
watchdog_lines() {
	lab_dmesg_since | awk '
		/WARNING:.*(dev_watchdog|sch_generic)/ { skip = 1 }
		skip { if (/end trace/) skip = 0; next }
		/NETDEV WATCHDOG/ { next }
		{ print }'
}

test_timeout() {
	local t0 n0 st0 w0 p0 n1 t_fire t_back lines bad
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	n0=$(dstat timeouts) st0=$(dstat stops) w0=$(dstat wakes) p0=$(dstat packets)
	lab_dmesg_mark
	# the stream first: a stalled ring also holds TCP's (iperf3's control
	# connection's) frames, and TCP small queues then stop it.  Frames held
	# in the ring stay charged to the sending socket: a send buffer of
	# 4 MiB lets one socket fill the ring and BQL's limit.
	iperf_start $((WATCHDOG_S * 4)) -u -b 50M -l 1000 -w 4M || return
	busywait 5000 dstat_gt packets $((p0 + 1000)) >/dev/null ||
		lab_fail "the UDP stream did not start"
	p0=$(dstat packets)
	stall 1 || { lab_fail "cannot write tx_stall"; return; }
	t0=$(lab_now_ms)
	busywait $((WATCHDOG_S * 3000)) dstat_gt timeouts "$n0"
	t_fire=$(( $(lab_now_ms) - t0 ))
	n1=$(dstat timeouts)
	lab_fig sent_while_stalled $(( $(dstat packets) - p0 ))
	lab_fig bql_inflight_stalled "$(bql inflight)"
	lab_fig queue_tx_timeout "$(bql ../tx_timeout)"
	lab_fig stops "$(( $(dstat stops) - st0 ))"
	lab_fig timeouts "$((n1 - n0))"
	lab_fig watchdog_after_ms "$t_fire"
	[ "$n1" -gt "$n0" ] || lab_fail "no TX timeout within $((WATCHDOG_S * 3)) s of a stalled queue"
	p0=$(dstat packets)
	stall 0
	t0=$(lab_now_ms)
	busywait $((WATCHDOG_S * 3000)) dstat_gt packets $((p0 + 100)) >/dev/null ||
		lab_fail "nothing sent within $((WATCHDOG_S * 3)) s of tx_stall 0"
	t_back=$(( $(lab_now_ms) - t0 ))
	lab_fig wakes "$(( $(dstat wakes) - w0 ))"
	iperf_wait || lab_fail "the UDP stream's iperf3 failed"
	p0=$(dstat packets)
	lab_ping "$NS_DUT" $IP_PEER 5 0.2 || PING_RX=0
	lab_fig sending_again_after_ms "$t_back"
	lab_fig timeouts_in_all "$(( $(dstat timeouts) - n0 ))"
	lab_fig ping_after "${PING_RX:-0}/5"
	[ "${PING_RX:-0}" -ge 4 ] || lab_fail "ping after recovery: ${PING_RX:-0} of 5"
	[ "$(dstat packets)" -gt "$p0" ] || lab_fail "nothing sent after recovery"
	lines=$(lab_dmesg_since | grep -c "tx0: no completion for")
	lab_fig no_completion_lines "$lines"
	[ "$lines" -ge 1 ] || lab_fail "no 'tx0: no completion' line in the kernel log"
	bad=$(watchdog_lines | grep -E "$LAB_DMESG_PATTERN")
	[ -z "$bad" ] || { echo "$bad" | sed 's/^/# dmesg: /'; lab_fail "kernel warnings besides the watchdog's"; }
	lab_dmesg_mark
}

test_clean() {
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	lab_dmesg_check || lab_fail "kernel warnings"
	lab_pages_check "$DUT_V" || lab_fail "page ledger"
}

lab_subtest setup test_setup
lab_subtest bql test_bql
lab_subtest header_pushed test_pushed
lab_subtest tx_interrupts test_irqs
lab_subtest tx_timeout test_timeout
lab_subtest clean test_clean
lab_finish
