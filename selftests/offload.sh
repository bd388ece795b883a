#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# offload.sh: checksum offload (VIRTIO_NET_F_CSUM for TX, VIRTIO_NET_F_GUEST_CSUM
# for RX) and segmentation offload (VIRTIO_NET_F_HOST_TSO4/TSO6/ECN for TX,
# VIRTIO_NET_F_GUEST_TSO4/TSO6/ECN for RX: frames of up to 64 KiB).
# labyrinth on nic1, virtio_net on nic0, each in its own network
# namespace (198.18.0.2/24 and 198.18.0.1/24):
#
#   features          labyrinth negotiates what the device offers (the bits
#                     virtio_net negotiated on the twin NIC), and ethtool -k
#                     shows rx/tx-checksumming and tcp-segmentation-offload
#                     on, or off [fixed] without
#   offload_on        iperf3 TCP and UDP both ways: data delivered, no
#                     InCsumErrors (Tcp, Udp; both namespaces); with the
#                     offload, frames really went out with NEEDS_CSUM
#                     (tx needs_csum) and came in with it (rx needs_csum),
#                     and with TSO TCP went out as GSO frames the device
#                     cut (tx tso_packets, tso_segs more than tso_packets)
#                     and came in as large frames (rx gso_packets, more
#                     bytes per frame than the MTU)
#   tso_toggle        ethtool -K tso off gso off: the same traffic, no GSO
#                     frame to the device; tso on again; then TCP from the
#                     NIC while tso goes off and on every 0.3 s: data
#                     intact, no InCsumErrors, GSO frames again
#   gro_hw_toggle     ethtool -K rx-gro-hw off (CTRL_GUEST_OFFLOADS): TCP to
#                     labyrinth in MTU-sized frames only, also after ifdown
#                     and ifup (the device is told again); on: large frames
#                     again; TCP while it flips every 0.3 s: data intact,
#                     no InCsumErrors or gso_errors
#   offload_off       ethtool -K rx off tx off: the same traffic; nothing
#                     goes out partial, partial frames that still come in are
#                     checksummed by the driver and verified by the stack;
#                     then on again
#   hostile_csum      debugfs hostile/mode 16 makes 5% of frames claim
#                     NEEDS_CSUM with offsets beyond the frame: each is one
#                     counted length error and nothing else; without
#                     GUEST_CSUM the flags are ignored, so none is
#   hostile_gso       hostile/mode 32: 5% of frames carry a GSO header no
#                     frame may carry (gso_size 0 or beyond the frame,
#                     hdr_len beyond it, unknown type, ECN on UDP, a type
#                     not negotiated): each one counted gso_errors
#                     (rx_frame_errors), never handed up
#   gso_injection     TCP to labyrinth in large frames at 10% and 50%
#                     injected RX allocation failure: frames delivered
#                     whole or dropped whole and counted (no checksum or
#                     length error, the ledger balanced), then TCP at full
#                     speed again by itself once injection stops
#   labyrinth_pair    labyrinth on both NICs, the sender offloading and the
#                     receiver with rx-checksumming off: the receiver
#                     finishes each checksum from the sender's csum_start and
#                     csum_offset and the stack verifies it, so a wrong
#                     offset in labyrinth's TX header shows as InCsumErrors
#
# Only a link with virtio-net headers (tools/lab-vm --link tap) gets the
# offloads offered: QEMU 7.2 clears them for its socket and hub backends,
# and then the tests that need them skip, saying so.  tools/run-tests runs
# this test in a boot of its own with --link tap, and in the default one.
#
# LAB_OFFLOAD_SECONDS per iperf3 run (default 2).  Labyrinth-only.

source "$(dirname "$(readlink -f "$0")")/lib.sh"

SECS=${LAB_OFFLOAD_SECONDS:-2}
UDP_RATE=20M
UDP_LEN=1400
PORT=5200	# each iperf3 run takes the next: a one-off server may linger
IP_PEER=198.18.0.1
IP_DUT=198.18.0.2
PROB=5

lab_require_root
ktap_header
lab_banner
ktap_plan 10

SETUP_OK=0
NS_PEER=
NS_DUT=
OFFERED=0	# the device offers CSUM and GUEST_CSUM
TSO_OFFERED=0	# it also offers HOST_TSO4 and HOST_TSO6
GTSO_OFFERED=0	# it also offers GUEST_TSO4 and GUEST_TSO6 (and MRG_RXBUF)
TSO=$'\ttx-tcp-segmentation'

# vbit VIRTIO N: feature bit N the driver of VIRTIO negotiated (sysfs)
vbit() { cut -c $(($2 + 1)) "/sys/bus/virtio/devices/$1/features"; }

# kflag IFACE NS NAME: one ethtool -k line's value ("on", "off [fixed]")
kflag() {
	lab_ns_exec "$2" ethtool -k "$1" 2>/dev/null |
		awk -v n="$3" -F': ' '$1 == n { print $2; exit }'
}

