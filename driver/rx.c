// SPDX-License-Identifier: GPL-2.0
/*
 * RX: the NAPI poll, replace-or-drop, skb building, refill and kick.
 *
 * Context: everything here runs in the queue's NAPI poll (softirq) unless
 * its comment says "process context"; those run only while NAPI is
 * disabled, so the poll is the only writer of a queue's state.
 *
 * A completed buffer goes up the stack only once a replacement page has
 * been found for its ring slot; otherwise the packet is dropped and the
 * same buffer reposted.  The ring therefore never empties, so no deferred
 * refill worker or timer is needed: the device always has buffers and
 * will always interrupt again.
 */
#include <linux/atomic.h>
#include <linux/delay.h>
#include <linux/etherdevice.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/skbuff.h>

#include <labyrinth/rxparse.h>

#include "compat.h"
#include "lab.h"

/*
 * Softirq allocations: never sleep, never warn (an RX path's OOM report
 * tells nothing), and never eat the emergency reserves the rest of the
 * system needs to make progress: labyrinth has its own reserve.
 */
#define LAB_GFP_ATOMIC	(GFP_ATOMIC | __GFP_NOWARN | __GFP_NOMEMALLOC)

/* Pages left to the stack at remove, every device since load (debugfs). */
atomic_t lab_pages_left_to_stack = ATOMIC_INIT(0);

/* What one poll did, added to the queue's counters once per poll. */
struct lab_rx_batch {
	u64 counts[LAB_RXQ_NSTATS];
	unsigned int posted;
	bool budget_scanned;	/* a full reclaim scan ran in this poll */
	bool page_alloc_failed;	/* the page allocator said no in this poll */
	bool rx_csum;		/* NETIF_F_RXCSUM (ethtool -K rx) at poll start */
};

static bool lab_page_returned(void *page)
{
	return page_ref_count(page) == 1;
}

/*
 * Every RX page comes from its queue's page_pool and goes back to it here,
 * in any context.  The stack never returns a page to the pool itself (no
 * skb_mark_for_recycle): it drops its reference and labyrinth, which kept
 * one, gives the page back.  A page the stack still holds (abandoned at
 * teardown) leaves the pool here and is freed by the stack's last put.
 */
static void lab_page_release(void *page)
{
	struct page *p = page;

	page_pool_put_full_page(p->pp, p, false);
}

/**
 * lab_inject_hit() - should this call of an injection point misbehave?
 * @priv: the device
 * @inj: the injection point (debugfs fail_rx_alloc/ or hostile/)
 *
 * Context: the NAPI poll.  Costs one read while the point is inactive.
 *
 * Return: true when the fault attributes say this call is hit.
 */
bool lab_inject_hit(struct lab_priv *priv, struct lab_inject *inj)
{
	bool hit;

	if (likely(!READ_ONCE(inj->fault.probability)))
		return false;
	spin_lock(&priv->fault_lock);
	hit = lab_fault_should_fail(&inj->fault, get_random_u32_below(100));
	spin_unlock(&priv->fault_lock);
	return hit;
}

/*
 * Test-only (debugfs hostile/): makes the device lie about what it wrote,
 * before anything is checked, to prove that lies end as counted errors.
 * @num_buffers, @cs and @gso_lie are NULL for the second and later
 * buffers of a frame.  A checksum lie is a NEEDS_CSUM whose field ends
 * beyond the buffer; it is a lie only where GUEST_CSUM was negotiated
 * (otherwise the flags are ignored, as they must be).  A GSO lie is told
 * once the frame's length is known (lab_rx_gso_lie()).
 */
static void lab_rx_lie(struct lab_priv *priv, unsigned long mode, u32 *len,
		       u32 *num_buffers, struct lab_rx_csum *cs,
		       bool *gso_lie)
{
	unsigned int nth, lie;

	if (!lab_inject_hit(priv, &priv->hostile))
		return;
	nth = get_random_u32_below(hweight_long(mode));
	for_each_set_bit(lie, &mode, BITS_PER_LONG)
		if (!nth--)
			break;
	switch (BIT(lie)) {
	case LAB_HOSTILE_LEN_LONG:
		*len = LAB_RX_BUF_LEN + 1 + get_random_u32_below(PAGE_SIZE);
		break;
	case LAB_HOSTILE_LEN_SHORT:
		*len = get_random_u32_below(priv->hdr_len);
		break;
	case LAB_HOSTILE_NBUF_ZERO:
		*num_buffers = 0;
		break;
	case LAB_HOSTILE_GSO:
		*gso_lie = true;
		break;
	case LAB_HOSTILE_CSUM:
		/* csum_start and csum_offset are 16 bits on the wire */
		cs->flags |= LAB_VNET_F_NEEDS_CSUM;
		cs->start = LAB_RX_BUF_LEN - 1 +
			    get_random_u32_below(U16_MAX - LAB_RX_BUF_LEN + 2);
		cs->offset = get_random_u32_below(U16_MAX + 1);
		break;
	default:
		*num_buffers = U16_MAX;
		break;
	}
}

/*
 * Inline: while hostile/mode is 0, one read per buffer is all it costs.
 * Later buffers of a frame can only lie about their length: with no
 * length lie in the mode they are not even candidates, so a frame gets
 * at most one lie from the other modes (one lie, one counted error).
 */
static inline void lab_rx_hostile(struct lab_priv *priv, u32 *len,
				  u32 *num_buffers, struct lab_rx_csum *cs,
				  bool *gso_lie)
{
	unsigned long mode = READ_ONCE(priv->hostile_mode) & LAB_HOSTILE_RX_ALL;

	if (!num_buffers)
		mode &= LAB_HOSTILE_LEN_LONG | LAB_HOSTILE_LEN_SHORT;
	if (unlikely(mode))
		lab_rx_lie(priv, mode, len, num_buffers, cs, gso_lie);
}

