// SPDX-License-Identifier: GPL-2.0
/*
 * The control virtqueue (VIRTIO_NET_F_CTRL_VQ): the receive filter
 * (CTRL_RX: promiscuous and all-multicast modes, MAC tables), the MAC
 * address (CTRL_MAC_ADDR), VLAN filtering (CTRL_VLAN), the guest offloads
 * behind rx-gro-hw (CTRL_GUEST_OFFLOADS) and the acknowledgment of
 * GUEST_ANNOUNCE.
 *
 * One command at a time, under ctrl->lock, in process context; the wait
 * for the reply is bounded (LAB_CTRL_WAIT_MS).  A device that does not
 * answer in time keeps the command's buffers (they are still its to read)
 * until it answers or is reset; meanwhile every further command is refused
 * at once with -EBUSY, so a dead device costs one bounded wait per reset,
 * not one per command.  Everything the driver told the device is kept and
 * told again after each reset (ifup, restore).
 */
#include <linux/etherdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/virtio_config.h>

#include <labyrinth/ctrlparse.h>

#include "lab.h"

/*
 * How long a command waits for its reply, how long an unanswered one is
 * waited for again before the next is refused, and how they poll.
 */
#define LAB_CTRL_WAIT_MS	250
#define LAB_CTRL_NUDGE_MS	10
#define LAB_CTRL_POLL_MIN_US	20
#define LAB_CTRL_POLL_MAX_US	100

/* Data parts one command carries at most (MAC_TABLE_SET: two tables). */
#define LAB_CTRL_MAX_PARTS	2

/* The guest offloads rx-gro-hw turns on and off (large received frames). */
#define LAB_CTRL_GRO_HW_OFFLOADS (BIT_ULL(VIRTIO_NET_F_GUEST_TSO4) | \
				  BIT_ULL(VIRTIO_NET_F_GUEST_TSO6) | \
				  BIT_ULL(VIRTIO_NET_F_GUEST_ECN))

/*
 * One command as the device sees it: the header and the data it reads,
 * the reply byte it writes.  Allocated per command, so that a command the
 * device never answers can stay its own.
 */
struct lab_ctrl_req {
	struct virtio_net_ctrl_hdr hdr;
	u8 ack;
	u8 data[];
};

struct lab_ctrl_part {
	const void *buf;
	size_t len;
};

/* One MAC table: a count and that many addresses (virtio_net_ctrl_mac). */
struct lab_ctrl_mac_table {
	__virtio32 entries;
	u8 macs[LAB_CTRL_MAC_ENTRIES][ETH_ALEN];
};

static void lab_ctrl_count(struct lab_ctrl *ctrl, enum lab_ctrl_stat stat)
{
	u64_stats_update_begin(&ctrl->stats.syncp);
	u64_stats_inc(&ctrl->stats.v[stat]);
	u64_stats_update_end(&ctrl->stats.syncp);
}

/* Test-only: whether the hostile device tells the control queue @lie. */
static bool lab_ctrl_lies(struct lab_priv *priv, u32 lie)
{
	bool hit;

	if (likely(!(READ_ONCE(priv->hostile_mode) & lie)))
		return false;
	local_bh_disable();	/* fault_lock is also taken by the RX poll */
	hit = lab_inject_hit(priv, &priv->hostile);
	local_bh_enable();
	return hit;
}

/*
 * Waits at most @ms for the device to give @want back; frees any late
 * reply to an earlier command met on the way.
 */
static int lab_ctrl_wait(struct lab_ctrl *ctrl, void *want, unsigned int ms,
			 unsigned int *len)
{
	unsigned long end = jiffies + msecs_to_jiffies(ms);
	void *done;

	for (;;) {
		done = virtqueue_get_buf(ctrl->vq, len);
		if (done && done == want)
			return 0;
		if (done) {
			if (done == ctrl->pending)
				ctrl->pending = NULL;
			kfree(done);
			continue;
		}
		if (virtqueue_is_broken(ctrl->vq))
			return -EIO;
		if (time_after(jiffies, end))
			return -ETIMEDOUT;
		usleep_range(LAB_CTRL_POLL_MIN_US, LAB_CTRL_POLL_MAX_US);
	}
}

/*
 * True when no command of an earlier call is left unanswered.  One still
 * pending is notified once more (a notification may be repeated at any
 * time) in case the first was lost, and waited for LAB_CTRL_NUDGE_MS.
 * Context: process context, ctrl->lock held.
 */
