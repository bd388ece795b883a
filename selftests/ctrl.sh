#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ctrl.sh: the control virtqueue.  labyrinth on nic1, the sender (nic0,
# virtio_net) on the same link; raw test frames (lab_frames.py) counted as
# labyrinth receives them, so what the device filtered never arrives:
#
#   features          labyrinth negotiates the control features the device
#                     offers (the bits virtio_net negotiated on the twin
#                     NIC): CTRL_VQ, CTRL_RX, CTRL_VLAN, CTRL_MAC_ADDR,
#                     GUEST_ANNOUNCE, and CTRL_GUEST_OFFLOADS where GUEST_TSO
#                     is offered (the tap link); rx-vlan-filter on [fixed]
#                     with CTRL_VLAN, off [fixed] without;
#                     rx-gro-hw on with CTRL_GUEST_OFFLOADS and GUEST_TSO4,
#                     off [fixed] otherwise
#   unicast_filter    frames to a foreign MAC address are filtered by the
#                     device (0 arrive) until promiscuous mode is on (all
#                     arrive), and again once it is off; frames to the
#                     NIC's own address always arrive
#   multicast_filter  a group not joined is filtered, a joined one (ip maddr
#                     add) arrives, allmulticast lets every group in
#   mac_change        after ip link set address, frames to the new address
#                     arrive and to the old one are filtered (without
#                     CTRL_MAC_ADDR the device still takes its own); after
#                     ifdown and ifup (a device reset) still so (replayed)
#   vlan_filter       with a VLAN device for ID 10, tagged 10 arrives and 20
#                     is filtered; after ifdown/ifup still so; once the VLAN
#                     device is gone, 10 is filtered too
#   mac_under_blast   a pktgen broadcast blast while the MAC address and
#                     promiscuous mode change 10 times each way: every frame
#                     sent is delivered or counted (sent == delivered +
#                     dropped + errors); afterwards the filter is as it was
#   unanswered        hostile/mode 64: the device never answers.  A MAC
#                     change fails (-ETIMEDOUT) after a bounded wait, the
#                     next fails at once (-EBUSY), the address is unchanged,
#                     nothing hangs, traffic still flows; once the device
#                     answers again the next command succeeds without a reset
#   garbled_reply     hostile/mode 128: replies neither OK nor ERR: the MAC
#                     change fails (-EIO), counted ctrl_bad_replies, the
#                     address unchanged
#   announce          QEMU's announce_self (lab-ctl): the device asks, labyrinth
#                     sends gratuitous ARP (seen by the peer) and acknowledges
#                     (ctrl_announces; QEMU's next rounds follow each ack)
#   counters          ctrl_* counters never went backwards across ifdown/ifup;
#                     no splat in the kernel log
#
# Each subtest skips, saying so, when its feature is not negotiated; with
# lab-vm --nic-opt nic1=ctrl_vq=off (or ctrl_rx=off, ...), features expects
# exactly those off (LAB_NIC1_OPTS) and the rest still works: without
# CTRL_MAC_ADDR a new address goes into the unicast table.  tools/run-tests
# boots it so once per kernel.  Labyrinth-only; runs on any link (QEMU
# offers the control queue on all).
# LAB_CTRL_FRAMES test frames per check (default 50), LAB_CTRL_BLAST frames
# at most in mac_under_blast (default 200,000).

source "$(dirname "$(readlink -f "$0")")/lib.sh"

FRAMES=${LAB_CTRL_FRAMES:-50}
BLAST=${LAB_CTRL_BLAST:-200000}
FOREIGN_MAC=02:00:00:00:ab:01
NEW_MAC=02:00:00:00:ab:02
GROUP_JOINED=01:00:5e:01:02:03
GROUP_OTHER=01:00:5e:01:02:04
DUT_IP=198.18.7.2
FRAMES_PY="$LAB_LIB_DIR/lab_frames.py"
SETUP_OK=0
ORIG_MAC=
CTRL0=

lab_require_root
ktap_header
lab_banner
ktap_plan 11

vbit() { cut -c$(( $2 + 1 )) "/sys/bus/virtio/devices/$1/features"; }

ctrl_stat() { lab_ethtool_stat "$DUT_IF" "ctrl_$1"; }

# opt_off NAME: lab-vm turned QEMU's property NAME (lower case) off on nic1
opt_off() { [[ ,${LAB_NIC1_OPTS:-}, == *",${1,,}=off,"* ]]; }

# needs BIT NAME: skip unless labyrinth negotiated feature BIT
needs() {
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	[ "$(vbit "$DUT_V" "$1")" = 1 ] || { lab_skip "no $2 negotiated"; return; }
}

