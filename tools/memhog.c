// SPDX-License-Identifier: GPL-2.0
/*
 * memhog: drive the system's free memory down to a target and hold it there
 * for a while, with mlock'd anonymous memory (nothing to swap or reclaim).
 *
 *   memhog [-f FREE_MB] [-d SECONDS] [-c CHUNK_MB] [-m MAX_MB] [-i MS]
 *          [-l PID]...
 *
 *   -f FREE_MB   stop grabbing once MemFree (/proc/meminfo) is at or below
 *                this (default 32)
 *   -d SECONDS   how long to hold once the target is reached (default 10;
 *                fractions allowed)
 *   -c CHUNK_MB  largest single grab (default 16); grabs shrink to what is
 *                left above the target, down to one page
 *   -m MAX_MB    never hold more than this (default 0: no cap)
 *   -i MS        how often MemFree is sampled while holding (default 10);
 *                when it rises above the target (reclaim, freed buffers),
 *                memhog grabs again to keep the pressure on
 *   -l PID       before grabbing, lock in memory what process PID maps from
 *                files (its program, libraries; up to 16 -l): the pressure
 *                then cannot evict the code a test needs while it lasts,
 *                which on a guest whose root is a network or 9p file
 *                system turns every run of that code into a re-read
 *
 * memhog always locks its own mappings (mlockall), for the same reason: it
 * runs every -i MS while holding.
 *
 * Output, one "key value" line each, flushed at once:
 *   locked_kb N, locked_maps N        what -l locked (with any -l)
 *   holding <held_kb> <memfree_kb>    the target was reached (or no more
 *                                     memory could be had)
 *   held_kb N, min_free_kb N, max_free_kb N, samples N, grab_failures N,
 *   memfree_end_kb N                  at the end
 * Exit: 0 after the hold (also on SIGINT/SIGTERM), 1 on errors, 2 usage.
 *
 * memhog makes itself the OOM killer's first choice (oom_score_adj 1000):
 * if the kernel runs out anyway, memhog is what goes.  Run it as root
 * (mlock of more than RLIMIT_MEMLOCK needs CAP_IPC_LOCK).  Built by the
 * selftests (selftests/memory_pressure.sh) into build/, never committed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define KB 1024L
#define MAX_LOCK_PIDS 16

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* MemFree in kB, or -1 */
static long memfree_kb(void)
{
	char line[256];
	long kb = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "MemFree: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static long held_kb, grab_failures;
static long page_kb;

/* Grab and lock what lies above target_kb (at most chunk_kb at a time). */
static int grab_to(long target_kb, long chunk_kb, long max_kb)
{
	long free_kb, want;
	void *p;

	while (!stop) {
		free_kb = memfree_kb();
		if (free_kb < 0)
			return -1;
		if (free_kb <= target_kb)
			return 0;
		want = free_kb - target_kb;
		if (want > chunk_kb)
			want = chunk_kb;
		if (max_kb && held_kb + want > max_kb)
			want = max_kb - held_kb;
		want -= want % page_kb;
		if (want < page_kb)
			return 0;
		p = mmap(NULL, want * KB, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			grab_failures++;
			return 0;
		}
		/* small pages: no compaction, no watermark boost for a THP */
		madvise(p, want * KB, MADV_NOHUGEPAGE);
		if (mlock(p, want * KB)) {	/* faults every page in */
			grab_failures++;
			munmap(p, want * KB);
			return 0;
		}
		held_kb += want;
	}
	return 0;
}

static long locked_kb, locked_maps;

/*
 * Map one file range of another process's mappings again and lock it: its
 * page cache pages stay resident while memhog runs.  A range past the end
 * of the file is cut at the end (locking it would fault beyond EOF).
 */
static void lock_file_range(const char *file, unsigned long len,
			    unsigned long off)
{
	struct stat st;
	void *p;
	int fd;

	fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) ||
	    off >= (unsigned long)st.st_size)
		goto out_close;
	if (len > st.st_size - off)
		len = st.st_size - off;
	p = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, off);
	if (p == MAP_FAILED)
		goto out_close;
	if (mlock(p, len)) {
		munmap(p, len);
		goto out_close;
	}
	locked_kb += (len + KB - 1) / KB;
	locked_maps++;
