#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# slow_consumer.sh: a UDP receiver that stops reading must not pin more
# than rx_page_budget pages of the NIC under test, and delivery must come
# back by itself once it reads again or closes its socket.
#
# The NIC under test sits in a namespace as 198.18.0.2/24; the peer (init
# namespace, 198.18.0.1/24) blasts UDP to 198.18.0.2 port 9 with pktgen.
# A python3 receiver bound to port 9 with a 32 MB SO_RCVBUF (far more than
# the budget's worth, so the socket never overflows first) is stopped with
# SIGSTOP: its socket keeps every frame it gets.  With rx_page_budget set to
# LAB_SLOW_BUDGET (default 64, restored at the end) through devlink:
#
#   stopped:  pages "stack" (sampled every ~50 ms) never exceeds the budget;
#             drop_budget rises; the socket holds <= budget datagrams
#   resumed:  SIGCONT, the receiver reads: it gets datagrams, rx_packets
#             rises; then a paced stream it can keep up with is delivered
#             whole with no drop_budget (400 frames 5 ms apart: the
#             receiver, a python loop in a TCG guest, may fall up to
#             BUDGET x 5 ms = 320 ms behind; 64 ms (1 ms apart) lost 15 of
#             2,000 once on a loaded host, 128 ms (2 ms apart) 8 of 1,000
#             once on 6.1 in a CI run: not root-caused, see the notes)
#   ifdown:   stopped again, fed until the budget bites, the blast
#             stopped; ifdown does not wait for the pages the socket
#             holds (RTNL is held): it counts them in stack_at_down and
#             leaves them lent: stack_at_down rises by exactly the pages
#             "stack" held, and ip link set down takes no longer than an
#             ifdown with no page held (measured right after, in the same
#             state) + 100 ms, half the 200 ms wait it used to make; the
#             ledger balances; after ifup and SIGCONT the
#             receiver reads them, 2,000 frames are all delivered, and 10
#             small ones (no page lent) make polls that take every page
#             back: pages "stack" is 0; where the kernel lists page_pools
#             over netlink (6.12), the DUT's are the same pools (ids)
#             after as before, none detached
#   closed:   stopped again under the blast (drop_budget rising), then
#             killed: its socket's pages come back, drop_budget stops
#             rising, rx_packets rises
#   unbind:   stopped again, fed until it holds pages, then the device is
#             unbound from labyrinth while the socket holds them: remove
#             waits 2 s, leaves them to the stack, counts them in debugfs
#             pages_left_to_stack and says so in one line, without a
#             kernel WARNING; the socket then reads them (no use after
#             free), and the device binds again
#
# and over the whole test sent == delivered + dropped, the ledger balances.
# Labyrinth-only (devlink budget, page ledger).

source "$(dirname "$(readlink -f "$0")")/lib.sh"

BUDGET=${LAB_SLOW_BUDGET:-64}
HOLD_S=${LAB_SLOW_HOLD_S:-2}
PACED=${LAB_SLOW_PACED_COUNT:-400}
PACE_NS=${LAB_SLOW_PACE_NS:-5000000}
DOWN_EXTRA_MS=100
IP_PEER=198.18.0.1
IP_DUT=198.18.0.2
PORT=9

lab_require_root
ktap_header
lab_banner
ktap_plan 7

SETUP_OK=0
NS_DUT=
SINK=
OLD_BUDGET=
SENT_TOTAL=0
S0=

st() { lab_stat "$DUT_IF" "$1" "$NS_DUT"; }
eth() { lab_ethtool_stat "$DUT_IF" "rx_queue_0_$1" "$NS_DUT"; }

