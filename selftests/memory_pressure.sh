#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# memory_pressure.sh: real (not injected) allocation failures.  Free memory
# is driven down to the zones' low watermarks by tools/memhog (mlock'd
# anonymous memory; the bulk grabbed before the blast, the last
# PREGRAB_MB=8 during it, topped up every 10 ms) while a blast runs into
# the NIC under test and a slow UDP receiver makes the driver allocate:
# stopped for 2 s, its socket keeps every frame, so each replacement page is
# a fresh allocation (rx_page_budget is set to 8 x ring, the default, so
# that the allocator, not the budget, says no first); then it reads for
# 0.2 s and the pages go back (the recycling cache overflows to the page
# allocator, and memhog takes what was freed).  GFP_ATOMIC allocations may
# dip below the min watermark; to bring those depths within reach,
# vm.min_free_kbytes is lowered to LAB_MEM_MIN_FREE_KB (default 1024) and
# vm.watermark_boost_factor set to 0 (both restored at the end; a test
# guest only: the test skips outside the rig unless LAB_MEM_FORCE=1).
# Checks:
#
#   - free memory reached the watermarks: min MemFree seen (memhog's 10 ms
#     samples and the test's 100 ms ones) <= the memhog target; the ring
#     stayed full meanwhile (pages "ring" sampled every 100 ms); memhog
#     held it to the end, or the OOM killer took it (its first choice)
#     after at least one receiver cycle at the target
#   - every frame is counted: sent == delivered + dropped + errors, drops ==
#     the sum of their causes
#   - injection is off (probability 0, injected unchanged), so alloc_fail
#     counts real allocator failures: printed as real_alloc_failures (the
#     guest's page cache is reclaimed first, so there may be few; not
#     asserted), with drop_no_buffer / drop_no_skb
#   - labyrinth keeps running: once the pressure is gone and the receiver
#     killed (it exits and its socket's pages come back, each within 60 s;
#     17 s measured on a loaded host),
#     > 1000 frames delivered in 1 s, ledger balanced
#   - no kernel report through labyrinth and no NETDEV WATCHDOG (see
#     dmesg_clean: reports this pressure causes elsewhere, e.g. pktgen's
#     own allocation failures, are printed and counted, not failed)
#   - nothing leaks: rmmod's remove line shows allocated == freed, leaked 0
#     (the driver is loaded again afterwards)
#
# The target is what user allocations cannot go below without reclaim:
# per zone its low watermark plus its protection (lowmem_reserve) against
# movable allocations, summed, plus LAB_MEM_MARGIN_KB (default 1024).
# LAB_MEM_HOLD_S (default 8) seconds at the target.  memhog comes from
# build/memhog when newer than tools/memhog.c (make -C selftests memhog),
# else it is built with gcc into a scratch directory.

source "$(dirname "$(readlink -f "$0")")/lib.sh"

HOLD_S=${LAB_MEM_HOLD_S:-8}
MIN_FREE_KB=${LAB_MEM_MIN_FREE_KB:-1024}
MARGIN_KB=${LAB_MEM_MARGIN_KB:-1024}
PREGRAB_MB=8
IP_PEER=198.18.0.1
IP_DUT=198.18.0.2
PORT=9

