// SPDX-License-Identifier: GPL-2.0
/* Host unit tests of driver/fault.c: the fault-injection decision. */
#include <labyrinth/fault.h>

#include "harness.h"

static unsigned int run(struct lab_fault *f, unsigned int calls)
{
	unsigned int i, failed = 0;

	for (i = 0; i < calls; i++)
		failed += lab_fault_should_fail(f, i % 100);
	return failed;
}

TEST(inactive_by_default)
{
	struct lab_fault f;

	lab_fault_init(&f);
	ASSERT_EQ(run(&f, 1000), 0);
	ASSERT_EQ(lab_fault_get(&f, LAB_FAULT_INTERVAL), 1);
	ASSERT_EQ(lab_fault_get(&f, LAB_FAULT_TIMES), (unsigned long long)-1);
}

TEST(probability_is_a_share_of_calls)
{
	struct lab_fault f;

	lab_fault_init(&f);
	ASSERT_TRUE(lab_fault_set(&f, LAB_FAULT_PROBABILITY, 30));
	ASSERT_EQ(run(&f, 1000), 300);
	ASSERT_TRUE(lab_fault_set(&f, LAB_FAULT_PROBABILITY, 100));
	ASSERT_EQ(run(&f, 1000), 1000);
	ASSERT_EQ(lab_fault_get(&f, LAB_FAULT_INJECTED), 1300);
}

TEST(interval_makes_every_nth_call_eligible)
{
	struct lab_fault f;

	lab_fault_init(&f);
	lab_fault_set(&f, LAB_FAULT_PROBABILITY, 100);
	ASSERT_TRUE(lab_fault_set(&f, LAB_FAULT_INTERVAL, 4));
	ASSERT_EQ(run(&f, 1000), 250);
}

TEST(times_limits_failures)
{
	struct lab_fault f;

	lab_fault_init(&f);
	lab_fault_set(&f, LAB_FAULT_PROBABILITY, 100);
	ASSERT_TRUE(lab_fault_set(&f, LAB_FAULT_TIMES, 7));
	ASSERT_EQ(run(&f, 1000), 7);
	ASSERT_EQ(lab_fault_get(&f, LAB_FAULT_TIMES), 0);
}

TEST(out_of_range_writes_change_nothing)
{
	struct lab_fault f;

	lab_fault_init(&f);
	lab_fault_set(&f, LAB_FAULT_PROBABILITY, 10);
	ASSERT_TRUE(!lab_fault_set(&f, LAB_FAULT_PROBABILITY, 101));
	ASSERT_TRUE(!lab_fault_set(&f, LAB_FAULT_PROBABILITY, -1));
	ASSERT_TRUE(!lab_fault_set(&f, LAB_FAULT_INTERVAL, 0));
	ASSERT_TRUE(!lab_fault_set(&f, LAB_FAULT_INTERVAL, 1LL << 31));
	ASSERT_TRUE(!lab_fault_set(&f, LAB_FAULT_TIMES, -2));
	ASSERT_TRUE(!lab_fault_set(&f, LAB_FAULT_INJECTED, 5));
	ASSERT_EQ(lab_fault_get(&f, LAB_FAULT_PROBABILITY), 10);
	ASSERT_EQ(lab_fault_get(&f, LAB_FAULT_INTERVAL), 1);
	ASSERT_EQ(lab_fault_get(&f, LAB_FAULT_TIMES), (unsigned long long)-1);
	ASSERT_EQ(lab_fault_get(&f, LAB_FAULT_INJECTED), 0);
}

int main(void)
{
	return lab_run_tests("fault");
}
