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
