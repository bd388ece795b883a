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

enum lab_rx_verdict lab_rx_check_len(u32 len, u32 hdr_len, u32 buf_len);
enum lab_rx_verdict lab_rx_check_num_buffers(u32 num_buffers, u32 max_bufs);

#endif /* _LABYRINTH_RXPARSE_H */
