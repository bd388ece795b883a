#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kernel_fault_injection.sh: the kernel's own allocation-failure injection,
# not labyrinth's (debugfs fail_rx_alloc), against the NIC under test while
# pktgen blasts it.  Two injectors, each in two runs:
#
#   fail_page_alloc   the page allocator itself (min-order=0,
#                     ignore-gfp-wait=Y so only atomic allocations fail,
#                     ignore-gfp-highmem=N, task-filter=N, times=-1,
#                     verbose=0, a probability and an interval)
#   fail_function     page_pool_alloc_pages returning NULL (labyrinth takes
#                     its fresh RX pages from a page_pool)
#
# Fresh pages.  labyrinth copies frames up to 128 bytes and reposts the
# page, and serves fresh pages first from its own cache of pages the stack
# gave back, so a stream that the stack frees at once never calls the page
# allocator or page_pool_alloc_pages: nothing could fail.  Hence the frames
# are 1000 bytes (LAB_FI_SIZE), go as UDP to a receiver (python3, 32 MB
# socket buffer) in the DUT's namespace, and during the counted blasts that
# receiver is stopped and resumed every LAB_FI_TOGGLE_MS (default 300 ms):
# its socket holds pages (up to rx_page_budget, then drop_budget), the
# cache runs dry and fresh pages come from the page_pool and, once its
# recycling ring is empty or overflowed, from the page allocator.
#
#   *_accounted   LAB_FI_PROBABILITY % (default 30) during a blast of
#                 LAB_FI_COUNT frames (default 200000):
#                   sent == delta(rx_packets + rx_dropped + rx_errors)
#                   delta(drops) == delta(no_buffer + budget + no_skb)
#                   delta(alloc_fail) > 0      (real failures were seen)
#   *_recovery    a stream runs; 100% for LAB_FI_HOLD_MS (default 2000),
#                 then 0: the first frame is delivered within
#                 LAB_RECOVERY_MAX_MS (default 50) of writing 0 (timed like
#                 lab_exhaust: one python3 process writes, then busy-reads
#                 rx_packets), traffic goes on, and the whole stream is
#                 accounted for to the frame.
#   pages_and_dmesg   the debugfs page ledger balances, no kernel warning.
#   remove_no_leak    rmmod: the remove line says allocated == freed,
#                     leaked 0.
#
# Scope.  fail_page_alloc fails allocations of the whole guest: the
# sender's skbs (pktgen allocates with GFP_NOWAIT), virtio_net's own RX
# refill, timers, the 9p root's transport.  Unscoped, "sent" stops meaning
# what the receiver was offered and the guest itself may wedge at 100%.
# So by default (LAB_FI_SCOPE=labyrinth) the injection is limited with the
# fault-injection stack filter (require-start/require-end,
# CONFIG_FAULT_INJECTION_STACKTRACE_FILTER) to allocations whose call
# chain passes through labyrinth's text: its RX refill and whatever its
# NAPI poll allocates (skb heads).  The probability and the interval stay
# exactly as asked.  LAB_FI_SCOPE=all drops the filter (then keep the
# probability low, e.g. 1; the recovery runs are skipped: 100% unscoped
# would fail every atomic allocation of the guest).  fail_function on
# page_pool_alloc_pages needs no filter: only page_pool users are hit, and
# in the rig that is labyrinth alone (virtio_net 6.12 has no page_pool).
#
# Skips (exit 4) with the reason when the kernel has no fail_page_alloc
# (stock Debian kernels: CONFIG_FAIL_PAGE_ALLOC is off); the fail_function
# runs skip alone when only FAIL_FUNCTION is missing.  Labyrinth-only (its
# alloc_fail counter and page ledger).  Built for the debug-kernel tier's
# "inject" kernel (tools/debug-kernel, tools/test-debug).
#
# LAB_FI_COUNT, LAB_FI_PROBABILITY, LAB_FI_INTERVAL (default 1),
# LAB_FI_SIZE (frame size, default 1000: above labyrinth's copybreak),
# LAB_FI_HOLD_MS, LAB_RECOVERY_MAX_MS, LAB_FI_SCOPE; LAB_SLOW_KERNEL=1
# divides the default count by 10.

source "$(dirname "$(readlink -f "$0")")/lib.sh"

