#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Writes the hand-made seeds of fuzz_rx into corpus/fuzz_rx/seed-<name>.

Each seed is one scenario in fuzz_rx.c's input format: 8 configuration
bytes, then 8-byte events (op, x, y as u16 LE, z as u32 LE).  The op byte
picks the event by range (ev_end[] in fuzz_rx.c).  Inputs the fuzzer
found are added beside these with `make fuzz-merge`; crash inputs are kept
as crash-<name>.
  ./fuzz_rx_seeds.py [DIR]
"""
import os
import random
import struct
import sys

OP = dict(complete=0, frame=36, raw=76, wide=94, flood=102, poll=110,
          stack=150, mask=174, fault=188, knob=200, budget=208, ring=218,
          ifdown=230, ifup=239, teardown=248)
HDR, ETH, BUF, COPYBREAK = 12, 14, 3712, 128
# decode_len(): a top byte below 20 picks one of these; 36 and up: z % (BUF + 64).
LEN_SPECIAL = [0, 1, HDR - 1, HDR, HDR + ETH - 1, HDR + ETH, HDR + 60,
               HDR + COPYBREAK - 1, HDR + COPYBREAK, HDR + COPYBREAK + 1,
               HDR + 1514, BUF - 1, BUF, BUF + 1, 4096, 0xffff, 0x10000,
               0x7fffffff, 0xffffffff, HDR + 2 * COPYBREAK]
# Budget event x: 0, 1, ring, capacity, capacity + 1, 0xffffffff, else y.
# Ring event x (ethtool -G rx): 0, RING_MIN - 1, RING_MIN (2), ring,
# ring + 1, 0xffffffff, else y % 66; below 2 or above ring is refused.
# Fault event y & 15: values of decode_fault_value(), else (s32)z.
FAULT_VALUE = dict(min=0, below_s32=1, m2=2, m1=3, zero=4, one=5, two=6,
                   fifty=7, p99=8, p100=9, p101=10, s32max=11, s32over=12,
                   max=13)
PROB, INTERVAL, TIMES, INJECTED, BAD_KNOB = 0, 1, 2, 3, 4
ALLOC, POST, SKB, CSUM = 0, 1, 2, 3
# Knob event x: 0 fail_rx_alloc/recycled = z & 1, 1 ethtool -K rx = z & 1.
RECYCLED, RX_CSUM = 0, 1
# Poll event x: budget 1 + x % 64 below 240, netpoll's budget 0 from 240.
NETPOLL = 240
# Flood event x % 8: the num_buffers each completion claims.
NB_65535, NB_RING, NB_RING_1, NB_MAX_BUFS, NB_MAX_BUFS_1, NB_0, NB_Y = range(7)


def config(ring=16, mergeable=True, guest_csum=False, max_bufs=18, cache=32,
           reserve=2, lent_rings=2, scan=128, seed=1, guest_gso=False):
    return bytes([ring - 1, (1 if mergeable else 0) | (4 if guest_csum else 0) |
                  (8 if guest_gso else 0),
                  max_bufs - 1, cache, reserve, lent_rings - 1, scan - 1,
                  seed])


def ev(op, x=0, y=0, z=0):
    return struct.pack('<BBHI', OP[op], x & 0xff, y & 0xffff, z & 0xffffffff)


def length(n):
    """z for decode_len() giving the used length n."""
    if n in LEN_SPECIAL:
        return LEN_SPECIAL.index(n) << 24
    assert n < BUF + 64
    return 0x24000000 | n


def fault(knob, value):
    if isinstance(value, str):
        return ev('fault', knob, FAULT_VALUE[value])
    return ev('fault', knob, 15, value)


def ring(value):
    """ethtool -G rx value (2..66, 2..ring accepted)."""
    return ev('ring', 6, value)


def ifdown(give_back=0):
    """ndo_stop, no wait: the stack returns give_back's pages after close."""
    return ev('ifdown', 0, 0, give_back)


def teardown(steps=0, down_give_back=0, give_back=0):
    """remove and probe again: when up, ifdown first, the stack returning
    the pages down_give_back (16 bits, doubled) picks after close; then
    release waits steps (0..7) while the stack returns give_back's pages."""
    return ev('teardown', steps, down_give_back, give_back)