/*
 * Test-only: the GSO lie lab_rx_lie() chose for a frame of @frame_len
 * bytes: each of the header faults lab_rx_check_gso() must refuse,
 * whatever was negotiated (labyrinth never negotiates UFO or USO).
 */
static void lab_rx_gso_lie(struct lab_rx_gso *g, u32 frame_len)
{
	switch (get_random_u32_below(6)) {
	case 0:		/* gso_size 0 */
		*g = (struct lab_rx_gso){ .type = LAB_VNET_GSO_TCPV4 };
		break;
	case 1:		/* segments larger than the frame */
		g->type = LAB_VNET_GSO_TCPV4;
		g->size = frame_len + get_random_u32_below(U16_MAX);
		break;
	case 2:		/* headers beyond the data */
		g->type = LAB_VNET_GSO_TCPV6;
		g->size = 1;
		g->hdr_len = frame_len + 1 + get_random_u32_below(U16_MAX);
		break;
	case 3:		/* a type the spec does not know */
		g->type = get_random_u32_below(2) ? 2 :
			  6 + get_random_u32_below(0x7a);	/* 6..0x7f */
		break;
	case 4:		/* ECN on UDP */
		g->type = LAB_VNET_GSO_UDP | LAB_VNET_GSO_ECN;
		break;
	default:	/* a type never negotiated */
		g->type = LAB_VNET_GSO_UDP_L4;
		break;
	}
}

static struct page *lab_rx_alloc_page(struct lab_rxq *rq)
{
	struct page *page = page_pool_alloc_pages(rq->pool, LAB_GFP_ATOMIC);

	if (page)
		lab_pages_note_alloc(&rq->pages);
	return page;
}

/* Keeps a page in hand: in the reserve if it is short, else the cache. */
static void lab_rx_keep(struct lab_rxq *rq, struct page *page)
{
	if (lab_pages_reserve_short(&rq->pages) &&
	    lab_pages_put(&rq->pages, LAB_PLACE_RESERVE, page))
		return;
	if (lab_pages_put(&rq->pages, LAB_PLACE_CACHE, page))
		return;
	lab_page_release(page);
	lab_pages_note_free(&rq->pages);
}

static int lab_rx_post(struct lab_rxq *rq, struct page *page, gfp_t gfp,
		       struct lab_rx_batch *b)
{
	struct scatterlist sg = {};
	int err;

	/* sg_init_one() without its calls: this runs for every frame */
	sg_set_page(&sg, page, LAB_RX_BUF_LEN, LAB_RX_HEADROOM);
	sg_mark_end(&sg);
	err = virtqueue_add_inbuf(rq->vq, &sg, 1, page, gfp);
	if (unlikely(err))
		return err;
	lab_pages_note_posted(&rq->pages);
	b->posted++;
	return 0;
}

/* Puts a page in hand back into its ring slot; keeps it if that fails. */
static void lab_rx_repost(struct lab_rxq *rq, struct page *page,
			  struct lab_rx_batch *b)
{
	if (unlikely(lab_rx_post(rq, page, LAB_GFP_ATOMIC, b)))
		lab_rx_keep(rq, page);
}

static u32 lab_rx_reclaim(struct lab_rxq *rq, u32 max_scan)
{
	return lab_pages_reclaim(&rq->pages, max_scan, lab_page_returned,
				 lab_page_release);
}

/*
 * A fresh page: a recycled one from the cache, else one from the
 * allocator.  Injected failures (debugfs fail_rx_alloc) hit both, as
 * fail_function on page_pool's allocator hits its recycling cache too,
 * unless fail_rx_alloc/recycled is 0: then only requests the cache cannot
 * serve are eligible.  The reserve is beyond their reach.  Once the allocator has said no
 * in a poll, the rest of that poll does not ask it again: an atomic
 * allocation fails below the min watermark, where each further attempt
 * only burns softirq time in the allocator's slow path.
 */
static struct page *lab_rx_fresh_page(struct lab_rxq *rq,
				      struct lab_rx_batch *b)
{
	bool spare_cache = !READ_ONCE(rq->priv->fail_recycled);
	struct page *page = NULL;

	if (!(spare_cache && rq->pages.cache.count) &&
	    lab_inject_hit(rq->priv, &rq->priv->fail_rx_alloc))
		goto fail;
	if (lab_pages_replace_source(&rq->pages, false) == LAB_SRC_CACHE) {
		b->counts[LAB_RXQ_recycled]++;
		return lab_pages_take(&rq->pages, LAB_PLACE_CACHE);
	}
	if (b->page_alloc_failed)
		goto fail;
	page = lab_rx_alloc_page(rq);
	if (likely(page))
		return page;
	b->page_alloc_failed = true;
fail:
	b->counts[LAB_RXQ_alloc_fail]++;
	return NULL;
}

/* Finds a page to post in place of a buffer going up the stack. */
static struct page *lab_rx_replacement(struct lab_rxq *rq,
				       struct lab_rx_batch *b)
{
	struct page *page = lab_rx_fresh_page(rq, b);

	if (likely(page))
		return page;
	if (lab_pages_replace_source(&rq->pages, true) != LAB_SRC_RESERVE)
		return NULL;
	b->counts[LAB_RXQ_reserve_used]++;
	return lab_pages_take(&rq->pages, LAB_PLACE_RESERVE);
}

/*
 * How many more buffers the ring wants (ethtool -G sets the target; the
 * virtqueue itself keeps the device's size).  After the target shrank,
 * completed buffers over it are not replaced, so the ring drains down to
 * it without a queue reset.
 */
