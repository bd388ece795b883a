#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# churn.sh: take the NIC under test down and up, change its MTU, and unload
# and reload the driver, all while one pktgen blast pours into it:
#
#   ifdown/ifup  LAB_CHURN_IFUPDOWN cycles (default 20): counters (every
#                ethtool -S value and every statistics/ file) never go
#                backwards, the page ledger balances after each down and
#                each up, every posted buffer and the reserve and cache
#                are given back at each down (ring, reserve, cache all 0),
#                frames flow again after each up
#   MTU          LAB_CHURN_MTU_CYCLES (default 2) of 9000 and back under the
#                blast (ledger after each change, frames flow)
#   rmmod/insmod LAB_CHURN_RMMOD_CYCLES (default 20; a cycle costs 1-6 s
#                in the TCG guest under the blast): the remove line shows
#                allocated == freed and leaked == 0, the new instance's
#                ledger balances, frames flow
#   jumbo ping   both NICs in namespaces at MTU 9000: ping -s 8900 -M do
#                both ways without loss (multi-buffer frames), then back to
#                1500 and a normal ping
# and no WARN/BUG/Oops/lockup/stall in dmesg, leaked 0 at the end.
# ifdown resets the device (Documentation/design.rst, Teardown): frames it
# had completed are counted (drop_down).  Frames the rig's QEMU (7.2) had
# queued for the device while it was down are dropped by QEMU itself when
# ifup sets DRIVER_OK: virtio_set_status() calls virtio-net's set_status,
# which flushes that queue, before it stores the new status, so every
# queued frame meets "device not ready" and is freed uncounted.  The queue
# is the frames the sender got out before it was held (see sender_hold),
# tens of thousands under a blast.  So across that phase delivered +
# dropped + errors <= sent, and the shortfall is printed as device_purged;
# exact accounting across an ifdown, with nothing queued in QEMU, is
# slow_consumer.sh's ifdown_with_pages_held, and under a blast without
# ifdown drop_accounting.sh's and ring_param.sh's.
#
# With LAB_DRIVER=virtio_net the ledger/remove-line checks skip and the
# rmmod cycles skip (modprobe -r virtio_net would take the sender too).

source "$(dirname "$(readlink -f "$0")")/lib.sh"

UPDOWN=${LAB_CHURN_IFUPDOWN:-20}
MTU_CYCLES=${LAB_CHURN_MTU_CYCLES:-2}
RMMOD=${LAB_CHURN_RMMOD_CYCLES:-20}
IP_PEER=198.18.0.1
IP_DUT=198.18.0.2
EXTRA_DMESG='lockup|blocked for more than|rcu.*stall|refcount_t|use-after-free|double free'

lab_require_root
ktap_header
lab_banner
ktap_plan 6

SETUP_OK=0
LAB_ONLY=0
BLASTING=0
SENT=0

test_setup() {
	lab_setup_subtest dut || return
	[ -n "$PEER_IF" ] || { lab_skip "needs a peer NIC (LAB_PEER_IFACE) to send from"; return; }
	[ -n "$DUT_V" ] || { lab_skip "$DUT_IF is not a virtio device"; return; }
	[ "$LAB_DRIVER" = labyrinth ] && LAB_ONLY=1
	lab_fig ifupdown_cycles "$UPDOWN"
	lab_fig mtu_cycles "$MTU_CYCLES"
	lab_fig rmmod_cycles "$RMMOD"
	lab_fig sender "$PEER_IF ($(lab_driver_of "${PEER_V:-none}"))"
	bring_up || lab_fail "links did not come up"
	lab_pin_blast
	defer "$LAB_PKTGEN" -q --stop -i "$PEER_IF"
	lab_dmesg_mark
	[ $LAB_SUB_RC -eq 0 ] && SETUP_OK=1
}

bring_up() {
	lab_link_up "$PEER_IF" || return 1
	lab_link_up "$DUT_IF" || return 1
	busywait 5000 lab_carrier_is "$DUT_IF" 1 >/dev/null || return 1
	busywait 5000 lab_carrier_is "$PEER_IF" 1 >/dev/null
}

blast_start() {
	"$LAB_PKTGEN" -q --start $(lab_pg_cpu_opt) -i "$PEER_IF" -m "$DUT_MAC" -s 60 -n 0 -b 32 &&
		BLASTING=1
}

blast_stop() {
	lab_pktgen --stop -i "$PEER_IF"
	BLASTING=0
}

# frames are delivered again: rx_packets rises by 100 within 5 s
flowing() {
	local f=/sys/class/net/$DUT_IF/statistics/rx_packets p
	read -r p < "$f" || return 1
	lab_wait_file_gt 5000 "$f" $((p + 100))
}