# snmp NS PROTO NAME [FILE]: a /proc/net/snmp (or FILE) counter in NS
snmp() {
	lab_ns_exec "$1" cat "${4:-/proc/net/snmp}" | awk -v p="$2:" -v n="$3" '
		$1 == p && !h { for (i = 2; i <= NF; i++) col[$i] = i; h = 1; next }
		$1 == p && h { print $col[n]; exit }'
}

# csum_errors: InCsumErrors of Tcp and Udp in both namespaces, added up
csum_errors() {
	local ns p sum=0 v
	for ns in "$NS_PEER" "$NS_DUT"; do
		for p in Tcp Udp; do
			v=$(snmp "$ns" $p InCsumErrors)
			sum=$((sum + ${v:-0}))
		done
	done
	echo "$sum"
}

GENERIC=$'\ttx-checksum-ip-generic'

dstat() { lab_ethtool_stat "$DUT_IF" "$1" "$NS_DUT"; }

lab_quiet() { "$@" >/dev/null 2>&1; }

# iperf_json NAME [IPERF3 OPTION...]: one iperf3 run on a new one-off
# server; sets JSON (the client's report)
iperf_json() {
	local name=$1
	shift
	PORT=$((PORT + 1))
	ip netns exec "$NS_DUT" iperf3 -s -1 -D -p $PORT ||
		{ lab_fail "$name: iperf3 server did not start"; return 1; }
	# the daemon may take a moment to listen (a cold start over 9p)
	for _ in $(seq 50); do
		JSON=$(ip netns exec "$NS_PEER" iperf3 -c $IP_DUT -p $PORT -t "$SECS" \
			--connect-timeout 10000 -J "$@" 2>&1)
		echo "$JSON" | grep -q '"error"' || break
		echo "$JSON" | grep -q 'Connection refused' || break
		lab_sleep 0.2
	done
}

# iperf NAME [IPERF3 OPTION...]: iperf3 server in the DUT's namespace, the
# client in the peer's (-R: the DUT sends); prints and sets IP_BYTES
# (received), IP_MBPS, IP_LOST (UDP datagrams lost).  iperf3 opens a UDP
# stream with one unacknowledged datagram each way and gives up when it is
# lost, as it is when hostile mode drops it: that setup error, and only
# it, is retried (at most 3 runs; the retries are a figure).
iperf() {
	local name=$1 out try
	shift
	IP_BYTES=0 IP_MBPS=0 IP_LOST=0
	for try in 1 2 3; do
		iperf_json "$name" "$@" || return 1
		echo "$JSON" | grep -q '"error".*unable to read from stream socket' || break
	done
	[ "$try" -gt 1 ] && lab_fig "${name}_udp_setup_retries" $((try - 1))
	out=$(echo "$JSON" | python3 -S -E -c '
import json, sys
d = json.load(sys.stdin)
if "error" in d:
    print("error", d["error"].replace(" ", "_"))
    sys.exit()
e = d["end"]
s = e.get("sum", {})
if "lost_packets" in s:
    got = (s["packets"] - s["lost_packets"]) * int(sys.argv[1])
    print("bytes", got, "mbps", int(s["bits_per_second"] / 1e6), "lost", s["lost_packets"])
else:
    s = e["sum_received"]
    print("bytes", s["bytes"], "mbps", int(s["bits_per_second"] / 1e6), "lost", 0)
' $UDP_LEN 2>&1)
	case $out in
	bytes*) read -r _ IP_BYTES _ IP_MBPS _ IP_LOST <<< "$out" ;;
	*) lab_fail "$name: iperf3: $(echo "$out" | tail -1)"; return 1 ;;
	esac
	lab_fig "${name}_bytes" "$IP_BYTES"
	lab_fig "${name}_mbit_s" "$IP_MBPS"
	[ "$IP_LOST" -gt 0 ] && lab_fig "${name}_udp_lost" "$IP_LOST"
	[ "$IP_BYTES" -gt 0 ] || { lab_fail "$name: nothing delivered"; return 1; }
}