test_setup() {
	local err
	if [ "$LAB_DRIVER" != labyrinth ]; then
		lab_skip "rx_page_budget (devlink) and the page ledger are labyrinth-only ($LAB_DRIVER)"
		return
	fi
	lab_need_python || { lab_skip "python3 not found (the UDP receiver needs it)"; return; }
	lab_setup_subtest dut || return
	[ -n "$PEER_IF" ] || { lab_skip "needs a peer NIC (LAB_PEER_IFACE) to send from"; return; }
	[ -n "$DUT_V" ] || { lab_skip "$DUT_IF is not a virtio device"; return; }
	OLD_BUDGET=$(lab_budget_get "$DUT_V")
	lab_fig budget_before "${OLD_BUDGET:-unknown}"
	[[ $OLD_BUDGET =~ ^[0-9]+$ ]] || { lab_fail "cannot read rx_page_budget with devlink"; return; }
	# page_pool's netdev notifier takes a pool off its netdev when the
	# netdev changes namespace (netlink then lists it under the old
	# namespace's lo, or not at all), and labyrinth's pool lives from the
	# first ifup to remove: a fresh bind, so that netlink lists the pool
	# made at this test's first ifup, in its namespace
	if lab_page_pools "$DUT_IF" >/dev/null 2>&1; then
		echo "$DUT_V" > /sys/bus/virtio/drivers/labyrinth/unbind &&
			echo "$DUT_V" > /sys/bus/virtio/drivers/labyrinth/bind ||
			{ lab_fail "rebind $DUT_V"; return; }
		busywait 5000 lab_refresh >/dev/null || { lab_fail "no netdev after the rebind"; return; }
		DUT_MAC=$(cat "/sys/class/net/$DUT_IF/address")
		lab_ipv6_off "$DUT_IF"
	fi
	lab_pair_up_ns NS_DUT $IP_DUT $IP_PEER || return
	defer lab_budget_set "$DUT_V" "$OLD_BUDGET"
	err=$(lab_budget_set "$DUT_V" "$BUDGET") || lab_fail "devlink set rx_page_budget $BUDGET: $err"
	lab_check_eq "rx_page_budget read back" "$(lab_budget_get "$DUT_V")" "$BUDGET"
	lab_fig budget "$BUDGET"
	SINK=$(lab_udp_sink "$NS_DUT" $PORT 33554432) || { lab_fail "UDP receiver did not start"; return; }
	defer kill -KILL "$SINK"
	defer kill -CONT "$SINK"
	defer "$LAB_PKTGEN" -q --stop -i "$PEER_IF"
	# the receiver away from the CPU that runs pktgen and the RX softirq
	if [ "$(nproc)" -gt 1 ] && [ -n "${LAB_PG_CPU:-}" ]; then
		taskset -p -c $(( LAB_PG_CPU == 0 ? 1 : 0 )) "$SINK" >/dev/null
	fi
	lab_fig receiver_pid "$SINK"
	lab_fig receiver_cpus "$(taskset -p -c "$SINK" 2>/dev/null | sed 's/.*: //')"
	lab_dmesg_mark
	S0=$(lab_rx_sum "$DUT_IF" "$NS_DUT")
	[ $LAB_SUB_RC -eq 0 ] && SETUP_OK=1
}

blast_start() {
	"$LAB_PKTGEN" -q --start $(lab_pg_cpu_opt) -i "$PEER_IF" -m "$DUT_MAC" -d $IP_DUT -s "$LAB_PAGE_FRAME_SIZE" -n 0 -b 32
}

blast_stop() {
	lab_pktgen --stop -i "$PEER_IF"
	[[ $PG_SENT =~ ^[0-9]+$ ]] && SENT_TOTAL=$((SENT_TOTAL + PG_SENT))
}

# max of the pages "stack" line over SECONDS, sampled every ~50 ms
STACK_MAX=0
sample_stack() {
	local end=$(( $(lab_now_ms) + $1 * 1000 )) s
	while [ "$(lab_now_ms)" -lt $end ]; do
		s=$(lab_pages "$DUT_V" stack)
		[ -n "$s" ] && [ "$s" -gt $STACK_MAX ] && STACK_MAX=$s
		sleep 0.05
	done
}

