// SPDX-License-Identifier: GPL-2.0
/*
 * net_device operations and the NAPI scheduling shared by RX and TX.
 */
#include <linux/etherdevice.h>
#include <linux/netdevice.h>

#include "compat.h"

/**
 * lab_napi_schedule() - run @napi soon, with @vq's callbacks off meanwhile
 * @napi: the queue's NAPI context
 * @vq: the virtqueue it serves
 *
 * Context: hard interrupt (virtqueue callback), softirq, or process
 * context with BH disabled.  When NAPI is disabled this does nothing.
 */
void lab_napi_schedule(struct napi_struct *napi, struct virtqueue *vq)
{
	if (napi_schedule_prep(napi)) {
		virtqueue_disable_cb(vq);
		__napi_schedule(napi);
	}
}

/**
 * lab_napi_complete() - finish a poll that stayed under its budget
 * @napi: the queue's NAPI context
 * @vq: the virtqueue it serves
 * @done: work done in this poll
 *
 * Context: the NAPI poll.  The callback is re-armed before NAPI completes
 * and the ring is checked once more after, so a completion that lands in
 * between reschedules the poll instead of being lost.
 */
void lab_napi_complete(struct napi_struct *napi, struct virtqueue *vq,
		       int done)
{
	unsigned int opaque = virtqueue_enable_cb_prepare(vq);

	if (!napi_complete_done(napi, done)) {
		virtqueue_disable_cb(vq);
		return;
	}
	if (unlikely(virtqueue_poll(vq, opaque)))
		lab_napi_schedule(napi, vq);
}

/**
 * lab_queues_open() - fill and start every queue of a live device
 * @priv: the device, its virtqueues live
 *
 * Context: process context, RTNL held (ifup, restore).
 *
 * Return: 0 or a negative errno (every queue left closed).
 */
int lab_queues_open(struct lab_priv *priv)
{
	unsigned int i;
	int err;

	for (i = 0; i < priv->nqueues; i++) {
		err = lab_rxq_open(&priv->rxq[i]);
		if (err)
			goto err_close_rxqs;
		lab_txq_open(&priv->txq[i]);
	}
	netif_tx_start_all_queues(priv->dev);
	return 0;

err_close_rxqs:
	while (i--) {
		lab_txq_close(&priv->txq[i]);
		lab_rxq_close(&priv->rxq[i]);
	}
	return err;
}

/**
 * lab_queues_close() - stop transmitting and stop every poll
 * @priv: the device
 *
 * Context: process context, RTNL held (ifdown, freeze), before the device
 * is reset.
 */
void lab_queues_close(struct lab_priv *priv)
{
	unsigned int i;

	netif_tx_disable(priv->dev);
	for (i = 0; i < priv->nqueues; i++) {
		lab_txq_close(&priv->txq[i]);
		lab_rxq_close(&priv->rxq[i]);
	}
}

static int lab_open(struct net_device *dev)
{
	struct lab_priv *priv = netdev_priv(dev);
	int err;

	err = lab_device_up(priv);
	if (err)
		return err;
	return lab_queues_open(priv);
}

static int lab_stop(struct net_device *dev)
{
	struct lab_priv *priv = netdev_priv(dev);

	lab_queues_close(priv);
	lab_device_down(priv);
	return 0;
}

static void lab_get_stats64(struct net_device *dev,
			    struct rtnl_link_stats64 *s)
{
	struct lab_priv *priv = netdev_priv(dev);
	u64 rx[LAB_RXQ_NSTATS], tx[LAB_TXQ_NSTATS];
	unsigned int i;

	for (i = 0; i < priv->nqueues; i++) {
		lab_rxq_stats_read(&priv->rxq[i].stats, rx);
		s->rx_packets += rx[LAB_RXQ_packets];
		s->rx_bytes += rx[LAB_RXQ_bytes];
		s->rx_dropped += rx[LAB_RXQ_drops];
		s->rx_length_errors += rx[LAB_RXQ_length_errors];
		s->rx_frame_errors += rx[LAB_RXQ_gso_errors];
		s->rx_errors += rx[LAB_RXQ_length_errors] +
				rx[LAB_RXQ_gso_errors];

		lab_txq_stats_read(&priv->txq[i].stats, tx);
		s->tx_packets += tx[LAB_TXQ_packets];
		s->tx_bytes += tx[LAB_TXQ_bytes];
		s->tx_dropped += tx[LAB_TXQ_dropped];
	}
}

/* Context: atomic (netif_addr_lock held); the commands go from a work. */
static void lab_set_rx_mode(struct net_device *dev)
{
	lab_ctrl_rx_mode(netdev_priv(dev));
}