lab_require_root
ktap_header
lab_banner
# The guest's root is the host's over 9p: under this pressure the page
# cache goes, and code that runs again is read again over 9p (128 KB
# requests at the watermarks, reclaim and compaction on both CPUs).  That
# stopped the test's own shell for 17 to 150 s in 7 of 9 runs; the bulk
# memhog therefore locks what this shell and the receiver map from files
# (-l; working_set_locked_kb), and the test's processes stay runnable.
# Earlier runs also saw a softirq run of over 20 s on the RX CPU (RCU
# stall; RIP in clear_page; on the inject kernel in labyrinth's poll),
# then the sender's TX watchdog or a soft lockup.  Not understood yet:
# such reports make the test a skip that says what is known (see
# dmesg_clean), never a pass.  The guest's speed before the pressure
# (frames counted in 1 s of the blast) is printed; it is no longer a
# gate (6.1 passed 4 of 4 at 83,657 to 92,806 frames/s with the lock).
# The same root loses a file handle if kswapd drops one of its dentries
# at the watermarks: the release sends a 9p clunk, whose request buffer
# cannot be allocated; the 9p client then forgets the fid the host still
# holds (net/9p/client.c, p9_client_clunk), and every later open or exec
# that is given the same fid number fails with EINVAL.  Seen on the debug
# kernel in CI: the test failed and the rest of the suite never ran.  So
# vm.vfs_cache_pressure is 0 while the test runs (no dentry or inode
# reclaim; restored at the end), and a root that fails to exec /bin/true
# after the pressure fails the test with that reason.
#
# On the debug kernel too: before the lock, the rig's 9p root jammed
# there at the watermarks in 2 of 3 runs ("SLUB: Unable to allocate" in
# p9_fcall_init, free memory 128 kB, nothing running); with it, it passed
# (177 s, 10,538 frames/s before the pressure).
ktap_plan 6

SETUP_OK=0
RUN_OK=0
SKIP_WHY="pressure run did not complete"
NS_DUT=
SINK=
MEMHOG=
MH_OUT=
MH_PID=
MH0_PID=
MH0_OUT=
OOM=0
OLD_BUDGET=
BUDGET_SET=
S0=
RING=
ALIVE_P0=0
ALIVE_P1=0
declare -A B A
NAMES="packets drops drop_no_buffer drop_budget drop_no_skb drop_down alloc_fail reserve_used recycled"

st() { lab_stat "$DUT_IF" "$1" "$NS_DUT"; }
snap() {
	local -n arr=$1
	local n
	for n in $NAMES; do
		arr[$n]=$(lab_ethtool_stat "$DUT_IF" "rx_queue_0_$n" "$NS_DUT")
	done
	arr[injected]=$(lab_fault_get "$DUT_V" injected)
}

# memhog: a binary newer than its source under build/, else built into a
# scratch directory (the guest sees the tree read-only)
# sets MEMHOG, or WHY and fails
build_memhog() {
	local src=$LAB_REPO/tools/memhog.c dir
	[ -f "$src" ] || { WHY="tools/memhog.c not found"; return 1; }
	if [ -x "$LAB_REPO/build/memhog" ] && [ "$LAB_REPO/build/memhog" -nt "$src" ]; then
		MEMHOG=$LAB_REPO/build/memhog
		return 0
	fi
	command -v gcc >/dev/null ||
		{ WHY="no gcc to build tools/memhog.c (or run make -C selftests memhog)"; return 1; }
	dir=$(mktemp -d "${TMPDIR:-/tmp}/lab-memhog.XXXXXX") || { WHY="mktemp failed"; return 1; }
	defer rm -rf "$dir"
	gcc -O2 -Wall -o "$dir/memhog" "$src" | sed 's/^/# gcc: /'
	[ -x "$dir/memhog" ] || { WHY="building memhog failed"; return 1; }
	MEMHOG=$dir/memhog
}