out_close:
	close(fd);
}

/* Lock what process @pid maps from files (0 on success, -1 if unreadable). */
static int lock_mapped_files(long pid)
{
	char path[64], line[4608], file[4096], perms[8];
	unsigned long start, end, off, ino;
	unsigned int maj, min;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/maps", pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx %7s %lx %x:%x %lu %4095[^\n]",
			   &start, &end, perms, &off, &maj, &min, &ino,
			   file) != 8 || file[0] != '/' || !ino)
			continue;
		lock_file_range(file, end - start, off);
	}
	fclose(f);
	return 0;
}

static void print_usage(FILE *f)
{
	fputs("usage: memhog [-f FREE_MB] [-d SECONDS] [-c CHUNK_MB] [-m MAX_MB]\n", f);
	fputs("              [-i MS] [-l PID]...\n", f);
}

int main(int argc, char **argv)
{
	long target_kb = 32 * KB, chunk_kb = 16 * KB, max_kb = 0, ival = 10;
	long free_kb, min_free = -1, max_free = -1, samples = 0;
	long lock_pid[MAX_LOCK_PIDS], nlock = 0;
	double duration = 10, end;
	struct sigaction sa;
	FILE *adj;
	int c, i;

	while ((c = getopt(argc, argv, "f:d:c:m:i:l:h")) != -1) {
		switch (c) {
		case 'f':
			target_kb = atol(optarg) * KB;
			break;
		case 'd':
			duration = atof(optarg);
			break;
		case 'c':
			chunk_kb = atol(optarg) * KB;
			break;
		case 'm':
			max_kb = atol(optarg) * KB;
			break;
		case 'i':
			ival = atol(optarg);
			break;
		case 'l':
			if (nlock == MAX_LOCK_PIDS || atol(optarg) <= 0) {
				print_usage(stderr);
				return 2;
			}
			lock_pid[nlock++] = atol(optarg);
			break;
		case 'h':
			print_usage(stdout);
			return 0;
		default:
			print_usage(stderr);
			return 2;
		}
	}
	if (optind != argc || target_kb < 0 || chunk_kb <= 0 || max_kb < 0 ||
	    ival <= 0 || duration < 0) {
		print_usage(stderr);
		return 2;
	}
	page_kb = sysconf(_SC_PAGESIZE) / KB;
	setvbuf(stdout, NULL, _IOLBF, 0);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	adj = fopen("/proc/self/oom_score_adj", "w");
	if (adj) {
		fputs("1000\n", adj);
		fclose(adj);
	}

	if (mlockall(MCL_CURRENT))
		perror("memhog: mlockall");
	for (i = 0; i < nlock; i++)
		if (lock_mapped_files(lock_pid[i]))
			fprintf(stderr, "memhog: -l %ld: cannot read its /proc/PID/maps\n",
				lock_pid[i]);
	if (nlock) {
		printf("locked_kb %ld\n", locked_kb);
		printf("locked_maps %ld\n", locked_maps);
	}

	if (grab_to(target_kb, chunk_kb, max_kb)) {
		perror("memhog: /proc/meminfo");
		return 1;
	}
	free_kb = memfree_kb();
	printf("holding %ld %ld\n", held_kb, free_kb);

	end = now_s() + duration;
	while (!stop && now_s() < end) {
		free_kb = memfree_kb();
		samples++;
		if (min_free < 0 || free_kb < min_free)
			min_free = free_kb;
		if (free_kb > max_free)
			max_free = free_kb;
		if (free_kb > target_kb)
			grab_to(target_kb, chunk_kb, max_kb);
		sleep_ms(ival);
	}
	printf("held_kb %ld\n", held_kb);
	printf("min_free_kb %ld\n", min_free);
	printf("max_free_kb %ld\n", max_free);
	printf("samples %ld\n", samples);
	printf("grab_failures %ld\n", grab_failures);
	printf("memfree_end_kb %ld\n", memfree_kb());
	return 0;
}
