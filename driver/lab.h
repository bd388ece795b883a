/* SPDX-License-Identifier: GPL-2.0 */
/*
 * labyrinth: a virtio-net driver whose RX path stays whole when the atomic
 * page allocator says no.  Shared kernel-side definitions.
 */
#ifndef _LAB_H
#define _LAB_H

#include <linux/if_vlan.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <net/devlink.h>
#include <linux/spinlock.h>
#include <linux/u64_stats_sync.h>
#include <linux/virtio.h>
#include <linux/virtio_net.h>
#include <linux/workqueue.h>

#include <labyrinth/fault.h>
#include <labyrinth/pages.h>
#include <labyrinth/rxparse.h>

#define LAB_DRV_NAME		"labyrinth"

/* RX buffer layout inside one order-0 page: headroom, then what the device
 * writes (virtio-net header + frame), then room for skb_shared_info.
 */
#define LAB_RX_HEADROOM		NET_SKB_PAD
#define LAB_RX_TAILROOM		SKB_DATA_ALIGN(sizeof(struct skb_shared_info))
#define LAB_RX_BUF_LEN		(PAGE_SIZE - LAB_RX_HEADROOM - LAB_RX_TAILROOM)

/*
 * Most buffers one merged frame may span: a 64 KiB GSO frame (GUEST_TSO4/6)
 * with a VLAN tag, after the virtio-net header, over 3,712-byte buffers
 * (4 KiB pages; lab_rxq_init() proves it).  Each may become a page frag;
 * past MAX_SKB_FRAGS the skb chains a second one (frag_list), so never
 * more than two skbs per frame.
 */
#define LAB_RX_GSO_FRAME_MAX	(U16_MAX + VLAN_ETH_HLEN)
#define LAB_RX_MAX_BUFS		18U

/*
 * Frames up to this many bytes are copied whole into a small skb head and
 * their buffer goes straight back to the ring: no page is lent, none needs
 * replacing, and a 64-byte frame no longer pins a 4 KiB page in a socket.
 * Longer frames have this much (their headers, for GRO) copied and the
 * rest attached as page frags.  Upstream virtio_net copies the same 128.
 */
#define LAB_RX_COPYBREAK	128

/* How long a TX queue may send nothing before ndo_tx_timeout. */
#define LAB_TX_TIMEOUT		(5 * HZ)

/* The fewest RX buffers ethtool -G may ask to keep posted. */
#define LAB_RX_RING_MIN		64

/*
 * Page budget, in ring sizes: the default, the default when the device may
 * send large frames (GUEST_TSO4/6: a TCP socket's window is up to 1,536
 * pages at tcp_rmem's 6 MiB), and the most devlink may set.
 */
#define LAB_BUDGET_DEFAULT_RINGS	8
#define LAB_BUDGET_GSO_RINGS		32
#define LAB_BUDGET_RINGS		32

/* How many lent pages one poll looks at before refilling. */
#define LAB_RECLAIM_SCAN	(2 * NAPI_POLL_WEIGHT)

/*
 * How long remove waits for the stack to give lent pages back (then they
 * are left to it, counted).  ifdown never waits: RTNL is held then.
 */
#define LAB_RECLAIM_WAIT_MS	2000
#define LAB_RECLAIM_STEP_MS	10

/* Per-queue counters; ethtool.c names them in the same order. */
enum lab_rxq_stat {
	LAB_RXQ_packets,
	LAB_RXQ_bytes,
	LAB_RXQ_drops,		/* all drops below but length errors */
	LAB_RXQ_drop_no_buffer,	/* no replacement page: allocator and reserve empty */
	LAB_RXQ_drop_budget,	/* the stack holds the whole page budget */
	LAB_RXQ_drop_no_skb,	/* no sk_buff, or its checksum not finished */
	LAB_RXQ_drop_down,	/* completed by the device as ifdown reset it */
	LAB_RXQ_length_errors,	/* device reported an impossible length */
	LAB_RXQ_alloc_fail,	/* fresh-page requests that got none */
	LAB_RXQ_reserve_used,	/* replacements taken from the reserve */
	LAB_RXQ_recycled,	/* replacements that were recycled pages */
	LAB_RXQ_kicks,
	LAB_RXQ_stack_at_down,	/* pages the stack held at ifdown (left lent) */
	LAB_RXQ_data_valid,	/* delivered, the device said DATA_VALID */
	LAB_RXQ_needs_csum,	/* delivered, the device said NEEDS_CSUM */
	LAB_RXQ_netpoll_polls,	/* budget-0 polls (netpoll): no RX work done */
	LAB_RXQ_gso_packets,	/* delivered as one GSO frame (GUEST_TSO) */
	LAB_RXQ_gso_bytes,	/* their bytes */
	LAB_RXQ_gso_errors,	/* a GSO header the frame or features deny */
	LAB_RXQ_NSTATS
};

