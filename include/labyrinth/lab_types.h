/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one shim that lets the plain-C parts of labyrinth (page ownership,
 * device-input checks) build unchanged in the kernel and in host tests.
 */
#ifndef _LABYRINTH_LAB_TYPES_H
#define _LABYRINTH_LAB_TYPES_H

#ifdef __KERNEL__
#include <linux/bits.h>
#include <linux/types.h>
#else
#include <stdbool.h>
#include <stddef.h>

typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;

#define BIT(nr)		(1UL << (nr))
#endif

#endif /* _LABYRINTH_LAB_TYPES_H */