gt() { [ "$("$1" "$2")" -gt "$3" ]; }
rxq_of_sink() {
	# bytes queued on the receiver's socket (/proc/net/udp rx_queue, hex)
	local q
	q=$(lab_ns_exec "$NS_DUT" cat /proc/net/udp | awk -v p=":$(printf '%04X' $PORT)" '
		$2 ~ p"$" { split($5, q, ":"); print q[2]; exit }')
	echo $((16#${q:-0}))
}

test_stopped() {
	local db0 db1 p0 p1
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	kill -STOP "$SINK" || { lab_fail "SIGSTOP receiver"; return; }
	db0=$(eth drop_budget)
	p0=$(st rx_packets)
	blast_start || { lab_fail "pktgen --start failed"; return; }
	busywait 5000 gt eth drop_budget "$db0" >/dev/null ||
		lab_fail "drop_budget did not rise within 5 s of the blast"
	STACK_MAX=0
	sample_stack "$HOLD_S"
	db1=$(eth drop_budget)
	p1=$(st rx_packets)
	lab_fig hold_s "$HOLD_S"
	lab_fig stack_max "$STACK_MAX"
	lab_fig drop_budget_delta $((db1 - db0))
	lab_fig delivered_while_stopped $((p1 - p0))
	lab_fig socket_rx_queue_bytes "$(rxq_of_sink)"
	lab_fig udp_rcvbuf_errors "$(lab_udp_snmp RcvbufErrors "$NS_DUT")"
	[ "$STACK_MAX" -le "$BUDGET" ] || lab_fail "stack held $STACK_MAX pages > budget $BUDGET"
	[ "$STACK_MAX" -gt 0 ] || lab_fail "the stack never held a page (receiver not fed?)"
	[ $((db1 - db0)) -gt 0 ] || lab_fail "drop_budget did not rise"
	[ $((p1 - p0)) -le "$BUDGET" ] ||
		lab_fail "$((p1 - p0)) frames delivered to a stopped receiver > budget $BUDGET"
}

test_resumed() {
	local in0 in1 p0 db0 db1 s0 s1
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	in0=$(lab_udp_snmp InDatagrams "$NS_DUT")
	p0=$(st rx_packets)
	kill -CONT "$SINK" || { lab_fail "SIGCONT receiver"; return; }
	busywait 5000 gt st rx_packets $((p0 + 1000)) >/dev/null ||
		lab_fail "rx_packets did not rise by 1000 within 5 s of SIGCONT"
	in1=$(lab_udp_snmp InDatagrams "$NS_DUT")
	lab_fig read_after_sigcont $((in1 - in0))
	lab_fig delivered_after_sigcont $(( $(st rx_packets) - p0 ))
	[ $((in1 - in0)) -gt 0 ] || lab_fail "the receiver read nothing after SIGCONT"
	blast_stop
	lab_wait_stable 30000 300 lab_rx_sum "$DUT_IF" "$NS_DUT" >/dev/null
	lab_wait_stable 10000 300 lab_udp_snmp InDatagrams "$NS_DUT" >/dev/null
	# a stream the receiver keeps up with: all delivered, no budget drop
	db0=$(eth drop_budget)
	s0=$(lab_rx_sum "$DUT_IF" "$NS_DUT")
	p0=$(st rx_packets)
	in0=$(lab_udp_snmp InDatagrams "$NS_DUT")
	lab_pktgen $(lab_pg_cpu_opt) -i "$PEER_IF" -m "$DUT_MAC" -d $IP_DUT -s "$LAB_PAGE_FRAME_SIZE" -n "$PACED" -b 1 -w "$PACE_NS" ||
		lab_fail "paced pktgen failed"
	[[ $PG_SENT =~ ^[0-9]+$ ]] && SENT_TOTAL=$((SENT_TOTAL + PG_SENT))
	lab_wait_stable 10000 300 lab_rx_sum "$DUT_IF" "$NS_DUT" >/dev/null
	lab_wait_stable 10000 300 lab_udp_snmp InDatagrams "$NS_DUT" >/dev/null
	db1=$(eth drop_budget)
	s1=$(lab_rx_sum "$DUT_IF" "$NS_DUT")
	in1=$(lab_udp_snmp InDatagrams "$NS_DUT")
	lab_fig paced_sent "$PG_SENT"
	lab_fig paced_pps "$PG_PPS"
	lab_fig paced_delivered $(( $(st rx_packets) - p0 ))
	lab_fig paced_read $((in1 - in0))
	lab_fig paced_drop_budget_delta $((db1 - db0))
	lab_check_eq "paced: drop_budget delta" $((db1 - db0)) 0
	lab_check_eq "paced: delivered" $(( $(st rx_packets) - p0 )) "$PG_SENT"
	lab_check_eq "paced: read by the receiver" $((in1 - in0)) "$PG_SENT"
	lab_fig stack_after_paced "$(lab_pages "$DUT_V" stack)"
}

# pages "stack" and the stack_at_down counter of the NIC under test
held() { lab_pages "$DUT_V" stack; }

# ifdown then ifup of the NIC under test; prints how long the ifdown took
down_up_ms() {
	local t ms
	t=$(lab_now_ms)
	ip -n "$NS_DUT" link set dev "$DUT_IF" down || lab_fail "ip link set down"
	ms=$(( $(lab_now_ms) - t ))
	lab_link_up "$DUT_IF" "$NS_DUT" || lab_fail "$DUT_IF up"
	ip -n "$NS_DUT" neigh replace $IP_PEER lladdr "$PEER_MAC" dev "$DUT_IF" nud permanent
	busywait 5000 lab_ns_exec "$NS_DUT" grep -qx 1 "/sys/class/net/$DUT_IF/carrier" >/dev/null ||
		lab_fail "no carrier after ifup"
	echo "$ms"
}

test_ifdown_held() {
	local db0 held0 sad0 sad1 t ms ms0 p0 back s0 s1 sent=0 pools0 pools1 rc
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	pools0=$(lab_page_pools "$DUT_IF" "$NS_DUT")
	rc=$?
	lab_fig stack_before_baseline "$(held)"
	ms0=$(down_up_ms)
	lab_fig ifdown_ms_nothing_held "$ms0"
	s0=$(lab_rx_sum "$DUT_IF" "$NS_DUT")
	kill -STOP "$SINK" || { lab_fail "SIGSTOP receiver"; return; }
	db0=$(eth drop_budget)
	blast_start || { lab_fail "pktgen --start failed"; return; }
	busywait 5000 gt eth drop_budget "$db0" >/dev/null ||
		lab_fail "drop_budget did not rise within 5 s of the blast"
	blast_stop
	sent=$((sent + ${PG_SENT:-0}))
	lab_wait_stable 10000 300 lab_rx_sum "$DUT_IF" "$NS_DUT" >/dev/null
	held0=$(held)
	sad0=$(eth stack_at_down)
	lab_fig stack_before_ifdown "$held0"
	[ "${held0:-0}" -gt 0 ] || lab_fail "the stopped receiver's socket holds no page"
	t=$(lab_now_ms)
	ip -n "$NS_DUT" link set dev "$DUT_IF" down || lab_fail "ip link set down"
	ms=$(( $(lab_now_ms) - t ))
	sad1=$(eth stack_at_down)
	lab_fig ifdown_ms "$ms"
	lab_fig stack_after_ifdown "$(held)"
	lab_fig stack_at_down_delta $((sad1 - sad0))
	lab_check_eq "stack_at_down rose by the pages the socket holds" $((sad1 - sad0)) "$held0"
	lab_check_eq "those pages stay lent (pages stack)" "$(held)" "$held0"
	# holding pages costs ifdown nothing: no wait under RTNL
	[ "$ms" -le $((ms0 + DOWN_EXTRA_MS)) ] ||
		lab_fail "ifdown took $ms ms with pages held, $ms0 ms with none: it waits for the stack"
	lab_pages_balanced "$DUT_V" >/dev/null || lab_fail "ledger unbalanced after ifdown"
	lab_link_up "$DUT_IF" "$NS_DUT" || lab_fail "$DUT_IF up"
	# ifdown flushed the static neighbour: without it an ARP reply would
	# spoil the exact count later
	ip -n "$NS_DUT" neigh replace $IP_PEER lladdr "$PEER_MAC" dev "$DUT_IF" nud permanent
	busywait 5000 lab_ns_exec "$NS_DUT" grep -qx 1 "/sys/class/net/$DUT_IF/carrier" >/dev/null ||
		lab_fail "no carrier after ifup"
	kill -CONT "$SINK" || { lab_fail "SIGCONT receiver"; return; }
	lab_wait_stable 10000 300 lab_udp_snmp InDatagrams "$NS_DUT" >/dev/null
	# polls take returned pages back: a short stream makes some
	p0=$(st rx_packets)
	lab_pktgen $(lab_pg_cpu_opt) -i "$PEER_IF" -m "$DUT_MAC" -d $IP_DUT -s "$LAB_PAGE_FRAME_SIZE" -n 2000 -b 32 ||
		lab_fail "pktgen after ifup failed"
	[[ $PG_SENT =~ ^[0-9]+$ ]] && SENT_TOTAL=$((SENT_TOTAL + PG_SENT)) sent=$((sent + PG_SENT))
	lab_wait_stable 10000 300 lab_rx_sum "$DUT_IF" "$NS_DUT" >/dev/null
	lab_wait_stable 10000 300 lab_udp_snmp InDatagrams "$NS_DUT" >/dev/null
	lab_fig sent_after_ifup "$PG_SENT"
	lab_fig delivered_after_ifup $(( $(st rx_packets) - p0 ))
	[ $(( $(st rx_packets) - p0 )) -gt 0 ] || lab_fail "nothing delivered after ifup"
	# the receiver has read everything: 10 copybreak frames (no page
	# lent) make polls that take every page back, the old pool's too
	lab_pktgen $(lab_pg_cpu_opt) -i "$PEER_IF" -m "$DUT_MAC" -d $IP_DUT -s 60 -n 10 -b 1 -w 1000000 ||
		lab_fail "pktgen (10 small frames) failed"
	[[ $PG_SENT =~ ^[0-9]+$ ]] && SENT_TOTAL=$((SENT_TOTAL + PG_SENT)) sent=$((sent + PG_SENT))
	lab_wait_stable 5000 300 lab_rx_sum "$DUT_IF" "$NS_DUT" >/dev/null
	s1=$(lab_rx_sum "$DUT_IF" "$NS_DUT")
	lab_fig sent "$sent"
	lab_fig accounted $((s1 - s0))
	lab_check_eq "sent == delivered + dropped + errors (across the ifdown)" $((s1 - s0)) "$sent"
	back=$(held)
	lab_fig stack_after_ifup_and_read "$back"
	lab_check_eq "pages stack after the receiver read them (all back)" "$back" 0
	lab_pages_balanced "$DUT_V" >/dev/null || lab_fail "ledger unbalanced after ifup"
	# one page_pool per queue from probe to remove: the same pools after
	# the ifdown and ifup, none detached (6.12 lists them over netlink)
	if [ $rc -eq 0 ]; then
		pools1=$(lab_page_pools "$DUT_IF" "$NS_DUT")
		lab_fig page_pools_before "$(echo "$pools0" | awk 'NF { printf "%s%s", s, $2; s = "," }')"
		lab_fig page_pools_after "$(echo "$pools1" | awk 'NF { printf "%s%s", s, $2; s = "," }')"
		lab_fig page_pool_inflight_after "$(echo "$pools1" | awk 'NF { printf "%s%s", s, $4; s = "," }')"
		lab_fig page_pools_detached "$(echo "$pools1" | awk '$6 == 1' | wc -l)"
		[ -n "$pools0" ] || lab_fail "netlink lists no page_pool for $DUT_IF"
		lab_check_eq "page_pools across ifdown/ifup (ids, detached)" \
			"$(echo "$pools1" | awk '{ print $2, $6 }')" "$(echo "$pools0" | awk '{ print $2, 0 }')"
	else
		lab_info "page_pools over netlink: not listed by this kernel (rc $rc)"
	fi
}

test_closed() {
	local db0 db1 db2 p0 p1 stack
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	kill -STOP "$SINK" || { lab_fail "SIGSTOP receiver"; return; }
	db0=$(eth drop_budget)
	blast_start || { lab_fail "pktgen --start failed"; return; }
	busywait 5000 gt eth drop_budget "$db0" >/dev/null ||
		lab_fail "drop_budget did not rise with the receiver stopped again"
	lab_fig stack_before_close "$(lab_pages "$DUT_V" stack)"
	kill -KILL "$SINK"
	kill -CONT "$SINK" 2>/dev/null
	busywait 5000 sh -c "! kill -0 $SINK 2>/dev/null" >/dev/null || lab_fail "receiver did not die"
	SINK=
	# let the last frames admitted before the close settle, then watch 1 s
	sleep 0.5
	db1=$(eth drop_budget)
	p0=$(st rx_packets)
	sleep 1
	db2=$(eth drop_budget)
	p1=$(st rx_packets)
	stack=$(lab_pages "$DUT_V" stack)
	lab_fig drop_budget_before_close $((db1 - db0))
	lab_fig drop_budget_in_1s_after_close $((db2 - db1))
	lab_fig delivered_in_1s_after_close $((p1 - p0))
	lab_fig stack_after_close "$stack"
	blast_stop
	# (the stack line counts the last poll's frames until the next poll
	# looks, so under a blast it stays near one poll's worth: only a figure)
	lab_check_eq "drop_budget delta in the 1 s after the close" $((db2 - db1)) 0
	[ $((p1 - p0)) -gt 1000 ] || lab_fail "only $((p1 - p0)) frames delivered in the 1 s after the close"
}

test_after() {
	local s1 err
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	lab_wait_stable 30000 300 lab_rx_sum "$DUT_IF" "$NS_DUT" >/dev/null ||
		lab_fail "receiver counters still moving"
	s1=$(lab_rx_sum "$DUT_IF" "$NS_DUT")
	lab_fig sent_total "$SENT_TOTAL"
	lab_fig accounted_total $((s1 - S0))
	lab_fig drop_budget_total "$(eth drop_budget)"
	lab_check_eq "sent == delivered + dropped + errors (whole test)" $((s1 - S0)) "$SENT_TOTAL"
	err=$(lab_budget_set "$DUT_V" "$OLD_BUDGET") || lab_fail "restore budget: $err"
	lab_check_eq "budget restored" "$(lab_budget_get "$DUT_V")" "$OLD_BUDGET"
	lab_pages_check "$DUT_V" pages
	lab_dmesg_check || lab_fail "kernel warnings"
}

# The device unbound while a stopped receiver's socket holds its pages.
test_unbind_held() {
	local db0 held0 left0 left1 f lines
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	f=/sys/kernel/debug/labyrinth/pages_left_to_stack
	[ -r $f ] || { lab_fail "$f missing"; return; }
	SINK=$(lab_udp_sink "$NS_DUT" $PORT 33554432) || { lab_fail "UDP receiver did not start"; return; }
	defer kill -KILL "$SINK"
	kill -STOP "$SINK"
	db0=$(eth drop_budget)
	blast_start || { lab_fail "pktgen --start failed"; return; }
	busywait 5000 gt eth drop_budget "$db0" >/dev/null ||
		lab_fail "drop_budget did not rise within 5 s of the blast"
	lab_pktgen --stop -i "$PEER_IF"
	lab_wait_stable 10000 300 lab_rx_sum "$DUT_IF" "$NS_DUT" >/dev/null
	held0=$(held)
	left0=$(cat $f)
	lab_fig stack_before_unbind "$held0"
	[ "${held0:-0}" -gt 0 ] || lab_fail "the stopped receiver's socket holds no page"
	lab_dmesg_mark
	echo "$DUT_V" > /sys/bus/virtio/drivers/labyrinth/unbind || { lab_fail "unbind $DUT_V"; return; }
	left1=$(cat $f)
	lines=$(lab_dmesg_since | grep -c "$DUT_V: rx0: the stack still holds $held0 pages")
	lab_fig pages_left_to_stack $((left1 - left0))
	lab_fig report_lines "$lines"
	lab_check_eq "pages_left_to_stack rose by the pages held" $((left1 - left0)) "$held0"
	lab_check_eq "one line reports them" "$lines" 1
	# the receiver reads what it holds: the pages are the stack's now
	kill -CONT "$SINK"
	lab_wait_stable 5000 300 lab_udp_snmp InDatagrams "$NS_DUT" >/dev/null
	kill -KILL "$SINK"
	SINK=
	echo "$DUT_V" > /sys/bus/virtio/drivers/labyrinth/bind || lab_fail "bind $DUT_V again"
	busywait 5000 lab_netdev_of "$DUT_V" >/dev/null || lab_fail "no netdev after the bind"
	lab_dmesg_check || lab_fail "kernel warnings"
}

lab_subtest setup test_setup
lab_subtest stopped_receiver_bounded test_stopped
lab_subtest resumed_receiver test_resumed
lab_subtest ifdown_with_pages_held test_ifdown_held
lab_subtest closed_receiver test_closed
lab_subtest accounted_and_ledger test_after
lab_subtest unbind_with_pages_held test_unbind_held
lab_finish