# "ctrl_NAME VALUE" lines of ethtool -S
ctrl_all() { ethtool -S "$DUT_IF" | awk '$1 ~ /^ctrl_/ { sub(":", "", $1); print $1, $2 }'; }

hostile() { echo "$2" > "$(lab_debugfs_dir "$DUT_V")/hostile/$1"; }

hostile_off() {
	hostile mode 0
	hostile probability 0
}

# the rx-mode work sends its commands after ndo_set_rx_mode returns
settle() {
	lab_wait_stable 5000 300 ctrl_stat cmds >/dev/null ||
		lab_fail "control commands still going after 5 s"
}

# received DST [VID]: test frames that arrive, of $FRAMES sent to DST
received() {
	local dst=$1 vid=${2:-} out n tmp
	tmp=$(mktemp)
	python3 "$FRAMES_PY" count "$DUT_IF" 10 > "$tmp" &
	local pid=$!
	busywait 5000 grep -q ready "$tmp" >/dev/null
	python3 "$FRAMES_PY" send "$PEER_IF" "$dst" "$FRAMES" \
		${vid:+--vlan "$vid"} --end "$(cat "/sys/class/net/$DUT_IF/address")"
	wait $pid
	out=$(cat "$tmp")
	rm -f "$tmp"
	grep -qx end <<< "$out" || { echo lost; return 1; }
	n=$(sed -n 's/^frames //p' <<< "$out")
	echo "${n:-0}"
}

# expect LABEL DST VID WANT: the count of received DST [VID] is WANT
expect() {
	local got
	got=$(received "$2" "$3")
	lab_fig "$1" "$got of $FRAMES"
	lab_check_eq "$1" "$got" "$4"
}

test_setup() {
	[ "$LAB_DRIVER" = labyrinth ] ||
		{ lab_skip "labyrinth's control queue and counters ($LAB_DRIVER)"; return; }
	lab_need_python || { lab_skip "python3 not found (raw frames)"; return; }
	lab_setup_subtest dut || return
	[ -n "$PEER_IF" ] || { lab_skip "needs a peer NIC (LAB_PEER_IFACE)"; return; }
	[ -n "$DUT_V" ] || { lab_skip "$DUT_IF is not a virtio device"; return; }
	lab_pair_up
	ORIG_MAC=$DUT_MAC
	defer ip link set dev "$DUT_IF" address "$ORIG_MAC"
	defer hostile_off
	lab_fig link "${LAB_NIC1_LINK:-unknown}"
	settle
	CTRL0=$(ctrl_all)
	lab_fig nic1_opts "${LAB_NIC1_OPTS:-none}"
	lab_dmesg_mark
	[ $LAB_SUB_RC -eq 0 ] && SETUP_OK=1
}