test_setup() {
	local err ring
	if [ "$LAB_DRIVER" != labyrinth ]; then
		lab_skip "alloc_fail, the page ledger and rx_page_budget are labyrinth-only ($LAB_DRIVER)"
		return
	fi
	lab_need_python || { lab_skip "python3 not found (the UDP receiver needs it)"; return; }
	build_memhog || { lab_skip "$WHY"; return; }
	lab_fig memhog "$MEMHOG"
	lab_setup_subtest dut || return
	[ -n "$PEER_IF" ] || { lab_skip "needs a peer NIC (LAB_PEER_IFACE) to send from"; return; }
	[ -n "$DUT_V" ] || { lab_skip "$DUT_IF is not a virtio device"; return; }
	[ "$(lab_mode)" = rig ] || [ -n "${LAB_MEM_FORCE:-}" ] ||
		{ lab_skip "drives the whole machine to its watermarks: rig only (LAB_MEM_FORCE=1 to run anyway)"; return; }
	# the test's own processes are not the OOM killer's business
	echo -1000 > /proc/self/oom_score_adj 2>/dev/null
	defer lab_fault_off "$DUT_V"
	lab_fault_off "$DUT_V"
	lab_check_eq "injection off" "$(lab_fault_get "$DUT_V" probability)" 0
	OLD_BUDGET=$(lab_budget_get "$DUT_V")
	[[ $OLD_BUDGET =~ ^[0-9]+$ ]] || { lab_fail "cannot read rx_page_budget"; return; }
	ring=$(lab_ring_size "$DUT_IF")
	[[ $ring =~ ^[0-9]+$ ]] || { lab_fail "no RX ring size from ethtool -g"; return; }
	RING=$ring
	lab_pair_up_ns NS_DUT $IP_DUT $IP_PEER || return
	defer lab_budget_set "$DUT_V" "$OLD_BUDGET"
	err=$(lab_budget_set "$DUT_V" $((8 * ring))) ||
		lab_fail "budget to 8 x ring: $err"
	BUDGET_SET=$(lab_budget_get "$DUT_V")
	lab_fig budget "$BUDGET_SET"
	SINK=$(lab_udp_sink "$NS_DUT" $PORT 268435456) || { lab_fail "UDP receiver did not start"; return; }
	defer kill -KILL "$SINK"
	defer kill -CONT "$SINK"
	defer "$LAB_PKTGEN" -q --stop -i "$PEER_IF"
	if [ "$(nproc)" -gt 1 ] && [ -n "${LAB_PG_CPU:-}" ]; then
		taskset -p -c $(( LAB_PG_CPU == 0 ? 1 : 0 )) "$SINK" >/dev/null
	fi
	[ $LAB_SUB_RC -eq 0 ] && SETUP_OK=1
}

# zoneinfo: per populated zone "name min low high free protection_max"
zones() {
	awk '$1 == "Node" { z = $4; next }
	     $1 == "pages" && $2 == "free" { free[z] = $3 }
	     $1 == "min" { mn[z] = $2 } $1 == "low" { lo[z] = $2 } $1 == "high" { hi[z] = $2 }
	     $1 == "managed" { man[z] = $2 }
	     $1 == "protection:" { gsub(/[(),]/, " "); p = 0; for (i = 2; i <= NF; i++) if ($i > p) p = $i; prot[z] = p }
	     END { for (z in man) if (man[z] > 0) print z, mn[z], lo[z], hi[z], free[z], prot[z] }' /proc/zoneinfo
}

memfree_kb() { local k v _; while read -r k v _; do [ "$k" = MemFree: ] && { echo "$v"; return; }; done < /proc/meminfo; }
# RING_MIN = min(RING_MIN, pages "ring"), without a fork (the file is read
# whole: see lab_pages_check)
RING_MIN=
ring_min() {
	local t
	read -r -d '' t < "/sys/kernel/debug/labyrinth/$DUT_V/pages"
	[[ $'\n'$t =~ $'\n'ring\ ([0-9]+) ]] || return 0
	[ -z "$RING_MIN" ] || [ "${BASH_REMATCH[1]}" -lt "$RING_MIN" ] && RING_MIN=${BASH_REMATCH[1]}
	return 0
}

# MIN_SEEN = min(MIN_SEEN, MemFree), without a fork
memfree_min() {
	local k v _
	while read -r k v _; do
		[ "$k" = MemFree: ] || continue
		[ "$v" -lt "$MIN_SEEN" ] && MIN_SEEN=$v
		return
	done < /proc/meminfo
}