/* The device is told first: if it refuses, the address stays as it was. */
static int lab_set_mac_address(struct net_device *dev, void *p)
{
	struct lab_priv *priv = netdev_priv(dev);
	struct sockaddr *sa = p;
	int err;

	err = eth_prepare_mac_addr_change(dev, p);
	if (err)
		return err;
	err = lab_ctrl_set_mac(priv, sa->sa_data);
	if (err)
		return err;
	eth_commit_mac_addr_change(dev, p);
	return 0;
}

static int lab_vlan_rx_add_vid(struct net_device *dev, __be16 proto, u16 vid)
{
	return lab_ctrl_vlan(netdev_priv(dev), vid, true);
}

static int lab_vlan_rx_kill_vid(struct net_device *dev, __be16 proto, u16 vid)
{
	return lab_ctrl_vlan(netdev_priv(dev), vid, false);
}

/*
 * Checksums and TSO need no telling (the poll and the stack read
 * dev->features); rx-gro-hw is the device's to do, through the control
 * queue.  The core drops GRO_HW while RXCSUM is off.
 */
static int lab_set_features(struct net_device *dev,
			    netdev_features_t features)
{
	if ((dev->features ^ features) & NETIF_F_GRO_HW)
		return lab_ctrl_set_gro_hw(netdev_priv(dev),
					   features & NETIF_F_GRO_HW);
	return 0;
}

static const struct net_device_ops lab_netdev_ops = {
	.ndo_open		= lab_open,
	.ndo_stop		= lab_stop,
	.ndo_start_xmit		= lab_start_xmit,
	.ndo_tx_timeout		= lab_tx_timeout,
	.ndo_get_stats64	= lab_get_stats64,
	.ndo_set_mac_address	= lab_set_mac_address,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_set_rx_mode	= lab_set_rx_mode,
	.ndo_vlan_rx_add_vid	= lab_vlan_rx_add_vid,
	.ndo_vlan_rx_kill_vid	= lab_vlan_rx_kill_vid,
	.ndo_set_features	= lab_set_features,
};

/**
 * lab_netdev_setup() - fill in the net_device before registration
 * @priv: the device
 *
 * Context: process context (probe), features negotiated.  The MAC
 * address may change at any time: without a control virtqueue the device
 * receives every frame (QEMU's default) and the stack filters; with
 * CTRL_RX the device filters by the tables ctrl.c sends it (IFF_UNICAST_FLT:
 * secondary unicast addresses go into them, no promiscuous mode needed),
 * and with CTRL_MAC_ADDR it is told each new address first.  With
 * CTRL_VLAN it drops tags the stack has not added (hardware VLAN filter).
 *
 * Checksum offloads follow the negotiated features, on by default, and
 * ethtool -K may turn them off and on again (hw_features): the RX poll
 * and the stack read dev->features for every frame, so nothing needs
 * telling.  The TX path maps any skb, frags included, so with TX
 * checksumming it also takes scatter-gather (which software GSO wants),
 * and the segmentation the device negotiated (TSO, TSO6, TSO_ECN, USO):
 * a GSO frame of up to 64 KiB goes out as one, its header saying how to
 * cut it.  The core drops TSO while SG or checksumming is off.  With
 * CTRL_GUEST_OFFLOADS, rx-gro-hw turns the large received frames of
 * GUEST_TSO4/TSO6/ECN off and on.
 */
void lab_netdev_setup(struct lab_priv *priv)
{
	struct net_device *dev = priv->dev;

	dev->netdev_ops = &lab_netdev_ops;
	dev->ethtool_ops = &lab_ethtool_ops;
	dev->priv_flags |= IFF_LIVE_ADDR_CHANGE;
	dev->min_mtu = ETH_MIN_MTU;
	/* room for the virtio-net header in front of each frame (tx.c) */
	dev->needed_headroom = priv->hdr_len;
	dev->watchdog_timeo = LAB_TX_TIMEOUT;
	if (priv->host_csum)
		dev->hw_features |= NETIF_F_HW_CSUM | NETIF_F_SG |
				    priv->host_gso;
	if (priv->guest_csum)
		dev->hw_features |= NETIF_F_RXCSUM;
	if (priv->ctrl.has_offloads)
		dev->hw_features |= NETIF_F_GRO_HW;
	dev->features |= dev->hw_features;
	if (priv->ctrl.has_rx)
		dev->priv_flags |= IFF_UNICAST_FLT;
	if (priv->ctrl.has_vlan)
		dev->features |= NETIF_F_HW_VLAN_CTAG_FILTER;
	lab_qstats_setup(dev);
}
