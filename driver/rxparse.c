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

/* The GSO types one may see, and the features each needs. */
static u32 lab_rx_gso_needs(u32 base)
{
	switch (base) {
	case LAB_VNET_GSO_TCPV4:
		return LAB_GSO_OK_TCPV4;
	case LAB_VNET_GSO_TCPV6:
		return LAB_GSO_OK_TCPV6;
	case LAB_VNET_GSO_UDP:
		return LAB_GSO_OK_UDP;
	case LAB_VNET_GSO_UDP_L4:
		return LAB_GSO_OK_UDP_L4;
	default:
		return 0;
	}
}

/*
 * Does the frame's network protocol match its GSO type?  A VLAN tag
 * hides it: such frames are left to the stack, which re-verifies every
 * header of a GSO frame it segments (SKB_GSO_DODGY).
 */
static bool lab_rx_gso_proto_ok(u32 base, u32 ethertype)
{
	if (ethertype == LAB_ETH_P_8021Q || ethertype == LAB_ETH_P_8021AD)
		return true;
	switch (base) {
	case LAB_VNET_GSO_TCPV4:
	case LAB_VNET_GSO_UDP:
		return ethertype == LAB_ETH_P_IP;
	case LAB_VNET_GSO_TCPV6:
		return ethertype == LAB_ETH_P_IPV6;
	default:
		return ethertype == LAB_ETH_P_IP || ethertype == LAB_ETH_P_IPV6;
	}
}

/**
 * lab_rx_check_gso() - validate a frame's segmentation fields
 * @g: gso_type, gso_size and hdr_len as read from the header, once
 * @ok: the GSO types negotiated, LAB_GSO_OK_* (0: none)
 * @csum: what lab_rx_check_csum() made of the frame's checksum
 * @frame_len: the frame's bytes, without the virtio-net header
 * @ethertype: the Ethernet header's type field, host order
 *
 * A frame of GSO_NONE is a plain frame: its gso_size and hdr_len mean
 * nothing.  Any other type must be one the driver negotiated (ECN only on
 * TCP, and only with GUEST_ECN) and match the frame's network protocol
 * (IPv4 for TCPV4 and UDP, IPv6 for TCPV6; a VLAN tag is let through);
 * gso_size must be at least 1 and below
 * the frame's length (a frame with room for one segment only is not a
 * GSO frame); hdr_len, a hint, may not lie beyond the frame; and the
 * checksum must be NEEDS_CSUM or DATA_VALID, since the checksum field of
 * a large frame holds at most a seed that the stack cannot verify.
 *
 * Return: LAB_RX_OK, or LAB_RX_BAD_GSO: the frame must be dropped.
 */
enum lab_rx_verdict lab_rx_check_gso(const struct lab_rx_gso *g, u32 ok,
				     enum lab_rx_csum_kind csum,
				     u32 frame_len, u32 ethertype)
{
	u32 base = g->type & ~LAB_VNET_GSO_ECN, need;

	if (g->type == LAB_VNET_GSO_NONE)
		return LAB_RX_OK;
	need = lab_rx_gso_needs(base);
	if (!need || !(ok & need))
		return LAB_RX_BAD_GSO;
	if (!lab_rx_gso_proto_ok(base, ethertype))
		return LAB_RX_BAD_GSO;
	if ((g->type & LAB_VNET_GSO_ECN) &&
	    (!(ok & LAB_GSO_OK_ECN) ||
	     (base != LAB_VNET_GSO_TCPV4 && base != LAB_VNET_GSO_TCPV6)))
		return LAB_RX_BAD_GSO;
	if (!g->size || g->size >= frame_len || g->hdr_len > frame_len)
		return LAB_RX_BAD_GSO;
	if (csum == LAB_CSUM_NONE)
		return LAB_RX_BAD_GSO;
	return LAB_RX_OK;
}