TARGET_KB=
MIN_SEEN=
test_pressure() {
	local z mn lo hi fr pr sum_min=0 sum_low=0 floor=0 pk i end v SLP held w k t
	[ $SETUP_OK = 1 ] || { lab_skip "setup failed or skipped"; return; }
	pk=$(( $(getconf PAGESIZE) / 1024 ))
	lab_fig min_free_kbytes_before "$(cat /proc/sys/vm/min_free_kbytes)"
	lab_sysctl_for_test vm.min_free_kbytes "$MIN_FREE_KB" || lab_fail "cannot lower vm.min_free_kbytes"
	lab_fig min_free_kbytes "$(cat /proc/sys/vm/min_free_kbytes)"
	# no watermark boost: it raises the min watermark by megabytes after a
	# fragmentation event, which turned memhog's last grabs into an OOM kill
	lab_sysctl_for_test vm.watermark_boost_factor 0
	# no dentry or inode reclaim: see the header (the rig's 9p root)
	lab_sysctl_for_test vm.vfs_cache_pressure 0
	lab_fig vfs_cache_pressure "$(cat /proc/sys/vm/vfs_cache_pressure)"
	while read -r z mn lo hi fr pr; do
		lab_info "zone $z: min $((mn * pk)) kB low $((lo * pk)) kB high $((hi * pk)) kB free $((fr * pk)) kB protection $((pr * pk)) kB"
		sum_min=$((sum_min + mn)); sum_low=$((sum_low + lo)); floor=$((floor + lo + pr))
	done < <(zones)
	TARGET_KB=$((floor * pk + MARGIN_KB))
	lab_fig watermark_min_kb $((sum_min * pk))
	lab_fig watermark_low_kb $((sum_low * pk))
	lab_fig memhog_target_kb "$TARGET_KB"
	lab_fig memfree_before_kb "$(memfree_kb)"
	lab_dmesg_mark
	lab_ctl host_stalls >/dev/null 2>&1	# from here on
	snap B
	MH_OUT=$(mktemp "${TMPDIR:-/tmp}/lab-memhog-out.XXXXXX")
	MH0_OUT=$(mktemp "${TMPDIR:-/tmp}/lab-memhog-out.XXXXXX")
	defer rm -f "$MH_OUT" "$MH0_OUT"
	# the bulk first, before the blast competes for the CPUs: all but
	# PREGRAB_MB above the target, held until the end
	# (-l: it locks this shell's and the receiver's code; see the header)
	"$MEMHOG" -f $((TARGET_KB / 1024 + PREGRAB_MB)) -d 600 -c 64 -l $$ -l "$SINK" > "$MH0_OUT" 2>&1 &
	MH0_PID=$!
	defer kill "$MH0_PID"
	busywait 60000 grep -q '^holding' "$MH0_OUT" >/dev/null ||
		{ lab_fail "memhog (bulk) did not reach its target in 60 s"; return; }
	lab_fig memhog_bulk "$(sed -n 's/^holding \([0-9]*\) \([0-9]*\)/held_kb \1 memfree_kb \2/p' "$MH0_OUT")"
	lab_fig working_set_locked_kb "$(awk '$1 == "locked_kb" { print $2 }' "$MH0_OUT")"
	lab_wait_stable 5000 300 lab_rx_sum "$DUT_IF" "$NS_DUT" >/dev/null
	S0=$(lab_rx_sum "$DUT_IF" "$NS_DUT")
	"$LAB_PKTGEN" -q --start $(lab_pg_cpu_opt) -i "$PEER_IF" -m "$DUT_MAC" -d $IP_DUT -s "$LAB_PAGE_FRAME_SIZE" -n 0 -b 32 ||
		{ lab_fail "pktgen --start failed"; return; }
	# the guest's speed before the pressure: frames counted in 1 s
	lab_sleep 0.5
	v=$(lab_rx_sum "$DUT_IF" "$NS_DUT")
	lab_sleep 1
	v=$(( $(lab_rx_sum "$DUT_IF" "$NS_DUT") - v ))
	lab_fig counted_in_1s_before_pressure "$v"
	"$MEMHOG" -f $((TARGET_KB / 1024)) -d $((HOLD_S + 120)) -c 8 > "$MH_OUT" 2>&1 &
	MH_PID=$!
	defer kill "$MH_PID"
	# From here until memhog is done: shell builtins only.  Under this
	# pressure the page cache is gone, and every exec re-reads its binary
	# over the rig's 9p root, which stalls a shell for seconds.
	# The receiver is stopped 2 s: its socket keeps what it gets, so the
	# driver allocates a page for every frame until allocations fail; then
	# it reads 0.2 s (pages go back, memhog takes them).  MemFree is
	# sampled every 0.1 s.  HOLD_S after memhog reached the target, it is
	# told to stop.
	exec {SLP}<> <(:)	# read -t on it: a sleep without a fork
	MIN_SEEN=$(memfree_kb)
	end=$(( ${EPOCHREALTIME/./} + (90 + HOLD_S) * 1000000 ))
	i=0 held=0
	while kill -0 "$MH_PID" 2>/dev/null; do
		if [ "${EPOCHREALTIME/./}" -ge $end ]; then
			lab_fail "memhog did not reach its target in 90 s"
			break
		fi
		kill -STOP "$SINK"
		for k in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
			read -rt 0.1 -u $SLP
			memfree_min
			ring_min
		done
		kill -CONT "$SINK"
		read -rt 0.2 -u $SLP
		if [ $held = 0 ]; then
			read -r w _ < "$MH_OUT" && [ "$w" = holding ] && held=${EPOCHREALTIME/./}
		fi
		if [ $held != 0 ]; then
			i=$((i + 1))
			[ $(( ${EPOCHREALTIME/./} - held )) -ge $((HOLD_S * 1000000)) ] && break
		fi
	done
	kill -TERM "$MH_PID" "$MH0_PID" 2>/dev/null
	exec {SLP}<&-
	lab_fig consumer_stop_cycles_at_target "$i"
	wait "$MH_PID"
	v=$?
	wait "$MH0_PID"
	if ! /bin/true 2>/dev/null; then
		SKIP_WHY="the rig's root can no longer be read"
		lab_fail "after the pressure the rig's 9p root fails to open files (a 9p fid lost at the watermarks? see the header)"
		return
	fi
	lab_fig memhog_exit "$v"
	sed 's/^/# memhog: /' "$MH_OUT"
	grep -q '^holding' "$MH_OUT" || lab_fail "memhog never reached its target"
	[ "$i" -gt 0 ] || lab_fail "no receiver stop/read cycle at the target"
	if [ "$v" != 0 ]; then
		OOM=$(dmesg | grep -c 'Killed process [0-9]* (memhog)')
		lab_fig memhog_oom_killed "$OOM"
		# Past the watermarks to the OOM killer, whose first choice memhog
		# is (oom_score_adj 1000): the pressure was had (seen on the
		# inject kernel, whose small footprint leaves little to reclaim)
		if [ "$v" = 137 ] && [ "$OOM" -gt 0 ] && [ "$i" -gt 0 ]; then
			lab_info "memhog OOM-killed after $i receiver cycles at the target: pressure went on to the OOM killer"
		else
			lab_fail "memhog exited $v before the end of the hold (OOM kills of memhog: $OOM)"
		fi
	fi
	# labyrinth keeps running: with the pressure gone and the receiver
	# closed, its socket's pages go back and the blast is delivered to the
	# stack again.  (Not "the receiver reads again": a python reader whose
	# pages the pressure evicted may take seconds to run again in a TCG
	# guest on a loaded host, while the budget it holds drops everything.)
	kill -CONT "$SINK"
	kill -KILL "$SINK"
	t=$(lab_now_ms)
	busywait 60000 sh -c "! kill -0 $SINK 2>/dev/null" >/dev/null ||
		lab_fail "the receiver did not exit within 60 s of SIGKILL"
	SINK=
	busywait 60000 stack_below_budget >/dev/null ||
		lab_fail "pages stack still at the budget 60 s after the receiver exited"
	lab_fig receiver_gone_and_pages_back_ms $(( $(lab_now_ms) - t ))
	ALIVE_P0=$(st rx_packets)
	lab_sleep 1
	ALIVE_P1=$(st rx_packets)
	lab_pktgen --stop -i "$PEER_IF"
	RUN_OK=1
}

