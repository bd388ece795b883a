// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of driver/pages.c: the ledger invariant, the reserve,
 * the page budget, reclaim and the replace-or-drop decision, plus a
 * randomized sequence checked against a reference model.
 * Usage: test_pages [seed] [steps]
 */
#include <labyrinth/pages.h>

#include "harness.h"

#define RING	16
#define CACHE	8
#define RESERVE	2
#define BUDGET	12

/* A fake page: the harness tracks who holds it. */
struct fake_page {
	int stack_refs;		/* references the "stack" still holds */
	int freed;
	int live;
};

static struct fake_page pool[1024];
static int npages;

static struct fake_page *fake_alloc(void)
{
	struct fake_page *p = &pool[npages++];

	p->live = 1;
	return p;
}

static bool fake_returned(void *page)
{
	return ((struct fake_page *)page)->stack_refs == 0;
}

static int double_free;

static void fake_release(void *page)
{
	struct fake_page *p = page;

	if (p->freed)
		double_free++;
	p->freed = 1;
}

struct rig {
	struct lab_pages p;
	void *slots[CACHE + RESERVE + BUDGET];
	void *ring[RING];
	unsigned int nring;
};

static void rig_init(struct rig *r)
{
	static const struct lab_pages_sizes sizes = {
		.cache = CACHE, .reserve = RESERVE, .lent = BUDGET,
	};

	memset(r, 0, sizeof(*r));
	memset(pool, 0, sizeof(pool));
	npages = 0;
	double_free = 0;
	lab_pages_init(&r->p, r->slots, &sizes);
}

/* Lends a new page the stack holds (refs = 1) or has already freed (0). */
static struct fake_page *rig_lend_new(struct rig *r, int stack_refs)
{
	struct fake_page *p = fake_alloc();

	p->stack_refs = stack_refs;
	lab_pages_note_alloc(&r->p);
	lab_pages_lend(&r->p, p);
	return p;
}

static void rig_post_new(struct rig *r)
{
	r->ring[r->nring++] = fake_alloc();
	lab_pages_note_alloc(&r->p);
	lab_pages_note_posted(&r->p);
}

TEST(empty_ledger_is_balanced)
{
	struct rig r;

	rig_init(&r);
	ASSERT_TRUE(lab_pages_balanced(&r.p));
	ASSERT_EQ(lab_pages_held(&r.p, LAB_PLACE_RING), 0);
}

TEST(alloc_post_complete_free_balances)
{
	struct rig r;

	rig_init(&r);
	rig_post_new(&r);
	ASSERT_EQ(lab_pages_held(&r.p, LAB_PLACE_RING), 1);
	ASSERT_TRUE(lab_pages_balanced(&r.p));
	lab_pages_note_completed(&r.p);
	ASSERT_TRUE(!lab_pages_balanced(&r.p));	/* a page in hand */
	lab_pages_note_free(&r.p);
	ASSERT_TRUE(lab_pages_balanced(&r.p));
	ASSERT_EQ(r.p.allocated, 1);
	ASSERT_EQ(r.p.freed, 1);
}

TEST(stashes_respect_capacity)
{
	struct rig r;
	int i;

	rig_init(&r);
	for (i = 0; i < RESERVE; i++) {
		ASSERT_TRUE(lab_pages_reserve_short(&r.p));
		lab_pages_note_alloc(&r.p);
		ASSERT_TRUE(lab_pages_put(&r.p, LAB_PLACE_RESERVE, fake_alloc()));
	}
	ASSERT_TRUE(!lab_pages_reserve_short(&r.p));
	ASSERT_TRUE(!lab_pages_put(&r.p, LAB_PLACE_RESERVE, &pool[1000]));
	for (i = 0; i < CACHE; i++) {
		lab_pages_note_alloc(&r.p);
		ASSERT_TRUE(lab_pages_put(&r.p, LAB_PLACE_CACHE, fake_alloc()));
	}
	ASSERT_TRUE(!lab_pages_put(&r.p, LAB_PLACE_CACHE, &pool[1000]));
	ASSERT_EQ(lab_pages_held(&r.p, LAB_PLACE_RESERVE), RESERVE);
	ASSERT_EQ(lab_pages_held(&r.p, LAB_PLACE_CACHE), CACHE);
	ASSERT_TRUE(lab_pages_balanced(&r.p));
	ASSERT_TRUE(lab_pages_take(&r.p, LAB_PLACE_CACHE) != NULL);
	lab_pages_note_free(&r.p);
	ASSERT_TRUE(lab_pages_balanced(&r.p));
}

