#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# rmmod_under_load.sh: unload the driver while frames pour in, load it
# again, and check that it comes back working, that the kernel did not
# warn, and that the remove path gave every page back:
#
#   labyrinth virtioN: pages: allocated=A freed=F leaked=L   with A == F, L == 0
#
# Three rmmod/insmod cycles.  With LAB_DRIVER=virtio_net the module is
# removed with "modprobe -r virtio_net" (which also takes the sending NIC
# away: the blast ends with it) and the page check is skipped.

source "$(dirname "$(readlink -f "$0")")/lib.sh"

CYCLES=${LAB_RMMOD_CYCLES:-3}
LOAD_MS=${LAB_RMMOD_LOAD_MS:-1000}
AFTER_COUNT=${LAB_RMMOD_AFTER_COUNT:-10000}

lab_require_root
ktap_header
lab_banner
ktap_plan $((1 + 3 * CYCLES + 1))

SETUP_OK=0
PEER_DRV=

test_setup() {
	lab_setup_subtest dut || return
	if [ -z "$PEER_IF" ]; then
		lab_skip "needs a peer NIC (LAB_PEER_IFACE) to send from"
		return
	fi
	if [ -z "$DUT_V" ]; then
		lab_skip "$DUT_IF is not a virtio device: cannot rebind it"
		return
	fi
	PEER_DRV=$(lab_driver_of "${PEER_V:-none}")
	lab_fig sender "$PEER_IF ($PEER_DRV)"
	lab_fig receiver "$DUT_IF ($(lab_driver_of "$DUT_V")) $DUT_MAC"
	if [ "$PEER_DRV" = "$LAB_DRIVER" ]; then
		lab_info "the sender is on $LAB_DRIVER too: unloading it stops the blast"
	fi
	defer "$LAB_PKTGEN" -q --stop -i "$PEER_IF"
	lab_dmesg_mark
	SETUP_OK=1
}

bring_up() {
	lab_link_up "$PEER_IF" || return 1
	lab_link_up "$DUT_IF" || return 1
	busywait 5000 lab_carrier_is "$DUT_IF" 1 || { echo "# no carrier on $DUT_IF"; return 1; }
	busywait 5000 lab_carrier_is "$PEER_IF" 1 || { echo "# no carrier on $PEER_IF"; return 1; }
}

# Unload under load.  Sets CYCLE_OK when the driver came back.
CYCLE_OK=0
test_rmmod() {
	local i=$1 p0 p1 t0 t1 rc
	CYCLE_OK=0
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	# (re)bind, the driver of an earlier cycle may have been reloaded
	lab_bind "$DUT_V" "$LAB_DRIVER" || { lab_fail "bind $DUT_V to $LAB_DRIVER"; return; }
	[ -n "$PEER_V" ] && { lab_bind "$PEER_V" "$PEER_DRV" || { lab_fail "bind $PEER_V"; return; }; }
	lab_refresh || { lab_fail "no netdev for $DUT_V"; return; }
	bring_up || { lab_fail "links did not come up"; return; }
	lab_dmesg_mark

	p0=$(lab_rx_sum "$DUT_IF")
	"$LAB_PKTGEN" -q --start -i "$PEER_IF" -m "$DUT_MAC" -s 60 -n 0 -b 32 ||
		{ lab_fail "pktgen --start failed"; return; }
	# traffic must be flowing before the unload
	if ! busywait 5000 lab_rx_gt "$DUT_IF" $((p0 + 100)); then
		lab_fail "no traffic reached $DUT_IF before rmmod"
	fi
	sleep "$(awk -v ms="$LOAD_MS" 'BEGIN { printf "%.3f", ms / 1000 }')"
	p1=$(lab_rx_sum "$DUT_IF")
	lab_fig "cycle${i}_accounted_before_rmmod" $((p1 - p0))

	t0=$(lab_now_ms)
	lab_unload_module "$LAB_DRIVER"
	rc=$?
	t1=$(lab_now_ms)
	# The rig's link is lossless: while the receiving device has no
	# driver, the sender's TX queue is held back until RX buffers are
	# posted again.  Take the sender down until the reload, so that its
	# TX watchdog (5 s) does not fire on a slow host: that stall is the
	# link's backpressure, not a fault of either driver.
	ip link set dev "$PEER_IF" down 2>/dev/null
	lab_fig "cycle${i}_rmmod_ms" $((t1 - t0))
	[ $rc -eq 0 ] || lab_fail "unloading $LAB_DRIVER failed (exit $rc)"
	lab_module_loaded "$LAB_DRIVER" && lab_fail "$LAB_DRIVER still loaded"

	lab_pktgen --stop -i "$PEER_IF"
	lab_fig "cycle${i}_blast_sent" "$PG_SENT"
	lab_fig "cycle${i}_blast_pps" "$PG_PPS"

	# load again: the driver binds the devices nobody holds
	t0=$(lab_now_ms)
	lab_bind "$DUT_V" "$LAB_DRIVER" || { lab_fail "reload/bind $LAB_DRIVER failed"; return; }
	[ -n "$PEER_V" ] && { lab_bind "$PEER_V" "$PEER_DRV" || { lab_fail "rebind sender to $PEER_DRV"; return; }; }
	lab_refresh || { lab_fail "no netdev after reload"; return; }
	bring_up || { lab_fail "links did not come up after reload"; return; }
	lab_fig "cycle${i}_reload_ms" $(( $(lab_now_ms) - t0 ))
	lab_pin_blast
	[ $LAB_SUB_RC -eq 0 ] && CYCLE_OK=1
}