enum lab_txq_stat {
	LAB_TXQ_packets,
	LAB_TXQ_bytes,
	LAB_TXQ_dropped,	/* not posted, or still posted at ifdown/remove */
	LAB_TXQ_kicks,
	LAB_TXQ_stops,
	LAB_TXQ_wakes,
	LAB_TXQ_needs_csum,	/* sent with NEEDS_CSUM: the device checksums */
	LAB_TXQ_hdr_pushed,	/* header in the skb's headroom: one buffer */
	LAB_TXQ_timeouts,	/* the TX watchdog fired (ndo_tx_timeout) */
	LAB_TXQ_tso_packets,	/* GSO frames the device segments (TSO, USO) */
	LAB_TXQ_tso_bytes,	/* their bytes, as handed over */
	LAB_TXQ_tso_segs,	/* the segments they become on the wire */
	LAB_TXQ_NSTATS
};

/* Control virtqueue counters (ctrl.c); ethtool.c names them. */
enum lab_ctrl_stat {
	LAB_CTRL_cmds,		/* commands the device answered OK */
	LAB_CTRL_errors,	/* commands it refused (VIRTIO_NET_ERR) */
	LAB_CTRL_bad_replies,	/* replies neither OK nor ERR, or too short */
	LAB_CTRL_timeouts,	/* no reply within LAB_CTRL_WAIT_MS */
	LAB_CTRL_busy,		/* refused at once: an earlier one unanswered */
	LAB_CTRL_announces,	/* GUEST_ANNOUNCE requests the driver acted on */
	LAB_CTRL_NSTATS
};

struct lab_ctrl_stats {
	struct u64_stats_sync syncp;
	u64_stats_t v[LAB_CTRL_NSTATS];
};

struct lab_rxq_stats {
	struct u64_stats_sync syncp;
	u64_stats_t v[LAB_RXQ_NSTATS];
};

struct lab_txq_stats {
	struct u64_stats_sync syncp;
	u64_stats_t v[LAB_TXQ_NSTATS];
};

struct lab_priv;
struct page_pool;

/* What one fault-attribute debugfs file points at. */
struct lab_fault_file {
	struct lab_priv *priv;
	struct lab_fault *fault;
	enum lab_fault_knob knob;
};

/* An injection point: fault attributes and their debugfs files. */
struct lab_inject {
	struct lab_fault fault;
	struct lab_fault_file files[LAB_FAULT_NKNOBS];
};

/* debugfs hostile/mode bits: how a hostile device lies (test-only). */
#define LAB_HOSTILE_LEN_LONG	BIT(0)	/* length beyond the posted buffer */
#define LAB_HOSTILE_LEN_SHORT	BIT(1)	/* length below the header */
#define LAB_HOSTILE_NBUF_ZERO	BIT(2)	/* num_buffers 0 */
#define LAB_HOSTILE_NBUF_HUGE	BIT(3)	/* num_buffers beyond the ring */
#define LAB_HOSTILE_CSUM	BIT(4)	/* NEEDS_CSUM, offsets beyond the frame */
#define LAB_HOSTILE_GSO		BIT(5)	/* a GSO header no frame may carry */
#define LAB_HOSTILE_RX_ALL	(BIT(6) - 1)	/* the lies of received frames */
#define LAB_HOSTILE_CTRL_MUTE	BIT(6)	/* a control command never answered */
#define LAB_HOSTILE_CTRL_GARBLE	BIT(7)	/* a reply neither OK nor ERR */
#define LAB_HOSTILE_ALL		(BIT(8) - 1)

/**
 * struct lab_rxq_view - what debugfs reads of a queue, copied by each poll
 * @pages: the ledger
 * @poll_bufs_max: most buffers one poll took off the ring
 */
struct lab_rxq_view {
	struct lab_pages pages;
	u32 poll_bufs_max;
};

/**
 * struct lab_rxq - one RX queue
 * @napi: its NAPI context; everything below is touched only from the poll,
 *	or from process context while NAPI is disabled
 * @vq: the device's RX virtqueue
 * @priv: the device
 * @pool: where fresh pages come from, and where freed ones go back
 * @pages: who owns each of the queue's pages
 * @poll_bufs_max: most buffers one poll took off the ring
 * @view_lock: protects @view
 * @view: @pages and @poll_bufs_max as the last poll left them, for readers
 * @stats: counters, read by ndo_get_stats64 and ethtool
 * @budget: page budget set through devlink; the poll applies it to @pages
 * @ring_target: buffers to keep posted (ethtool -G rx), at most the
 *	virtqueue's size
 * @stopped: the device was reset for ifdown: buffers are no longer posted
 * @index: queue number
 */