# traffic TAG: TCP and UDP, each way; sets D_TX_CSUM D_RX_CSUM D_RX_VALID
# D_ERRS D_LEN D_TSO D_TSO_SEGS D_RX_GSO D_RX_GSO_BYTES (deltas of
# labyrinth's counters and of InCsumErrors)
traffic() {
	local tag=$1 t0 r0 v0 e0 l0 g0 s0 rg0 rb0 ge0 lost=0
	t0=$(dstat tx_queue_0_needs_csum) r0=$(dstat rx_queue_0_needs_csum)
	g0=$(dstat tx_queue_0_tso_packets) s0=$(dstat tx_queue_0_tso_segs)
	rg0=$(dstat rx_queue_0_gso_packets) rb0=$(dstat rx_queue_0_gso_bytes)
	ge0=$(dstat rx_queue_0_gso_errors)
	v0=$(dstat rx_queue_0_data_valid) l0=$(lab_stat "$DUT_IF" rx_length_errors "$NS_DUT")
	e0=$(csum_errors)
	iperf "${tag}_tcp_to_dut"
	iperf "${tag}_tcp_from_dut" -R
	iperf "${tag}_udp_to_dut" -u -b $UDP_RATE -l $UDP_LEN
	lost=$((lost + IP_LOST))
	iperf "${tag}_udp_from_dut" -u -b $UDP_RATE -l $UDP_LEN -R
	lost=$((lost + IP_LOST))
	D_TX_CSUM=$(( $(dstat tx_queue_0_needs_csum) - t0 ))
	D_RX_CSUM=$(( $(dstat rx_queue_0_needs_csum) - r0 ))
	D_RX_VALID=$(( $(dstat rx_queue_0_data_valid) - v0 ))
	D_LEN=$(( $(lab_stat "$DUT_IF" rx_length_errors "$NS_DUT") - l0 ))
	D_ERRS=$(( $(csum_errors) - e0 ))
	D_TSO=$(( $(dstat tx_queue_0_tso_packets) - g0 ))
	D_TSO_SEGS=$(( $(dstat tx_queue_0_tso_segs) - s0 ))
	D_RX_GSO=$(( $(dstat rx_queue_0_gso_packets) - rg0 ))
	D_RX_GSO_BYTES=$(( $(dstat rx_queue_0_gso_bytes) - rb0 ))
	lab_fig "${tag}_tx_needs_csum" "$D_TX_CSUM"
	lab_fig "${tag}_tx_tso_packets" "$D_TSO"
	lab_fig "${tag}_tx_tso_segs" "$D_TSO_SEGS"
	lab_fig "${tag}_rx_needs_csum" "$D_RX_CSUM"
	lab_fig "${tag}_rx_data_valid" "$D_RX_VALID"
	lab_fig "${tag}_rx_gso_packets" "$D_RX_GSO"
	[ "$D_RX_GSO" -gt 0 ] &&
		lab_fig "${tag}_rx_gso_bytes_per_frame" $((D_RX_GSO_BYTES / D_RX_GSO))
	lab_check_eq "$tag: rx gso_errors" $(( $(dstat rx_queue_0_gso_errors) - ge0 )) 0
	lab_fig "${tag}_in_csum_errors" "$D_ERRS"
	lab_check_eq "$tag: InCsumErrors (Tcp + Udp, both sides)" "$D_ERRS" 0
	lab_check_eq "$tag: rx_length_errors" "$D_LEN" 0
}

# pair_up: both NICs in their namespaces, addressed, up, with carrier
pair_up() {
	lab_move_to_ns "$PEER_IF" "$NS_PEER" || { lab_fail "move $PEER_IF"; return 1; }
	lab_move_to_ns "$DUT_IF" "$NS_DUT" || { lab_fail "move $DUT_IF"; return 1; }
	ip -n "$NS_PEER" addr add $IP_PEER/24 dev "$PEER_IF" || lab_fail "address on $PEER_IF"
	ip -n "$NS_DUT" addr add $IP_DUT/24 dev "$DUT_IF" || lab_fail "address on $DUT_IF"
	lab_link_up "$PEER_IF" "$NS_PEER" || lab_fail "$PEER_IF up"
	lab_link_up "$DUT_IF" "$NS_DUT" || lab_fail "$DUT_IF up"
	busywait 5000 lab_ns_exec "$NS_DUT" grep -qx 1 "/sys/class/net/$DUT_IF/carrier" >/dev/null ||
		lab_fail "no carrier on $DUT_IF"
	busywait 5000 lab_ns_exec "$NS_PEER" grep -qx 1 "/sys/class/net/$PEER_IF/carrier" >/dev/null ||
		lab_fail "no carrier on $PEER_IF"
	lab_ping "$NS_PEER" $IP_DUT 3 0.2 || PING_RX=0
	[ "$PING_RX" = 3 ] || lab_fail "ping $IP_DUT: ${PING_RX:-0} of 3 replies"
}

