// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness: one RX queue of labyrinth, driven by arbitrary device
 * completions and events, on the real plain-C logic (driver/pages.c,
 * driver/rxparse.c, driver/fault.c).  Only the kernel around it is
 * modelled: the virtqueue (as drivers/virtio/virtio_ring.c treats used
 * ids), the queue's page_pool (one per queue from its first open to
 * remove; each page knows the pool it came from), the skb head
 * allocator, the stack holding and returning pages, a device that may go
 * on completing buffers as fast as they are posted, and the sequence of
 * driver/rx.c, call for call: the poll (budget-0 netpoll polls that touch
 * nothing; otherwise a budget of buffers, not frames); a frame (gather of
 * at most the ring's size of buffers, even when the ring runs dry or the
 * header claims 65,535, checksum check, copybreak split, page budget,
 * replacements for the buffers lent and only as many as the ring wants,
 * skb, lending, checksum finish), and how many buffers it took; give back
 * and keep; fresh pages with the poll's allocator latch and
 * fail_rx_alloc/recycled; refill; fill (first taking back every lent page
 * the stack returned), open and ethtool -G rx (lab_rxq_set_ring); ifdown
 * as close, device reset and lab_rxq_down() (completions no poll saw
 * dropped as drop_down, one release step with no wait, the pages still
 * lent counted in stack_at_down and left lent, the virtqueue gone); ifup
 * with a new virtqueue and the same pool; the ledger as debugfs reads it
 * (lab_rx_publish()); and remove (lab_rxq_release(): its wait, then the
 * pages still lent left to the stack, counted; the pool destroyed).
 *
 * Input: 8 bytes of configuration, then 8-byte events (see decode below).
 * After every event the model must hold: the ledger balanced, as many
 * pages on the ring as the virtqueue has buffers, no page in two places
 * or in a place other than where the ledger says, no page left in hand,
 * no double free, no page touched that the queue does not own, every
 * page posted, cached or reserved one of the queue's current pool, the
 * pool's in-flight count (pages allocated from it less pages returned to
 * it) equal to the pages the queue owns, and 0 at remove (a page left to
 * the stack leaves the pool when the queue releases it: page_pool lets go
 * of a page whose refcount is elevated), never more pages lent than
 * the budget at the time they were lent, every frame taken off the ring
 * counted exactly once (packets or one cause), a frame's buffer count as
 * rx.c reports it equal to the buffers it took and never above the
 * ring's size, no poll taking more than budget - 1 + ring buffers, a
 * budget-0 poll changing nothing at all, a first buffer the copy took
 * whole never lent, drop_down only while the device is reset for ifdown,
 * nothing posted after ifdown, the published ledger the same as the
 * ledger, and no buffer posted unless the ring is below its target (so
 * the ring never holds more than the larger of its target and what it
 * held when the target shrank, and shrinks only by not replacing).  Any
 * breach prints why and abort()s.
 *
 * LAB_FUZZ_TRACE=1 in the environment prints every event as it runs; at
 * exit, one line sums up every input run (inputs, the most buffers one
 * poll took against its bound, budget-0 polls, pages left to the stack).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <labyrinth/fault.h>
#include <labyrinth/pages.h>
#include <labyrinth/rxparse.h>

/* What the driver uses on x86-64: mrg_rxbuf header, 4 KiB pages. */
#define HDR_LEN		12u	/* sizeof(struct virtio_net_hdr_mrg_rxbuf) */
#define BUF_LEN		3712u	/* PAGE_SIZE - NET_SKB_PAD - shinfo */
#define NAPI_WEIGHT	64u
#define COPYBREAK	128u	/* LAB_RX_COPYBREAK */
#define BUDGET_DEFAULT_RINGS 2u	/* LAB_BUDGET_DEFAULT_RINGS (8), scaled down */
#define BUDGET_RINGS	8u	/* LAB_BUDGET_RINGS (32), scaled down */
/*
 * LAB_RX_RING_MIN (64), scaled down with the model's rings (64 at most):
 * rx.c does not depend on its value, and 2 lets a ring of 2 shrink.
 */
#define RING_MIN	2u
#define RELEASE_STEPS	8u	/* of LAB_RECLAIM_WAIT_MS's 200, for speed */

/* Bounds of the model, so that no input can make it grow without end. */
#define MAX_RING	64u
#define MAX_BUFS	45u	/* LAB_RX_MAX_BUFS: MAX_SKB_FRAGS, at 45 */
#define MAX_CACHE	128u	/* 2 * NAPI_POLL_WEIGHT */
#define MAX_RESERVE	16u
#define MAX_LENT	(BUDGET_RINGS * MAX_RING)
#define MAX_PAGES	4096u
#define USED_CAP	256u
#define MAX_POOLS	258u	/* one per probe, ids from 1: 256 events */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Where a page is, as far as the harness knows (the truth). */
enum pstate {
	PS_NONE,	/* never allocated */
	PS_HAND,	/* in the driver's hands, between two places */
	PS_RING,
	PS_RESERVE,
	PS_CACHE,
	PS_STACK,
	PS_FREED,	/* back to the page allocator */
	PS_ABANDONED,	/* bias dropped at teardown; the stack frees it */
	PS_NR,
};

static const char * const pstate_name[PS_NR] = {
	"none", "hand", "ring", "reserve", "cache", "stack", "freed",
	"abandoned",
};

struct fpage {
	unsigned char state;
	unsigned char stack_ref;	/* the stack still holds a reference */
	u16 pool;			/* its page_pool (page->pp) */
	u16 hdr_nb;			/* num_buffers the device wrote */
	struct lab_rx_csum hdr_cs;	/* and its checksum fields */
	struct lab_rx_gso hdr_gso;	/* and its GSO fields */
	u16 hdr_eth;			/* the frame's Ethernet type */
	u32 seen;			/* stamp of the last placement check */
};

static struct fpage pool[MAX_PAGES];
static u32 npages;
static u32 nstate[PS_NR];
static u32 stamp;

/*
 * The page_pools, by id (0: none): pages allocated from each less pages
 * returned to it (its in-flight count), and pages it let go to the stack
 * at remove (returned too: they no longer count in flight).
 */
static u32 npools;
static u32 pool_inflight[MAX_POOLS], pool_left[MAX_POOLS];

/* The queue's counters, as driver/lab.h's enum lab_rxq_stat (no kicks). */
enum {
	C_PACKETS, C_BYTES, C_DROPS, C_NO_BUFFER, C_BUDGET, C_NO_SKB, C_DOWN,
	C_LENGTH, C_ALLOC_FAIL, C_RESERVE_USED, C_RECYCLED, C_STACK_AT_DOWN,
	C_DATA_VALID, C_NEEDS_CSUM, C_GSO_PACKETS, C_GSO, C_NR,
	C_OK = C_NR,	/* no cause: LAB_RXQ_NSTATS, the frame is good so far */
};

/*
 * Failure patterns: call n of a kind fails when bit n % 32 is set.  The
 * skb head allocation, and skb_checksum_help() in lab_rx_csum_finish().
 */
enum { M_ALLOC, M_POST, M_SKB, M_CSUM, M_NR };

struct used_elem {
	u32 id;
	u32 len;
	u16 nb;
	u16 eth;		/* the frame's Ethernet type */
	struct lab_rx_csum cs;
	struct lab_rx_gso gso;
};

struct q {
	/* configuration */
	u32 ring;		/* R: the virtqueue's size (priv->rx_ring_max) */
	u32 scan;		/* reclaim scan per poll (LAB_RECLAIM_SCAN) */
	bool guest_csum;	/* VIRTIO_NET_F_GUEST_CSUM */
	u32 guest_gso;		/* GUEST_TSO4/TSO6/ECN: LAB_GSO_OK_* */
	u32 pushes;		/* completions pushed, for dev_csum() */
	struct lab_rx_limits lim;
	struct lab_pages_sizes sizes;
	/* driver state */
	struct lab_pages p;
	void **slots;
	u32 rq_budget;		/* what devlink wrote; the poll applies it */
	u32 target;		/* rq->ring_target: ethtool -G rx */
	bool stopped;		/* rq->stopped: the device was reset for ifdown */
	struct lab_fault fault;	/* debugfs fail_rx_alloc */
	u32 fail_recycled;	/* debugfs fail_rx_alloc/recycled */
	bool rx_csum;		/* NETIF_F_RXCSUM: ethtool -K rx */
	bool up;		/* netif_running(), NAPI enabled */
	u32 pool;		/* rq->pool: from the first open to remove */
	u32 poll_bufs_max;	/* rq->poll_bufs_max */
	/* rq->view: what lab_rx_publish() last copied, for debugfs */
	struct lab_pages view;
	u32 view_poll_bufs_max;
	/* the virtqueue */
	bool vq_live;		/* it exists: from probe or ifup to ifdown */
	struct fpage *desc[MAX_RING];
	bool pending[MAX_RING];	/* an honest completion is in the used ring */
	u32 free_id[MAX_RING];
	u32 nfree;
	u32 nposted;
	bool broken;
	struct used_elem used[USED_CAP];
	u32 used_head, used_count;
	u64 gets;		/* buffers virtqueue_get_buf() handed out */
	/*
	 * A device that completes one more posted buffer whenever the driver
	 * finds the used ring empty, @flood times: each with num_buffers
	 * @flood_nb and a length from @flood_len (it runs beside the poll
	 * and consumes buffers as soon as they are reposted).
	 */
	u32 flood, flood_len, flood_pick;
	u16 flood_nb;
	/* the most the ring may hold: max(target, held when it shrank) */
	u32 ring_hw;
	/* the environment */
	u32 mask[M_NR], mcalls[M_NR];
	u64 rnd;
	/* truth for the ledger's counters, from this queue's init on */
	u32 base_pages, base_gone, base_abandoned;
	/* figures: frames taken off the ring, and more */
	u64 counts[C_NR], frames, bad_ring, post_failed;
	u64 netpoll_polls, polls_over;	/* budget 0; done >= budget */
	u32 left_to_stack;	/* lab_pages_left_to_stack, this input */
};

/* What one poll remembers between its frames (struct lab_rx_batch). */
struct batch {
	bool budget_scanned;	/* a full reclaim scan ran in this poll */
	bool page_alloc_failed;	/* the page allocator said no in this poll */
	bool rx_csum;		/* NETIF_F_RXCSUM at poll start */
};

