#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# pktgen.sh - drive the kernel packet generator (net/core/pktgen.c) on one
# device from one kpktgend thread, and report machine-readable results.
#
# Options follow the kernel's samples/pktgen scripts.  Frame size (-s) is
# pktgen's "pkt_size": the Ethernet frame as handed to the driver, from the
# destination MAC to the end of the payload, EXCLUDING the 4-byte FCS.  The
# default 60 is therefore a minimum-size 64-byte frame on the wire.
#
# Modes:
#   pktgen.sh -i DEV [opts]            run in the foreground, print results
#   pktgen.sh --start -i DEV [opts]    configure, start in the background, return
#   pktgen.sh --add -i DEV [opts]      configure only: the next --start
#                                      starts DEV too (several devices at
#                                      once: --add each but the last)
#   pktgen.sh --status -i DEV          print running/sent/errors so far
#   pktgen.sh --stop -i DEV            stop a background run, print results,
#                                      detach DEV from pktgen
#
# Results (stdout, one "key value" per line):
#   sent N        frames the driver accepted (pktgen pkts-sofar)
#   errors N      frames pktgen counted as errors
#   pps N         sent / elapsed, as computed by pktgen
#   elapsed_us N  wall time of the run in microseconds
# A value that cannot be read (e.g. the device disappeared) is printed as -1.
#
# One start for every device: pgctrl's "start" runs every device on every
# thread, and pktgen_run() sets each one's skb to NULL without freeing it
# and zeroes its counters.  A second start while a device runs leaks that
# device's skb (kmemleak: "unreferenced object" from pktgen_alloc_skb) and
# cuts its report short, so --start refuses while any device runs.
#
# Exit codes: 0 ok, 1 runtime error, 2 usage error, 4 pktgen unavailable.

export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
PGDIR=/proc/net/pktgen
STATE_DIR=${PKTGEN_STATE_DIR:-/run/lab-pktgen}

DEV=
DST_MAC=
DST_IP=198.18.0.2
SIZE=60
COUNT=100000
BURST=1
DELAY=0
CLONE=0
DURATION=0
THREAD=
QUIET=0
MODE=run

usage() {
	cat <<EOF
Usage: ${0##*/} [--start|--add|--stop|--status] -i DEV [options]
  -i DEV       output device (required)
  -m MAC       destination MAC (default: broadcast ff:ff:ff:ff:ff:ff)
  -d IP        destination IPv4 address (default 198.18.0.2)
  -s SIZE      pktgen pkt_size: frame length WITHOUT the 4-byte FCS
               (default 60, i.e. a 64-byte frame on the wire; minimum 60)
  -n COUNT     frames to send, 0 = until stopped (default 100000)
  -b BURST     frames per xmit call, >1 needs IFF_TX_SKB_SHARING (default 1)
  -w DELAY_NS  pacing: gap in ns between xmit calls, i.e. between bursts
               (rate = BURST * 1e9 / DELAY_NS frames/s; default 0 = full speed)
  -c CLONE     clone_skb: reuse each skb for CLONE extra sends (default 0)
  -t SECONDS   stop after SECONDS even if COUNT is not reached (0 = no limit)
  -T CPU       kpktgend thread (CPU) to use (default: last online CPU)
  -q           quiet: print only the result lines
  --start      start in the background and return (state in $STATE_DIR);
               refused while pktgen runs on any device
  --add        configure DEV for the next --start, which starts it too
  --status     print "running 0|1", "sent N", "errors N" of DEV
  --stop       stop DEV's run, wait for it, print results, detach DEV
EOF
}

die() { echo "pktgen.sh: $*" >&2; exit 1; }
info() { [ "$QUIET" = 1 ] || echo "# pktgen: $*" >&2; }

while [ $# -gt 0 ]; do
	case "$1" in
	-i) DEV=$2; shift 2 ;;
	-m) DST_MAC=$2; shift 2 ;;
	-d) DST_IP=$2; shift 2 ;;
	-s) SIZE=$2; shift 2 ;;
	-n) COUNT=$2; shift 2 ;;
	-b) BURST=$2; shift 2 ;;
	-w) DELAY=$2; shift 2 ;;
	-c) CLONE=$2; shift 2 ;;
	-t) DURATION=$2; shift 2 ;;
	-T) THREAD=$2; shift 2 ;;
	-q) QUIET=1; shift ;;
	--start) MODE=start; shift ;;
	--add) MODE=add; shift ;;
	--stop) MODE=stop; shift ;;
	--status) MODE=status; shift ;;
	-h|--help) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done

[ -n "$DEV" ] || { usage >&2; exit 2; }
for v in SIZE COUNT BURST DELAY CLONE DURATION; do
	[[ ${!v} =~ ^[0-9]+$ ]] || { echo "pktgen.sh: -$v must be a number" >&2; exit 2; }
done
[ "$SIZE" -ge 60 ] || { echo "pktgen.sh: -s must be >= 60 (pkt_size excludes FCS)" >&2; exit 2; }
[ "$BURST" -ge 1 ] || BURST=1
[ "$EUID" = 0 ] || { echo "pktgen.sh: must run as root" >&2; exit 4; }

