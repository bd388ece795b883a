/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Checks of what the device reports for a completed RX buffer, in plain C.
 * Nothing the device says is trusted before it passes through here.
 */
#ifndef _LABYRINTH_RXPARSE_H
#define _LABYRINTH_RXPARSE_H

#include "lab_types.h"

#define LAB_ETH_HLEN	14u

enum lab_rx_verdict {
	LAB_RX_OK,
	LAB_RX_TOO_SHORT,	/* no room for the virtio-net header and a frame */
	LAB_RX_TOO_LONG,	/* beyond the buffer the driver posted */
	LAB_RX_BAD_COUNT,	/* a frame in no buffer, or in more than fit */
};

/* Limits of one device and driver, for checking one frame. */
struct lab_rx_limits {
	u32 hdr_len;	/* virtio-net header size */
	u32 buf_len;	/* bytes the driver posts per buffer */
	u32 max_bufs;	/* most buffers one skb can hold */
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
bool lab_rx_frame_more(const struct lab_rx_frame_check *c);
bool lab_rx_frame_keeps(const struct lab_rx_frame_check *c,
			const struct lab_rx_limits *lim);

#endif /* _LABYRINTH_RXPARSE_H */
