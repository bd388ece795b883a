// SPDX-License-Identifier: GPL-2.0
/*
 * TX: transmit, completion reclaim, byte queue limits, queue stop and
 * wake, the TX watchdog.
 *
 * Context: lab_start_xmit() runs under the netdev TX queue lock (softirq or
 * process context with BH disabled); the TX NAPI poll takes the same lock
 * around its reclaim and its re-arming of the callback, so the lock
 * serialises every call into the TX virtqueue but virtqueue_disable_cb()
 * and virtqueue_poll(), the two virtio_ring allows from anywhere.
 */
#include <linux/lockdep.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#include "lab.h"

/* Descriptors one frame may need: the header, the linear part, the frags. */
#define LAB_TX_MAX_SG	(MAX_SKB_FRAGS + 2)

static void lab_tx_count(struct lab_txq *tq, int stat, u64 n)
{
	u64_stats_update_begin(&tq->stats.syncp);
	u64_stats_add(&tq->stats.v[stat], n);
	u64_stats_update_end(&tq->stats.syncp);
}

/* virtio_ring's rule, checked under lockdep: TX virtqueue calls serialised */
static inline void lab_tx_assert_locked(struct netdev_queue *txq)
{
	lockdep_assert_held(&txq->_xmit_lock);
}

/*
 * debugfs tx_stall (test-only): the driver sees no completion, as if the
 * device had stopped sending; nothing is reclaimed and the callback stays
 * off, so the queue fills, stops and only the TX watchdog moves it again.
 */
static bool lab_tx_stalled(const struct lab_txq *tq)
{
	return unlikely(READ_ONCE(tq->priv->tx_stall));
}

/*
 * Frees skbs the device has sent and tells BQL; @budget is 0 outside NAPI
 * and in netpoll's polls.
 */
static void lab_tx_reclaim(struct lab_txq *tq, struct netdev_queue *txq,
			   int budget)
{
	unsigned int len, pkts = 0, bytes = 0;
	struct sk_buff *skb;

	lab_tx_assert_locked(txq);
	if (lab_tx_stalled(tq))
		return;
	while ((skb = virtqueue_get_buf(tq->vq, &len)) != NULL) {
		pkts++;
		bytes += skb->len;
		napi_consume_skb(skb, budget);
	}
	netdev_tx_completed_queue(txq, pkts, bytes);
}

static void lab_tx_wake(struct lab_txq *tq, struct netdev_queue *txq)
{
	if (netif_tx_queue_stopped(txq) && tq->vq->num_free >= LAB_TX_MAX_SG) {
		netif_tx_wake_queue(txq);
		lab_tx_count(tq, LAB_TXQ_wakes, 1);
	}
}

/*
 * Stops the queue while one more worst-case frame might not fit, so that
 * start_xmit never has to answer NETDEV_TX_BUSY.  Completions that landed
 * meanwhile are reclaimed at once; later ones arrive through the TX
 * callback, armed here in case this frame's batch left it off, and the
 * NAPI poll, which wakes the queue.
 */
static void lab_tx_maybe_stop(struct lab_txq *tq, struct netdev_queue *txq)
{
	if (tq->vq->num_free >= LAB_TX_MAX_SG)
		return;
	netif_tx_stop_queue(txq);
	lab_tx_count(tq, LAB_TXQ_stops, 1);
	lab_tx_reclaim(tq, txq, 0);
	lab_tx_wake(tq, txq);
	if (netif_tx_queue_stopped(txq) &&
	    unlikely(!virtqueue_enable_cb_delayed(tq->vq)))
		lab_napi_schedule(&tq->napi, tq->vq);
}

/*
 * Frees what the device has sent before this frame is posted.  At the
 * end of a batch the callback is re-armed delayed: the device interrupts
 * once most of what is in flight is sent, not for every completion.
 */
static void lab_tx_reclaim_before_xmit(struct lab_txq *tq,
				       struct netdev_queue *txq, bool more)
{
	if (lab_tx_stalled(tq))
		return;
	do {
		virtqueue_disable_cb(tq->vq);
		lab_tx_reclaim(tq, txq, 0);
	} while (!more && unlikely(!virtqueue_enable_cb_delayed(tq->vq)));
}

/*
 * Each frame's virtio-net header lives in its skb's control buffer, which
 * is the driver's from ndo_start_xmit until the skb is freed (upstream
 * virtio_net keeps it there too): the device reads it until it completes
 * the frame, and with checksum offload it differs from frame to frame.
 */