static u32 lab_rx_ring_deficit(const struct lab_rxq *rq)
{
	u32 held = lab_pages_held(&rq->pages, LAB_PLACE_RING);
	u32 target = READ_ONCE(rq->ring_target);

	if (held >= target || rq->stopped)
		return 0;
	return min(target - held, rq->vq->num_free);
}

/* A buffer the stack does not take: back to the ring if it wants one. */
static void lab_rx_give_back(struct lab_rxq *rq, struct page *page,
			     struct lab_rx_batch *b)
{
	if (lab_rx_ring_deficit(rq))
		lab_rx_repost(rq, page, b);
	else
		lab_rx_keep(rq, page);
}

/*
 * The buffers of one received frame, in device order; @copy bytes of the
 * first are copied into the skb head, and buffers @first..@n-1 are lent
 * to the stack as page frags (@first is 1 when the copy took all of the
 * first buffer's frame bytes).  @cs and @gso are what the device said
 * about its checksum and segmentation, read once from the header; @csum
 * what the checks made of the checksum.
 */
struct lab_rx_frame {
	struct page *page[LAB_RX_MAX_BUFS];
	u32 len[LAB_RX_MAX_BUFS];
	unsigned int n;
	unsigned int taken;	/* buffers taken off the ring, kept or not */
	unsigned int first;
	u32 copy;
	struct lab_rx_csum cs;
	struct lab_rx_gso gso;
	bool gso_lie;		/* test-only: hostile/ chose a GSO lie */
	enum lab_rx_csum_kind csum;
};

/* Takes the next completed buffer of a multi-buffer frame off the ring. */
static struct page *lab_rx_next_buf(struct lab_rxq *rq, u32 *len)
{
	unsigned int ulen;
	struct page *page;

	page = virtqueue_get_buf(rq->vq, &ulen);
	if (!page)
		return NULL;
	lab_pages_note_completed(&rq->pages);
	*len = ulen;
	lab_rx_hostile(rq->priv, len, NULL, NULL, NULL);
	return page;
}

/*
 * Gathers the rest of a frame's buffers (their number comes from the
 * device, in the first buffer's header) and checks what the device said
 * (rxparse.c).  Whatever is wrong, every buffer the device assigned to
 * this frame is taken off the ring, so the ring stays in step with frame
 * boundaries, but never more than the ring holds (rxparse.c); @f->taken
 * says how many.  Returns LAB_RXQ_length_errors, or LAB_RXQ_NSTATS when
 * the frame is good.
 */
static int lab_rx_gather(struct lab_rxq *rq, struct lab_rx_frame *f,
			 struct lab_rx_batch *b)
{
	const struct lab_rx_limits *lim = &rq->priv->rx_limits;
	struct virtio_net_hdr_mrg_rxbuf *hdr;
	struct lab_rx_frame_check c;
	struct page *page;
	u32 len, nbufs;

	hdr = page_address(f->page[0]) + LAB_RX_HEADROOM;
	nbufs = virtio16_to_cpu(rq->priv->vdev, hdr->num_buffers);
	f->cs = (struct lab_rx_csum){
		.flags = hdr->hdr.flags,
		.start = virtio16_to_cpu(rq->priv->vdev, hdr->hdr.csum_start),
		.offset = virtio16_to_cpu(rq->priv->vdev, hdr->hdr.csum_offset),
	};
	f->gso = (struct lab_rx_gso){
		.type = hdr->hdr.gso_type,
		.size = virtio16_to_cpu(rq->priv->vdev, hdr->hdr.gso_size),
		.hdr_len = virtio16_to_cpu(rq->priv->vdev, hdr->hdr.hdr_len),
	};
	lab_rx_hostile(rq->priv, &f->len[0], &nbufs, &f->cs, &f->gso_lie);
	lab_rx_frame_start(&c, lim, f->len[0], nbufs);
	while (lab_rx_frame_more(&c)) {
		page = lab_rx_next_buf(rq, &len);
		if (!page) {
			c.bad = true;	/* the device lied */
			break;
		}
		lab_rx_frame_add(&c, lim, len);
		if (lab_rx_frame_keeps(&c, lim)) {
			f->page[f->n] = page;
			f->len[f->n++] = len;
		} else {
			lab_rx_give_back(rq, page, b);
		}
	}
	f->taken = c.seen;
	return c.bad ? LAB_RXQ_length_errors : LAB_RXQ_NSTATS;
}

/*
 * A frame whose buffers passed lab_rx_gather(): are its checksum offsets
 * and its GSO fields possible (rxparse.c)?  Impossible offsets are a lie
 * like an impossible length, counted as one; an impossible GSO header is
 * counted in gso_errors.  Returns LAB_RXQ_length_errors,
 * LAB_RXQ_gso_errors, or LAB_RXQ_NSTATS when the frame is good.
 */
static int lab_rx_check_offload(struct lab_rxq *rq, struct lab_rx_frame *f)
{
	u32 hdr_len = rq->priv->hdr_len, frame_len = 0;
	const u8 *eth;
	unsigned int i;

	for (i = 0; i < f->n; i++)
		frame_len += f->len[i];
	frame_len -= hdr_len;
	if (lab_rx_check_csum(&f->cs, rq->priv->guest_csum, frame_len,
			      f->len[0] - hdr_len, &f->csum) != LAB_RX_OK)
		return LAB_RXQ_length_errors;
	if (unlikely(f->gso_lie))
		lab_rx_gso_lie(&f->gso, frame_len);
	if (likely(f->gso.type == LAB_VNET_GSO_NONE))
		return LAB_RXQ_NSTATS;
	/* the first buffer holds an Ethernet header (lab_rx_check_len()) */
	eth = page_address(f->page[0]) + LAB_RX_HEADROOM + hdr_len;
	eth += LAB_ETH_TYPE_OFF;
	if (lab_rx_check_gso(&f->gso, rq->priv->guest_gso, f->csum, frame_len,
			     eth[0] << 8 | eth[1]) != LAB_RX_OK)
		return LAB_RXQ_gso_errors;
	return LAB_RXQ_NSTATS;
}

