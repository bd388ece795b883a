/* SPDX-License-Identifier: GPL-2.0 */
/*
 * labyrinth's own allocation-failure injection, with the semantics of the
 * kernel's fault-injection attributes (Documentation/fault-injection/):
 * probability in percent, interval, times (-1 = no limit).  Plain C; the
 * caller serialises calls on one struct lab_fault.
 */
#ifndef _LABYRINTH_FAULT_H
#define _LABYRINTH_FAULT_H

#include "lab_types.h"

struct lab_fault {
	u32 probability;	/* 0..100: share of eligible calls that fail */
	u32 interval;		/* >= 1: only every interval-th call is eligible */
	int times;		/* failures left; -1 = unlimited, 0 = none */
	u64 calls;		/* calls seen while active */
	u64 injected;		/* failures injected */
};

#define LAB_FAULT_PROBABILITY_MAX	100
#define LAB_FAULT_LIMIT			0x7fffffffLL

/* The user-visible attributes, one debugfs file each. */
enum lab_fault_knob {
	LAB_FAULT_PROBABILITY,
	LAB_FAULT_INTERVAL,
	LAB_FAULT_TIMES,
	LAB_FAULT_INJECTED,	/* read-only */
	LAB_FAULT_NKNOBS,
};

extern const char * const lab_fault_knob_names[LAB_FAULT_NKNOBS];

void lab_fault_init(struct lab_fault *f);
bool lab_fault_should_fail(struct lab_fault *f, u32 rnd_percent);
long long lab_fault_get(const struct lab_fault *f, enum lab_fault_knob knob);
bool lab_fault_set(struct lab_fault *f, enum lab_fault_knob knob, long long v);

#endif /* _LABYRINTH_FAULT_H */