DBG=/sys/kernel/debug
FPA=$DBG/fail_page_alloc
FF=$DBG/fail_function
FF_FUNC=page_pool_alloc_pages
if [ "${LAB_SLOW_KERNEL:-0}" = 1 ]; then
	COUNT=${LAB_FI_COUNT:-20000}
else
	COUNT=${LAB_FI_COUNT:-200000}
fi
PROB=${LAB_FI_PROBABILITY:-30}
INTERVAL=${LAB_FI_INTERVAL:-1}
HOLD_MS=${LAB_FI_HOLD_MS:-2000}
TOGGLE_MS=${LAB_FI_TOGGLE_MS:-300}
IP_DUT=198.18.0.2
IP_PEER=198.18.0.1
PORT=9
NS_DUT=
SINK=
MAX_MS=${LAB_RECOVERY_MAX_MS:-50}
SCOPE=${LAB_FI_SCOPE:-labyrinth}
# Frames longer than labyrinth's copybreak (128 bytes): a shorter one is
# copied into a fresh skb and its page reposted, so it takes no fresh page
# and no allocation failure would ever reach the RX refill.
SIZE=${LAB_FI_SIZE:-1000}
BURST=32

lab_require_root
ktap_header
lab_banner
[ -d "$DBG" ] && [ -n "$(ls -A "$DBG" 2>/dev/null)" ] ||
	mount -t debugfs debugfs "$DBG" 2>/dev/null
[ -d "$FPA" ] ||
	ktap_skip_all "no $FPA: this kernel has no CONFIG_FAIL_PAGE_ALLOC + CONFIG_FAULT_INJECTION_DEBUG_FS (use the debug-kernel tier's inject kernel: tools/debug-kernel)"
ktap_plan 7

SETUP_OK=0
NAMES="packets drops drop_no_buffer drop_budget drop_no_skb length_errors alloc_fail reserve_used recycled"
declare -A B A

###########################################################################
# The injectors
###########################################################################

# knob DIR NAME VALUE: one write; fails with the shell's message
knob() {
	local err
	err=$( { echo "$3" > "$1/$2"; } 2>&1 ) && return 0
	echo "# write '$3' to $1/$2: ${err##*: }"
	return 1
}

# save_knobs DIR NAME...: restore their current values at exit
save_knobs() {
	local dir=$1 name
	shift
	for name in "$@"; do
		[ -e "$dir/$name" ] && defer knob "$dir" "$name" "$(cat "$dir/$name")"
	done
}

# labyrinth_text: "START END" (hex) of labyrinth's text, from its symbols in
# /proc/kallsyms; the last function's size comes from the .ko (nm -S), else
# a page is allowed for it.
labyrinth_text() {
	local ko lo= hi= hi_name= addr type name v size
	while read -r addr type name _; do
		case $type in t|T) ;; *) continue ;; esac
		v=$((16#$addr))
		[ "$v" -eq 0 ] && return 1	# addresses hidden (kptr_restrict)
		if [ -z "$lo" ] || [ "$v" -lt "$lo" ]; then lo=$v; fi
		if [ -z "$hi" ] || [ "$v" -gt "$hi" ]; then hi=$v hi_name=$name; fi
	done < <(grep -E '\[labyrinth\]$' /proc/kallsyms)
	[ -n "$lo" ] || return 1
	size=4096
	ko=$(lab_module_path)
	if [ -n "$ko" ] && command -v nm >/dev/null; then
		v=$(nm -S --defined-only "$ko" 2>/dev/null |
			awk -v n="$hi_name" '$4 == n { print $2; exit }')
		[ -n "$v" ] && size=$((16#$v))
	fi
	printf '0x%x 0x%x\n' "$lo" $((hi + size))
}

# fpa_arm PROB: fail_page_alloc as the issue asks, scoped per $SCOPE
fpa_arm() {
	local range
	knob "$FPA" probability 0 || return 1
	knob "$FPA" min-order 0 &&
	knob "$FPA" task-filter N &&
	knob "$FPA" ignore-gfp-wait Y &&
	knob "$FPA" ignore-gfp-highmem N &&
	knob "$FPA" interval "$INTERVAL" &&
	knob "$FPA" times -1 &&
	knob "$FPA" verbose 0 &&
	knob "$FPA" space 0 || return 1
	if [ "$SCOPE" = labyrinth ]; then
		range=$(labyrinth_text) || { echo "# labyrinth's text range not found in /proc/kallsyms"; return 1; }
		knob "$FPA" require-start "${range% *}" &&
		knob "$FPA" require-end "${range#* }" &&
		knob "$FPA" stacktrace-depth 32 || return 1
	fi
	knob "$FPA" probability "$1"
}

# ff_arm PROB: fail_function on page_pool_alloc_pages (returns NULL)
ff_arm() {
	knob "$FF" probability 0 || return 1
	grep -qx "$FF_FUNC" "$FF/inject" 2>/dev/null || knob "$FF" inject "$FF_FUNC" || return 1
	knob "$FF" task-filter N &&
	knob "$FF" interval "$INTERVAL" &&
	knob "$FF" times -1 &&
	knob "$FF" verbose 0 &&
	knob "$FF" probability "$1"
}

ff_disarm() {
	knob "$FF" probability 0
	grep -qx "$FF_FUNC" "$FF/inject" 2>/dev/null && knob "$FF" inject "!$FF_FUNC"
	return 0
}

# The probability file each injector is switched with.
prob_file() {
	case $1 in
	fpa) echo "$FPA/probability" ;;
	ff) echo "$FF/probability" ;;
	esac
}

arm() { "$1_arm" "$2"; }
disarm() {
	case $1 in
	fpa) knob "$FPA" probability 0 ;;
	ff) ff_disarm ;;
	esac
}