/*
 * Splits a good frame into the bytes copied and the buffers lent.  The
 * field of a partial checksum must be in the skb head, where the stack
 * finishes it (lab_rx_check_offload() made sure it is in the first buffer).
 */
static void lab_rx_split(struct lab_rx_frame *f, unsigned int hdr_len)
{
	u32 len0 = f->len[0] - hdr_len;

	f->copy = min_t(u32, len0, LAB_RX_COPYBREAK);
	if (f->csum == LAB_CSUM_PARTIAL)
		f->copy = max(f->copy, lab_rx_csum_end(&f->cs));
	f->first = f->copy == len0;
}

/*
 * What the device said about the checksum, for the stack.  With
 * rx-checksumming off (ethtool -K rx off) DATA_VALID is not believed;
 * a NEEDS_CSUM frame has no checksum yet, only the seed in its field, so
 * it goes up partial here and lab_rx_csum_finish() completes it.
 * Context: before eth_type_trans(), skb->data at the frame's first byte.
 */
static void lab_rx_set_csum(struct sk_buff *skb, const struct lab_rx_frame *f,
			    const struct lab_rx_batch *b)
{
	switch (f->csum) {
	case LAB_CSUM_PARTIAL:
		skb->ip_summed = CHECKSUM_PARTIAL;
		skb->csum_start = skb_headroom(skb) + f->cs.start;
		skb->csum_offset = f->cs.offset;
		skb_set_transport_header(skb, f->cs.start);
		break;
	case LAB_CSUM_UNNECESSARY:
		if (b->rx_csum)
			skb->ip_summed = CHECKSUM_UNNECESSARY;
		break;
	default:
		break;
	}
}

/*
 * rx-checksumming off: the stack is to verify every checksum itself, so a
 * frame sent with NEEDS_CSUM gets its checksum computed here (its field
 * is in the skb head, which is the skb's own: nothing is written to a
 * lent page) and goes up as CHECKSUM_NONE.  Returns 0 or a negative errno.
 */
static int lab_rx_csum_finish(struct sk_buff *skb, const struct lab_rx_frame *f,
			      const struct lab_rx_batch *b)
{
	if (f->csum != LAB_CSUM_PARTIAL || b->rx_csum)
		return 0;
	return skb_checksum_help(skb);
}

/*
 * A GSO frame (GUEST_TSO4/6): its segmentation for the stack, which
 * re-verifies the headers of a frame from a device (SKB_GSO_DODGY) and
 * counts its segments (gso_segs 0).  Context: after lab_rx_csum_finish(),
 * which must not see a GSO skb (skb_checksum_help() refuses one).
 */
static void lab_rx_set_gso(struct sk_buff *skb, const struct lab_rx_frame *f)
{
	struct skb_shared_info *shinfo = skb_shinfo(skb);
	u32 base = f->gso.type & ~LAB_VNET_GSO_ECN;

	switch (base) {
	case LAB_VNET_GSO_TCPV4:
		shinfo->gso_type = SKB_GSO_TCPV4;
		break;
	case LAB_VNET_GSO_TCPV6:
		shinfo->gso_type = SKB_GSO_TCPV6;
		break;
	case LAB_VNET_GSO_UDP:
		shinfo->gso_type = SKB_GSO_UDP;
		break;
	default:
		shinfo->gso_type = SKB_GSO_UDP_L4;
		break;
	}
	if (f->gso.type & LAB_VNET_GSO_ECN)
		shinfo->gso_type |= SKB_GSO_TCP_ECN;
	shinfo->gso_type |= SKB_GSO_DODGY;
	shinfo->gso_size = f->gso.size;
	shinfo->gso_segs = 0;
}

/*
 * Frags past MAX_SKB_FRAGS (a 64 KiB frame has up to LAB_RX_MAX_BUFS)
 * go to a second skb on the head's frag_list: a head of no linear bytes,
 * allocated before any frag is attached, so a failure leaves every page
 * with the driver.
 */
static struct sk_buff *lab_rx_chain_skb(struct sk_buff *skb,
					unsigned int nfrags)
{
	struct sk_buff *tail;

	if (likely(nfrags <= MAX_SKB_FRAGS))
		return NULL;
	tail = alloc_skb(0, LAB_GFP_ATOMIC);
	if (tail)
		skb_shinfo(skb)->frag_list = tail;
	return tail;
}

/*
 * A small skb head (lab_rx_alloc_skb(): never an allocation-failure
 * splat) with the copied bytes; the rest of the frame as page frags, on
 * a second skb past MAX_SKB_FRAGS.
 */
static struct sk_buff *lab_rx_build_skb(struct lab_rxq *rq,
					const struct lab_rx_frame *f,
					const struct lab_rx_batch *b)
{
	unsigned int hdr_len = rq->priv->hdr_len, nfrags = f->n - f->first;
	struct sk_buff *skb, *tail, *cur;
	unsigned int i, j;
	u32 off, len;

	skb = lab_rx_alloc_skb(&rq->napi, max_t(u32, f->copy, LAB_RX_COPYBREAK),
			       LAB_GFP_ATOMIC);
	if (unlikely(!skb))
		return NULL;
	tail = lab_rx_chain_skb(skb, nfrags);
	if (unlikely(!tail && nfrags > MAX_SKB_FRAGS)) {
		kfree_skb(skb);		/* no frag attached: no page in it */
		return NULL;
	}
	skb_put_data(skb, page_address(f->page[0]) + LAB_RX_HEADROOM + hdr_len,
		     f->copy);
	cur = skb;
	for (i = f->first, j = 0; i < f->n; i++, j++) {
		if (j == MAX_SKB_FRAGS) {
			cur = tail;
			j = 0;
		}
		off = i ? 0 : hdr_len + f->copy;
		len = f->len[i] - off;
		skb_add_rx_frag(cur, j, f->page[i], LAB_RX_HEADROOM + off, len,
				PAGE_SIZE);
	}
	if (tail) {
		skb->len += tail->len;
		skb->data_len += tail->len;
		skb->truesize += tail->truesize;
	}
	lab_rx_set_csum(skb, f, b);
	skb->protocol = eth_type_trans(skb, rq->priv->dev);
	skb_record_rx_queue(skb, rq->index);
	return skb;
}