carrier_up() { lab_wait_file_is 5000 "/sys/class/net/$DUT_IF/carrier" 1; }

# counters NAME: every counter (ethtool -S and statistics/) into the
# associative array NAME; one exec, the rest builtins
counters() {
	local -n c=$1
	local k v f
	c=()
	while IFS=: read -r k v; do
		k=${k// /}; v=${v// /}
		[[ $v =~ ^[0-9]+$ ]] && c[$k]=$v
	done < <(ethtool -S "$DUT_IF" 2>/dev/null)
	for f in /sys/class/net/"$DUT_IF"/statistics/*; do
		read -r v < "$f" && c[${f##*/}]=$v
	done
}

# went_back OLD NEW: the counters that decreased, "name: old -> new"
went_back() {
	local -n o=$1 n=$2
	local k out=
	for k in "${!o[@]}"; do
		[ -n "${n[$k]}" ] && [ "${n[$k]}" -lt "${o[$k]}" ] && out="$out $k: ${o[$k]} -> ${n[$k]};"
	done
	echo "$out"
}

ledger() {
	local why
	[ $LAB_ONLY = 1 ] || return 0
	why=$(lab_pages_balanced "$DUT_V") || { lab_fail "ledger unbalanced $1:$why"; return 1; }
}

# The rig's link is lossless: while the device under test takes nothing
# (ifdown resets it; rmmod leaves it without a driver) the sender's TX
# queue is held back, and on a loaded host its 5 s TX watchdog fires.
# That stall is the link's backpressure, not a fault of either driver, so
# each down or unload happens under the blast, and then the blast stops
# and the sender goes down until the device under test is back.
# sender_hold: sender down at once (which ends the blast), then the
# blast's frames added to SENT
sender_hold() {
	ip link set dev "$PEER_IF" down
	blast_stop
	[[ $PG_SENT =~ ^[0-9]+$ ]] && SENT=$((SENT + PG_SENT))
}

# sender_release: sender up with carrier, blast on again, frames flowing
sender_release() {
	ip link set dev "$PEER_IF" up || return 1
	busywait 5000 lab_carrier_is "$PEER_IF" 1 >/dev/null || return 1
	blast_start && flowing
}

test_updown() {
	local i back s0 s1 bad_ledger=0 bad_back=0 bad_flow=0 bad_held=0 t0 t dd0
	local down_ms=() up_ms=()
	local -A c0 c1 c2
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	lab_wait_stable 5000 300 lab_rx_sum "$DUT_IF" >/dev/null
	s0=$(lab_rx_sum "$DUT_IF")
	SENT=0
	blast_start || { lab_fail "pktgen --start failed"; return; }
	flowing || { lab_fail "stream not reaching $DUT_IF"; return; }
	t0=$(lab_now_ms)
	counters c0
	dd0=${c0[rx_queue_0_drop_down]:-0}
	for i in $(seq 1 "$UPDOWN"); do
		t=$(lab_now_ms)
		ip link set dev "$DUT_IF" down || lab_fail "cycle $i: ip link set down"
		down_ms+=($(( $(lab_now_ms) - t )))
		sender_hold
		ledger "after down $i" || bad_ledger=$((bad_ledger + 1))
		held_after_down "$i" || bad_held=$((bad_held + 1))
		counters c1
		back=$(went_back c0 c1)
		[ -z "$back" ] || { bad_back=$((bad_back + 1)); lab_fail "cycle $i: down: counters went back:$back"; }
		lab_sleep 0.05
		t=$(lab_now_ms)
		ip link set dev "$DUT_IF" up || lab_fail "cycle $i: ip link set up"
		up_ms+=($(( $(lab_now_ms) - t )))
		carrier_up || lab_fail "cycle $i: no carrier after up"
		sender_release || { bad_flow=$((bad_flow + 1)); lab_fail "cycle $i: no frames after up"; }
		ledger "after up $i" || bad_ledger=$((bad_ledger + 1))
		counters c2
		back=$(went_back c1 c2)
		[ -z "$back" ] || { bad_back=$((bad_back + 1)); lab_fail "cycle $i: up: counters went back:$back"; }
		c0=()
		for k in "${!c2[@]}"; do c0[$k]=${c2[$k]}; done
	done
	lab_fig ifupdown_ms $(( $(lab_now_ms) - t0 ))
	lab_fig ifdown_ms "$(lab_stats_list "${down_ms[@]}")"
	lab_fig ifup_ms "$(lab_stats_list "${up_ms[@]}")"
	lab_fig counters_compared "${#c2[@]}"
	blast_stop
	[[ $PG_SENT =~ ^[0-9]+$ ]] && SENT=$((SENT + PG_SENT))
	lab_wait_stable 30000 500 lab_rx_sum "$DUT_IF" >/dev/null ||
		lab_fail "receiver counters still moving after the blast"
	s1=$(lab_rx_sum "$DUT_IF")
	lab_fig ifupdown_done "$i"
	lab_fig counters_went_back "$bad_back"
	lab_fig ledger_unbalanced "$bad_ledger"
	lab_fig no_flow_after_up "$bad_flow"
	lab_fig still_held_after_down "$bad_held"
	lab_fig sent "$SENT"
	lab_fig accounted $((s1 - s0))
	lab_fig drop_down $(( ${c2[rx_queue_0_drop_down]:-0} - dd0 ))
	lab_fig rx_dropped_total "$(lab_stat "$DUT_IF" rx_dropped)"
	lab_fig device_purged $((SENT - (s1 - s0)))
	[ "$SENT" -gt 0 ] || lab_fail "no pktgen result"
	[ $((s1 - s0)) -le "$SENT" ] ||
		lab_fail "accounted $((s1 - s0)) > sent $SENT: frames counted twice"
}