def poll(budget=64):
    """A NAPI poll of budget (1..64) buffers; 0: a netpoll poll."""
    return ev('poll', NETPOLL if budget == 0 else budget - 1)


def flood(nb, rings=1, y=0, size=HDR + 60):
    """A device completing buffers as fast as they are posted, rings
    rings' worth (1..32), each claiming num_buffers nb (NB_*; NB_Y: y)."""
    return ev('flood', nb | (rings - 1) << 3, y, length(size))


def traffic(rounds, size=HDR + 200, give_back=True):
    out = b''
    for i in range(rounds):
        out += ev('complete', i, 1, length(size)) + poll()
        if give_back and i % 4 == 3:
            out += ev('stack', 1)
    return out


def frames(rounds, nbufs, give_back=True, short=None):
    """Honest frames; short: first buffer within the copybreak (True),
    beyond it (False), or alternating (None)."""
    out = b''
    for i in range(rounds):
        z = 0x1234 + 977 * i
        if short is not None:
            z = z | 1 if short else z & ~1
        out += ev('frame', nbufs - 1, i, z) + poll()
        if give_back and i % 2:
            out += ev('stack', 2, i, 0x5a5a5a5a)
    return out


def pending(n, size=HDR + 200):
    """n completions no poll sees yet."""
    return b''.join(ev('complete', i, 1, length(size)) for i in range(n))