test_setup() {
	[ "$LAB_DRIVER" = labyrinth ] ||
		{ lab_skip "labyrinth's counters and debugfs ($LAB_DRIVER)"; return; }
	lab_setup_subtest dut || return
	[ -n "$PEER_IF" ] || { lab_skip "needs a peer NIC (LAB_PEER_IFACE)"; return; }
	command -v iperf3 >/dev/null || { lab_skip "needs iperf3"; return; }
	lab_fig link "${LAB_NIC1_LINK:-unknown}"
	lab_fig peer "$PEER_IF ($(lab_driver_of "$PEER_V"))"
	lab_fig dut "$DUT_IF ($(lab_driver_of "$DUT_V"))"
	# virtio_net takes both whenever the device offers them
	if [ "$(lab_driver_of "$PEER_V")" = virtio_net ] &&
	   [ "$(vbit "$PEER_V" 0)$(vbit "$PEER_V" 1)" = 11 ]; then
		OFFERED=1
		[ "$(vbit "$PEER_V" 11)$(vbit "$PEER_V" 12)" = 11 ] && TSO_OFFERED=1
		[ "$(vbit "$PEER_V" 7)$(vbit "$PEER_V" 8)$(vbit "$PEER_V" 15)" = 111 ] &&
			GTSO_OFFERED=1
	fi
	lab_fig device_offers_csum "$OFFERED"
	lab_fig device_offers_tso "$TSO_OFFERED"
	lab_fig device_offers_guest_tso "$GTSO_OFFERED"
	setup_ns NS_PEER NS_DUT || { lab_fail "cannot create namespaces"; return; }
	pair_up
	lab_dmesg_mark
	[ $LAB_SUB_RC -eq 0 ] && SETUP_OK=1
}

test_features() {
	local csum guest rx tx sg want v
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	csum=$(vbit "$DUT_V" 0) guest=$(vbit "$DUT_V" 1)
	rx=$(kflag "$DUT_IF" "$NS_DUT" rx-checksumming)
	tx=$(kflag "$DUT_IF" "$NS_DUT" tx-checksumming)
	sg=$(kflag "$DUT_IF" "$NS_DUT" scatter-gather)
	lab_fig negotiated_csum "$csum"
	lab_fig negotiated_guest_csum "$guest"
	lab_fig rx_checksumming "$rx"
	lab_fig tx_checksumming "$tx"
	lab_fig scatter_gather "$sg"
	lab_check_eq "VIRTIO_NET_F_CSUM negotiated as offered" "$csum" "$OFFERED"
	lab_check_eq "VIRTIO_NET_F_GUEST_CSUM negotiated as offered" "$guest" "$OFFERED"
	for v in 7 8 9 11 12 13; do
		lab_fig "negotiated_bit_$v" "$(vbit "$DUT_V" $v)"
		if [ $OFFERED = 1 ]; then
			lab_check_eq "feature bit $v (GUEST_ and HOST_ TSO4/TSO6/ECN) as virtio_net's" \
				"$(vbit "$DUT_V" $v)" "$(vbit "$PEER_V" $v)"
		else
			lab_check_eq "feature bit $v without checksum offload" "$(vbit "$DUT_V" $v)" 0
		fi
	done
	# no UFO either way: labyrinth does not take it (GUEST_UFO 10, HOST_UFO 14)
	lab_check_eq "VIRTIO_NET_F_GUEST_UFO not negotiated" "$(vbit "$DUT_V" 10)" 0
	lab_fig tcp_segmentation_offload "$(kflag "$DUT_IF" "$NS_DUT" "$TSO")"
	if [ $TSO_OFFERED = 1 ]; then
		lab_check_eq "tx-tcp-segmentation" "$(kflag "$DUT_IF" "$NS_DUT" "$TSO")" on
		lab_check_eq "tx-tcp6-segmentation" \
			"$(kflag "$DUT_IF" "$NS_DUT" $'\ttx-tcp6-segmentation')" on
	else
		lab_check_eq "tx-tcp-segmentation without HOST_TSO4" \
			"$(kflag "$DUT_IF" "$NS_DUT" "$TSO")" "off [fixed]"
	fi
	if [ $OFFERED = 1 ]; then
		lab_check_eq "rx-checksumming" "$rx" on
		lab_check_eq "tx-checksumming" "$tx" on
		lab_check_eq "scatter-gather" "$sg" on
		lab_check_eq "tx-checksum-ip-generic" "$(kflag "$DUT_IF" "$NS_DUT" "$GENERIC")" on
		return
	fi
	# Nothing offered: off, and ethtool -K cannot turn it on.  (The
	# groups' "[fixed]" depends on members the stack owns.)
	lab_quiet ip netns exec "$NS_DUT" ethtool -K "$DUT_IF" rx on tx on sg on
	for want in rx-checksumming tx-checksumming scatter-gather "$GENERIC"; do
		v=$(kflag "$DUT_IF" "$NS_DUT" "$want")
		lab_fig "after_K_on_${want#$'\t'}" "$v"
		case $v in
		off*) ;;
		*) lab_fail "$want is '$v' with nothing offered" ;;
		esac
	done
	lab_check_eq "rx-checksumming fixed off" "$rx" "off [fixed]"
	lab_check_eq "tx-checksum-ip-generic fixed off" \
		"$(kflag "$DUT_IF" "$NS_DUT" "$GENERIC")" "off [fixed]"
}

