/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal TEST()/ASSERT harness in the spirit of kselftest_harness.h,
 * printing KTAP: each TEST() is one test point; a failed ASSERT ends it.
 */
#ifndef _LAB_HARNESS_H
#define _LAB_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct lab_test {
	const char *name;
	void (*fn)(int *failed);
	struct lab_test *next;
};

extern struct lab_test *lab_tests;

#define TEST(id)							\
	static void test_##id(int *failed);				\
	static struct lab_test lab_test_##id = {			\
		.name = #id, .fn = test_##id };				\
	__attribute__((constructor)) static void lab_reg_##id(void)	\
	{								\
		struct lab_test **t = &lab_tests;			\
		while (*t)						\
			t = &(*t)->next;				\
		*t = &lab_test_##id;					\
	}								\
	static void test_##id(int *failed)

#define ASSERT_TRUE(cond)						\
	do {								\
		if (!(cond)) {						\
			printf("# %s:%d: assertion failed: %s\n",	\
			       __FILE__, __LINE__, #cond);		\
			*failed = 1;					\
			return;						\
		}							\
	} while (0)

#define ASSERT_EQ(a, b)							\
	do {								\
		unsigned long long _a = (a), _b = (b);			\
		if (_a != _b) {						\
			printf("# %s:%d: %s == %s failed: %llu != %llu\n",\
			       __FILE__, __LINE__, #a, #b, _a, _b);	\
			*failed = 1;					\
			return;						\
		}							\
	} while (0)

int lab_run_tests(const char *suite);

#endif /* _LAB_HARNESS_H */