SEEDS = {
    'honest_single': config() + traffic(40),
    'honest_merged': config(ring=32) + b''.join(frames(6, n) for n in (1, 2, 3, 5, 8)),
    'merged_max_bufs': config(ring=64, max_bufs=18) + frames(4, 18) + frames(2, 20),
    'merged_max_frags': config(ring=64, max_bufs=45, lent_rings=8) + frames(3, 45, short=False) +
        frames(3, 45, short=True) + frames(1, 46),
    'gso_large_frames': config(ring=64, guest_csum=True, guest_gso=True, lent_rings=8,
                               reserve=16) + frames(8, 18, short=False) + frames(8, 12) +
        frames(4, 2),
    'gso_not_negotiated': config(ring=64, guest_csum=True, lent_rings=8) + frames(8, 18) +
        frames(8, 3),
    'max_bufs_1': config(max_bufs=1) + frames(6, 2) + traffic(4),
    'non_mergeable': config(mergeable=False) + frames(5, 3) +
        b''.join(ev('complete', i, 0xffff, length(HDR + 60)) for i in range(4)) + poll(),
    'lengths': config() + b''.join(ev('complete', i, 1, i << 24) + poll()
                                   for i in range(len(LEN_SPECIAL))) + traffic(4),
    'lengths_in_frames': config(ring=32) + b''.join(
        ev('frame', 2, i, 0) + ev('complete', 0, 0, i << 24) + poll()
        for i in range(len(LEN_SPECIAL))),
    'copybreak_single': config() + b''.join(
        traffic(3, size, give_back=False) + ev('stack', 1)
        for size in (HDR + ETH, HDR + 60, HDR + COPYBREAK - 1, HDR + COPYBREAK,
                     HDR + COPYBREAK + 1, HDR + 2 * COPYBREAK, HDR + 1514)),
    'copybreak_merged': config(ring=32) + b''.join(frames(4, n, short=True) for n in (1, 2, 4)) +
        b''.join(frames(4, n, short=False) for n in (1, 2, 4)),
    'copybreak_budget': config(ring=8) + ev('budget', 1) +
        traffic(6, HDR + 60, give_back=False) + traffic(3, HDR + 1514, give_back=False) +
        frames(3, 2, give_back=False, short=True) + ev('stack', 1) + traffic(2),
    'copybreak_small_ring': config(ring=2, cache=0, reserve=0) + traffic(8, HDR + 60) +
        ev('mask', ALLOC, 0, 0xffffffff) + traffic(6, HDR + 100) + traffic(4, HDR + 1000) +
        ev('mask', ALLOC, 0, 0) + traffic(4, HDR + 1000),
    'csum_copy': config(ring=32, guest_csum=True) + frames(12, 1) + frames(8, 2) +
        traffic(12, HDR + 150) + traffic(8, HDR + 1514),
    'csum_rx_off': config(ring=32, guest_csum=True) + ev('knob', RX_CSUM, 0, 0) +
        frames(10, 1, short=False) + frames(6, 3) + ev('knob', RX_CSUM, 0, 1) + frames(4, 2),
    'csum_finish_fails': config(ring=32, guest_csum=True) + ev('knob', RX_CSUM, 0, 0) +
        ev('mask', CSUM, 0, 0xffffffff) + frames(10, 1, short=False) + frames(8, 3) +
        ev('mask', CSUM, 0, 0x55555555) + traffic(12, HDR + 600) + ev('mask', CSUM, 0, 0) +
        traffic(4, HDR + 600),
    'nb_zero_and_huge': config(ring=32) + ev('complete', 0, 0, length(HDR + 60)) +
        poll() + ev('complete', 0, 0xffff, length(BUF)) + traffic(8) + poll(),
    'stale_header': config(ring=4, cache=8) + frames(4, 3) +
        ev('complete', 0, 9, length(HDR - 1)) + ev('complete', 1, 9, length(HDR + 60)) +
        poll() + traffic(6),
    'unknown_id': config() + traffic(4) + ev('raw', 200, 1, length(100)) +
        traffic(4) + ifdown() + ev('ifup') + traffic(4),
    'unknown_id_pending': config() + traffic(2) + pending(3) + ev('raw', 16, 1, length(100)) +
        pending(3) + ifdown(0xffffffff) + ev('ifup') + traffic(2),
    'duplicate_id': config() + ev('raw', 3, 1, length(100)) + ev('raw', 3, 1, length(100)) +
        poll() + traffic(4),
    'duplicate_after_repost': config(ring=2, cache=0) + ev('raw', 0, 1, length(100)) +
        poll() + ev('raw', 0, 1, length(100)) + ev('raw', 0, 1, length(100)) +
        poll() + traffic(3),
    'wide_id': config() + ev('wide', 1, 60, 0xffffffff) + ev('wide', 1, 60, 1 << 16) +
        poll() + traffic(2),
    'alloc_fails_all': config(reserve=4) + ev('mask', ALLOC, 0, 0xffffffff) + traffic(12) +
        ev('mask', ALLOC, 0, 0) + traffic(8),
    'alloc_fails_pattern': config(ring=32, reserve=4) + ev('mask', ALLOC, 0, 0x55555555) +
        b''.join(frames(4, n) for n in (1, 2, 4)),
    'alloc_latch': config(ring=32, cache=0, reserve=8) + ev('mask', ALLOC, 0, 0x11111111) +
        pending(12, HDR + 1514) + poll() + pending(12, HDR + 1514) + poll() +
        ev('stack', 1) + traffic(4),
    'post_fails': config() + ev('mask', POST, 0, 0x0f0f0f0f) + traffic(16) +
        ev('mask', POST, 0, 0) + traffic(8),
    'skb_fails': config() + ev('mask', SKB, 0, 0x33333333) + frames(8, 2),
    'skb_latch': config(ring=32) + ev('mask', SKB, 0, 0x00000001) + pending(10, HDR + 60) +
        poll() + pending(10, HDR + 1514) + poll() + traffic(4),
    'fault_probability': config(reserve=3) + fault(PROB, 'p100') + traffic(10) +
        fault(PROB, 'fifty') + traffic(10) + fault(PROB, 'zero') + traffic(4),
    'fault_interval_times': config() + fault(PROB, 'p100') + fault(INTERVAL, 3) +
        fault(TIMES, 5) + traffic(16) + fault(TIMES, 'm1') + fault(INTERVAL, 'one') + traffic(6),
    'fault_invalid': config() + b''.join(fault(k, v) for k in range(6) for v in FAULT_VALUE) +
        traffic(4),
    'fault_spares_recycled': config(reserve=2) + traffic(8) + ev('knob', RECYCLED, 0, 0) +
        fault(PROB, 'p100') + traffic(12) + ev('stack', 1) + traffic(8) +
        ev('knob', RECYCLED, 0, 1) + traffic(6),
    'budget_small': config() + ev('budget', 1) + traffic(8, give_back=False) +
        ev('stack', 1) + traffic(4),
    'budget_multibuf': config(ring=32) + ev('budget', 6, 5) + frames(6, 4, give_back=False) +
        ev('stack', 1) + frames(2, 4),
    'budget_invalid': config() + b''.join(ev('budget', x, 0) + poll(2) for x in range(6)) +
        ev('budget', 6, 0) + traffic(4),
    'budget_lowered': config(ring=8, lent_rings=8) + ev('budget', 3) + traffic(20, give_back=False) +
        ev('budget', 6, 2) + ev('stack', 0, 3) + traffic(4),
    'ring_shrink_grow': config(ring=32) + traffic(4) + ring(4) + traffic(40) + ring(32) +
        traffic(8) + ring(16) + frames(6, 5) + ring(2) + frames(6, 3),
    'ring_shrink_short': config(ring=16) + ring(3) + traffic(20, HDR + 60) + ring(16) +
        traffic(4, HDR + 60) + ring(8) + frames(6, 2, short=True),
    'ring_grow_alloc_fails': config(ring=32, cache=0, reserve=0) + ring(4) + traffic(6) +
        ev('mask', ALLOC, 0, 0x0000ffff) + ring(32) + traffic(6) + ev('mask', ALLOC, 0, 0) +
        traffic(6),
    'ring_invalid': config(ring=16) + b''.join(ev('ring', x) for x in range(6)) +
        ring(0) + ring(1) + ring(17) + ring(65) + traffic(4),
    'ring_while_down': config(ring=16) + traffic(4) + ifdown() + ring(5) + ev('ifup') +
        traffic(8) + ifdown() + ring(16) + ev('ifup') + traffic(4),
    'ring_shrink_pending': config(ring=16) + pending(10) + ring(2) + poll() +
        traffic(6) + ring(16) + traffic(4),
    'ifdown_pending': config(ring=32) + traffic(6, give_back=False) + pending(5) +
        ev('frame', 3, 7, 0x4321) + ev('frame', 1, 9, 0x4322) + ifdown() + ev('stack', 1) +
        ev('ifup') + traffic(6),
    'ifdown_pending_bad': config(ring=16, guest_csum=True) + pending(2) +
        ev('complete', 3, 1, length(HDR - 1)) + ev('complete', 4, 0, length(HDR + 60)) +
        ev('frame', 25, 3, 0x1001) + ifdown(0x01010101) + ev('ifup') + traffic(4),
    'ifdown_wait': config() + traffic(10, HDR + 1514, give_back=False) + pending(4) +
        ifdown(0x11111111) + ev('ifup') + traffic(4) + ifdown(0) +
        ev('stack', 1) + ev('ifup') + traffic(4),
    'ifdown_stack_keeps': config(ring=8) + traffic(12, HDR + 1514, give_back=False) +
        ifdown() + ev('ifup') + traffic(6, give_back=False) + ev('stack', 2, 0, 0x0f0f0f0f) +
        ifdown(0xf0f0f0f0) + ev('ifup') + traffic(4),
    'ifdown_broken': config() + traffic(2) + pending(2) + ev('raw', 99, 1, length(100)) +
        pending(2) + ifdown() + ev('ifup') + traffic(4),
    'ifup_fails': config(cache=0, reserve=0) + traffic(2) + ifdown() +
        ev('mask', ALLOC, 0, 0xffffffff) + ev('ifup') + ev('raw', 2, 1, length(100)) +
        ev('mask', ALLOC, 0, 0) + ev('ifup') + traffic(3),
    'ifup_fails_teardown': config(reserve=4) + traffic(2) + ifdown() +
        ev('mask', ALLOC, 0, 0xffffffff) + ev('ifup') + teardown(3, 0, 0xff) + traffic(3),
    'teardown_abandon': config() + traffic(12, give_back=False) + teardown() + traffic(4),
    'teardown_give_back': config() + frames(6, 2, give_back=False) +
        teardown(7, 0, 0x0f0f0f0f) + traffic(4),
    'teardown_pending': config() + traffic(6, give_back=False) + pending(6) +
        teardown(2, 0, 0x33333333) + traffic(4),
    'teardown_while_down': config() + traffic(4, give_back=False) + ifdown() +
        ev('complete', 1, 1, length(100)) + teardown(1),
    'ring_1': config(ring=1, cache=1, reserve=1, lent_rings=1) + traffic(8) + frames(2, 2) +
        traffic(4, HDR + 60) + ring(1) + ring(2),
    'ring_64': config(ring=64, cache=128, reserve=8, lent_rings=8) + frames(12, 6) + traffic(20),
    'no_cache_no_reserve': config(cache=0, reserve=0) + ev('mask', ALLOC, 0, 0x11111111) + traffic(12),
    'scan_1': config(scan=1) + traffic(12, give_back=False) + ev('stack', 1) + traffic(12),
    # netpoll: budget-0 polls change nothing, whatever is pending or lent
    'netpoll_idle': config() + poll(0) + traffic(4) + poll(0) + poll(0) + traffic(2),
    'netpoll_pending': config(ring=32) + pending(6) + poll(0) + ev('frame', 3, 7, 0x4321) +
        poll(0) + ev('mask', ALLOC, 0, 0xffffffff) + poll(0) + ev('mask', ALLOC, 0, 0) +
        poll() + poll(0) + traffic(4, give_back=False) + poll(0) + ev('stack', 1) + poll(0) +
        traffic(2),
    'netpoll_flood': config(ring=16) + flood(NB_65535, 4) + poll(0) + poll(0) + poll(1) +
        poll(0) + ifdown() + ev('ifup') + poll(0) + traffic(2),
    'netpoll_ring_shrunk': config(ring=16) + ring(4) + pending(3) + poll(0) + traffic(6) +
        ev('budget', 1) + poll(0) + traffic(2),
    # budgets of buffers: polls that end past their budget
    'budget_counts_buffers': config(ring=32, max_bufs=18) + b''.join(
        ev('frame', 7, i, 0x2222 + i) for i in range(3)) + poll(1) + poll(5) + poll(9) +
        b''.join(ev('frame', 4, i, 0x3333 + i) for i in range(4)) + poll(6) + poll() +
        traffic(4),
    # a header claiming 65,535 buffers while the device goes on completing
    'flood_huge_budget_1': config(ring=64, max_bufs=18, lent_rings=4) +
        flood(NB_65535, 4) + poll(1) + poll(1) + poll(64) + traffic(4),
    'flood_bound_budget_64': config(ring=64, cache=128, lent_rings=4) + pending(63) +
        flood(NB_65535, 2) + poll() + ev('stack', 1) + pending(40) + flood(NB_RING, 2) +
        poll(41) + poll() + traffic(2),
    'flood_huge_small_ring': config(ring=8, max_bufs=45, cache=0, reserve=0) +
        flood(NB_65535, 8) + poll(1) + poll(64) + poll(17) + traffic(4),
    'flood_huge_ring_1': config(ring=1, cache=1, reserve=1, lent_rings=1) +
        flood(NB_65535, 4) + poll(1) + poll(64) + traffic(3),
    'flood_ring_count': config(ring=32, max_bufs=45, lent_rings=8) + flood(NB_RING, 4) +
        poll(1) + poll(64) + ev('stack', 1) + flood(NB_RING_1, 4) + poll(1) + poll(64) +
        traffic(4),
    'flood_ring_above_max_bufs': config(ring=32, max_bufs=18) + flood(NB_RING, 3) +
        poll(1) + poll(64) + flood(NB_MAX_BUFS_1, 3) + poll(2) + poll(64) +
        flood(NB_MAX_BUFS, 3, size=HDR + 1514) + poll(64) + ev('stack', 1) + traffic(2),
    'flood_ring_dry': config(ring=16) + flood(NB_Y, 1, y=40) + pending(2) + poll(64) +
        ev('complete', 0, 0xffff, length(HDR + 60)) + poll(64) + traffic(4),
    'flood_honest': config(ring=32) + flood(NB_Y, 8, y=1) + poll(3) + poll(64) + poll(64) +
        flood(NB_Y, 4, y=3, size=HDR + 1514) + poll(64) + ev('stack', 1) + poll(64),
    'flood_nb_0': config() + flood(NB_0, 2) + poll(64) + traffic(2),
    'flood_alloc_fails': config(ring=32, reserve=2) + ev('mask', ALLOC, 0, 0xffffffff) +
        flood(NB_65535, 4) + poll(1) + poll(64) + ev('mask', ALLOC, 0, 0) + poll(64),
    'flood_post_fails': config(ring=32) + ev('mask', POST, 0, 0x00ff00ff) + flood(NB_65535, 4) +
        poll(1) + poll(64) + ev('mask', POST, 0, 0) + poll(64) + traffic(2),
    'flood_ifdown': config(ring=16) + flood(NB_65535, 32) + poll(1) + ifdown() + ev('ifup') +
        poll(64) + traffic(2),
    'flood_teardown': config(ring=16) + flood(NB_Y, 16, y=2) + poll(64) + teardown(1) +
        poll(64) + traffic(2),
    # one pool from the first ifup to remove: lent pages cross ifdowns
    'pool_lent_across_ifdown': config(ring=8, lent_rings=4) +
        traffic(10, HDR + 1514, give_back=False) + ifdown() + ev('stack', 1) + ev('ifup') +
        traffic(4, HDR + 1514, give_back=False) + ifdown() + ev('ifup') + ev('stack', 1) +
        poll() + traffic(4),
    'pool_returned_while_down': config(ring=8, cache=4, lent_rings=8) +
        frames(6, 3, give_back=False, short=False) + ifdown(0x00ff00ff) +
        ev('stack', 2, 0, 0x33333333) + ev('ifup') + traffic(2) + ifdown() +
        ev('stack', 1) + ev('ifup') + traffic(4),
    'pool_many_cycles': config(ring=4, cache=2, reserve=1, lent_rings=8) + b''.join(
        traffic(3, HDR + 1514, give_back=False) + ifdown(0x5555 << i) +
        ev('stack', 0, i) + ev('ifup') for i in range(8)) + traffic(4),
    'pool_ring_grow_after_down': config(ring=32, cache=8) + ring(4) +
        traffic(6, HDR + 1514, give_back=False) + ifdown() + ev('stack', 1) + ring(32) +
        ev('ifup') + ring(8) + ring(32) + traffic(4),
    'pool_left_at_remove': config(ring=8, lent_rings=4) +
        traffic(8, HDR + 1514, give_back=False) + ifdown() + teardown(3, 0, 0x0f0f0f0f) +
        traffic(6, HDR + 1514, give_back=False) + teardown(0, 0xffff) + traffic(2),
    'pool_ifup_fails_lent': config(ring=4, cache=0, reserve=0) +
        traffic(4, HDR + 1514, give_back=False) + ifdown() + ev('mask', ALLOC, 0, 0xffffffff) +
        ev('stack', 1) + ev('ifup') + ev('mask', ALLOC, 0, 0) + ev('ifup') + traffic(2) +
        teardown(0),
}


