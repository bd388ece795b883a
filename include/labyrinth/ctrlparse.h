/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The control virtqueue's plain-C logic: what a device's reply means, and
 * how the stack's address lists become the device's receive filter.
 */
#ifndef _LABYRINTH_CTRLPARSE_H
#define _LABYRINTH_CTRLPARSE_H

#include "lab_types.h"

/* The reply byte's values (the virtio spec's VIRTIO_NET_OK and _ERR). */
#define LAB_CTRL_ACK_OK		0u
#define LAB_CTRL_ACK_ERR	1u

/* Written into the reply byte before a command goes: a device that
 * writes nothing leaves it, and it is neither OK nor ERR.
 */
#define LAB_CTRL_ACK_POISON	0xffu

/*
 * Entries each MAC table (unicast, multicast) carries at most; longer
 * lists turn the device's promiscuous or all-multicast mode on instead.
 * QEMU keeps 64 entries in all and accepts everything past them.
 */
#define LAB_CTRL_MAC_ENTRIES	32u

enum lab_ctrl_verdict {
	LAB_CTRL_OK,		/* the device did it */
	LAB_CTRL_REFUSED,	/* the device said VIRTIO_NET_ERR */
	LAB_CTRL_BAD_REPLY,	/* too short, or neither OK nor ERR */
};

/**
 * struct lab_ctrl_filter - the receive filter one rx-mode update sends
 * @promisc: VIRTIO_NET_CTRL_RX_PROMISC on
 * @allmulti: VIRTIO_NET_CTRL_RX_ALLMULTI on
 * @uc: unicast entries in the table (0 when @promisc)
 * @mc: multicast entries in the table (0 when @allmulti)
 */
struct lab_ctrl_filter {
	bool promisc;
	bool allmulti;
	u32 uc;
	u32 mc;
};

enum lab_ctrl_verdict lab_ctrl_check_reply(u32 written, u32 ack);
struct lab_ctrl_filter lab_ctrl_plan_filter(bool promisc, bool allmulti,
					    u32 n_uc, u32 n_mc);

#endif /* _LABYRINTH_CTRLPARSE_H */