static bool lab_ctrl_reap(struct lab_priv *priv)
{
	struct lab_ctrl *ctrl = &priv->ctrl;
	void *req = ctrl->pending;
	unsigned int len;

	if (!req)
		return true;
	if (!lab_ctrl_lies(priv, LAB_HOSTILE_CTRL_MUTE))
		virtqueue_kick(ctrl->vq);
	if (lab_ctrl_wait(ctrl, req, LAB_CTRL_NUDGE_MS, &len))
		return false;
	ctrl->pending = NULL;
	kfree(req);
	return true;
}

static struct lab_ctrl_req *lab_ctrl_req_alloc(u8 class, u8 cmd,
					       const struct lab_ctrl_part *parts,
					       unsigned int nparts)
{
	struct lab_ctrl_req *req;
	size_t size = 0, off = 0;
	unsigned int i;

	for (i = 0; i < nparts; i++)
		size += parts[i].len;
	req = kmalloc(struct_size(req, data, size), GFP_KERNEL);
	if (!req)
		return NULL;
	req->hdr.class = class;
	req->hdr.cmd = cmd;
	req->ack = LAB_CTRL_ACK_POISON;
	for (i = 0; i < nparts; i++) {
		memcpy(req->data + off, parts[i].buf, parts[i].len);
		off += parts[i].len;
	}
	return req;
}

static int lab_ctrl_post(struct virtqueue *vq, struct lab_ctrl_req *req,
			 const struct lab_ctrl_part *parts, unsigned int nparts)
{
	struct scatterlist sg[LAB_CTRL_MAX_PARTS + 2];
	struct scatterlist *sgs[LAB_CTRL_MAX_PARTS + 2];
	unsigned int i, n = 0;
	size_t off = 0;

	sg_init_one(&sg[n], &req->hdr, sizeof(req->hdr));
	sgs[n] = &sg[n];
	n++;
	for (i = 0; i < nparts; i++) {
		sg_init_one(&sg[n], req->data + off, parts[i].len);
		off += parts[i].len;
		sgs[n] = &sg[n];
		n++;
	}
	sg_init_one(&sg[n], &req->ack, sizeof(req->ack));
	sgs[n] = &sg[n];
	return virtqueue_add_sgs(vq, sgs, n, 1, req, GFP_KERNEL);
}

static int lab_ctrl_result(struct lab_priv *priv, struct lab_ctrl_req *req,
			   unsigned int len)
{
	struct lab_ctrl *ctrl = &priv->ctrl;
	u32 ack = req->ack;

	if (lab_ctrl_lies(priv, LAB_HOSTILE_CTRL_GARBLE))
		ack = LAB_CTRL_ACK_POISON - get_random_u32_below(0xfe);
	switch (lab_ctrl_check_reply(len, ack)) {
	case LAB_CTRL_OK:
		lab_ctrl_count(ctrl, LAB_CTRL_cmds);
		return 0;
	case LAB_CTRL_REFUSED:
		lab_ctrl_count(ctrl, LAB_CTRL_errors);
		netdev_warn(priv->dev, "device refused control command %u.%u\n",
			    req->hdr.class, req->hdr.cmd);
		return -EIO;
	default:
		lab_ctrl_count(ctrl, LAB_CTRL_bad_replies);
		netdev_warn(priv->dev,
			    "control command %u.%u: reply 0x%x, %u bytes, is no answer\n",
			    req->hdr.class, req->hdr.cmd, ack, len);
		return -EIO;
	}
}

/*
 * Sends one command and waits, bounded, for the reply.
 * Context: process context (may sleep), ctrl->lock held, ctrl->live.
 * Return: 0 when the device did it; -EBUSY (an earlier command is still
 * unanswered), -ETIMEDOUT, -EIO (refused, no answer, broken virtqueue)
 * or -ENOMEM.
 */