static struct q q;
static u32 ev;			/* current event, for messages */
static int trace = -1;
static bool in_reclaim, in_abandon;
static u32 released;

/*
 * Over every input of the process, for the line at exit: the poll that
 * took the most buffers (@bufs_max, and its bound budget - 1 + ring), and
 * the poll that went furthest past budget - 1 (@over_max buffers, at
 * most the size of its ring, @over_ring).
 */
static struct {
	u64 inputs, polls, netpoll_polls, floods, left_to_stack;
	u64 at_bound;		/* polls that took budget - 1 + ring */
	u64 gso_packets, gso_errors;	/* GSO frames delivered, refused */
	u32 bufs_max, bufs_max_bound, over_max, over_ring;
} g;

static void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...);

static void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "fuzz_rx: event %u: ", ev);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	abort();
}

#define CHECK(cond, ...) do { if (!(cond)) die(__VA_ARGS__); } while (0)

#define TRACE(...) do { if (trace) fprintf(stderr, __VA_ARGS__); } while (0)

static u32 min_u32(u32 a, u32 b)
{
	return a < b ? a : b;
}

static u32 max_u32(u32 a, u32 b)
{
	return a > b ? a : b;
}

/* A pointer the logic handed back must be one of our pages. */
static struct fpage *pg(void *ptr, const char *who)
{
	uintptr_t off = (uintptr_t)ptr - (uintptr_t)pool;

	CHECK(ptr && (uintptr_t)ptr >= (uintptr_t)pool &&
	      off % sizeof(struct fpage) == 0 &&
	      off / sizeof(struct fpage) < npages,
	      "%s: %p is no page of ours", who, ptr);
	return ptr;
}

static u32 pidx(const struct fpage *f)
{
	return (u32)(f - pool);
}

static void move(struct fpage *f, enum pstate from, enum pstate to,
		 const char *who)
{
	CHECK(f->state == from, "%s: page %u is in %s, expected %s", who,
	      pidx(f), pstate_name[f->state], pstate_name[from]);
	nstate[from]--;
	nstate[to]++;
	f->state = to;
}

static bool mask_fail(int kind)
{
	return q.mask[kind] >> (q.mcalls[kind]++ % 32) & 1;
}