# the stack holds fewer pages than rx_page_budget (a builtin read)
stack_below_budget() {
	local t
	read -r -d '' t < "/sys/kernel/debug/labyrinth/$DUT_V/pages"
	[[ $'\n'$t =~ $'\n'stack\ ([0-9]+) ]] && [ "${BASH_REMATCH[1]}" -lt "$BUDGET_SET" ]
}

mh() { awk -v k="$1" '$1 == k { print $2; exit }' "$MH_OUT"; }

test_watermarks() {
	local m
	[ $RUN_OK = 1 ] || { lab_skip "$SKIP_WHY"; return; }
	m=$(mh min_free_kb)
	[ -n "$m" ] && [ "$m" -ge 0 ] && [ "$m" -lt "$MIN_SEEN" ] && MIN_SEEN=$m
	lab_fig min_memfree_seen_kb "$MIN_SEEN"
	lab_fig ring_size "$RING"
	lab_fig ring_min_during_pressure "$RING_MIN"
	lab_check_eq "ring stayed full under pressure (min pages ring)" "$RING_MIN" "$RING"
	lab_fig memhog_held_kb "$(mh held_kb)"
	[ "$MIN_SEEN" -le "$TARGET_KB" ] ||
		lab_fail "free memory never went down to the target: min $MIN_SEEN kB > $TARGET_KB kB"
}

