// SPDX-License-Identifier: GPL-2.0
/*
 * The fault-injection decision.  Plain C: built into labyrinth.ko and
 * into the host unit tests.
 */
#include <labyrinth/fault.h>

/**
 * lab_fault_init() - inactive injection: probability 0, interval 1, times -1
 * @f: the injection state
 */
void lab_fault_init(struct lab_fault *f)
{
	*f = (struct lab_fault){ .interval = 1, .times = -1 };
}

static bool lab_fault_active(const struct lab_fault *f)
{
	return f->probability && f->times;
}

/**
 * lab_fault_should_fail() - decide one call
 * @f: the injection state
 * @rnd_percent: a uniformly random number in 0..99
 *
 * As the kernel's should_fail(): while times is not 0, every interval-th
 * call is eligible, and an eligible call fails with the given probability;
 * each failure uses up one of times unless times is -1.
 *
 * Return: true when this call must fail.
 */
bool lab_fault_should_fail(struct lab_fault *f, u32 rnd_percent)
{
	if (!lab_fault_active(f))
		return false;
	f->calls++;
	if (f->interval > 1 && f->calls % f->interval)
		return false;
	if (rnd_percent >= f->probability)
		return false;
	if (f->times > 0)
		f->times--;
	f->injected++;
	return true;
}

const char * const lab_fault_knob_names[LAB_FAULT_NKNOBS] = {
	[LAB_FAULT_PROBABILITY]	= "probability",
	[LAB_FAULT_INTERVAL]	= "interval",
	[LAB_FAULT_TIMES]	= "times",
	[LAB_FAULT_INJECTED]	= "injected",
};

/**
 * lab_fault_get() - read one attribute
 * @f: the injection state
 * @knob: which attribute
 *
 * Return: its value.
 */
long long lab_fault_get(const struct lab_fault *f, enum lab_fault_knob knob)
{
	switch (knob) {
	case LAB_FAULT_PROBABILITY:
		return f->probability;
	case LAB_FAULT_INTERVAL:
		return f->interval;
	case LAB_FAULT_TIMES:
		return f->times;
	case LAB_FAULT_INJECTED:
		return (long long)f->injected;
	default:
		return -1;
	}
}

/**
 * lab_fault_set() - write one attribute, if @v is in its range
 * @f: the injection state
 * @knob: which attribute
 * @v: the value a user wrote
 *
 * Ranges: probability 0..100, interval 1..2^31-1, times -1..2^31-1;
 * injected cannot be written.
 *
 * Return: false, with @f unchanged, when @v is out of range.
 */
bool lab_fault_set(struct lab_fault *f, enum lab_fault_knob knob, long long v)
{
	switch (knob) {
	case LAB_FAULT_PROBABILITY:
		if (v < 0 || v > LAB_FAULT_PROBABILITY_MAX)
			return false;
		f->probability = (u32)v;
		return true;
	case LAB_FAULT_INTERVAL:
		if (v < 1 || v > LAB_FAULT_LIMIT)
			return false;
		f->interval = (u32)v;
		return true;
	case LAB_FAULT_TIMES:
		if (v < -1 || v > LAB_FAULT_LIMIT)
			return false;
		f->times = (int)v;
		return true;
	default:
		return false;
	}
}
