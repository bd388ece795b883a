// SPDX-License-Identifier: GPL-2.0
/*
 * ethtool operations.  One table per queue type (and one for the control
 * queue, present or not) names the counters of lab.h's enums; it drives
 * both the strings and the values, so the count never changes at runtime.
 */
#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/virtio_config.h>

#include "lab.h"

static const char * const lab_rxq_stat_names[] = {
	[LAB_RXQ_packets]	 = "packets",
	[LAB_RXQ_bytes]		 = "bytes",
	[LAB_RXQ_drops]		 = "drops",
	[LAB_RXQ_drop_no_buffer] = "drop_no_buffer",
	[LAB_RXQ_drop_budget]	 = "drop_budget",
	[LAB_RXQ_drop_no_skb]	 = "drop_no_skb",
	[LAB_RXQ_drop_down]	 = "drop_down",
	[LAB_RXQ_length_errors]	 = "length_errors",
	[LAB_RXQ_alloc_fail]	 = "alloc_fail",
	[LAB_RXQ_reserve_used]	 = "reserve_used",
	[LAB_RXQ_recycled]	 = "recycled",
	[LAB_RXQ_kicks]		 = "kicks",
	[LAB_RXQ_stack_at_down]	 = "stack_at_down",
	[LAB_RXQ_data_valid]	 = "data_valid",
	[LAB_RXQ_needs_csum]	 = "needs_csum",
	[LAB_RXQ_netpoll_polls]	 = "netpoll_polls",
	[LAB_RXQ_gso_packets]	 = "gso_packets",
	[LAB_RXQ_gso_bytes]	 = "gso_bytes",
	[LAB_RXQ_gso_errors]	 = "gso_errors",
};

static const char * const lab_txq_stat_names[] = {
	[LAB_TXQ_packets]	= "packets",
	[LAB_TXQ_bytes]		= "bytes",
	[LAB_TXQ_dropped]	= "dropped",
	[LAB_TXQ_kicks]		= "kicks",
	[LAB_TXQ_stops]		= "stops",
	[LAB_TXQ_wakes]		= "wakes",
	[LAB_TXQ_needs_csum]	= "needs_csum",
	[LAB_TXQ_hdr_pushed]	= "hdr_pushed",
	[LAB_TXQ_timeouts]	= "timeouts",
	[LAB_TXQ_tso_packets]	= "tso_packets",
	[LAB_TXQ_tso_bytes]	= "tso_bytes",
	[LAB_TXQ_tso_segs]	= "tso_segs",
};

static const char * const lab_ctrl_stat_names[] = {
	[LAB_CTRL_cmds]		= "cmds",
	[LAB_CTRL_errors]	= "errors",
	[LAB_CTRL_bad_replies]	= "bad_replies",
	[LAB_CTRL_timeouts]	= "timeouts",
	[LAB_CTRL_busy]		= "busy",
	[LAB_CTRL_announces]	= "announces",
};

static_assert(ARRAY_SIZE(lab_rxq_stat_names) == LAB_RXQ_NSTATS);
static_assert(ARRAY_SIZE(lab_ctrl_stat_names) == LAB_CTRL_NSTATS);
static_assert(ARRAY_SIZE(lab_txq_stat_names) == LAB_TXQ_NSTATS);

static void lab_stats_read(const struct u64_stats_sync *syncp,
			   const u64_stats_t *v, unsigned int n, u64 *out)
{
	unsigned int start, i;

	do {
		start = u64_stats_fetch_begin(syncp);
		for (i = 0; i < n; i++)
			out[i] = u64_stats_read(&v[i]);
	} while (u64_stats_fetch_retry(syncp, start));
}

/**
 * lab_rxq_stats_read() - consistent copy of an RX queue's counters
 * @s: the counters
 * @out: LAB_RXQ_NSTATS values, indexed by LAB_RXQ_*
 */
void lab_rxq_stats_read(const struct lab_rxq_stats *s, u64 *out)
{
	lab_stats_read(&s->syncp, s->v, LAB_RXQ_NSTATS, out);
}

/**
 * lab_txq_stats_read() - consistent copy of a TX queue's counters
 * @s: the counters
 * @out: LAB_TXQ_NSTATS values, indexed by LAB_TXQ_*
 */
void lab_txq_stats_read(const struct lab_txq_stats *s, u64 *out)
{
	lab_stats_read(&s->syncp, s->v, LAB_TXQ_NSTATS, out);
}

/**
 * lab_ctrl_stats_read() - consistent copy of the control queue's counters
 * @s: the counters
 * @out: LAB_CTRL_NSTATS values, indexed by LAB_CTRL_*
 */
