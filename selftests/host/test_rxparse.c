// SPDX-License-Identifier: GPL-2.0
/* Host unit tests of driver/rxparse.c: device-reported lengths. */
#include <labyrinth/rxparse.h>

#include "harness.h"

#define HDR 12u
#define BUF 3712u

TEST(accepts_header_plus_ethernet_header)
{
	ASSERT_EQ(lab_rx_check_len(HDR + LAB_ETH_HLEN, HDR, BUF), LAB_RX_OK);
	ASSERT_EQ(lab_rx_check_len(BUF, HDR, BUF), LAB_RX_OK);
}

TEST(rejects_short_lengths)
{
	ASSERT_EQ(lab_rx_check_len(0, HDR, BUF), LAB_RX_TOO_SHORT);
	ASSERT_EQ(lab_rx_check_len(HDR - 1, HDR, BUF), LAB_RX_TOO_SHORT);
	ASSERT_EQ(lab_rx_check_len(HDR, HDR, BUF), LAB_RX_TOO_SHORT);
	ASSERT_EQ(lab_rx_check_len(HDR + LAB_ETH_HLEN - 1, HDR, BUF),
		  LAB_RX_TOO_SHORT);
}

TEST(rejects_lengths_beyond_the_buffer)
{
	ASSERT_EQ(lab_rx_check_len(BUF + 1, HDR, BUF), LAB_RX_TOO_LONG);
	ASSERT_EQ(lab_rx_check_len(0xffffffffu, HDR, BUF), LAB_RX_TOO_LONG);
}

TEST(num_buffers_must_fit_one_skb)
{
	ASSERT_EQ(lab_rx_check_num_buffers(1, 18), LAB_RX_OK);
	ASSERT_EQ(lab_rx_check_num_buffers(18, 18), LAB_RX_OK);
	ASSERT_EQ(lab_rx_check_num_buffers(0, 18), LAB_RX_BAD_COUNT);
	ASSERT_EQ(lab_rx_check_num_buffers(19, 18), LAB_RX_BAD_COUNT);
	ASSERT_EQ(lab_rx_check_num_buffers(0xffff, 18), LAB_RX_BAD_COUNT);
}

int main(void)
{
	return lab_run_tests("rxparse");
}
