# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Shared helpers for the labyrinth selftests (source from bash).
#
# KTAP output, kselftest exit codes, deferred cleanup, polling waits,
# network namespaces, module loading, moving virtio devices between drivers,
# counter readers and dmesg checks.
#
# Environment:
#   LAB_DRIVER      driver under test: labyrinth (default) or virtio_net
#   LAB_MODULE      path of labyrinth.ko (default <repo>/build/$(uname -r)/
#                   labyrinth.ko, else "modprobe labyrinth")
#   LAB_IFACE       netdev under test (your own guest); the tests then do not
#                   rebind anything except where a test must (rmmod)
#   LAB_PEER_IFACE  netdev on the same L2 that sends to LAB_IFACE
#   LAB_NIC{0,1}_PCI, LAB_NIC{0,1}_MAC   set by tools/lab-vm: nic1 is the
#                   device under test, nic0 the traffic source
#   LAB_VERBOSE=1   echo commands of lab_run

export PATH=/usr/sbin:/usr/bin:/sbin:/bin:${PATH:-}
export LC_ALL=C

KSFT_PASS=0
KSFT_FAIL=1
KSFT_SKIP=4
ksft_skip=$KSFT_SKIP

LAB_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LAB_DRIVER=${LAB_DRIVER:-labyrinth}
BUSYWAIT_TIMEOUT=${BUSYWAIT_TIMEOUT:-5000}
# pktgen pkt_size of frames that take a page from labyrinth: above its
# copybreak (LAB_RX_COPYBREAK, 128 bytes), which copies shorter frames
# whole and reposts their buffer.  Tests of page exhaustion, the page
# budget and memory pressure send these.
LAB_PAGE_FRAME_SIZE=${LAB_PAGE_FRAME_SIZE:-200}
LAB_DMESG_PATTERN='WARNING:|BUG:|Oops|general protection|Call Trace|page allocation failure|NETDEV WATCHDOG'

# Source tree (for tools/ and build/) when run from a checkout; an installed
# copy carries pktgen.sh beside lib.sh and may record the tree in repo-path.
if [ -x "$LAB_LIB_DIR/../tools/pktgen.sh" ]; then
	LAB_REPO=$(cd "$LAB_LIB_DIR/.." && pwd)
elif [ -r "$LAB_LIB_DIR/repo-path" ]; then
	LAB_REPO=$(cat "$LAB_LIB_DIR/repo-path")
else
	LAB_REPO=
fi
if [ -x "$LAB_LIB_DIR/pktgen.sh" ]; then
	LAB_PKTGEN=$LAB_LIB_DIR/pktgen.sh
else
	LAB_PKTGEN=$LAB_REPO/tools/pktgen.sh
fi
if [ -x "$LAB_LIB_DIR/lab-ctl" ]; then
	LAB_CTL_CMD=$LAB_LIB_DIR/lab-ctl
else
	LAB_CTL_CMD=$LAB_REPO/tools/vm/lab-ctl
fi

###########################################################################
# KTAP
###########################################################################

LAB_TESTNO=0
LAB_CNT_PASS=0
LAB_CNT_FAIL=0
LAB_CNT_SKIP=0
LAB_PLAN=0
LAB_SUB_RC=0
LAB_SKIP_REASON=
LAB_T0=${EPOCHREALTIME/./}

lab_now_ms() { local t=${EPOCHREALTIME/./}; echo $(( t / 1000 )); }

ktap_header() { echo "KTAP version 1"; }

ktap_plan() { LAB_PLAN=$1; echo "1..$1"; }

ktap_skip_all() {
	echo "1..0 # SKIP $*"
	exit $KSFT_SKIP
}

# Diagnostic and figure lines.
lab_info() { echo "# $*"; }
lab_fig() { echo "# $1: $2"; }

ktap_ok() { LAB_TESTNO=$((LAB_TESTNO + 1)); LAB_CNT_PASS=$((LAB_CNT_PASS + 1)); echo "ok $LAB_TESTNO $1"; }
ktap_not_ok() { LAB_TESTNO=$((LAB_TESTNO + 1)); LAB_CNT_FAIL=$((LAB_CNT_FAIL + 1)); echo "not ok $LAB_TESTNO $1"; }
ktap_skip() { LAB_TESTNO=$((LAB_TESTNO + 1)); LAB_CNT_SKIP=$((LAB_CNT_SKIP + 1)); echo "ok $LAB_TESTNO $1 # SKIP $2"; }

# Inside a subtest: record a failure (the subtest goes on, so that all
# figures are printed) or ask for a skip (return $KSFT_SKIP after it).
lab_fail() { echo "# FAIL: $*"; LAB_SUB_RC=1; return 1; }
lab_skip() { LAB_SKIP_REASON=$*; return $KSFT_SKIP; }

# lab_skip_test REASON: the test as a whole is a skip (its main check could
# not run), whatever subtests passed before; a failure still fails it
LAB_SKIP_TEST=
lab_skip_test() { LAB_SKIP_TEST=$*; lab_skip "$@"; }

# lab_check_eq LABEL GOT WANT
lab_check_eq() {
	if [ "$2" == "$3" ]; then
		return 0
	fi
	lab_fail "$1: got '$2', want '$3'"
}

# lab_check LABEL CMD...: fail with LABEL unless CMD succeeds
lab_check() {
	local label=$1; shift
	"$@" && return 0
	lab_fail "$label"
}

# lab_subtest NAME FUNC [ARGS...]
# FUNC returns 0 (pass unless lab_fail was called), $KSFT_SKIP after
# lab_skip, anything else for fail.
lab_subtest() {
	local name=$1 rc t0; shift
	LAB_SUB_RC=0
	LAB_SKIP_REASON=
	t0=$(lab_now_ms)
	"$@"
	rc=$?
	lab_info "$name: $(( $(lab_now_ms) - t0 )) ms"
	if [ $rc -eq $KSFT_SKIP ]; then
		ktap_skip "$name" "${LAB_SKIP_REASON:-no reason given}"
	elif [ $rc -eq 0 ] && [ $LAB_SUB_RC -eq 0 ]; then
		ktap_ok "$name"
	else
		ktap_not_ok "$name"
	fi
	[ $rc -eq $KSFT_SKIP ] && return 0
	[ $rc -eq 0 ] && [ $LAB_SUB_RC -eq 0 ]
}