###########################################################################
# Measurements
###########################################################################

snap() {
	local -n arr=$1
	local n
	for n in $NAMES; do
		arr[$n]=$(lab_ethtool_stat "$DUT_IF" "rx_queue_0_$n" "$NS_DUT")
	done
	arr[rx_packets]=$(lab_stat "$DUT_IF" rx_packets "$NS_DUT")
	arr[rx_dropped]=$(lab_stat "$DUT_IF" rx_dropped "$NS_DUT")
	arr[rx_errors]=$(lab_stat "$DUT_IF" rx_errors "$NS_DUT")
}

rx_sum() { lab_rx_sum "$DUT_IF" "$NS_DUT"; }

# toggle_sink: stop and resume the receiver every TOGGLE_MS until killed
toggle_sink() {
	local s
	s=$(awk -v m="$TOGGLE_MS" 'BEGIN { printf "%.3f", m / 1000 }')
	trap 'kill -CONT $SINK 2>/dev/null; exit 0' TERM
	while :; do
		kill -STOP "$SINK" 2>/dev/null
		lab_sleep "$s"
		kill -CONT "$SINK" 2>/dev/null
		lab_sleep "$s"
	done
}

d() { echo $(( ${A[$1]:-0} - ${B[$1]:-0} )); }

rx_moved() { [ "$(lab_stat "$DUT_IF" rx_packets "$NS_DUT")" -gt "$1" ]; }

