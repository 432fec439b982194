// SPDX-License-Identifier: GPL-2.0-only
/*
 * kdump dmesg on synthetic printk ringbuffers laid out as Linux 6.1's
 * (kernel/printk/printk_ringbuffer.h) for x86_64 and i386.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "dmesg.h"
#include "helpers.h"
#include "kmem.h"
#include "test_kdump_fixture.h"

#define DESC_RESERVED 0
#define DESC_COMMITTED 1
#define DESC_FINALIZED 2
#define DESC_REUSABLE 3

static char *tmp;

static int setup(void **state)
{
	tmp = make_temp_dir();
	return 0;
}

static int teardown(void **state)
{
	remove_tree(tmp);
	return 0;
}

/* Field offsets of the 6.1 structures, for a 64-bit or 32-bit 'long'. */
struct prb_layout {
	unsigned int rb_desc_ring, rb_text_ring, rb_size;
	unsigned int dr_count_bits, dr_descs, dr_infos, dr_head, dr_tail;
	unsigned int desc_size, desc_state, desc_lpos, lpos_begin, lpos_next;
	unsigned int info_size, info_seq, info_ts, info_len, info_caller;
	unsigned int tr_size_bits, tr_data;
};

static const struct prb_layout layout64 = {
	0, 48, 88, 0, 8, 16, 24, 32, 24, 0, 8, 0, 8, 88, 0, 8, 16, 20, 0, 8,
};
static const struct prb_layout layout32 = {
	0, 24, 44, 0, 4, 8, 12, 16, 12, 0, 4, 0, 4, 88, 0, 8, 16, 20, 0, 4,
};

struct ring {
	struct fx_kernel *k;
	const struct prb_layout *l;
	unsigned int ls, count_bits, size_bits;
	uint64_t rb_pa, descs_pa, infos_pa, data_pa;
	uint64_t id_mask, ulong_mask;
	uint64_t lpos;			/* unmasked: grows without wrapping */
	uint64_t id, seq, ts;
	uint64_t first_id;
	/* per record written: where its data starts, unmasked */
	uint64_t dstart[64];
	unsigned int n;
	bool wrapped;			/* a record after the 3rd went back to index 0 */
};

static void vmcoreinfo_layout(struct fx_core *fx, const struct prb_layout *l, unsigned int ls,
			      uint64_t prb_sym)
{
	fx_vmcoreinfo(fx, "SYMBOL(prb)=%llx", (unsigned long long)prb_sym);
	fx_vmcoreinfo(fx, "SIZE(printk_ringbuffer)=%u", l->rb_size);
	fx_vmcoreinfo(fx, "OFFSET(printk_ringbuffer.desc_ring)=%u", l->rb_desc_ring);
	fx_vmcoreinfo(fx, "OFFSET(printk_ringbuffer.text_data_ring)=%u", l->rb_text_ring);
	fx_vmcoreinfo(fx, "OFFSET(prb_desc_ring.count_bits)=%u", l->dr_count_bits);
	fx_vmcoreinfo(fx, "OFFSET(prb_desc_ring.descs)=%u", l->dr_descs);
	fx_vmcoreinfo(fx, "OFFSET(prb_desc_ring.infos)=%u", l->dr_infos);
	fx_vmcoreinfo(fx, "OFFSET(prb_desc_ring.head_id)=%u", l->dr_head);
	fx_vmcoreinfo(fx, "OFFSET(prb_desc_ring.tail_id)=%u", l->dr_tail);
	fx_vmcoreinfo(fx, "SIZE(prb_desc)=%u", l->desc_size);
	fx_vmcoreinfo(fx, "OFFSET(prb_desc.state_var)=%u", l->desc_state);
	fx_vmcoreinfo(fx, "OFFSET(prb_desc.text_blk_lpos)=%u", l->desc_lpos);
	fx_vmcoreinfo(fx, "SIZE(prb_data_blk_lpos)=%u", 2 * ls);
	fx_vmcoreinfo(fx, "OFFSET(prb_data_blk_lpos.begin)=%u", l->lpos_begin);
	fx_vmcoreinfo(fx, "OFFSET(prb_data_blk_lpos.next)=%u", l->lpos_next);
	fx_vmcoreinfo(fx, "SIZE(printk_info)=%u", l->info_size);
	fx_vmcoreinfo(fx, "OFFSET(printk_info.seq)=%u", l->info_seq);
	fx_vmcoreinfo(fx, "OFFSET(printk_info.ts_nsec)=%u", l->info_ts);
	fx_vmcoreinfo(fx, "OFFSET(printk_info.text_len)=%u", l->info_len);
	fx_vmcoreinfo(fx, "OFFSET(printk_info.caller_id)=%u", l->info_caller);
	fx_vmcoreinfo(fx, "OFFSET(prb_data_ring.size_bits)=%u", l->tr_size_bits);
	fx_vmcoreinfo(fx, "OFFSET(prb_data_ring.data)=%u", l->tr_data);
	fx_vmcoreinfo(fx, "OFFSET(atomic_long_t.counter)=0");
}

