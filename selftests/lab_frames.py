#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Raw Ethernet frames for the receive-filter tests (ctrl.sh).

  lab_frames.py send IFACE DST COUNT [--vlan VID] [--end MAC]
      COUNT test frames (EtherType 0x88b5, IEEE local experimental) from
      IFACE to DST, VLAN-tagged when asked; then, with --end, one end
      marker to MAC (the receiver's own address, which no filter drops).
  lab_frames.py count IFACE SECONDS
      Prints "ready" once listening, then counts the test frames IFACE
      receives (tagged or not) until an end marker or SECONDS; prints
      "frames N" (and "end" when the marker came).
  lab_frames.py arps IFACE SRC SECONDS
      Counts the ARP frames from SRC that IFACE sees in SECONDS; prints
      "arps N".
"""
import argparse
import socket
import struct
import sys
import time

ETH_P_ALL = 0x0003
ETH_P_ARP = 0x0806
ETH_P_TEST = 0x88b5
ETH_P_8021Q = 0x8100
MAGIC = b"labyrinth-filter"
END = b"labyrinth-end"


def mac(s):
    return bytes(int(x, 16) for x in s.split(":"))


def cmd_send(a):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((a.iface, 0))
    src = mac(open("/sys/class/net/%s/address" % a.iface).read().strip())
    tag = struct.pack("!HH", ETH_P_8021Q, a.vlan) if a.vlan is not None else b""
    for i in range(a.count):
        payload = MAGIC + struct.pack("!I", i)
        s.send(mac(a.dst) + src + tag + struct.pack("!H", ETH_P_TEST) +
               payload.ljust(46, b"\0"))
    if a.end:
        s.send(mac(a.end) + src + struct.pack("!H", ETH_P_TEST) +
               END.ljust(46, b"\0"))


def listen(iface, proto):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(proto))
    s.bind((iface, proto))
    s.settimeout(0.1)
    return s


def cmd_count(a):
    s = listen(a.iface, ETH_P_ALL)
    print("ready", flush=True)
    n, end, t_end = 0, False, time.monotonic() + a.seconds
    while time.monotonic() < t_end:
        try:
            buf, addr = s.recvfrom(2048)
        except socket.timeout:
            continue
        if addr[2] == socket.PACKET_OUTGOING or addr[1] != ETH_P_TEST:
            continue
        # the kernel has taken any VLAN tag out of the frame by now
        body = buf[14:]
        if body[4:4 + len(MAGIC)] == MAGIC:
            body = body[4:]
        if body.startswith(MAGIC):
            n += 1
        elif body.startswith(END):
            end = True
            break
    print("frames %d" % n)
    if end:
        print("end")


def cmd_arps(a):
    s = listen(a.iface, ETH_P_ARP)
    src, n, t_end = mac(a.src), 0, time.monotonic() + a.seconds
    print("ready", flush=True)
    while time.monotonic() < t_end:
        try:
            buf, addr = s.recvfrom(2048)
        except socket.timeout:
            continue
        if addr[2] != socket.PACKET_OUTGOING and buf[6:12] == src:
            n += 1
    print("arps %d" % n)


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    sp = sub.add_parser("send")
    sp.add_argument("iface")
    sp.add_argument("dst")
    sp.add_argument("count", type=int)
    sp.add_argument("--vlan", type=int)
    sp.add_argument("--end")
    sp.set_defaults(fn=cmd_send)
    sp = sub.add_parser("count")
    sp.add_argument("iface")
    sp.add_argument("seconds", type=float)
    sp.set_defaults(fn=cmd_count)
    sp = sub.add_parser("arps")
    sp.add_argument("iface")
    sp.add_argument("src")
    sp.add_argument("seconds", type=float)
    sp.set_defaults(fn=cmd_arps)
    a = p.parse_args()
    a.fn(a)
    return 0


if __name__ == "__main__":
    sys.exit(main())
