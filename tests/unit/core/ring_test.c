// SPDX-License-Identifier: LGPL-2.1-or-later
/* core/ring.h: the ring queue's three policies. */
#include "core/ring.h"
#include "unit.h"

struct ev {
	uint32_t a;
	char b[12];
};

START_TEST(drop_oldest)
{
	struct ev store[4], out;
	struct cti_ring r;

	CTI_RING_INIT(&r, store, CTI_RING_DROP_OLDEST);
	ck_assert_uint_eq(r.cap, 4);
	ck_assert_uint_eq(r.esize, sizeof(struct ev));
	ck_assert(cti_ring_empty(&r));
	ck_assert(!cti_ring_pop(&r, &out));
	ck_assert_ptr_null(cti_ring_peek(&r));
	/* 1..6 into 4 slots: 1 and 2 are dropped */
	for (uint32_t i = 1; i <= 6; i++) {
		struct ev *e = cti_ring_push(&r);

		ck_assert_ptr_nonnull(e);
		e->a = i;
	}
	ck_assert_uint_eq(cti_ring_len(&r), 4);
	ck_assert_uint_eq(r.dropped, 2);
	ck_assert_uint_eq(((struct ev *)cti_ring_at(&r, 3))->a, 6);
	ck_assert(cti_ring_pop(&r, &out));
	ck_assert_uint_eq(out.a, 3);
	ck_assert_uint_eq(store[2].a, 3); /* a plain pop leaves the slot */
	for (uint32_t i = 4; i <= 6; i++) {
		ck_assert(cti_ring_pop_wipe(&r, &out));
		ck_assert_uint_eq(out.a, i);
	}
	ck_assert(!cti_ring_pop_wipe(&r, &out));
	store[2].a = 0;
	/* the slots popped with wipe were zeroed */
	for (int i = 0; i < 4; i++)
		ck_assert_uint_eq(store[i].a, 0);
	/* wrap around many times, one in one out */
	for (uint32_t i = 0; i < 100; i++) {
		((struct ev *)cti_ring_push_drop(&r))->a = i;
		ck_assert(cti_ring_pop(&r, &out));
		ck_assert_uint_eq(out.a, i);
	}
	ck_assert_uint_eq(r.dropped, 2);
}
END_TEST

START_TEST(refuse_when_full)
{
	char store[3], c = 0;
	struct cti_ring r;

	CTI_RING_INIT(&r, store, CTI_RING_REFUSE);
	ck_assert_uint_eq(cti_ring_space(&r), 3);
	for (char d = 'a'; d < 'd'; d++)
		*(char *)cti_ring_push(&r) = d;
	ck_assert_uint_eq(cti_ring_space(&r), 0);
	ck_assert_ptr_null(cti_ring_push(&r));
	ck_assert_uint_eq(r.dropped, 0);
	ck_assert(cti_ring_pop(&r, &c));
	ck_assert_int_eq(c, 'a');
	*(char *)cti_ring_push(&r) = 'd';
	for (char d = 'b'; d <= 'd'; d++) {
		ck_assert(cti_ring_pop(&r, &c));
		ck_assert_int_eq(c, d);
	}
	*(char *)cti_ring_push(&r) = 'x';
	cti_ring_clear(&r);
	ck_assert(cti_ring_empty(&r));
	cti_ring_free(&r); /* a fixed ring: nothing to free */
	ck_assert_ptr_eq(r.buf, (unsigned char *)store);
}
END_TEST

/* A growing ring keeps its order across the doublings, also when its
 * contents wrap around the end of the storage. */
START_TEST(grows_in_order)
{
	struct cti_ring r;
	uint64_t v;

	cti_ring_init_grow(&r, sizeof(uint64_t));
	ck_assert_uint_eq(r.cap, 0);
	ck_assert(!cti_ring_pop(&r, &v));
	for (uint64_t i = 0; i < 50; i++)
		*(uint64_t *)cti_ring_push(&r) = i;
	ck_assert_uint_eq(r.cap, 64);
	for (uint64_t i = 0; i < 40; i++) {
		ck_assert(cti_ring_pop(&r, &v));
		ck_assert_uint_eq(v, i);
	}
	/* 10 left at 40..49; 100 more wrap, then grow to 128 */
	for (uint64_t i = 50; i < 150; i++)
		*(uint64_t *)cti_ring_push(&r) = i;
	ck_assert_uint_eq(r.cap, 128);
	ck_assert_uint_eq(cti_ring_len(&r), 110);
	for (uint64_t i = 40; i < 150; i++) {
		ck_assert(cti_ring_pop(&r, &v));
		ck_assert_uint_eq(v, i);
	}
	ck_assert_uint_eq(r.dropped, 0);
	cti_ring_free(&r);
	ck_assert_ptr_null(r.buf);
	ck_assert_uint_eq(r.cap, 0);
}
END_TEST

TCase *core_ring_tcase(void);
TCase *core_ring_tcase(void)
{
	TCase *tc = tcase_create("ring");

	tcase_add_test(tc, drop_oldest);
	tcase_add_test(tc, refuse_when_full);
	tcase_add_test(tc, grows_in_order);
	return tc;
}