def random_seeds(n):
    rng = random.Random(20261122)
    out = {}
    for i in range(n):
        body = bytearray()
        for _ in range(rng.randrange(10, 80)):
            op = rng.choice(list(OP))
            if op == 'poll' and rng.random() < 0.1:
                body += poll(0)
            elif op in ('complete', 'frame', 'poll'):
                body += ev(op, rng.randrange(256), rng.randrange(1, 8),
                           length(rng.choice([HDR + 60, HDR + COPYBREAK,
                                              HDR + 1514, BUF, 300])))
            else:
                body += ev(op, rng.randrange(256), rng.randrange(65536),
                           rng.getrandbits(32))
        out['random_%d' % i] = config(ring=rng.randrange(1, 65),
                                      mergeable=rng.random() < 0.8,
                                      guest_csum=rng.random() < 0.5,
                                      max_bufs=rng.choice([1, 2, 18, 45]),
                                      cache=rng.randrange(129),
                                      reserve=rng.randrange(17),
                                      lent_rings=rng.randrange(1, 9),
                                      scan=rng.randrange(1, 257),
                                      seed=rng.randrange(256)) + bytes(body)
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, 'corpus', 'fuzz_rx')
    os.makedirs(out, exist_ok=True)
    seeds = dict(SEEDS)
    seeds.update(random_seeds(6))
    for name, data in seeds.items():
        assert len(data) <= 2048, name
        with open(os.path.join(out, 'seed-' + name), 'wb') as f:
            f.write(data)
    print('%d seeds in %s' % (len(seeds), out))


if __name__ == '__main__':
    main()
