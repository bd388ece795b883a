// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only inspection in debugfs, root-only:
 *   /sys/kernel/debug/labyrinth/<virtio device>/pages
 * The directory is named after the virtio device (e.g. virtio1), which
 * stays the same across interface renames and network namespaces.
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include "lab.h"

static struct dentry *lab_debugfs_root;

static void lab_pages_show_one(struct seq_file *m, const char *prefix,
			       const u64 *v)
{
	static const char * const names[] = {
		"allocated", "freed", "ring", "stack", "reserve", "leaked",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		seq_printf(m, "%s%s %llu\n", prefix, names[i], v[i]);
}

static void lab_pages_values(const struct lab_pages *p, u64 *v)
{
	v[0] = p->allocated;
	v[1] = p->freed;
	v[2] = lab_pages_held(p, LAB_PLACE_RING);
	v[3] = lab_pages_held(p, LAB_PLACE_STACK);
	v[4] = lab_pages_held(p, LAB_PLACE_RESERVE);
	v[5] = p->leaked;
}

static int lab_pages_show(struct seq_file *m, void *unused)
{
	struct lab_priv *priv = m->private;
	u64 total[6] = {}, v[6];
	struct lab_pages snap;
	char prefix[16];
	unsigned int q, i;

	for (q = 0; q < priv->nqueues; q++) {
		lab_rxq_read_pages(&priv->rxq[q], &snap);
		lab_pages_values(&snap, v);
		for (i = 0; i < ARRAY_SIZE(v); i++)
			total[i] += v[i];
	}
	lab_pages_show_one(m, "", total);
	for (q = 0; q < priv->nqueues; q++) {
		lab_rxq_read_pages(&priv->rxq[q], &snap);
		lab_pages_values(&snap, v);
		snprintf(prefix, sizeof(prefix), "rx%u_", q);
		lab_pages_show_one(m, prefix, v);
		seq_printf(m, "%sbudget %u\n%sfloor %u\n", prefix,
			   snap.lent.cap, prefix, snap.floor);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(lab_pages);

/**
 * lab_debugfs_add() - create this device's debugfs directory
 * @priv: the device
 *
 * Context: process context (probe).  Failure is not fatal: debugfs is for
 * tests only.
 */
void lab_debugfs_add(struct lab_priv *priv)
{
	priv->debugfs = debugfs_create_dir(dev_name(&priv->vdev->dev),
					   lab_debugfs_root);
	debugfs_create_file("pages", 0400, priv->debugfs, priv,
			    &lab_pages_fops);
}

/**
 * lab_debugfs_remove() - remove this device's debugfs directory
 * @priv: the device
 */
void lab_debugfs_remove(struct lab_priv *priv)
{
	debugfs_remove(priv->debugfs);
}

/**
 * lab_debugfs_init() - create /sys/kernel/debug/labyrinth
 */
void lab_debugfs_init(void)
{
	lab_debugfs_root = debugfs_create_dir(LAB_DRV_NAME, NULL);
}

/**
 * lab_debugfs_exit() - remove /sys/kernel/debug/labyrinth
 */
void lab_debugfs_exit(void)
{
	debugfs_remove(lab_debugfs_root);
}
