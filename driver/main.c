// SPDX-License-Identifier: GPL-2.0
/*
 * labyrinth: virtio bus glue.  Probe and remove, feature negotiation,
 * suspend and resume (freeze, restore) and configuration changes (link
 * state).
 *
 * labyrinth exports no device table alias, so udev never loads it in place
 * of virtio_net: it binds the virtio-net devices no other driver holds when
 * it is loaded, and others through the virtio bus's bind file.
 */
#include <linux/etherdevice.h>
#include <linux/module.h>
#include <linux/rtnetlink.h>
#include <linux/virtio.h>
#include <linux/virtio_config.h>
#include <linux/virtio_ids.h>
#include <linux/virtio_net.h>

#include "compat.h"

/*
 * Largest MTU: what one buffer holds, or with merged buffers a jumbo
 * frame (which LAB_RX_MAX_BUFS buffers hold many times over).
 */
#define LAB_MAX_MTU_ONE_BUF	(LAB_RX_BUF_LEN - \
				 sizeof(struct virtio_net_hdr_mrg_rxbuf) - \
				 VLAN_ETH_HLEN)
#define LAB_MAX_MTU_MERGEABLE	9000

static void lab_config_work(struct work_struct *work)
{
	struct lab_priv *priv = container_of(work, struct lab_priv, config_work);
	u16 status;

	status = virtio_cread16(priv->vdev,
				offsetof(struct virtio_net_config, status));
	if (status & VIRTIO_NET_S_ANNOUNCE)
		lab_ctrl_announce(priv);
	if (status & VIRTIO_NET_S_LINK_UP)
		netif_carrier_on(priv->dev);
	else
		netif_carrier_off(priv->dev);
}

/* Context: interrupt; the work reads the config space in process context. */
static void lab_config_changed(struct virtio_device *vdev)
{
	struct lab_priv *priv = vdev->priv;

	spin_lock(&priv->config_lock);
	if (priv->config_enabled)
		schedule_work(&priv->config_work);
	spin_unlock(&priv->config_lock);
}

static void lab_config_enable(struct lab_priv *priv, bool enable)
{
	spin_lock_irq(&priv->config_lock);
	priv->config_enabled = enable;
	spin_unlock_irq(&priv->config_lock);
	if (!enable)
		cancel_work_sync(&priv->config_work);
}

static void lab_read_config(struct lab_priv *priv)
{
	struct virtio_device *vdev = priv->vdev;
	struct net_device *dev = priv->dev;
	u8 addr[ETH_ALEN];
	u16 mtu;

	if (virtio_has_feature(vdev, VIRTIO_NET_F_MAC)) {
		virtio_cread_bytes(vdev, offsetof(struct virtio_net_config, mac),
				   addr, ETH_ALEN);
		eth_hw_addr_set(dev, addr);
	} else {
		eth_hw_addr_random(dev);
		dev_info(&vdev->dev, "device has no MAC address, using %pM\n",
			 dev->dev_addr);
	}

	dev->max_mtu = priv->rx_limits.mergeable ? LAB_MAX_MTU_MERGEABLE : LAB_MAX_MTU_ONE_BUF;
	if (virtio_cread_feature(vdev, VIRTIO_NET_F_MTU, struct virtio_net_config,
				 mtu, &mtu) == 0 && mtu < dev->max_mtu)
		dev->max_mtu = mtu;
	dev->mtu = min_t(unsigned int, ETH_DATA_LEN, dev->max_mtu);
}

/*
 * One RX and one TX virtqueue, and the control virtqueue after them where
 * negotiated: it is polled (ctrl.c), so it has no callback.
 */
static int lab_find_queues(struct lab_priv *priv)
{
	vq_callback_t *callbacks[] = { lab_rxq_done, lab_txq_done, NULL };
	static const char * const names[] = { "rx0", "tx0", "ctrl" };
	bool has_ctrl = virtio_has_feature(priv->vdev, VIRTIO_NET_F_CTRL_VQ);
	struct virtqueue *vqs[3];
	int err;

	err = lab_find_vqs(priv->vdev, has_ctrl ? 3 : 2, vqs, callbacks, names);
	if (err)
		return err;
	priv->rxq[0].vq = vqs[0];
	priv->txq[0].vq = vqs[1];
	priv->ctrl.vq = has_ctrl ? vqs[2] : NULL;
	return 0;
}

