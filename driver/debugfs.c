// SPDX-License-Identifier: GPL-2.0
/*
 * Test-only inspection and fault injection in debugfs, root-only, under
 * /sys/kernel/debug/labyrinth/<virtio device>/:
 *   pages                      the page ledger, totals and per queue, and
 *                              the most buffers one poll took (rxN_poll_bufs_max)
 *   fail_rx_alloc/probability  0..100
 *   fail_rx_alloc/interval     >= 1
 *   fail_rx_alloc/times        -1 (no limit) or how many failures are left
 *   fail_rx_alloc/injected     failures injected so far (read-only)
 *   fail_rx_alloc/recycled     1: recycled pages fail too (default); 0:
 *                              only pages the allocator would provide
 *   hostile/mode               LAB_HOSTILE_* bits: the lies a hostile
 *                              device tells (0 = honest, up to 255):
 *                              1-32 in received frames, 64 a control
 *                              command never answered, 128 a reply
 *                              neither OK nor ERR
 *   hostile/{probability,interval,times,injected}  how often it lies
 *   tx_stall                   1: TX completions are left in the ring, as
 *                              if the device stopped sending (the queue
 *                              fills, stops, and the TX watchdog fires);
 *                              0: reclaimed again (default)
 * and, for the module, /sys/kernel/debug/labyrinth/pages_left_to_stack:
 * pages remove left to the stack (a socket held them), all devices.
 * The directory is named after the virtio device (e.g. virtio1), which
 * stays the same across interface renames and network namespaces.
 * Out-of-range or malformed writes return -EINVAL and change nothing.
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kstrtox.h>
#include <linux/seq_file.h>

#include "lab.h"

/* Lines of the pages file, per queue and in total. */
#define LAB_PAGES_NLINES	7

static struct dentry *lab_debugfs_root;

static void lab_pages_show_one(struct seq_file *m, const char *prefix,
			       const u64 *v)
{
	static const char * const names[LAB_PAGES_NLINES] = {
		"allocated", "freed", "ring", "stack", "reserve", "cache",
		"leaked",
	};
	unsigned int i;

	for (i = 0; i < LAB_PAGES_NLINES; i++)
		seq_printf(m, "%s%s %llu\n", prefix, names[i], v[i]);
}

static void lab_pages_values(const struct lab_pages *p, u64 *v)
{
	v[0] = p->allocated;
	v[1] = p->freed;
	v[2] = lab_pages_held(p, LAB_PLACE_RING);
	v[3] = lab_pages_held(p, LAB_PLACE_STACK);
	v[4] = lab_pages_held(p, LAB_PLACE_RESERVE);
	v[5] = lab_pages_held(p, LAB_PLACE_CACHE);
	v[6] = p->leaked;
}