/* A ring of 2^COUNT_BITS descriptors and 2^SIZE_BITS bytes of text. */
static void ring_init(struct ring *r, struct fx_kernel *k, unsigned int count_bits,
		      unsigned int size_bits, uint64_t first_id, uint64_t first_lpos)
{
	uint64_t prb_pa, prb_sym, rb;

	memset(r, 0, sizeof(*r));
	r->k = k;
	r->ls = fxk_long(k);
	r->l = r->ls == 8 ? &layout64 : &layout32;
	r->count_bits = count_bits;
	r->size_bits = size_bits;
	r->id_mask = (1ULL << (r->ls * 8 - 2)) - 1;
	r->ulong_mask = r->ls == 8 ? UINT64_MAX : 0xffffffffULL;
	r->id = r->first_id = first_id;
	r->lpos = first_lpos;
	r->ts = 1234567890;
	/* 'prb' is in the kernel image; the ring it points to and its arrays are not. */
	prb_sym = fxk_symbol(k, r->ls, &prb_pa);
	rb = fxk_alloc(k, r->l->rb_size, &r->rb_pa);
	fxk_put_ulong(k, prb_pa, rb);
	fx_put(&k->core, r->rb_pa + r->l->rb_desc_ring + r->l->dr_count_bits, count_bits, 4);
	fx_put(&k->core, r->rb_pa + r->l->rb_text_ring + r->l->tr_size_bits, size_bits, 4);
	fxk_put_ulong(k, r->rb_pa + r->l->rb_desc_ring + r->l->dr_descs,
		      fxk_alloc(k, (1ULL << count_bits) * r->l->desc_size, &r->descs_pa));
	fxk_put_ulong(k, r->rb_pa + r->l->rb_desc_ring + r->l->dr_infos,
		      fxk_alloc(k, (1ULL << count_bits) * r->l->info_size, &r->infos_pa));
	fxk_put_ulong(k, r->rb_pa + r->l->rb_text_ring + r->l->tr_data,
		      fxk_alloc(k, 1ULL << size_bits, &r->data_pa));
	vmcoreinfo_layout(&k->core, r->l, r->ls, prb_sym);
}

static uint64_t desc_pa(const struct ring *r, uint64_t id)
{
	return r->descs_pa + (id & ((1ULL << r->count_bits) - 1)) * r->l->desc_size;
}

static void set_desc(struct ring *r, uint64_t id, unsigned int state, uint64_t begin, uint64_t next)
{
	uint64_t d = desc_pa(r, id);

	fxk_put_ulong(r->k, d + r->l->desc_state, ((uint64_t)state << (r->ls * 8 - 2)) | (id & r->id_mask));
	fxk_put_ulong(r->k, d + r->l->desc_lpos + r->l->lpos_begin, begin & r->ulong_mask);
	fxk_put_ulong(r->k, d + r->l->desc_lpos + r->l->lpos_next, next & r->ulong_mask);
}