static struct virtio_net_hdr_mrg_rxbuf *lab_tx_hdr(struct sk_buff *skb)
{
	BUILD_BUG_ON(sizeof(struct virtio_net_hdr_mrg_rxbuf) >
		     sizeof_field(struct sk_buff, cb));
	return (struct virtio_net_hdr_mrg_rxbuf *)skb->cb;
}

/*
 * Can the header go in the skb's headroom, in front of the frame?  Then
 * a linear frame is one descriptor, with no indirect table to allocate
 * (VIRTIO_F_VERSION_1 implies ANY_LAYOUT: the device takes the header
 * and the frame in one buffer).  The headroom must be the skb's own
 * (header not cloned) and the header aligned.
 */
static bool lab_tx_can_push(const struct sk_buff *skb, unsigned int hdr_len)
{
	return !((unsigned long)skb->data &
		 (__alignof__(struct virtio_net_hdr_mrg_rxbuf) - 1)) &&
	       !skb_header_cloned(skb) && skb_headroom(skb) >= hdr_len;
}

/*
 * Fills the frame's header @hdr (virtio_net_hdr_from_skb(), the kernel's
 * own mapping).  A partial checksum (only with NETIF_F_HW_CSUM, i.e.
 * VIRTIO_NET_F_CSUM negotiated and tx-checksumming on) is left to the
 * device, which sums from csum_start to the end and stores the result at
 * csum_start + csum_offset, both counted from the Ethernet header.  A GSO
 * frame (only with the TSO features, i.e. HOST_TSO4/TSO6/ECN/USO
 * negotiated and on) gets its gso_type, gso_size and hdr_len (the linear
 * part: a hint) and the device cuts it into segments.  The stack hands
 * over only GSO types within dev->features; one outside what the device
 * negotiated (ethtool cannot add those) is refused, -EPROTONOSUPPORT.
 */
static int lab_tx_fill_hdr(struct lab_txq *tq, struct sk_buff *skb,
			   struct virtio_net_hdr_mrg_rxbuf *hdr)
{
	struct lab_priv *priv = tq->priv;

	hdr->num_buffers = 0;
	if (unlikely(skb_is_gso(skb) && !skb_gso_ok(skb, priv->host_gso)))
		return -EPROTONOSUPPORT;
	return virtio_net_hdr_from_skb(skb, &hdr->hdr,
				       virtio_is_little_endian(priv->vdev),
				       false, 0);
}

/*
 * A frame posted: the queue's counters, from the header it went with.
 * Context: under the TX queue lock, which completion also takes, so @skb
 * is not freed yet.
 */
static void lab_tx_count_sent(struct lab_txq *tq, const struct sk_buff *skb,
			      const struct virtio_net_hdr_mrg_rxbuf *hdr,
			      unsigned int len, bool pushed)
{
	u64_stats_update_begin(&tq->stats.syncp);
	u64_stats_inc(&tq->stats.v[LAB_TXQ_packets]);
	u64_stats_add(&tq->stats.v[LAB_TXQ_bytes], len);
	if (hdr->hdr.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM)
		u64_stats_inc(&tq->stats.v[LAB_TXQ_needs_csum]);
	if (pushed)
		u64_stats_inc(&tq->stats.v[LAB_TXQ_hdr_pushed]);
	if (hdr->hdr.gso_type != VIRTIO_NET_HDR_GSO_NONE) {
		u64_stats_inc(&tq->stats.v[LAB_TXQ_tso_packets]);
		u64_stats_add(&tq->stats.v[LAB_TXQ_tso_bytes], len);
		u64_stats_add(&tq->stats.v[LAB_TXQ_tso_segs],
			      skb_shinfo(skb)->gso_segs);
	}
	u64_stats_update_end(&tq->stats.syncp);
}

/* Maps header and frame; @pushed: the header is in the headroom. */
static int lab_tx_post(struct lab_txq *tq, struct sk_buff *skb,
		       struct virtio_net_hdr_mrg_rxbuf *hdr, bool pushed)
{
	unsigned int hdr_len = tq->priv->hdr_len;
	int n;