# Print totals and exit: 1 if anything failed (or the plan was not met),
# 4 if everything was skipped, else 0.
lab_finish() {
	local ran=$((LAB_CNT_PASS + LAB_CNT_FAIL + LAB_CNT_SKIP))
	while [ $ran -lt "$LAB_PLAN" ]; do
		ktap_not_ok "missing-subtest-$((ran + 1))"
		ran=$((ran + 1))
	done
	lab_fig duration_ms $(( (${EPOCHREALTIME/./} - LAB_T0) / 1000 ))
	echo "# Totals: pass:$LAB_CNT_PASS fail:$LAB_CNT_FAIL xfail:0 xpass:0 skip:$LAB_CNT_SKIP error:0"
	if [ $LAB_CNT_FAIL -gt 0 ]; then
		exit $KSFT_FAIL
	elif [ -n "$LAB_SKIP_TEST" ]; then
		echo "# SKIP: $LAB_SKIP_TEST"
		exit $KSFT_SKIP
	elif [ $LAB_CNT_PASS -eq 0 ] && [ $LAB_CNT_SKIP -gt 0 ]; then
		exit $KSFT_SKIP
	fi
	exit $KSFT_PASS
}

###########################################################################
# Cleanup
###########################################################################

LAB_DEFER=()

# defer CMD [ARGS...]: run at exit, last deferred first
defer() {
	LAB_DEFER+=("$(printf '%q ' "$@")")
}

