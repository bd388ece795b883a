// SPDX-License-Identifier: GPL-2.0
/*
 * Page ownership ledger, reserve and replace-or-drop policy for one RX
 * queue.  Plain C: built into labyrinth.ko and into the host unit tests.
 */
#include <labyrinth/pages.h>

static void lab_move(struct lab_pages *p, int from, int to)
{
	if (from < LAB_NR_PLACES)
		p->moved_out[from]++;
	if (to < LAB_NR_PLACES)
		p->moved_in[to]++;
}

/**
 * lab_pages_init() - start an empty ledger over caller-provided slot arrays
 * @p: the ledger
 * @reserve_slots: storage for @reserve_cap free pages
 * @reserve_cap: most free pages the queue keeps
 * @lent_slots: storage for @lent_cap lent pages
 * @lent_cap: the page budget: most pages the stack may hold at once
 * @floor: reserve pages kept back for allocation failures (<= @reserve_cap)
 */
void lab_pages_init(struct lab_pages *p, void **reserve_slots, u32 reserve_cap,
		    void **lent_slots, u32 lent_cap, u32 floor)
{
	*p = (struct lab_pages){
		.reserve = { .slot = reserve_slots, .cap = reserve_cap },
		.lent = { .slot = lent_slots, .cap = lent_cap },
		.floor = floor < reserve_cap ? floor : reserve_cap,
	};
}

/**
 * lab_pages_held() - how many pages are in @place now
 * @p: the ledger
 * @place: reserve, ring or stack
 *
 * Return: the page count.
 */
u32 lab_pages_held(const struct lab_pages *p, enum lab_place place)
{
	return (u32)(p->moved_in[place] - p->moved_out[place]);
}

/**
 * lab_pages_balanced() - check allocated == freed + ring + stack + reserve
 * @p: the ledger
 *
 * Return: true when every allocated page is accounted for exactly once.
 */
bool lab_pages_balanced(const struct lab_pages *p)
{
	u64 held = 0;
	int place;

	for (place = 0; place < LAB_NR_PLACES; place++)
		held += lab_pages_held(p, place);
	return p->allocated == p->freed + held &&
	       lab_pages_held(p, LAB_PLACE_RESERVE) == p->reserve.count &&
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
 * lab_pages_note_posted() - a page in hand was posted to the device
 * @p: the ledger
 */
void lab_pages_note_posted(struct lab_pages *p)
{
	lab_move(p, LAB_NR_PLACES, LAB_PLACE_RING);
}

/**
 * lab_pages_note_completed() - the device handed a posted page back
 * @p: the ledger
 */
void lab_pages_note_completed(struct lab_pages *p)
{
	lab_move(p, LAB_PLACE_RING, LAB_NR_PLACES);
}

/**
 * lab_pages_reserve_put() - keep a page in hand in the reserve
 * @p: the ledger
 * @page: the page
 *
 * Return: false when the reserve is full; the caller still holds @page.
 */
bool lab_pages_reserve_put(struct lab_pages *p, void *page)
{
	if (p->reserve.count == p->reserve.cap)
		return false;
	p->reserve.slot[p->reserve.count++] = page;
	lab_move(p, LAB_NR_PLACES, LAB_PLACE_RESERVE);
	return true;
}

/**
 * lab_pages_reserve_take() - take a page from the reserve into hand
 * @p: the ledger
 *
 * Return: the page, or NULL when the reserve is empty.
 */
void *lab_pages_reserve_take(struct lab_pages *p)
{
	if (!p->reserve.count)
		return NULL;
	lab_move(p, LAB_PLACE_RESERVE, LAB_NR_PLACES);
	return p->reserve.slot[--p->reserve.count];
}

/**
 * lab_pages_reserve_needs_topup() - is the reserve below its floor?
 * @p: the ledger
 *
 * Return: true when allocations should go on filling the reserve.
 */
bool lab_pages_reserve_needs_topup(const struct lab_pages *p)
{
	return p->reserve.count < p->floor;
}

/**
 * lab_pages_can_lend() - is the page budget below its limit?
 * @p: the ledger
 *
 * Return: true when one more page may go to the stack.
 */
bool lab_pages_can_lend(const struct lab_pages *p)
{
	return p->lent.count < p->lent.cap;
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
	lab_move(p, LAB_NR_PLACES, LAB_PLACE_STACK);
}

static void lab_pages_unlend(struct lab_pages *p, u32 i)
{
	p->lent.slot[i] = p->lent.slot[--p->lent.count];
	lab_move(p, LAB_PLACE_STACK, LAB_NR_PLACES);
}

/**
 * lab_pages_reclaim() - take back pages the stack has finished with
 * @p: the ledger
 * @max_scan: most lent pages to look at (scans resume where the last ended)
 * @returned: tells whether the stack still holds a page
 * @release: frees a page that does not fit in the reserve
 *
 * Returned pages refill the reserve; those beyond its capacity are freed.
 *
 * Return: the number of pages taken back.
 */
u32 lab_pages_reclaim(struct lab_pages *p, u32 max_scan,
		      lab_page_returned_fn returned,
		      lab_page_release_fn release)
{
	u32 i = p->lent_cursor, got = 0;

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
		if (!lab_pages_reserve_put(p, page)) {
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

/**
 * lab_pages_replace_source() - the replace-or-drop decision
 * @p: the ledger
 * @alloc_failed: the allocator was tried for this buffer and failed
 *
 * Free pages above the floor are used first (they are recycled pages);
 * then the allocator; when it fails, the floor; when that is empty too,
 * the packet is dropped and its buffer reposted, so the ring never
 * shrinks and no deferred refill is ever needed.
 *
 * Return: where the replacement page comes from.
 */
enum lab_source lab_pages_replace_source(const struct lab_pages *p,
					 bool alloc_failed)
{
	if (p->reserve.count > p->floor)
		return LAB_SRC_RESERVE;
	if (!alloc_failed)
		return LAB_SRC_ALLOC;
	if (p->reserve.count)
		return LAB_SRC_FLOOR;
	return LAB_SRC_NONE;
}