static int lab_init_queues(struct lab_priv *priv)
{
	unsigned int i;
	int err;

	for (i = 0; i < priv->nqueues; i++) {
		err = lab_rxq_init(&priv->rxq[i], priv, i);
		if (err)
			goto err_fini_queues;
		err = lab_txq_init(&priv->txq[i], priv, i);
		if (err) {
			lab_rxq_fini(&priv->rxq[i]);
			goto err_fini_queues;
		}
	}
	return 0;

err_fini_queues:
	while (i--) {
		lab_txq_fini(&priv->txq[i]);
		lab_rxq_fini(&priv->rxq[i]);
	}
	return err;
}

static void lab_fini_queues(struct lab_priv *priv)
{
	unsigned int i;

	for (i = 0; i < priv->nqueues; i++) {
		lab_txq_fini(&priv->txq[i]);
		lab_rxq_fini(&priv->rxq[i]);
	}
}

/* After a device reset: frees every buffer and page, logs the ledger. */
static void lab_release_buffers(struct lab_priv *priv)
{
	u64 allocated = 0, freed = 0, leaked = 0;
	unsigned int i;

	for (i = 0; i < priv->nqueues; i++) {
		struct lab_pages *p = &priv->rxq[i].pages;

		lab_txq_release(&priv->txq[i]);
		lab_rxq_release(&priv->rxq[i]);
		allocated += p->allocated;
		freed += p->freed;
		leaked += p->leaked;
	}
	dev_info(&priv->vdev->dev, "pages: allocated=%llu freed=%llu leaked=%llu\n",
		 allocated, freed, leaked);
}

static int lab_alloc_queues(struct lab_priv *priv)
{
	priv->nqueues = 1;
	priv->rxq = kcalloc(priv->nqueues, sizeof(*priv->rxq), GFP_KERNEL);
	priv->txq = kcalloc(priv->nqueues, sizeof(*priv->txq), GFP_KERNEL);
	if (!priv->rxq || !priv->txq) {
		kfree(priv->rxq);
		kfree(priv->txq);
		return -ENOMEM;
	}
	return 0;
}

static void lab_free_queues(struct lab_priv *priv)
{
	kfree(priv->txq);
	kfree(priv->rxq);
}

/* Context: process context, after register_netdev() or at ifup. */
static void lab_link_init(struct lab_priv *priv)
{
	if (!virtio_has_feature(priv->vdev, VIRTIO_NET_F_STATUS)) {
		netif_carrier_on(priv->dev);
		return;
	}
	lab_config_enable(priv, true);
	schedule_work(&priv->config_work);
}

/*
 * Process context: the virtqueues, then DRIVER_OK, on a device whose
 * features are negotiated (FEATURES_OK set).
 */
static int lab_device_start(struct lab_priv *priv)
{
	int err;

	err = lab_find_queues(priv);
	if (err)
		return err;
	virtio_device_ready(priv->vdev);
	priv->vqs_live = true;
	lab_ctrl_start(priv, true);
	lab_link_init(priv);
	return 0;
}

/**
 * lab_device_down() - reset the device at ifdown and take everything back
 * @priv: the device
 *
 * Context: process context (ndo_stop, RTNL held), NAPI disabled.
 * A reset stops the device at once, with no window in which it could
 * complete a frame the driver then misses: what it completed before is
 * in the used rings and is counted (lab_rxq_down()), what is still posted
 * comes back, and the virtqueues go.  While the device is reset it takes
 * no frames, so a peer is held back, not dropped.  This is the only way
 * virtio offers to take posted buffers back without losing a frame
 * uncounted: a per-queue reset leaves that window open (measured: 32 of
 * 643,610 frames lost over 20 ifdown cycles).
 */
void lab_device_down(struct lab_priv *priv)
{
	struct virtio_device *vdev = priv->vdev;
	unsigned int i;

	lab_config_enable(priv, false);
	lab_ctrl_stop(priv);
	netif_carrier_off(priv->dev);
	virtio_reset_device(vdev);
	for (i = 0; i < priv->nqueues; i++) {
		lab_txq_release(&priv->txq[i]);
		lab_rxq_down(&priv->rxq[i]);
	}
	lab_ctrl_release(priv);
	vdev->config->del_vqs(vdev);
	for (i = 0; i < priv->nqueues; i++) {
		priv->rxq[i].vq = NULL;
		priv->txq[i].vq = NULL;
	}
	priv->vqs_live = false;
}