test_counted() {
	local s1 sum
	[ $RUN_OK = 1 ] || { lab_skip "$SKIP_WHY"; return; }
	lab_wait_stable 30000 300 lab_rx_sum "$DUT_IF" "$NS_DUT" >/dev/null ||
		lab_fail "receiver counters still moving"
	snap A
	s1=$(lab_rx_sum "$DUT_IF" "$NS_DUT")
	lab_fig sent "$PG_SENT"
	lab_fig pktgen_errors "$PG_ERRORS"
	lab_fig accounted $((s1 - S0))
	for n in $NAMES injected; do
		lab_fig "${n}_delta" $(( A[$n] - B[$n] ))
	done
	lab_fig real_alloc_failures $(( A[alloc_fail] - B[alloc_fail] ))
	lab_check_eq "sent == delivered + dropped + errors" $((s1 - S0)) "$PG_SENT"
	lab_check_eq "nothing injected" $(( A[injected] - B[injected] )) 0
	lab_check_eq "drops == sum of causes" $(( A[drops] - B[drops] )) \
		$(( A[drop_no_buffer] - B[drop_no_buffer] + A[drop_budget] - B[drop_budget] + A[drop_no_skb] - B[drop_no_skb] + A[drop_down] - B[drop_down] ))
	[ $(( A[drop_no_buffer] - B[drop_no_buffer] )) -le $(( A[alloc_fail] - B[alloc_fail] )) ] ||
		lab_fail "drop_no_buffer without an allocation failure"
}

test_alive() {
	[ $RUN_OK = 1 ] || { lab_skip "$SKIP_WHY"; return; }
	lab_fig delivered_in_1s_after_pressure $((ALIVE_P1 - ALIVE_P0))
	[ $((ALIVE_P1 - ALIVE_P0)) -gt 1000 ] ||
		lab_fail "only $((ALIVE_P1 - ALIVE_P0)) frames delivered in the 1 s after the pressure"
	lab_pages_check "$DUT_V" pages
}