lab_cleanup() {
	local i
	for ((i = ${#LAB_DEFER[@]} - 1; i >= 0; i--)); do
		eval "${LAB_DEFER[i]}" >/dev/null 2>&1
	done
	LAB_DEFER=()
}

trap lab_cleanup EXIT
trap 'echo "# interrupted"; exit $KSFT_FAIL' INT TERM

###########################################################################
# Waiting
###########################################################################

# busywait TIMEOUT_MS CMD [ARGS...]: run CMD until it succeeds or the time
# is up; prints CMD's last output, returns its last status.
busywait() {
	local timeout_ms=$1; shift
	local start out rc
	start=$(lab_now_ms)
	while :; do
		out=$("$@" 2>/dev/null)
		rc=$?
		if [ $rc -eq 0 ] || [ $(( $(lab_now_ms) - start )) -ge "$timeout_ms" ]; then
			[ -n "$out" ] && echo "$out"
			return $rc
		fi
		sleep 0.05
	done
}

# lab_wait_stable TIMEOUT_MS QUIET_MS CMD...: poll CMD (which prints a value)
# until the value has not changed for QUIET_MS; prints the value.  Fails
# when the value is still changing after TIMEOUT_MS.
lab_wait_stable() {
	local timeout_ms=$1 quiet_ms=$2; shift 2
	local start last cur since now
	start=$(lab_now_ms)
	last=$("$@" 2>/dev/null)
	since=$start
	while :; do
		sleep 0.1
		cur=$("$@" 2>/dev/null)
		now=$(lab_now_ms)
		if [ "$cur" != "$last" ]; then
			last=$cur
			since=$now
		elif [ $((now - since)) -ge "$quiet_ms" ]; then
			echo "$cur"
			return 0
		fi
		if [ $((now - start)) -ge "$timeout_ms" ]; then
			echo "$cur"
			return 1
		fi
	done
}

###########################################################################
# Namespaces
###########################################################################

lab_ns_exec() {
	local ns=$1; shift
	if [ -n "$ns" ]; then
		ip netns exec "$ns" "$@"
	else
		"$@"
	fi
}

# Keep IPv6 (router/neighbour solicitations, MLD) off the test links so
# that packet counts are exact.
lab_ipv6_off_ns() {
	local ns=$1
	[ -d /proc/sys/net/ipv6 ] || return 0
	lab_ns_exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 >/dev/null 2>&1
	lab_ns_exec "$ns" sysctl -qw net.ipv6.conf.default.disable_ipv6=1 >/dev/null 2>&1
	return 0
}

lab_ipv6_off() {
	local ifc=$1 ns=${2:-}
	[ -d /proc/sys/net/ipv6 ] || return 0
	lab_ns_exec "$ns" sysctl -qw "net.ipv6.conf.$ifc.disable_ipv6=1" >/dev/null 2>&1
	return 0
}

# setup_ns VAR...: create one namespace per name, store its name in VAR,
# bring its lo up, disable IPv6 in it, delete it at exit.
setup_ns() {
	local var name
	for var in "$@"; do
		name="lab-${var,,}-$(mktemp -u XXXXXX)"
		if ! ip netns add "$name"; then
			echo "# could not create namespace $name"
			return $KSFT_SKIP
		fi
		defer cleanup_ns "$name"
		printf -v "$var" '%s' "$name"
		ip -n "$name" link set lo up
		lab_ipv6_off_ns "$name"
	done
}

cleanup_ns() {
	local ns
	for ns in "$@"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
}

# lab_move_to_ns IFACE NS: move a netdev into NS and back to init_net at exit
lab_move_to_ns() {
	local ifc=$1 ns=$2
	ip link set dev "$ifc" netns "$ns" || return 1
	defer ip -n "$ns" link set dev "$ifc" netns 1
	lab_ipv6_off "$ifc" "$ns"
}

###########################################################################
# Modules and drivers
###########################################################################

lab_module_path() {
	if [ -n "${LAB_MODULE:-}" ]; then
		echo "$LAB_MODULE"
	elif [ -n "$LAB_REPO" ] && [ -f "$LAB_REPO/build/$(uname -r)/labyrinth.ko" ]; then
		echo "$LAB_REPO/build/$(uname -r)/labyrinth.ko"
	fi
}

lab_module_loaded() { [ -d "/sys/module/$1" ]; }

# lab_driver_load DRIVER: make sure DRIVER is registered on the virtio bus.
# Loading a virtio net driver binds every virtio-net device nobody holds.
lab_driver_load() {
	local drv=$1 ko dep
	[ -d "/sys/bus/virtio/drivers/$drv" ] && return 0
	if [ "$drv" = labyrinth ]; then
		ko=$(lab_module_path)
		if [ -n "$ko" ]; then
			if [ ! -f "$ko" ]; then
				echo "# labyrinth module not found: $ko"
				return 1
			fi
			for dep in $(modinfo -F depends "$ko" 2>/dev/null | tr , ' '); do
				modprobe "$dep" 2>/dev/null
			done
			insmod "$ko" || return 1
		else
			modprobe labyrinth || return 1
		fi
	else
		modprobe "$drv" || return 1
	fi
	busywait 5000 test -d "/sys/bus/virtio/drivers/$drv" >/dev/null
}

# Can the driver under test be loaded at all?  Prints a reason if not.
lab_driver_available() {
	local drv=${1:-$LAB_DRIVER} ko
	[ -d "/sys/bus/virtio/drivers/$drv" ] && return 0
	lab_module_loaded "$drv" && return 0
	if [ "$drv" = labyrinth ]; then
		ko=$(lab_module_path)
		if [ -n "$ko" ]; then
			[ -f "$ko" ] && return 0
			echo "labyrinth.ko not found at $ko (build it: make modules KVER=$(uname -r))"
			return 1
		fi
		modinfo labyrinth >/dev/null 2>&1 && return 0
		echo "no labyrinth.ko for $(uname -r) (build/$(uname -r)/labyrinth.ko, LAB_MODULE or an installed module)"
		return 1
	fi
	modinfo "$drv" >/dev/null 2>&1 && return 0
	echo "module $drv not available for $(uname -r)"
	return 1
}

lab_load_module() { lab_driver_load "$LAB_DRIVER"; }

# Unload the driver under test; its devices become driverless.
lab_unload_module() {
	local drv=${1:-$LAB_DRIVER}
	lab_module_loaded "$drv" || return 0
	if [ "$drv" = virtio_net ]; then
		timeout 60 modprobe -r virtio_net
	else
		timeout 60 rmmod "$drv"
	fi
}

# lab_virtio_of PCI|virtioN|IFACE: the virtio device name (virtioN)
lab_virtio_of() {
	local x=$1 p
	case $x in
	virtio[0-9]*)
		echo "$x"; return 0 ;;
	esac
	if [ -e "/sys/bus/pci/devices/$x" ]; then
		for p in /sys/bus/pci/devices/"$x"/virtio*; do
			[ -e "$p" ] && { echo "${p##*/}"; return 0; }
		done
		return 1
	fi
	if [ -e "/sys/class/net/$x/device" ]; then
		p=$(readlink -f "/sys/class/net/$x/device")
		case ${p##*/} in
		virtio[0-9]*) echo "${p##*/}"; return 0 ;;
		esac
	fi
	return 1
}

# lab_driver_of PCI|virtioN: current driver name, or "none"
lab_driver_of() {
	local v d
	v=$(lab_virtio_of "$1") || { echo none; return 1; }
	d=$(readlink "/sys/bus/virtio/devices/$v/driver" 2>/dev/null) || { echo none; return 0; }
	echo "${d##*/}"
}

# lab_netdev_of PCI|virtioN: the netdev name (in the current namespace)
lab_netdev_of() {
	local v n
	v=$(lab_virtio_of "$1") || return 1
	for n in /sys/bus/virtio/devices/"$v"/net/*; do
		[ -e "$n" ] && { echo "${n##*/}"; return 0; }
	done
	return 1
}

# lab_bind PCI|virtioN DRIVER: move the device to DRIVER via unbind/bind
lab_bind() {
	local dev=$1 drv=$2 v cur
	v=$(lab_virtio_of "$dev") || { echo "# no virtio device for $dev"; return 1; }
	lab_driver_load "$drv" || { echo "# cannot load driver $drv"; return 1; }
	cur=$(lab_driver_of "$v")
	if [ "$cur" != "$drv" ]; then
		if [ "$cur" != none ]; then
			echo "$v" > "/sys/bus/virtio/drivers/$cur/unbind" ||
				{ echo "# unbind $v from $cur failed"; return 1; }
		fi
		echo "$v" > "/sys/bus/virtio/drivers/$drv/bind" ||
			{ echo "# bind $v to $drv failed"; return 1; }
	fi
	busywait 5000 lab_netdev_of "$v" >/dev/null ||
		{ echo "# $v bound to $drv but no netdev appeared"; return 1; }
}

###########################################################################
# Counters
###########################################################################

# lab_stat IFACE NAME [NS]: /sys/class/net/IFACE/statistics/NAME
lab_stat() {
	lab_ns_exec "${3:-}" cat "/sys/class/net/$1/statistics/$2" 2>/dev/null
}

# lab_rx_sum IFACE [NS]: rx_packets + rx_dropped + rx_errors
lab_rx_sum() {
	local p d e
	p=$(lab_stat "$1" rx_packets "${2:-}") || return 1
	d=$(lab_stat "$1" rx_dropped "${2:-}") || return 1
	e=$(lab_stat "$1" rx_errors "${2:-}") || return 1
	echo $((p + d + e))
}

# lab_ethtool_stat IFACE NAME [NS]: one ethtool -S value, empty if absent
lab_ethtool_stat() {
	lab_ns_exec "${3:-}" ethtool -S "$1" 2>/dev/null |
		awk -v n="$2:" '$1 == n { print $2; exit }'
}

# lab_page_pools IFACE [NS]: the page_pools the netdev netlink family lists
# for IFACE, one "id <id> inflight <pages> detached <0|1>" line each;
# returns 4 where the kernel lists none (6.1: no page-pool-get)
lab_page_pools() {
	local ifindex out rc
	ifindex=$(lab_ns_exec "${2:-}" cat "/sys/class/net/$1/ifindex") || return 1
	out=$(lab_ns_exec "${2:-}" python3 -S -E "$LAB_LIB_DIR/lab_netlink.py" page-pools)
	rc=$?
	[ $rc -eq 0 ] || return $rc
	echo "$out" | awk -v i="$ifindex" '$4 == i { print "id", $2, "inflight", $6, "detached", $8 }'
}

lab_debugfs_dir() { echo "/sys/kernel/debug/labyrinth/$1"; }

# lab_pages VIRTIO NAME: one value of the debugfs pages file
lab_pages() {
	awk -v n="$2" '$1 == n { print $2; exit }' "$(lab_debugfs_dir "$1")/pages" 2>/dev/null
}

# lab_pages_check VIRTIO [PREFIX]: check the ledger of the debugfs pages
# file: allocated == freed + every place a page can be held (ring, stack,
# reserve, and any further place the driver lists, e.g. cache), and
# leaked == 0.  Prints the figures.
lab_pages_check() {
	local v=$1 pre=${2:-pages} f name val a= fr= l= held=0 places= bad=0
	f=$(lab_debugfs_dir "$v")/pages
	if [ ! -r "$f" ]; then
		lab_fail "$f not readable"
		return 1
	fi
	# one read of the whole file: a line-by-line "read" seeks back after
	# each line, and every seek makes seq_file print the ledger afresh, so
	# lines would come from different moments while traffic runs
	local text
	read -r -d '' text < "$f"
	while read -r name val; do
		case $name in
		rx[0-9]*_*|budget) continue ;;	# per-queue lines
		esac
		lab_fig "${pre}_$name" "$val"
		[[ $val =~ ^[0-9]+$ ]] || { lab_fail "$f: $name is not a number: '$val'"; bad=1; continue; }
		case $name in
		allocated) a=$val ;;
		freed) fr=$val ;;
		leaked) l=$val ;;
		*) held=$((held + val)); places="$places + $name $val" ;;
		esac
	done <<< "$text"
	[ $bad = 0 ] || return 1
	local x
	for x in allocated freed leaked ring stack reserve; do
		[[ $'\n'$text =~ $'\n'$x\  ]] || { lab_fail "$f: no '$x' line"; return 1; }
	done
	[ "$a" -eq $((fr + held)) ] ||
		lab_fail "pages ledger: allocated $a != freed $fr$places (= $((fr + held)))"
	lab_check_eq "pages leaked" "$l" 0
}