# timed_exhaust PROBFILE HOLD_MS TIMEOUT_MS: write 100 to PROBFILE, hold
# HOLD_MS, read rx_packets, write 0, busy-read rx_packets until it moves.
# One python3 process, no fork between the events (see lab_exhaust).  It
# runs in the DUT's namespace (its sysfs shows the DUT), where debugfs is
# not mounted: PROBFILE is handed over as an open file descriptor.
# Prints: hold_ms H hold_dropped D hold_delivered P recovered 0|1
#         recovery_us U poll_us Q
timed_exhaust() {
	local pin=() fd rc
	[ -n "${LAB_POLL_CPU:-}" ] && pin=(taskset -c "$LAB_POLL_CPU")
	exec {fd}>"$1" || return 1
	lab_ns_exec "$NS_DUT" "${pin[@]}" python3 -S -E - "$fd" "/sys/class/net/$DUT_IF/statistics" "$2" "$3" <<'PY'
import os, sys, time
pfd, st, hold_ms, tmo_ms = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
def rd(name):
    with open(st + '/' + name, 'rb') as f:
        return int(f.read())
def setp(v):
    os.write(pfd, v)  # debugfs attributes: not seekable, offset ignored
ns = time.monotonic_ns
try:
    d0, p0 = rd('rx_dropped'), rd('rx_packets')
    setp(b'100\n')
    t = ns()
    time.sleep(hold_ms / 1000)
    held = (ns() - t) // 1000000
    p1, d1 = rd('rx_packets'), rd('rx_dropped')
    t0 = ns()
    setp(b'0\n')
    n, ok = 0, 0
    while True:
        n += 1
        p = rd('rx_packets')
        t1 = ns()
        if p > p1:
            ok = 1
            break
        if t1 - t0 > tmo_ms * 1000000:
            break
    print('hold_ms %d hold_dropped %d hold_delivered %d recovered %d '
          'recovery_us %d poll_us %d' % (held, d1 - d0, p1 - p0, ok,
          (t1 - t0) // 1000, (t1 - t0) // 1000 // n), flush=True)
finally:
    setp(b'0\n')
PY
	rc=$?
	exec {fd}>&-
	return $rc
}

fig_of() { echo "$2" | awk -v k="$1" '{ for (i = 1; i < NF; i++) if ($i == k) { print $(i + 1); exit } }'; }

###########################################################################
# Subtests
###########################################################################

test_setup() {
	if [ "$LAB_DRIVER" != labyrinth ]; then
		lab_skip "alloc_fail and the page ledger are labyrinth's ($LAB_DRIVER)"
		return
	fi
	lab_need_python || { lab_skip "python3 not found (recovery timing needs it)"; return; }
	lab_setup_subtest dut || return
	[ -n "$PEER_IF" ] || { lab_skip "needs a peer NIC (LAB_PEER_IFACE) to send from"; return; }
	[ -n "$DUT_V" ] || { lab_skip "$DUT_IF is not a virtio device"; return; }
	lab_fig sender "$PEER_IF ($(lab_driver_of "${PEER_V:-none}"))"
	lab_fig receiver "$DUT_IF ($(lab_driver_of "$DUT_V")) $DUT_MAC"
	# as slow_consumer.sh: the DUT in a namespace as $IP_DUT, pktgen's UDP
	# to port $PORT lands on a socket there
	lab_pair_up_ns NS_DUT $IP_DUT $IP_PEER || return
	SINK=$(lab_udp_sink "$NS_DUT" $PORT 33554432) || { lab_fail "UDP receiver did not start"; return; }
	defer kill -KILL "$SINK"
	defer kill -CONT "$SINK"
	if [ "$(nproc)" -gt 1 ] && [ -n "${LAB_PG_CPU:-}" ]; then
		taskset -p -c $(( LAB_PG_CPU == 0 ? 1 : 0 )) "$SINK" >/dev/null
	fi
	lab_fig receiver_pid "$SINK"
	lab_fig sink_toggle_ms "$TOGGLE_MS"
	if [ "$(nproc)" -gt 1 ] && [ -n "${LAB_PG_CPU:-}" ]; then
		LAB_POLL_CPU=${LAB_POLL_CPU:-$(( LAB_PG_CPU == 0 ? 1 : 0 ))}
	fi
	save_knobs "$FPA" probability interval times verbose space min-order \
		task-filter ignore-gfp-wait ignore-gfp-highmem require-start \
		require-end stacktrace-depth
	defer knob "$FPA" probability 0
	if [ -d "$FF" ]; then
		save_knobs "$FF" probability interval times verbose task-filter
		defer ff_disarm
	fi
	defer "$LAB_PKTGEN" -q --stop -i "$PEER_IF"
	case $SCOPE in
	labyrinth)
		[ -e "$FPA/require-start" ] ||
			lab_fail "no $FPA/require-start (CONFIG_FAULT_INJECTION_STACKTRACE_FILTER): use LAB_FI_SCOPE=all"
		lab_fig fail_page_alloc_scope "labyrinth text $(labyrinth_text)" ;;
	all) lab_fig fail_page_alloc_scope "whole guest" ;;
	*) lab_fail "LAB_FI_SCOPE=$SCOPE: labyrinth or all" ;;
	esac
	lab_fig probability "$PROB"
	lab_fig interval "$INTERVAL"
	lab_fig frame_size "$SIZE"
	if nm -u "$(lab_module_path)" 2>/dev/null | grep -qw "$FF_FUNC"; then
		lab_fig labyrinth_uses "$FF_FUNC"
	else
		lab_info "labyrinth.ko does not call $FF_FUNC: the fail_function runs cannot hit it"
	fi
	[ $LAB_SUB_RC -eq 0 ] && SETUP_OK=1
}

