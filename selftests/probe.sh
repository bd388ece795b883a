#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# probe.sh: the NIC under test comes up bound to the driver with the MAC and
# MTU the device gave it, reports itself to ethtool, and its carrier follows
# the link state the host sets.

source "$(dirname "$(readlink -f "$0")")/lib.sh"

lab_require_root
ktap_header
lab_banner
ktap_plan 5

SETUP_OK=0

test_bound() {
	local drv
	lab_setup_subtest dut || return
	lab_fig netdev "$DUT_IF"
	lab_fig virtio_device "${DUT_V:-n/a}"
	if [ -n "$DUT_V" ]; then
		drv=$(lab_driver_of "$DUT_V")
		lab_fig bound_driver "$drv"
		lab_check_eq "virtio driver of $DUT_V" "$drv" "$LAB_DRIVER"
	fi
	ip link set dev "$DUT_IF" up || lab_fail "ip link set $DUT_IF up"
	lab_fig operstate "$(cat /sys/class/net/"$DUT_IF"/operstate)"
	[ $LAB_SUB_RC -eq 0 ] && SETUP_OK=1
	return 0
}

test_mac() {
	local want perm
	[ $SETUP_OK = 1 ] || { lab_skip "device not set up"; return; }
	lab_fig mac "$DUT_MAC"
	if [ "$(lab_mode)" = rig ] && [ -n "${LAB_NIC1_MAC:-}" ]; then
		want=$LAB_NIC1_MAC
	else
		# own guest: compare with the permanent address if the driver has one
		perm=$(ethtool -P "$DUT_IF" 2>/dev/null | awk '{ print $NF }')
		[ -n "$perm" ] && [ "$perm" != "00:00:00:00:00:00" ] && want=$perm
	fi
	if [ -z "$want" ]; then
		[[ $DUT_MAC =~ ^[0-9a-f]{2}(:[0-9a-f]{2}){5}$ ]] ||
			lab_fail "malformed MAC $DUT_MAC"
		lab_skip "no reference MAC (set LAB_NIC1_MAC)"
		return
	fi
	lab_fig expected_mac "$want"
	lab_check_eq "MAC of $DUT_IF" "$DUT_MAC" "${want,,}"
}

# Does the device offer VIRTIO_NET_F_MTU (bit 3)?  The sysfs "features"
# file is the negotiated bit string, bit 0 first.
virtio_feature() {
	local f
	f=$(cat "/sys/bus/virtio/devices/$DUT_V/features" 2>/dev/null) || return 1
	[ "${f:$1:1}" = 1 ]
}

test_mtu() {
	local mtu minmtu maxmtu now rc
	[ $SETUP_OK = 1 ] || { lab_skip "device not set up"; return; }
	mtu=$(cat "/sys/class/net/$DUT_IF/mtu")
	read -r minmtu maxmtu < <(ip -d link show dev "$DUT_IF" |
		sed -n 's/.*minmtu \([0-9]*\) maxmtu \([0-9]*\).*/\1 \2/p')
	lab_fig mtu "$mtu"
	lab_fig min_mtu "${minmtu:-n/a}"
	lab_fig max_mtu "${maxmtu:-n/a}"
	if [ -n "$DUT_V" ] && virtio_feature 3; then
		lab_fig device_mtu_feature negotiated
		[ -n "$maxmtu" ] && lab_check_eq "MTU equals the device's max (VIRTIO_NET_F_MTU)" "$mtu" "$maxmtu"
	else
		lab_fig device_mtu_feature "not negotiated"
	fi
	lab_check_eq "default MTU" "$mtu" 1500

	ip link set dev "$DUT_IF" mtu 1400 2>/dev/null
	rc=$?
	now=$(cat "/sys/class/net/$DUT_IF/mtu")
	if [ $rc -eq 0 ]; then
		lab_fig mtu_1400 accepted
		lab_check_eq "MTU after set 1400" "$now" 1400
	else
		lab_fig mtu_1400 refused
		lab_check_eq "MTU after a refused change" "$now" "$mtu"
	fi
	ip link set dev "$DUT_IF" mtu 1500 2>/dev/null ||
		lab_fail "setting MTU back to 1500 refused"
	lab_check_eq "MTU restored" "$(cat "/sys/class/net/$DUT_IF/mtu")" 1500
	lab_check_eq "link still up after MTU changes" \
		"$(ip -o link show dev "$DUT_IF" | grep -c '[<,]UP[,>]')" 1
}

test_ethtool() {
	local drv info
	[ $SETUP_OK = 1 ] || { lab_skip "device not set up"; return; }
	info=$(ethtool -i "$DUT_IF" 2>&1) || { lab_fail "ethtool -i: $info"; return; }
	drv=$(echo "$info" | awk '$1 == "driver:" { print $2 }')
	lab_fig ethtool_driver "$drv"
	lab_fig ethtool_bus_info "$(echo "$info" | awk '$1 == "bus-info:" { print $2 }')"
	lab_check_eq "ethtool -i driver" "$drv" "$LAB_DRIVER"
}

test_link() {
	local rc c
	[ $SETUP_OK = 1 ] || { lab_skip "device not set up"; return; }
	[ -n "${LAB_CTL:-}" ] || { lab_skip "LAB_CTL unset: no host control channel"; return; }
	c=$(busywait 5000 lab_carrier_is "$DUT_IF" 1; lab_carrier "$DUT_IF")
	lab_fig carrier_before "$c"
	[ "$c" = 1 ] || { lab_fail "no carrier before the link test"; return; }

	lab_ctl set_link nic1 off
	rc=$?
	if [ $rc -eq 4 ]; then
		lab_skip "lab-ctl: not in the rig (exit 4)"
		return
	fi
	defer lab_ctl set_link nic1 on
	[ $rc -eq 0 ] || { lab_fail "lab-ctl set_link nic1 off: exit $rc"; return; }
	busywait 5000 lab_carrier_is "$DUT_IF" 0
	c=$(lab_carrier "$DUT_IF")
	lab_fig carrier_after_off "$c"
	lab_check_eq "carrier after set_link off" "$c" 0
	lab_fig operstate_after_off "$(cat /sys/class/net/"$DUT_IF"/operstate)"

	lab_ctl set_link nic1 on
	rc=$?
	[ $rc -eq 0 ] || lab_fail "lab-ctl set_link nic1 on: exit $rc"
	busywait 5000 lab_carrier_is "$DUT_IF" 1
	c=$(lab_carrier "$DUT_IF")
	lab_fig carrier_after_on "$c"
	lab_check_eq "carrier after set_link on" "$c" 1
	lab_fig operstate_after_on "$(cat /sys/class/net/"$DUT_IF"/operstate)"
}

lab_subtest bound test_bound
lab_subtest mac test_mac
lab_subtest mtu test_mtu
lab_subtest ethtool_driver test_ethtool
lab_subtest link_follows_host test_link
lab_finish