STATE=$STATE_DIR/$DEV

# Shell builtins wherever a command was run in a loop: in the rig's TCG
# guest every exec costs about 0.1 s (more under a blast), and tests call
# --start and --stop in loops (churn.sh: 40 times per run).
exec {PG_NAP}<> <(:)
# pg_nap [SECONDS]: sleep (default 0.05 s) without a fork: a read that
# times out on a pipe nobody writes to (selftests/lib.sh's lab_sleep; this
# tool stands alone)
pg_nap() { read -rt "${1:-0.05}" -u "$PG_NAP"; }

# pg_grep ERE FILE: some line of FILE matches ERE (grep -qE, as a builtin)
pg_grep() {
	local line
	while IFS= read -r line || [ -n "$line" ]; do
		[[ $line =~ $1 ]] && return 0
	done 2>/dev/null <"$2"
	return 1
}

# pg_writer: WRITER = the background writer's pid, from the state file
WRITER=
pg_writer() {
	WRITER=
	read -r WRITER 2>/dev/null <"$STATE"
	[[ $WRITER =~ ^[0-9]+$ ]]
}

# Write one pktgen command to a proc file and check pktgen accepted it.
pg_write() {
	local file=$1; shift
	if ! echo "$*" > "$PGDIR/$file" 2>/dev/null; then
		local res
		res=$(grep -m1 '^Result:' "$PGDIR/$file" 2>/dev/null)
		die "'$*' > $file failed${res:+: $res}"
	fi
}

pg_load() {
	[ -e $PGDIR/pgctrl ] && return 0
	modprobe pktgen 2>/dev/null
	[ -e $PGDIR/pgctrl ] || { echo "pktgen.sh: pktgen not available (CONFIG_NET_PKTGEN)" >&2; exit 4; }
}

# Threads currently holding DEV (normally zero or one).
pg_threads_of() {
	local f
	for f in $PGDIR/kpktgend_*; do
		[ -e "$f" ] || continue
		pg_grep "^(Running|Stopped):.* $DEV( |\$)" "$f" && echo "${f##*/}"
	done
}

pg_is_running() {
	local f
	for f in $PGDIR/kpktgend_*; do
		[ -e "$f" ] || continue
		pg_grep "^Running:.* $DEV( |\$)" "$f" && return 0
	done
	return 1
}

# pg_running_any: print the devices pktgen runs now, on any thread
pg_running_any() {
	local f line
	for f in $PGDIR/kpktgend_*; do
		[ -e "$f" ] || continue
		while IFS= read -r line; do
			[[ $line =~ ^Running:\ *(.*[^ ]) ]] && echo "${BASH_REMATCH[1]}"
		done 2>/dev/null <"$f"
	done
}

# Detach DEV from every pktgen thread and wait until pktgen lets it go.
pg_detach() {
	local t i
	for t in $(pg_threads_of); do
		echo rem_device_all > "$PGDIR/$t" 2>/dev/null
	done
	for ((i = 0; i < 100; i++)); do
		[ -e "$PGDIR/$DEV" ] || return 0
		pg_nap
	done
	return 1
}