static int lab_ctrl_exec(struct lab_priv *priv, u8 class, u8 cmd,
			 const struct lab_ctrl_part *parts, unsigned int nparts)
{
	struct lab_ctrl *ctrl = &priv->ctrl;
	struct lab_ctrl_req *req;
	unsigned int len = 0;
	int err;

	lockdep_assert_held(&ctrl->lock);
	if (!lab_ctrl_reap(priv)) {
		lab_ctrl_count(ctrl, LAB_CTRL_busy);
		return -EBUSY;
	}
	req = lab_ctrl_req_alloc(class, cmd, parts, nparts);
	if (!req)
		return -ENOMEM;
	err = lab_ctrl_post(ctrl->vq, req, parts, nparts);
	if (err)
		goto err_free_req;
	if (!lab_ctrl_lies(priv, LAB_HOSTILE_CTRL_MUTE))
		virtqueue_kick(ctrl->vq);
	err = lab_ctrl_wait(ctrl, req, LAB_CTRL_WAIT_MS, &len);
	if (err) {
		/* still the device's: freed when it answers, or at reset */
		ctrl->pending = req;
		lab_ctrl_count(ctrl, err == -ETIMEDOUT ? LAB_CTRL_timeouts :
					 LAB_CTRL_bad_replies);
		netdev_warn(priv->dev, "control command %u.%u: %s\n",
			    class, cmd, err == -ETIMEDOUT ?
			    "no reply within " __stringify(LAB_CTRL_WAIT_MS) " ms" :
			    "virtqueue broken");
		return err;
	}
	err = lab_ctrl_result(priv, req, len);

err_free_req:
	kfree(req);
	return err;
}

static int lab_ctrl_exec_one(struct lab_priv *priv, u8 class, u8 cmd,
			     const void *buf, size_t len)
{
	struct lab_ctrl_part part = { .buf = buf, .len = len };

	return lab_ctrl_exec(priv, class, cmd, &part, buf ? 1 : 0);
}

static int lab_ctrl_send_mac(struct lab_priv *priv, const u8 *addr)
{
	return lab_ctrl_exec_one(priv, VIRTIO_NET_CTRL_MAC,
				 VIRTIO_NET_CTRL_MAC_ADDR_SET, addr, ETH_ALEN);
}

static int lab_ctrl_send_vlan(struct lab_priv *priv, u16 vid, bool add)
{
	__virtio16 v = cpu_to_virtio16(priv->vdev, vid);

	return lab_ctrl_exec_one(priv, VIRTIO_NET_CTRL_VLAN,
				 add ? VIRTIO_NET_CTRL_VLAN_ADD :
				       VIRTIO_NET_CTRL_VLAN_DEL,
				 &v, sizeof(v));
}

static int lab_ctrl_send_offloads(struct lab_priv *priv, u64 offloads)
{
	__virtio64 v = cpu_to_virtio64(priv->vdev, offloads);

	return lab_ctrl_exec_one(priv, VIRTIO_NET_CTRL_GUEST_OFFLOADS,
				 VIRTIO_NET_CTRL_GUEST_OFFLOADS_SET,
				 &v, sizeof(v));
}

/*
 * Fills @t with up to LAB_CTRL_MAC_ENTRIES addresses of @list.
 * Context: netif_addr_lock held.
 */
static u32 lab_ctrl_fill_table(struct lab_ctrl_mac_table *t,
			       struct netdev_hw_addr_list *list)
{
	struct netdev_hw_addr *ha;
	u32 n = 0;

	netdev_hw_addr_list_for_each(ha, list) {
		if (n < LAB_CTRL_MAC_ENTRIES)
			ether_addr_copy(t->macs[n], ha->addr);
		n++;
	}
	return n;
}

/*
 * Context: workqueue (process context), without RTNL: ndo_set_rx_mode
 * runs in atomic context and queues this.  dev->flags is read without
 * RTNL; any later change queues the work again.
 */
