/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Page ownership for one RX queue, in plain C (no kernel headers).
 *
 * Every page the queue obtained from the page allocator is, between two
 * calls into this file, in exactly one place:
 *   reserve - emergency pages, filled from the allocator (or the cache)
 *             and used only when no fresh page can be had,
 *   cache   - recycled pages the stack gave back, reused first,
 *   ring    - posted to the device,
 *   stack   - lent to the network stack inside an skb; the queue keeps
 *             one bias reference and gets the page back once the stack
 *             has dropped all of its own references.
 * The invariant, checked by lab_pages_balanced():
 *   allocated == freed + ring + stack + reserve + cache.
 * Pages are opaque pointers here: the kernel side passes struct page *,
 * host tests pass anything.  Callers serialise access (the NAPI poll, or
 * process context with NAPI disabled).
 */
#ifndef _LABYRINTH_PAGES_H
#define _LABYRINTH_PAGES_H

#include "lab_types.h"

enum lab_place {
	LAB_PLACE_RESERVE,
	LAB_PLACE_CACHE,
	LAB_PLACE_RING,
	LAB_PLACE_STACK,
	LAB_NR_PLACES,
};

/* Where the replacement for a buffer about to go up the stack comes from. */
enum lab_source {
	LAB_SRC_CACHE,		/* a recycled page: no allocation at all */
	LAB_SRC_ALLOC,		/* the page allocator (may still fail) */
	LAB_SRC_RESERVE,	/* no fresh page came: the emergency reserve */
	LAB_SRC_NONE,		/* nothing left: drop and repost */
};

struct lab_stash {
	void **slot;
	u32 count;
	u32 cap;
};

/* Capacities, in pages; the caller provides cache + reserve + lent slots. */
struct lab_pages_sizes {
	u32 cache;
	u32 reserve;
	u32 lent;	/* the largest page budget allowed */
};

struct lab_pages {
	struct lab_stash cache;
	struct lab_stash reserve;
	struct lab_stash lent;
	u32 lent_cursor;	/* where the next reclaim scan starts */
	u32 budget;		/* most pages the stack may hold at once */
	u64 allocated;
	u64 freed;
	u64 leaked;		/* freed while the stack still held them */
	u64 moved_in[LAB_NR_PLACES];
	u64 moved_out[LAB_NR_PLACES];
};

/* Returns true when the stack no longer holds @page (only our bias is left). */
typedef bool (*lab_page_returned_fn)(void *page);
/* Gives @page back to the page allocator (drops the queue's reference). */
typedef void (*lab_page_release_fn)(void *page);

void lab_pages_init(struct lab_pages *p, void **slots,
		    const struct lab_pages_sizes *sizes);
bool lab_pages_set_budget(struct lab_pages *p, u32 budget);
bool lab_pages_balanced(const struct lab_pages *p);

void lab_pages_note_alloc(struct lab_pages *p);
void lab_pages_note_free(struct lab_pages *p);

bool lab_pages_put(struct lab_pages *p, enum lab_place where, void *page);
void *lab_pages_take(struct lab_pages *p, enum lab_place where);

void lab_pages_lend(struct lab_pages *p, void *page);
u32 lab_pages_reclaim(struct lab_pages *p, u32 max_scan,
		      lab_page_returned_fn returned,
		      lab_page_release_fn release);
u32 lab_pages_abandon(struct lab_pages *p, lab_page_release_fn release);

/*
 * The ledger's trivial queries and counts, inline: the receive path calls
 * them for every frame (a call each was measurable, under TCG most).
 */
static inline void lab_pages_move(struct lab_pages *p, int from, int to)
{
	if (from < LAB_NR_PLACES)
		p->moved_out[from]++;
	if (to < LAB_NR_PLACES)
		p->moved_in[to]++;
}

/**
 * lab_pages_held() - how many pages are in @place now
 * @p: the ledger
 * @place: reserve, cache, ring or stack
 *
 * Return: the page count.
 */
static inline u32 lab_pages_held(const struct lab_pages *p,
				 enum lab_place place)
{
	return (u32)(p->moved_in[place] - p->moved_out[place]);
}

/**
 * lab_pages_note_posted() - a page in hand was posted to the device
 * @p: the ledger
 */
static inline void lab_pages_note_posted(struct lab_pages *p)
{
	lab_pages_move(p, LAB_NR_PLACES, LAB_PLACE_RING);
}

/**
 * lab_pages_note_completed() - the device handed a posted page back
 * @p: the ledger
 */
static inline void lab_pages_note_completed(struct lab_pages *p)
{
	lab_pages_move(p, LAB_PLACE_RING, LAB_NR_PLACES);
}

/**
 * lab_pages_reserve_short() - is the reserve below its size?
 * @p: the ledger
 *
 * Return: true when fresh pages should go on filling the reserve.
 */
static inline bool lab_pages_reserve_short(const struct lab_pages *p)
{
	return p->reserve.count < p->reserve.cap;
}

/**
 * lab_pages_can_lend() - is there room for @n more pages in the page budget?
 * @p: the ledger
 * @n: pages about to go to the stack (all the buffers of one frame)
 *
 * Return: true when @n more pages may go to the stack.
 */
static inline bool lab_pages_can_lend(const struct lab_pages *p, u32 n)
{
	return n <= p->budget && p->lent.count <= p->budget - n;
}

/**
 * lab_pages_replace_source() - the replace-or-drop decision
 * @p: the ledger
 * @fresh_failed: a fresh page was asked for this buffer and none came
 *
 * A fresh page is a recycled one from the cache or, when the cache is
 * empty, one from the allocator.  When no fresh page comes (the
 * allocator failed, or an injected failure), the reserve is used; when
 * that is empty too, the packet is dropped and its buffer reposted, so
 * the ring never shrinks and no deferred refill is ever needed.
 *
 * Return: where the replacement page comes from.
 */
static inline enum lab_source
lab_pages_replace_source(const struct lab_pages *p, bool fresh_failed)
{
	if (fresh_failed)
		return p->reserve.count ? LAB_SRC_RESERVE : LAB_SRC_NONE;
	return p->cache.count ? LAB_SRC_CACHE : LAB_SRC_ALLOC;
}

#endif /* _LABYRINTH_PAGES_H */
