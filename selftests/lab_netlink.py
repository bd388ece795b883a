#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The netdev netlink family's page_pool dump, with the standard library only.

  lab_netlink.py page-pools

prints one line per page_pool the kernel lists in this network namespace:

  id <id> ifindex <ifindex> inflight <pages> detached <0|1>

(ifindex 0: a pool whose netdev is gone, kept while pages are in flight;
detached 1: its driver destroyed it).  Exit 4 when the kernel has no
page-pool-get (6.1: no netdev family, or no such command), 1 on errors.
"""
import os
import socket
import struct
import sys

NETLINK_GENERIC = 16
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
CTRL_ATTR_OPS = 6
CTRL_ATTR_OP_ID = 1
NLM_F_REQUEST = 0x1
NLM_F_DUMP = 0x300
NLMSG_ERROR = 2
NLMSG_DONE = 3
NLA_TYPE_MASK = 0x3FFF
# include/uapi/linux/netdev.h
NETDEV_CMD_PAGE_POOL_GET = 5
PP_ID, PP_IFINDEX, PP_NAPI_ID, PP_INFLIGHT, PP_INFLIGHT_MEM, PP_DETACH_TIME = range(1, 7)
KSFT_SKIP = 4


def attrs(buf):
    """Netlink attributes of buf as {type: payload}."""
    out, off = {}, 0
    while off + 4 <= len(buf):
        alen, atype = struct.unpack_from("HH", buf, off)
        if alen < 4:
            break
        out[atype & NLA_TYPE_MASK] = buf[off + 4:off + alen]
        off += (alen + 3) & ~3
    return out


SEQ = [0]


def request(sock, family, cmd, flags, payload=b""):
    """Send one genl request; return the payloads of its answers (messages
    of other requests are skipped)."""
    SEQ[0] += 1
    seq = SEQ[0]
    msg = struct.pack("BBH", cmd, 1, 0) + payload
    sock.send(struct.pack("IHHII", 16 + len(msg), family, NLM_F_REQUEST | flags,
                          seq, os.getpid()) + msg)
    answers = []
    while True:
        data = sock.recv(1 << 16)
        off = 0
        while off + 16 <= len(data):
            mlen, mtype, _, mseq, _ = struct.unpack_from("IHHII", data, off)
            if mlen < 16:
                return answers
            body = data[off + 16:off + mlen]
            off += (mlen + 3) & ~3
            if mseq != seq:
                continue
            if mtype == NLMSG_DONE:
                return answers
            if mtype == NLMSG_ERROR:
                err = struct.unpack_from("i", body)[0]
                if err:
                    raise OSError(-err, os.strerror(-err))
                return answers
            answers.append(body[4:])
        if not flags & NLM_F_DUMP:
            return answers


def netdev_family(sock):
    """The netdev family's id, if it offers page-pool-get; else None."""
    name = b"netdev\0"
    nla = struct.pack("HH", 4 + len(name), CTRL_ATTR_FAMILY_NAME) + name
    nla += b"\0" * (-len(nla) % 4)
    try:
        ans = request(sock, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 0, nla)
    except OSError:
        return None
    if not ans:
        return None
    a = attrs(ans[0])
    ops = attrs(a.get(CTRL_ATTR_OPS, b""))
    cmds = {struct.unpack("I", attrs(op)[CTRL_ATTR_OP_ID])[0]
            for op in ops.values() if CTRL_ATTR_OP_ID in attrs(op)}
    if NETDEV_CMD_PAGE_POOL_GET not in cmds:
        return None
    return struct.unpack("H", a[CTRL_ATTR_FAMILY_ID])[0]


def u(a, t):
    """An unsigned attribute of any width, 0 when absent."""
    v = a.get(t)
    if not v:
        return 0
    return int.from_bytes(v[:8], sys.byteorder)


def main():
    if sys.argv[1:] != ["page-pools"]:
        print(__doc__.strip(), file=sys.stderr)
        return 1
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
    sock.bind((0, 0))
    fam = netdev_family(sock)
    if fam is None:
        print("no page-pool-get in the netdev netlink family", file=sys.stderr)
        return KSFT_SKIP
    for body in request(sock, fam, NETDEV_CMD_PAGE_POOL_GET, NLM_F_DUMP):
        a = attrs(body)
        print("id", u(a, PP_ID), "ifindex", u(a, PP_IFINDEX), "inflight",
              u(a, PP_INFLIGHT), "detached", int(PP_DETACH_TIME in a))
    return 0


if __name__ == "__main__":
    sys.exit(main())