test_offload_on() {
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	traffic on
	if [ $OFFERED = 1 ]; then
		[ "$D_TX_CSUM" -gt 0 ] || lab_fail "no frame sent with NEEDS_CSUM"
		[ "$D_RX_CSUM" -gt 0 ] || lab_fail "no frame received with NEEDS_CSUM"
	else
		# QEMU writes zero flags without a vnet header; none are honoured
		lab_check_eq "tx tso_packets without the offer" "$D_TSO" 0
		lab_check_eq "rx gso_packets without the offer" "$D_RX_GSO" 0
		lab_check_eq "tx needs_csum without the offer" "$D_TX_CSUM" 0
		lab_check_eq "rx needs_csum without the offer" "$D_RX_CSUM" 0
		lab_check_eq "rx data_valid without the offer" "$D_RX_VALID" 0
	fi
	if [ $TSO_OFFERED = 1 ]; then
		[ "$D_TSO" -gt 0 ] || lab_fail "no GSO frame sent with TSO on"
		[ "$D_TSO_SEGS" -gt "$D_TSO" ] ||
			lab_fail "GSO frames ($D_TSO) not cut into more segments ($D_TSO_SEGS)"
	fi
	if [ $GTSO_OFFERED = 1 ]; then
		[ "$D_RX_GSO" -gt 0 ] || lab_fail "no large frame received with GUEST_TSO"
		[ "$D_RX_GSO" -gt 0 ] && [ $((D_RX_GSO_BYTES / D_RX_GSO)) -gt 1514 ] ||
			lab_fail "large frames no larger than the MTU"
	fi
	lab_dmesg_check || lab_fail "kernel warnings"
}

# offered_or_skip OFFERED WHAT: 0 when setup worked and the device offers
# WHAT, else a skip saying which (its status, KSFT_SKIP)
offered_or_skip() {
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	[ "$1" = 1 ] ||
		{ lab_skip "the device offers no $2 (link ${LAB_NIC1_LINK:-?})"; return; }
}

# tso_flip S: TSO off and on every 0.3 s for S seconds, in the background
tso_flip() {
	local end=$((SECONDS + $1)) v=off
	while [ $SECONDS -lt $end ]; do
		ip netns exec "$NS_DUT" ethtool -K "$DUT_IF" tso "$v" >/dev/null 2>&1
		v=$([ $v = off ] && echo on || echo off)
		lab_sleep 0.3
	done
	ip netns exec "$NS_DUT" ethtool -K "$DUT_IF" tso on >/dev/null 2>&1
}

test_tso_toggle() {
	local g0 e0 flipper
	offered_or_skip "$TSO_OFFERED" TSO || return
	ip netns exec "$NS_DUT" ethtool -K "$DUT_IF" tso off gso off ||
		{ lab_fail "ethtool -K tso off gso off refused"; return; }
	defer lab_quiet ip netns exec "$NS_DUT" ethtool -K "$DUT_IF" tso on gso on
	lab_check_eq "tx-tcp-segmentation after -K tso off" \
		"$(kflag "$DUT_IF" "$NS_DUT" "$TSO")" off
	traffic tso_off
	lab_check_eq "GSO frames sent with tso off" "$D_TSO" 0
	[ "$D_TX_CSUM" -gt 0 ] || lab_fail "no frame sent with NEEDS_CSUM with tso off"
	ip netns exec "$NS_DUT" ethtool -K "$DUT_IF" tso on gso on ||
		lab_fail "ethtool -K tso on gso on refused"
	lab_check_eq "tx-tcp-segmentation on again" "$(kflag "$DUT_IF" "$NS_DUT" "$TSO")" on
	# under traffic: the stack picks per skb; the device sees either kind
	g0=$(dstat tx_queue_0_tso_packets) e0=$(csum_errors)
	tso_flip $((SECS + 1)) &
	flipper=$!
	iperf tso_flip_tcp_from_dut -R
	wait $flipper
	lab_fig tso_flip_tx_tso_packets $(( $(dstat tx_queue_0_tso_packets) - g0 ))
	lab_check_eq "tso_flip: InCsumErrors (both sides)" $(( $(csum_errors) - e0 )) 0
	lab_check_eq "tx-tcp-segmentation after the flips" "$(kflag "$DUT_IF" "$NS_DUT" "$TSO")" on
	traffic tso_again
	[ "$D_TSO" -gt 0 ] || lab_fail "no GSO frame after tso on"
	lab_dmesg_check || lab_fail "kernel warnings"
}

# gro_flip S: rx-gro-hw off and on every 0.3 s for S seconds, in the
# background (each flip one GUEST_OFFLOADS_SET command)
gro_flip() {
	local end=$((SECONDS + $1)) v=off
	while [ $SECONDS -lt $end ]; do
		ip netns exec "$NS_DUT" ethtool -K "$DUT_IF" rx-gro-hw "$v" >/dev/null 2>&1
		v=$([ $v = off ] && echo on || echo off)
		lab_sleep 0.3
	done
	ip netns exec "$NS_DUT" ethtool -K "$DUT_IF" rx-gro-hw on >/dev/null 2>&1
}

