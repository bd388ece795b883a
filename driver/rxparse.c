// SPDX-License-Identifier: GPL-2.0
/*
 * Checks of device-reported RX completions.  Plain C: built into
 * labyrinth.ko and into the host unit tests.
 */
#include <labyrinth/rxparse.h>

/**
 * lab_rx_check_len() - validate the used length the device reported
 * @len: bytes the device says it wrote, virtio-net header included
 * @hdr_len: size of the virtio-net header
 * @buf_len: size of the buffer the driver posted
 *
 * Return: LAB_RX_OK when a header and an Ethernet header fit inside the
 * posted buffer, otherwise why not.
 */
enum lab_rx_verdict lab_rx_check_len(u32 len, u32 hdr_len, u32 buf_len)
{
	if (len > buf_len)
		return LAB_RX_TOO_LONG;
	if (len < hdr_len || len - hdr_len < LAB_ETH_HLEN)
		return LAB_RX_TOO_SHORT;
	return LAB_RX_OK;
}

/**
 * lab_rx_check_num_buffers() - validate a merged frame's buffer count
 * @num_buffers: what the device wrote in the first buffer's header
 * @max_bufs: most buffers one skb can hold (head + frags)
 *
 * Return: LAB_RX_OK for 1..@max_bufs, LAB_RX_BAD_COUNT otherwise.
 */
enum lab_rx_verdict lab_rx_check_num_buffers(u32 num_buffers, u32 max_bufs)
{
	if (!num_buffers || num_buffers > max_bufs)
		return LAB_RX_BAD_COUNT;
	return LAB_RX_OK;
}

/**
 * lab_rx_frame_start() - begin checking a frame from its first buffer
 * @c: the check
 * @lim: the device's and driver's limits
 * @len: used length of the first buffer, header included
 * @num_buffers: the header's num_buffers (anything when not mergeable)
 *
 * How many buffers the frame occupies comes from the device; it is
 * trusted only for staying in step with the ring (a frame's buffers are
 * all taken off the ring, whatever is wrong with it) and only when the
 * device wrote at least a whole header.  Any impossible value marks the
 * frame bad.  A frame never takes more buffers than the ring holds: a
 * device that claims 65,535 cannot keep one frame's gather going for as
 * long as it keeps completing buffers.
 */
void lab_rx_frame_start(struct lab_rx_frame_check *c,
			const struct lab_rx_limits *lim, u32 len,
			u32 num_buffers)
{
	*c = (struct lab_rx_frame_check){ .want = 1, .seen = 1 };
	if (lab_rx_check_len(len, lim->hdr_len, lim->buf_len) != LAB_RX_OK)
		c->bad = true;
	if (!lim->mergeable || len < lim->hdr_len || len > lim->buf_len)
		return;
	if (lab_rx_check_num_buffers(num_buffers, lim->max_bufs) != LAB_RX_OK)
		c->bad = true;
	if (num_buffers > lim->ring)
		c->bad = true;
	if (num_buffers > 1)
		c->want = num_buffers < lim->ring ? num_buffers : lim->ring;
}

/**
 * lab_rx_frame_add() - check one more buffer of the frame
 * @c: the check
 * @lim: the device's and driver's limits
 * @len: its used length
 */
void lab_rx_frame_add(struct lab_rx_frame_check *c,
		      const struct lab_rx_limits *lim, u32 len)
{
	c->seen++;
	if (!len || len > lim->buf_len)
		c->bad = true;
}

/**
 * lab_rx_frame_keeps() - does the buffer just added fit in the skb?
 * @c: the check
 * @lim: the device's and driver's limits
 *
 * Return: false for buffers beyond the most an skb holds: the caller
 * reposts them at once (the frame is bad anyway).
 */
bool lab_rx_frame_keeps(const struct lab_rx_frame_check *c,
			const struct lab_rx_limits *lim)
{
	return c->seen <= lim->max_bufs;
}

/**
 * lab_rx_check_csum() - validate a frame's checksum flags and offsets
 * @cs: flags, csum_start and csum_offset as read from the header, once
 * @negotiated: VIRTIO_NET_F_GUEST_CSUM was negotiated
 * @frame_len: the frame's bytes, without the virtio-net header, over all
 *	its buffers
 * @head_len: of those, the bytes in its first buffer (the most the skb
 *	head can copy)
 * @kind: set to how the frame may go up the stack
 *
 * Without GUEST_CSUM the device must send zero flags; whatever it sends
 * is ignored.  NEEDS_CSUM wins over DATA_VALID, as in the kernel's own
 * virtio_net_hdr_to_skb(); then csum_start must lie beyond the Ethernet
 * header (the stack counts it from the network header on) and the 16-bit
 * checksum field, at csum_start + csum_offset, inside the first buffer,
 * which is inside the frame.  Unknown flag bits are ignored.
 *
 * Return: LAB_RX_OK, or LAB_RX_BAD_CSUM (and @kind LAB_CSUM_NONE) when the
 * offsets are impossible: the frame must be dropped.
 */
enum lab_rx_verdict lab_rx_check_csum(const struct lab_rx_csum *cs,
				      bool negotiated, u32 frame_len,
				      u32 head_len,
				      enum lab_rx_csum_kind *kind)
{
	u64 end;

	*kind = LAB_CSUM_NONE;
	if (!negotiated)
		return LAB_RX_OK;
	if (!(cs->flags & LAB_VNET_F_NEEDS_CSUM)) {
		if (cs->flags & LAB_VNET_F_DATA_VALID)
			*kind = LAB_CSUM_UNNECESSARY;
		return LAB_RX_OK;
	}
	/* 64-bit sum: the device's values may be anything */
	end = (u64)cs->start + cs->offset + LAB_CSUM_FIELD_LEN;
	if (cs->start < LAB_ETH_HLEN || end > head_len || end > frame_len)
		return LAB_RX_BAD_CSUM;
	*kind = LAB_CSUM_PARTIAL;
	return LAB_RX_OK;
}

/**
 * lab_rx_csum_end() - bytes up to the end of a partial checksum's field
 * @cs: a header lab_rx_check_csum() found LAB_CSUM_PARTIAL
 *
 * Return: csum_start + csum_offset + 2: how much of the frame the skb
 * head must hold for the stack to finish the checksum.
 */
u32 lab_rx_csum_end(const struct lab_rx_csum *cs)
{
	return cs->start + cs->offset + LAB_CSUM_FIELD_LEN;
}
