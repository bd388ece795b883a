#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ping.sh: both NICs on the driver under test, each in its own network
# namespace (198.18.0.1/24 and 198.18.0.2/24); ping each way without loss
# and check that the packet counters moved on both sides.

source "$(dirname "$(readlink -f "$0")")/lib.sh"

PING_COUNT=${LAB_PING_COUNT:-20}
PING_INTERVAL=${LAB_PING_INTERVAL:-0.05}
IP_PEER=198.18.0.1
IP_DUT=198.18.0.2

lab_require_root
ktap_header
lab_banner
ktap_plan 4

SETUP_OK=0
NS_PEER=
NS_DUT=
declare -A BASE

snap() {
	local side ifc ns c
	for side in PEER DUT; do
		if [ $side = PEER ]; then ifc=$PEER_IF ns=$NS_PEER; else ifc=$DUT_IF ns=$NS_DUT; fi
		for c in rx_packets tx_packets rx_dropped rx_errors tx_errors; do
			BASE[$side.$c]=$(lab_stat "$ifc" $c "$ns")
		done
	done
}

test_setup() {
	lab_setup_subtest both || return
	if [ -z "$PEER_IF" ]; then
		lab_skip "needs a peer NIC (LAB_PEER_IFACE)"
		return
	fi
	lab_fig peer "$PEER_IF ($(lab_driver_of "${PEER_V:-none}"))"
	lab_fig dut "$DUT_IF ($(lab_driver_of "${DUT_V:-none}"))"
	if [ "$(lab_mode)" = rig ]; then
		lab_check_eq "peer driver" "$(lab_driver_of "$PEER_V")" "$LAB_DRIVER"
		lab_check_eq "dut driver" "$(lab_driver_of "$DUT_V")" "$LAB_DRIVER"
	fi
	setup_ns NS_PEER NS_DUT || { lab_fail "cannot create namespaces"; return; }
	lab_move_to_ns "$PEER_IF" "$NS_PEER" || { lab_fail "move $PEER_IF to $NS_PEER"; return; }
	lab_move_to_ns "$DUT_IF" "$NS_DUT" || { lab_fail "move $DUT_IF to $NS_DUT"; return; }
	ip -n "$NS_PEER" addr add $IP_PEER/24 dev "$PEER_IF" || lab_fail "address on $PEER_IF"
	ip -n "$NS_DUT" addr add $IP_DUT/24 dev "$DUT_IF" || lab_fail "address on $DUT_IF"
	lab_link_up "$PEER_IF" "$NS_PEER" || lab_fail "$PEER_IF up"
	lab_link_up "$DUT_IF" "$NS_DUT" || lab_fail "$DUT_IF up"
	busywait 5000 lab_ns_exec "$NS_DUT" grep -qx 1 "/sys/class/net/$DUT_IF/carrier" ||
		lab_fail "no carrier on $DUT_IF"
	busywait 5000 lab_ns_exec "$NS_PEER" grep -qx 1 "/sys/class/net/$PEER_IF/carrier" ||
		lab_fail "no carrier on $PEER_IF"
	[ $LAB_SUB_RC -eq 0 ] || return
	snap
	SETUP_OK=1
}

do_ping() {
	local from_ns=$1 dst=$2 tag=$3
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	lab_ping "$from_ns" "$dst" "$PING_COUNT" "$PING_INTERVAL" ||
		{ lab_fail "ping did not run"; return; }
	lab_fig "${tag}_transmitted" "$PING_TX"
	lab_fig "${tag}_received" "$PING_RX"
	lab_fig "${tag}_loss_percent" "$PING_LOSS"
	lab_fig "${tag}_rtt_avg_ms" "${PING_AVG:-n/a}"
	lab_check_eq "$tag transmitted" "$PING_TX" "$PING_COUNT"
	lab_check_eq "$tag received" "$PING_RX" "$PING_COUNT"
	lab_check_eq "$tag loss" "$PING_LOSS" 0
}

test_peer_to_dut() { do_ping "$NS_PEER" $IP_DUT peer_to_dut; }
test_dut_to_peer() { do_ping "$NS_DUT" $IP_PEER dut_to_peer; }

test_counters() {
	local side ifc ns c d want=$((2 * PING_COUNT))
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	for side in PEER DUT; do
		if [ $side = PEER ]; then ifc=$PEER_IF ns=$NS_PEER; else ifc=$DUT_IF ns=$NS_DUT; fi
		for c in rx_packets tx_packets rx_dropped rx_errors tx_errors; do
			d=$(( $(lab_stat "$ifc" $c "$ns") - BASE[$side.$c] ))
			lab_fig "${side,,}_${c}_delta" "$d"
			case $c in
			rx_packets|tx_packets)
				# each side sent PING_COUNT requests and PING_COUNT replies
				[ "$d" -ge $want ] ||
					lab_fail "$side $ifc $c moved by $d, want >= $want" ;;
			*)
				lab_check_eq "$side $ifc $c delta" "$d" 0 ;;
			esac
		done
	done
}

lab_subtest setup_namespaces test_setup
lab_subtest ping_peer_to_dut test_peer_to_dut
lab_subtest ping_dut_to_peer test_dut_to_peer
lab_subtest counters_moved test_counters
lab_finish
