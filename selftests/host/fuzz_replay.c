// SPDX-License-Identifier: GPL-2.0
/*
 * Runs libFuzzer harnesses without libFuzzer: every file named on the
 * command line, and every file in every directory named, goes once through
 * LLVMFuzzerTestOneInput().  Built with gcc and ASan/UBSan, so `make test`
 * replays the committed corpus where clang is missing; a failing input
 * abort()s, naming itself first.
 * Usage: fuzz_rx_replay FILE|DIR...
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned int replayed;

static int replay_file(const char *path)
{
	static uint8_t buf[1 << 20];
	size_t n;
	FILE *f;

	f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return 1;
	}
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	fprintf(stderr, "# replay %s (%zu bytes)\n", path, n);
	LLVMFuzzerTestOneInput(buf, n);
	replayed++;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char * const *)a, *(char * const *)b);
}

static int replay_dir(const char *dir)
{
	struct dirent *d;
	char **names = NULL;
	size_t n = 0, i;
	int rc = 0;
	DIR *dp;

	dp = opendir(dir);
	if (!dp) {
		perror(dir);
		return 1;
	}
	while ((d = readdir(dp)) != NULL) {
		if (d->d_name[0] == '.')
			continue;
		names = realloc(names, (n + 1) * sizeof(*names));
		if (!names || asprintf(&names[n], "%s/%s", dir, d->d_name) < 0)
			abort();
		n++;
	}
	closedir(dp);
	qsort(names, n, sizeof(*names), by_name);
	for (i = 0; i < n; i++) {
		rc |= replay_file(names[i]);
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	struct stat st;
	int i, rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	printf("KTAP version 1\n1..1\n");
	fflush(stdout);
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st)) {
			perror(argv[i]);
			rc = 1;
		} else if (S_ISDIR(st.st_mode)) {
			rc |= replay_dir(argv[i]);
		} else {
			rc |= replay_file(argv[i]);
		}
	}
	printf("%sok 1 fuzz_rx corpus replay\n# fuzz_rx: %u inputs replayed, %s\n",
	       rc ? "not " : "", replayed, rc ? "some unreadable" : "all passed");
	return rc;
}