/* Append a record the way prb_reserve() places data: wrapping blocks restart at index 0. */
static uint64_t add(struct ring *r, const char *text, unsigned int state)
{
	uint64_t size = 1ULL << r->size_bits, len = strlen(text);
	uint64_t need = (r->ls + len + r->ls - 1) / r->ls * r->ls;
	uint64_t begin = r->lpos, data_lpos = begin, next, info, id = r->id;

	if ((begin & (size - 1)) + need > size) {
		data_lpos = (begin | (size - 1)) + 1;
		r->wrapped |= r->n >= 3;
	}
	next = data_lpos + need;
	fxk_put_ulong(r->k, r->data_pa + (data_lpos & (size - 1)), id);
	memcpy(fx_phys(&r->k->core, r->data_pa + (data_lpos & (size - 1)) + r->ls, len), text, len);
	set_desc(r, id, state, begin, next);
	info = r->infos_pa + (id & ((1ULL << r->count_bits) - 1)) * r->l->info_size;
	fx_put(&r->k->core, info + r->l->info_seq, r->seq++, 8);
	fx_put(&r->k->core, info + r->l->info_ts, r->ts, 8);
	fx_put(&r->k->core, info + r->l->info_len, len, 2);
	r->ts += 1001000;
	r->dstart[r->n++] = data_lpos;
	r->lpos = next;
	r->id = (id + 1) & r->id_mask;
	return id;
}

/* head: the last id; tail: the oldest record whose data and descriptor survive. */
static void finish(struct ring *r)
{
	uint64_t size = 1ULL << r->size_bits, count = 1ULL << r->count_bits;
	unsigned int first = 0;
	uint64_t dr = r->rb_pa + r->l->rb_desc_ring;

	while (first < r->n && (r->dstart[first] + size < r->lpos || r->n - first > count))
		first++;
	fxk_put_ulong(r->k, dr + r->l->dr_head, (r->id - 1) & r->id_mask);
	fxk_put_ulong(r->k, dr + r->l->dr_tail, (r->first_id + first) & r->id_mask);
}

static char *run_dmesg(struct fx_kernel *k, const char *name, unsigned long *records,
		       struct kj_error *err)
{
	struct core c;
	struct kmem m;
	char *path = fx_write(&k->core, tmp, name), *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int rc;

	assert_int_equal(core_open(&c, path, NULL, err), 0);
	rc = kmem_init(&m, &c, err);
	if (rc == 0)
		rc = kdump_dmesg(&m, f, records, err);
	fclose(f);
	core_close(&c);
	free(path);
	if (rc < 0) {
		free(text);
		return NULL;
	}
	return text;
}

static void log_with(struct fx_kernel *k, uint64_t first_id, uint64_t first_lpos)
{
	struct kj_error err = { 0 };
	struct ring r;
	unsigned long records = 0;
	uint64_t id;
	char *text;
	const char *expect =
		"[    1.237570] first survivor\n"
		"[    1.238571] multi\n"
		"[    1.238571] line\n"
		"[    1.240573] \n"
		"[    1.241574] control \\x01 and tab\there\n"
		"[    1.243576] committed, not finalized\n"
		"[    1.244577] last \xc3\xa9\n";

	ring_init(&r, k, 3, 8, first_id, first_lpos);
	/* Overwritten by what follows: not shown. */
	add(&r, "Linux version 6.1.0-kjump (overwritten)", DESC_FINALIZED);
	add(&r, "an old record", DESC_FINALIZED);
	add(&r, "another old record, longer than the rest", DESC_FINALIZED);
	add(&r, "first survivor", DESC_FINALIZED);
	add(&r, "multi\nline", DESC_FINALIZED);
	/* Data lost (FAILED_LPOS): skipped; an empty line (begin = next = 3): shown. */
	id = add(&r, "lost", DESC_FINALIZED);
	set_desc(&r, id, DESC_FINALIZED, 1, 1);
	id = add(&r, "", DESC_FINALIZED);
	set_desc(&r, id, DESC_FINALIZED, 3, 3);
	add(&r, "control \x01 and tab\there", DESC_FINALIZED);
	add(&r, "being written", DESC_RESERVED);
	add(&r, "committed, not finalized", DESC_COMMITTED);
	add(&r, "last \xc3\xa9", DESC_FINALIZED);
	finish(&r);
	/* The texts are chosen so that a shown record wraps to the ring's start. */
	assert_true(r.wrapped);
	text = run_dmesg(k, "dmesg.core", &records, &err);
	if (!text)
		fail_msg("kdump_dmesg: %s", err.msg);
	assert_string_equal(text, expect);
	assert_int_equal(records, 6);
	free(text);

	/* A record whose slot holds another id (desc_miss) or was recycled. */
	set_desc(&r, r.id - 1, DESC_FINALIZED, 0, 8);
	fxk_put_ulong(k, desc_pa(&r, r.id - 1) + r.l->desc_state,
		      ((uint64_t)DESC_FINALIZED << (r.ls * 8 - 2)) | ((r.id - 9) & r.id_mask));
	set_desc(&r, r.id - 2, DESC_REUSABLE, 0, 8);
	text = run_dmesg(k, "dmesg2.core", &records, &err);
	assert_non_null(text);
	assert_int_equal(records, 4);
	assert_null(strstr(text, "last"));
	assert_null(strstr(text, "committed"));
	free(text);
}