struct lab_rxq {
	struct napi_struct napi;
	struct virtqueue *vq;
	struct lab_priv *priv;
	struct page_pool *pool;
	struct lab_pages pages;
	u32 poll_bufs_max;
	spinlock_t view_lock;	/* view */
	struct lab_rxq_view view;
	struct lab_rxq_stats stats;
	u32 budget;
	u32 ring_target;
	bool stopped;
	unsigned int index;
};

/**
 * struct lab_txq - one TX queue
 * @napi: reclaims completed skbs; runs under the netdev TX queue lock
 * @vq: the device's TX virtqueue
 * @priv: the device
 * @sg: scatterlist for one frame, used under the TX queue lock
 * @stats: counters, written under the TX queue lock
 * @index: queue number
 */
struct lab_txq {
	struct napi_struct napi;
	struct virtqueue *vq;
	struct lab_priv *priv;
	struct scatterlist sg[MAX_SKB_FRAGS + 2];
	struct lab_txq_stats stats;
	unsigned int index;
};

/**
 * struct lab_ctrl - the control virtqueue and what it told the device
 * @lock: serialises commands (one at a time on the virtqueue) and the
 *	fields below; taken under RTNL or without it, never the reverse
 * @vq: the control virtqueue; NULL without VIRTIO_NET_F_CTRL_VQ or while
 *	the device is reset
 * @live: commands may be sent (the device is up and @vq exists)
 * @pending: a command the device has not answered: its buffers are still
 *	the device's, freed when it answers or at the next reset
 * @stats: counters, written under @lock
 * @has_rx: CTRL_RX: the device filters by the MAC tables and modes
 * @has_vlan: CTRL_VLAN: the device filters VLAN tags by @vlans
 * @has_mac: CTRL_MAC_ADDR: the device is told the MAC address
 * @has_offloads: CTRL_GUEST_OFFLOADS: rx-gro-hw turns GUEST_TSO on and off
 * @has_announce: GUEST_ANNOUNCE
 * @offloads_capable: the guest offloads negotiated (VIRTIO_NET_F_GUEST_*)
 * @offloads: those the device is to use (replayed after a reset)
 * @vlans: VLAN IDs the stack added (replayed after a reset)
 * @rx_mode_work: sends the receive modes and MAC tables (ndo_set_rx_mode
 *	runs in atomic context)
 * @announce_work: notifies peers and acknowledges GUEST_ANNOUNCE (RTNL)
 * @work_lock: protects @rx_mode_enabled
 * @rx_mode_enabled: @rx_mode_work may be queued
 */
struct lab_ctrl {
	struct mutex lock;	/* commands, the fields below */
	struct virtqueue *vq;
	bool live;
	void *pending;
	struct lab_ctrl_stats stats;
	bool has_rx;
	bool has_vlan;
	bool has_mac;
	bool has_offloads;
	bool has_announce;
	u64 offloads_capable;
	u64 offloads;
	DECLARE_BITMAP(vlans, VLAN_N_VID);
	struct work_struct rx_mode_work;
	struct work_struct announce_work;
	spinlock_t work_lock;	/* rx_mode_enabled */
	bool rx_mode_enabled;
};

/**
 * struct lab_priv - one labyrinth device
 * @vdev: the virtio device
 * @dev: its net_device
 * @rxq: RX queues
 * @txq: TX queues
 * @nqueues: number of queue pairs
 * @vqs_live: the device is initialised and its virtqueues exist (from
 *	probe or ifup until ifdown resets it)
 * @rx_ring_max: the device's RX virtqueue size
 * @tx_ring_max: the device's TX virtqueue size
 * @hdr_len: virtio-net header size on this device
 * @rx_limits: what a received frame may look like on this device
 * @guest_csum: VIRTIO_NET_F_GUEST_CSUM negotiated: the device may mark
 *	received frames DATA_VALID or NEEDS_CSUM
 * @host_csum: VIRTIO_NET_F_CSUM negotiated: the device checksums frames
 *	sent with NEEDS_CSUM
 * @guest_gso: the GSO types the device may send, LAB_GSO_OK_* (GUEST_TSO4,
 *	GUEST_TSO6, GUEST_ECN negotiated); 0 = whole frames only
 * @host_gso: the GSO features (NETIF_F_TSO, ...) the device negotiated
 *	for frames it is sent: what ethtool -K may turn on
 * @config_work: reads link state after a config-change interrupt
 * @config_lock: protects @config_enabled
 * @config_enabled: config changes may queue @config_work
 * @debugfs: this device's debugfs directory
 * @fail_rx_alloc: injected failures of the poll's fresh pages
 * @fail_recycled: whether @fail_rx_alloc also fails recycled pages (1, the
 *	default, as fail_function on page_pool's allocator does) or only
 *	pages the allocator would have to provide (0)
 * @hostile: how often the device is made to lie (test-only)
 * @hostile_mode: LAB_HOSTILE_* lies allowed; 0 = an honest device
 * @tx_stall: 1: TX completions are left in the ring, as if the device had
 *	stopped sending (test-only: it drives the TX watchdog)
 * @fault_lock: serialises @fail_rx_alloc and @hostile between polls and
 *	debugfs
 * @devlink: this device's devlink instance (runtime parameters)
 * @ctrl: the control virtqueue (ctrl.c)
 */