###########################################################################
# dmesg
###########################################################################

LAB_DMESG_MARK=

lab_dmesg_mark() {
	LAB_DMESG_MARK="labyrinth-selftest: mark ${0##*/} $$ $RANDOM$RANDOM"
	echo "$LAB_DMESG_MARK" > /dev/kmsg 2>/dev/null ||
		echo "# cannot write to /dev/kmsg"
}

# Kernel log lines after the last mark.  When the mark is no longer in the
# ring buffer (a flood of kernel messages rotated it out), the whole log
# that is left, after a line saying so: what was lost cannot be checked,
# what is left must be.
lab_dmesg_since() {
	dmesg 2>/dev/null | awk -v m="$LAB_DMESG_MARK" '
		found { print; next }
		index($0, m) { found = 1; n = 0; next }
		{ kept[++n] = $0 }
		END {
			if (found) exit
			print "labyrinth-selftest: mark rotated out of the kernel log: all of it that is left follows"
			for (i = 1; i <= n; i++) print kept[i]
		}'
}

# Fail (and show the lines) if the kernel warned since the mark.
lab_dmesg_check() {
	local bad
	if ! dmesg 2>/dev/null | grep -qF "$LAB_DMESG_MARK"; then
		echo "# dmesg mark not found (log wrapped?): checking the whole log"
		bad=$(dmesg 2>/dev/null | grep -E "$LAB_DMESG_PATTERN")
	else
		bad=$(lab_dmesg_since | grep -E "$LAB_DMESG_PATTERN")
	fi
	[ -z "$bad" ] && return 0
	echo "# kernel log since the mark:"
	lab_dmesg_since | tail -n 60 | sed 's/^/# dmesg: /'
	return 1
}

###########################################################################
# Traffic
###########################################################################

