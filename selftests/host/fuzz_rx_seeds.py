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

OP = dict(complete=0, frame=40, raw=80, wide=100, poll=110, stack=160,
          mask=185, fault=200, budget=215, ifdown=230, ifup=238,
          teardown=246)
HDR, ETH, BUF = 12, 14, 3712
# decode_len(): a top byte below 16 picks one of these; 32 and up: z % (BUF + 64).
LEN_SPECIAL = [0, 1, HDR - 1, HDR, HDR + ETH - 1, HDR + ETH, HDR + 60,
               HDR + 1514, BUF - 1, BUF, BUF + 1, 4096, 0xffff, 0x10000,
               0x7fffffff, 0xffffffff]
# Budget event x: 0, 1, ring, capacity, capacity + 1, 0xffffffff, else y.
# Fault event y & 15: values of decode_fault_value(), else (s32)z.
FAULT_VALUE = dict(min=0, below_s32=1, m2=2, m1=3, zero=4, one=5, two=6,
                   fifty=7, p99=8, p100=9, p101=10, s32max=11, s32over=12,
                   max=13)
PROB, INTERVAL, TIMES, INJECTED, BAD_KNOB = 0, 1, 2, 3, 4
ALLOC, POST, SKB = 0, 1, 2


def config(ring=16, mergeable=True, reset=True, max_bufs=18, cache=32,
           reserve=2, lent_rings=2, scan=128, seed=1):
    return bytes([ring - 1, (1 if mergeable else 0) | (2 if reset else 0),
                  max_bufs - 1, cache, reserve, lent_rings - 1, scan - 1,
                  seed])


def ev(op, x=0, y=0, z=0):
    return struct.pack('<BBHI', OP[op], x & 0xff, y & 0xffff, z & 0xffffffff)


def length(n):
    """z for decode_len() giving the used length n."""
    if n in LEN_SPECIAL:
        return LEN_SPECIAL.index(n) << 24
    assert n < BUF + 64
    return 0x20000000 | n


def fault(knob, value):
    if isinstance(value, str):
        return ev('fault', knob, FAULT_VALUE[value])
    return ev('fault', knob, 15, value)


def traffic(rounds, size=HDR + 100, give_back=True):
    out = b''
    for i in range(rounds):
        out += ev('complete', i, 1, length(size)) + ev('poll', 63)
        if give_back and i % 4 == 3:
            out += ev('stack', 1)
    return out


def frames(rounds, nbufs, give_back=True):
    out = b''
    for i in range(rounds):
        out += ev('frame', nbufs - 1, i, 0x1234 + 977 * i) + ev('poll', 63)
        if give_back and i % 2:
            out += ev('stack', 2, i, 0x5a5a5a5a)
    return out