# The kernel log since the mark, report by report (a report runs from a
# header line to the next one).  Fails on:
#   - any report with a labyrinth frame ("[labyrinth]") or naming labyrinth
#   - NETDEV WATCHDOG: the sender's queue stalled, i.e. the NIC under test
#     took nothing for 5 s
#   - anything else unexpected
# and only prints (KERNEL_INFO, counted) what this test's own pressure may
# cause outside labyrinth: allocation failures of the traffic generator
# (kpktgend, GFP_NOWAIT without __GFP_NOWARN) and of any other allocation
# whose trace does not pass through labyrinth (seen on the debug kernel:
# kswapd0 dropping a 9p dentry of the rig's root, an order-1 GFP_NOFS
# kmalloc in p9_fcall_init), an OOM kill of memhog, and
# soft lockups / RCU stalls / hung tasks whose traces do not go through
# labyrinth (the guest starving at its watermarks under TCG).
# (The splat once seen through labyrinth on 6.1, the NAPI skb cache's
# refill inside napi_build_skb() warning "page allocation failure", is gone:
# labyrinth allocates skb heads itself with __GFP_NOWARN.)
#
# A guest CPU that stopped running its timers: "clocksource: Long readout
# interval" says the clocksource watchdog's timer ran seconds late (seen:
# 20.8 to 32.7 s, on 6.12, 6.1 and the inject kernel).  Earlier versions
# of this test took it for the emulator not running the vCPU; it is not
# that: the kernel prints it when timer softirqs were delayed, which code
# in the guest can cause, and on the inject kernel (2026-11-30) two NMI
# backtraces 7 s apart inside such a window showed the RX CPU running,
# in labyrinth's NAPI poll (irq-exit softirq), the interrupted pktgen
# thread at the same instruction both times (Documentation/design.rst,
# "Stalls under memory pressure": an open problem).  Stalls and watchdogs
# in that window (RCU stall, soft lockup, hung task, the sender's TX
# watchdog) are STALL(...) and the test is a skip, naming the window and
# saying that the cause is not established, instead of a pass; any other
# report still fails.  A stall window of 1 s or more that the rig saw on
# the host side (tools/lab-vm's HostWatch: its own wake-ups late, CPU
# steal, memory stall; lab_ctl host_stalls) is the host's, and is named as
# such.
KERNEL_INFO=0
HOST_STALL_MS=0
HOST_STALL_SRC=
HOST_WATCH="no host watch (not in the rig)"
HOST_EXCUSED=0

# host_stall_seen MS SOURCE: keeps the longest stop and what saw it
host_stall_seen() {
	[ -n "$1" ] && [ "$1" -ge 1000 ] && [ "$1" -gt "$HOST_STALL_MS" ] || return 0
	HOST_STALL_MS=$1
	HOST_STALL_SRC=$2
}

