// SPDX-License-Identifier: GPL-2.0
#include "harness.h"

struct lab_test *lab_tests;

int lab_run_tests(const char *suite)
{
	struct lab_test *t;
	int n = 0, i = 0, fails = 0;

	for (t = lab_tests; t; t = t->next)
		n++;
	printf("KTAP version 1\n# suite: %s\n1..%d\n", suite, n);
	for (t = lab_tests; t; t = t->next) {
		int failed = 0;

		t->fn(&failed);
		printf("%sok %d %s\n", failed ? "not " : "", ++i, t->name);
		fails += failed;
	}
	printf("# %d passed, %d failed\n", n - fails, fails);
	return fails ? 1 : 0;
}
