// SPDX-License-Identifier: GPL-2.0
/*
 * Per-queue statistics over netlink (netdev_stat_ops), so that
 * `ynl --family netdev --dump qstats-get` and the kernel's own selftests
 * (e.g. pp_alloc_fail.py's rx-alloc-fail) see them.  Built only on kernels
 * that have the interface; see compat.h.
 */
#include <net/netdev_queues.h>

#include "compat.h"

static void lab_qstats_rx(struct net_device *dev, int idx,
			  struct netdev_queue_stats_rx *stats)
{
	struct lab_priv *priv = netdev_priv(dev);
	u64 v[LAB_RXQ_NSTATS];

	lab_rxq_stats_read(&priv->rxq[idx].stats, v);
	stats->packets = v[LAB_RXQ_packets];
	stats->bytes = v[LAB_RXQ_bytes];
	stats->alloc_fail = v[LAB_RXQ_alloc_fail];
	stats->hw_gro_packets = v[LAB_RXQ_gso_packets];
	stats->hw_gro_bytes = v[LAB_RXQ_gso_bytes];
}

static void lab_qstats_tx(struct net_device *dev, int idx,
			  struct netdev_queue_stats_tx *stats)
{
	struct lab_priv *priv = netdev_priv(dev);
	u64 v[LAB_TXQ_NSTATS];

	lab_txq_stats_read(&priv->txq[idx].stats, v);
	stats->packets = v[LAB_TXQ_packets];
	stats->bytes = v[LAB_TXQ_bytes];
	stats->needs_csum = v[LAB_TXQ_needs_csum];
	stats->hw_gso_packets = v[LAB_TXQ_tso_packets];
	stats->hw_gso_bytes = v[LAB_TXQ_tso_bytes];
	stats->hw_gso_wire_packets = v[LAB_TXQ_tso_segs];
}

/* Queues live as long as the device: nothing is left over in the base. */
static void lab_qstats_base(struct net_device *dev,
			    struct netdev_queue_stats_rx *rx,
			    struct netdev_queue_stats_tx *tx)
{
	rx->packets = 0;
	rx->bytes = 0;
	rx->alloc_fail = 0;
	rx->hw_gro_packets = 0;
	rx->hw_gro_bytes = 0;
	tx->packets = 0;
	tx->bytes = 0;
	tx->needs_csum = 0;
	tx->hw_gso_packets = 0;
	tx->hw_gso_bytes = 0;
	tx->hw_gso_wire_packets = 0;
}

static const struct netdev_stat_ops lab_qstats_ops = {
	.get_queue_stats_rx	= lab_qstats_rx,
	.get_queue_stats_tx	= lab_qstats_tx,
	.get_base_stats		= lab_qstats_base,
};

/**
 * lab_qstats_setup() - expose per-queue statistics over netlink
 * @dev: the net_device, before registration
 */
void lab_qstats_setup(struct net_device *dev)
{
	dev->stat_ops = &lab_qstats_ops;
}
