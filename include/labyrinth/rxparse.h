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
#define LAB_ETH_TYPE_OFF	12u	/* the Ethernet header's type field */

/* Ethernet types (if_ether.h's values) */
#define LAB_ETH_P_IP		0x0800u
#define LAB_ETH_P_IPV6		0x86ddu
#define LAB_ETH_P_8021Q		0x8100u
#define LAB_ETH_P_8021AD	0x88a8u

enum lab_rx_verdict {
	LAB_RX_OK,
	LAB_RX_TOO_SHORT,	/* no room for the virtio-net header and a frame */
	LAB_RX_TOO_LONG,	/* beyond the buffer the driver posted */
	LAB_RX_BAD_COUNT,	/* a frame in no buffer, or in more than fit */
	LAB_RX_BAD_CSUM,	/* checksum offsets outside the frame's head */
	LAB_RX_BAD_GSO,		/* a GSO header the frame or the features deny */
};

/* virtio-net header flags (the virtio spec's values) */
#define LAB_VNET_F_NEEDS_CSUM	1u	/* VIRTIO_NET_HDR_F_NEEDS_CSUM */
#define LAB_VNET_F_DATA_VALID	2u	/* VIRTIO_NET_HDR_F_DATA_VALID */

/* virtio-net header gso_type values (the virtio spec's) */
#define LAB_VNET_GSO_NONE	0u
#define LAB_VNET_GSO_TCPV4	1u
#define LAB_VNET_GSO_UDP	3u
#define LAB_VNET_GSO_TCPV6	4u
#define LAB_VNET_GSO_UDP_L4	5u
#define LAB_VNET_GSO_ECN	0x80u

/* The GSO types a driver negotiated (VIRTIO_NET_F_GUEST_*): a mask. */
#define LAB_GSO_OK_TCPV4	BIT(0)	/* GUEST_TSO4 */
#define LAB_GSO_OK_TCPV6	BIT(1)	/* GUEST_TSO6 */
#define LAB_GSO_OK_ECN		BIT(2)	/* GUEST_ECN */
#define LAB_GSO_OK_UDP		BIT(3)	/* GUEST_UFO */
#define LAB_GSO_OK_UDP_L4	BIT(4)	/* GUEST_USO4/USO6 */

/* What the device says about a received frame's segmentation, read once. */
struct lab_rx_gso {
	u32 type;	/* gso_type, ECN bit included */
	u32 size;	/* gso_size: payload bytes per segment */
	u32 hdr_len;	/* hdr_len: a hint, the frame's header bytes */
};

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
enum lab_rx_verdict lab_rx_check_gso(const struct lab_rx_gso *g, u32 ok,
				     enum lab_rx_csum_kind csum,
				     u32 frame_len, u32 ethertype);

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
