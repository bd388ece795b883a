#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# netconsole.sh: netpoll on the NIC under test while it receives a blast
# and transmits one.  netconsole sends kernel messages through netpoll,
# which, when the TX queue is stopped or busy, calls every scheduled NAPI
# poll of the device with budget 0 and IRQs off (netpoll_poll_dev()).
# napi.rst allows no RX work and no page_pool call then.
#
# The NIC under test keeps no address (netconsole names its own source,
# 198.18.0.2); the peer (198.18.0.1/24, init namespace) runs a UDP receiver
# on port 6666 and blasts the NIC under test with pktgen, while a second
# pktgen thread fills the NIC's TX queue towards the peer, so that netpoll
# finds it stopped and polls.  LAB_NC_MESSAGES (default 300) messages go
# to /dev/kmsg at KERN_WARNING (netconsole sends what the consoles print:
# below console_loglevel).  Asserted:
#   - budget-0 polls happened (rx_queue_0_netpoll_polls rose) and the
#     peer received netconsole datagrams;
#   - every frame the peer sent (its tx_packets) is delivered or counted
#     by the NIC under test (stream link);
#   - the ledger balances, and afterwards a paced stream is delivered whole;
#   - no kernel warning (on the debug kernel: lockdep, sleep-in-atomic).
# The kernel's own drivers/net/netcons_basic.sh tests netconsole on
# netdevsim, not on a driver it is given; this test takes its configfs
# steps.  Labyrinth-only counters; netconsole and configfs from modules.

source "$(dirname "$(readlink -f "$0")")/lib.sh"

MESSAGES=${LAB_NC_MESSAGES:-300}
IP_PEER=198.18.0.1
IP_DUT=198.18.0.2
PORT=6666
NC_DIR=/sys/kernel/config/netconsole
TARGET=labnc$$

lab_require_root
ktap_header
lab_banner
ktap_plan 3

SETUP_OK=0
SINK=
S0=
SENT=0
T0=

eth() { lab_ethtool_stat "$DUT_IF" "$1"; }

netconsole_up() {
	modprobe configfs 2>/dev/null
	[ -d /sys/kernel/config ] || return 1
	mountpoint -q /sys/kernel/config ||
		mount -t configfs configfs /sys/kernel/config || return 1
	modprobe netconsole 2>/dev/null || return 1
	[ -d "$NC_DIR" ]
}

test_setup() {
	if [ "$LAB_DRIVER" != labyrinth ]; then
		lab_skip "netpoll_polls is a labyrinth counter ($LAB_DRIVER)"
		return
	fi
	lab_need_python || { lab_skip "python3 not found (the UDP receiver needs it)"; return; }
	lab_setup_subtest dut || return
	[ -n "$PEER_IF" ] || { lab_skip "needs a peer NIC (LAB_PEER_IFACE)"; return; }
	netconsole_up || { lab_skip "no netconsole with configfs targets in this kernel"; return; }
	lab_pair_up
	ip addr add $IP_PEER/24 dev "$PEER_IF" || lab_fail "address on $PEER_IF"
	defer ip addr del $IP_PEER/24 dev "$PEER_IF"
	lab_sysctl_for_test "net.ipv4.conf.$PEER_IF.rp_filter" 0
	lab_sysctl_for_test net.ipv4.conf.all.rp_filter 0
	SINK=$(lab_udp_sink "" $PORT 4194304) || { lab_fail "UDP receiver did not start"; return; }
	defer kill -KILL "$SINK"
	mkdir "$NC_DIR/$TARGET" || { lab_fail "cannot make netconsole target"; return; }
	defer rmdir "$NC_DIR/$TARGET"
	echo "$DUT_IF" > "$NC_DIR/$TARGET/dev_name" &&
		echo $IP_DUT > "$NC_DIR/$TARGET/local_ip" &&
		echo $IP_PEER > "$NC_DIR/$TARGET/remote_ip" &&
		echo "$PEER_MAC" > "$NC_DIR/$TARGET/remote_mac" &&
		echo $PORT > "$NC_DIR/$TARGET/remote_port" &&
		echo 1 > "$NC_DIR/$TARGET/enabled" ||
		{ lab_fail "cannot configure netconsole on $DUT_IF"; return; }
	defer sh -c "echo 0 > $NC_DIR/$TARGET/enabled"
	defer "$LAB_PKTGEN" -q --stop -i "$PEER_IF"
	defer "$LAB_PKTGEN" -q --stop -i "$DUT_IF"
	lab_dmesg_mark
	S0=$(lab_rx_sum "$DUT_IF")
	T0=$(lab_stat "$PEER_IF" tx_packets)
	[ $LAB_SUB_RC -eq 0 ] && SETUP_OK=1
}