	sg_init_table(tq->sg, LAB_TX_MAX_SG);
	if (pushed) {
		__skb_push(skb, hdr_len);
		n = skb_to_sgvec(skb, tq->sg, 0, skb->len);
		__skb_pull(skb, hdr_len);
	} else {
		sg_set_buf(tq->sg, hdr, hdr_len);
		n = skb_to_sgvec(skb, tq->sg + 1, 0, skb->len);
		if (n >= 0)
			n++;
	}
	if (unlikely(n < 0))
		return n;
	return virtqueue_add_outbuf(tq->vq, tq->sg, n, skb, GFP_ATOMIC);
}

/**
 * lab_start_xmit() - ndo_start_xmit: post one frame to the device
 * @skb: the frame
 * @dev: the net_device
 *
 * Context: under the TX queue lock, BH disabled.
 *
 * Return: NETDEV_TX_OK always; a frame that cannot be posted is dropped
 * and counted.
 */
netdev_tx_t lab_start_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct lab_priv *priv = netdev_priv(dev);
	u16 qi = skb_get_queue_mapping(skb);
	struct lab_txq *tq = &priv->txq[qi];
	struct netdev_queue *txq = netdev_get_tx_queue(dev, qi);
	struct virtio_net_hdr_mrg_rxbuf *hdr;
	bool more = netdev_xmit_more();
	unsigned int len = skb->len;
	int err = 0;
	bool pushed;

	lab_tx_reclaim_before_xmit(tq, txq, more);
	/*
	 * The stack hands over partial checksums only while NETIF_F_HW_CSUM
	 * is on, and it is never on without VIRTIO_NET_F_CSUM; should one
	 * come anyway, it is finished here rather than sent unfinished.
	 */
	if (unlikely(skb->ip_summed == CHECKSUM_PARTIAL && !priv->host_csum))
		err = skb_checksum_help(skb);
	pushed = lab_tx_can_push(skb, priv->hdr_len);
	hdr = pushed ? (void *)(skb->data - priv->hdr_len) : lab_tx_hdr(skb);
	if (!err)
		err = lab_tx_fill_hdr(tq, skb, hdr);
	skb_tx_timestamp(skb);
	if (!err)
		err = lab_tx_post(tq, skb, hdr, pushed);
	if (unlikely(err)) {
		lab_tx_count(tq, LAB_TXQ_dropped, 1);
		dev_kfree_skb_any(skb);
	} else {
		lab_tx_count_sent(tq, skb, hdr, len, pushed);
		/* BQL; with xmit_more it only says whether to kick now */
		more = !__netdev_tx_sent_queue(txq, len, more);
	}
	lab_tx_maybe_stop(tq, txq);

	if ((!more || netif_xmit_stopped(txq)) &&
	    virtqueue_kick_prepare(tq->vq)) {
		virtqueue_notify(tq->vq);
		lab_tx_count(tq, LAB_TXQ_kicks, 1);
	}
	return NETDEV_TX_OK;
}

/*
 * The callback is re-armed and NAPI completed under the TX queue lock, as
 * start_xmit's virtqueue calls are made under it; only the last look at
 * the ring (virtqueue_poll()) is outside.  netpoll's budget-0 polls
 * reclaim and wake, and leave NAPI and the callback to their owner.
 */
static int lab_tx_poll(struct napi_struct *napi, int budget)
{
	struct lab_txq *tq = container_of(napi, struct lab_txq, napi);
	struct netdev_queue *txq = netdev_get_tx_queue(tq->priv->dev, tq->index);
	unsigned int opaque;
	bool done;

	if (unlikely(!budget)) {
		/*
		 * netpoll polls every NAPI of the device, scheduled or not,
		 * IRQs off, maybe from printk with its console locks held: the
		 * TX lock is only tried (this CPU may hold it; spinning would
		 * also tie the consoles' IRQ-safe locks to it, as lockdep
		 * reported), and the callback is left as it is, armed while
		 * NAPI is idle, or a stopped queue would wait for an interrupt
		 * that never comes (a TX watchdog under netconsole.sh).
		 */
		if (!__netif_tx_trylock(txq))
			return 0;
		lab_tx_reclaim(tq, txq, 0);
		lab_tx_wake(tq, txq);
		__netif_tx_unlock(txq);
		return 0;
	}
	__netif_tx_lock(txq, raw_smp_processor_id());
	virtqueue_disable_cb(tq->vq);
	if (lab_tx_stalled(tq)) {
		napi_complete_done(napi, 0);
		__netif_tx_unlock(txq);
		return 0;
	}
	lab_tx_reclaim(tq, txq, budget);
	lab_tx_wake(tq, txq);
	opaque = virtqueue_enable_cb_prepare(tq->vq);
	done = napi_complete_done(napi, 0);
	if (!done)
		virtqueue_disable_cb(tq->vq);
	__netif_tx_unlock(txq);
	if (done && unlikely(virtqueue_poll(tq->vq, opaque)))
		lab_napi_schedule(napi, tq->vq);
	return 0;
}