/*
 * Is there room in the page budget for @n more pages?  When the budget is
 * spent, one full reclaim scan per poll looks for pages the stack gave
 * back; later frames of that poll do not rescan, so a stuck consumer
 * costs each dropped frame nothing more.
 */
static bool lab_rx_budget_room(struct lab_rxq *rq, unsigned int n,
			       struct lab_rx_batch *b)
{
	if (lab_pages_can_lend(&rq->pages, n))
		return true;
	if (b->budget_scanned)
		return false;
	b->budget_scanned = true;
	lab_rx_reclaim(rq, rq->pages.lent.count);
	return lab_pages_can_lend(&rq->pages, n);
}

/* Finds @n replacements for the buffers of a frame, or none at all. */
static bool lab_rx_replace_all(struct lab_rxq *rq, unsigned int n,
			       struct page **repl, struct lab_rx_batch *b)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		repl[i] = lab_rx_replacement(rq, b);
		if (!repl[i])
			goto err_keep_replacements;
	}
	return true;

err_keep_replacements:
	while (i--)
		lab_rx_keep(rq, repl[i]);
	return false;
}

/*
 * One received frame: its buffers go up the stack only once a replacement
 * has been found for every one of them the ring needs; otherwise the whole
 * frame is dropped, with its cause counted, and its own buffers are
 * reposted (those the ring needs; the rest are kept).  Returns how many
 * buffers it took off the ring: what the poll charges to its budget.
 */
static unsigned int lab_rx_frame(struct lab_rxq *rq, struct page *page,
				 u32 len, struct lab_rx_batch *b)
{
	/*
	 * Not zeroed (the kernel's INIT_STACK_ALL_ZERO would clear both arrays
	 * for every frame): only entries below f.n and nrepl are ever read.
	 */
	struct page *repl[LAB_RX_MAX_BUFS] __uninitialized;
	struct lab_rx_frame f __uninitialized;
	unsigned int i, nlent, nrepl = 0;
	struct sk_buff *skb;
	int cause;

	f.page[0] = page;
	f.len[0] = len;
	f.n = 1;
	f.taken = 1;
	f.first = 0;
	f.copy = 0;
	f.gso_lie = false;
	f.csum = LAB_CSUM_NONE;
	lab_pages_note_completed(&rq->pages);
	cause = lab_rx_gather(rq, &f, b);
	if (cause == LAB_RXQ_NSTATS)
		cause = lab_rx_check_offload(rq, &f);
	if (cause != LAB_RXQ_NSTATS)
		goto drop;
	if (unlikely(rq->stopped)) {
		cause = LAB_RXQ_drop_down;
		goto drop;
	}
	lab_rx_split(&f, rq->priv->hdr_len);
	nlent = f.n - f.first;
	if (nlent && !lab_rx_budget_room(rq, nlent, b)) {
		cause = LAB_RXQ_drop_budget;
		goto drop;
	}
	nrepl = min(nlent, lab_rx_ring_deficit(rq));
	if (!lab_rx_replace_all(rq, nrepl, repl, b)) {
		cause = LAB_RXQ_drop_no_buffer;
		goto drop;
	}
	/*
	 * Unlike pages, no per-poll latch: an skb head is a slab object
	 * (lab_rx_alloc_skb()), so one failure says little about the next.
	 */
	skb = lab_rx_build_skb(rq, &f, b);
	if (unlikely(!skb)) {
		for (i = 0; i < nrepl; i++)
			lab_rx_keep(rq, repl[i]);
		cause = LAB_RXQ_drop_no_skb;
		goto drop;
	}
	for (i = 0; i < nrepl; i++)
		lab_rx_repost(rq, repl[i], b);
	if (f.first)
		lab_rx_give_back(rq, f.page[0], b);
	for (i = f.first; i < f.n; i++) {
		page_ref_inc(f.page[i]);
		lab_pages_lend(&rq->pages, f.page[i]);
	}
	/* Lent: from here on, freeing the skb gives its pages back. */
	if (unlikely(lab_rx_csum_finish(skb, &f, b))) {
		kfree_skb(skb);
		b->counts[LAB_RXQ_drop_no_skb]++;
		b->counts[LAB_RXQ_drops]++;
		return f.taken;
	}
	if (f.csum == LAB_CSUM_PARTIAL)
		b->counts[LAB_RXQ_needs_csum]++;
	else if (f.csum == LAB_CSUM_UNNECESSARY)
		b->counts[LAB_RXQ_data_valid]++;
	b->counts[LAB_RXQ_packets]++;
	/* the frame's bytes: eth_type_trans() pulled the Ethernet header */
	b->counts[LAB_RXQ_bytes] += skb->len + ETH_HLEN;
	if (f.gso.type != LAB_VNET_GSO_NONE) {
		lab_rx_set_gso(skb, &f);
		b->counts[LAB_RXQ_gso_packets]++;
		b->counts[LAB_RXQ_gso_bytes] += skb->len + ETH_HLEN;
	}
	napi_gro_receive(&rq->napi, skb);
	return f.taken;

drop:
	b->counts[cause]++;
	if (cause != LAB_RXQ_length_errors && cause != LAB_RXQ_gso_errors)
		b->counts[LAB_RXQ_drops]++;
	for (i = 0; i < f.n; i++)
		lab_rx_give_back(rq, f.page[i], b);
	return f.taken;
}