struct lab_priv {
	struct virtio_device *vdev;
	struct net_device *dev;
	struct lab_rxq *rxq;
	struct lab_txq *txq;
	unsigned int nqueues;
	bool vqs_live;
	u32 rx_ring_max;
	u32 tx_ring_max;
	unsigned int hdr_len;
	struct lab_rx_limits rx_limits;
	bool guest_csum;
	bool host_csum;
	u32 guest_gso;
	netdev_features_t host_gso;
	struct work_struct config_work;
	spinlock_t config_lock;	/* config_enabled */
	bool config_enabled;
	struct dentry *debugfs;
	struct lab_inject fail_rx_alloc;
	u32 fail_recycled;
	struct lab_inject hostile;
	u32 hostile_mode;
	u32 tx_stall;
	spinlock_t fault_lock;	/* fail_rx_alloc, hostile */
	struct devlink *devlink;
	struct lab_ctrl ctrl;
};

/* main.c */
int lab_device_up(struct lab_priv *priv);
void lab_device_down(struct lab_priv *priv);

/* netdev.c */
void lab_netdev_setup(struct lab_priv *priv);
int lab_queues_open(struct lab_priv *priv);
void lab_queues_close(struct lab_priv *priv);
void lab_napi_schedule(struct napi_struct *napi, struct virtqueue *vq);
void lab_napi_complete(struct napi_struct *napi, struct virtqueue *vq,
		       int done);

/* rx.c */
int lab_rxq_init(struct lab_rxq *rq, struct lab_priv *priv, unsigned int index);
void lab_rxq_fini(struct lab_rxq *rq);
int lab_rxq_open(struct lab_rxq *rq);
void lab_rxq_close(struct lab_rxq *rq);
void lab_rxq_down(struct lab_rxq *rq);
void lab_rxq_release(struct lab_rxq *rq);
void lab_rxq_done(struct virtqueue *vq);
void lab_rxq_read_pages(struct lab_rxq *rq, struct lab_rxq_view *snap);
extern atomic_t lab_pages_left_to_stack;
void lab_rxq_set_ring(struct lab_rxq *rq, u32 target);

/* tx.c */
int lab_txq_init(struct lab_txq *tq, struct lab_priv *priv, unsigned int index);
void lab_txq_fini(struct lab_txq *tq);
void lab_txq_open(struct lab_txq *tq);
void lab_txq_close(struct lab_txq *tq);
void lab_txq_release(struct lab_txq *tq);
void lab_txq_done(struct virtqueue *vq);
netdev_tx_t lab_start_xmit(struct sk_buff *skb, struct net_device *dev);
void lab_tx_timeout(struct net_device *dev, unsigned int qi);

/* ethtool.c */
extern const struct ethtool_ops lab_ethtool_ops;
void lab_rxq_stats_read(const struct lab_rxq_stats *s, u64 *out);
void lab_txq_stats_read(const struct lab_txq_stats *s, u64 *out);

/* ctrl.c */
void lab_ctrl_init(struct lab_priv *priv);
void lab_ctrl_start(struct lab_priv *priv, bool replay);
void lab_ctrl_stop(struct lab_priv *priv);
void lab_ctrl_release(struct lab_priv *priv);
void lab_ctrl_fini(struct lab_priv *priv);
void lab_ctrl_rx_mode(struct lab_priv *priv);
int lab_ctrl_set_mac(struct lab_priv *priv, const u8 *addr);
int lab_ctrl_vlan(struct lab_priv *priv, u16 vid, bool add);
int lab_ctrl_set_gro_hw(struct lab_priv *priv, bool on);
void lab_ctrl_announce(struct lab_priv *priv);
void lab_ctrl_stats_read(const struct lab_ctrl_stats *s, u64 *out);

/* devlink.c */
int lab_devlink_register(struct lab_priv *priv);
void lab_devlink_unregister(struct lab_priv *priv);
int lab_devlink_budget_set(struct devlink *devlink, u32 id,
			   struct devlink_param_gset_ctx *ctx);

/* rx.c, injection */
bool lab_inject_hit(struct lab_priv *priv, struct lab_inject *inj);

/* debugfs.c */
void lab_debugfs_init(void);
void lab_debugfs_exit(void);
void lab_debugfs_add(struct lab_priv *priv);
void lab_debugfs_remove(struct lab_priv *priv);

#endif /* _LAB_H */