TEST(replace_source_order)
{
	struct rig r;

	rig_init(&r);
	/* Nothing stashed: the allocator; if it fails, a drop. */
	ASSERT_EQ(lab_pages_replace_source(&r.p, false), LAB_SRC_ALLOC);
	ASSERT_EQ(lab_pages_replace_source(&r.p, true), LAB_SRC_NONE);
	lab_pages_note_alloc(&r.p);
	lab_pages_put(&r.p, LAB_PLACE_RESERVE, fake_alloc());
	/* The reserve is used only when no fresh page came. */
	ASSERT_EQ(lab_pages_replace_source(&r.p, false), LAB_SRC_ALLOC);
	ASSERT_EQ(lab_pages_replace_source(&r.p, true), LAB_SRC_RESERVE);
	lab_pages_note_alloc(&r.p);
	lab_pages_put(&r.p, LAB_PLACE_CACHE, fake_alloc());
	/* Recycled pages go first, with no allocation at all. */
	ASSERT_EQ(lab_pages_replace_source(&r.p, false), LAB_SRC_CACHE);
	ASSERT_EQ(lab_pages_replace_source(&r.p, true), LAB_SRC_RESERVE);
}

TEST(budget_limits_lending)
{
	struct rig r;
	int i;

	rig_init(&r);
	for (i = 0; i < BUDGET; i++) {
		ASSERT_TRUE(lab_pages_can_lend(&r.p, 1));
		rig_lend_new(&r, 1);
	}
	ASSERT_TRUE(!lab_pages_can_lend(&r.p, 1));
	ASSERT_EQ(lab_pages_held(&r.p, LAB_PLACE_STACK), BUDGET);
	ASSERT_TRUE(lab_pages_balanced(&r.p));
}

TEST(budget_admits_a_multi_buffer_frame_whole_or_not_at_all)
{
	struct rig r;
	int i;

	rig_init(&r);
	for (i = 0; i < BUDGET - 3; i++)
		rig_lend_new(&r, 1);
	ASSERT_TRUE(lab_pages_can_lend(&r.p, 3));
	ASSERT_TRUE(!lab_pages_can_lend(&r.p, 4));
	ASSERT_TRUE(!lab_pages_can_lend(&r.p, BUDGET + 1));
	ASSERT_TRUE(!lab_pages_can_lend(&r.p, 0xffffffffu));
}

TEST(budget_can_shrink_and_grow_within_capacity)
{
	struct rig r;
	int i;

	rig_init(&r);
	ASSERT_TRUE(!lab_pages_set_budget(&r.p, 0));
	ASSERT_TRUE(!lab_pages_set_budget(&r.p, BUDGET + 1));
	ASSERT_TRUE(lab_pages_set_budget(&r.p, 3));
	for (i = 0; i < 3; i++)
		rig_lend_new(&r, 1);
	ASSERT_TRUE(!lab_pages_can_lend(&r.p, 1));
	/* Below what the stack holds: nothing more is lent, nothing taken. */
	ASSERT_TRUE(lab_pages_set_budget(&r.p, 1));
	ASSERT_TRUE(!lab_pages_can_lend(&r.p, 1));
	ASSERT_EQ(lab_pages_held(&r.p, LAB_PLACE_STACK), 3);
	ASSERT_TRUE(lab_pages_set_budget(&r.p, BUDGET));
	ASSERT_TRUE(lab_pages_can_lend(&r.p, 1));
}