/*
 * Fills ring slots left empty (only after a failed post or a short fill at
 * open), tops the reserve up while fresh pages come, and kicks the device
 * once for everything posted in this poll.
 */
static void lab_rx_refill(struct lab_rxq *rq, struct lab_rx_batch *b)
{
	struct page *page;

	while (lab_rx_ring_deficit(rq)) {
		page = lab_rx_fresh_page(rq, b);
		if (!page)
			break;
		if (lab_rx_post(rq, page, LAB_GFP_ATOMIC, b)) {
			lab_rx_keep(rq, page);
			break;
		}
	}
	while (lab_pages_reserve_short(&rq->pages)) {
		page = lab_rx_fresh_page(rq, b);
		if (!page)
			break;
		lab_pages_put(&rq->pages, LAB_PLACE_RESERVE, page);
	}
	if (b->posted && virtqueue_kick_prepare(rq->vq)) {
		virtqueue_notify(rq->vq);
		b->counts[LAB_RXQ_kicks]++;
	}
}

static void lab_rx_account(struct lab_rxq *rq, const struct lab_rx_batch *b)
{
	int i;

	u64_stats_update_begin(&rq->stats.syncp);
	for (i = 0; i < LAB_RXQ_NSTATS; i++)
		u64_stats_add(&rq->stats.v[i], b->counts[i]);
	u64_stats_update_end(&rq->stats.syncp);
}

/*
 * Copies the ledger where lab_rxq_read_pages() reads it.  The lock covers
 * the copy only, never the poll's work: a reader waits for a memcpy, not
 * for the stack's receive path.  A spinlock, not a seqcount, so the
 * writer needs no preemption off (PREEMPT_RT runs the poll preemptible).
 * Context: the poll, or process context with NAPI disabled.
 */
static void lab_rx_publish(struct lab_rxq *rq)
{
	spin_lock_bh(&rq->view_lock);
	rq->view.pages = rq->pages;
	rq->view.poll_bufs_max = rq->poll_bufs_max;
	spin_unlock_bh(&rq->view_lock);
}

/*
 * The budget counts buffers taken off the ring, not frames: a frame's
 * buffers are all taken in one go (up to the ring's size when the device
 * lies), so a poll takes at most budget - 1 + ring size buffers.
 */
static int lab_rx_poll(struct napi_struct *napi, int budget)
{
	struct lab_rxq *rq = container_of(napi, struct lab_rxq, napi);
	struct lab_rx_batch b = {};
	unsigned int len, done = 0;
	struct page *page;

	/*
	 * netpoll (netconsole) polls with budget 0, maybe with IRQs off: no
	 * RX work and no page_pool call then (napi.rst), only a count.
	 */
	if (unlikely(!budget)) {
		u64_stats_update_begin(&rq->stats.syncp);
		u64_stats_inc(&rq->stats.v[LAB_RXQ_netpoll_polls]);
		u64_stats_update_end(&rq->stats.syncp);
		return 0;
	}
	b.rx_csum = READ_ONCE(rq->priv->dev->features) & NETIF_F_RXCSUM;
	lab_pages_set_budget(&rq->pages, READ_ONCE(rq->budget));
	lab_rx_reclaim(rq, LAB_RECLAIM_SCAN);
	while (done < budget &&
	       (page = virtqueue_get_buf(rq->vq, &len)) != NULL)
		done += lab_rx_frame(rq, page, len, &b);
	lab_rx_refill(rq, &b);
	rq->poll_bufs_max = max(rq->poll_bufs_max, done);
	lab_rx_publish(rq);
	lab_rx_account(rq, &b);

	if (done >= budget)
		return budget;
	lab_napi_complete(napi, rq->vq, done);
	return done;
}

/**
 * lab_rxq_done() - virtqueue callback: the device used RX buffers
 * @vq: the RX virtqueue
 *
 * Context: hard interrupt.
 */
void lab_rxq_done(struct virtqueue *vq)
{
	struct lab_priv *priv = vq->vdev->priv;

	lab_napi_schedule(&priv->rxq[vq->index / 2].napi, vq);
}

/*
 * Process context, NAPI disabled: records one freshly allocated page into
 * the reserve or the ring; a page that cannot be posted is kept in the
 * cache.
 */
static int lab_rx_stock(struct lab_rxq *rq, struct page *page, bool to_ring)
{
	struct lab_rx_batch b = {};
	int err = 0;

	lab_pages_note_alloc(&rq->pages);
	if (to_ring)
		err = lab_rx_post(rq, page, GFP_KERNEL, &b);
	else if (!lab_pages_put(&rq->pages, LAB_PLACE_RESERVE, page))
		err = -ENOSPC;
	if (err)
		lab_rx_keep(rq, page);
	return err;
}

/*
 * Process context, NAPI disabled: takes back the pages the stack returned
 * since the last poll, posts recycled pages, then GFP_KERNEL ones, into
 * the ring's empty slots, tops the reserve up, and kicks.
 */