# lab_ping NS DST COUNT INTERVAL [PING_OPTION...]: sets PING_TX PING_RX
# PING_LOSS PING_AVG (extra options, e.g. -s 8900 -M do, go before DST)
lab_ping() {
	local ns=$1 dst=$2 count=$3 ival=$4 out
	shift 4
	if [ -x /usr/bin/ping ] || [ -x /bin/ping ]; then
		out=$(lab_ns_exec "$ns" ping -c "$count" -i "$ival" -W 2 "$@" "$dst" 2>&1)
	else
		out=$(lab_ns_exec "$ns" busybox ping -c "$count" -i "$ival" -W 2 "$@" "$dst" 2>&1)
	fi
	PING_TX=$(echo "$out" | sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p')
	PING_RX=$(echo "$out" | sed -n 's/.* \([0-9]*\) \(packets \)\{0,1\}received.*/\1/p')
	PING_LOSS=$(echo "$out" | sed -n 's/.* \([0-9.]*\)% packet loss.*/\1/p')
	PING_AVG=$(echo "$out" | sed -n 's|.*min/avg/max[^=]*= *[0-9.]*/\([0-9.]*\)/.*|\1|p')
	[ -n "$PING_TX" ] || { echo "$out" | sed 's/^/# ping: /'; return 1; }
}

# lab_pktgen ARGS...: run tools/pktgen.sh, sets PG_SENT PG_ERRORS PG_PPS
# PG_ELAPSED_US from its result lines.
lab_pktgen() {
	local out rc
	out=$("$LAB_PKTGEN" -q "$@")
	rc=$?
	PG_SENT=$(echo "$out" | awk '$1 == "sent" { print $2 }')
	PG_ERRORS=$(echo "$out" | awk '$1 == "errors" { print $2 }')
	PG_PPS=$(echo "$out" | awk '$1 == "pps" { print $2 }')
	PG_ELAPSED_US=$(echo "$out" | awk '$1 == "elapsed_us" { print $2 }')
	return $rc
}

# lab_blast_during COUNT CMD...: a pktgen blast from $PEER_IF to $DUT_MAC
# (LAB_BLAST_DST if set; at most COUNT 60-byte frames) with CMD run once it
# is under way and 2 s more of traffic after it; checks that every frame
# sent is accounted for (sent == delivered + dropped + errors).  Sets
# PG_SENT.
lab_blast_during() {
	local count=$1 b_rx b_drop b_err sum
	shift
	lab_wait_stable 5000 300 lab_rx_sum "$DUT_IF" >/dev/null
	b_rx=$(lab_stat "$DUT_IF" rx_packets)
	b_drop=$(lab_stat "$DUT_IF" rx_dropped)
	b_err=$(lab_stat "$DUT_IF" rx_errors)
	"$LAB_PKTGEN" -q --start $(lab_pg_cpu_opt) -i "$PEER_IF" \
		-m "${LAB_BLAST_DST:-$DUT_MAC}" -s 60 -n "$count" -b 32 ||
		{ lab_fail "pktgen.sh --start failed"; return 1; }
	# under way: 1,000 frames in (a tenth of COUNT when smaller); the
	# debug kernel receives too slowly for a fixed share of a large COUNT
	lab_wait_file_gt 10000 "/sys/class/net/$DUT_IF/statistics/rx_packets" \
		$((b_rx + (count / 10 < 1000 ? count / 10 : 1000))) ||
		lab_fail "blast did not get going"
	"$@" || lab_fail "$* failed"
	lab_sleep 2
	lab_pktgen --stop -i "$PEER_IF" || lab_fail "pktgen.sh --stop failed"
	lab_wait_stable 60000 500 lab_rx_sum "$DUT_IF" >/dev/null ||
		lab_fail "receiver counters still moving after 60 s"
	sum=$(( $(lab_stat "$DUT_IF" rx_packets) - b_rx + $(lab_stat "$DUT_IF" rx_dropped) - b_drop +
		$(lab_stat "$DUT_IF" rx_errors) - b_err ))
	lab_fig sent "$PG_SENT"
	lab_fig accounted "$sum"
	[[ $PG_SENT =~ ^[0-9]+$ ]] || { lab_fail "no pktgen result"; return 1; }
	lab_check_eq "sent == delivered + dropped + errors" "$sum" "$PG_SENT"
}

# lab_irqs_of VIRTIO: the interrupt numbers of the device (MSI-X vectors,
# else the PCI INTx line)
lab_irqs_of() {
	local pdev f
	pdev=$(readlink -f "/sys/bus/virtio/devices/$1/..") || return 1
	if [ -d "$pdev/msi_irqs" ] && [ -n "$(ls "$pdev/msi_irqs" 2>/dev/null)" ]; then
		ls "$pdev/msi_irqs" | sort -n
	elif [ -r "$pdev/irq" ]; then
		f=$(cat "$pdev/irq")
		[ "$f" != 0 ] && echo "$f"
	fi
}

# lab_pin_rx VIRTIO [CPU]: steer the device's interrupts to CPU (default
# $LAB_RX_CPU, else the last CPU); sets LAB_PINNED_CPU to the CPU that now
# takes its RX interrupts.
#
# Why: with QEMU's hub joining the NICs (tools/lab-vm --link hub) and 2
# vCPUs under TCG, frames were lost between the hub and the receiving NIC
# whenever pktgen and the receiver's interrupt ran on different vCPUs (seen
# with the stock virtio_net: 0-48% of a burst-32 blast in some runs; 16 of
# 16 runs exact once co-located, 6 of 6 with --smp 1).  The default socket
# link is lossless either way; co-locating costs nothing there and keeps
# the figures comparable.  Tests that need exact accounting run pktgen on
# LAB_PINNED_CPU.
lab_pin_rx() {
	local v=$1 cpu=${2:-${LAB_RX_CPU:-$(( $(nproc) - 1 ))}} irq name eff first= pinned=0 old
	for irq in $(lab_irqs_of "$v"); do
		name=$(awk -v i="$irq:" '$1 == i { print $NF }' /proc/interrupts)
		case $name in
		*config*) continue ;;
		*rx*|*input*) [ -z "$first" ] && first=$irq ;;
		esac
		old=$(cat "/proc/irq/$irq/smp_affinity_list" 2>/dev/null) || continue
		if echo "$cpu" > "/proc/irq/$irq/smp_affinity_list" 2>/dev/null; then
			defer lab_irq_affinity "$irq" "$old"
			[ "$irq" = "$first" ] && pinned=1
		fi
	done
	LAB_PINNED_CPU=$cpu
	if [ $pinned = 1 ] || [ -z "$first" ]; then
		# (the effective affinity only changes at the next interrupt)
		return 0
	fi
	eff=$(cat "/proc/irq/$first/effective_affinity_list" 2>/dev/null)
	eff=${eff%%[,-]*}
	LAB_PINNED_CPU=${eff:-$cpu}
}

lab_irq_affinity() { echo "$2" > "/proc/irq/$1/smp_affinity_list"; }

# lab_pin_blast: pin the DUT's interrupts and choose the pktgen thread on
# the same CPU; sets LAB_PG_CPU (empty = let pktgen.sh choose).
# lab_pair_up: the sender ($PEER_IF) and the NIC under test ($DUT_IF) up
# with carrier, traffic pinned as lab_pin_blast does; each failure is a
# lab_fail naming the interface.
lab_pair_up() {
	lab_link_up "$PEER_IF" || lab_fail "$PEER_IF up"
	lab_link_up "$DUT_IF" || lab_fail "$DUT_IF up"
	busywait 5000 lab_carrier_is "$DUT_IF" 1 || lab_fail "no carrier on $DUT_IF"
	busywait 5000 lab_carrier_is "$PEER_IF" 1 || lab_fail "no carrier on $PEER_IF"
	lab_pin_blast
}

# lab_fault_stream_setup: the common start of the tests that inject RX
# allocation failures into a stream and time the recovery with python3:
# skips unless labyrinth, python3, a peer and a virtio DUT are there; the
# pair up (lab_pair_up), the timing loop's CPU (LAB_POLL_CPU) apart from
# RX and pktgen when there are two, injection off now and at exit, RING
# from ethtool -g (a lab_fail if unreadable).  Returns non-zero when the
# test cannot go on (a skip, or a failure already recorded).
lab_fault_stream_setup() {
	if [ "$LAB_DRIVER" != labyrinth ]; then
		lab_skip "fault injection (debugfs fail_rx_alloc) is labyrinth-only ($LAB_DRIVER)"
		return
	fi
	lab_need_python || { lab_skip "python3 not found (recovery timing needs it)"; return; }
	lab_setup_subtest dut || return
	[ -n "$PEER_IF" ] || { lab_skip "needs a peer NIC (LAB_PEER_IFACE) to send from"; return; }
	[ -n "$DUT_V" ] || { lab_skip "$DUT_IF is not a virtio device"; return; }
	lab_pair_up
	if [ "$(nproc)" -gt 1 ] && [ -n "${LAB_PG_CPU:-}" ]; then
		LAB_POLL_CPU=${LAB_POLL_CPU:-$(( LAB_PG_CPU == 0 ? 1 : 0 ))}
	fi
	defer lab_fault_off "$DUT_V"
	lab_fault_off "$DUT_V"
	RING=$(lab_ring_size "$DUT_IF")
	lab_fig ring_size "${RING:-unknown}"
	[[ $RING =~ ^[0-9]+$ ]] || lab_fail "no RX ring size from ethtool -g"
	return 0
}