TEST(reclaim_takes_back_only_returned_pages_into_the_cache)
{
	struct fake_page *p[4];
	struct rig r;
	int i;

	rig_init(&r);
	for (i = 0; i < 4; i++)
		p[i] = rig_lend_new(&r, 1);
	p[1]->stack_refs = 0;
	p[3]->stack_refs = 0;
	ASSERT_EQ(lab_pages_reclaim(&r.p, 100, fake_returned, fake_release), 2);
	ASSERT_EQ(lab_pages_held(&r.p, LAB_PLACE_STACK), 2);
	ASSERT_EQ(lab_pages_held(&r.p, LAB_PLACE_CACHE), 2);
	ASSERT_TRUE(lab_pages_balanced(&r.p));
	ASSERT_EQ(lab_pages_reclaim(&r.p, 100, fake_returned, fake_release), 0);
}

TEST(reclaim_frees_what_the_cache_cannot_hold)
{
	struct rig r;
	int i;

	rig_init(&r);
	for (i = 0; i < CACHE + 3; i++)
		rig_lend_new(&r, 0);
	ASSERT_EQ(lab_pages_reclaim(&r.p, 100, fake_returned, fake_release),
		  CACHE + 3);
	ASSERT_EQ(r.p.freed, 3);
	ASSERT_EQ(lab_pages_held(&r.p, LAB_PLACE_CACHE), CACHE);
	ASSERT_TRUE(lab_pages_balanced(&r.p));
}

TEST(reclaim_scan_is_bounded_and_resumes)
{
	struct rig r;
	int i;

	rig_init(&r);
	for (i = 0; i < 6; i++)
		rig_lend_new(&r, i < 3);	/* first three still held */
	ASSERT_EQ(lab_pages_reclaim(&r.p, 3, fake_returned, fake_release), 0);
	ASSERT_EQ(lab_pages_reclaim(&r.p, 3, fake_returned, fake_release), 3);
	ASSERT_TRUE(lab_pages_balanced(&r.p));
}

/* Found by fuzz_rx: a full scan from a cursor past slot 0 missed page B. */
TEST(reclaim_full_scan_sees_every_page_whatever_the_cursor)
{
	struct fake_page *p[3];
	struct rig r;
	int i;

	rig_init(&r);
	for (i = 0; i < 3; i++)
		p[i] = rig_lend_new(&r, 1);
	/* a bounded scan of the first two leaves the cursor at slot 2 */
	ASSERT_EQ(lab_pages_reclaim(&r.p, 2, fake_returned, fake_release), 0);
	p[0]->stack_refs = 0;
	p[1]->stack_refs = 0;
	ASSERT_EQ(lab_pages_reclaim(&r.p, r.p.lent.count, fake_returned,
				    fake_release), 2);
	ASSERT_EQ(lab_pages_held(&r.p, LAB_PLACE_STACK), 1);
	ASSERT_TRUE(r.p.lent.slot[0] == p[2]);
	ASSERT_TRUE(lab_pages_balanced(&r.p));
}

TEST(abandon_counts_leaks_and_never_double_frees)
{
	struct rig r;
	int i;

	rig_init(&r);
	for (i = 0; i < 5; i++)
		rig_lend_new(&r, 1);
	ASSERT_EQ(lab_pages_abandon(&r.p, fake_release), 5);
	ASSERT_EQ(r.p.leaked, 5);
	ASSERT_EQ(r.p.freed, 5);
	ASSERT_EQ(lab_pages_abandon(&r.p, fake_release), 0);
	ASSERT_EQ(double_free, 0);
	ASSERT_TRUE(lab_pages_balanced(&r.p));
}

/*
 * Randomized: a ring of RING posted pages; each step completes one buffer
 * and runs the driver's replace-or-drop policy with a failing share of
 * fresh pages, while the "stack" returns pages in random order.  After
 * every step the ledger must balance, the ring must stay full, the budget
 * must hold and no page may be in two places or freed twice.
 */
static unsigned long long seed = 1;

static unsigned int rnd(unsigned int n)
{
	seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned int)(seed >> 33) % n;
}

