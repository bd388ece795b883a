// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of driver/ctrlparse.c: control-queue replies (every
 * byte a device may write) and the receive filter planned from the
 * stack's address lists.
 */
#include <labyrinth/ctrlparse.h>

#include "harness.h"

TEST(ok_and_err_are_the_only_answers)
{
	unsigned int ack, ok = 0, refused = 0, bad = 0;

	for (ack = 0; ack < 256; ack++) {
		switch (lab_ctrl_check_reply(1, ack)) {
		case LAB_CTRL_OK:
			ok++;
			break;
		case LAB_CTRL_REFUSED:
			refused++;
			break;
		default:
			bad++;
		}
	}
	printf("# acks: ok %u refused %u bad %u\n", ok, refused, bad);
	ASSERT_EQ(ok, 1);
	ASSERT_EQ(refused, 1);
	ASSERT_EQ(bad, 254);
	ASSERT_EQ(lab_ctrl_check_reply(1, LAB_CTRL_ACK_OK), LAB_CTRL_OK);
	ASSERT_EQ(lab_ctrl_check_reply(1, LAB_CTRL_ACK_ERR), LAB_CTRL_REFUSED);
}

TEST(a_reply_nothing_was_written_into_is_none)
{
	ASSERT_EQ(lab_ctrl_check_reply(0, LAB_CTRL_ACK_OK), LAB_CTRL_BAD_REPLY);
	ASSERT_EQ(lab_ctrl_check_reply(0, LAB_CTRL_ACK_POISON),
		  LAB_CTRL_BAD_REPLY);
	/* more than the byte: the device wrote what it was given, no more */
	ASSERT_EQ(lab_ctrl_check_reply(0xffffffffu, LAB_CTRL_ACK_OK),
		  LAB_CTRL_OK);
	ASSERT_EQ(lab_ctrl_check_reply(1, LAB_CTRL_ACK_POISON),
		  LAB_CTRL_BAD_REPLY);
}

TEST(short_lists_go_into_the_tables)
{
	struct lab_ctrl_filter f = lab_ctrl_plan_filter(false, false, 3, 5);

	ASSERT_TRUE(!f.promisc && !f.allmulti);
	ASSERT_EQ(f.uc, 3);
	ASSERT_EQ(f.mc, 5);
	f = lab_ctrl_plan_filter(false, false, LAB_CTRL_MAC_ENTRIES,
				 LAB_CTRL_MAC_ENTRIES);
	ASSERT_TRUE(!f.promisc && !f.allmulti);
	ASSERT_EQ(f.uc, LAB_CTRL_MAC_ENTRIES);
	ASSERT_EQ(f.mc, LAB_CTRL_MAC_ENTRIES);
}

TEST(long_lists_become_modes_never_a_truncated_table)
{
	struct lab_ctrl_filter f;
	unsigned int n;

	for (n = LAB_CTRL_MAC_ENTRIES + 1; n < 100000; n = n * 3 + 1) {
		f = lab_ctrl_plan_filter(false, false, n, 0);
		ASSERT_TRUE(f.promisc && !f.allmulti);
		ASSERT_EQ(f.uc, 0);
		f = lab_ctrl_plan_filter(false, false, 0, n);
		ASSERT_TRUE(!f.promisc && f.allmulti);
		ASSERT_EQ(f.mc, 0);
	}
}

TEST(modes_the_stack_asks_for_are_kept)
{
	struct lab_ctrl_filter f = lab_ctrl_plan_filter(true, false, 2, 2);

	ASSERT_TRUE(f.promisc && !f.allmulti);
	ASSERT_EQ(f.uc, 0);
	ASSERT_EQ(f.mc, 2);
	f = lab_ctrl_plan_filter(false, true, 2, 2);
	ASSERT_TRUE(!f.promisc && f.allmulti);
	ASSERT_EQ(f.uc, 2);
	ASSERT_EQ(f.mc, 0);
}

TEST(no_table_ever_exceeds_its_entries)
{
	unsigned int uc, mc, p, a;

	for (p = 0; p < 2; p++)
		for (a = 0; a < 2; a++)
			for (uc = 0; uc < 200; uc++)
				for (mc = 0; mc < 200; mc += 7) {
					struct lab_ctrl_filter f =
						lab_ctrl_plan_filter(p, a, uc, mc);

					ASSERT_TRUE(f.uc <= LAB_CTRL_MAC_ENTRIES);
					ASSERT_TRUE(f.mc <= LAB_CTRL_MAC_ENTRIES);
					/* nothing wanted is filtered out */
					ASSERT_TRUE(f.promisc || f.uc == uc);
					ASSERT_TRUE(f.allmulti || f.mc == mc);
				}
}

int main(void)
{
	return lab_run_tests("ctrlparse");
}