# lab_pair_up_ns NSVAR IP_DUT IP_PEER: as lab_pair_up, with the NIC under
# test alone in a new namespace (its name stored in the variable NSVAR) as
# IP_DUT/24 and the sender as IP_PEER/24, static neighbours both ways (no
# ARP frame may spoil an exact count); all undone at exit.  Returns 1,
# after a lab_fail, when there is no namespace to work in; later failures
# are each a lab_fail and the setup goes on.
lab_pair_up_ns() {
	local nsvar=$1 ip_dut=$2 ip_peer=$3 ns

	setup_ns "$nsvar" || { lab_fail "cannot create a namespace"; return 1; }
	ns=${!nsvar}
	lab_move_to_ns "$DUT_IF" "$ns" || { lab_fail "move $DUT_IF to $ns"; return 1; }
	ip -n "$ns" addr add "$ip_dut/24" dev "$DUT_IF" || lab_fail "address on $DUT_IF"
	ip addr add "$ip_peer/24" dev "$PEER_IF" || lab_fail "address on $PEER_IF"
	defer ip addr del "$ip_peer/24" dev "$PEER_IF"
	ip -n "$ns" neigh replace "$ip_peer" lladdr "$PEER_MAC" dev "$DUT_IF" nud permanent
	ip neigh replace "$ip_dut" lladdr "$DUT_MAC" dev "$PEER_IF" nud permanent
	defer ip neigh del "$ip_dut" dev "$PEER_IF"
	lab_link_up "$PEER_IF" || lab_fail "$PEER_IF up"
	lab_link_up "$DUT_IF" "$ns" || lab_fail "$DUT_IF up"
	busywait 5000 lab_ns_exec "$ns" grep -qx 1 "/sys/class/net/$DUT_IF/carrier" >/dev/null ||
		lab_fail "no carrier on $DUT_IF"
	busywait 5000 lab_carrier_is "$PEER_IF" 1 >/dev/null || lab_fail "no carrier on $PEER_IF"
	lab_pin_blast
}

lab_pin_blast() {
	LAB_PG_CPU=${LAB_PKTGEN_CPU:-}
	if [ -z "$LAB_PG_CPU" ] && [ -n "$DUT_V" ]; then
		lab_pin_rx "$DUT_V"
		LAB_PG_CPU=$LAB_PINNED_CPU
	fi
}

# pktgen.sh options for the chosen thread
lab_pg_cpu_opt() { [ -n "${LAB_PG_CPU:-}" ] && echo "-T $LAB_PG_CPU"; }

###########################################################################
# Test environment
###########################################################################

# lab_ctl ARGS...: the rig's host control channel; returns 4 outside it
lab_ctl() {
	[ -n "${LAB_CTL:-}" ] || return $KSFT_SKIP
	[ -x "$LAB_CTL_CMD" ] || return $KSFT_SKIP
	"$LAB_CTL_CMD" "$@"
}

lab_require_root() {
	[ "$(id -u)" = 0 ] || ktap_skip_all "needs root"
}

lab_mode() {
	if [ -n "${LAB_IFACE:-}" ]; then
		echo user
	elif [ -n "${LAB_NIC1_PCI:-}" ] && [ -n "${LAB_NIC0_PCI:-}" ]; then
		echo rig
	else
		echo none
	fi
}

# lab_setup [dut|both]: find the NICs, bind them, disable IPv6 on them.
# Sets DUT_V DUT_IF DUT_MAC (device under test) and PEER_V PEER_IF PEER_MAC
# (traffic source, may be empty in user mode without LAB_PEER_IFACE).
# "both" puts the peer on the driver under test too (rig mode only).
# Returns 4 with the reason in LAB_WHY when there is nothing to test, 1 with
# the reason in LAB_WHY on errors.
lab_setup() {
	local want=${1:-dut} peer_drv=virtio_net why
	[ "$want" = both ] && peer_drv=$LAB_DRIVER
	DUT_V= DUT_IF= DUT_MAC= PEER_V= PEER_IF= PEER_MAC= LAB_WHY=
	case $(lab_mode) in
	none)
		LAB_WHY="no NIC under test: set LAB_IFACE (and LAB_PEER_IFACE) or run inside tools/lab-vm"
		return $KSFT_SKIP ;;
	rig)
		why=$(lab_driver_available "$LAB_DRIVER") || { LAB_WHY=$why; return $KSFT_SKIP; }
		lab_bind "$LAB_NIC1_PCI" "$LAB_DRIVER" ||
			{ LAB_WHY="cannot bind nic1 ($LAB_NIC1_PCI) to $LAB_DRIVER"; return 1; }
		lab_bind "$LAB_NIC0_PCI" "$peer_drv" ||
			{ LAB_WHY="cannot bind nic0 ($LAB_NIC0_PCI) to $peer_drv"; return 1; }
		DUT_V=$(lab_virtio_of "$LAB_NIC1_PCI")
		PEER_V=$(lab_virtio_of "$LAB_NIC0_PCI")
		DUT_IF=$(lab_netdev_of "$DUT_V")
		PEER_IF=$(lab_netdev_of "$PEER_V")
		;;
	user)
		[ -d "/sys/class/net/$LAB_IFACE" ] || { LAB_WHY="LAB_IFACE=$LAB_IFACE: no such netdev"; return 1; }
		DUT_IF=$LAB_IFACE
		DUT_V=$(lab_virtio_of "$DUT_IF") || DUT_V=
		if [ -n "${LAB_PEER_IFACE:-}" ]; then
			[ -d "/sys/class/net/$LAB_PEER_IFACE" ] ||
				{ LAB_WHY="LAB_PEER_IFACE=$LAB_PEER_IFACE: no such netdev"; return 1; }
			PEER_IF=$LAB_PEER_IFACE
			PEER_V=$(lab_virtio_of "$PEER_IF") || PEER_V=
		fi
		;;
	esac
	[ -n "$DUT_IF" ] || { LAB_WHY="no netdev for the device under test"; return 1; }
	DUT_MAC=$(cat "/sys/class/net/$DUT_IF/address")
	[ -n "$PEER_IF" ] && PEER_MAC=$(cat "/sys/class/net/$PEER_IF/address")
	# IPv6 off on the test links and on devices created later (rebinds)
	if [ -d /proc/sys/net/ipv6 ]; then
		lab_sysctl_for_test net.ipv6.conf.default.disable_ipv6 1
		lab_ipv6_off "$DUT_IF"
		[ -n "$PEER_IF" ] && lab_ipv6_off "$PEER_IF"
	fi
	return 0
}