/**
 * lab_device_up() - bring the device back after lab_device_down()
 * @priv: the device
 *
 * Context: process context (ndo_open, RTNL held).  The virtio spec's
 * driver initialisation, with the features negotiated at probe.
 *
 * Return: 0 or a negative errno (the device is left reset).
 */
int lab_device_up(struct lab_priv *priv)
{
	struct virtio_device *vdev = priv->vdev;
	int err;

	if (priv->vqs_live)
		return 0;
	virtio_add_status(vdev, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	virtio_add_status(vdev, VIRTIO_CONFIG_S_DRIVER);
	err = vdev->config->finalize_features(vdev);
	if (err)
		goto err_reset;
	virtio_add_status(vdev, VIRTIO_CONFIG_S_FEATURES_OK);
	if (!(vdev->config->get_status(vdev) & VIRTIO_CONFIG_S_FEATURES_OK)) {
		err = -ENODEV;
		goto err_reset;
	}
	err = lab_device_start(priv);
	if (err)
		goto err_reset;
	return 0;

err_reset:
	virtio_reset_device(vdev);
	dev_err(&vdev->dev, "cannot bring the device back up: %d\n", err);
	return err;
}

/*
 * Segmentation the device does for frames it is sent.  The spec makes
 * each HOST_TSO feature (and HOST_USO) need CSUM, and HOST_ECN one of
 * the two TSO features: lab_validate() has cleared any offered without.
 */
static netdev_features_t lab_host_gso(struct virtio_device *vdev)
{
	netdev_features_t f = 0;

	if (virtio_has_feature(vdev, VIRTIO_NET_F_HOST_TSO4))
		f |= NETIF_F_TSO;
	if (virtio_has_feature(vdev, VIRTIO_NET_F_HOST_TSO6))
		f |= NETIF_F_TSO6;
	if (virtio_has_feature(vdev, VIRTIO_NET_F_HOST_ECN))
		f |= NETIF_F_TSO_ECN;
#ifdef VIRTIO_NET_F_HOST_USO
	if (virtio_has_feature(vdev, VIRTIO_NET_F_HOST_USO))
		f |= NETIF_F_GSO_UDP_L4;
#endif
	return f;
}

/*
 * Large frames the device may send (GUEST_TSO4/6, GUEST_ECN): what
 * lab_rx_check_gso() lets through.  lab_validate() has cleared them
 * without GUEST_CSUM and MRG_RXBUF.
 */
static u32 lab_guest_gso(struct virtio_device *vdev)
{
	u32 ok = 0;

	if (virtio_has_feature(vdev, VIRTIO_NET_F_GUEST_TSO4))
		ok |= LAB_GSO_OK_TCPV4;
	if (virtio_has_feature(vdev, VIRTIO_NET_F_GUEST_TSO6))
		ok |= LAB_GSO_OK_TCPV6;
	if (virtio_has_feature(vdev, VIRTIO_NET_F_GUEST_ECN))
		ok |= LAB_GSO_OK_ECN;
	return ok;
}

static int lab_probe(struct virtio_device *vdev)
{
	struct net_device *dev;
	struct lab_priv *priv;
	int err;

	if (!virtio_has_feature(vdev, VIRTIO_F_VERSION_1)) {
		dev_err(&vdev->dev,
			"device lacks VIRTIO_F_VERSION_1; labyrinth drives modern virtio-net devices only\n");
		return -ENODEV;
	}

	dev = alloc_etherdev_mq(sizeof(*priv), 1);
	if (!dev)
		return -ENOMEM;
	SET_NETDEV_DEV(dev, &vdev->dev);
	priv = netdev_priv(dev);
	priv->vdev = vdev;
	priv->dev = dev;
	priv->hdr_len = sizeof(struct virtio_net_hdr_mrg_rxbuf);
	priv->rx_limits = (struct lab_rx_limits){
		.hdr_len = priv->hdr_len,
		.buf_len = LAB_RX_BUF_LEN,
		.max_bufs = LAB_RX_MAX_BUFS,
		.mergeable = virtio_has_feature(vdev, VIRTIO_NET_F_MRG_RXBUF),
	};
	priv->guest_csum = virtio_has_feature(vdev, VIRTIO_NET_F_GUEST_CSUM);
	priv->host_csum = virtio_has_feature(vdev, VIRTIO_NET_F_CSUM);
	priv->host_gso = lab_host_gso(vdev);
	priv->guest_gso = lab_guest_gso(vdev);
	spin_lock_init(&priv->config_lock);
	spin_lock_init(&priv->fault_lock);
	lab_fault_init(&priv->fail_rx_alloc.fault);
	priv->fail_recycled = 1;
	lab_fault_init(&priv->hostile.fault);
	INIT_WORK(&priv->config_work, lab_config_work);
	vdev->priv = priv;
	lab_ctrl_init(priv);
	lab_netdev_setup(priv);
	lab_read_config(priv);

	err = lab_alloc_queues(priv);
	if (err)
		goto err_free_netdev;
	err = lab_find_queues(priv);
	if (err)
		goto err_free_queues;
	priv->rx_ring_max = virtqueue_get_vring_size(priv->rxq[0].vq);
	priv->tx_ring_max = virtqueue_get_vring_size(priv->txq[0].vq);
	priv->rx_limits.ring = priv->rx_ring_max;
	err = lab_init_queues(priv);
	if (err)
		goto err_del_vqs;
	err = lab_devlink_register(priv);
	if (err)
		goto err_fini_queues;

	virtio_device_ready(vdev);
	priv->vqs_live = true;
	lab_ctrl_start(priv, false);
	netif_carrier_off(dev);
	err = register_netdev(dev);
	if (err)
		goto err_reset;
	lab_link_init(priv);
	lab_debugfs_add(priv);
	netdev_info(dev, "labyrinth on %s, MAC %pM, MTU %u (max %u), ring %u\n",
		    dev_name(&vdev->dev), dev->dev_addr, dev->mtu, dev->max_mtu,
		    priv->rx_ring_max);
	return 0;

err_reset:
	lab_ctrl_stop(priv);
	virtio_reset_device(vdev);
	lab_ctrl_release(priv);
	lab_ctrl_fini(priv);
	lab_release_buffers(priv);
	lab_devlink_unregister(priv);
err_fini_queues:
	lab_fini_queues(priv);
err_del_vqs:
	vdev->config->del_vqs(vdev);
err_free_queues:
	lab_free_queues(priv);
err_free_netdev:
	free_netdev(dev);
	return err;
}

static void lab_remove(struct virtio_device *vdev)
{
	struct lab_priv *priv = vdev->priv;

	lab_config_enable(priv, false);
	lab_ctrl_fini(priv);
	unregister_netdev(priv->dev);
	lab_debugfs_remove(priv);
	/* Down, the device is already reset and its virtqueues gone. */
	if (priv->vqs_live) {
		lab_ctrl_stop(priv);
		virtio_reset_device(vdev);
		lab_ctrl_release(priv);
	}
	lab_release_buffers(priv);
	lab_devlink_unregister(priv);
	lab_fini_queues(priv);
	if (priv->vqs_live)
		vdev->config->del_vqs(vdev);
	lab_free_queues(priv);
	free_netdev(priv->dev);
}

#ifdef CONFIG_PM_SLEEP
/*
 * Suspend and hibernation (the PM core calls both through virtio_pci's
 * freeze): a running interface goes down as at ifdown (every frame the
 * device completed is counted, every posted page comes back), and the
 * device is reset with its virtqueues gone.  Pages the stack holds stay
 * lent, in the ledger, as after an ifdown.
 * Context: process context, user space frozen; takes RTNL.
 */
static int lab_freeze(struct virtio_device *vdev)
{
	struct lab_priv *priv = vdev->priv;

	lab_config_enable(priv, false);
	lab_ctrl_fini(priv);	/* its work takes RTNL */
	rtnl_lock();
	netif_device_detach(priv->dev);
	if (netif_running(priv->dev))
		lab_queues_close(priv);
	if (priv->vqs_live)
		lab_device_down(priv);
	rtnl_unlock();
	return 0;
}

/*
 * The virtio core has reset the device and negotiated its features again:
 * the virtqueues come back, and the queues are refilled if the interface
 * was running.  The device is made live even when it is down, as after
 * probe, so that the core does not set DRIVER_OK on a device without
 * virtqueues.
 * Context: process context; takes RTNL.
 */
static int lab_restore(struct virtio_device *vdev)
{
	struct lab_priv *priv = vdev->priv;
	int err;

	rtnl_lock();
	err = lab_device_start(priv);
	if (!err && netif_running(priv->dev))
		err = lab_queues_open(priv);
	if (!err)
		netif_device_attach(priv->dev);
	rtnl_unlock();
	if (err)
		dev_err(&vdev->dev, "cannot restore the device: %d\n", err);
	return err;
}
#endif

/* The most frame bytes labyrinth can receive, Ethernet header included. */
static u32 lab_rx_frame_max(struct virtio_device *vdev)
{
	u32 bufs = virtio_has_feature(vdev, VIRTIO_NET_F_MRG_RXBUF) ?
		   LAB_RX_MAX_BUFS : 1;

	return bufs * LAB_RX_BUF_LEN - sizeof(struct virtio_net_hdr_mrg_rxbuf);
}

/*
 * Drops offered features whose prerequisites are not offered: the spec's
 * (segmentation needs checksumming, ECN needs TSO) and labyrinth's own:
 * a large received frame needs MRG_RXBUF, since every buffer is one page.
 * Every control command needs the control virtqueue.
 */
static void lab_validate_deps(struct virtio_device *vdev)
{
	static const unsigned int need_csum[] = {
		VIRTIO_NET_F_HOST_TSO4, VIRTIO_NET_F_HOST_TSO6,
		VIRTIO_NET_F_HOST_ECN,
#ifdef VIRTIO_NET_F_HOST_USO
		VIRTIO_NET_F_HOST_USO,
#endif
	};
	static const unsigned int guest_gso[] = {
		VIRTIO_NET_F_GUEST_TSO4, VIRTIO_NET_F_GUEST_TSO6,
		VIRTIO_NET_F_GUEST_ECN,
	};
	static const unsigned int need_ctrl_vq[] = {
		VIRTIO_NET_F_CTRL_RX, VIRTIO_NET_F_CTRL_VLAN,
		VIRTIO_NET_F_CTRL_MAC_ADDR, VIRTIO_NET_F_CTRL_GUEST_OFFLOADS,
		VIRTIO_NET_F_GUEST_ANNOUNCE,
	};
	unsigned int i;

	if (!virtio_has_feature(vdev, VIRTIO_NET_F_CSUM))
		for (i = 0; i < ARRAY_SIZE(need_csum); i++)
			__virtio_clear_bit(vdev, need_csum[i]);
	if (!virtio_has_feature(vdev, VIRTIO_NET_F_HOST_TSO4) &&
	    !virtio_has_feature(vdev, VIRTIO_NET_F_HOST_TSO6))
		__virtio_clear_bit(vdev, VIRTIO_NET_F_HOST_ECN);
	if (!virtio_has_feature(vdev, VIRTIO_NET_F_GUEST_CSUM) ||
	    !virtio_has_feature(vdev, VIRTIO_NET_F_MRG_RXBUF))
		for (i = 0; i < ARRAY_SIZE(guest_gso); i++)
			__virtio_clear_bit(vdev, guest_gso[i]);
	if (!virtio_has_feature(vdev, VIRTIO_NET_F_GUEST_TSO4) &&
	    !virtio_has_feature(vdev, VIRTIO_NET_F_GUEST_TSO6))
		__virtio_clear_bit(vdev, VIRTIO_NET_F_GUEST_ECN);
	if (!virtio_has_feature(vdev, VIRTIO_NET_F_CTRL_VQ))
		for (i = 0; i < ARRAY_SIZE(need_ctrl_vq); i++)
			__virtio_clear_bit(vdev, need_ctrl_vq[i]);
}

/*
 * Context: before feature negotiation; virtio_has_feature() says what
 * both sides offer.  A device MTU is refused rather than honoured when it
 * is below the minimum, or when a frame of that size (VLAN tag included)
 * would not fit in the buffers labyrinth posts: the spec has a driver
 * that negotiates VIRTIO_NET_F_MTU supply buffers for such a frame, and
 * without MRG_RXBUF a frame gets one buffer.
 */
static int lab_validate(struct virtio_device *vdev)
{
	u16 mtu;

	lab_validate_deps(vdev);
	if (virtio_cread_feature(vdev, VIRTIO_NET_F_MTU, struct virtio_net_config,
				 mtu, &mtu))
		return 0;
	if (mtu < ETH_MIN_MTU) {
		dev_warn(&vdev->dev, "device MTU %u below %u, ignoring it\n",
			 mtu, ETH_MIN_MTU);
		__virtio_clear_bit(vdev, VIRTIO_NET_F_MTU);
	} else if (mtu + VLAN_ETH_HLEN > lab_rx_frame_max(vdev)) {
		dev_warn(&vdev->dev,
			 "device MTU %u does not fit in %u receive bytes (%s), ignoring it\n",
			 mtu, lab_rx_frame_max(vdev) - VLAN_ETH_HLEN,
			 virtio_has_feature(vdev, VIRTIO_NET_F_MRG_RXBUF) ?
			 "merged buffers" : "one buffer, no MRG_RXBUF");
		__virtio_clear_bit(vdev, VIRTIO_NET_F_MTU);
	}
	return 0;
}

static const struct virtio_device_id lab_id_table[] = {
	{ VIRTIO_ID_NET, VIRTIO_DEV_ANY_ID },
	{ 0 },
};

/*
 * Checksum offload both ways (design.rst, Checksum offload); segmentation
 * offload both ways for TCP (HOST_* for what labyrinth sends, GUEST_* for
 * frames of up to 64 KiB it receives over merged buffers); no UFO or
 * USO on receive (design.rst, Segmentation offload); the control
 * virtqueue and its commands (design.rst, Control virtqueue).
 */
static unsigned int lab_features[] = {
	VIRTIO_NET_F_CSUM,
	VIRTIO_NET_F_GUEST_CSUM,
	VIRTIO_NET_F_GUEST_TSO4,
	VIRTIO_NET_F_GUEST_TSO6,
	VIRTIO_NET_F_GUEST_ECN,
	VIRTIO_NET_F_HOST_TSO4,
	VIRTIO_NET_F_HOST_TSO6,
	VIRTIO_NET_F_HOST_ECN,
#ifdef VIRTIO_NET_F_HOST_USO
	VIRTIO_NET_F_HOST_USO,
#endif
	VIRTIO_NET_F_MAC,
	VIRTIO_NET_F_STATUS,
	VIRTIO_NET_F_MTU,
	VIRTIO_NET_F_MRG_RXBUF,
	VIRTIO_NET_F_CTRL_VQ,
	VIRTIO_NET_F_CTRL_RX,
	VIRTIO_NET_F_CTRL_VLAN,
	VIRTIO_NET_F_CTRL_MAC_ADDR,
	VIRTIO_NET_F_CTRL_GUEST_OFFLOADS,
	VIRTIO_NET_F_GUEST_ANNOUNCE,
};

static struct virtio_driver lab_driver = {
	.driver.name		= LAB_DRV_NAME,
	.id_table		= lab_id_table,
	.feature_table		= lab_features,
	.feature_table_size	= ARRAY_SIZE(lab_features),
	.validate		= lab_validate,
	.probe			= lab_probe,
	.remove			= lab_remove,
	.config_changed		= lab_config_changed,
#ifdef CONFIG_PM_SLEEP
	.freeze			= lab_freeze,
	.restore		= lab_restore,
#endif
};

static int __init lab_init(void)
{
	int err;

	lab_debugfs_init();
	err = register_virtio_driver(&lab_driver);
	if (err)
		lab_debugfs_exit();
	return err;
}

static void __exit lab_exit(void)
{
	unregister_virtio_driver(&lab_driver);
	lab_debugfs_exit();
}

module_init(lab_init);
module_exit(lab_exit);

MODULE_DESCRIPTION("labyrinth: virtio-net driver with a memory-pressure-proof RX path");
MODULE_LICENSE("GPL");