static void lab_rx_fill(struct lab_rxq *rq)
{
	struct lab_rx_batch b = {};
	struct page *page;

	/* Recycled pages go to the ring first. */
	lab_rx_reclaim(rq, rq->pages.lent.count);
	while (lab_rx_ring_deficit(rq) &&
	       (page = lab_pages_take(&rq->pages, LAB_PLACE_CACHE)) != NULL) {
		if (lab_rx_post(rq, page, GFP_KERNEL, &b)) {
			lab_rx_keep(rq, page);
			break;
		}
	}
	while (lab_pages_reserve_short(&rq->pages)) {
		page = page_pool_alloc_pages(rq->pool, GFP_KERNEL);
		if (!page || lab_rx_stock(rq, page, false))
			break;
	}
	while (lab_rx_ring_deficit(rq)) {
		page = page_pool_alloc_pages(rq->pool, GFP_KERNEL);
		if (!page || lab_rx_stock(rq, page, true))
			break;
	}
	lab_rx_publish(rq);
	virtqueue_kick(rq->vq);
}

/* Process context: lets the poll run, and runs it once. */
static void lab_rx_start(struct lab_rxq *rq)
{
	napi_enable(&rq->napi);
	local_bh_disable();
	lab_napi_schedule(&rq->napi, rq->vq);
	local_bh_enable();
}

/**
 * lab_rxq_open() - fill the reserve and the ring, then start the poll
 * @rq: the queue
 *
 * Context: process context (ndo_open), NAPI disabled; may sleep.
 * The queue's page_pool, sized to its ring, is made at the first ifup
 * and lives until remove (lab_rxq_fini()): pages the stack still holds
 * at an ifdown come back to the same pool, and are reposted from it.
 *
 * Return: 0, or -ENOMEM when not a single buffer could be posted, or the
 * page_pool's error.
 */
int lab_rxq_open(struct lab_rxq *rq)
{
	struct page_pool *pool;

	if (!rq->pool) {
		pool = lab_page_pool_create(rq->priv->dev, rq->index,
					    rq->priv->rx_ring_max);
		if (IS_ERR(pool))
			return PTR_ERR(pool);
		rq->pool = pool;
	}
	rq->stopped = false;
	lab_rx_fill(rq);
	if (!lab_pages_held(&rq->pages, LAB_PLACE_RING))
		return -ENOMEM;
	lab_rx_start(rq);
	return 0;
}

/**
 * lab_rxq_set_ring() - change how many buffers the queue keeps posted
 * @rq: the queue
 * @target: the new number, LAB_RX_RING_MIN to the virtqueue's size
 *
 * Context: process context, RTNL held (ethtool -G).  On a running
 * interface, new slots are filled at once with GFP_KERNEL pages while the
 * poll is briefly stopped; a smaller target is reached as the device
 * completes buffers, which are then not replaced.  No queue reset, so no
 * frame is lost.
 */
void lab_rxq_set_ring(struct lab_rxq *rq, u32 target)
{
	if (!netif_running(rq->priv->dev)) {
		WRITE_ONCE(rq->ring_target, target);
		return;
	}
	napi_disable(&rq->napi);
	WRITE_ONCE(rq->ring_target, target);
	lab_rx_fill(rq);
	lab_rx_start(rq);
}

/**
 * lab_rxq_close() - stop the poll; take back what the stack returned
 * @rq: the queue
 *
 * Context: process context (ndo_stop), before the device is reset.
 */
void lab_rxq_close(struct lab_rxq *rq)
{
	napi_disable(&rq->napi);
	lab_rx_reclaim(rq, rq->pages.lent.count);
	lab_rx_publish(rq);
}

static void lab_rx_drain(struct lab_rxq *rq, enum lab_place where)
{
	struct page *page;

	while ((page = lab_pages_take(&rq->pages, where)) != NULL) {
		lab_page_release(page);
		lab_pages_note_free(&rq->pages);
	}
}

/*
 * Process context, device reset: gives every page the queue holds back to
 * the page_pool (posted ones, the cache, the reserve, and lent ones the
 * stack has returned).  The virtqueue is gone after an ifdown.
 */
static void lab_rx_free_held(struct lab_rxq *rq)
{
	struct page *page;

	while (rq->vq && (page = virtqueue_detach_unused_buf(rq->vq)) != NULL) {
		lab_pages_note_completed(&rq->pages);
		lab_page_release(page);
		lab_pages_note_free(&rq->pages);
	}
	lab_rx_reclaim(rq, rq->pages.lent.count);
	lab_rx_drain(rq, LAB_PLACE_CACHE);
	lab_rx_drain(rq, LAB_PLACE_RESERVE);
}

/*
 * Process context, NAPI disabled: one step of the teardown; returns the
 * pages still lent.
 */
static u32 lab_rx_release_step(struct lab_rxq *rq)
{
	lab_rx_free_held(rq);
	lab_rx_publish(rq);
	return rq->pages.lent.count;
}

/*
 * Process context (remove).  Pages left to the stack (lab_rxq_release())
 * left the pool when they were released (page_pool lets go of a page
 * whose refcount is elevated), so none of them holds the pool up.
 */
static void lab_rx_pool_destroy(struct lab_rxq *rq)
{
	if (!rq->pool)
		return;
	page_pool_destroy(rq->pool);
	rq->pool = NULL;
}

/*
 * Process context, sleeps: waits up to @max_ms for the stack to give lent
 * pages back, taking each back as it returns.  Returns the pages still
 * lent; *@waited_ms says how long it waited.
 */
static u32 lab_rx_wait_lent(struct lab_rxq *rq, unsigned int max_ms,
			    unsigned int *waited_ms)
{
	unsigned int waited = 0;
	u32 left;

	while ((left = lab_rx_release_step(rq)) && waited < max_ms) {
		msleep(LAB_RECLAIM_STEP_MS);
		waited += LAB_RECLAIM_STEP_MS;
	}
	*waited_ms = waited;
	return left;
}