test_features() {
	local bit name want got flag
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	for bit in 17:CTRL_VQ 18:CTRL_RX 19:CTRL_VLAN 21:GUEST_ANNOUNCE \
		   23:CTRL_MAC_ADDR 2:CTRL_GUEST_OFFLOADS; do
		name=${bit#*:} bit=${bit%%:*}
		want=$(vbit "$PEER_V" "$bit")
		# turned off at nic1 only (lab-vm --nic-opt nic1=ctrl_rx=off),
		# or all of them with the control queue
		if opt_off "$name" || { [ "$bit" != 17 ] && opt_off CTRL_VQ; }; then
			want=0
		fi
		got=$(vbit "$DUT_V" "$bit")
		lab_fig "$name" "labyrinth $got, virtio_net $want"
		lab_check_eq "$name negotiated as virtio_net does" "$got" "$want"
	done
	flag=$(ethtool -k "$DUT_IF" | awk -F': ' '$1 == "rx-vlan-filter" { print $2 }')
	if [ "$(vbit "$DUT_V" 19)" = 1 ]; then
		lab_check_eq "rx-vlan-filter" "$flag" "on [fixed]"
	else
		lab_check_eq "rx-vlan-filter without CTRL_VLAN" "$flag" "off [fixed]"
	fi
	flag=$(ethtool -k "$DUT_IF" | awk -F': ' '$1 == "rx-gro-hw" { print $2 }')
	lab_fig rx-gro-hw "$flag"
	# the device's to turn off and on: large frames and the command
	if [ "$(vbit "$DUT_V" 2)$(vbit "$DUT_V" 7)" = 11 ]; then
		lab_check_eq "rx-gro-hw" "$flag" on
	else
		lab_check_eq "rx-gro-hw" "$flag" "off [fixed]"
	fi
}

test_unicast_filter() {
	needs 18 CTRL_RX || return
	expect own_mac "$DUT_MAC" "" "$FRAMES"
	expect foreign_filtered "$FOREIGN_MAC" "" 0
	ip link set dev "$DUT_IF" promisc on
	settle
	expect foreign_promisc "$FOREIGN_MAC" "" "$FRAMES"
	ip link set dev "$DUT_IF" promisc off
	settle
	expect foreign_filtered_again "$FOREIGN_MAC" "" 0
}

test_multicast_filter() {
	needs 18 CTRL_RX || return
	expect group_not_joined "$GROUP_JOINED" "" 0
	ip maddr add "$GROUP_JOINED" dev "$DUT_IF" || lab_fail "ip maddr add"
	defer ip maddr del "$GROUP_JOINED" dev "$DUT_IF"
	settle
	expect group_joined "$GROUP_JOINED" "" "$FRAMES"
	expect other_group "$GROUP_OTHER" "" 0
	ip link set dev "$DUT_IF" allmulticast on
	settle
	expect other_group_allmulti "$GROUP_OTHER" "" "$FRAMES"
	ip link set dev "$DUT_IF" allmulticast off
	ip maddr del "$GROUP_JOINED" dev "$DUT_IF"
	settle
	expect group_left "$GROUP_JOINED" "" 0
}

bounce() {
	ip link set dev "$DUT_IF" down
	lab_pair_up
	settle
}

test_mac_change() {
	needs 18 CTRL_RX || return
	local old=0
	# told of no change, the device still takes its own address
	[ "$(vbit "$DUT_V" 23)" = 1 ] || old=$FRAMES
	ip link set dev "$DUT_IF" address "$NEW_MAC" || { lab_fail "set address"; return; }
	settle
	expect new_mac "$NEW_MAC" "" "$FRAMES"
	expect old_mac "$ORIG_MAC" "" "$old"
	bounce
	expect new_mac_after_reset "$NEW_MAC" "" "$FRAMES"
	expect old_mac_after_reset "$ORIG_MAC" "" "$old"
	ip link set dev "$DUT_IF" address "$ORIG_MAC" || lab_fail "restore address"
	settle
	expect orig_mac "$ORIG_MAC" "" "$FRAMES"
}

test_vlan_filter() {
	needs 19 CTRL_VLAN || return
	ip link add link "$DUT_IF" name labv10 type vlan id 10 ||
		{ lab_skip "cannot create a VLAN device (8021q)"; return; }
	defer ip link del labv10
	ip link set labv10 up
	expect vlan10 "$DUT_MAC" 10 "$FRAMES"
	expect vlan20_filtered "$DUT_MAC" 20 0
	bounce
	ip link set labv10 up
	expect vlan10_after_reset "$DUT_MAC" 10 "$FRAMES"
	expect vlan20_after_reset "$DUT_MAC" 20 0
	ip link del labv10
	expect vlan10_removed "$DUT_MAC" 10 0
}

# flip_addresses N: the MAC address NEW and back, and promiscuous mode on
# and off, N times each; fails on the first refusal
flip_addresses() {
	local i
	for ((i = 0; i < $1; i++)); do
		ip link set dev "$DUT_IF" address "$NEW_MAC" || return 1
		ip link set dev "$DUT_IF" promisc on || return 1
		ip link set dev "$DUT_IF" address "$ORIG_MAC" || return 1
		ip link set dev "$DUT_IF" promisc off || return 1
	done
}

test_mac_under_blast() {
	local cmds0
	needs 18 CTRL_RX || return
	cmds0=$(ctrl_stat cmds)
	# broadcast frames: no address change may filter them
	LAB_BLAST_DST=ff:ff:ff:ff:ff:ff lab_blast_during "$BLAST" flip_addresses 10
	settle
	lab_fig ctrl_commands $(( $(ctrl_stat cmds) - cmds0 ))
	lab_check_eq "address after the flips" "$(cat "/sys/class/net/$DUT_IF/address")" "$ORIG_MAC"
	expect own_mac_after_flips "$ORIG_MAC" "" "$FRAMES"
	expect foreign_after_flips "$FOREIGN_MAC" "" 0
}

# set_mac ADDR: prints "rc ms" of ip link set address
set_mac() {
	local t0 rc
	t0=$(lab_now_ms)
	ip link set dev "$DUT_IF" address "$1" 2>/dev/null
	rc=$?
	echo "$rc $(( $(lab_now_ms) - t0 ))"
}

test_unanswered() {
	local to0 busy0 r1 r2 r3
	needs 23 CTRL_MAC_ADDR || return
	to0=$(ctrl_stat timeouts) busy0=$(ctrl_stat busy)
	hostile probability 100
	hostile mode 64
	r1=$(set_mac "$NEW_MAC")
	r2=$(set_mac "$NEW_MAC")
	lab_fig first_command "rc ${r1% *}, ${r1#* } ms"
	lab_fig second_command "rc ${r2% *}, ${r2#* } ms"
	[ "${r1% *}" != 0 ] || lab_fail "MAC change succeeded with no answer"
	[ "${r2% *}" != 0 ] || lab_fail "second MAC change succeeded with no answer"
	# the wait is 250 ms; ip itself takes tens of ms under TCG
	[ "${r1#* }" -lt 2000 ] || lab_fail "first command held RTNL ${r1#* } ms"
	lab_check_eq "timeouts" "$(( $(ctrl_stat timeouts) - to0 ))" 1
	[ $(( $(ctrl_stat busy) - busy0 )) -ge 1 ] || lab_fail "no busy refusal counted"
	lab_check_eq "address unchanged" "$(cat "/sys/class/net/$DUT_IF/address")" "$ORIG_MAC"
	expect traffic_while_unanswered "$ORIG_MAC" "" "$FRAMES"
	hostile_off
	r3=$(set_mac "$NEW_MAC")
	lab_fig answered_again "rc ${r3% *}, ${r3#* } ms"
	lab_check_eq "command once the device answers" "${r3% *}" 0
	settle
	expect new_mac_after_recovery "$NEW_MAC" "" "$FRAMES"
	ip link set dev "$DUT_IF" address "$ORIG_MAC"
	settle
}

test_garbled_reply() {
	local bad0 r
	needs 23 CTRL_MAC_ADDR || return
	bad0=$(ctrl_stat bad_replies)
	hostile probability 100
	hostile mode 128
	r=$(set_mac "$NEW_MAC")
	hostile_off
	lab_fig garbled_command "rc ${r% *}, ${r#* } ms"
	[ "${r% *}" != 0 ] || lab_fail "MAC change succeeded on a garbled reply"
	lab_check_eq "bad_replies" "$(( $(ctrl_stat bad_replies) - bad0 ))" 1
	lab_check_eq "address unchanged" "$(cat "/sys/class/net/$DUT_IF/address")" "$ORIG_MAC"
	r=$(set_mac "$NEW_MAC")
	lab_check_eq "next command" "${r% *}" 0
	ip link set dev "$DUT_IF" address "$ORIG_MAC"
	settle
}

test_announce() {
	local ann0 tmp out arps ann
	needs 21 GUEST_ANNOUNCE || return
	[ -n "${LAB_CTL:-}" ] || { lab_skip "needs the rig's control channel (announce_self)"; return; }
	ip addr add "$DUT_IP/24" dev "$DUT_IF" || lab_fail "address on $DUT_IF"
	defer ip addr del "$DUT_IP/24" dev "$DUT_IF"
	ann0=$(ctrl_stat announces)
	tmp=$(mktemp)
	python3 "$FRAMES_PY" arps "$PEER_IF" "$DUT_MAC" 5 > "$tmp" &
	local pid=$!
	busywait 5000 grep -q ready "$tmp" >/dev/null
	lab_ctl announce_self || lab_fail "announce_self through lab-ctl"
	wait $pid
	out=$(cat "$tmp")
	rm -f "$tmp"
	arps=$(sed -n 's/^arps //p' <<< "$out")
	ann=$(( $(ctrl_stat announces) - ann0 ))
	lab_fig announces "$ann"
	lab_fig gratuitous_arps_seen "${arps:-0}"
	# QEMU asks again only after each acknowledgement (5 rounds)
	[ "$ann" -ge 2 ] || lab_fail "announces: $ann, want 2 or more (acks reach the device)"
	[ "${arps:-0}" -ge "$ann" ] || lab_fail "gratuitous ARPs ${arps:-0} < announces $ann"
}

test_counters() {
	local line name v0 v1
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	while read -r line; do
		name=${line%% *} v0=${line##* }
		v1=$(ctrl_stat "${name#ctrl_}")
		[ "$v1" -ge "$v0" ] || lab_fail "$name went back: $v0 -> $v1"
	done <<< "$CTRL0"
	[ -n "$CTRL0" ] || lab_fail "no ctrl_ counters in ethtool -S"
	ctrl_all | while read -r line; do
		lab_fig "${line% *}" "${line#* }"
	done
	lab_check_eq "ctrl_errors" "$(ctrl_stat errors)" 0
	lab_dmesg_check || lab_fail "kernel log"
}

lab_subtest setup test_setup
lab_subtest features test_features
lab_subtest unicast_filter test_unicast_filter
lab_subtest multicast_filter test_multicast_filter
lab_subtest mac_change test_mac_change
lab_subtest vlan_filter test_vlan_filter
lab_subtest mac_under_blast test_mac_under_blast
lab_subtest unanswered test_unanswered
lab_subtest garbled_reply test_garbled_reply
lab_subtest announce test_announce
lab_subtest counters test_counters
lab_finish