static void dmesg_x86_64(void **state)
{
	struct fx_kernel k;

	fxk_x86_64(&k, 8 << 20);
	/* Ids wrap past the top of the 62-bit id space. */
	log_with(&k, (1ULL << 62) - 5, 0);
	fx_free(&k.core);
}

static void dmesg_i386(void **state)
{
	struct fx_kernel k;

	fxk_i386(&k, 8 << 20, false);
	/* 32-bit logical positions wrap around too. */
	log_with(&k, (1ULL << 30) - 3, 0xffffff20ULL);
	fx_free(&k.core);
}

static void dmesg_refusals(void **state)
{
	struct kj_error err = { 0 };
	struct fx_kernel k;
	unsigned long records;
	struct ring r;

	fxk_x86_64(&k, 8 << 20);
	fx_vmcoreinfo(&k.core, "SYMBOL(log_buf)=ffffffff82000000");
	assert_null(run_dmesg(&k, "old.core", &records, &err));
	assert_error_contains(&err, "printk log_buf of Linux before 5.10");
	kj_error_clear(&err);
	ring_init(&r, &k, 3, 7, 0, 0);
	add(&r, "x", DESC_FINALIZED);
	finish(&r);
	fx_vmcoreinfo(&k.core, "OFFSET(prb_desc.state_var)=");
	assert_null(run_dmesg(&k, "nostate.core", &records, &err));
	assert_error_contains(&err, "VMCOREINFO lacks OFFSET(prb_desc.state_var), needed for kdump dmesg");
	kj_error_clear(&err);
	fx_vmcoreinfo(&k.core, "OFFSET(prb_desc.state_var)=0");
	fx_put(&k.core, r.rb_pa + r.l->rb_desc_ring + r.l->dr_count_bits, 40, 4);
	assert_null(run_dmesg(&k, "big.core", &records, &err));
	assert_error_contains(&err, "implausible printk ringbuffer: 2^40 descriptors");
	kj_error_clear(&err);
	/* Within the layout's bounds, but larger than the 8 MiB of memory the
	 * core holds: refused before anything is allocated for it. */
	fx_put(&k.core, r.rb_pa + r.l->rb_desc_ring + r.l->dr_count_bits, 20, 4);
	fx_put(&k.core, r.rb_pa + r.l->rb_text_ring + r.l->tr_size_bits, 24, 4);
	assert_null(run_dmesg(&k, "bigger-than-memory.core", &records, &err));
	assert_error_contains(&err, "bytes of memory the core describes");
	fx_free(&k.core);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dmesg_x86_64),
		cmocka_unit_test(dmesg_i386),
		cmocka_unit_test(dmesg_refusals),
	};

	return cmocka_run_group_tests_name("kdump_dmesg", tests, setup, teardown);
}
