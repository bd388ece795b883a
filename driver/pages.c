// SPDX-License-Identifier: GPL-2.0
/*
 * Page ownership ledger, reserve, recycling cache, page budget and the
 * replace-or-drop decision for one RX queue.  Plain C: built into
 * labyrinth.ko and into the host unit tests.
 */
#include <labyrinth/pages.h>

static struct lab_stash *lab_stash_of(struct lab_pages *p,
				      enum lab_place where)
{
	return where == LAB_PLACE_RESERVE ? &p->reserve : &p->cache;
}

/**
 * lab_pages_init() - start an empty ledger
 * @p: the ledger
 * @slots: storage for sizes->cache + sizes->reserve + sizes->lent pointers
 * @sizes: capacities; the budget starts at sizes->lent
 */
void lab_pages_init(struct lab_pages *p, void **slots,
		    const struct lab_pages_sizes *sizes)
{
	*p = (struct lab_pages){
		.cache = { .slot = slots, .cap = sizes->cache },
		.reserve = { .slot = slots + sizes->cache, .cap = sizes->reserve },
		.lent = { .slot = slots + sizes->cache + sizes->reserve,
			  .cap = sizes->lent },
		.budget = sizes->lent,
	};
}

/**
 * lab_pages_set_budget() - change how many pages the stack may hold
 * @p: the ledger
 * @budget: 1..lent capacity
 *
 * Lowering the budget below what the stack holds now lends nothing more
 * until enough pages came back; no page is taken from the stack.
 *
 * Return: false, with nothing changed, when @budget is out of range.
 */
bool lab_pages_set_budget(struct lab_pages *p, u32 budget)
{
	if (!budget || budget > p->lent.cap)
		return false;
	p->budget = budget;
	return true;
}

/**
 * lab_pages_balanced() - check the ledger's invariant
 * @p: the ledger
 *
 * Return: true when allocated == freed + ring + stack + reserve + cache
 * and the counts agree with the stashes, i.e. every allocated page is
 * accounted for exactly once.
 */
bool lab_pages_balanced(const struct lab_pages *p)
{
	u64 held = 0;
	int place;

	for (place = 0; place < LAB_NR_PLACES; place++)
		held += lab_pages_held(p, place);
	return p->allocated == p->freed + held &&
	       lab_pages_held(p, LAB_PLACE_RESERVE) == p->reserve.count &&
	       lab_pages_held(p, LAB_PLACE_CACHE) == p->cache.count &&
	       lab_pages_held(p, LAB_PLACE_STACK) == p->lent.count;
}

/**
 * lab_pages_note_alloc() - a page came from the page allocator into hand
 * @p: the ledger
 */
void lab_pages_note_alloc(struct lab_pages *p)
{
	p->allocated++;
}

/**
 * lab_pages_note_free() - a page in hand went back to the page allocator
 * @p: the ledger
 */
void lab_pages_note_free(struct lab_pages *p)
{
	p->freed++;
}

/**
 * lab_pages_put() - keep a page in hand in the reserve or the cache
 * @p: the ledger
 * @where: LAB_PLACE_RESERVE or LAB_PLACE_CACHE
 * @page: the page
 *
 * Return: false when that stash is full; the caller still holds @page.
 */
bool lab_pages_put(struct lab_pages *p, enum lab_place where, void *page)
{
	struct lab_stash *s = lab_stash_of(p, where);

	if (s->count == s->cap)
		return false;
	s->slot[s->count++] = page;
	lab_pages_move(p, LAB_NR_PLACES, where);
	return true;
}

/**
 * lab_pages_take() - take a page from the reserve or the cache into hand
 * @p: the ledger
 * @where: LAB_PLACE_RESERVE or LAB_PLACE_CACHE
 *
 * Return: the page, or NULL when that stash is empty.
 */
void *lab_pages_take(struct lab_pages *p, enum lab_place where)
{
	struct lab_stash *s = lab_stash_of(p, where);

	if (!s->count)
		return NULL;
	lab_pages_move(p, where, LAB_NR_PLACES);
	return s->slot[--s->count];
}

/**
 * lab_pages_lend() - a page in hand goes up the stack inside an skb
 * @p: the ledger
 * @page: the page; the caller has taken the bias reference already
 *
 * The caller checked lab_pages_can_lend() first.
 */
void lab_pages_lend(struct lab_pages *p, void *page)
{
	p->lent.slot[p->lent.count++] = page;
	lab_pages_move(p, LAB_NR_PLACES, LAB_PLACE_STACK);
}

static void lab_pages_unlend(struct lab_pages *p, u32 i)
{
	p->lent.slot[i] = p->lent.slot[--p->lent.count];
	lab_pages_move(p, LAB_PLACE_STACK, LAB_NR_PLACES);
}

/**
 * lab_pages_reclaim() - take back pages the stack has finished with
 * @p: the ledger
 * @max_scan: most lent pages to look at (scans resume where the last ended)
 * @returned: tells whether the stack still holds a page
 * @release: frees a page that does not fit in the cache
 *
 * Returned pages go to the cache; those beyond its capacity are freed.
 * A scan of at least every lent page looks at each exactly once: it
 * starts at slot 0, since a page taken back is replaced by the last one,
 * which a scan that had wrapped around would have seen already (and the
 * look spent on it again would leave another page unseen).
 *
 * Return: the number of pages taken back.
 */
u32 lab_pages_reclaim(struct lab_pages *p, u32 max_scan,
		      lab_page_returned_fn returned,
		      lab_page_release_fn release)
{
	u32 i = max_scan >= p->lent.count ? 0 : p->lent_cursor, got = 0;

	while (max_scan-- && p->lent.count) {
		void *page;

		if (i >= p->lent.count)
			i = 0;
		page = p->lent.slot[i];
		if (!returned(page)) {
			i++;
			continue;
		}
		lab_pages_unlend(p, i);
		got++;
		if (!lab_pages_put(p, LAB_PLACE_CACHE, page)) {
			release(page);
			lab_pages_note_free(p);
		}
	}
	p->lent_cursor = i;
	return got;
}

/**
 * lab_pages_abandon() - give up on every page the stack still holds
 * @p: the ledger
 * @release: drops the queue's bias reference; the stack frees the page
 *
 * Used at teardown after a bounded wait.  The pages count as freed (the
 * queue no longer owns them) and as leaked (they never came back).
 *
 * Return: the number of pages abandoned.
 */
u32 lab_pages_abandon(struct lab_pages *p, lab_page_release_fn release)
{
	u32 n = 0;

	while (p->lent.count) {
		release(p->lent.slot[p->lent.count - 1]);
		lab_pages_unlend(p, p->lent.count - 1);
		lab_pages_note_free(p);
		p->leaked++;
		n++;
	}
	return n;
}

