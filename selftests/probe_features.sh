#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# probe_features.sh: what labyrinth does with what a device offers.
#   - a legacy-only device (no VIRTIO_F_VERSION_1) is refused with one
#     clear kernel log line, and nothing is left behind (no netdev, no
#     debugfs directory);
#   - a device MTU (VIRTIO_NET_F_MTU) becomes the interface's MTU and its
#     maximum;
#   - a device MTU that one receive buffer cannot hold, on a device without
#     MRG_RXBUF, is refused (VIRTIO_NET_F_MTU not negotiated, one log
#     line): the spec has a driver that takes the feature post buffers for
#     a frame of that size.
# It needs devices configured for it; in the rig:
#   tools/lab-vm --nic-opt nic1=disable-modern=on --nic-opt nic0=host_mtu=1400 \
#       --nic-opt nic2=host_mtu=9000 --nic-opt nic2=mrg_rxbuf=off \
#       -- make -C selftests run_tests TESTS=probe_features.sh
# (tools/run-tests does this in a boot of its own).  With ordinary devices
# each subtest skips, saying so.

source "$(dirname "$(readlink -f "$0")")/lib.sh"

LAB_DEVICE_MTU=${LAB_DEVICE_MTU:-1400}

lab_require_root
ktap_header
lab_banner
ktap_plan 3

# A legacy-only virtio PCI device (disable-modern=on) has none of the
# vendor-specific capabilities (id 0x09) that describe the modern
# interface; walk the PCI capability list to find out.
is_legacy_only() {
	[ -e "/sys/bus/pci/devices/$1/config" ] && ! has_vendor_cap "$1"
}

has_vendor_cap() {
	local cfg=/sys/bus/pci/devices/$1/config ptr id
	ptr=$(od -An -tu1 -j52 -N1 "$cfg" | tr -d ' ')
	while [ -n "$ptr" ] && [ "$ptr" -ne 0 ]; do
		id=$(od -An -tu1 -j"$ptr" -N1 "$cfg" | tr -d ' ')
		[ "$id" -eq 9 ] && return 0
		ptr=$(od -An -tu1 -j$((ptr + 1)) -N1 "$cfg" | tr -d ' ')
	done
	return 1
}

test_legacy_refused() {
	local pci=${LAB_NIC1_PCI:-} v lines
	[ "$LAB_DRIVER" = labyrinth ] || { lab_skip "labyrinth-only check"; return; }
	[ -n "$pci" ] && is_legacy_only "$pci" ||
		{ lab_skip "nic1 is not a legacy-only device (lab-vm --nic-opt nic1=disable-modern=on)"; return; }
	v=$(lab_virtio_of "$pci") || { lab_fail "no virtio device on $pci"; return; }
	lab_dmesg_mark
	# Exactly one probe: loading binds it; an already loaded driver is
	# asked to bind it (and refuses, with -ENODEV).
	if [ -d /sys/bus/virtio/drivers/labyrinth ]; then
		echo "$v" > /sys/bus/virtio/drivers/labyrinth/bind 2>/dev/null
	else
		lab_driver_load labyrinth || { lab_fail "cannot load labyrinth"; return; }
	fi
	lines=$(lab_dmesg_since | grep -c "labyrinth $v: device lacks VIRTIO_F_VERSION_1")
	lab_fig refusal_lines "$lines"
	lab_check_eq "refusal lines in the kernel log" "$lines" 1
	lab_check_eq "driver of $v" "$(lab_driver_of "$v")" none
	lab_check "no netdev on $v" no_netdev "$v"
	lab_check "no debugfs directory for $v" test ! -e "$(lab_debugfs_dir "$v")"
}

test_device_mtu() {
	local pci=${LAB_NIC0_PCI:-} v ifc mtu maxmtu
	[ "$LAB_DRIVER" = labyrinth ] || { lab_skip "labyrinth-only check"; return; }
	[ -n "$pci" ] || { lab_skip "not in the rig"; return; }
	lab_bind "$pci" labyrinth || { lab_fail "bind nic0 to labyrinth"; return; }
	v=$(lab_virtio_of "$pci")
	ifc=$(lab_netdev_of "$v")
	virtio_has_mtu "$v" ||
		{ lab_skip "nic0 offers no MTU (lab-vm --nic-opt nic0=host_mtu=$LAB_DEVICE_MTU)"; return; }
	mtu=$(cat "/sys/class/net/$ifc/mtu")
	maxmtu=$(ip -d link show dev "$ifc" | sed -n 's/.*maxmtu \([0-9]*\).*/\1/p')
	lab_fig device_mtu "$LAB_DEVICE_MTU"
	lab_fig mtu "$mtu"
	lab_fig max_mtu "$maxmtu"
	lab_check_eq "MTU of $ifc" "$mtu" "$LAB_DEVICE_MTU"
	lab_check_eq "max MTU of $ifc" "$maxmtu" "$LAB_DEVICE_MTU"
	lab_check "MTU above the device's refused" \
		mtu_refused "$ifc" $((LAB_DEVICE_MTU + 1))
}

test_mtu_refused() {
	local pci=${LAB_NIC2_PCI:-} v ifc mtu maxmtu lines
	[ "$LAB_DRIVER" = labyrinth ] || { lab_skip "labyrinth-only check"; return; }
	[ -n "$pci" ] ||
		{ lab_skip "no nic2 (lab-vm --nic-opt nic2=host_mtu=9000 --nic-opt nic2=mrg_rxbuf=off)"; return; }
	v=$(lab_virtio_of "$pci") || { lab_fail "no virtio device on $pci"; return; }
	# loading labyrinth bound it already: probe it again, after the mark
	[ "$(lab_driver_of "$v")" = labyrinth ] &&
		echo "$v" > /sys/bus/virtio/drivers/labyrinth/unbind
	lab_dmesg_mark
	lab_bind "$pci" labyrinth || { lab_fail "bind nic2 to labyrinth"; return; }
	ifc=$(lab_netdev_of "$v")
	lines=$(lab_dmesg_since | grep -c "labyrinth $v: device MTU 9000 does not fit")
	mtu=$(cat "/sys/class/net/$ifc/mtu")
	maxmtu=$(ip -d link show dev "$ifc" | sed -n 's/.*maxmtu \([0-9]*\).*/\1/p')
	lab_fig mtu "$mtu"
	lab_fig max_mtu "$maxmtu"
	lab_fig refusal_lines "$lines"
	lab_check_eq "refusal lines in the kernel log" "$lines" 1
	virtio_has_mtu "$v" && lab_fail "VIRTIO_NET_F_MTU negotiated on $v"
	lab_check_eq "MTU of $ifc" "$mtu" 1500
	[ "${maxmtu:-0}" -lt 9000 ] || lab_fail "max MTU $maxmtu: frames beyond one buffer allowed"
	lab_check "MTU 9000 refused" mtu_refused "$ifc" 9000
}

no_netdev() { ! lab_netdev_of "$1" >/dev/null; }

mtu_refused() { ! ip link set dev "$1" mtu "$2" 2>/dev/null; }

# Negotiated features, bit 0 first; VIRTIO_NET_F_MTU is bit 3.
virtio_has_mtu() {
	local f
	f=$(cat "/sys/bus/virtio/devices/$1/features" 2>/dev/null) || return 1
	[ "${f:3:1}" = 1 ]
}

lab_subtest legacy_device_refused test_legacy_refused
lab_subtest device_mtu_honoured test_device_mtu
lab_subtest device_mtu_refused_without_mrg_rxbuf test_mtu_refused
lab_finish