/**
 * lab_rxq_down() - after ifdown reset the device: account, then free
 * @rq: the queue
 *
 * Context: process context (ndo_stop, RTNL held), NAPI disabled, the
 * device reset and so stopped; never sleeps.  Frames it completed before
 * the reset that no poll saw are dropped and counted (drop_down), so not
 * one goes uncounted; every posted buffer comes back (a reset device
 * writes nothing more), and with the reserve and the cache goes back to
 * the page_pool.  Pages the stack holds are not waited for (RTNL is
 * held): they are counted (stack_at_down) and stay lent, in the ledger,
 * for as long as a socket keeps them, which is not a leak.  The next ifup
 * takes back those that returned meanwhile, the polls after it the rest,
 * into the same pool; remove waits for them.
 */
void lab_rxq_down(struct lab_rxq *rq)
{
	struct lab_rx_batch b = {};
	struct page *page;
	unsigned int len;
	u32 left;

	/* BH off: a frame's checks take the poll's fault lock; the counters */
	local_bh_disable();
	rq->stopped = true;
	while ((page = virtqueue_get_buf(rq->vq, &len)) != NULL)
		lab_rx_frame(rq, page, len, &b);
	left = lab_rx_release_step(rq);
	b.counts[LAB_RXQ_stack_at_down] = left;
	lab_rx_account(rq, &b);
	local_bh_enable();
	if (left)
		netdev_info(rq->priv->dev,
			    "rx%u: the stack holds %u pages at ifdown; they stay lent until it frees them\n",
			    rq->index, left);
}

/**
 * lab_rxq_release() - free every page the queue owns
 * @rq: the queue
 *
 * Context: process context (remove, or a failed probe), device reset (no
 * more completions), NAPI disabled, RTNL not held; sleeps while it waits,
 * a bounded time, for the stack to give lent pages back.  Pages the stack
 * still holds then are left to it (released from their pool at once; the
 * stack's last put frees them), counted in the ledger as freed and leaked and
 * in debugfs's pages_left_to_stack, and reported by one line: a socket
 * that holds a page across unbind is something any user can cause, not a
 * kernel bug.
 */
void lab_rxq_release(struct lab_rxq *rq)
{
	unsigned int waited;
	u32 left;

	if (!lab_rx_wait_lent(rq, LAB_RECLAIM_WAIT_MS, &waited))
		return;
	left = lab_pages_abandon(&rq->pages, lab_page_release);
	lab_rx_publish(rq);
	atomic_add(left, &lab_pages_left_to_stack);
	dev_warn(&rq->priv->vdev->dev,
		 "rx%u: the stack still holds %u pages after %u ms; left to it to free\n",
		 rq->index, left, waited);
}

/**
 * lab_rxq_read_pages() - consistent copy of a queue's page ledger
 * @rq: the queue
 * @snap: filled with the copy, as the last poll (or process-context
 *	step) left the ledger
 *
 * Context: process context.
 */
void lab_rxq_read_pages(struct lab_rxq *rq, struct lab_rxq_view *snap)
{
	spin_lock_bh(&rq->view_lock);
	*snap = rq->view;
	spin_unlock_bh(&rq->view_lock);
}

/**
 * lab_rxq_init() - set up a queue's ledger, counters and NAPI context
 * @rq: the queue
 * @priv: the device
 * @index: queue number
 *
 * Context: process context (probe), after the virtqueues were found.
 * The ring size sets the reserve (an eighth of the ring, and at least the
 * replacements of one 64 KiB frame: LAB_RX_MAX_BUFS) and the page
 * budget (eight rings by default, LAB_BUDGET_GSO_RINGS when the device
 * may send large frames, up to LAB_BUDGET_RINGS through devlink); the
 * cache holds two polls' worth of recycled pages.
 *
 * Return: 0 or -ENOMEM.
 */
int lab_rxq_init(struct lab_rxq *rq, struct lab_priv *priv, unsigned int index)
{
	u32 ring = priv->rx_ring_max;
	struct lab_pages_sizes sizes = {
		.cache = 2 * NAPI_POLL_WEIGHT,
		.reserve = max(ring / 8, LAB_RX_MAX_BUFS),
		.lent = LAB_BUDGET_RINGS * ring,
	};
	void **slots;

	/* a 64 KiB frame fits; lab_rx_build_skb() chains at most one skb */
	BUILD_BUG_ON(LAB_RX_MAX_BUFS * LAB_RX_BUF_LEN <
		     LAB_RX_GSO_FRAME_MAX + sizeof(struct virtio_net_hdr_mrg_rxbuf));
	BUILD_BUG_ON(LAB_RX_MAX_BUFS > 2 * MAX_SKB_FRAGS);
	BUILD_BUG_ON(LAB_BUDGET_GSO_RINGS > LAB_BUDGET_RINGS);
	/* order 5 at ring 256, 7 at ring 1,024: not a kmalloc's job */
	slots = kvcalloc(sizes.cache + sizes.reserve + sizes.lent,
			 sizeof(*slots), GFP_KERNEL);
	if (!slots)
		return -ENOMEM;
	rq->priv = priv;
	rq->index = index;
	lab_pages_init(&rq->pages, slots, &sizes);
	rq->ring_target = ring;
	rq->budget = (priv->guest_gso ? LAB_BUDGET_GSO_RINGS :
		      LAB_BUDGET_DEFAULT_RINGS) * ring;
	lab_pages_set_budget(&rq->pages, rq->budget);
	spin_lock_init(&rq->view_lock);
	rq->view.pages = rq->pages;
	u64_stats_init(&rq->stats.syncp);
	netif_napi_add(priv->dev, &rq->napi, lab_rx_poll);
	return 0;
}

/**
 * lab_rxq_fini() - undo lab_rxq_init(); the queue owns no page any more
 * @rq: the queue
 *
 * Context: process context (remove or failed probe).
 */
void lab_rxq_fini(struct lab_rxq *rq)
{
	netif_napi_del(&rq->napi);
	lab_rx_pool_destroy(rq);
	kvfree(rq->pages.cache.slot);
}