# gro_tcp TAG: TCP to labyrinth; sets G_FRAMES (large frames received)
gro_tcp() {
	local g0 ge0
	g0=$(dstat rx_queue_0_gso_packets) ge0=$(dstat rx_queue_0_gso_errors)
	iperf "${1}_tcp_to_dut"
	G_FRAMES=$(( $(dstat rx_queue_0_gso_packets) - g0 ))
	lab_fig "${1}_rx_gso_packets" "$G_FRAMES"
	lab_check_eq "$1: gso_errors" $(( $(dstat rx_queue_0_gso_errors) - ge0 )) 0
}

test_gro_hw_toggle() {
	local e0 flipper cmds0
	offered_or_skip "$GTSO_OFFERED" GUEST_TSO || return
	[ "$(vbit "$DUT_V" 2)" = 1 ] ||
		{ lab_skip "the device offers no CTRL_GUEST_OFFLOADS"; return; }
	cmds0=$(dstat ctrl_cmds)
	ip netns exec "$NS_DUT" ethtool -K "$DUT_IF" rx-gro-hw off ||
		{ lab_fail "ethtool -K rx-gro-hw off refused"; return; }
	defer lab_quiet ip netns exec "$NS_DUT" ethtool -K "$DUT_IF" rx-gro-hw on
	lab_check_eq "rx-gro-hw after -K off" "$(kflag "$DUT_IF" "$NS_DUT" rx-gro-hw)" off
	gro_tcp gro_off
	lab_check_eq "large frames with rx-gro-hw off" "$G_FRAMES" 0
	# a device reset forgets it: the driver tells it again at ifup
	ip -n "$NS_DUT" link set dev "$DUT_IF" down
	lab_link_up "$DUT_IF" "$NS_DUT" || lab_fail "$DUT_IF up"
	busywait 5000 lab_ns_exec "$NS_DUT" grep -qx 1 "/sys/class/net/$DUT_IF/carrier" >/dev/null ||
		lab_fail "no carrier on $DUT_IF after ifup"
	gro_tcp gro_off_after_reset
	lab_check_eq "large frames with rx-gro-hw off after ifup" "$G_FRAMES" 0
	ip netns exec "$NS_DUT" ethtool -K "$DUT_IF" rx-gro-hw on ||
		lab_fail "ethtool -K rx-gro-hw on refused"
	gro_tcp gro_on
	[ "$G_FRAMES" -gt 0 ] || lab_fail "no large frame with rx-gro-hw on again"
	e0=$(csum_errors)
	gro_flip $((SECS + 1)) &
	flipper=$!
	gro_tcp gro_flip
	wait $flipper
	lab_check_eq "gro_flip: InCsumErrors (both sides)" $(( $(csum_errors) - e0 )) 0
	lab_check_eq "rx-gro-hw after the flips" "$(kflag "$DUT_IF" "$NS_DUT" rx-gro-hw)" on
	lab_fig ctrl_commands $(( $(dstat ctrl_cmds) - cmds0 ))
	lab_check_eq "ctrl_errors" "$(dstat ctrl_errors)" 0
	lab_dmesg_check || lab_fail "kernel warnings"
}

test_offload_off() {
	offered_or_skip "$OFFERED" "checksum offload" || return
	ip netns exec "$NS_DUT" ethtool -K "$DUT_IF" rx off tx off ||
		{ lab_fail "ethtool -K rx off tx off refused"; return; }
	defer lab_quiet ip netns exec "$NS_DUT" ethtool -K "$DUT_IF" rx on tx on
	lab_check_eq "rx-checksumming after -K rx off" "$(kflag "$DUT_IF" "$NS_DUT" rx-checksumming)" off
	lab_check_eq "tx-checksumming after -K tx off" "$(kflag "$DUT_IF" "$NS_DUT" tx-checksumming)" off
	traffic off
	lab_check_eq "frames sent with NEEDS_CSUM while tx off" "$D_TX_CSUM" 0
	# the device knows nothing of ethtool: it still sends partial frames,
	# which labyrinth checksums itself (verified by the stack: no errors)
	lab_fig off_rx_needs_csum_finished_by_driver "$D_RX_CSUM"
	# (ethtool lists the sub-features it could not turn on: ip-generic
	# is the one HW_CSUM gives)
	ip netns exec "$NS_DUT" ethtool -K "$DUT_IF" rx on tx on >/dev/null ||
		lab_fail "ethtool -K rx on tx on refused"
	lab_check_eq "rx-checksumming on again" "$(kflag "$DUT_IF" "$NS_DUT" rx-checksumming)" on
	lab_check_eq "tx-checksumming on again" "$(kflag "$DUT_IF" "$NS_DUT" tx-checksumming)" on
	traffic again
	[ "$D_TX_CSUM" -gt 0 ] || lab_fail "no frame sent with NEEDS_CSUM after tx on"
	lab_dmesg_check || lab_fail "kernel warnings"
}

