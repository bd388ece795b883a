// SPDX-License-Identifier: GPL-2.0
/*
 * The control virtqueue's plain-C logic (include/labyrinth/ctrlparse.h),
 * built unchanged in the module and in the host tests.
 */
#include <labyrinth/ctrlparse.h>

/**
 * lab_ctrl_check_reply() - what a device's answer to a command says
 * @written: bytes the device says it wrote into the reply (used length)
 * @ack: the reply byte as read afterwards
 *
 * The reply is one byte; a device that wrote none, or wrote anything but
 * OK or ERR, has not answered in a way the driver may act on.
 *
 * Return: LAB_CTRL_OK, LAB_CTRL_REFUSED or LAB_CTRL_BAD_REPLY.
 */
enum lab_ctrl_verdict lab_ctrl_check_reply(u32 written, u32 ack)
{
	if (written < 1)
		return LAB_CTRL_BAD_REPLY;
	if (ack == LAB_CTRL_ACK_OK)
		return LAB_CTRL_OK;
	if (ack == LAB_CTRL_ACK_ERR)
		return LAB_CTRL_REFUSED;
	return LAB_CTRL_BAD_REPLY;
}

/**
 * lab_ctrl_plan_filter() - the device's receive filter for the stack's
 * @promisc: IFF_PROMISC
 * @allmulti: IFF_ALLMULTI
 * @n_uc: unicast addresses the stack lists (beyond the device's own)
 * @n_mc: multicast addresses the stack lists
 *
 * A list longer than a table holds becomes the matching mode (so nothing
 * the stack wants is filtered out), and a mode that is on needs no table.
 *
 * Return: what to send.
 */
struct lab_ctrl_filter lab_ctrl_plan_filter(bool promisc, bool allmulti,
					    u32 n_uc, u32 n_mc)
{
	struct lab_ctrl_filter f = {
		.promisc = promisc || n_uc > LAB_CTRL_MAC_ENTRIES,
		.allmulti = allmulti || n_mc > LAB_CTRL_MAC_ENTRIES,
	};

	f.uc = f.promisc ? 0 : n_uc;
	f.mc = f.allmulti ? 0 : n_mc;
	return f;
}