dmesg_clean() {
	local out log oom_memhog_only=0 ns host
	log=$(lab_dmesg_since)
	ns=$(grep -oE 'clocksource: Long readout interval.* wd_nsec: [0-9]+' <<<"$log" |
		sed -E 's/.* wd_nsec: //' | sort -n | tail -1)
	[ -n "$ns" ] && host_stall_seen $((ns / 1000000)) "clocksource long readout"
	if host=$(lab_ctl host_stalls 2>/dev/null); then
		lab_info "host stalls: $host"
		HOST_WATCH="host watch: $host"
		[[ $host =~ longest_ms=([0-9]+) ]] &&
			host_stall_seen "${BASH_REMATCH[1]}" "lab-vm host watch"
	fi
	# an OOM report's lines may interleave with another CPU's report, so
	# who was killed is looked up in the whole log: memhog, and only it
	grep -qE 'Killed process [0-9]+ \(memhog\)' <<<"$log" &&
		! grep -E 'Killed process [0-9]+ \(' <<<"$log" | grep -vq '(memhog)' &&
		oom_memhog_only=1
	out=$(awk -v oom_memhog_only=$oom_memhog_only -v host_stall=$HOST_STALL_MS '
		function flush() {
			if (hdr == "") return
			if (host_stall > 0 && hdr ~ /NETDEV WATCHDOG|soft lockup|rcu: INFO|rcu_.*stall|blocked for more than/)
				v = "STALL(timers stopped " host_stall " ms)"
			else if (body ~ /\[labyrinth\]/ || hdr ~ /labyrinth/) v = "FAIL(labyrinth)"
			else if (hdr ~ /kpktgend_[0-9]+: page allocation failure/) v = "INFO(pktgen)"
			else if (hdr ~ /page allocation failure/) v = "INFO(allocation outside labyrinth)"
			else if (hdr ~ /invoked oom-killer/ && oom_memhog_only) v = "INFO(oom:memhog)"
			else if (hdr ~ /NETDEV WATCHDOG/) v = "FAIL(sender stalled)"
			else if (hdr ~ /soft lockup|rcu: INFO|rcu_.*stall|blocked for more than/) v = "INFO(guest)"
			else v = "FAIL"
			print v ": " hdr
			hdr = ""; body = ""
		}
		/WARNING:|BUG:|Oops|general protection|page allocation failure|NETDEV WATCHDOG|invoked oom-killer|rcu: INFO|rcu_.*stall|blocked for more than/ {
			flush(); hdr = $0; next
		}
		hdr != "" { body = body "\n" $0 }
		END { flush() }' <<<"$log")
	[ -z "$out" ] && return 0
	echo "$out" | sed 's/^/# kernel: /'
	KERNEL_INFO=$(echo "$out" | grep -c '^INFO')
	HOST_EXCUSED=$((HOST_EXCUSED + $(echo "$out" | grep -c '^STALL')))
	! echo "$out" | grep -q '^FAIL'
}

test_rmmod() {
	local line
	[ $RUN_OK = 1 ] || { lab_skip "$SKIP_WHY"; return; }
	dmesg_clean || lab_fail "kernel warnings under memory pressure"
	lab_budget_set "$DUT_V" "$OLD_BUDGET" >/dev/null
	lab_unload_module labyrinth || { lab_fail "rmmod failed"; return; }
	# The newest remove line in the whole log: under pressure the kernel's
	# own allocation reports can push the mark out of the ring buffer.
	line=$(dmesg | grep -E "$DUT_V: pages: allocated=" | tail -n 1)
	lab_info "remove line: ${line#*] }"
	if [[ $line =~ allocated=([0-9]+)\ freed=([0-9]+)\ leaked=([0-9]+) ]]; then
		lab_fig remove_allocated "${BASH_REMATCH[1]}"
		lab_fig remove_leaked "${BASH_REMATCH[3]}"
		lab_check_eq "allocated == freed at remove" "${BASH_REMATCH[2]}" "${BASH_REMATCH[1]}"
		lab_check_eq "leaked at remove" "${BASH_REMATCH[3]}" 0
	else
		lab_fail "no remove line"
	fi
	dmesg_clean || lab_fail "kernel warnings at rmmod"
	lab_fig kernel_reports_not_labyrinth "$KERNEL_INFO"
	lab_fig host_stopped_guest_ms "$HOST_STALL_MS"
	# back as the other tests expect it
	lab_bind "$DUT_V" labyrinth || lab_fail "reload"
	# the stall verdict could not be had; a failure above still fails
	if [ "$HOST_EXCUSED" -gt 0 ] && [ "$LAB_SUB_RC" -eq 0 ]; then
		if [ "$HOST_STALL_SRC" = "lab-vm host watch" ]; then
			lab_skip_test "the host stopped the guest for $HOST_STALL_MS ms ($HOST_WATCH): its stall and watchdog reports are the host's, and whether labyrinth stalls could not be seen"
		else
			lab_skip_test "a guest CPU's timers did not run for $HOST_STALL_MS ms ($HOST_STALL_SRC; $HOST_WATCH, so not the host): a stall under memory pressure whose cause is not established (Documentation/design.rst, stalls under memory pressure), not a pass"
		fi
		return
	fi
	return 0
}

lab_subtest setup test_setup
lab_subtest pressure_with_traffic test_pressure
lab_subtest reached_watermarks test_watermarks
lab_subtest every_frame_counted test_counted
lab_subtest alive_after_pressure test_alive
lab_subtest rmmod_no_leak test_rmmod
lab_finish