# lab_setup_subtest [dut|both]: lab_setup inside a subtest (skip or fail
# with the reason)
lab_setup_subtest() {
	local rc
	lab_setup "$@"
	rc=$?
	[ $rc -eq 0 ] && return 0
	if [ $rc -eq $KSFT_SKIP ]; then
		lab_skip "$LAB_WHY"
		return $KSFT_SKIP
	fi
	lab_fail "setup: $LAB_WHY"
	return 1
}

# Re-resolve the netdev names after a device was rebound.
lab_refresh() {
	[ -n "$DUT_V" ] && DUT_IF=$(lab_netdev_of "$DUT_V")
	[ -n "$PEER_V" ] && PEER_IF=$(lab_netdev_of "$PEER_V")
	[ -n "$DUT_IF" ]
}

lab_link_up() {
	local ifc=$1 ns=${2:-}
	lab_ipv6_off "$ifc" "$ns"
	lab_ns_exec "$ns" ip link set dev "$ifc" up
}

lab_carrier() { lab_ns_exec "${2:-}" cat "/sys/class/net/$1/carrier" 2>/dev/null; }

lab_carrier_is() { [ "$(lab_carrier "$1")" = "$2" ]; }

# Print the common header figures of a test.
lab_banner() {
	lab_info "kernel: $(uname -r)"
	lab_info "driver under test: $LAB_DRIVER (mode $(lab_mode))"
}

###########################################################################
# labyrinth knobs: fault injection, page budget, page ledger, exhaustion
###########################################################################

# lab_fault_path VIRTIO KNOB: a debugfs fail_rx_alloc file (probability,
# interval, times, injected)
lab_fault_path() { echo "$(lab_debugfs_dir "$1")/fail_rx_alloc/$2"; }

lab_fault_get() { cat "$(lab_fault_path "$1" "$2")" 2>/dev/null; }

# lab_fault_set VIRTIO KNOB VALUE: one write of "VALUE\n" (what echo does);
# returns the write's status and prints the shell's error message, if any
# (e.g. "Invalid argument").
lab_fault_set() {
	local err
	err=$( { echo "$3" > "$(lab_fault_path "$1" "$2")"; } 2>&1 ) && return 0
	echo "${err##*: }"
	return 1
}

# lab_fault_off VIRTIO: back to the defaults (probability 0, interval 1,
# times -1).  Tests that inject "defer lab_fault_off $DUT_V".
lab_fault_off() {
	lab_fault_set "$1" probability 0 >/dev/null
	lab_fault_set "$1" interval 1 >/dev/null
	lab_fault_set "$1" times -1 >/dev/null
	lab_fault_set "$1" recycled 1 >/dev/null
}

# lab_budget_get VIRTIO: the devlink rx_page_budget (runtime) value
lab_budget_get() {
	devlink dev param show "virtio/$1" name rx_page_budget 2>/dev/null |
		awk '$1 == "cmode" && $2 == "runtime" { print $4; exit }'
}

# lab_budget_set VIRTIO VALUE: set it; prints devlink's error, if any
lab_budget_set() {
	local err
	err=$(devlink dev param set "virtio/$1" name rx_page_budget value "$2" cmode runtime 2>&1) &&
		return 0
	echo "$err" | head -n 1
	return 1
}

# lab_ring_size IFACE: the RX ring size (ethtool -g, current)
lab_ring_size() {
	ethtool -g "$1" 2>/dev/null |
		awk '/^Current/ { cur = 1 } cur && $1 == "RX:" { print $2; exit }'
}

# lab_pages_balanced VIRTIO: quiet ledger check for loops (lab_pages_check
# prints every figure), shell builtins only.  Succeeds when allocated ==
# freed + ring + stack + reserve + cache; otherwise prints the totals.
lab_pages_balanced() {
	local f=/sys/kernel/debug/labyrinth/$1/pages name val a= fr=0 held=0 line= text
	[ -r "$f" ] || { echo "$f not readable"; return 1; }
	read -r -d '' text < "$f"	# whole file at once: see lab_pages_check
	while read -r name val; do
		case $name in
		rx[0-9]*_*) continue ;;
		allocated) a=$val ;;
		freed) fr=$val ;;
		ring|stack|reserve|cache) held=$((held + val)) ;;
		esac
		line="$line $name=$val"
	done <<< "$text"
	[ -n "$a" ] && [ "$a" -eq $((fr + held)) ] && return 0
	echo "$line"
	return 1
}