# the other CPU than the RX blast's, when there are two
tx_cpu_opt() {
	[ "$(nproc)" -gt 1 ] && [ -n "${LAB_PG_CPU:-}" ] &&
		echo "-T $(( LAB_PG_CPU == 0 ? 1 : 0 ))"
}

test_netpoll_under_blast() {
	local np0 np1 in0 in1 i sent_tx
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	np0=$(eth rx_queue_0_netpoll_polls)
	in0=$(lab_udp_snmp InDatagrams)
	# both blasts in one pktgen start (tools/pktgen.sh --add): a second
	# start would restart the first and leak its skb
	"$LAB_PKTGEN" -q --add $(lab_pg_cpu_opt) -i "$PEER_IF" -m "$DUT_MAC" \
		-d $IP_DUT -s "$LAB_PAGE_FRAME_SIZE" -n 0 -b 32 >/dev/null ||
		{ lab_fail "pktgen to $DUT_IF not configured"; return; }
	# shellcheck disable=SC2046
	# to a MAC no NIC accepts: QEMU drops it, nothing comes back
	"$LAB_PKTGEN" -q --start $(tx_cpu_opt) -i "$DUT_IF" -m 02:00:00:00:00:09 \
		-d 198.18.0.9 -s 60 -n 0 -b 32 >/dev/null ||
		{ lab_fail "pktgen did not start"; return; }
	"$LAB_PKTGEN" -q --start -i "$PEER_IF" -m "$DUT_MAC" -n 1 >/dev/null 2>&1 &&
		lab_fail "pktgen.sh --start accepted while pktgen runs"
	for ((i = 1; i <= MESSAGES; i++)); do
		echo "<4>labyrinth netconsole.sh message $i of $MESSAGES" > /dev/kmsg
	done
	lab_pktgen --stop -i "$DUT_IF"
	sent_tx=$PG_SENT
	lab_pktgen --stop -i "$PEER_IF"
	[[ $PG_SENT =~ ^[0-9]+$ ]] && SENT=$((SENT + PG_SENT))
	lab_wait_stable 10000 300 lab_udp_snmp InDatagrams >/dev/null
	np1=$(eth rx_queue_0_netpoll_polls)
	in1=$(lab_udp_snmp InDatagrams)
	lab_fig messages "$MESSAGES"
	lab_fig rx_blast_sent "$PG_SENT"
	lab_fig tx_blast_sent "$sent_tx"
	lab_fig netpoll_polls $((np1 - np0))
	lab_fig datagrams_received $((in1 - in0))
	lab_fig tx_stops "$(eth tx_queue_0_stops)"
	[ $((np1 - np0)) -gt 0 ] ||
		lab_fail "no budget-0 poll: netpoll never polled $DUT_IF (TX queue never stopped?)"
	[ $((in1 - in0)) -gt 0 ] || lab_fail "the peer received no netconsole datagram"
}

test_after() {
	local s1 p0
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	echo 0 > "$NC_DIR/$TARGET/enabled"
	lab_wait_stable 30000 300 lab_rx_sum "$DUT_IF" >/dev/null ||
		lab_fail "receiver counters still moving"
	p0=$(lab_stat "$DUT_IF" rx_packets)
	lab_pktgen $(lab_pg_cpu_opt) -i "$PEER_IF" -m "$DUT_MAC" -d $IP_DUT \
		-s "$LAB_PAGE_FRAME_SIZE" -n 2000 -b 1 -w 200000 || lab_fail "paced pktgen failed"
	[[ $PG_SENT =~ ^[0-9]+$ ]] && SENT=$((SENT + PG_SENT))
	lab_wait_stable 10000 300 lab_rx_sum "$DUT_IF" >/dev/null
	lab_fig paced_delivered $(( $(lab_stat "$DUT_IF" rx_packets) - p0 ))
	lab_check_eq "paced stream delivered whole" \
		$(( $(lab_stat "$DUT_IF" rx_packets) - p0 )) "$PG_SENT"
	# what the peer sent is its tx_packets (on the stream link every frame
	# it sends reaches the NIC under test, pktgen's and its stack's)
	s1=$(lab_rx_sum "$DUT_IF")
	lab_fig pktgen_sent "$SENT"
	lab_fig peer_tx_packets $(( $(lab_stat "$PEER_IF" tx_packets) - T0 ))
	lab_fig accounted $((s1 - S0))
	lab_check_eq "sent (peer tx_packets) == delivered + dropped + errors" \
		$((s1 - S0)) $(( $(lab_stat "$PEER_IF" tx_packets) - T0 ))
	lab_pages_check "$DUT_V" pages
	lab_dmesg_check || lab_fail "kernel warnings"
}

lab_subtest setup test_setup
lab_subtest netpoll_under_blast test_netpoll_under_blast
lab_subtest accounted_and_clean test_after
lab_finish