/* A fresh page, as the driver gets one: cache, else allocator; may fail. */
static void *model_fresh(struct rig *r, unsigned int fail_pct)
{
	if (rnd(100) < fail_pct)
		return NULL;	/* injected: no fresh page at all */
	if (lab_pages_replace_source(&r->p, false) == LAB_SRC_CACHE)
		return lab_pages_take(&r->p, LAB_PLACE_CACHE);
	if (npages == 1024)
		return NULL;
	lab_pages_note_alloc(&r->p);
	return fake_alloc();
}

static int model_step(struct rig *r, unsigned int fail_pct)
{
	unsigned int slot = rnd(r->nring);
	struct fake_page *done = r->ring[slot], *repl;
	unsigned int i;

	/* The stack returns some pages. */
	for (i = 0; i < (unsigned int)npages; i++)
		if (pool[i].stack_refs && rnd(4) == 0)
			pool[i].stack_refs = 0;
	lab_pages_reclaim(&r->p, rnd(BUDGET + 1), fake_returned, fake_release);

	lab_pages_note_completed(&r->p);
	if (!lab_pages_can_lend(&r->p, 1))
		goto repost;
	repl = model_fresh(r, fail_pct);
	if (!repl && lab_pages_replace_source(&r->p, true) == LAB_SRC_RESERVE)
		repl = lab_pages_take(&r->p, LAB_PLACE_RESERVE);
	if (!repl)
		goto repost;
	done->stack_refs = 1;
	lab_pages_lend(&r->p, done);
	r->ring[slot] = repl;
repost:
	lab_pages_note_posted(&r->p);
	/* Top the reserve up, as the end of a poll does. */
	while (lab_pages_reserve_short(&r->p)) {
		repl = model_fresh(r, fail_pct);
		if (!repl)
			break;
		lab_pages_put(&r->p, LAB_PLACE_RESERVE, repl);
	}
	return lab_pages_balanced(&r->p) &&
	       lab_pages_held(&r->p, LAB_PLACE_RING) == RING &&
	       lab_pages_held(&r->p, LAB_PLACE_STACK) <= BUDGET &&
	       !double_free;
}

static int no_page_in_two_places(struct rig *r)
{
	static int where[1024];
	unsigned int i;

	memset(where, 0, sizeof(where));
	for (i = 0; i < r->nring; i++)
		where[(struct fake_page *)r->ring[i] - pool]++;
	for (i = 0; i < r->p.reserve.count; i++)
		where[(struct fake_page *)r->p.reserve.slot[i] - pool]++;
	for (i = 0; i < r->p.cache.count; i++)
		where[(struct fake_page *)r->p.cache.slot[i] - pool]++;
	for (i = 0; i < r->p.lent.count; i++)
		where[(struct fake_page *)r->p.lent.slot[i] - pool]++;
	for (i = 0; i < (unsigned int)npages; i++)
		if (where[i] + pool[i].freed != 1)
			return 0;
	return 1;
}

static unsigned long steps = 20000;

TEST(randomized_sequences_keep_every_invariant)
{
	unsigned int fail_pct[] = { 0, 30, 100, 50 };
	unsigned long i;
	struct rig r;

	rig_init(&r);
	while (r.nring < RING)
		rig_post_new(&r);
	for (i = 0; i < steps; i++) {
		unsigned int pct = fail_pct[(i / 1000) % 4];

		if (!model_step(&r, pct) || !no_page_in_two_places(&r)) {
			printf("# invariant broken at step %lu (fail %u%%)\n",
			       i, pct);
			ASSERT_TRUE(0);
		}
	}
	printf("# %lu steps, %d pages allocated, %llu freed, %u lent\n",
	       steps, npages, r.p.freed, r.p.lent.count);
}

int main(int argc, char **argv)
{
	if (argc > 1)
		seed = strtoull(argv[1], NULL, 0);
	if (argc > 2)
		steps = strtoul(argv[2], NULL, 0);
	printf("# seed %llu (rerun: test_pages %llu %lu)\n", seed, seed, steps);
	return lab_run_tests("pages");
}
