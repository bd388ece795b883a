// SPDX-License-Identifier: GPL-2.0
/*
 * lab_canary: a test-only module with one deliberate bug per detector of
 * the debug kernel (tools/debug-kernel, flavour "debug").  tools/test-debug
 * loads it in a boot of its own and fails unless every report below shows
 * up in the guest log, attributed to this module:
 *
 *   sleeping in atomic   "BUG: sleeping function called from invalid context"
 *   lockdep              "WARNING: possible circular locking dependency detected"
 *   kmemleak             "unreferenced object 0x..." (after two scans)
 *   KASAN                "BUG: KASAN: slab-use-after-free in canary_use_after_free"
 *
 * Never load it anywhere else: it corrupts nothing, but it taints the
 * kernel and switches lockdep off for the rest of the boot.
 *
 * The order matters: KASAN's report marks lockdep unreliable
 * (add_taint(..., LOCKDEP_NOW_UNRELIABLE) turns lock debugging off), and
 * lockdep's own report turns it off too, so the sleep-in-atomic check
 * (which lists the locks held) runs first, lockdep second and KASAN last.
 *
 * The module stays loaded: kmemleak resolves the leaked object's backtrace
 * when its report is read, after the scans; with the module gone, its
 * frames would be bare addresses and the report could not be told apart
 * from any other leak.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

static DEFINE_SPINLOCK(canary_spinlock);
static DEFINE_MUTEX(canary_mutex_a);
static DEFINE_MUTEX(canary_mutex_b);

/*
 * DEBUG_ATOMIC_SLEEP: a sleeping call's annotation under a spinlock.
 * might_sleep() is what mutex_lock(), kmalloc(GFP_KERNEL) and friends
 * check; msleep() itself carries no such annotation in 6.12 and would only
 * be caught once it scheduled ("BUG: scheduling while atomic").
 */
static noinline void canary_sleep_in_atomic(void)
{
	spin_lock(&canary_spinlock);
	might_sleep();
	spin_unlock(&canary_spinlock);
}

/*
 * lockdep: A then B here, B then A below.  One thread, one after the
 * other, so nothing can deadlock; lockdep reports the inverted order when
 * canary_lock_ba() takes A.
 */
static noinline void canary_lock_ab(void)
{
	mutex_lock(&canary_mutex_a);
	mutex_lock(&canary_mutex_b);
	mutex_unlock(&canary_mutex_b);
	mutex_unlock(&canary_mutex_a);
}

static noinline void canary_lock_ba(void)
{
	mutex_lock(&canary_mutex_b);
	mutex_lock(&canary_mutex_a);
	mutex_unlock(&canary_mutex_a);
	mutex_unlock(&canary_mutex_b);
}

/*
 * kmemleak: an object whose only pointer is dropped.  kstrdup() fills it
 * with a marker that the report's hex dump shows.
 */
static noinline void canary_leak(void)
{
	char *p = kstrdup("lab_canary: deliberately leaked", GFP_KERNEL);

	if (p)
		pr_info("leaked a %zu-byte object\n", strlen(p) + 1);
}

/*
 * KASAN: a one-byte read of a freed slab object.  READ_ONCE() reads it
 * through a volatile pointer, so the compiler keeps the access.
 */
static noinline void canary_use_after_free(void)
{
	char *p = kmalloc(64, GFP_KERNEL);
	char c;

	if (!p)
		return;
	p[0] = 'c';
	kfree(p);
	c = READ_ONCE(p[0]);
	pr_info("read %#x from a freed object\n", c);
}

/*
 * The first and last lines are warnings so that they reach lab-vm's
 * console (loglevel 5): tools/test-debug looks for "lab_canary: planting".
 */
static int __init canary_init(void)
{
	pr_warn("planting: sleep in atomic, lock inversion, leak, use after free\n");
	canary_sleep_in_atomic();
	canary_lock_ab();
	canary_lock_ba();
	canary_leak();
	canary_use_after_free();
	pr_warn("planted\n");
	return 0;
}

static void __exit canary_exit(void)
{
}

module_init(canary_init);
module_exit(canary_exit);

MODULE_DESCRIPTION("labyrinth test-only canary: deliberate bugs for the debug kernel's detectors");
MODULE_LICENSE("GPL");
