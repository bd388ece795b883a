/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few differences between the kernels labyrinth supports (6.1, 6.12).
 * Nowhere else in the driver does a kernel difference appear.  Kbuild
 * detects each API in the kernel's headers (LAB_HAVE_*), which also
 * follows distribution backports that a version number would miss.
 */
#ifndef _LAB_COMPAT_H
#define _LAB_COMPAT_H

#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/virtio_config.h>
#include <net/devlink.h>
#ifdef LAB_HAVE_PP_HELPERS
#include <net/page_pool/helpers.h>
#else
#include <net/page_pool.h>
#endif

#include "lab.h"

/**
 * lab_find_vqs() - find @nvqs virtqueues with per-queue callbacks and names
 * @vdev: the virtio device
 * @nvqs: number of virtqueues
 * @vqs: filled with the virtqueues
 * @callbacks: one callback per virtqueue
 * @names: one name per virtqueue
 *
 * Return: 0 or a negative errno.
 */
static inline int lab_find_vqs(struct virtio_device *vdev, unsigned int nvqs,
			       struct virtqueue *vqs[],
			       vq_callback_t *callbacks[],
			       const char * const names[])
{
#ifdef LAB_HAVE_VQ_INFO
	struct virtqueue_info *info;
	unsigned int i;
	int err;

	info = kcalloc(nvqs, sizeof(*info), GFP_KERNEL);
	if (!info)
		return -ENOMEM;
	for (i = 0; i < nvqs; i++) {
		info[i].name = names[i];
		info[i].callback = callbacks[i];
	}
	err = virtio_find_vqs(vdev, nvqs, vqs, info, NULL);
	kfree(info);
	return err;
#else
	return virtio_find_vqs(vdev, nvqs, vqs, callbacks, names, NULL);
#endif
}

/*
 * devlink's parameter .set callback gained an extack argument in 6.10;
 * lab_devlink_budget_set() is written against the older form.
 */
#ifdef LAB_HAVE_DEVLINK_SET_EXTACK
static inline int lab_devlink_budget_set_compat(struct devlink *devlink, u32 id,
						struct devlink_param_gset_ctx *ctx,
						struct netlink_ext_ack *extack)
{
	return lab_devlink_budget_set(devlink, id, ctx);
}
#else
#define lab_devlink_budget_set_compat	lab_devlink_budget_set
#endif

/* Per-queue statistics over netlink exist from 6.10 on (driver/qstats.c). */
#ifdef LAB_HAVE_QSTATS
void lab_qstats_setup(struct net_device *dev);
#else
static inline void lab_qstats_setup(struct net_device *dev)
{
}
#endif

/**
 * lab_page_pool_create() - the page source of one RX queue
 * @dev: the net_device the queue belongs to
 * @index: queue number
 * @size: pages the pool keeps for reuse (its ring size)
 *
 * No DMA mapping (virtio maps what is posted) and no NAPI binding: pages
 * go back to the pool only from labyrinth, never from the stack.  Where
 * the kernel has it, the pool is tied to @dev so that netlink's page-pool
 * family lists it with its in-flight pages.
 *
 * Context: process context.
 *
 * Return: the pool or an ERR_PTR().
 */
static inline struct page_pool *lab_page_pool_create(struct net_device *dev,
						     unsigned int index,
						     unsigned int size)
{
	struct page_pool_params pp = {
		.order = 0,
		.pool_size = size,
		.nid = NUMA_NO_NODE,
	};

#ifdef LAB_HAVE_PP_NETDEV
	pp.netdev = dev;
	pp.queue_idx = index;
#endif
	return page_pool_create(&pp);
}

/*
 * The NAPI skb cache (SKB_ALLOC_NAPI) refills with __GFP_NOWARN from 6.10
 * on; on 6.1 it warned under memory pressure, so the sk_buff comes from
 * the slab with the poll's flags there.
 */
#ifdef LAB_HAVE_NAPI_ALLOC_SKB_NOWARN
#define LAB_SKB_ALLOC_NAPI	SKB_ALLOC_NAPI
#else
#define LAB_SKB_ALLOC_NAPI	0
#endif

/**
 * lab_rx_alloc_skb() - an skb head for a received frame, in the poll
 * @napi: the queue's NAPI context
 * @len: bytes of linear data wanted
 * @gfp: the poll's allocation flags
 *
 * The head is a slab object (the kernel's small-head cache for the sizes
 * the copybreak asks for), not napi_alloc_skb()'s 1 KB page fragments:
 * freed heads go back to the slab's per-CPU lists, so the steady state
 * asks the page allocator for nothing, where the fragments took a page
 * (zeroed, with init_on_alloc) about every fourth frame and so failed
 * with it.  Headroom as napi_alloc_skb() leaves it.
 *
 * Context: the NAPI poll (softirq).
 *
 * Return: the skb, or NULL.
 */
static inline struct sk_buff *lab_rx_alloc_skb(struct napi_struct *napi,
					       unsigned int len, gfp_t gfp)
{
	struct sk_buff *skb;

	skb = __alloc_skb(len + NET_SKB_PAD + NET_IP_ALIGN, gfp,
			  SKB_ALLOC_RX | LAB_SKB_ALLOC_NAPI, NUMA_NO_NODE);
	if (likely(skb)) {
		skb_reserve(skb, NET_SKB_PAD + NET_IP_ALIGN);
		skb->dev = napi->dev;
	}
	return skb;
}

#endif /* _LAB_COMPAT_H */