void lab_ctrl_stats_read(const struct lab_ctrl_stats *s, u64 *out)
{
	lab_stats_read(&s->syncp, s->v, LAB_CTRL_NSTATS, out);
}

static void lab_get_drvinfo(struct net_device *dev,
			    struct ethtool_drvinfo *info)
{
	struct lab_priv *priv = netdev_priv(dev);

	strscpy(info->driver, LAB_DRV_NAME, sizeof(info->driver));
	strscpy(info->bus_info, virtio_bus_name(priv->vdev),
		sizeof(info->bus_info));
}

static int lab_get_sset_count(struct net_device *dev, int sset)
{
	struct lab_priv *priv = netdev_priv(dev);

	if (sset != ETH_SS_STATS)
		return -EOPNOTSUPP;
	return priv->nqueues * (LAB_RXQ_NSTATS + LAB_TXQ_NSTATS) +
	       LAB_CTRL_NSTATS;
}

static void lab_get_strings(struct net_device *dev, u32 sset, u8 *data)
{
	struct lab_priv *priv = netdev_priv(dev);
	unsigned int q, i;

	if (sset != ETH_SS_STATS)
		return;
	for (q = 0; q < priv->nqueues; q++)
		for (i = 0; i < LAB_RXQ_NSTATS; i++)
			ethtool_sprintf(&data, "rx_queue_%u_%s", q,
					lab_rxq_stat_names[i]);
	for (q = 0; q < priv->nqueues; q++)
		for (i = 0; i < LAB_TXQ_NSTATS; i++)
			ethtool_sprintf(&data, "tx_queue_%u_%s", q,
					lab_txq_stat_names[i]);
	for (i = 0; i < LAB_CTRL_NSTATS; i++)
		ethtool_sprintf(&data, "ctrl_%s", lab_ctrl_stat_names[i]);
}

static void lab_get_ethtool_stats(struct net_device *dev,
				  struct ethtool_stats *stats, u64 *data)
{
	struct lab_priv *priv = netdev_priv(dev);
	unsigned int q;

	for (q = 0; q < priv->nqueues; q++, data += LAB_RXQ_NSTATS)
		lab_rxq_stats_read(&priv->rxq[q].stats, data);
	for (q = 0; q < priv->nqueues; q++, data += LAB_TXQ_NSTATS)
		lab_txq_stats_read(&priv->txq[q].stats, data);
	lab_ctrl_stats_read(&priv->ctrl.stats, data);
}

static void lab_get_ringparam(struct net_device *dev,
			      struct ethtool_ringparam *ring,
			      struct kernel_ethtool_ringparam *kring,
			      struct netlink_ext_ack *extack)
{
	struct lab_priv *priv = netdev_priv(dev);

	ring->rx_max_pending = priv->rx_ring_max;
	ring->rx_pending = READ_ONCE(priv->rxq[0].ring_target);
	ring->tx_max_pending = priv->tx_ring_max;
	ring->tx_pending = ring->tx_max_pending;
}

/*
 * rx: how many buffers each RX queue keeps posted (its virtqueue keeps the
 * device's size, rx-max).  tx is the device's and cannot change.
 */
static int lab_set_ringparam(struct net_device *dev,
			     struct ethtool_ringparam *ring,
			     struct kernel_ethtool_ringparam *kring,
			     struct netlink_ext_ack *extack)
{
	struct lab_priv *priv = netdev_priv(dev);
	unsigned int q;

	if (ring->tx_pending != priv->tx_ring_max) {
		NL_SET_ERR_MSG_MOD(extack, "the TX ring is the device's size");
		return -EINVAL;
	}
	if (ring->rx_pending < LAB_RX_RING_MIN) {
		NL_SET_ERR_MSG_MOD(extack, "rx ring below the minimum of "
				   __stringify(LAB_RX_RING_MIN));
		return -EINVAL;
	}
	for (q = 0; q < priv->nqueues; q++)
		lab_rxq_set_ring(&priv->rxq[q], ring->rx_pending);
	return 0;
}

const struct ethtool_ops lab_ethtool_ops = {
	.get_drvinfo		= lab_get_drvinfo,
	.get_link		= ethtool_op_get_link,
	.get_sset_count		= lab_get_sset_count,
	.get_strings		= lab_get_strings,
	.get_ethtool_stats	= lab_get_ethtool_stats,
	.get_ringparam		= lab_get_ringparam,
	.set_ringparam		= lab_set_ringparam,
};