static void lab_ctrl_rx_mode_work(struct work_struct *work)
{
	struct lab_priv *priv = container_of(work, struct lab_priv,
					     ctrl.rx_mode_work);
	struct lab_ctrl_mac_table *tables;	/* unicast, multicast */
	struct lab_ctrl *ctrl = &priv->ctrl;
	struct net_device *dev = priv->dev;
	struct lab_ctrl_part parts[2];
	struct lab_ctrl_filter f;
	unsigned int flags;
	u32 n_uc, n_mc;
	u8 on;
	int err;

	tables = kcalloc(2, sizeof(*tables), GFP_KERNEL);
	if (!tables)
		return;
	netif_addr_lock_bh(dev);
	flags = READ_ONCE(dev->flags);
	n_uc = lab_ctrl_fill_table(&tables[0], &dev->uc);
	/* told of no MAC address change, the device must list its own */
	if (!ctrl->has_mac && n_uc < LAB_CTRL_MAC_ENTRIES)
		ether_addr_copy(tables[0].macs[n_uc], dev->dev_addr);
	if (!ctrl->has_mac)
		n_uc++;
	n_mc = lab_ctrl_fill_table(&tables[1], &dev->mc);
	netif_addr_unlock_bh(dev);

	f = lab_ctrl_plan_filter(flags & IFF_PROMISC, flags & IFF_ALLMULTI,
				 n_uc, n_mc);
	tables[0].entries = cpu_to_virtio32(priv->vdev, f.uc);
	tables[1].entries = cpu_to_virtio32(priv->vdev, f.mc);
	parts[0] = (struct lab_ctrl_part){ &tables[0],
		offsetof(struct lab_ctrl_mac_table, macs[f.uc]) };
	parts[1] = (struct lab_ctrl_part){ &tables[1],
		offsetof(struct lab_ctrl_mac_table, macs[f.mc]) };

	mutex_lock(&ctrl->lock);
	if (!ctrl->live)
		goto out_unlock;
	on = f.promisc;
	err = lab_ctrl_exec_one(priv, VIRTIO_NET_CTRL_RX,
				VIRTIO_NET_CTRL_RX_PROMISC, &on, sizeof(on));
	if (!err) {
		on = f.allmulti;
		err = lab_ctrl_exec_one(priv, VIRTIO_NET_CTRL_RX,
					VIRTIO_NET_CTRL_RX_ALLMULTI, &on,
					sizeof(on));
	}
	if (!err)
		err = lab_ctrl_exec(priv, VIRTIO_NET_CTRL_MAC,
				    VIRTIO_NET_CTRL_MAC_TABLE_SET, parts, 2);
	if (err)
		netdev_warn(dev, "receive filter not set: %d\n", err);
out_unlock:
	mutex_unlock(&ctrl->lock);
	kfree(tables);
}

/**
 * lab_ctrl_rx_mode() - have the device filter as the stack wants
 * @priv: the device
 *
 * Context: ndo_set_rx_mode (atomic, netif_addr_lock held); the commands
 * go from a work item.
 */
void lab_ctrl_rx_mode(struct lab_priv *priv)
{
	struct lab_ctrl *ctrl = &priv->ctrl;

	if (!ctrl->has_rx)
		return;
	spin_lock_bh(&ctrl->work_lock);
	if (ctrl->rx_mode_enabled)
		schedule_work(&ctrl->rx_mode_work);
	spin_unlock_bh(&ctrl->work_lock);
}

static void lab_ctrl_rx_mode_enable(struct lab_ctrl *ctrl, bool enable)
{
	spin_lock_bh(&ctrl->work_lock);
	ctrl->rx_mode_enabled = enable;
	spin_unlock_bh(&ctrl->work_lock);
	if (!enable)
		cancel_work_sync(&ctrl->rx_mode_work);
}

/**
 * lab_ctrl_set_mac() - tell the device its new MAC address
 * @priv: the device
 * @addr: the address
 *
 * Context: process context, RTNL held (ndo_set_mac_address).  While the
 * device is reset the address is only kept: lab_ctrl_start() sends it.
 *
 * Return: 0 or a negative errno from the command (the address must then
 * not change).
 */
int lab_ctrl_set_mac(struct lab_priv *priv, const u8 *addr)
{
	struct lab_ctrl *ctrl = &priv->ctrl;
	int err = 0;

	if (!ctrl->has_mac) {
		lab_ctrl_rx_mode(priv);	/* the new address joins the table */
		return 0;
	}
	mutex_lock(&ctrl->lock);
	if (ctrl->live)
		err = lab_ctrl_send_mac(priv, addr);
	mutex_unlock(&ctrl->lock);
	return err;
}

/**
 * lab_ctrl_vlan() - let the device pass (or filter) one VLAN ID
 * @priv: the device
 * @vid: the VLAN ID
 * @add: pass it (ndo_vlan_rx_add_vid) or filter it (_kill_vid)
 *
 * Context: process context, RTNL held.  The ID is kept for the replay
 * after a reset; a removal is kept even when the device refuses it.
 *
 * Return: 0 or a negative errno from the command.
 */