/**
 * lab_tx_timeout() - ndo_tx_timeout: a TX queue sent nothing for too long
 * @dev: the net_device
 * @qi: the queue
 *
 * Context: the TX watchdog timer (softirq), the TX queues frozen.
 * Counted and reported with what the ring looks like, and the TX NAPI is
 * scheduled: should a completion interrupt have been lost, that poll
 * reclaims and wakes the queue.  The device is not reset (a reset would
 * lose what it holds): a device that stops sending is the device's fault,
 * and ifdown resets it.  The watchdog fires again every LAB_TX_TIMEOUT
 * while the queue stays stopped.
 */
void lab_tx_timeout(struct net_device *dev, unsigned int qi)
{
	struct lab_priv *priv = netdev_priv(dev);
	struct lab_txq *tq = &priv->txq[qi];

	lab_tx_count(tq, LAB_TXQ_timeouts, 1);
	netdev_err(dev, "tx%u: no completion for %u ms; %u of %u descriptors free\n",
		   qi, jiffies_to_msecs(jiffies -
			READ_ONCE(netdev_get_tx_queue(dev, qi)->trans_start)),
		   tq->vq->num_free, priv->tx_ring_max);
	lab_napi_schedule(&tq->napi, tq->vq);
}

/**
 * lab_txq_done() - virtqueue callback: the device sent frames
 * @vq: the TX virtqueue
 *
 * Context: hard interrupt.
 */
void lab_txq_done(struct virtqueue *vq)
{
	struct lab_priv *priv = vq->vdev->priv;

	lab_napi_schedule(&priv->txq[vq->index / 2].napi, vq);
}

/**
 * lab_txq_open() - start reclaiming completions
 * @tq: the queue
 *
 * Context: process context (ndo_open).
 */
void lab_txq_open(struct lab_txq *tq)
{
	netdev_tx_reset_queue(netdev_get_tx_queue(tq->priv->dev, tq->index));
	napi_enable(&tq->napi);
	local_bh_disable();
	lab_napi_schedule(&tq->napi, tq->vq);
	local_bh_enable();
}

/**
 * lab_txq_close() - stop reclaiming; frames in flight stay with the device
 * @tq: the queue
 *
 * Context: process context (ndo_stop), after netif_tx_disable().
 */
void lab_txq_close(struct lab_txq *tq)
{
	napi_disable(&tq->napi);
}

/**
 * lab_txq_release() - free every frame still posted, counted as dropped
 * @tq: the queue
 *
 * Context: process context, device reset.  Nothing to do when an ifdown
 * already took the virtqueue away.
 */
void lab_txq_release(struct lab_txq *tq)
{
	struct sk_buff *skb;
	u64 dropped = 0;

	if (!tq->vq)
		return;
	while ((skb = virtqueue_detach_unused_buf(tq->vq)) != NULL) {
		dev_kfree_skb(skb);
		dropped++;
	}
	u64_stats_update_begin(&tq->stats.syncp);
	u64_stats_add(&tq->stats.v[LAB_TXQ_dropped], dropped);
	u64_stats_update_end(&tq->stats.syncp);
}

/**
 * lab_txq_init() - set up a TX queue
 * @tq: the queue
 * @priv: the device
 * @index: queue number
 *
 * Context: process context (probe).
 *
 * Return: 0.
 */
int lab_txq_init(struct lab_txq *tq, struct lab_priv *priv, unsigned int index)
{
	tq->priv = priv;
	tq->index = index;
	u64_stats_init(&tq->stats.syncp);
	netif_napi_add_tx(priv->dev, &tq->napi, lab_tx_poll);
	return 0;
}

/**
 * lab_txq_fini() - undo lab_txq_init()
 * @tq: the queue
 *
 * Context: process context.
 */
void lab_txq_fini(struct lab_txq *tq)
{
	netif_napi_del(&tq->napi);
}
