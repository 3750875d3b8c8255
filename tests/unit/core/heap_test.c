// SPDX-License-Identifier: LGPL-2.1-or-later
/* core/heap.h: the intrusive binary heap, against a sorted model. */
#include <stdlib.h>

#include "core/heap.h"
#include "unit.h"

struct item {
	int key;
	int id;
	struct cti_heap_node hn;
};

static int less_calls;

static bool item_less(const struct cti_heap_node *x,
		      const struct cti_heap_node *y, const void *ctx)
{
	const struct item *a = cti_container_of(x, struct item, hn);
	const struct item *b = cti_container_of(y, struct item, hn);

	ck_assert_ptr_eq(ctx, &less_calls);
	less_calls++;
	return a->key < b->key || (a->key == b->key && a->id < b->id);
}

static struct item *item_of(struct cti_heap_node *x)
{
	return x ? cti_container_of(x, struct item, hn) : NULL;
}

/* Every element's index is its place, and no element comes before its
 * parent. */
static void check(const struct cti_heap *h)
{
	for (size_t i = 0; i < h->n; i++) {
		ck_assert_uint_eq(h->v[i]->idx, i);
		if (i)
			ck_assert(!item_less(h->v[i], h->v[(i - 1) / 2],
					     &less_calls));
	}
}

START_TEST(empty_heap)
{
	struct cti_heap h;
	struct item a = { .key = 1 };

	cti_heap_init(&h, item_less, &less_calls);
	cti_heap_node_init(&a.hn);
	ck_assert_ptr_null(cti_heap_min(&h));
	ck_assert_ptr_null(cti_heap_pop(&h));
	ck_assert(!cti_heap_node_linked(&a.hn));
	cti_heap_remove(&h, &a.hn); /* not in it: nothing */
	ck_assert_uint_eq(h.n, 0);
	ck_assert_int_eq(cti_heap_insert(&h, &a.hn), 0);
	ck_assert(cti_heap_node_linked(&a.hn));
	ck_assert_ptr_eq(cti_heap_min(&h), &a.hn);
	ck_assert_ptr_eq(cti_heap_nth(&h, 0), &a.hn);
	ck_assert_ptr_eq(cti_heap_pop(&h), &a.hn);
	ck_assert(!cti_heap_node_linked(&a.hn));
	ck_assert_ptr_null(cti_heap_min(&h));
	cti_heap_free(&h);
	ck_assert_ptr_null(h.v);
}
END_TEST

/* Keys 9, 4, 7, 1, 8, 2 in: out 1, 2, 4, 7, 8, 9; ties by id. */
START_TEST(pops_in_order)
{
	static const int keys[] = { 9, 4, 7, 1, 8, 2, 4 };
	static const int want_key[] = { 1, 2, 4, 4, 7, 8, 9 };
	static const int want_id[] = { 3, 5, 1, 6, 2, 4, 0 };
	struct item it[7];
	struct cti_heap h;

	cti_heap_init(&h, item_less, &less_calls);
	for (int i = 0; i < 7; i++) {
		it[i] = (struct item){ .key = keys[i], .id = i };
		cti_heap_node_init(&it[i].hn);
		ck_assert_int_eq(cti_heap_insert(&h, &it[i].hn), 0);
		check(&h);
	}
	ck_assert_uint_eq(h.n, 7);
	for (int i = 0; i < 7; i++) {
		struct item *x = item_of(cti_heap_pop(&h));

		ck_assert_int_eq(x->key, want_key[i]);
		ck_assert_int_eq(x->id, want_id[i]);
		check(&h);
	}
	ck_assert_uint_eq(h.n, 0);
	cti_heap_free(&h);
}
END_TEST

/* Random inserts and removals of any element against a model: the
 * minimum, the count, and every element by index agree. */
START_TEST(random_against_model)
{
	enum { N = 300 };
	static struct item it[N];
	static bool in[N];
	struct cti_heap h;
	unsigned seed = 12345;

	cti_heap_init(&h, item_less, &less_calls);
	ck_assert_int_eq(cti_heap_reserve(&h, N), 0);
	ck_assert_uint_ge(h.cap, N);
	for (int i = 0; i < N; i++) {
		it[i] = (struct item){ .key = 0, .id = i };
		cti_heap_node_init(&it[i].hn);
		in[i] = false;
	}
	for (int step = 0; step < 20000; step++) {
		int i, best = -1;
		size_t n = 0;

		seed = seed * 1103515245 + 12345;
		i = (int)((seed >> 8) % N);
		if (in[i]) {
			cti_heap_remove(&h, &it[i].hn);
			in[i] = false;
		} else {
			it[i].key = (int)((seed >> 16) % 50);
			ck_assert_int_eq(cti_heap_insert(&h, &it[i].hn), 0);
			in[i] = true;
		}
		for (int k = 0; k < N; k++) {
			ck_assert_int_eq(cti_heap_node_linked(&it[k].hn),
					 in[k]);
			if (!in[k])
				continue;
			n++;
			if (best < 0 || it[k].key < it[best].key ||
			    (it[k].key == it[best].key && k < best))
				best = k;
		}
		ck_assert_uint_eq(h.n, n);
		if (best >= 0)
			ck_assert_ptr_eq(cti_heap_min(&h), &it[best].hn);
		else
			ck_assert_ptr_null(cti_heap_min(&h));
		if (step % 97 == 0) {
			check(&h);
			for (size_t k = 0; k < n; k++)
				ck_assert(
					in[cti_container_of(cti_heap_nth(&h, k),
							    struct item, hn)
						   ->id]);
		}
	}
	/* drain: sorted */
	for (int last = -1, lid = -1; h.n;) {
		struct item *x = item_of(cti_heap_pop(&h));

		ck_assert(x->key > last || (x->key == last && x->id > lid));
		last = x->key;
		lid = x->id;
	}
	cti_heap_free(&h);
}
END_TEST

TCase *core_heap_tcase(void);
TCase *core_heap_tcase(void)
{
	TCase *tc = tcase_create("heap");

	tcase_add_test(tc, empty_heap);
	tcase_add_test(tc, pops_in_order);
	tcase_add_test(tc, random_against_model);
	return tc;
}