int lab_ctrl_vlan(struct lab_priv *priv, u16 vid, bool add)
{
	struct lab_ctrl *ctrl = &priv->ctrl;
	int err = 0;

	if (!ctrl->has_vlan || vid >= VLAN_N_VID)
		return 0;
	mutex_lock(&ctrl->lock);
	if (ctrl->live)
		err = lab_ctrl_send_vlan(priv, vid, add);
	if (add && !err)
		set_bit(vid, ctrl->vlans);
	else if (!add)
		clear_bit(vid, ctrl->vlans);
	mutex_unlock(&ctrl->lock);
	return err;
}

/**
 * lab_ctrl_set_gro_hw() - large received frames on or off (rx-gro-hw)
 * @priv: the device
 * @on: GUEST_TSO4/TSO6/ECN (as negotiated) on
 *
 * Context: process context, RTNL held (ndo_set_features).  Frames the
 * device built before it took the command may still arrive large; they
 * are as valid as ever (the features stay negotiated).
 *
 * Return: 0 or a negative errno from the command (nothing changed).
 */
int lab_ctrl_set_gro_hw(struct lab_priv *priv, bool on)
{
	struct lab_ctrl *ctrl = &priv->ctrl;
	u64 offloads = ctrl->offloads_capable;
	int err = 0;

	if (!ctrl->has_offloads)
		return -EOPNOTSUPP;
	if (!on)
		offloads &= ~LAB_CTRL_GRO_HW_OFFLOADS;
	mutex_lock(&ctrl->lock);
	if (ctrl->live)
		err = lab_ctrl_send_offloads(priv, offloads);
	if (!err)
		ctrl->offloads = offloads;
	mutex_unlock(&ctrl->lock);
	return err;
}

/*
 * GUEST_ANNOUNCE: the device asks the driver to announce the interface
 * (after a migration, or QEMU's announce_self): gratuitous ARP and
 * unsolicited neighbour advertisements through NETDEV_NOTIFY_PEERS, then
 * the acknowledgment that lets the device clear its status bit.
 * Context: workqueue, takes RTNL (never cancelled under it).
 */
static void lab_ctrl_announce_work(struct work_struct *work)
{
	struct lab_priv *priv = container_of(work, struct lab_priv,
					     ctrl.announce_work);
	struct lab_ctrl *ctrl = &priv->ctrl;
	int err = -ENETDOWN;

	rtnl_lock();
	if (netif_running(priv->dev))
		__netdev_notify_peers(priv->dev);
	mutex_lock(&ctrl->lock);
	if (ctrl->live)
		err = lab_ctrl_exec_one(priv, VIRTIO_NET_CTRL_ANNOUNCE,
					VIRTIO_NET_CTRL_ANNOUNCE_ACK, NULL, 0);
	if (!err)
		lab_ctrl_count(ctrl, LAB_CTRL_announces);
	mutex_unlock(&ctrl->lock);
	rtnl_unlock();
}

/**
 * lab_ctrl_announce() - the config space says VIRTIO_NET_S_ANNOUNCE
 * @priv: the device
 *
 * Context: process context (the config-change work), without RTNL.
 */
void lab_ctrl_announce(struct lab_priv *priv)
{
	if (priv->ctrl.has_announce)
		schedule_work(&priv->ctrl.announce_work);
}

/* What the device was told before a reset, told again.  ctrl->lock held. */
static void lab_ctrl_replay(struct lab_priv *priv)
{
	struct lab_ctrl *ctrl = &priv->ctrl;
	unsigned int vid;
	int err = 0;

	if (ctrl->has_mac)
		err = lab_ctrl_send_mac(priv, priv->dev->dev_addr);
	if (!err && ctrl->has_offloads &&
	    ctrl->offloads != ctrl->offloads_capable)
		err = lab_ctrl_send_offloads(priv, ctrl->offloads);
	for_each_set_bit(vid, ctrl->vlans, VLAN_N_VID) {
		if (err)
			break;
		err = lab_ctrl_send_vlan(priv, vid, true);
	}
	if (err)
		netdev_warn(priv->dev,
			    "device not told its settings after reset: %d\n", err);
}

/**
 * lab_ctrl_start() - commands may go to a live device
 * @priv: the device, its virtqueues live
 * @replay: the device was reset since it was last told anything
 *
 * Context: process context: probe (before the netdev is registered), or
 * RTNL held (ifup, restore).
 */