hostile_path() { echo "$(lab_debugfs_dir "$DUT_V")/hostile/$1"; }
hostile_off() { echo 0 > "$(hostile_path mode)"; echo 0 > "$(hostile_path probability)"; }

# hostile_run MODE COUNTER: 5% of frames lie (hostile/mode MODE) under
# UDP and TCP to the DUT; sets H_LIES, H_ERRS (the delta of the standard
# COUNTER) and H_DELIVERED, and prints them
hostile_run() {
	local mode=$1 counter=$2 inj0 e0 p0
	echo "$mode" > "$(hostile_path mode)" || { lab_fail "hostile/mode $mode refused"; return 1; }
	defer hostile_off
	echo $PROB > "$(hostile_path probability)" || { lab_fail "probability refused"; return 1; }
	inj0=$(cat "$(hostile_path injected)")
	e0=$(lab_stat "$DUT_IF" "$counter" "$NS_DUT")
	p0=$(lab_stat "$DUT_IF" rx_packets "$NS_DUT")
	iperf "hostile${mode}_udp_to_dut" -u -b $UDP_RATE -l $UDP_LEN
	iperf "hostile${mode}_tcp_to_dut"
	hostile_off
	H_LIES=$(( $(cat "$(hostile_path injected)") - inj0 ))
	# the poll adds its counts when it ends: let the last one end
	lab_wait_stable 5000 300 lab_stat "$DUT_IF" "$counter" "$NS_DUT" >/dev/null
	H_ERRS=$(( $(lab_stat "$DUT_IF" "$counter" "$NS_DUT") - e0 ))
	H_DELIVERED=$(( $(lab_stat "$DUT_IF" rx_packets "$NS_DUT") - p0 ))
	lab_fig "hostile${mode}_probability" "$PROB"
	lab_fig "hostile${mode}_lies" "$H_LIES"
	lab_fig "hostile${mode}_$counter" "$H_ERRS"
	lab_fig "hostile${mode}_delivered" "$H_DELIVERED"
	[ "$H_LIES" -gt 0 ] || lab_fail "no lie told"
	[ "$H_DELIVERED" -gt 0 ] || lab_fail "nothing delivered"
}

test_hostile_csum() {
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	hostile_run 16 rx_length_errors || return
	if [ $OFFERED = 1 ]; then
		# only first buffers tell this lie: one lie, one error
		lab_check_eq "every bad csum_start/csum_offset counted" "$H_ERRS" "$H_LIES"
	else
		lab_check_eq "flags ignored without GUEST_CSUM" "$H_ERRS" 0
	fi
	lab_dmesg_check || lab_fail "kernel warnings"
	lab_pages_check "$DUT_V" pages
}

test_hostile_gso() {
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	# refused whether GUEST_TSO was negotiated or not
	hostile_run 32 rx_frame_errors || return
	lab_check_eq "every impossible GSO header counted" "$H_ERRS" "$H_LIES"
	lab_dmesg_check || lab_fail "kernel warnings"
	lab_pages_check "$DUT_V" pages
}

# truncated: IP datagrams the DUT's stack found shorter than their header
# said, or with a bad header (IpExt InTruncatedPkts + Ip InHdrErrors)
truncated() {
	echo $(( $(snmp "$NS_DUT" IpExt InTruncatedPkts /proc/net/netstat) +
		 $(snmp "$NS_DUT" Ip InHdrErrors) ))
}

# gso_inject PCT: TCP to the DUT at PCT% injected RX allocation failure
gso_inject() {
	local pct=$1 d0 g0 l0 f0 e0 t0
	d0=$(dstat rx_queue_0_drop_no_buffer) g0=$(dstat rx_queue_0_gso_packets)
	l0=$(lab_stat "$DUT_IF" rx_length_errors "$NS_DUT")
	f0=$(lab_stat "$DUT_IF" rx_frame_errors "$NS_DUT") e0=$(csum_errors)
	t0=$(truncated)
	lab_fault_set "$DUT_V" probability "$pct" >/dev/null ||
		{ lab_fail "fail_rx_alloc/probability $pct refused"; return 1; }
	iperf "inject${pct}_tcp_to_dut"
	lab_fault_set "$DUT_V" probability 0 >/dev/null
	lab_wait_stable 5000 300 dstat rx_queue_0_drop_no_buffer >/dev/null
	lab_fig "inject${pct}_drop_no_buffer" $(( $(dstat rx_queue_0_drop_no_buffer) - d0 ))
	lab_fig "inject${pct}_rx_gso_packets" $(( $(dstat rx_queue_0_gso_packets) - g0 ))
	[ $(( $(dstat rx_queue_0_drop_no_buffer) - d0 )) -gt 0 ] ||
		lab_fail "inject $pct%: no frame dropped for want of a page"
	[ $(( $(dstat rx_queue_0_gso_packets) - g0 )) -gt 0 ] ||
		lab_fail "inject $pct%: no large frame delivered"
	# a frame is whole or not at all: a part would be a truncated datagram
	lab_check_eq "inject $pct%: truncated or bad IP headers" $(( $(truncated) - t0 )) 0
	lab_check_eq "inject $pct%: InCsumErrors" $(( $(csum_errors) - e0 )) 0
	lab_check_eq "inject $pct%: rx_length_errors" \
		$(( $(lab_stat "$DUT_IF" rx_length_errors "$NS_DUT") - l0 )) 0
	lab_check_eq "inject $pct%: rx_frame_errors" \
		$(( $(lab_stat "$DUT_IF" rx_frame_errors "$NS_DUT") - f0 )) 0
	lab_pages_check "$DUT_V" pages
}