SEEDS = {
    'honest_single': config() + traffic(40),
    'honest_merged': config(ring=32) + b''.join(frames(6, n) for n in (1, 2, 3, 5, 8)),
    'merged_max_bufs': config(ring=64, max_bufs=18) + frames(4, 18) + frames(2, 20),
    'max_bufs_1': config(max_bufs=1) + frames(6, 2) + traffic(4),
    'non_mergeable': config(mergeable=False) + frames(5, 3) +
        b''.join(ev('complete', i, 0xffff, length(HDR + 60)) for i in range(4)) + ev('poll', 63),
    'lengths': config() + b''.join(ev('complete', i, 1, i << 24) + ev('poll', 63)
                                   for i in range(16)) + traffic(4),
    'lengths_in_frames': config(ring=32) + b''.join(
        ev('frame', 2, i, 0) + ev('complete', 0, 0, i << 24) + ev('poll', 63)
        for i in range(16)),
    'nb_zero_and_huge': config(ring=32) + ev('complete', 0, 0, length(HDR + 60)) +
        ev('poll', 63) + ev('complete', 0, 0xffff, length(BUF)) + traffic(8) + ev('poll', 63),
    'stale_header': config(ring=4, cache=8) + frames(4, 3) +
        ev('complete', 0, 9, length(HDR - 1)) + ev('complete', 1, 9, length(HDR + 60)) +
        ev('poll', 63) + traffic(6),
    'unknown_id': config() + traffic(4) + ev('raw', 200, 1, length(100)) +
        traffic(4) + ev('ifdown') + ev('ifup') + traffic(4),
    'unknown_id_noreset': config(reset=False) + traffic(2) + ev('raw', 16, 1, length(100)) +
        traffic(4) + ev('ifdown') + ev('ifup') + traffic(2),
    'duplicate_id': config() + ev('raw', 3, 1, length(100)) + ev('raw', 3, 1, length(100)) +
        ev('poll', 63) + traffic(4),
    'duplicate_after_repost': config(ring=2, cache=0) + ev('raw', 0, 1, length(100)) +
        ev('poll', 63) + ev('raw', 0, 1, length(100)) + ev('raw', 0, 1, length(100)) +
        ev('poll', 63) + traffic(3),
    'wide_id': config() + ev('wide', 1, 60, 0xffffffff) + ev('wide', 1, 60, 1 << 16) +
        ev('poll', 63) + traffic(2),
    'alloc_fails_all': config(reserve=4) + ev('mask', ALLOC, 0, 0xffffffff) + traffic(12) +
        ev('mask', ALLOC, 0, 0) + traffic(8),
    'alloc_fails_pattern': config(ring=32, reserve=4) + ev('mask', ALLOC, 0, 0x55555555) +
        b''.join(frames(4, n) for n in (1, 2, 4)),
    'post_fails': config() + ev('mask', POST, 0, 0x0f0f0f0f) + traffic(16) +
        ev('mask', POST, 0, 0) + traffic(8),
    'skb_fails': config() + ev('mask', SKB, 0, 0x33333333) + frames(8, 2),
    'fault_probability': config(reserve=3) + fault(PROB, 'p100') + traffic(10) +
        fault(PROB, 'fifty') + traffic(10) + fault(PROB, 'zero') + traffic(4),
    'fault_interval_times': config() + fault(PROB, 'p100') + fault(INTERVAL, 3) +
        fault(TIMES, 5) + traffic(16) + fault(TIMES, 'm1') + fault(INTERVAL, 'one') + traffic(6),
    'fault_invalid': config() + b''.join(fault(k, v) for k in range(6) for v in FAULT_VALUE) +
        traffic(4),
    'budget_small': config() + ev('budget', 1) + traffic(8, give_back=False) +
        ev('stack', 1) + traffic(4),
    'budget_multibuf': config(ring=32) + ev('budget', 6, 5) + frames(6, 4, give_back=False) +
        ev('stack', 1) + frames(2, 4),
    'budget_invalid': config() + b''.join(ev('budget', x, 0) + ev('poll', 1) for x in range(6)) +
        ev('budget', 6, 0) + traffic(4),
    'budget_lowered': config(ring=8, lent_rings=8) + ev('budget', 3) + traffic(20, give_back=False) +
        ev('budget', 6, 2) + ev('stack', 0, 3) + traffic(4),
    'ifdown_reset': config() + traffic(6, give_back=False) + ev('ifdown') + ev('stack', 1) +
        ev('ifup') + traffic(6),
    'ifdown_noreset': config(reset=False) + traffic(6) + ev('ifdown') +
        b''.join(ev('complete', i, 1, length(100)) for i in range(5)) + ev('poll', 63) +
        ev('ifup') + traffic(3),
    'ifup_fails': config(cache=0, reserve=0) + traffic(2) + ev('ifdown') +
        ev('mask', ALLOC, 0, 0xffffffff) + ev('ifup') + ev('mask', ALLOC, 0, 0) + ev('ifup') +
        traffic(3),
    'teardown_abandon': config() + traffic(12, give_back=False) + ev('teardown', 0) + traffic(4),
    'teardown_give_back': config() + frames(6, 2, give_back=False) +
        ev('teardown', 7, 0, 0x0f0f0f0f) + traffic(4),
    'teardown_while_down': config(reset=False) + traffic(4) + ev('ifdown') +
        ev('complete', 1, 1, length(100)) + ev('teardown', 1),
    'ring_1': config(ring=1, cache=1, reserve=1, lent_rings=1) + traffic(8) + frames(2, 2),
    'ring_64': config(ring=64, cache=128, reserve=8, lent_rings=8) + frames(12, 6) + traffic(20),
    'no_cache_no_reserve': config(cache=0, reserve=0) + ev('mask', ALLOC, 0, 0x11111111) + traffic(12),
    'scan_1': config(scan=1) + traffic(12, give_back=False) + ev('stack', 1) + traffic(12),
}


def random_seeds(n):
    rng = random.Random(20261122)
    out = {}
    for i in range(n):
        body = bytearray()
        for _ in range(rng.randrange(10, 80)):
            op = rng.choice(list(OP))
            if op in ('complete', 'frame', 'poll'):
                body += ev(op, rng.randrange(256), rng.randrange(1, 8),
                           length(rng.choice([HDR + 60, HDR + 1514, BUF, 300])))
            else:
                body += ev(op, rng.randrange(256), rng.randrange(65536),
                           rng.getrandbits(32))
        out['random_%d' % i] = config(ring=rng.randrange(1, 65),
                                      mergeable=rng.random() < 0.8,
                                      reset=rng.random() < 0.5,
                                      max_bufs=rng.choice([1, 2, 18, 46]),
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