void lab_ctrl_start(struct lab_priv *priv, bool replay)
{
	struct lab_ctrl *ctrl = &priv->ctrl;

	if (!ctrl->vq)
		return;
	mutex_lock(&ctrl->lock);
	ctrl->live = true;
	if (replay)
		lab_ctrl_replay(priv);
	mutex_unlock(&ctrl->lock);
	lab_ctrl_rx_mode_enable(ctrl, true);
	if (netif_running(priv->dev))
		lab_ctrl_rx_mode(priv);
}

/**
 * lab_ctrl_stop() - no more commands: the device is about to be reset
 * @priv: the device
 *
 * Context: process context, RTNL held (ifdown, freeze) or the netdev
 * unregistered (remove, a failed probe).  The announce work takes RTNL
 * and is not waited for here: it finds the control queue not live.
 */
void lab_ctrl_stop(struct lab_priv *priv)
{
	struct lab_ctrl *ctrl = &priv->ctrl;

	lab_ctrl_rx_mode_enable(ctrl, false);
	mutex_lock(&ctrl->lock);
	ctrl->live = false;
	mutex_unlock(&ctrl->lock);
}

/**
 * lab_ctrl_release() - free commands the device never answered
 * @priv: the device, reset: nothing is the device's any more
 *
 * Context: process context, after virtio_reset_device(), before the
 * virtqueues are deleted.
 */
void lab_ctrl_release(struct lab_priv *priv)
{
	struct lab_ctrl *ctrl = &priv->ctrl;
	void *req;

	if (!ctrl->vq)
		return;
	mutex_lock(&ctrl->lock);
	while ((req = virtqueue_detach_unused_buf(ctrl->vq)))
		kfree(req);
	ctrl->pending = NULL;
	ctrl->vq = NULL;
	mutex_unlock(&ctrl->lock);
}

/**
 * lab_ctrl_fini() - wait for the announce work at remove
 * @priv: the device, config changes disabled
 *
 * Context: process context, RTNL not held.
 */
void lab_ctrl_fini(struct lab_priv *priv)
{
	cancel_work_sync(&priv->ctrl.announce_work);
	cancel_work_sync(&priv->ctrl.rx_mode_work);
}

/**
 * lab_ctrl_init() - what the control queue can do on this device
 * @priv: the device, features negotiated
 *
 * Context: process context (probe).
 */
void lab_ctrl_init(struct lab_priv *priv)
{
	/* those of lab_features[]: labyrinth never negotiates GUEST_UFO */
	static const unsigned int guest_offloads[] = {
		VIRTIO_NET_F_GUEST_CSUM, VIRTIO_NET_F_GUEST_TSO4,
		VIRTIO_NET_F_GUEST_TSO6, VIRTIO_NET_F_GUEST_ECN,
	};
	struct virtio_device *vdev = priv->vdev;
	struct lab_ctrl *ctrl = &priv->ctrl;
	unsigned int i;

	mutex_init(&ctrl->lock);
	spin_lock_init(&ctrl->work_lock);
	u64_stats_init(&ctrl->stats.syncp);
	INIT_WORK(&ctrl->rx_mode_work, lab_ctrl_rx_mode_work);
	INIT_WORK(&ctrl->announce_work, lab_ctrl_announce_work);
	ctrl->has_rx = virtio_has_feature(vdev, VIRTIO_NET_F_CTRL_RX);
	ctrl->has_vlan = virtio_has_feature(vdev, VIRTIO_NET_F_CTRL_VLAN);
	ctrl->has_mac = virtio_has_feature(vdev, VIRTIO_NET_F_CTRL_MAC_ADDR);
	ctrl->has_announce = virtio_has_feature(vdev, VIRTIO_NET_F_GUEST_ANNOUNCE);
	for (i = 0; i < ARRAY_SIZE(guest_offloads); i++)
		if (virtio_has_feature(vdev, guest_offloads[i]))
			ctrl->offloads_capable |= BIT_ULL(guest_offloads[i]);
	ctrl->offloads = ctrl->offloads_capable;
	ctrl->has_offloads =
		virtio_has_feature(vdev, VIRTIO_NET_F_CTRL_GUEST_OFFLOADS) &&
		(ctrl->offloads_capable & LAB_CTRL_GRO_HW_OFFLOADS);
}
