/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Checks of what the device reports for a completed RX buffer, in plain C.
 * Nothing the device says is trusted before it passes through here.
 */
#ifndef _LABYRINTH_RXPARSE_H
#define _LABYRINTH_RXPARSE_H

#include "lab_types.h"

#define LAB_ETH_HLEN	14u
#define LAB_CSUM_FIELD_LEN	2u	/* an Internet checksum: 16 bits */

enum lab_rx_verdict {
	LAB_RX_OK,
	LAB_RX_TOO_SHORT,	/* no room for the virtio-net header and a frame */
	LAB_RX_TOO_LONG,	/* beyond the buffer the driver posted */
	LAB_RX_BAD_COUNT,	/* a frame in no buffer, or in more than fit */
	LAB_RX_BAD_CSUM,	/* checksum offsets outside the frame's head */
};

/* virtio-net header flags (the virtio spec's values) */
#define LAB_VNET_F_NEEDS_CSUM	1u	/* VIRTIO_NET_HDR_F_NEEDS_CSUM */
#define LAB_VNET_F_DATA_VALID	2u	/* VIRTIO_NET_HDR_F_DATA_VALID */

/* What the device says about a received frame's checksum, read once. */
struct lab_rx_csum {
	u32 flags;	/* the header's flags */
	u32 start;	/* csum_start: from the frame's first byte */
	u32 offset;	/* csum_offset: of the checksum field, from start */
};

/* How a frame goes up the stack, as far as its checksum is concerned. */
enum lab_rx_csum_kind {
	LAB_CSUM_NONE,		/* the stack verifies it */
	LAB_CSUM_UNNECESSARY,	/* DATA_VALID: the device verified it */
	LAB_CSUM_PARTIAL,	/* NEEDS_CSUM: never computed (csum_start on) */
};

/* Limits of one device and driver, for checking one frame. */
struct lab_rx_limits {
	u32 hdr_len;	/* virtio-net header size */
	u32 buf_len;	/* bytes the driver posts per buffer */
	u32 max_bufs;	/* most buffers one skb can hold */
	u32 ring;	/* most buffers one frame may take off the ring: its size */
	bool mergeable;	/* VIRTIO_NET_F_MRG_RXBUF: num_buffers is meaningful */
};

/* The check of one received frame, buffer by buffer. */
struct lab_rx_frame_check {
	u32 want;	/* buffers the frame occupies on the ring */
	u32 seen;	/* buffers taken off the ring so far */
	bool bad;	/* a length or the buffer count was impossible */
};

enum lab_rx_verdict lab_rx_check_len(u32 len, u32 hdr_len, u32 buf_len);
enum lab_rx_verdict lab_rx_check_num_buffers(u32 num_buffers, u32 max_bufs);
void lab_rx_frame_start(struct lab_rx_frame_check *c,
			const struct lab_rx_limits *lim, u32 len,
			u32 num_buffers);
void lab_rx_frame_add(struct lab_rx_frame_check *c,
		      const struct lab_rx_limits *lim, u32 len);
bool lab_rx_frame_keeps(const struct lab_rx_frame_check *c,
			const struct lab_rx_limits *lim);
enum lab_rx_verdict lab_rx_check_csum(const struct lab_rx_csum *cs,
				      bool negotiated, u32 frame_len,
				      u32 head_len,
				      enum lab_rx_csum_kind *kind);
u32 lab_rx_csum_end(const struct lab_rx_csum *cs);

/**
 * lab_rx_frame_more() - does the frame have buffers still on the ring?
 * @c: the check
 *
 * Return: true while fewer buffers were taken than the frame occupies.
 */
static inline bool lab_rx_frame_more(const struct lab_rx_frame_check *c)
{
	return c->seen < c->want;
}

#endif /* _LABYRINTH_RXPARSE_H */
