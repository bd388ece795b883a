// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of driver/rxparse.c: device-reported lengths, buffer
 * counts (capped at the ring's size) and checksum offsets.
 */
#include <labyrinth/rxparse.h>

#include "harness.h"

#define HDR 12u
#define BUF 3712u
#define RING 256u	/* the virtqueue's size: QEMU's default */

TEST(accepts_header_plus_ethernet_header)
{
	ASSERT_EQ(lab_rx_check_len(HDR + LAB_ETH_HLEN, HDR, BUF), LAB_RX_OK);
	ASSERT_EQ(lab_rx_check_len(BUF, HDR, BUF), LAB_RX_OK);
}

TEST(rejects_short_lengths)
{
	ASSERT_EQ(lab_rx_check_len(0, HDR, BUF), LAB_RX_TOO_SHORT);
	ASSERT_EQ(lab_rx_check_len(HDR - 1, HDR, BUF), LAB_RX_TOO_SHORT);
	ASSERT_EQ(lab_rx_check_len(HDR, HDR, BUF), LAB_RX_TOO_SHORT);
	ASSERT_EQ(lab_rx_check_len(HDR + LAB_ETH_HLEN - 1, HDR, BUF),
		  LAB_RX_TOO_SHORT);
}

TEST(rejects_lengths_beyond_the_buffer)
{
	ASSERT_EQ(lab_rx_check_len(BUF + 1, HDR, BUF), LAB_RX_TOO_LONG);
	ASSERT_EQ(lab_rx_check_len(0xffffffffu, HDR, BUF), LAB_RX_TOO_LONG);
}

TEST(num_buffers_must_fit_one_skb)
{
	ASSERT_EQ(lab_rx_check_num_buffers(1, 18), LAB_RX_OK);
	ASSERT_EQ(lab_rx_check_num_buffers(18, 18), LAB_RX_OK);
	ASSERT_EQ(lab_rx_check_num_buffers(0, 18), LAB_RX_BAD_COUNT);
	ASSERT_EQ(lab_rx_check_num_buffers(19, 18), LAB_RX_BAD_COUNT);
	ASSERT_EQ(lab_rx_check_num_buffers(0xffff, 18), LAB_RX_BAD_COUNT);
}

static const struct lab_rx_limits mrg = {
	.hdr_len = HDR, .buf_len = BUF, .max_bufs = 18, .ring = RING,
	.mergeable = true,
};

/* Runs a frame's check as rx.c's gather does; returns the buffers taken. */
static unsigned int gather(struct lab_rx_frame_check *c,
			   const struct lab_rx_limits *lim, unsigned int nb,
			   unsigned int *kept)
{
	unsigned int taken = 1;

	*kept = 1;
	lab_rx_frame_start(c, lim, BUF, nb);
	while (lab_rx_frame_more(c)) {
		lab_rx_frame_add(c, lim, 100);
		*kept += lab_rx_frame_keeps(c, lim);
		taken++;
	}
	return taken;
}

TEST(single_buffer_frame)
{
	struct lab_rx_frame_check c;

	lab_rx_frame_start(&c, &mrg, 100, 1);
	ASSERT_TRUE(!c.bad);
	ASSERT_TRUE(!lab_rx_frame_more(&c));
}

TEST(merged_frame_takes_all_its_buffers)
{
	struct lab_rx_frame_check c;
	unsigned int taken = 1;

	lab_rx_frame_start(&c, &mrg, BUF, 3);
	while (lab_rx_frame_more(&c)) {
		lab_rx_frame_add(&c, &mrg, taken == 2 ? 500 : BUF);
		ASSERT_TRUE(lab_rx_frame_keeps(&c, &mrg));
		taken++;
	}
	ASSERT_EQ(taken, 3);
	ASSERT_TRUE(!c.bad);
}

TEST(bad_buffer_in_a_merged_frame_spoils_it_but_keeps_step)
{
	struct lab_rx_frame_check c;
	unsigned int taken = 1;

	lab_rx_frame_start(&c, &mrg, BUF, 4);
	while (lab_rx_frame_more(&c)) {
		lab_rx_frame_add(&c, &mrg, taken == 2 ? BUF + 1 : 0);
		taken++;
	}
	ASSERT_EQ(taken, 4);
	ASSERT_TRUE(c.bad);
}

TEST(num_buffers_beyond_an_skb_is_bad_yet_all_are_taken)
{
	struct lab_rx_frame_check c;
	unsigned int taken = 1, kept = 1;

	lab_rx_frame_start(&c, &mrg, BUF, 40);
	ASSERT_TRUE(c.bad);
	while (lab_rx_frame_more(&c)) {
		lab_rx_frame_add(&c, &mrg, 100);
		kept += lab_rx_frame_keeps(&c, &mrg);
		taken++;
	}
	ASSERT_EQ(taken, 40);
	ASSERT_EQ(kept, 18);
}

TEST(num_buffers_beyond_the_ring_is_bad_and_takes_only_the_ring)
{
	struct lab_rx_frame_check c;
	unsigned int kept;

	/* a device that claims 65,535 and goes on completing buffers */
	lab_rx_frame_start(&c, &mrg, BUF, 0xffff);
	ASSERT_TRUE(c.bad);
	ASSERT_EQ(c.want, RING);
	ASSERT_EQ(gather(&c, &mrg, 0xffff, &kept), RING);
	ASSERT_EQ(c.seen, RING);
	ASSERT_EQ(kept, 18);
	ASSERT_TRUE(c.bad);
	/* one more than the ring: bad, the ring's size taken */
	lab_rx_frame_start(&c, &mrg, BUF, RING + 1);
	ASSERT_TRUE(c.bad);
	ASSERT_EQ(c.want, RING);
}

TEST(num_buffers_equal_to_the_ring_within_max_bufs)
{
	struct lab_rx_limits lim = mrg;
	struct lab_rx_frame_check c;
	unsigned int kept;

	/* ring == max_bufs == num_buffers: a good frame of the whole ring */
	lim.ring = 18;
	ASSERT_EQ(gather(&c, &lim, 18, &kept), 18);
	ASSERT_TRUE(!c.bad);
	ASSERT_EQ(c.want, 18);
	ASSERT_EQ(kept, 18);
	/* one past the ring, within max_bufs: bad, the ring's size taken */
	lim.max_bufs = 19;
	ASSERT_EQ(gather(&c, &lim, 19, &kept), 18);
	ASSERT_TRUE(c.bad);
	ASSERT_EQ(c.want, 18);
	ASSERT_EQ(kept, 18);
	/* a ring smaller than max_bufs: its size is the most a frame has */
	lim.max_bufs = 18;
	lim.ring = 4;
	ASSERT_EQ(gather(&c, &lim, 4, &kept), 4);
	ASSERT_TRUE(!c.bad);
	ASSERT_EQ(gather(&c, &lim, 5, &kept), 4);
	ASSERT_TRUE(c.bad);
	ASSERT_EQ(c.want, 4);
	ASSERT_EQ(gather(&c, &lim, 18, &kept), 4);
	ASSERT_TRUE(c.bad);
	/* a ring of one buffer: frames of one buffer only */
	lim.ring = 1;
	lab_rx_frame_start(&c, &lim, BUF, 1);
	ASSERT_TRUE(!c.bad);
	ASSERT_TRUE(!lab_rx_frame_more(&c));
	lab_rx_frame_start(&c, &lim, BUF, 2);
	ASSERT_TRUE(c.bad);
	ASSERT_EQ(c.want, 1);
	ASSERT_TRUE(!lab_rx_frame_more(&c));
}

TEST(num_buffers_within_the_ring_beyond_max_bufs_takes_them_all)
{
	struct lab_rx_frame_check c;
	unsigned int kept;

	lab_rx_frame_start(&c, &mrg, BUF, 19);
	ASSERT_TRUE(c.bad);
	ASSERT_EQ(c.want, 19);
	lab_rx_frame_start(&c, &mrg, BUF, RING);
	ASSERT_TRUE(c.bad);
	ASSERT_EQ(c.want, RING);
	ASSERT_EQ(gather(&c, &mrg, RING - 1, &kept), RING - 1);
	ASSERT_TRUE(c.bad);
	ASSERT_EQ(c.want, RING - 1);
	ASSERT_EQ(kept, 18);
}

TEST(num_buffers_is_not_trusted_without_a_header)
{
	struct lab_rx_frame_check c;

	lab_rx_frame_start(&c, &mrg, HDR - 1, 7);
	ASSERT_TRUE(c.bad);
	ASSERT_TRUE(!lab_rx_frame_more(&c));
	lab_rx_frame_start(&c, &mrg, BUF + 1, 7);
	ASSERT_TRUE(c.bad);
	ASSERT_TRUE(!lab_rx_frame_more(&c));
	lab_rx_frame_start(&c, &mrg, 100, 0);
	ASSERT_TRUE(c.bad);
	ASSERT_TRUE(!lab_rx_frame_more(&c));
}

TEST(num_buffers_is_ignored_without_mergeable_buffers)
{
	struct lab_rx_limits one = mrg;
	struct lab_rx_frame_check c;

	one.mergeable = false;
	lab_rx_frame_start(&c, &one, 100, 0xffff);
	ASSERT_TRUE(!c.bad);
	ASSERT_TRUE(!lab_rx_frame_more(&c));
	/* and so is the ring's size */
	one.ring = 1;
	lab_rx_frame_start(&c, &one, 100, 0xffff);
	ASSERT_TRUE(!c.bad);
	ASSERT_EQ(c.want, 1);
}

/* Checksum flags and offsets: a 1,000-byte frame, 3,700 in its first buffer. */
#define FRAME 1000u
#define HEAD 3700u

static enum lab_rx_csum_kind csum_kind(unsigned int flags, unsigned int start,
				       unsigned int offset, bool negotiated,
				       unsigned int frame, unsigned int head,
				       enum lab_rx_verdict *v)
{
	struct lab_rx_csum cs = { .flags = flags, .start = start, .offset = offset };
	enum lab_rx_csum_kind kind = LAB_CSUM_PARTIAL;

	*v = lab_rx_check_csum(&cs, negotiated, frame, head, &kind);
	return kind;
}

TEST(csum_flags_ignored_without_guest_csum)
{
	enum lab_rx_verdict v;

	ASSERT_EQ(csum_kind(LAB_VNET_F_DATA_VALID, 0, 0, false, FRAME, HEAD, &v),
		  LAB_CSUM_NONE);
	ASSERT_EQ(v, LAB_RX_OK);
	/* even impossible offsets: the fields mean nothing then */
	ASSERT_EQ(csum_kind(LAB_VNET_F_NEEDS_CSUM, 0xffff, 0xffff, false, FRAME,
			    HEAD, &v), LAB_CSUM_NONE);
	ASSERT_EQ(v, LAB_RX_OK);
}

TEST(csum_no_flags_is_none)
{
	enum lab_rx_verdict v;

	ASSERT_EQ(csum_kind(0, 0xffff, 0xffff, true, FRAME, HEAD, &v), LAB_CSUM_NONE);
	ASSERT_EQ(v, LAB_RX_OK);
	/* unknown bits (e.g. RSC_INFO, 4) are ignored */
	ASSERT_EQ(csum_kind(4 | 0xf8, 0, 0, true, FRAME, HEAD, &v), LAB_CSUM_NONE);
	ASSERT_EQ(v, LAB_RX_OK);
}

TEST(csum_data_valid_is_unnecessary)
{
	enum lab_rx_verdict v;

	ASSERT_EQ(csum_kind(LAB_VNET_F_DATA_VALID, 0, 0, true, FRAME, HEAD, &v),
		  LAB_CSUM_UNNECESSARY);
	ASSERT_EQ(v, LAB_RX_OK);
	/* offsets are not looked at without NEEDS_CSUM */
	ASSERT_EQ(csum_kind(LAB_VNET_F_DATA_VALID, 0xffff, 0xffff, true, FRAME,
			    HEAD, &v), LAB_CSUM_UNNECESSARY);
	ASSERT_EQ(v, LAB_RX_OK);
}

TEST(csum_needs_csum_tcp_and_udp_over_ipv4_and_ipv6)
{
	enum lab_rx_verdict v;

	/* TCP/IPv4: start 34, offset 16; UDP/IPv4: 34, 6; TCP/IPv6: 54, 16 */
	ASSERT_EQ(csum_kind(LAB_VNET_F_NEEDS_CSUM, 34, 16, true, FRAME, HEAD, &v),
		  LAB_CSUM_PARTIAL);
	ASSERT_EQ(v, LAB_RX_OK);
	ASSERT_EQ(csum_kind(LAB_VNET_F_NEEDS_CSUM, 34, 6, true, 42, HEAD, &v),
		  LAB_CSUM_PARTIAL);
	ASSERT_EQ(v, LAB_RX_OK);
	ASSERT_EQ(csum_kind(LAB_VNET_F_NEEDS_CSUM, 54, 16, true, FRAME, HEAD, &v),
		  LAB_CSUM_PARTIAL);
	ASSERT_EQ(v, LAB_RX_OK);
}

TEST(csum_needs_csum_wins_over_data_valid)
{
	enum lab_rx_verdict v;

	ASSERT_EQ(csum_kind(LAB_VNET_F_NEEDS_CSUM | LAB_VNET_F_DATA_VALID, 34, 16,
			    true, FRAME, HEAD, &v), LAB_CSUM_PARTIAL);
	ASSERT_EQ(v, LAB_RX_OK);
	/* and its offsets are checked even then */
	ASSERT_EQ(csum_kind(LAB_VNET_F_NEEDS_CSUM | LAB_VNET_F_DATA_VALID, 34,
			    FRAME, true, FRAME, HEAD, &v), LAB_CSUM_NONE);
	ASSERT_EQ(v, LAB_RX_BAD_CSUM);
}

TEST(csum_field_must_end_inside_the_frame)
{
	enum lab_rx_verdict v;

	/* the last two bytes of the frame: the furthest a field may be */
	ASSERT_EQ(csum_kind(LAB_VNET_F_NEEDS_CSUM, 34, FRAME - 36, true, FRAME,
			    HEAD, &v), LAB_CSUM_PARTIAL);
	ASSERT_EQ(v, LAB_RX_OK);
	ASSERT_EQ(csum_kind(LAB_VNET_F_NEEDS_CSUM, 34, FRAME - 35, true, FRAME,
			    HEAD, &v), LAB_CSUM_NONE);
	ASSERT_EQ(v, LAB_RX_BAD_CSUM);
	ASSERT_EQ(csum_kind(LAB_VNET_F_NEEDS_CSUM, FRAME, 0, true, FRAME, HEAD, &v),
		  LAB_CSUM_NONE);
	ASSERT_EQ(v, LAB_RX_BAD_CSUM);
	ASSERT_EQ(csum_kind(LAB_VNET_F_NEEDS_CSUM, FRAME - 1, 0, true, FRAME, HEAD,
			    &v), LAB_CSUM_NONE);
	ASSERT_EQ(v, LAB_RX_BAD_CSUM);
}

TEST(csum_field_must_be_in_the_first_buffer)
{
	enum lab_rx_verdict v;

	/* a merged frame of 9,000 bytes: the field may not be past buffer 1 */
	ASSERT_EQ(csum_kind(LAB_VNET_F_NEEDS_CSUM, 34, HEAD - 36, true, 9000, HEAD,
			    &v), LAB_CSUM_PARTIAL);
	ASSERT_EQ(v, LAB_RX_OK);
	ASSERT_EQ(csum_kind(LAB_VNET_F_NEEDS_CSUM, 34, HEAD - 35, true, 9000, HEAD,
			    &v), LAB_CSUM_NONE);
	ASSERT_EQ(v, LAB_RX_BAD_CSUM);
}

TEST(csum_start_must_be_past_the_ethernet_header)
{
	enum lab_rx_verdict v;

	ASSERT_EQ(csum_kind(LAB_VNET_F_NEEDS_CSUM, 0, 16, true, FRAME, HEAD, &v),
		  LAB_CSUM_NONE);
	ASSERT_EQ(v, LAB_RX_BAD_CSUM);
	ASSERT_EQ(csum_kind(LAB_VNET_F_NEEDS_CSUM, LAB_ETH_HLEN - 1, 16, true,
			    FRAME, HEAD, &v), LAB_CSUM_NONE);
	ASSERT_EQ(v, LAB_RX_BAD_CSUM);
	ASSERT_EQ(csum_kind(LAB_VNET_F_NEEDS_CSUM, LAB_ETH_HLEN, 0, true, FRAME,
			    HEAD, &v), LAB_CSUM_PARTIAL);
	ASSERT_EQ(v, LAB_RX_OK);
}

TEST(csum_offsets_do_not_wrap)
{
	enum lab_rx_verdict v;

	/* sums that would wrap 32 bits must not pass as small ones */
	ASSERT_EQ(csum_kind(LAB_VNET_F_NEEDS_CSUM, 0xffffffffu, 0xffffffffu, true,
			    0xffffffffu, 0xffffffffu, &v), LAB_CSUM_NONE);
	ASSERT_EQ(v, LAB_RX_BAD_CSUM);
	ASSERT_EQ(csum_kind(LAB_VNET_F_NEEDS_CSUM, 34, 0xfffffffeu, true, FRAME,
			    HEAD, &v), LAB_CSUM_NONE);
	ASSERT_EQ(v, LAB_RX_BAD_CSUM);
	/* every 16-bit pair the wire can carry, against a 1,000-byte frame */
	for (unsigned int s = 0; s <= 0xffff; s += 97)
		for (unsigned int o = 0; o <= 0xffff; o += 89) {
			bool ok = s >= LAB_ETH_HLEN && s + o + 2 <= FRAME;

			ASSERT_EQ(csum_kind(LAB_VNET_F_NEEDS_CSUM, s, o, true,
					    FRAME, HEAD, &v),
				  ok ? LAB_CSUM_PARTIAL : LAB_CSUM_NONE);
			ASSERT_EQ(v, ok ? LAB_RX_OK : LAB_RX_BAD_CSUM);
		}
}

TEST(csum_end_is_where_the_field_ends)
{
	struct lab_rx_csum cs = { .flags = LAB_VNET_F_NEEDS_CSUM, .start = 34,
				  .offset = 16 };

	ASSERT_EQ(lab_rx_csum_end(&cs), 52);
}

/* Segmentation fields: a 64 KiB TCP frame, what QEMU's tap hands over. */
#define BIG 65226u
#define TSO (LAB_GSO_OK_TCPV4 | LAB_GSO_OK_TCPV6 | LAB_GSO_OK_ECN)

static enum lab_rx_verdict gso_eth(unsigned int type, unsigned int size,
				   unsigned int hdr_len, unsigned int ok,
				   enum lab_rx_csum_kind csum, unsigned int frame,
				   unsigned int ethertype)
{
	struct lab_rx_gso g = { .type = type, .size = size, .hdr_len = hdr_len };

	return lab_rx_check_gso(&g, ok, csum, frame, ethertype);
}

/* IPv6 for TCPV6, IPv4 for the rest: the protocol that matches */
static enum lab_rx_verdict gso(unsigned int type, unsigned int size,
			       unsigned int hdr_len, unsigned int ok,
			       enum lab_rx_csum_kind csum, unsigned int frame)
{
	unsigned int eth = (type & ~LAB_VNET_GSO_ECN) == LAB_VNET_GSO_TCPV6 ?
			   LAB_ETH_P_IPV6 : LAB_ETH_P_IP;

	return gso_eth(type, size, hdr_len, ok, csum, frame, eth);
}

TEST(gso_none_ignores_its_fields)
{
	ASSERT_EQ(gso(LAB_VNET_GSO_NONE, 0, 0xffff, 0, LAB_CSUM_NONE, FRAME),
		  LAB_RX_OK);
	ASSERT_EQ(gso(LAB_VNET_GSO_NONE, 0xffff, 0, TSO, LAB_CSUM_NONE, 60),
		  LAB_RX_OK);
}

TEST(gso_tcp_frames_as_tap_sends_them)
{
	ASSERT_EQ(gso(LAB_VNET_GSO_TCPV4, 1448, 66, TSO, LAB_CSUM_PARTIAL, BIG),
		  LAB_RX_OK);
	ASSERT_EQ(gso(LAB_VNET_GSO_TCPV6, 1428, 86, TSO, LAB_CSUM_PARTIAL, BIG),
		  LAB_RX_OK);
	ASSERT_EQ(gso(LAB_VNET_GSO_TCPV4 | LAB_VNET_GSO_ECN, 1448, 66, TSO,
		      LAB_CSUM_PARTIAL, BIG), LAB_RX_OK);
	/* forwarded GRO frames come DATA_VALID; hdr_len 0 is no hint */
	ASSERT_EQ(gso(LAB_VNET_GSO_TCPV4, 1448, 0, TSO, LAB_CSUM_UNNECESSARY,
		      BIG), LAB_RX_OK);
}

TEST(gso_types_not_negotiated_are_refused)
{
	ASSERT_EQ(gso(LAB_VNET_GSO_TCPV4, 1448, 66, 0, LAB_CSUM_PARTIAL, BIG),
		  LAB_RX_BAD_GSO);
	ASSERT_EQ(gso(LAB_VNET_GSO_TCPV6, 1448, 66, LAB_GSO_OK_TCPV4,
		      LAB_CSUM_PARTIAL, BIG), LAB_RX_BAD_GSO);
	ASSERT_EQ(gso(LAB_VNET_GSO_TCPV4, 1448, 66, LAB_GSO_OK_TCPV6,
		      LAB_CSUM_PARTIAL, BIG), LAB_RX_BAD_GSO);
	ASSERT_EQ(gso(LAB_VNET_GSO_UDP, 1448, 42, TSO, LAB_CSUM_PARTIAL, BIG),
		  LAB_RX_BAD_GSO);
	ASSERT_EQ(gso(LAB_VNET_GSO_UDP_L4, 1448, 42, TSO, LAB_CSUM_PARTIAL, BIG),
		  LAB_RX_BAD_GSO);
	ASSERT_EQ(gso(LAB_VNET_GSO_UDP_L4, 1448, 42, LAB_GSO_OK_UDP_L4,
		      LAB_CSUM_PARTIAL, BIG), LAB_RX_OK);
}

TEST(gso_unknown_types_are_refused)
{
	unsigned int all = TSO | LAB_GSO_OK_UDP | LAB_GSO_OK_UDP_L4, t;

	for (t = 0; t <= 0xff; t++) {
		unsigned int base = t & ~LAB_VNET_GSO_ECN;
		bool known = base == 1 || base == 3 || base == 4 || base == 5;
		bool ecn_ok = !(t & LAB_VNET_GSO_ECN) || base == 1 || base == 4;

		if (t == LAB_VNET_GSO_NONE)
			continue;
		ASSERT_EQ(gso(t, 1448, 66, all, LAB_CSUM_PARTIAL, BIG),
			  known && ecn_ok ? LAB_RX_OK : LAB_RX_BAD_GSO);
	}
}

TEST(gso_ecn_needs_guest_ecn)
{
	ASSERT_EQ(gso(LAB_VNET_GSO_TCPV4 | LAB_VNET_GSO_ECN, 1448, 66,
		      LAB_GSO_OK_TCPV4 | LAB_GSO_OK_TCPV6, LAB_CSUM_PARTIAL, BIG),
		  LAB_RX_BAD_GSO);
	ASSERT_EQ(gso(LAB_VNET_GSO_UDP | LAB_VNET_GSO_ECN, 1448, 42,
		      TSO | LAB_GSO_OK_UDP, LAB_CSUM_PARTIAL, BIG),
		  LAB_RX_BAD_GSO);
}

TEST(gso_size_zero_or_beyond_the_frame_is_refused)
{
	ASSERT_EQ(gso(LAB_VNET_GSO_TCPV4, 0, 66, TSO, LAB_CSUM_PARTIAL, BIG),
		  LAB_RX_BAD_GSO);
	ASSERT_EQ(gso(LAB_VNET_GSO_TCPV4, BIG, 66, TSO, LAB_CSUM_PARTIAL, BIG),
		  LAB_RX_BAD_GSO);
	ASSERT_EQ(gso(LAB_VNET_GSO_TCPV4, 0xffff, 66, TSO, LAB_CSUM_PARTIAL,
		      FRAME), LAB_RX_BAD_GSO);
	ASSERT_EQ(gso(LAB_VNET_GSO_TCPV4, BIG - 1, 66, TSO, LAB_CSUM_PARTIAL,
		      BIG), LAB_RX_OK);
	ASSERT_EQ(gso(LAB_VNET_GSO_TCPV4, 1, 66, TSO, LAB_CSUM_PARTIAL, BIG),
		  LAB_RX_OK);
}

TEST(gso_hdr_len_beyond_the_frame_is_refused)
{
	ASSERT_EQ(gso(LAB_VNET_GSO_TCPV4, 1448, BIG, TSO, LAB_CSUM_PARTIAL, BIG),
		  LAB_RX_OK);
	ASSERT_EQ(gso(LAB_VNET_GSO_TCPV4, 1448, BIG + 1, TSO, LAB_CSUM_PARTIAL,
		      BIG), LAB_RX_BAD_GSO);
	ASSERT_EQ(gso(LAB_VNET_GSO_TCPV4, 100, 0xffff, TSO, LAB_CSUM_PARTIAL,
		      FRAME), LAB_RX_BAD_GSO);
}

TEST(gso_type_must_match_the_network_protocol)
{
	unsigned int all = TSO | LAB_GSO_OK_UDP | LAB_GSO_OK_UDP_L4;

	ASSERT_EQ(gso_eth(LAB_VNET_GSO_TCPV4, 1448, 66, all, LAB_CSUM_PARTIAL,
			  BIG, LAB_ETH_P_IPV6), LAB_RX_BAD_GSO);
	ASSERT_EQ(gso_eth(LAB_VNET_GSO_TCPV6, 1448, 66, all, LAB_CSUM_PARTIAL,
			  BIG, LAB_ETH_P_IP), LAB_RX_BAD_GSO);
	ASSERT_EQ(gso_eth(LAB_VNET_GSO_UDP, 1448, 66, all, LAB_CSUM_PARTIAL,
			  BIG, LAB_ETH_P_IPV6), LAB_RX_BAD_GSO);
	ASSERT_EQ(gso_eth(LAB_VNET_GSO_TCPV4, 1448, 66, all, LAB_CSUM_PARTIAL,
			  BIG, 0x0806), LAB_RX_BAD_GSO);
	ASSERT_EQ(gso_eth(LAB_VNET_GSO_UDP_L4, 1448, 66, all, LAB_CSUM_PARTIAL,
			  BIG, LAB_ETH_P_IPV6), LAB_RX_OK);
	ASSERT_EQ(gso_eth(LAB_VNET_GSO_UDP_L4, 1448, 66, all, LAB_CSUM_PARTIAL,
			  BIG, LAB_ETH_P_IP), LAB_RX_OK);
	/* a VLAN tag hides the protocol: the stack checks (GSO_DODGY) */
	ASSERT_EQ(gso_eth(LAB_VNET_GSO_TCPV6, 1448, 66, all, LAB_CSUM_PARTIAL,
			  BIG, LAB_ETH_P_8021Q), LAB_RX_OK);
	ASSERT_EQ(gso_eth(LAB_VNET_GSO_TCPV4, 1448, 66, all, LAB_CSUM_PARTIAL,
			  BIG, LAB_ETH_P_8021AD), LAB_RX_OK);
}

TEST(gso_needs_a_checksum_the_stack_can_trust)
{
	ASSERT_EQ(gso(LAB_VNET_GSO_TCPV4, 1448, 66, TSO, LAB_CSUM_NONE, BIG),
		  LAB_RX_BAD_GSO);
}

int main(void)
{
	return lab_run_tests("rxparse");
}