# accounted INJ: a counted blast with INJ at $PROB %
test_accounted() {
	local inj=$1 sum causes tpid
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	if [ "$inj" = ff ] && [ ! -d "$FF" ]; then
		lab_skip "no $FF (CONFIG_FAIL_FUNCTION)"
		return
	fi
	lab_dmesg_mark
	lab_wait_stable 5000 300 rx_sum >/dev/null
	snap B
	arm "$inj" "$PROB" || { disarm "$inj"; lab_fail "cannot arm $inj"; return; }
	toggle_sink &
	tpid=$!
	lab_pktgen $(lab_pg_cpu_opt) -i "$PEER_IF" -m "$DUT_MAC" -d $IP_DUT -s $SIZE -n "$COUNT" -b $BURST ||
		lab_fail "pktgen.sh failed"
	kill -TERM "$tpid" 2>/dev/null
	wait "$tpid" 2>/dev/null
	kill -CONT "$SINK" 2>/dev/null
	disarm "$inj"
	lab_wait_stable 60000 500 rx_sum >/dev/null ||
		lab_fail "receiver counters still moving after 60 s"
	snap A
	lab_fig sent "$PG_SENT"
	lab_fig tx_pps "$PG_PPS"
	lab_fig pktgen_errors "$PG_ERRORS"
	lab_fig delivered "$(d rx_packets)"
	lab_fig dropped "$(d rx_dropped)"
	lab_fig rx_errors "$(d rx_errors)"
	for n in $NAMES; do
		lab_fig "${n}_delta" "$(d "$n")"
	done
	[[ $PG_SENT =~ ^[0-9]+$ ]] || { lab_fail "no pktgen result"; return; }
	[ "$PG_SENT" -ge "$COUNT" ] || lab_fail "pktgen sent $PG_SENT < $COUNT requested"
	sum=$(( $(d rx_packets) + $(d rx_dropped) + $(d rx_errors) ))
	lab_fig unaccounted $((PG_SENT - sum))
	lab_check_eq "sent == delivered + dropped + errors" "$sum" "$PG_SENT"
	causes=$(( $(d drop_no_buffer) + $(d drop_budget) + $(d drop_no_skb) ))
	lab_check_eq "drops == drop_no_buffer + drop_budget + drop_no_skb" "$(d drops)" "$causes"
	lab_check_eq "rx_dropped == drops" "$(d rx_dropped)" "$(d drops)"
	lab_fig drop_share_permille $(( $(d rx_dropped) * 1000 / (PG_SENT > 0 ? PG_SENT : 1) ))
	[ "$(d alloc_fail)" -gt 0 ] ||
		lab_fail "alloc_fail did not move: no injected failure reached labyrinth"
	[ "$(d rx_packets)" -gt 0 ] || lab_fail "no frame delivered at $PROB%"
	lab_dmesg_check || lab_fail "kernel warnings during the blast"
}