lab_rx_gt() { [ "$(lab_rx_sum "$1")" -gt "$2" ]; }

# After the reload: every frame of a short blast accounted for.
test_traffic() {
	local i=$1 s0 s1 drained
	[ $CYCLE_OK = 1 ] || { lab_skip "rmmod cycle $i did not complete"; return; }
	# frames held back while the driver was away arrive first: let them
	drained=$(lab_wait_stable 15000 500 lab_rx_sum "$DUT_IF") ||
		lab_fail "receiver counters did not settle after the reload"
	s0=$(lab_rx_sum "$DUT_IF")
	# the netdev is new, so this is what arrived since the reload
	lab_fig "cycle${i}_backlog_after_reload" "$s0"
	lab_pktgen $(lab_pg_cpu_opt) -i "$PEER_IF" -m "$DUT_MAC" -s 60 -n "$AFTER_COUNT" -b 32 ||
		lab_fail "pktgen.sh failed"
	lab_wait_stable 30000 500 lab_rx_sum "$DUT_IF" >/dev/null ||
		lab_fail "receiver counters still moving"
	s1=$(lab_rx_sum "$DUT_IF")
	lab_fig "cycle${i}_sent" "$PG_SENT"
	lab_fig "cycle${i}_accounted" $((s1 - s0))
	lab_fig "cycle${i}_rx_packets_total" "$(lab_stat "$DUT_IF" rx_packets)"
	lab_fig "cycle${i}_rx_dropped_total" "$(lab_stat "$DUT_IF" rx_dropped)"
	lab_check_eq "sent == received + dropped + errors after reload" $((s1 - s0)) "$PG_SENT"
}

# The remove line of the unload in this cycle.
test_pages() {
	local i=$1 line a f l
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	if [ "$LAB_DRIVER" != labyrinth ]; then
		lab_skip "page ledger remove line is labyrinth-only ($LAB_DRIVER)"
		return
	fi
	line=$(lab_dmesg_since | grep -E "$DUT_V: pages: allocated=" | tail -n 1)
	if [ -z "$line" ]; then
		lab_fail "no '$DUT_V: pages: allocated=A freed=F leaked=L' line in dmesg since the unload"
		return
	fi
	lab_info "remove line: ${line#*] }"
	[[ $line =~ allocated=([0-9]+)\ freed=([0-9]+)\ leaked=([0-9]+) ]] ||
		{ lab_fail "cannot parse: $line"; return; }
	a=${BASH_REMATCH[1]} f=${BASH_REMATCH[2]} l=${BASH_REMATCH[3]}
	lab_fig "cycle${i}_pages_allocated" "$a"
	lab_fig "cycle${i}_pages_freed" "$f"
	lab_fig "cycle${i}_pages_leaked" "$l"
	lab_check_eq "pages allocated == freed at remove" "$f" "$a"
	lab_check_eq "pages leaked at remove" "$l" 0
	# the reloaded instance's ledger must balance too
	if [ $CYCLE_OK = 1 ]; then
		lab_pages_check "$DUT_V" "cycle${i}_live"
	fi
}

DMESG_OK=1

test_dmesg() {
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	[ $DMESG_OK = 1 ] || lab_fail "kernel warned in at least one cycle (see above)"
}

lab_subtest setup test_setup
for i in $(seq 1 "$CYCLES"); do
	lab_subtest "cycle${i}_rmmod_under_load" test_rmmod "$i"
	lab_subtest "cycle${i}_traffic_after_reload" test_traffic "$i"
	lab_subtest "cycle${i}_remove_pages" test_pages "$i"
	[ $SETUP_OK = 1 ] && { lab_dmesg_check || DMESG_OK=0; }
done
lab_subtest dmesg_clean test_dmesg
lab_finish