test_gso_injection() {
	local base
	offered_or_skip "$GTSO_OFFERED" "GUEST_TSO (large received frames)" || return
	defer lab_fault_off "$DUT_V"
	lab_fault_set "$DUT_V" interval 1 >/dev/null
	lab_fault_set "$DUT_V" times -1 >/dev/null
	iperf inject0_tcp_to_dut
	base=$IP_MBPS
	gso_inject 10
	gso_inject 50
	# TCP recovers by itself: at least half the rate before injection
	iperf inject_after_tcp_to_dut
	[ $((IP_MBPS * 2)) -ge "$base" ] ||
		lab_fail "TCP at $IP_MBPS Mbit/s after injection, $base before"
	lab_dmesg_check || lab_fail "kernel warnings"
	lab_pages_check "$DUT_V" pages
}

test_labyrinth_pair() {
	local rx_ns tx_ns r0 t0 e0
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	[ $OFFERED = 1 ] ||
		{ lab_skip "the device offers no checksum offload (link ${LAB_NIC1_LINK:-?})"; return; }
	ip -n "$NS_PEER" link set dev "$PEER_IF" netns 1 ||
		{ lab_fail "move $PEER_IF back"; return; }
	ip -n "$NS_DUT" link set dev "$DUT_IF" netns 1 ||
		{ lab_fail "move $DUT_IF back"; return; }
	lab_bind "$LAB_NIC0_PCI" labyrinth || { lab_fail "bind nic0 to labyrinth"; return; }
	lab_refresh || { lab_fail "no netdevs after the rebind"; return; }
	lab_fig peer "$PEER_IF ($(lab_driver_of "$PEER_V"))"
	pair_up || return
	[ $LAB_SUB_RC -eq 0 ] || return
	# receivers finish the checksums; senders offload
	ip netns exec "$NS_DUT" ethtool -K "$DUT_IF" rx off || lab_fail "$DUT_IF rx off"
	defer lab_quiet ip netns exec "$NS_DUT" ethtool -K "$DUT_IF" rx on
	ip netns exec "$NS_PEER" ethtool -K "$PEER_IF" rx off || lab_fail "$PEER_IF rx off"
	lab_check_eq "peer tx-checksumming" "$(kflag "$PEER_IF" "$NS_PEER" tx-checksumming)" on
	tx_ns=$(lab_ethtool_stat "$PEER_IF" tx_queue_0_needs_csum "$NS_PEER")
	rx_ns=$(lab_ethtool_stat "$PEER_IF" rx_queue_0_needs_csum "$NS_PEER")
	traffic pair
	t0=$(( $(lab_ethtool_stat "$PEER_IF" tx_queue_0_needs_csum "$NS_PEER") - tx_ns ))
	r0=$(( $(lab_ethtool_stat "$PEER_IF" rx_queue_0_needs_csum "$NS_PEER") - rx_ns ))
	lab_fig pair_peer_tx_needs_csum "$t0"
	lab_fig pair_peer_rx_needs_csum "$r0"
	# both directions: partial out of one labyrinth, finished by the other
	[ "$D_TX_CSUM" -gt 0 ] || lab_fail "dut sent nothing with NEEDS_CSUM"
	[ "$D_RX_CSUM" -gt 0 ] || lab_fail "dut received nothing with NEEDS_CSUM"
	[ "$t0" -gt 0 ] || lab_fail "peer sent nothing with NEEDS_CSUM"
	[ "$r0" -gt 0 ] || lab_fail "peer received nothing with NEEDS_CSUM"
	e0=$(lab_stat "$PEER_IF" rx_length_errors "$NS_PEER")
	lab_check_eq "peer rx_length_errors" "$e0" 0
	lab_dmesg_check || lab_fail "kernel warnings"
}

lab_subtest setup test_setup
lab_subtest features test_features
lab_subtest offload_on test_offload_on
lab_subtest offload_off test_offload_off
lab_subtest tso_toggle test_tso_toggle
lab_subtest gro_hw_toggle test_gro_hw_toggle
lab_subtest hostile_csum test_hostile_csum
lab_subtest hostile_gso test_hostile_gso
lab_subtest gso_injection test_gso_injection
lab_subtest labyrinth_pair test_labyrinth_pair
lab_finish