# recovery INJ: 100% for HOLD_MS under a stream, then 0
test_recovery() {
	local inj=$1 out p0 us ms sum
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	if [ "$inj" = ff ] && [ ! -d "$FF" ]; then
		lab_skip "no $FF (CONFIG_FAIL_FUNCTION)"
		return
	fi
	if [ "$inj" = fpa ] && [ "$SCOPE" != labyrinth ]; then
		lab_skip "100% fail_page_alloc for the whole guest (LAB_FI_SCOPE=all) would fail every atomic allocation"
		return
	fi
	lab_dmesg_mark
	lab_wait_stable 5000 300 rx_sum >/dev/null
	snap B
	# armed at 0: the timing loop switches the probability alone
	arm "$inj" 0 || { disarm "$inj"; lab_fail "cannot arm $inj"; return; }
	"$LAB_PKTGEN" -q --start $(lab_pg_cpu_opt) -i "$PEER_IF" -m "$DUT_MAC" -d $IP_DUT -s $SIZE -n 0 -b $BURST ||
		{ disarm "$inj"; lab_fail "pktgen --start failed"; return; }
	p0=$(lab_stat "$DUT_IF" rx_packets "$NS_DUT")
	busywait 10000 rx_moved $((p0 + 1000)) || lab_fail "stream not reaching $DUT_IF"
	out=$(timed_exhaust "$(prob_file "$inj")" "$HOLD_MS" 5000)
	disarm "$inj"
	echo "$out" | sed 's/^/# exhaust: /'
	p0=$(lab_stat "$DUT_IF" rx_packets "$NS_DUT")
	busywait 5000 rx_moved $((p0 + 1000)) ||
		lab_fail "fewer than 1000 frames delivered in the 5 s after the release"
	lab_pktgen --stop -i "$PEER_IF"
	lab_wait_stable 30000 500 rx_sum >/dev/null ||
		lab_fail "receiver counters still moving 30 s after the stream stopped"
	snap A
	[[ $out =~ recovered ]] || { lab_fail "no timing result"; return; }
	us=$(fig_of recovery_us "$out")
	ms=$(awk -v u="$us" 'BEGIN { printf "%.3f", u / 1000 }')
	lab_fig hold_ms "$(fig_of hold_ms "$out")"
	lab_fig hold_dropped "$(fig_of hold_dropped "$out")"
	lab_fig hold_delivered "$(fig_of hold_delivered "$out")"
	lab_fig recovery_ms "$ms"
	lab_fig poll_resolution_us "$(fig_of poll_us "$out")"
	lab_fig recovery_max_ms "$MAX_MS"
	lab_fig alloc_fail_delta "$(d alloc_fail)"
	lab_fig drop_no_buffer_delta "$(d drop_no_buffer)"
	lab_fig drop_no_skb_delta "$(d drop_no_skb)"
	lab_fig drop_budget_delta "$(d drop_budget)"
	lab_fig reserve_used_delta "$(d reserve_used)"
	lab_fig recycled_delta "$(d recycled)"
	lab_check_eq "traffic resumed by itself" "$(fig_of recovered "$out")" 1
	[ "$us" -le $((MAX_MS * 1000)) ] || lab_fail "recovery took $ms ms > $MAX_MS ms"
	sum=$(( $(d rx_packets) + $(d rx_dropped) + $(d rx_errors) ))
	lab_fig sent "$PG_SENT"
	lab_fig accounted "$sum"
	lab_check_eq "sent == delivered + dropped + errors" "$sum" "$PG_SENT"
	lab_dmesg_check || lab_fail "kernel warnings"
}

test_pages() {
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	lab_pages_check "$DUT_V" pages
	lab_dmesg_check || lab_fail "kernel warnings"
}

test_remove() {
	local line a f l
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	lab_dmesg_mark
	lab_unload_module labyrinth || { lab_fail "rmmod labyrinth failed"; return; }
	line=$(lab_dmesg_since | grep -E "$DUT_V: pages: allocated=" | tail -n 1)
	[ -n "$line" ] ||
		{ lab_fail "no '$DUT_V: pages: allocated=A freed=F leaked=L' line in dmesg after rmmod"; return; }
	lab_info "remove line: ${line#*] }"
	[[ $line =~ allocated=([0-9]+)\ freed=([0-9]+)\ leaked=([0-9]+) ]] ||
		{ lab_fail "cannot parse: $line"; return; }
	a=${BASH_REMATCH[1]} f=${BASH_REMATCH[2]} l=${BASH_REMATCH[3]}
	lab_fig removed_pages_allocated "$a"
	lab_fig removed_pages_freed "$f"
	lab_check_eq "pages allocated == freed at remove" "$f" "$a"
	lab_check_eq "pages leaked at remove" "$l" 0
	lab_dmesg_check || lab_fail "kernel warnings at remove"
}

lab_subtest setup test_setup
lab_subtest fail_page_alloc_accounted test_accounted fpa
lab_subtest fail_page_alloc_recovery test_recovery fpa
lab_subtest fail_function_page_pool_accounted test_accounted ff
lab_subtest fail_function_page_pool_recovery test_recovery ff
lab_subtest pages_and_dmesg test_pages
lab_subtest remove_no_leak test_remove
lab_finish