# Parse /proc/net/pktgen/DEV into sent/errors/pps/elapsed_us.
pg_results() {
	local f=$PGDIR/$DEV sent=-1 errors=-1 pps=-1 elapsed=-1 line i
	local sofar="" result="" started="" lines=()
	if [ -r "$f" ] && mapfile -t lines 2>/dev/null <"$f"; then
		# the first pkts-sofar: and started: lines, and the Result: OK:
		# line with the one after it (its pps)
		for ((i = 0; i < ${#lines[@]}; i++)); do
			line=${lines[i]}
			[ -z "$sofar" ] && [[ $line == *pkts-sofar:* ]] && sofar=$line
			[ -z "$started" ] && [[ $line == *started:* ]] && started=$line
			[ -z "$result" ] && [[ $line == "Result: OK:"* ]] &&
				result="$line ${lines[i + 1]:-}"
		done
		[[ $sofar =~ pkts-sofar:\ *([0-9]+)\ +errors:\ *([0-9]+) ]] &&
			{ sent=${BASH_REMATCH[1]}; errors=${BASH_REMATCH[2]}; }
		[[ $result =~ OK:\ ([0-9]+)\( ]] && elapsed=${BASH_REMATCH[1]}
		[[ $result =~ \ ([0-9]+)pps ]] && pps=${BASH_REMATCH[1]}
		if [ "$elapsed" = -1 ]; then
			# still running or never finished: compute from timestamps
			[[ $started =~ started:\ *([0-9]+)us\ +stopped:\ *([0-9]+)us ]] &&
				elapsed=$(( BASH_REMATCH[2] - BASH_REMATCH[1] ))
			[ "$elapsed" -gt 0 ] 2>/dev/null && [ "$sent" -ge 0 ] &&
				pps=$(( sent * 1000000 / elapsed ))
		fi
	elif [ "$MODE" != status ]; then
		info "$f is gone (device unregistered?): results unknown"
	fi
	echo "sent $sent"
	echo "errors $errors"
	echo "pps $pps"
	echo "elapsed_us $elapsed"
}

pg_configure() {
	local f n last="" op=""
	pg_load
	[ -d /sys/class/net/$DEV ] || die "no such device: $DEV"
	read -r op 2>/dev/null </sys/class/net/$DEV/operstate
	[ "$op" != down ] || die "$DEV is down (pktgen needs it up with carrier)"
	if pg_is_running; then
		die "$DEV is already running in pktgen (use --stop first)"
	fi
	pg_detach || die "could not detach $DEV from pktgen"

	if [ -z "$THREAD" ]; then
		for f in $PGDIR/kpktgend_*; do
			n=${f##*_}
			[[ $n =~ ^[0-9]+$ ]] || continue
			[ -z "$last" ] || [ "$n" -gt "$last" ] && last=$n
		done
		THREAD=${last:-0}
	fi
	[ -e $PGDIR/kpktgend_$THREAD ] || die "no pktgen thread kpktgend_$THREAD"

	pg_write kpktgend_$THREAD "add_device $DEV"
	pg_write "$DEV" "count $COUNT"
	pg_write "$DEV" "clone_skb $CLONE"
	pg_write "$DEV" "pkt_size $SIZE"
	pg_write "$DEV" "delay $DELAY"
	pg_write "$DEV" "dst $DST_IP"
	pg_write "$DEV" "dst_mac ${DST_MAC:-ff:ff:ff:ff:ff:ff}"
	pg_write "$DEV" "udp_dst_min 9"
	pg_write "$DEV" "udp_dst_max 9"
	# burst last: it is refused (ENOTSUPP) by devices without skb sharing
	pg_write "$DEV" "burst $BURST"
	info "dev=$DEV thread=kpktgend_$THREAD pkt_size=$SIZE (excl. FCS) count=$COUNT burst=$BURST delay=${DELAY}ns clone_skb=$CLONE dst=$DST_IP dst_mac=${DST_MAC:-ff:ff:ff:ff:ff:ff}"
}

# Start all configured threads in the background; the writer blocks in the
# kernel until the run ends, so its pid tells us when pktgen is done.
# pg_one_start: refuse to start while pktgen runs (see the top)
pg_one_start() {
	local running
	pg_load
	running=$(pg_running_any)
	[ -z "$running" ] ||
		die "pktgen runs on $running: a second start would restart it and leak its skb (--add every device, then one --start)"
}

pg_spawn() {
	[ -d "$STATE_DIR" ] || mkdir -p "$STATE_DIR"
	setsid bash -c "echo start > $PGDIR/pgctrl" </dev/null >/dev/null 2>&1 &
	echo $! > "$STATE"
}

pg_wait_writer() {
	local pid i
	pg_writer || return 0
	pid=$WRITER
	for ((i = 0; i < 200; i++)); do
		kill -0 "$pid" 2>/dev/null || return 0
		pg_nap
	done
	# the writer sleeps interruptibly in pktgen: a signal also stops threads
	kill -INT "$pid" 2>/dev/null
	for ((i = 0; i < 40; i++)); do
		kill -0 "$pid" 2>/dev/null || return 0
		pg_nap
	done
	return 1
}

pg_writer_alive() {
	pg_writer && kill -0 "$WRITER" 2>/dev/null
}

pg_stop() {
	# pgctrl "stop" stops every pktgen thread: only say it when DEV runs
	if pg_is_running || pg_writer_alive; then
		echo stop > $PGDIR/pgctrl 2>/dev/null
	fi
	pg_wait_writer || info "start writer did not exit"
	wait 2>/dev/null
}

case $MODE in
status)
	pg_load
	if pg_is_running; then echo "running 1"; else echo "running 0"; fi
	pg_results | grep -E '^(sent|errors) '
	exit 0
	;;
stop)
	pg_load
	pg_stop
	pg_results
	pg_detach || info "could not detach $DEV"
	rm -f "$STATE"
	exit 0
	;;
add)
	pg_configure
	exit 0
	;;
start)
	pg_one_start
	pg_configure
	pg_spawn
	# wait until the thread actually picked the device up
	for ((i = 0; i < 60; i++)); do
		pg_is_running && break
		pg_writer_alive || break
		pg_nap
	done
	pg_writer
	info "started in background (pid $WRITER)"
	exit 0
	;;
run)
	pg_one_start
	pg_configure
	trap 'pg_stop; pg_results; pg_detach; rm -f "$STATE"; exit 1' INT TERM
	pg_spawn
	pg_writer
	pid=$WRITER
	end=0
	[ "$DURATION" -gt 0 ] && end=$(( ${EPOCHREALTIME/./} + DURATION * 1000000 ))
	while kill -0 "$pid" 2>/dev/null; do
		if [ "$end" -gt 0 ] && [ "${EPOCHREALTIME/./}" -ge "$end" ]; then
			break
		fi
		pg_nap 0.1
	done
	pg_stop
	trap - INT TERM
	pg_results
	pg_detach || info "could not detach $DEV"
	rm -f "$STATE"
	exit 0
	;;
esac