# held_after_down CYCLE: after ifdown the queue holds no posted buffer, no
# reserve and no cache (labyrinth only)
held_after_down() {
	local what n
	[ $LAB_ONLY = 1 ] || return 0
	for what in ring reserve cache; do
		n=$(lab_pages "$DUT_V" "$what")
		[ "$n" = 0 ] || { lab_fail "cycle $1: $what holds '$n' pages after down"; return 1; }
	done
}

test_mtu_blast() {
	local i m
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	blast_start || { lab_fail "pktgen --start failed"; return; }
	flowing || { lab_fail "stream not reaching $DUT_IF"; return; }
	for i in $(seq 1 "$MTU_CYCLES"); do
		for m in 9000 1500; do
			ip link set dev "$DUT_IF" mtu $m || { lab_fail "cycle $i: mtu $m refused"; continue; }
			lab_check_eq "cycle $i: mtu" "$(cat "/sys/class/net/$DUT_IF/mtu")" $m
			ledger "after mtu $m ($i)"
			carrier_up || lab_fail "cycle $i: no carrier at mtu $m"
			flowing || lab_fail "cycle $i: no frames at mtu $m"
		done
	done
	lab_fig mtu_changes $((2 * MTU_CYCLES))
	# the blast goes on into the rmmod cycles
}

remove_lines() { lab_dmesg_since | grep -E "$DUT_V: pages: allocated="; }