# Fork-free waiting, for loops that run while a blast keeps the guest's
# CPUs busy (under TCG a fork+exec then costs tens of ms).
#
# lab_sleep SECONDS: sleep with read -t on a private pipe
LAB_SLEEP_FD=
# lab_sysctl_for_test NAME VALUE: sysctl NAME = VALUE until the test exits
# (lab_cleanup restores the old value); fails, changing nothing, when this
# kernel has no NAME
lab_sysctl_for_test() {
	local f=/proc/sys/${1//.//} old
	[ -w "$f" ] && read -r old <"$f" || return 1
	defer sysctl -qw "$1=$old"
	sysctl -qw "$1=$2"
}

lab_sleep() {
	[ -n "$LAB_SLEEP_FD" ] || exec {LAB_SLEEP_FD}<> <(:)
	read -rt "$1" -u "$LAB_SLEEP_FD"
	return 0
}

# lab_wait_file_gt TIMEOUT_MS FILE N: until the number in FILE exceeds N
# (e.g. /sys/class/net/IF/statistics/rx_packets); polls every 10 ms
lab_wait_file_gt() {
	local end=$(( ${EPOCHREALTIME/./} + $1 * 1000 )) v
	while :; do
		read -r v < "$2" 2>/dev/null && [ "${v:-0}" -gt "$3" ] && return 0
		[ "${EPOCHREALTIME/./}" -ge $end ] && return 1
		lab_sleep 0.01
	done
}

# lab_wait_file_is TIMEOUT_MS FILE VALUE: until FILE reads VALUE
# (e.g. /sys/class/net/IF/carrier 1)
lab_wait_file_is() {
	local end=$(( ${EPOCHREALTIME/./} + $1 * 1000 )) v
	while :; do
		read -r v < "$2" 2>/dev/null && [ "$v" = "$3" ] && return 0
		[ "${EPOCHREALTIME/./}" -ge $end ] && return 1
		lab_sleep 0.01
	done
}

# lab_need_python: python3 is there (the timing helpers need it)
lab_need_python() { command -v python3 >/dev/null 2>&1; }

# lab_exhaust VIRTIO IFACE CYCLES HOLD_MS GAP_MS TIMEOUT_MS
#
# Total RX page exhaustion against a running stream, timed from one python3
# process so that no fork sits between the events.  Each cycle:
#   1. write 100 to fail_rx_alloc/probability;
#   2. hold: at least HOLD_MS and until rx_dropped has risen (exhaustion
#      reached: reserve empty, frames dropping), at most HOLD_MS +
#      TIMEOUT_MS; the pages "ring" line is sampled every ms meanwhile;
#   3. read rx_packets, write 0, then read rx_packets in a busy loop until it
#      moves or TIMEOUT_MS passes: recovery = time from just before the
#      write of 0 to the first read that shows a delivered frame;
#   4. wait GAP_MS (the reserve refills).
# Resolution: one sysfs read (~0.3 ms in the TCG guest, printed per cycle
# as poll_us = elapsed / reads); the driver adds its counters once per NAPI
# poll, so the figure also includes up to one poll's latency.  Set
# LAB_POLL_CPU to run the loop on a CPU of its own (taskset).
# Prints per cycle:
#   cycle N hold_ms H hold_dropped D hold_delivered P ring_min R
#   recovered 0|1 recovery_us U poll_us Q
# and leaves probability at 0.
lab_exhaust() {
	local pin=()
	[ -n "${LAB_POLL_CPU:-}" ] && pin=(taskset -c "$LAB_POLL_CPU")
	"${pin[@]}" python3 -S -E - "$(lab_debugfs_dir "$1")" "/sys/class/net/$2/statistics" "$3" "$4" "$5" "$6" <<'PY'
import os, sys, time
dbg, st, cycles, hold_ms, gap_ms, tmo_ms = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:7])
prob = dbg + '/fail_rx_alloc/probability'
def rd(name):
    with open(st + '/' + name, 'rb') as f:
        return int(f.read())
def ring():
    with open(dbg + '/pages') as f:
        for line in f:
            k, v = line.split()
            if k == 'ring':
                return int(v)
def setp(v):
    fd = os.open(prob, os.O_WRONLY)
    try:
        os.write(fd, v)
    finally:
        os.close(fd)
ns = time.monotonic_ns
try:
    for c in range(1, cycles + 1):
        d0, p0 = rd('rx_dropped'), rd('rx_packets')
        setp(b'100\n')
        t = ns()
        rmin = ring()
        while True:
            el = (ns() - t) // 1000000
            if el >= hold_ms + tmo_ms:
                break
            if el >= hold_ms and rd('rx_dropped') > d0:
                break
            rmin = min(rmin, ring())
            time.sleep(0.001)
        held = (ns() - t) // 1000000
        p1 = rd('rx_packets')
        d1 = rd('rx_dropped')
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
        rmin = min(rmin, ring())
        print('cycle %d hold_ms %d hold_dropped %d hold_delivered %d ring_min %d '
              'recovered %d recovery_us %d poll_us %d' %
              (c, held, d1 - d0, p1 - p0, rmin, ok, (t1 - t0) // 1000,
               (t1 - t0) // 1000 // n), flush=True)
        time.sleep(gap_ms / 1000)
finally:
    setp(b'0\n')
PY
}

# lab_stats_list VALUES...: "min M median D max X" of integers
lab_stats_list() {
	printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 }
		END { if (NR) printf "min %d median %d max %d\n", v[1], v[int((NR + 1) / 2)], v[NR] }'
}

# lab_udp_sink NS PORT RCVBUF_BYTES: start a python3 UDP receiver bound to
# PORT in NS (SO_RCVBUFFORCE, so rmem_max does not cap it) that reads and
# discards until killed; prints its pid once it is bound.  Stop it with
# SIGSTOP to make a slow consumer (its socket keeps what arrives), SIGCONT
# to drain, kill to close.  The caller defers the kill.
lab_udp_sink() {
	local ns=$1 port=$2 rcvbuf=$3 f pid
	local prog='
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, 33, int(sys.argv[2]))  # SO_RCVBUFFORCE
s.bind(("0.0.0.0", int(sys.argv[1])))
with open(sys.argv[3], "w") as f:
    f.write("bound %d\n" % s.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF))
while True:
    s.recv(65536)
'
	f=$(mktemp "${TMPDIR:-/tmp}/lab-sink.XXXXXX") || return 1
	# started directly (not through a function) so that $! is python itself
	if [ -n "$ns" ]; then
		ip netns exec "$ns" python3 -S -E -c "$prog" "$port" "$rcvbuf" "$f" >/dev/null 2>&1 &
	else
		python3 -S -E -c "$prog" "$port" "$rcvbuf" "$f" >/dev/null 2>&1 &
	fi
	pid=$!
	# (a cold python3 start over the rig's 9p root can take seconds)
	if ! busywait 30000 grep -q '^bound' "$f" >/dev/null; then
		kill "$pid" 2>/dev/null
		rm -f "$f"
		return 1
	fi
	rm -f "$f"
	echo "$pid"
}

# lab_udp_snmp NAME [NS]: a Udp: counter of /proc/net/snmp (InDatagrams is
# counted when a datagram is read, RcvbufErrors when a full socket drops one)
lab_udp_snmp() {
	lab_ns_exec "${2:-}" cat /proc/net/snmp 2>/dev/null | awk -v n="$1" '
		$1 == "Udp:" && !h { for (i = 2; i <= NF; i++) col[$i] = i; h = 1; next }
		$1 == "Udp:" && h { print $col[n]; exit }'
}