static int lab_pages_show(struct seq_file *m, void *unused)
{
	struct lab_priv *priv = m->private;
	u64 total[LAB_PAGES_NLINES] = {}, v[LAB_PAGES_NLINES];
	struct lab_rxq_view snap;
	char prefix[16];
	unsigned int q, i;

	for (q = 0; q < priv->nqueues; q++) {
		lab_rxq_read_pages(&priv->rxq[q], &snap);
		lab_pages_values(&snap.pages, v);
		for (i = 0; i < ARRAY_SIZE(v); i++)
			total[i] += v[i];
	}
	lab_pages_show_one(m, "", total);
	for (q = 0; q < priv->nqueues; q++) {
		lab_rxq_read_pages(&priv->rxq[q], &snap);
		lab_pages_values(&snap.pages, v);
		snprintf(prefix, sizeof(prefix), "rx%u_", q);
		lab_pages_show_one(m, prefix, v);
		seq_printf(m, "%sbudget %u\n", prefix, snap.pages.budget);
		seq_printf(m, "%spoll_bufs_max %u\n", prefix,
			   snap.poll_bufs_max);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(lab_pages);

static int lab_fault_show(struct seq_file *m, void *unused)
{
	struct lab_fault_file *ff = m->private;
	long long v;

	spin_lock_bh(&ff->priv->fault_lock);
	v = lab_fault_get(ff->fault, ff->knob);
	spin_unlock_bh(&ff->priv->fault_lock);
	seq_printf(m, "%lld\n", v);
	return 0;
}

static int lab_fault_open(struct inode *inode, struct file *file)
{
	return single_open(file, lab_fault_show, inode->i_private);
}

static ssize_t lab_fault_write(struct file *file, const char __user *ubuf,
			       size_t len, loff_t *ppos)
{
	struct lab_fault_file *ff = ((struct seq_file *)file->private_data)->private;
	long long v;
	bool ok;
	int err;

	err = kstrtoll_from_user(ubuf, len, 0, &v);
	if (err)
		return err;
	spin_lock_bh(&ff->priv->fault_lock);
	ok = lab_fault_set(ff->fault, ff->knob, v);
	spin_unlock_bh(&ff->priv->fault_lock);
	return ok ? len : -EINVAL;
}

static const struct file_operations lab_fault_fops = {
	.owner		= THIS_MODULE,
	.open		= lab_fault_open,
	.read		= seq_read,
	.write		= lab_fault_write,
	.llseek		= seq_lseek,
	.release	= single_release,
};

static struct dentry *lab_debugfs_add_inject(struct lab_priv *priv,
					     struct lab_inject *inj,
					     const char *name)
{
	struct dentry *dir = debugfs_create_dir(name, priv->debugfs);
	unsigned int k;

	for (k = 0; k < LAB_FAULT_NKNOBS; k++) {
		struct lab_fault_file *ff = &inj->files[k];

		ff->priv = priv;
		ff->fault = &inj->fault;
		ff->knob = k;
		debugfs_create_file(lab_fault_knob_names[k],
				    k == LAB_FAULT_INJECTED ? 0400 : 0600,
				    dir, ff, &lab_fault_fops);
	}
	return dir;
}

static int lab_hostile_mode_get(void *data, u64 *val)
{
	*val = READ_ONCE(((struct lab_priv *)data)->hostile_mode);
	return 0;
}

static int lab_hostile_mode_set(void *data, u64 val)
{
	if (val > LAB_HOSTILE_ALL)
		return -EINVAL;
	WRITE_ONCE(((struct lab_priv *)data)->hostile_mode, val);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(lab_hostile_mode_fops, lab_hostile_mode_get,
			 lab_hostile_mode_set, "%llu\n");

/* A 0/1 knob: @data points at its u32. */
static int lab_flag_get(void *data, u64 *val)
{
	*val = READ_ONCE(*(u32 *)data);
	return 0;
}

static int lab_flag_set(void *data, u64 val)
{
	if (val > 1)
		return -EINVAL;
	WRITE_ONCE(*(u32 *)data, val);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(lab_flag_fops, lab_flag_get, lab_flag_set, "%llu\n");

static void lab_debugfs_add_faults(struct lab_priv *priv)
{
	struct dentry *fail, *hostile;

	fail = lab_debugfs_add_inject(priv, &priv->fail_rx_alloc,
				      "fail_rx_alloc");
	debugfs_create_file_unsafe("recycled", 0600, fail,
				   &priv->fail_recycled, &lab_flag_fops);
	hostile = lab_debugfs_add_inject(priv, &priv->hostile, "hostile");
	debugfs_create_file_unsafe("mode", 0600, hostile, priv,
				   &lab_hostile_mode_fops);
	debugfs_create_file_unsafe("tx_stall", 0600, priv->debugfs,
				   &priv->tx_stall, &lab_flag_fops);
}

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
	lab_debugfs_add_faults(priv);
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
	debugfs_create_atomic_t("pages_left_to_stack", 0400, lab_debugfs_root,
				&lab_pages_left_to_stack);
}

/**
 * lab_debugfs_exit() - remove /sys/kernel/debug/labyrinth
 */
void lab_debugfs_exit(void)
{
	debugfs_remove(lab_debugfs_root);
}