# One dmesg mark (setup) for the whole test: cycle i's remove line is the
# i-th since the mark; the kernel log is checked at the end.
test_rmmod() {
	local i line a f l ok=0 t0 rm_ms=() n
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	if [ $LAB_ONLY = 0 ]; then
		[ $BLASTING = 1 ] && blast_stop
		lab_skip "modprobe -r virtio_net would remove the sender too ($LAB_DRIVER)"
		return
	fi
	[ $BLASTING = 1 ] || { blast_start && flowing; } || { lab_fail "no blast"; return; }
	n=$(remove_lines | wc -l)
	for i in $(seq 1 "$RMMOD"); do
		flowing || lab_fail "cycle $i: no frames before rmmod"
		t0=$(lab_now_ms)
		lab_unload_module labyrinth || { lab_fail "cycle $i: rmmod failed"; break; }
		rm_ms+=($(( $(lab_now_ms) - t0 )))
		sender_hold
		line=$(remove_lines | sed -n "$((n + i))p")
		if [[ $line =~ allocated=([0-9]+)\ freed=([0-9]+)\ leaked=([0-9]+) ]]; then
			a=${BASH_REMATCH[1]} f=${BASH_REMATCH[2]} l=${BASH_REMATCH[3]}
			lab_info "cycle $i remove: allocated=$a freed=$f leaked=$l"
			[ "$a" = "$f" ] && [ "$l" = 0 ] && ok=$((ok + 1))
			[ "$a" = "$f" ] || lab_fail "cycle $i: allocated $a != freed $f at remove"
			[ "$l" = 0 ] || lab_fail "cycle $i: leaked $l at remove"
		else
			lab_fail "cycle $i: no remove line in dmesg"
		fi
		lab_bind "$DUT_V" labyrinth || { lab_fail "cycle $i: reload/bind"; break; }
		lab_refresh || { lab_fail "cycle $i: no netdev after reload"; break; }
		ip link set dev "$DUT_IF" up || { lab_fail "cycle $i: up after reload"; break; }
		carrier_up || lab_fail "cycle $i: no carrier after reload"
		sender_release || lab_fail "cycle $i: no frames after reload"
		ledger "after reload $i"
	done
	flowing || lab_fail "no frames after the last reload"
	blast_stop
	lab_fig rmmod_clean "$ok"
	[ ${#rm_ms[@]} -gt 0 ] && lab_fig rmmod_ms "$(lab_stats_list "${rm_ms[@]}")"
	lab_check_eq "clean removes" "$ok" "$RMMOD"
}

test_jumbo() {
	local NS_P NS_D rx0 rx1
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	lab_refresh || { lab_fail "no netdev"; return; }
	setup_ns NS_P NS_D || { lab_fail "cannot create namespaces"; return; }
	lab_move_to_ns "$PEER_IF" "$NS_P" || { lab_fail "move $PEER_IF"; return; }
	lab_move_to_ns "$DUT_IF" "$NS_D" || { lab_fail "move $DUT_IF"; return; }
	ip -n "$NS_P" addr add $IP_PEER/24 dev "$PEER_IF"
	ip -n "$NS_D" addr add $IP_DUT/24 dev "$DUT_IF"
	ip -n "$NS_P" link set dev "$PEER_IF" mtu 9000 || lab_fail "peer mtu 9000"
	ip -n "$NS_D" link set dev "$DUT_IF" mtu 9000 || lab_fail "dut mtu 9000"
	defer ip -n "$NS_D" link set dev "$DUT_IF" mtu 1500
	defer ip -n "$NS_P" link set dev "$PEER_IF" mtu 1500
	lab_link_up "$PEER_IF" "$NS_P"
	lab_link_up "$DUT_IF" "$NS_D"
	busywait 5000 lab_ns_exec "$NS_D" grep -qx 1 "/sys/class/net/$DUT_IF/carrier" >/dev/null ||
		lab_fail "no carrier on $DUT_IF"
	rx0=$(lab_stat "$DUT_IF" rx_bytes "$NS_D")
	lab_ping "$NS_P" $IP_DUT 5 0.05 -s 8900 -M "do" || { lab_fail "ping did not run"; return; }
	lab_fig jumbo_peer_to_dut "$PING_RX/$PING_TX"
	lab_check_eq "ping -s 8900 -M do peer -> dut received" "$PING_RX" 5
	lab_ping "$NS_D" $IP_PEER 5 0.05 -s 8900 -M "do"
	lab_fig jumbo_dut_to_peer "$PING_RX/$PING_TX"
	lab_check_eq "ping -s 8900 -M do dut -> peer received" "$PING_RX" 5
	rx1=$(lab_stat "$DUT_IF" rx_bytes "$NS_D")
	lab_fig dut_rx_bytes_delta $((rx1 - rx0))
	[ $((rx1 - rx0)) -ge $((10 * 8900)) ] || lab_fail "rx_bytes rose by $((rx1 - rx0)) < 10 jumbo frames"
	lab_check_eq "rx_length_errors" "$(lab_stat "$DUT_IF" rx_length_errors "$NS_D")" 0
	ledger "after jumbo ping"
	ip -n "$NS_D" link set dev "$DUT_IF" mtu 1500 || lab_fail "dut mtu 1500"
	ip -n "$NS_P" link set dev "$PEER_IF" mtu 1500 || lab_fail "peer mtu 1500"
	lab_ping "$NS_P" $IP_DUT 5 0.05 -s 1400 -M "do"
	lab_fig ping_1500 "$PING_RX/$PING_TX"
	lab_check_eq "ping at 1500 received" "$PING_RX" 5
	ledger "after mtu 1500"
}

# the kernel log since the last mark: lib.sh's pattern, plus lockups/stalls
DMESG_BAD=0
dmesg_ok() {
	local bad
	lab_dmesg_check || { DMESG_BAD=$((DMESG_BAD + 1)); lab_fail "kernel warnings ($1)"; }
	bad=$(lab_dmesg_since | grep -Ei "$EXTRA_DMESG")
	[ -z "$bad" ] && return 0
	echo "$bad" | sed 's/^/# dmesg: /'
	DMESG_BAD=$((DMESG_BAD + 1))
	lab_fail "lockup/stall/refcount messages in dmesg ($1)"
}

test_end() {
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	if [ $LAB_ONLY = 1 ]; then
		lab_pages_check "$DUT_V" pages_end
	fi
	dmesg_ok "end"
	lab_fig dmesg_bad_checks "$DMESG_BAD"
	lab_check_eq "dmesg checks with warnings" "$DMESG_BAD" 0
}

lab_subtest setup test_setup
lab_subtest ifdown_ifup_under_blast test_updown
lab_subtest mtu_changes_under_blast test_mtu_blast
lab_subtest rmmod_insmod_under_blast test_rmmod
lab_subtest jumbo_ping_namespaces test_jumbo
lab_subtest ledger_leaks_dmesg test_end
lab_finish