static u32 rnd100(void)
{
	u64 z = (q.rnd += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (u32)((z ^ (z >> 31)) % 100);
}

/* ---- the kernel around the logic ------------------------------------ */

/*
 * page_pool_alloc_pages() from the queue's pool: a new page, or NULL when
 * the pattern says so.
 */
static struct fpage *page_alloc(void)
{
	struct fpage *f;

	CHECK(q.pool, "page_pool_alloc_pages() before the pool was made");
	if (mask_fail(M_ALLOC) || npages == MAX_PAGES)
		return NULL;
	f = &pool[npages++];
	memset(f, 0, sizeof(*f));
	f->pool = (u16)q.pool;
	pool_inflight[q.pool]++;
	nstate[PS_NONE]++;
	move(f, PS_NONE, PS_HAND, "alloc_page");
	return f;
}

/* A page goes back to the pool it came from (lab_page_release()). */
static void pool_return(struct fpage *f)
{
	CHECK(f->pool && pool_inflight[f->pool],
	      "page %u returned to pool %u with %u pages in flight", pidx(f),
	      f->pool, pool_inflight[f->pool]);
	pool_inflight[f->pool]--;
}

/* lab_page_release() of a page in hand whose last reference is ours. */
static void page_put(struct fpage *f, const char *who)
{
	move(f, PS_HAND, PS_FREED, who);
	pool_return(f);
}

/*
 * Ring, cache and reserve take pages of the queue's current pool only:
 * one of another pool posted again would go back to a pool that is not
 * the one it came from (or one destroyed already).
 */
static void check_pool(const struct fpage *f, const char *where)
{
	CHECK(f->pool == q.pool, "page %u of pool %u %s; the queue's pool is %u",
	      pidx(f), f->pool, where, q.pool);
}

/* virtqueue_add_inbuf(): -EIO when broken, -ENOSPC when full. */
static int vq_add(struct fpage *f)
{
	u32 id;

	if (q.broken)
		return -5;
	if (!q.nfree)
		return -28;
	if (mask_fail(M_POST))
		return -12;
	id = q.free_id[--q.nfree];
	CHECK(!q.desc[id], "descriptor %u reused while in use", id);
	check_pool(f, "posted");
	move(f, PS_HAND, PS_RING, "post");
	q.desc[id] = f;
	q.nposted++;
	return 0;
}

static void vq_free_desc(u32 id)
{
	q.desc[id] = NULL;
	q.pending[id] = false;
	q.free_id[q.nfree++] = id;
	q.nposted--;
}

static void dev_flood(void);

/*
 * virtqueue_get_buf(): the next used element; an id out of range or not
 * in use breaks the ring (BAD_RING) and nothing more comes from it.  The
 * device wrote the header (num_buffers) when it wrote at least that much.
 */
static struct fpage *vq_get_buf(u32 *len)
{
	struct used_elem e;
	struct fpage *f;

	if (!q.used_count && q.flood)
		dev_flood();
	if (q.broken || !q.used_count)
		return NULL;
	e = q.used[q.used_head];
	q.used_head = (q.used_head + 1) % USED_CAP;
	q.used_count--;
	if (e.id >= q.ring || !q.desc[e.id]) {
		TRACE("#   BAD_RING: id %u %s\n", e.id,
		      e.id >= q.ring ? "out of range" : "is not a head");
		q.broken = true;
		q.bad_ring++;
		return NULL;
	}
	f = q.desc[e.id];
	vq_free_desc(e.id);
	move(f, PS_RING, PS_HAND, "virtqueue_get_buf");
	q.gets++;
	if (e.len >= HDR_LEN) {
		f->hdr_nb = e.nb;
		f->hdr_cs = e.cs;
		f->hdr_gso = e.gso;
		f->hdr_eth = e.eth;
	}
	*len = e.len;
	return f;
}

/*
 * The checksum fields a device writes with a completion: a hash of it
 * (not the fault stream q.rnd, so the corpus keeps its meaning).  Mostly
 * no flag or a plausible NEEDS_CSUM (start 0..159, offset 0..23: its
 * field ends before or beyond the copybreak), else any flags and any
 * 16-bit start and offset.
 */
static struct lab_rx_csum dev_csum(u32 id, u32 len, u16 nb)
{
	u64 z = ((u64)id << 32 | len) ^ ((u64)nb << 48) ^
		(q.pushes++ * 0x9e3779b97f4a7c15ULL);
	struct lab_rx_csum cs;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	cs.flags = z & 3;
	if (z >> 2 & 1) {
		cs.start = (z >> 8) % 160;
		cs.offset = (z >> 16) % 24;
	} else {
		cs.flags |= (z >> 3 & 0x1f) << 2;
		cs.start = (u16)(z >> 24);
		cs.offset = (u16)(z >> 40);
	}
	return cs;
}

/*
 * The GSO fields and Ethernet type a device writes with a completion,
 * from the same kind of hash as dev_csum(): mostly GSO_NONE over IPv4;
 * else a plausible TCP frame over IPv4 or IPv6 (gso_size and hdr_len
 * around the frame's length, either side of it), else any 8-bit type
 * and any 16-bit fields and Ethernet type.
 */
static void dev_gso(u32 id, u32 len, struct used_elem *e)
{
	u64 z = ((u64)len << 32 | id) ^ (q.pushes * 0xd6e8feb86659fd93ULL);
	u32 frame = len > HDR_LEN ? len - HDR_LEN : 1;

	z = (z ^ (z >> 32)) * 0xd6e8feb86659fd93ULL;
	z ^= z >> 32;
	e->gso = (struct lab_rx_gso){ .type = LAB_VNET_GSO_NONE };
	e->eth = LAB_ETH_P_IP;
	switch (z & 7) {
	case 0: case 1: case 2: case 3:
		break;
	case 4: case 5: case 6:
		e->gso.type = (z >> 3 & 1) ? LAB_VNET_GSO_TCPV6 : LAB_VNET_GSO_TCPV4;
		e->gso.type |= (z >> 4 & 1) ? LAB_VNET_GSO_ECN : 0;
		e->eth = (z >> 5 & 7) == 0 ? LAB_ETH_P_8021Q :
			 e->gso.type & 4 ? LAB_ETH_P_IPV6 : LAB_ETH_P_IP;
		e->gso.size = (z >> 8) % (frame + 2);
		e->gso.hdr_len = (z >> 24) % (frame + 2);
		break;
	default:
		e->gso.type = (z >> 8) & 0xff;
		e->gso.size = (u16)(z >> 16);
		e->gso.hdr_len = (u16)(z >> 32);
		e->eth = (u16)(z >> 48);
		break;
	}
}

/* The device completes a buffer; a reset or deleted one completes none. */
static void vq_push_used(u32 id, u32 len, u16 nb)
{
	u32 tail;

	if (!q.vq_live || q.used_count == USED_CAP)
		return;
	tail = (q.used_head + q.used_count++) % USED_CAP;
	q.used[tail] = (struct used_elem){ .id = id, .len = len, .nb = nb,
					   .cs = dev_csum(id, len, nb) };
	dev_gso(id, len, &q.used[tail]);
	if (id < q.ring && q.desc[id])
		q.pending[id] = true;
}

static int honest_id(u32 n);
static u32 decode_len(u32 z);

/*
 * The flooding device: one more posted buffer completes, if there is one
 * without a completion already.  A reset device completes nothing.
 */
static void dev_flood(void)
{
	int id = honest_id(q.flood_pick++);

	if (id < 0 || q.stopped)
		return;
	q.flood--;
	g.floods++;
	vq_push_used((u32)id, decode_len(q.flood_len ^ (q.flood_pick << 9)),
		     q.flood_nb);
}

static void vq_reset_used(void)
{
	u32 i;

	q.used_head = q.used_count = 0;
	for (i = 0; i < q.ring; i++)
		q.pending[i] = false;
}

/* find_vqs() at probe or ifup: a new virtqueue, every descriptor free. */
static void vq_create(void)
{
	u32 i;

	CHECK(!q.vq_live, "a second virtqueue");
	q.vq_live = true;
	q.broken = false;
	q.nfree = 0;
	q.nposted = 0;
	for (i = q.ring; i--; ) {
		q.desc[i] = NULL;
		q.free_id[q.nfree++] = i;
	}
	vq_reset_used();
}

/* del_vqs() after the device reset: what it still used is gone with it. */
static void vq_del(void)
{
	CHECK(!q.nposted, "virtqueue deleted with %u buffers posted",
	      q.nposted);
	q.vq_live = false;
	q.broken = false;
	vq_reset_used();
}

/* The ledger's callbacks: what page_ref_count() and put_page() do. */
static bool cb_returned(void *page)
{
	struct fpage *f = pg(page, "reclaim: returned()");

	CHECK(in_reclaim, "returned() outside reclaim");
	CHECK(f->state == PS_STACK, "reclaim asked about page %u in %s",
	      pidx(f), pstate_name[f->state]);
	return !f->stack_ref;
}

static void cb_release(void *page)
{
	struct fpage *f = pg(page, "release()");

	if (f->state == PS_FREED || f->state == PS_ABANDONED)
		die("double free of page %u (%s)", pidx(f),
		    pstate_name[f->state]);
	if (in_abandon) {
		/*
		 * left to the stack: page_pool returns a page whose refcount
		 * is elevated at once (unmapped, out of its in-flight count),
		 * and the stack's last put frees it
		 */
		move(f, PS_STACK, PS_ABANDONED, "abandon: release()");
		pool_left[f->pool]++;
		pool_return(f);
	} else {
		CHECK(in_reclaim, "release() outside reclaim and abandon");
		CHECK(!f->stack_ref, "reclaim freed page %u the stack holds",
		      pidx(f));
		move(f, PS_STACK, PS_FREED, "reclaim: release()");
		pool_return(f);
	}
	released++;
}

/*
 * The stack drops its references to the lent pages @mask picks: bit
 * (i + @shift) % 32 for the i-th page of the lent stash.
 */
static void stack_return(u32 mask, u32 shift)
{
	u32 i;

	for (i = 0; i < q.p.lent.count; i++)
		if (mask >> ((i + shift) % 32) & 1)
			pg(q.p.lent.slot[i], "stack")->stack_ref = 0;
}

/* ---- the ledger, with the truth kept beside it ------------------------- */

static enum pstate place_state(enum lab_place where)
{
	return where == LAB_PLACE_RESERVE ? PS_RESERVE : PS_CACHE;
}

static bool stash_put(enum lab_place where, struct fpage *f)
{
	CHECK(f->state == PS_HAND, "put of page %u in %s", pidx(f),
	      pstate_name[f->state]);
	if (!lab_pages_put(&q.p, where, f))
		return false;
	check_pool(f, where == LAB_PLACE_RESERVE ? "reserved" : "cached");
	move(f, PS_HAND, place_state(where), "lab_pages_put");
	return true;
}

static struct fpage *stash_take(enum lab_place where)
{
	void *page = lab_pages_take(&q.p, where);
	struct fpage *f;

	if (!page)
		return NULL;
	f = pg(page, "lab_pages_take");
	move(f, place_state(where), PS_HAND, "lab_pages_take");
	return f;
}

static void lend(struct fpage *f)
{
	move(f, PS_HAND, PS_STACK, "lab_pages_lend");
	f->stack_ref = 1;
	lab_pages_lend(&q.p, f);
}

/*
 * lab_pages_reclaim(): pages that left the lent stash and were not freed
 * must be in the cache now, and the stack must have given them back.
 */
static u32 reclaim(u32 max_scan)
{
	static void *before[MAX_LENT];
	u32 n = q.p.lent.count, got, i, cached = 0;

	memcpy(before, q.p.lent.slot, n * sizeof(*before));
	released = 0;
	in_reclaim = true;
	got = lab_pages_reclaim(&q.p, max_scan, cb_returned, cb_release);
	in_reclaim = false;
	stamp++;
	for (i = 0; i < q.p.lent.count; i++)
		pg(q.p.lent.slot[i], "lent stash")->seen = stamp;
	for (i = 0; i < n; i++) {
		struct fpage *f = before[i];

		if (f->state != PS_STACK || f->seen == stamp)
			continue;
		CHECK(!f->stack_ref, "reclaim took back page %u the stack holds",
		      pidx(f));
		check_pool(f, "reclaimed into the cache");
		move(f, PS_STACK, PS_CACHE, "reclaim into the cache");
		cached++;
	}
	CHECK(got == cached + released && got == n - q.p.lent.count,
	      "reclaim said %u, cached %u, freed %u, lent %u -> %u", got,
	      cached, released, n, q.p.lent.count);
	return got;
}

/*
 * rx.c's full reclaim, lab_rx_reclaim(rq, rq->pages.lent.count): budget
 * room, close, and every step of the ifdown and remove waits.  It must
 * take back every page the stack returned, whatever the cursor the poll's
 * bounded scans left (this harness found that it did not, when a scan
 * from a cursor past slot 0 wrapped around: then counted in stack_at_down
 * or as a spurious drop_budget; fixed in lab_pages_reclaim()).
 */
static u32 reclaim_all(void)
{
	u32 got = reclaim(q.p.lent.count), i;
	struct fpage *f;

	for (i = 0; i < q.p.lent.count; i++) {
		f = pg(q.p.lent.slot[i], "full reclaim");
		CHECK(f->stack_ref, "full reclaim left page %u lent, returned by the stack",
		      pidx(f));
	}
	return got;
}

static u32 abandon(void)
{
	u32 n;

	released = 0;
	in_abandon = true;
	n = lab_pages_abandon(&q.p, cb_release);
	in_abandon = false;
	CHECK(n == released && !q.p.lent.count,
	      "abandon said %u, released %u, %u still lent", n, released,
	      q.p.lent.count);
	return n;
}

/* ---- driver/rx.c, call for call --------------------------------------- */

/* lab_inject_hit(&priv->fail_rx_alloc), with the contract of should_fail. */
static bool inject_hit(void)
{
	struct lab_fault before = q.fault;
	bool hit;

	if (!q.fault.probability)
		return false;
	hit = lab_fault_should_fail(&q.fault, rnd100());
	CHECK(!hit || before.times, "failure injected with times 0");
	CHECK(q.fault.injected == before.injected + hit,
	      "injected %llu -> %llu for hit %d", before.injected,
	      q.fault.injected, hit);
	CHECK(q.fault.times == before.times -
	      (hit && before.times > 0), "times %d -> %d for hit %d",
	      before.times, q.fault.times, hit);
	return hit;
}

static struct fpage *rx_alloc_page(void)
{
	struct fpage *f = page_alloc();

	if (f)
		lab_pages_note_alloc(&q.p);
	return f;
}

static void rx_keep(struct fpage *f)
{
	if (lab_pages_reserve_short(&q.p) && stash_put(LAB_PLACE_RESERVE, f))
		return;
	if (stash_put(LAB_PLACE_CACHE, f))
		return;
	page_put(f, "keep: put_page");
	lab_pages_note_free(&q.p);
}

/* lab_rx_post(); rx.c posts only where lab_rx_ring_deficit() said so. */
static int rx_post(struct fpage *f)
{
	u32 held = lab_pages_held(&q.p, LAB_PLACE_RING);
	int err;

	CHECK(!q.stopped && held < q.target,
	      "post to a ring of %u for a target of %u%s", held, q.target,
	      q.stopped ? ", device reset" : "");
	err = vq_add(f);
	if (err) {
		q.post_failed++;
		return err;
	}
	lab_pages_note_posted(&q.p);
	return 0;
}

static void rx_repost(struct fpage *f)
{
	if (rx_post(f))
		rx_keep(f);
}

/* lab_rx_ring_deficit(): how many more buffers the ring wants. */
static u32 rx_ring_deficit(void)
{
	u32 held = lab_pages_held(&q.p, LAB_PLACE_RING);

	if (held >= q.target || q.stopped)
		return 0;
	return min_u32(q.target - held, q.nfree);
}

/* lab_rx_give_back(): back to the ring if it wants one, else kept. */
static void rx_give_back(struct fpage *f)
{
	if (rx_ring_deficit())
		rx_repost(f);
	else
		rx_keep(f);
}

/*
 * lab_rx_fresh_page(): injected failures spare what the cache can serve
 * when fail_rx_alloc/recycled is 0; once the allocator said no in a
 * poll, the rest of the poll does not ask it again.
 */
static struct fpage *rx_fresh_page(struct batch *b)
{
	bool spare_cache = !q.fail_recycled;
	u32 cached = q.p.cache.count;
	struct fpage *f;

	if (!(spare_cache && q.p.cache.count) && inject_hit())
		goto fail;
	if (lab_pages_replace_source(&q.p, false) == LAB_SRC_CACHE) {
		q.counts[C_RECYCLED]++;
		f = stash_take(LAB_PLACE_CACHE);
		CHECK(f, "source said cache, the cache gave nothing");
		return f;
	}
	CHECK(!q.p.cache.count, "allocating with %u recycled pages cached",
	      q.p.cache.count);
	if (b->page_alloc_failed)
		goto fail;
	f = rx_alloc_page();
	if (f)
		return f;
	b->page_alloc_failed = true;
fail:
	CHECK(!spare_cache || !cached,
	      "recycled 0: no fresh page with %u pages cached", cached);
	q.counts[C_ALLOC_FAIL]++;
	return NULL;
}

static struct fpage *rx_replacement(struct batch *b)
{
	struct fpage *f = rx_fresh_page(b);

	if (f)
		return f;
	if (lab_pages_replace_source(&q.p, true) != LAB_SRC_RESERVE) {
		CHECK(!q.p.reserve.count, "no replacement with %u pages in the reserve",
		      q.p.reserve.count);
		return NULL;
	}
	q.counts[C_RESERVE_USED]++;
	f = stash_take(LAB_PLACE_RESERVE);
	CHECK(f, "source said reserve, the reserve gave nothing");
	return f;
}

/* struct lab_rx_frame: @copy bytes go to the skb head, @first.. are lent. */
struct frame {
	struct fpage *page[MAX_BUFS];
	u32 len[MAX_BUFS];
	u32 n;
	u32 taken;	/* buffers taken off the ring, kept or not */
	u32 first;
	u32 copy;
	struct lab_rx_csum cs;
	struct lab_rx_gso gso;
	u16 eth;
	enum lab_rx_csum_kind csum;
};

static struct fpage *rx_next_buf(u32 *len)
{
	struct fpage *f = vq_get_buf(len);

	if (!f)
		return NULL;
	lab_pages_note_completed(&q.p);
	return f;
}

/*
 * lab_rx_gather(): a frame takes what its header says, but never more
 * than the ring's size, whatever the device goes on completing; a ring
 * that runs dry first spoils the frame.  @fr->taken says how many.
 */
static int rx_gather(struct frame *fr)
{
	struct lab_rx_frame_check c;
	bool dry = false;
	struct fpage *f;
	u32 len, nbufs, i, want = 1;

	CHECK(fr->page[0]->state == PS_HAND, "header read from page %u in %s",
	      pidx(fr->page[0]), pstate_name[fr->page[0]->state]);
	nbufs = fr->page[0]->hdr_nb;
	fr->cs = fr->page[0]->hdr_cs;
	fr->gso = fr->page[0]->hdr_gso;
	fr->eth = fr->page[0]->hdr_eth;
	/* what the frame must take: its header's count, capped at the ring */
	if (q.lim.mergeable && fr->len[0] >= HDR_LEN && fr->len[0] <= BUF_LEN &&
	    nbufs > 1)
		want = min_u32(nbufs, q.ring);
	lab_rx_frame_start(&c, &q.lim, fr->len[0], nbufs);
	CHECK(c.want == want, "frame of num_buffers %u wants %u of a ring of %u",
	      nbufs, c.want, q.ring);
	while (lab_rx_frame_more(&c)) {
		f = rx_next_buf(&len);
		if (!f) {
			c.bad = true;	/* the device lied */
			dry = true;
			break;
		}
		lab_rx_frame_add(&c, &q.lim, len);
		if (lab_rx_frame_keeps(&c, &q.lim)) {
			CHECK(fr->n < q.lim.max_bufs,
			      "frame keeps buffer %u of at most %u", fr->n + 1,
			      q.lim.max_bufs);
			fr->page[fr->n] = f;
			fr->len[fr->n++] = len;
		} else {
			rx_give_back(f);
		}
	}
	fr->taken = c.seen;
	CHECK(dry ? fr->taken < want : fr->taken == want,
	      "frame took %u buffers of %u wanted%s", fr->taken, want,
	      dry ? ", the ring ran dry" : "");
	if (c.bad)
		return C_LENGTH;
	/* A good frame is one an skb can be built from without overflow. */
	CHECK(fr->len[0] >= HDR_LEN + LAB_ETH_HLEN && fr->len[0] <= BUF_LEN,
	      "good frame with first length %u", fr->len[0]);
	CHECK(q.lim.mergeable ? fr->n == nbufs : fr->n == 1,
	      "good frame of %u buffers, header said %u", fr->n, nbufs);
	CHECK(fr->n <= q.ring, "good frame of %u buffers on a ring of %u",
	      fr->n, q.ring);
	for (i = 1; i < fr->n; i++)
		CHECK(fr->len[i] && fr->len[i] <= BUF_LEN,
		      "good frame with length %u in buffer %u", fr->len[i], i);
	return C_OK;
}

/*
 * The GSO half of lab_rx_check_offload(): a GSO frame let through is one
 * of a type negotiated, over the matching protocol (or a VLAN tag), with
 * segments smaller than the frame, headers inside it and a checksum the
 * stack can trust; never without GUEST_TSO.
 */
static int rx_check_gso(const struct frame *fr, u32 frame_len)
{
	const struct lab_rx_gso *g = &fr->gso;
	u32 base = g->type & ~LAB_VNET_GSO_ECN;
	bool vlan = fr->eth == LAB_ETH_P_8021Q || fr->eth == LAB_ETH_P_8021AD;

	if (g->type == LAB_VNET_GSO_NONE)
		return C_OK;
	if (lab_rx_check_gso(g, q.guest_gso, fr->csum, frame_len, fr->eth) !=
	    LAB_RX_OK)
		return C_GSO;
	CHECK(q.guest_gso, "GSO type %#x accepted without GUEST_TSO", g->type);
	CHECK((base == LAB_VNET_GSO_TCPV4 && (q.guest_gso & LAB_GSO_OK_TCPV4) &&
	       (vlan || fr->eth == LAB_ETH_P_IP)) ||
	      (base == LAB_VNET_GSO_TCPV6 && (q.guest_gso & LAB_GSO_OK_TCPV6) &&
	       (vlan || fr->eth == LAB_ETH_P_IPV6)),
	      "GSO type %#x over %#x accepted with %#x negotiated", g->type,
	      fr->eth, q.guest_gso);
	CHECK(!(g->type & LAB_VNET_GSO_ECN) || (q.guest_gso & LAB_GSO_OK_ECN),
	      "ECN accepted without GUEST_ECN");
	CHECK(g->size && g->size < frame_len && g->hdr_len <= frame_len,
	      "gso_size %u hdr_len %u accepted for a frame of %u", g->size,
	      g->hdr_len, frame_len);
	CHECK(fr->csum != LAB_CSUM_NONE, "GSO frame accepted unchecksummed");
	return C_OK;
}

/*
 * rx.c's lab_rx_check_offload(): the checksum fields of a good frame.  A
 * partial checksum accepted must have its field in the first buffer,
 * past the Ethernet header, for lab_rx_split() to copy it to the head.
 */
static int rx_check_offload(struct frame *fr)
{
	const struct lab_rx_csum *cs = &fr->cs;
	u32 total = 0, i;

	for (i = 0; i < fr->n; i++)
		total += fr->len[i];
	if (lab_rx_check_csum(cs, q.guest_csum, total - HDR_LEN,
			      fr->len[0] - HDR_LEN, &fr->csum) != LAB_RX_OK) {
		CHECK(q.guest_csum && (cs->flags & LAB_VNET_F_NEEDS_CSUM),
		      "checksum fields refused without NEEDS_CSUM under GUEST_CSUM");
		return C_LENGTH;
	}
	CHECK(q.guest_csum || fr->csum == LAB_CSUM_NONE,
	      "checksum kind %d without GUEST_CSUM", fr->csum);
	if (fr->csum == LAB_CSUM_PARTIAL)
		CHECK(cs->start >= LAB_ETH_HLEN &&
		      lab_rx_csum_end(cs) <= fr->len[0] - HDR_LEN,
		      "partial checksum start %u offset %u in a first buffer of %u",
		      cs->start, cs->offset, fr->len[0] - HDR_LEN);
	return rx_check_gso(fr, total - HDR_LEN);
}

/* lab_rx_split(): the copybreak, extended to a partial checksum's field. */
static void rx_split(struct frame *fr)
{
	u32 len0 = fr->len[0] - HDR_LEN;

	fr->copy = min_u32(len0, COPYBREAK);
	if (fr->csum == LAB_CSUM_PARTIAL)
		fr->copy = max_u32(fr->copy, lab_rx_csum_end(&fr->cs));
	fr->first = fr->copy == len0;
	CHECK(fr->copy <= len0, "copy of %u bytes from a first buffer of %u",
	      fr->copy, len0);
}

/*
 * lab_rx_build_skb() once its head came: @copy bytes copied from the
 * first buffer, buffers @first.. as frags, each inside its buffer.
 * Returns skb->len (before eth_type_trans()).
 */
static u32 rx_build_skb(const struct frame *fr)
{
	u32 i, off, len, skb_len = fr->copy, total = 0;

	CHECK(fr->n - fr->first <= MAX_BUFS, "%u frags for an skb",
	      fr->n - fr->first);
	for (i = fr->first; i < fr->n; i++) {
		off = i ? 0 : HDR_LEN + fr->copy;
		CHECK(off < fr->len[i] && fr->len[i] <= BUF_LEN,
		      "frag %u from %u of a buffer of %u bytes", i - fr->first,
		      off, fr->len[i]);
		len = fr->len[i] - off;
		skb_len += len;
	}
	for (i = 0; i < fr->n; i++)
		total += fr->len[i];
	CHECK(skb_len == total - HDR_LEN, "skb of %u bytes for a frame of %u",
	      skb_len, total - HDR_LEN);
	return skb_len;
}

/* lab_rx_budget_room(): one full reclaim scan per poll, not per frame. */
static bool rx_budget_room(u32 n, struct batch *b)
{
	if (lab_pages_can_lend(&q.p, n))
		return true;
	if (b->budget_scanned)
		return false;
	b->budget_scanned = true;
	reclaim_all();
	return lab_pages_can_lend(&q.p, n);
}

static bool rx_replace_all(u32 n, struct fpage **repl, struct batch *b)
{
	u32 i;

	for (i = 0; i < n; i++) {
		repl[i] = rx_replacement(b);
		if (!repl[i])
			goto err_keep_replacements;
	}
	return true;

err_keep_replacements:
	while (i--)
		rx_keep(repl[i]);
	return false;
}

/* lab_rx_frame(): returns the buffers it took off the ring. */
static u32 rx_frame(struct fpage *f, u32 len, struct batch *b)
{
	struct frame fr = { .page = { f }, .len = { len }, .n = 1, .taken = 1 };
	struct fpage *repl[MAX_BUFS];
	u32 i, nlent, nrepl, skb_len;
	u64 gets = q.gets - 1;	/* the first buffer is taken already */
	int cause;

	q.frames++;
	lab_pages_note_completed(&q.p);
	cause = rx_gather(&fr);
	CHECK(fr.taken == q.gets - gets && fr.taken <= q.ring,
	      "frame says it took %u buffers, took %llu, ring %u", fr.taken,
	      q.gets - gets, q.ring);
	if (cause == C_OK)
		cause = rx_check_offload(&fr);
	if (cause != C_OK)
		goto drop;
	if (q.stopped) {
		cause = C_DOWN;
		goto drop;
	}
	rx_split(&fr);
	nlent = fr.n - fr.first;
	if (nlent && !rx_budget_room(nlent, b)) {
		cause = C_BUDGET;
		goto drop;
	}
	nrepl = min_u32(nlent, rx_ring_deficit());
	if (!rx_replace_all(nrepl, repl, b)) {
		cause = C_NO_BUFFER;
		goto drop;
	}
	/* the skb head: each frame asks (no per-poll latch, unlike pages) */
	if (mask_fail(M_SKB)) {
		for (i = 0; i < nrepl; i++)
			rx_keep(repl[i]);
		cause = C_NO_SKB;
		goto drop;
	}
	skb_len = rx_build_skb(&fr);
	for (i = 0; i < nrepl; i++)
		rx_repost(repl[i]);
	if (fr.first)
		rx_give_back(fr.page[0]);
	for (i = fr.first; i < fr.n; i++)
		lend(fr.page[i]);
	/* a lowered budget takes nothing back: it holds for what is lent */
	CHECK(!nlent || q.p.lent.count <= q.p.budget,
	      "%u pages lent for a budget of %u", q.p.lent.count, q.p.budget);
	CHECK(!fr.first || fr.page[0]->state != PS_STACK,
	      "page %u lent, its %u bytes copied whole", pidx(fr.page[0]),
	      fr.copy);
	/* lab_rx_csum_finish() failed: kfree_skb() gives the pages back */
	if (fr.csum == LAB_CSUM_PARTIAL && !b->rx_csum && mask_fail(M_CSUM)) {
		for (i = fr.first; i < fr.n; i++)
			fr.page[i]->stack_ref = 0;
		q.counts[C_NO_SKB]++;
		q.counts[C_DROPS]++;
		return fr.taken;
	}
	if (fr.csum == LAB_CSUM_PARTIAL)
		q.counts[C_NEEDS_CSUM]++;
	else if (fr.csum == LAB_CSUM_UNNECESSARY)
		q.counts[C_DATA_VALID]++;
	q.counts[C_PACKETS]++;
	q.counts[C_BYTES] += skb_len;	/* the frame, Ethernet header included */
	if (fr.gso.type != LAB_VNET_GSO_NONE) {
		q.counts[C_GSO_PACKETS]++;
		g.gso_packets++;
	}
	return fr.taken;

drop:
	q.counts[cause]++;
	g.gso_errors += cause == C_GSO;
	if (cause != C_LENGTH && cause != C_GSO)
		q.counts[C_DROPS]++;
	for (i = 0; i < fr.n; i++)
		rx_give_back(fr.page[i]);
	return fr.taken;
}

static void rx_refill(struct batch *b)
{
	struct fpage *f;

	while (rx_ring_deficit()) {
		f = rx_fresh_page(b);
		if (!f)
			break;
		if (rx_post(f)) {
			rx_keep(f);
			break;
		}
	}
	while (lab_pages_reserve_short(&q.p)) {
		f = rx_fresh_page(b);
		if (!f)
			break;
		stash_put(LAB_PLACE_RESERVE, f);	/* as rx.c: unchecked */
	}
}

/* lab_pages_set_budget(), with its contract: 1..lent capacity, else refused. */
static void set_budget(u32 v)
{
	u32 old = q.p.budget;
	bool ok = lab_pages_set_budget(&q.p, v), valid;

	valid = v >= 1 && v <= q.sizes.lent;
	CHECK(ok == valid, "set_budget(%u) of capacity %u returned %d", v,
	      q.sizes.lent, ok);
	CHECK(q.p.budget == (ok ? v : old), "budget %u after set_budget(%u)",
	      q.p.budget, v);
}

/* lab_rx_publish(): the ledger where debugfs reads it. */
static void rx_publish(void)
{
	q.view = q.p;
	q.view_poll_bufs_max = q.poll_bufs_max;
}

/*
 * What a budget-0 poll must leave as it found: everything the queue and
 * its device are (but the netpoll_polls counter).
 */
struct poll_snap {
	struct lab_pages p, view;
	u32 nstate[PS_NR], npages, nposted, nfree, used_head, used_count;
	u32 mcalls[M_NR], flood, poll_bufs_max, inflight;
	u64 counts[C_NR], frames, gets, rnd;
	struct lab_fault fault;
	bool broken;
};

static void poll_snap(struct poll_snap *sn)
{
	memset(sn, 0, sizeof(*sn));	/* padding too: compared whole */
	sn->p = q.p;
	sn->view = q.view;
	memcpy(sn->nstate, nstate, sizeof(nstate));
	sn->npages = npages;
	sn->nposted = q.nposted;
	sn->nfree = q.nfree;
	sn->used_head = q.used_head;
	sn->used_count = q.used_count;
	memcpy(sn->mcalls, q.mcalls, sizeof(q.mcalls));
	sn->flood = q.flood;
	sn->poll_bufs_max = q.poll_bufs_max;
	sn->inflight = pool_inflight[q.pool];
	memcpy(sn->counts, q.counts, sizeof(q.counts));
	sn->frames = q.frames;
	sn->gets = q.gets;
	sn->rnd = q.rnd;
	sn->fault = q.fault;
	sn->broken = q.broken;
}

/*
 * lab_rx_poll(): netpoll's budget-0 polls do no RX work at all; other
 * polls count buffers against the budget, so one that ends on a frame of
 * many buffers takes at most budget - 1 + ring of them.  Returns what
 * the poll returns to NAPI: the budget when it is used up (NAPI polls
 * again), else the work done, NAPI completed.
 */
static int rx_poll(u32 budget)
{
	struct batch b = { .rx_csum = q.rx_csum };
	u64 post_failed = q.post_failed, down = q.counts[C_DOWN];
	u64 gets = q.gets;
	u32 done = 0, len, posted = q.nposted, bound = budget - 1 + q.ring;
	struct poll_snap before, after;
	struct fpage *f;

	CHECK(q.up && q.vq_live && !q.stopped, "poll of a queue not up");
	if (!budget) {
		poll_snap(&before);
		q.netpoll_polls++;	/* LAB_RXQ_netpoll_polls */
		g.netpoll_polls++;
		poll_snap(&after);
		CHECK(!memcmp(&before, &after, sizeof(before)),
		      "a budget-0 poll changed the queue");
		TRACE("#   netpoll poll: nothing done\n");
		return 0;
	}
	set_budget(q.rq_budget);
	reclaim(q.scan);
	while (done < budget && (f = vq_get_buf(&len)) != NULL)
		done += rx_frame(f, len, &b);
	rx_refill(&b);
	q.poll_bufs_max = max_u32(q.poll_bufs_max, done);
	rx_publish();
	TRACE("#   poll: %u buffers of budget %u, ring %u of %u\n", done, budget,
	      q.nposted, q.target);
	CHECK(done == q.gets - gets, "poll counted %u buffers, took %llu", done,
	      q.gets - gets);
	CHECK(done <= bound, "poll of budget %u took %u buffers, ring %u",
	      budget, done, q.ring);
	/*
	 * The design's promise: a poll leaves the ring as full as it found
	 * it, or at its target if that is lower now; only a failed post
	 * ever leaves it below.
	 */
	CHECK(q.nposted >= min_u32(posted, q.target) ||
	      q.post_failed != post_failed,
	      "the ring shrank from %u to %u in a poll (target %u)", posted,
	      q.nposted, q.target);
	CHECK(q.counts[C_DOWN] == down, "drop_down in a poll");
	g.polls++;
	if (done > g.bufs_max) {
		g.bufs_max = done;
		g.bufs_max_bound = bound;
	}
	g.at_bound += done == bound;
	if (done >= budget && done - (budget - 1) > g.over_max) {
		g.over_max = done - (budget - 1);
		g.over_ring = q.ring;
	}
	if (done >= budget) {
		q.polls_over++;
		return (int)budget;	/* not completed: NAPI polls again */
	}
	return (int)done;		/* lab_napi_complete() */
}

static int rx_stock(struct fpage *f, bool to_ring)
{
	int err = 0;

	lab_pages_note_alloc(&q.p);
	if (to_ring)
		err = rx_post(f);
	else if (!stash_put(LAB_PLACE_RESERVE, f))
		err = -28;
	if (err)
		rx_keep(f);
	return err;
}

/*
 * lab_rx_fill(): every lent page the stack returned taken back, cached
 * pages to the ring, fresh ones to reserve and ring.
 */
static void rx_fill(void)
{
	struct fpage *f;

	reclaim_all();
	while (rx_ring_deficit() && (f = stash_take(LAB_PLACE_CACHE)) != NULL) {
		if (rx_post(f)) {
			rx_keep(f);
			break;
		}
	}
	while (lab_pages_reserve_short(&q.p)) {
		f = page_alloc();
		if (!f || rx_stock(f, false))
			break;
	}
	while (rx_ring_deficit()) {
		f = page_alloc();
		if (!f || rx_stock(f, true))
			break;
	}
	rx_publish();
}

/* lab_rx_start(): napi_enable(), and the poll it schedules runs once. */
static void rx_start(void)
{
	q.up = true;
	rx_poll(NAPI_WEIGHT);
}

/* lab_rxq_open(): the pool is made at the first open only. */
static int rxq_open(void)
{
	if (!q.pool) {
		CHECK(npools + 1 < MAX_POOLS, "pool %u", npools + 1);
		q.pool = ++npools;
		TRACE("#   page_pool %u made\n", q.pool);
	}
	q.stopped = false;
	rx_fill();
	if (!lab_pages_held(&q.p, LAB_PLACE_RING))
		return -12;
	rx_start();
	return 0;
}

/* lab_rxq_set_ring(), once ethtool accepted @target. */
static void rxq_set_ring(u32 target)
{
	q.ring_hw = max_u32(target, lab_pages_held(&q.p, LAB_PLACE_RING));
	if (!q.up) {
		q.target = target;
		return;
	}
	/* napi_disable(): no poll until lab_rx_start() */
	q.target = target;
	rx_fill();
	rx_start();
}

static void rxq_close(void)
{
	q.up = false;		/* napi_disable */
	reclaim_all();
	rx_publish();
}

static void rx_drain(enum lab_place where)
{
	struct fpage *f;

	while ((f = stash_take(where)) != NULL) {
		page_put(f, "drain: put_page");
		lab_pages_note_free(&q.p);
	}
}

/*
 * lab_rx_release_step(): lab_rx_free_held() (posted pages, returned lent
 * ones, the cache and the reserve back to the pool); returns the pages
 * still lent.
 */
static u32 rx_release_step(void)
{
	u32 id;

	for (id = 0; q.vq_live && id < q.ring; id++) {	/* detach_unused_buf */
		struct fpage *f = q.desc[id];

		if (!f)
			continue;
		vq_free_desc(id);
		move(f, PS_RING, PS_HAND, "detach_unused_buf");
		lab_pages_note_completed(&q.p);
		page_put(f, "release: put_page");
		lab_pages_note_free(&q.p);
	}
	reclaim_all();
	rx_drain(LAB_PLACE_CACHE);
	rx_drain(LAB_PLACE_RESERVE);
	rx_publish();
	return q.p.lent.count;
}

/*
 * lab_rx_wait_lent() at remove: release steps until nothing is lent or
 * @steps sleeps are over; during each sleep the stack gives back the
 * pages @give_back picks.  Returns the pages still lent.
 */
static u32 rx_wait_lent(u32 steps, u32 give_back)
{
	u32 step = 0, left;

	while ((left = rx_release_step()) && step < steps)
		stack_return(give_back, step++);
	return left;
}

/*
 * lab_rxq_down(), the device reset: the completions no poll saw are
 * frames dropped as drop_down (or length errors), then one release step,
 * no wait: every posted buffer, the cache and the reserve go back to the
 * pool, and so do the lent pages the stack returned; those it still holds
 * stay lent, counted in stack_at_down.
 */
static void rxq_down(void)
{
	struct batch b = { .rx_csum = q.rx_csum };
	u64 frames = q.frames,
	    dropped = q.counts[C_DOWN] + q.counts[C_LENGTH] + q.counts[C_GSO];
	u32 len, left, i, lent;
	struct fpage *f;

	q.stopped = true;
	while ((f = vq_get_buf(&len)) != NULL)
		rx_frame(f, len, &b);
	CHECK(q.broken || !q.used_count, "%u completions unseen at ifdown",
	      q.used_count);
	CHECK(q.frames - frames ==
	      q.counts[C_DOWN] + q.counts[C_LENGTH] + q.counts[C_GSO] - dropped,
	      "a frame at ifdown neither drop_down nor a length or GSO error");
	lent = q.p.lent.count;
	left = rx_release_step();
	q.counts[C_STACK_AT_DOWN] += left;
	CHECK(!q.nposted && !q.p.cache.count && !q.p.reserve.count &&
	      left == q.p.lent.count && left <= lent,
	      "after ifdown: %u posted, %u cached, %u reserved, %u of %u lent",
	      q.nposted, q.p.cache.count, q.p.reserve.count, q.p.lent.count,
	      left);
	for (i = 0; i < q.p.lent.count; i++)
		CHECK(pg(q.p.lent.slot[i], "stack_at_down")->stack_ref,
		      "page %u counted in stack_at_down, returned by the stack",
		      pidx(q.p.lent.slot[i]));
}

/*
 * ndo_stop: lab_rxq_close(); meanwhile the stack may give back the pages
 * @give_back picks; the device reset (a flooding device stops with it),
 * lab_rxq_down(), del_vqs.  The pool stays.
 */
static void rxq_stop(u32 give_back)
{
	u32 pool_before = q.pool;

	rxq_close();
	stack_return(give_back, 0);
	q.flood = 0;
	rxq_down();
	vq_del();
	CHECK(q.pool == pool_before, "pool %u at ifdown, %u after", pool_before,
	      q.pool);
}

/*
 * lab_rxq_release() at remove, the device reset: the wait, then every
 * page still lent left to the stack (counted, no WARN).
 */
static void rxq_release(u32 steps, u32 give_back)
{
	u32 left, n;

	left = rx_wait_lent(steps, give_back);
	if (!left)
		return;
	n = abandon();
	CHECK(n == left, "%u pages lent, %u left to the stack", left, n);
	rx_publish();
	q.left_to_stack += n;	/* atomic_add(&lab_pages_left_to_stack) */
	g.left_to_stack += n;
	TRACE("#   release: %u pages left to the stack\n", n);
}

/* ---- the checks after every event -------------------------------------- */

/* @mine: how many of the stash's pages are of the queue's pool */
static u32 check_stash(const struct lab_stash *s, enum pstate st,
		       const char *name, u32 *mine)
{
	u32 i;

	CHECK(s->count <= s->cap, "%s holds %u of %u", name, s->count, s->cap);
	for (i = 0; i < s->count; i++) {
		struct fpage *f = pg(s->slot[i], name);

		CHECK(f->state == st, "page %u in the %s is in %s", pidx(f),
		      name, pstate_name[f->state]);
		CHECK(f->seen != stamp, "page %u in two places (%s)", pidx(f),
		      name);
		f->seen = stamp;
		if (st != PS_STACK)
			check_pool(f, name);
		*mine += f->pool == q.pool;
	}
	return s->count;
}

/*
 * What lab_rxq_read_pages() returns is the ledger as the last poll or
 * process-context step left it: every path that changes the ledger ends
 * with lab_rx_publish().  (The page budget is left out: ev_budget()
 * writes it directly, to test lab_pages_set_budget(), where the driver
 * only writes rq->budget.)
 */
static void check_view(void)
{
	const struct lab_pages *v = &q.view, *p = &q.p;

	CHECK(v->allocated == p->allocated && v->freed == p->freed &&
	      v->leaked == p->leaked &&
	      !memcmp(v->moved_in, p->moved_in, sizeof(p->moved_in)) &&
	      !memcmp(v->moved_out, p->moved_out, sizeof(p->moved_out)) &&
	      v->cache.count == p->cache.count &&
	      v->reserve.count == p->reserve.count &&
	      v->lent.count == p->lent.count,
	      "debugfs's copy of the ledger is stale: allocated %llu/%llu, freed %llu/%llu, lent %u/%u",
	      v->allocated, p->allocated, v->freed, p->freed, v->lent.count,
	      p->lent.count);
	CHECK(q.view_poll_bufs_max == q.poll_bufs_max,
	      "debugfs's poll_bufs_max %u, the queue's %u",
	      q.view_poll_bufs_max, q.poll_bufs_max);
}

/* Every frame is counted once: as a packet or in one cause. */
static void check_counts(void)
{
	const u64 *c = q.counts;
	u64 drops = c[C_NO_BUFFER] + c[C_BUDGET] + c[C_NO_SKB] + c[C_DOWN];

	CHECK(q.frames == c[C_PACKETS] + drops + c[C_LENGTH] + c[C_GSO],
	      "%llu frames, %llu packets, %llu drops, %llu length errors, %llu GSO errors",
	      q.frames, c[C_PACKETS], drops, c[C_LENGTH], c[C_GSO]);
	CHECK(c[C_GSO_PACKETS] <= c[C_PACKETS], "%llu GSO of %llu packets",
	      c[C_GSO_PACKETS], c[C_PACKETS]);
	CHECK(c[C_DROPS] == drops, "drops %llu, by cause %llu", c[C_DROPS],
	      drops);
	CHECK(c[C_NEEDS_CSUM] + c[C_DATA_VALID] <= c[C_PACKETS],
	      "%llu needs_csum + %llu data_valid of %llu packets",
	      c[C_NEEDS_CSUM], c[C_DATA_VALID], c[C_PACKETS]);
}

/*
 * The ring holds no more than its target, or than it held when its
 * target shrank; from there it only goes down (ring_hw follows it).
 */
static void check_ring(void)
{
	u32 held = lab_pages_held(&q.p, LAB_PLACE_RING);

	CHECK(q.target >= 1 && q.target <= q.ring, "ring target %u of %u",
	      q.target, q.ring);
	CHECK(held <= q.ring_hw, "ring of %u above %u (target %u)", held,
	      q.ring_hw, q.target);
	q.ring_hw = max_u32(q.target, held);
	CHECK(!(q.vq_live && q.stopped), "stopped with a live virtqueue");
	CHECK(q.vq_live || !q.nposted, "%u posted without a virtqueue",
	      q.nposted);
	CHECK(!q.up || q.vq_live, "up without a virtqueue");
}

static void check_all(void)
{
	u32 i, n = 0, live, gone, mine = 0;

	CHECK(lab_pages_balanced(&q.p), "ledger not balanced");
	CHECK(!nstate[PS_HAND], "%u pages left in hand", nstate[PS_HAND]);
	CHECK(lab_pages_held(&q.p, LAB_PLACE_RING) == q.nposted,
	      "ledger ring %u, virtqueue %u", lab_pages_held(&q.p, LAB_PLACE_RING),
	      q.nposted);
	CHECK(q.nposted + q.nfree == q.ring, "virtqueue %u posted + %u free",
	      q.nposted, q.nfree);
	stamp++;
	for (i = 0; i < q.ring; i++) {
		struct fpage *f = q.desc[i];

		if (!f)
			continue;
		CHECK(f->state == PS_RING, "page %u on the ring is in %s",
		      pidx(f), pstate_name[f->state]);
		CHECK(f->seen != stamp, "page %u posted twice", pidx(f));
		f->seen = stamp;
		check_pool(f, "on the ring");
		mine++;
		n++;
	}
	CHECK(n == q.nposted, "%u descriptors in use, %u posted", n, q.nposted);
	n += check_stash(&q.p.reserve, PS_RESERVE, "reserve", &mine);
	n += check_stash(&q.p.cache, PS_CACHE, "cache", &mine);
	n += check_stash(&q.p.lent, PS_STACK, "lent stash", &mine);
	live = nstate[PS_RING] + nstate[PS_RESERVE] + nstate[PS_CACHE] +
	       nstate[PS_STACK];
	CHECK(n == live, "%u pages placed, %u owned", n, live);
	CHECK(q.pool || !n, "%u pages owned with no pool", n);
	CHECK(!q.pool || pool_inflight[q.pool] == mine,
	      "pool %u: %u in flight, the queue owns %u of its pages",
	      q.pool, pool_inflight[q.pool], mine);
	CHECK(q.left_to_stack == nstate[PS_ABANDONED] &&
	      q.p.leaked == nstate[PS_ABANDONED] - q.base_abandoned,
	      "%u pages left to the stack, %u abandoned", q.left_to_stack,
	      nstate[PS_ABANDONED]);
	gone = nstate[PS_FREED] + nstate[PS_ABANDONED] - q.base_gone;
	CHECK(q.p.allocated == npages - q.base_pages && q.p.freed == gone &&
	      q.p.leaked == nstate[PS_ABANDONED] - q.base_abandoned,
	      "ledger allocated %llu freed %llu leaked %llu, truth %u %u %u",
	      q.p.allocated, q.p.freed, q.p.leaked, npages - q.base_pages,
	      gone, nstate[PS_ABANDONED] - q.base_abandoned);
	CHECK(q.p.budget >= 1 && q.p.budget <= q.sizes.lent,
	      "budget %u of capacity %u", q.p.budget, q.sizes.lent);
	CHECK(q.fault.probability <= LAB_FAULT_PROBABILITY_MAX &&
	      q.fault.interval >= 1 && q.fault.times >= -1,
	      "fault attributes out of range: %u %u %d", q.fault.probability,
	      q.fault.interval, q.fault.times);
	check_counts();
	check_ring();
	check_view();
}

/* ---- setup and teardown ------------------------------------------------ */

static const uint8_t *in;
static size_t in_len, in_pos;

static uint8_t get8(void)
{
	return in_pos < in_len ? in[in_pos++] : 0;
}

/* Probe: lab_rxq_init(), and what probe sets up around the queue. */
static void rxq_init(void)
{
	size_t n = q.sizes.cache + q.sizes.reserve + q.sizes.lent;

	q.slots = malloc(n * sizeof(*q.slots));	/* exact: ASan sees overruns */
	if (!q.slots)
		abort();
	lab_pages_init(&q.p, q.slots, &q.sizes);
	q.target = q.ring;
	q.ring_hw = q.ring;
	q.rq_budget = BUDGET_DEFAULT_RINGS * q.ring;
	lab_pages_set_budget(&q.p, q.rq_budget);
	lab_fault_init(&q.fault);
	q.fail_recycled = 1;
	q.rx_csum = q.guest_csum;
	q.up = false;
	q.stopped = false;
	q.pool = 0;		/* made at the first open */
	q.poll_bufs_max = 0;
	q.flood = 0;
	vq_create();
	q.base_pages = npages;
	q.base_gone = nstate[PS_FREED] + nstate[PS_ABANDONED];
	q.base_abandoned = nstate[PS_ABANDONED];
	rx_publish();		/* rq->view.pages = rq->pages */
}

/* ndo_open: lab_device_up() (a new virtqueue after ifdown), lab_rxq_open(). */
static void rxq_ifup(void)
{
	int err;

	if (!q.vq_live)
		vq_create();
	err = rxq_open();
	TRACE("#   open: %d, ring %u of %u\n", err, q.nposted, q.target);
}

/*
 * Remove: ndo_stop when up (the stack giving back the pages @down_give_back
 * picks meanwhile), the device reset (nothing more completes),
 * lab_rxq_release() (its wait: @steps, during each the stack gives back
 * the pages @give_back picks), del_vqs, lab_rxq_fini(): the pool goes,
 * with nothing in flight (pages left to the stack were let go).
 */
static void rxq_teardown(u32 down_give_back, u32 steps, u32 give_back)
{
	if (q.up)
		rxq_stop(down_give_back);
	q.flood = 0;
	rxq_release(steps, give_back);
	if (q.vq_live)
		vq_del();
	check_all();
	CHECK(!q.nposted && !q.p.cache.count && !q.p.reserve.count &&
	      !q.p.lent.count, "queue still owns pages after release");
	CHECK(q.p.allocated == q.p.freed, "released: allocated %llu freed %llu",
	      q.p.allocated, q.p.freed);
	if (q.pool) {
		/* lab_rx_pool_destroy() */
		CHECK(!pool_inflight[q.pool],
		      "page_pool_destroy() of pool %u: %u pages in flight, %u left to the stack",
		      q.pool, pool_inflight[q.pool], pool_left[q.pool]);
		TRACE("#   page_pool %u destroyed, %u pages left to the stack\n",
		      q.pool, pool_left[q.pool]);
		q.pool = 0;
	}
	free(q.slots);
	q.slots = NULL;
}

/* ---- events -------------------------------------------------------------- */

enum {
	EV_COMPLETE,		/* an honest device uses one posted buffer */
	EV_COMPLETE_FRAME,	/* ... a whole merged frame */
	EV_COMPLETE_RAW,	/* a device reports any id 0..255 */
	EV_COMPLETE_WIDE,	/* ... any 32-bit id */
	EV_FLOOD,		/* a device uses buffers as they are posted */
	EV_POLL,		/* x >= 240: netpoll's budget 0 */
	EV_STACK,		/* the stack gives pages back */
	EV_MASK,		/* allocator, post, skb, checksum failures */
	EV_FAULT,		/* write a fail_rx_alloc attribute */
	EV_KNOB,		/* fail_rx_alloc/recycled, ethtool -K rx */
	EV_BUDGET,		/* write the page budget */
	EV_RING,		/* ethtool -G rx */
	EV_IFDOWN,
	EV_IFUP,
	EV_TEARDOWN,		/* remove and probe again */
	EV_NR,
};

/*
 * The op byte picks an event by range, so that random bytes make mostly
 * traffic: completions and polls, now and then a knob, rarely a teardown.
 */
static const uint8_t ev_end[EV_NR] = {
	[EV_COMPLETE] = 36, [EV_COMPLETE_FRAME] = 76, [EV_COMPLETE_RAW] = 94,
	[EV_COMPLETE_WIDE] = 102, [EV_FLOOD] = 110, [EV_POLL] = 150,
	[EV_STACK] = 174,
	[EV_MASK] = 188, [EV_FAULT] = 200, [EV_KNOB] = 208, [EV_BUDGET] = 218,
	[EV_RING] = 230, [EV_IFDOWN] = 239, [EV_IFUP] = 248,
};

static int decode_op(uint8_t b)
{
	int op = 0;

	while (op < EV_TEARDOWN && b >= ev_end[op])
		op++;
	return op;
}

static const char * const ev_name[EV_NR] = {
	"complete", "complete_frame", "complete_raw", "complete_wide",
	"flood", "poll", "stack", "mask", "fault", "knob", "budget", "ring",
	"ifdown", "ifup", "teardown",
};

/* A used length: the boundaries often, otherwise anything. */
static u32 decode_len(u32 z)
{
	static const u32 special[20] = {
		0, 1, HDR_LEN - 1, HDR_LEN, HDR_LEN + LAB_ETH_HLEN - 1,
		HDR_LEN + LAB_ETH_HLEN, HDR_LEN + 60, HDR_LEN + COPYBREAK - 1,
		HDR_LEN + COPYBREAK, HDR_LEN + COPYBREAK + 1, HDR_LEN + 1514,
		BUF_LEN - 1, BUF_LEN, BUF_LEN + 1, 4096, 0xffff, 0x10000,
		0x7fffffff, 0xffffffff, HDR_LEN + 2 * COPYBREAK,
	};
	u32 sel = z >> 24;

	if (sel < 20)
		return special[sel];
	if (sel < 36)
		return z;
	return (z & 0xffffff) % (BUF_LEN + 64);
}

static long long decode_fault_value(u16 y, u32 z)
{
	static const long long special[14] = {
		-0x7fffffffffffffffLL - 1, -0x80000001LL, -2, -1, 0, 1, 2, 50,
		99, 100, 101, 0x7fffffff, 0x80000000LL, 0x7fffffffffffffffLL,
	};

	if ((y & 0xf) < 14)
		return special[y & 0xf];
	return (int32_t)z;
}

/* The n-th posted buffer without a completion in the used ring, if any. */
static int honest_id(u32 n)
{
	u32 cand = 0, id;

	for (id = 0; id < q.ring; id++)
		cand += q.desc[id] && !q.pending[id];
	if (!cand)
		return -1;
	n %= cand;
	for (id = 0; id < q.ring; id++)
		if (q.desc[id] && !q.pending[id] && !n--)
			return (int)id;
	return -1;
}

static void ev_fault(uint8_t x, u16 y, u32 z)
{
	enum lab_fault_knob knob = (enum lab_fault_knob)(x % 6);
	long long v = decode_fault_value(y, z);
	struct lab_fault before = q.fault;
	bool ok = lab_fault_set(&q.fault, knob, v), valid;

	switch (knob) {
	case LAB_FAULT_PROBABILITY:
		valid = v >= 0 && v <= LAB_FAULT_PROBABILITY_MAX;
		break;
	case LAB_FAULT_INTERVAL:
		valid = v >= 1 && v <= LAB_FAULT_LIMIT;
		break;
	case LAB_FAULT_TIMES:
		valid = v >= -1 && v <= LAB_FAULT_LIMIT;
		break;
	default:
		valid = false;	/* injected is read-only; the rest unknown */
	}
	TRACE("#   fault knob %d = %lld: %s\n", knob, v, ok ? "set" : "refused");
	CHECK(ok == valid, "lab_fault_set(%d, %lld) returned %d", knob, v, ok);
	if (!ok)
		CHECK(!memcmp(&before, &q.fault, sizeof(before)),
		      "a refused lab_fault_set() changed the attributes");
	else
		CHECK(lab_fault_get(&q.fault, knob) == v,
		      "lab_fault_get(%d) = %lld after setting %lld", knob,
		      lab_fault_get(&q.fault, knob), v);
	CHECK(lab_fault_get(&q.fault, LAB_FAULT_INJECTED) ==
	      (long long)q.fault.injected, "injected reads %lld, is %llu",
	      lab_fault_get(&q.fault, LAB_FAULT_INJECTED), q.fault.injected);
	CHECK(knob < LAB_FAULT_NKNOBS || lab_fault_get(&q.fault, knob) == -1,
	      "lab_fault_get(%d) of no attribute read %lld", knob,
	      lab_fault_get(&q.fault, knob));
	q.rnd ^= (u64)z << 17 | y;
}

/*
 * x odd: ethtool -K rx (rx-checksumming; a feature only with GUEST_CSUM),
 * which the next poll reads; even: debugfs fail_rx_alloc/recycled.
 */
static void ev_knob(u32 x, u32 z)
{
	if (x & 1)
		q.rx_csum = q.guest_csum && (z & 1);
	else
		q.fail_recycled = z & 1;
	TRACE("#   rx_csum %d fail_recycled %u\n", q.rx_csum, q.fail_recycled);
}

static void ev_budget(uint8_t x, u16 y)
{
	u32 v;

	switch (x % 8) {
	case 0:
		v = 0;
		break;
	case 1:
		v = 1;
		break;
	case 2:
		v = q.ring;
		break;
	case 3:
		v = q.sizes.lent;
		break;
	case 4:
		v = q.sizes.lent + 1;
		break;
	case 5:
		v = 0xffffffffu;
		break;
	default:
		v = y;
		break;
	}
	TRACE("#   budget %u (capacity %u)\n", v, q.sizes.lent);
	set_budget(v);		/* a direct write, with its contract */
	q.rq_budget = v;	/* what the next poll applies */
}

/*
 * ethtool -G rx: the ethtool core refuses more than rx_max_pending (the
 * virtqueue's size), lab_set_ringparam() less than LAB_RX_RING_MIN.
 */
static void ev_ring(u32 x, u16 y)
{
	u32 v;

	switch (x % 8) {
	case 0:
		v = 0;
		break;
	case 1:
		v = RING_MIN - 1;
		break;
	case 2:
		v = RING_MIN;
		break;
	case 3:
		v = q.ring;
		break;
	case 4:
		v = q.ring + 1;
		break;
	case 5:
		v = 0xffffffffu;
		break;
	default:
		v = y % (MAX_RING + 2);
		break;
	}
	if (v > q.ring || v < RING_MIN) {
		TRACE("#   ring %u of %u: refused\n", v, q.ring);
		return;
	}
	rxq_set_ring(v);
	TRACE("#   ring target %u: %u posted\n", v, q.nposted);
	CHECK(q.target == v, "ring target %u after setting %u", q.target, v);
}

static void ev_stack(uint8_t x, u16 y, u32 z)
{
	u32 n = q.p.lent.count;

	if (!n)
		return;
	switch (x % 3) {
	case 0:			/* one page, any of them */
		pg(q.p.lent.slot[y % n], "stack")->stack_ref = 0;
		break;
	case 1:			/* all of them */
		stack_return(~0u, 0);
		break;
	default:		/* a pattern over them */
		stack_return(z, y);
	}
}

/*
 * An honest merged frame of 1 + x % 48 buffers; z bit 0 makes its first
 * buffer one the copybreak takes whole (up to COPYBREAK + 1 bytes).
 */
static void ev_complete_frame(uint8_t x, u16 y, u32 z)
{
	u32 n = 1 + x % 48, i, len;
	int id;

	for (i = 0; i < n; i++) {
		id = honest_id(y + i);
		if (id < 0)
			return;
		if (i)
			len = 1 + (z >> (i % 16)) % BUF_LEN;
		else if (z & 1)
			len = HDR_LEN + LAB_ETH_HLEN +
			      (z >> 1) % (COPYBREAK + 2 - LAB_ETH_HLEN);
		else
			len = HDR_LEN + LAB_ETH_HLEN +
			      z % (BUF_LEN - HDR_LEN - LAB_ETH_HLEN + 1);
		vq_push_used((u32)id, len, (u16)n);
	}
}

/*
 * A device that, from now on, completes one more posted buffer each time
 * the driver finds nothing completed, for (x / 8 + 1) rings' worth of
 * buffers; each says num_buffers 65,535, the ring's size, one more, the
 * most an skb holds, one more, 0, or y (x % 8), and has a length from z.
 * With 65,535 one frame's gather would last as long as the device
 * goes on, but for the ring's size capping it.
 */
static void ev_flood(uint8_t x, u16 y, u32 z)
{
	static const char * const what[8] = {
		"65535", "ring", "ring + 1", "max_bufs", "max_bufs + 1", "0",
		"y", "y",
	};
	u32 nb;

	switch (x % 8) {
	case 0:
		nb = 0xffff;
		break;
	case 1:
		nb = q.ring;
		break;
	case 2:
		nb = q.ring + 1;
		break;
	case 3:
		nb = q.lim.max_bufs;
		break;
	case 4:
		nb = q.lim.max_bufs + 1;
		break;
	case 5:
		nb = 0;
		break;
	default:
		nb = y;
		break;
	}
	q.flood = (x / 8u + 1) * q.ring;
	q.flood_nb = (u16)nb;
	q.flood_len = z;
	q.flood_pick = y;
	TRACE("#   flood: %u buffers of num_buffers %u (%s)\n", q.flood, nb,
	      what[x % 8]);
}

static void run_event(uint8_t op, uint8_t x, u16 y, u32 z)
{
	int id;

	TRACE("# %u %s x=%u y=%u z=%#x\n", ev, ev_name[op], x, y, z);
	switch (op) {
	case EV_COMPLETE:
		id = honest_id(x);
		if (id >= 0)
			vq_push_used((u32)id, decode_len(z), y);
		break;
	case EV_COMPLETE_FRAME:
		ev_complete_frame(x, y, z);
		break;
	case EV_COMPLETE_RAW:
		vq_push_used(x, decode_len(z), y);
		break;
	case EV_COMPLETE_WIDE:
		vq_push_used(z, decode_len((u32)y << 16 | y), x);
		break;
	case EV_FLOOD:
		ev_flood(x, y, z);
		break;
	case EV_POLL:
		if (q.up)
			rx_poll(x >= 240 ? 0 : 1 + x % NAPI_WEIGHT);
		break;
	case EV_STACK:
		ev_stack(x, y, z);
		break;
	case EV_MASK:
		q.mask[x % M_NR] = z;
		break;
	case EV_FAULT:
		ev_fault(x, y, z);
		break;
	case EV_KNOB:
		ev_knob(x, z);
		break;
	case EV_BUDGET:
		ev_budget(x, y);
		break;
	case EV_RING:
		ev_ring(x, y);
		break;
	case EV_IFDOWN:
		if (q.up) {
			rxq_stop(z);
			TRACE("#   down: %llu drop_down, %u still lent\n",
			      q.counts[C_DOWN], q.p.lent.count);
		}
		break;
	case EV_IFUP:
		if (!q.up)
			rxq_ifup();
		break;
	case EV_TEARDOWN:
		rxq_teardown((u32)y * 0x10001u, x % RELEASE_STEPS, z);
		rxq_init();	/* probe again, and up */
		check_all();
		rxq_ifup();
		break;
	}
	check_all();
}

/* At exit: what every input of the process did, for a campaign's figures. */
static void summary(void)
{
	fprintf(stderr,
		"fuzz_rx: %llu inputs, %llu polls (%llu budget 0, netpoll), %llu flood completions; poll_bufs_max %u (bound %u); closest to the bound: %u buffers past budget - 1 at ring %u, %llu polls at it; %llu pages left to the stack; GSO frames %llu delivered, %llu refused\n",
		g.inputs, g.polls, g.netpoll_polls, g.floods, g.bufs_max,
		g.bufs_max_bound, g.over_max, g.over_ring, g.at_bound,
		g.left_to_stack, g.gso_packets, g.gso_errors);
}

/*
 * Configuration bytes: ring size 1..64; bit 0 mergeable, bit 2 GUEST_CSUM
 * (bit 1 unused); most buffers per frame 1..45; cache 0..128; reserve
 * 0..16; page budget capacity 1..8 rings; reclaim scan 1..256; a seed.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t c[8];
	u32 i;

	if (trace < 0) {
		trace = getenv("LAB_FUZZ_TRACE") != NULL;
		atexit(summary);
	}
	g.inputs++;
	in = data;
	in_len = size;
	in_pos = 0;
	memset(pool, 0, npages * sizeof(*pool));
	memset(nstate, 0, sizeof(nstate));
	memset(&q, 0, sizeof(q));
	memset(pool_inflight, 0, (npools + 1) * sizeof(*pool_inflight));
	memset(pool_left, 0, (npools + 1) * sizeof(*pool_left));
	npools = 0;
	npages = 0;
	ev = 0;
	for (i = 0; i < 8; i++)
		c[i] = get8();
	q.ring = 1 + c[0] % MAX_RING;
	q.lim = (struct lab_rx_limits){
		.hdr_len = HDR_LEN, .buf_len = BUF_LEN,
		.max_bufs = 1 + c[2] % MAX_BUFS, .ring = q.ring,
		.mergeable = c[1] & 1,
	};
	q.guest_csum = c[1] & 4;
	/* lab_validate(): no GUEST_TSO without GUEST_CSUM and MRG_RXBUF */
	q.guest_gso = (c[1] & 8) && q.guest_csum && q.lim.mergeable ?
		      LAB_GSO_OK_TCPV4 | LAB_GSO_OK_TCPV6 | LAB_GSO_OK_ECN : 0;
	q.sizes = (struct lab_pages_sizes){
		.cache = c[3] % (MAX_CACHE + 1),
		.reserve = c[4] % (MAX_RESERVE + 1),
		.lent = q.ring * (1 + c[5] % BUDGET_RINGS),
	};
	q.scan = 1 + c[6];
	q.rnd = c[7];
	TRACE("# ring %u mergeable %d guest_csum %d guest_gso %#x max_bufs %u cache %u reserve %u lent %u scan %u\n",
	      q.ring, q.lim.mergeable, q.guest_csum, q.guest_gso, q.lim.max_bufs,
	      q.sizes.cache, q.sizes.reserve, q.sizes.lent, q.scan);
	rxq_init();
	check_all();

	/* The interface comes up first, as after probe. */
	ev = 1;
	rxq_ifup();
	check_all();
	while (in_pos + 8 <= in_len) {
		uint8_t op = get8(), x = get8();
		u16 y = get8();
		u32 z;

		y |= (u16)get8() << 8;
		z = get8();
		z |= (u32)get8() << 8;
		z |= (u32)get8() << 16;
		z |= (u32)get8() << 24;
		ev++;
		run_event(decode_op(op), x, y, z);
	}
	ev++;
	TRACE("# %u end: frames %llu packets %llu length_errors %llu budget %llu no_buffer %llu\n",
	      ev, q.frames, q.counts[C_PACKETS], q.counts[C_LENGTH],
	      q.counts[C_BUDGET], q.counts[C_NO_BUFFER]);
	TRACE("#   no_skb %llu down %llu stack_at_down %llu bad_ring %llu\n",
	      q.counts[C_NO_SKB], q.counts[C_DOWN], q.counts[C_STACK_AT_DOWN],
	      q.bad_ring);
	TRACE("#   poll_bufs_max %u (bound %u), %llu polls used their budget\n",
	      q.poll_bufs_max, NAPI_WEIGHT - 1 + q.ring, q.polls_over);
	TRACE("#   netpoll polls %llu, pages left to the stack %u\n",
	      q.netpoll_polls, q.left_to_stack);
	rxq_teardown(0, 0, 0);
	return 0;
}
