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

static const struct lab_rx_limits mrg = {
	.hdr_len = HDR, .buf_len = BUF, .max_bufs = 18, .mergeable = true,
};

TEST(single_buffer_frame)
{
	struct lab_rx_frame_check c;

	lab_rx_frame_start(&c, &mrg, 100, 1);
	ASSERT_TRUE(!c.bad);
	ASSERT_TRUE(!lab_rx_frame_more(&c));
}

TEST(merged_frame_takes_all_its_buffers)
{
	struct lab_rx_frame_check c;
	unsigned int taken = 1;

	lab_rx_frame_start(&c, &mrg, BUF, 3);
	while (lab_rx_frame_more(&c)) {
		lab_rx_frame_add(&c, &mrg, taken == 2 ? 500 : BUF);
		ASSERT_TRUE(lab_rx_frame_keeps(&c, &mrg));
		taken++;
	}
	ASSERT_EQ(taken, 3);
	ASSERT_TRUE(!c.bad);
}

TEST(bad_buffer_in_a_merged_frame_spoils_it_but_keeps_step)
{
	struct lab_rx_frame_check c;
	unsigned int taken = 1;

	lab_rx_frame_start(&c, &mrg, BUF, 4);
	while (lab_rx_frame_more(&c)) {
		lab_rx_frame_add(&c, &mrg, taken == 2 ? BUF + 1 : 0);
		taken++;
	}
	ASSERT_EQ(taken, 4);
	ASSERT_TRUE(c.bad);
}

TEST(num_buffers_beyond_an_skb_is_bad_yet_all_are_taken)
{
	struct lab_rx_frame_check c;
	unsigned int taken = 1, kept = 1;

	lab_rx_frame_start(&c, &mrg, BUF, 40);
	ASSERT_TRUE(c.bad);
	while (lab_rx_frame_more(&c)) {
		lab_rx_frame_add(&c, &mrg, 100);
		kept += lab_rx_frame_keeps(&c, &mrg);
		taken++;
	}
	ASSERT_EQ(taken, 40);
	ASSERT_EQ(kept, 18);
}

TEST(num_buffers_is_not_trusted_without_a_header)
{
	struct lab_rx_frame_check c;

	lab_rx_frame_start(&c, &mrg, HDR - 1, 7);
	ASSERT_TRUE(c.bad);
	ASSERT_TRUE(!lab_rx_frame_more(&c));
	lab_rx_frame_start(&c, &mrg, BUF + 1, 7);
	ASSERT_TRUE(c.bad);
	ASSERT_TRUE(!lab_rx_frame_more(&c));
	lab_rx_frame_start(&c, &mrg, 100, 0);
	ASSERT_TRUE(c.bad);
	ASSERT_TRUE(!lab_rx_frame_more(&c));
}

TEST(num_buffers_is_ignored_without_mergeable_buffers)
{
	struct lab_rx_limits one = mrg;
	struct lab_rx_frame_check c;

	one.mergeable = false;
	lab_rx_frame_start(&c, &one, 100, 0xffff);
	ASSERT_TRUE(!c.bad);
	ASSERT_TRUE(!lab_rx_frame_more(&c));
}

int main(void)
{
	return lab_run_tests("rxparse");
}
