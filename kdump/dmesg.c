// SPDX-License-Identifier: GPL-2.0-only
/*
 * Facts from kernel/printk/printk_ringbuffer.{h,c} (6.1, unchanged in
 * what is read here in 6.12):
 *  - struct printk_ringbuffer holds a descriptor ring (2^count_bits
 *    struct prb_desc and as many struct printk_info) and a text data
 *    ring of 2^size_bits bytes;
 *  - a descriptor's state_var is an unsigned long: the top 2 bits are
 *    the state (0 reserved, 1 committed, 2 finalized, 3 reusable), the
 *    rest the descriptor id; descs[id & (count - 1)] is its slot;
 *  - records run from tail_id to head_id;
 *  - text_blk_lpos {begin, next} are logical positions in the data
 *    ring: index = lpos & (size - 1), wrap count = lpos >> size_bits.
 *    A block in one wrap lies at index(begin), next - begin bytes; a
 *    block whose begin is one wrap behind next lies at index 0,
 *    index(next) bytes (get_data()).  A data block starts with the
 *    descriptor id (an unsigned long), then the text.  Both lpos odd:
 *    no data (3 = an empty line, 1 = the data was lost).
 *  - info->text_len is the text length; a block smaller than that is
 *    invalid (copy_data()).
 */
#include <stdlib.h>
#include <string.h>

#include "kjump/compiler.h"

#include "dmesg.h"

#define DESC_COMMITTED 1
#define DESC_FINALIZED 2
#define EMPTY_LINE_LPOS 3	/* NO_LPOS in 6.1 */
#define MAX_COUNT_BITS 24
#define MAX_SIZE_BITS 30
/* prb_desc and printk_info are 24 and 88 bytes on 6.1 x86_64; room to grow. */
#define MAX_STRUCT_SIZE 256
/* The largest ring the limits above allow with today's sizes is 2.9 GiB. */
#define MAX_RING_BYTES (3ULL << 30)

struct prb {
	struct kmem *m;
	unsigned int ls;		/* sizeof(unsigned long) */
	uint64_t ulong_mask;
	/* struct layout from VMCOREINFO */
	uint64_t desc_size, off_state_var, off_text_blk, off_begin, off_next;
	uint64_t info_size, off_ts, off_text_len;
	/* the ring itself */
	unsigned int count_bits, size_bits;
	uint64_t descs_addr, infos_addr, data_addr, head_id, tail_id;
	uint8_t *descs, *infos, *data;
};

struct need {
	const char *kind, *name;
	uint64_t *val;
};

/* LEN bytes at OFF lie inside SIZE, without overflow whatever the values. */
static bool fits(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

static int read_layout(struct prb *r, uint64_t *rb, struct kj_error *err)
{
	const struct vmcoreinfo *v = &r->m->core->vmci;
	uint64_t prb_sym, off_desc_ring, off_text_ring, off_count_bits, off_descs, off_infos;
	uint64_t off_head, off_tail, off_size_bits, off_data, counter = 0;
	uint32_t u32;
	const struct need needs[] = {
		{ "SYMBOL", "prb", &prb_sym },
		{ "OFFSET", "printk_ringbuffer.desc_ring", &off_desc_ring },
		{ "OFFSET", "printk_ringbuffer.text_data_ring", &off_text_ring },
		{ "OFFSET", "prb_desc_ring.count_bits", &off_count_bits },
		{ "OFFSET", "prb_desc_ring.descs", &off_descs },
		{ "OFFSET", "prb_desc_ring.infos", &off_infos },
		{ "OFFSET", "prb_desc_ring.head_id", &off_head },
		{ "OFFSET", "prb_desc_ring.tail_id", &off_tail },
		{ "SIZE", "prb_desc", &r->desc_size },
		{ "OFFSET", "prb_desc.state_var", &r->off_state_var },
		{ "OFFSET", "prb_desc.text_blk_lpos", &r->off_text_blk },
		{ "OFFSET", "prb_data_blk_lpos.begin", &r->off_begin },
		{ "OFFSET", "prb_data_blk_lpos.next", &r->off_next },
		{ "SIZE", "printk_info", &r->info_size },
		{ "OFFSET", "printk_info.ts_nsec", &r->off_ts },
		{ "OFFSET", "printk_info.text_len", &r->off_text_len },
		{ "OFFSET", "prb_data_ring.size_bits", &off_size_bits },
		{ "OFFSET", "prb_data_ring.data", &off_data },
	};

	if (!vmci_symbol(v, "prb", &prb_sym) && vmci_symbol(v, "log_buf", &prb_sym))
		return kj_fail(err, "this kernel's log is in the printk log_buf of Linux before 5.10, which kdump does not read");
	for (size_t i = 0; i < ARRAY_SIZE(needs); i++)
		if (vmci_need(v, needs[i].kind, needs[i].name, "kdump dmesg", needs[i].val, err) < 0)
			return -1;
	/* atomic_long_t is { long counter; } (include/linux/types.h). */
	vmci_offset(v, "atomic_long_t.counter", &counter);
	/* Every field read from the arrays must lie inside its element,
	 * and the elements times their count must not overflow. */
	if (r->desc_size > MAX_STRUCT_SIZE || r->info_size > MAX_STRUCT_SIZE ||
	    counter > MAX_STRUCT_SIZE || !fits(r->off_state_var, counter + r->ls, r->desc_size) ||
	    !fits(r->off_text_blk, 0, r->desc_size) ||
	    !fits(r->off_begin, r->ls, r->desc_size - r->off_text_blk) ||
	    !fits(r->off_next, r->ls, r->desc_size - r->off_text_blk) ||
	    !fits(r->off_ts, 8, r->info_size) || !fits(r->off_text_len, 2, r->info_size))
		return kj_fail(err, "VMCOREINFO: implausible printk ringbuffer layout");
	r->off_state_var += counter;

	/* SYMBOL(prb) is the pointer variable 'prb', which points to the ring in use. */
	if (kmem_read_ulong(r->m, prb_sym, rb, err) < 0)
		return -1;
	if (kmem_read_u32(r->m, *rb + off_desc_ring + off_count_bits, &u32, err) < 0)
		return -1;
	r->count_bits = u32;
	if (kmem_read_u32(r->m, *rb + off_text_ring + off_size_bits, &u32, err) < 0)
		return -1;
	r->size_bits = u32;
	if (kmem_read_ulong(r->m, *rb + off_desc_ring + off_descs, &r->descs_addr, err) < 0 ||
	    kmem_read_ulong(r->m, *rb + off_desc_ring + off_infos, &r->infos_addr, err) < 0 ||
	    kmem_read_ulong(r->m, *rb + off_desc_ring + off_head + counter, &r->head_id, err) < 0 ||
	    kmem_read_ulong(r->m, *rb + off_desc_ring + off_tail + counter, &r->tail_id, err) < 0 ||
	    kmem_read_ulong(r->m, *rb + off_text_ring + off_data, &r->data_addr, err) < 0)
		return -1;
	if (r->count_bits > MAX_COUNT_BITS || r->size_bits > MAX_SIZE_BITS ||
	    r->size_bits < r->ls)
		return kj_fail(err, "implausible printk ringbuffer: 2^%u descriptors, 2^%u bytes of text",
			       r->count_bits, r->size_bits);
	return 0;
}

/* The memory the core describes: what its PT_LOADs cover (once each). */
static uint64_t core_memory(const struct core *c)
{
	uint64_t total = 0;

	for (size_t i = 0; i < c->nloads; i++) {
		const struct elfcore_phdr *ph = &c->ph[c->loads[i]];

		total += ph->memsz < UINT64_MAX - total ? ph->memsz : UINT64_MAX - total;
	}
	return total;
}

static int read_arrays(struct prb *r, struct kj_error *err)
{
	uint64_t count = 1ULL << r->count_bits;
	uint64_t total = count * (r->desc_size + r->info_size) + (1ULL << r->size_bits);
	uint64_t memory = core_memory(r->m->core);
	size_t descs_len, infos_len, data_len;

	/* Bounded sizes from read_layout() cannot overflow this; the bound
	 * keeps a corrupt core from making kdump allocate many GiB (and
	 * every length fits a 32-bit size_t).  The ring lives in the
	 * crashed kernel's memory, so it cannot be larger than the memory
	 * the core describes either. */
	if (total > MAX_RING_BYTES)
		return kj_fail(err, "implausible printk ringbuffer: %llu bytes",
			       (unsigned long long)total);
	if (total > memory)
		return kj_fail(err, "implausible printk ringbuffer: %llu bytes, more than the %llu "
			       "bytes of memory the core describes", (unsigned long long)total,
			       (unsigned long long)memory);
	descs_len = (size_t)(count * r->desc_size);
	infos_len = (size_t)(count * r->info_size);
	data_len = (size_t)1 << r->size_bits;
	r->descs = malloc(descs_len);
	r->infos = malloc(infos_len);
	r->data = malloc(data_len);
	if (!r->descs || !r->infos || !r->data)
		return kj_fail(err, "out of memory for the printk ringbuffer");
	if (kmem_read(r->m, r->descs_addr, r->descs, descs_len, err) < 0 ||
	    kmem_read(r->m, r->infos_addr, r->infos, infos_len, err) < 0 ||
	    kmem_read(r->m, r->data_addr, r->data, data_len, err) < 0)
		return kj_fail(err, "cannot read the printk ringbuffer");
	return 0;
}

/* The text of a data block, per get_data(); NULL when there is none. */
static const uint8_t *block_text(const struct prb *r, uint64_t begin, uint64_t next,
				 uint64_t *len)
{
	uint64_t size = 1ULL << r->size_bits, mask = size - 1;
	uint64_t off;

	if ((begin & 1) && (next & 1)) {
		*len = 0;
		return begin == EMPTY_LINE_LPOS && next == EMPTY_LINE_LPOS ? r->data : NULL;
	}
	if (begin >> r->size_bits == next >> r->size_bits && begin < next) {
		off = begin & mask;
		*len = next - begin;
	} else if (((begin + size) & r->ulong_mask) >> r->size_bits == next >> r->size_bits) {
		off = 0;
		*len = next & mask;
	} else {
		return NULL;
	}
	if (begin % r->ls || next % r->ls || *len < r->ls || off + *len > size)
		return NULL;
	*len -= r->ls;
	return r->data + off + r->ls;
}

static void put_prefix(FILE *out, uint64_t ts)
{
	fprintf(out, "[%5llu.%06llu] ", (unsigned long long)(ts / 1000000000),
		(unsigned long long)(ts % 1000000000 / 1000));
}

static void print_record(FILE *out, uint64_t ts, const uint8_t *text, uint64_t len)
{
	put_prefix(out, ts);
	for (uint64_t i = 0; i < len; i++) {
		uint8_t c = text[i];

		if (c == '\n') {
			fputc('\n', out);
			put_prefix(out, ts);
		} else if ((c < 0x20 && c != '\t') || c == 0x7f) {
			fprintf(out, "\\x%02x", c);
		} else {
			fputc(c, out);
		}
	}
	fputc('\n', out);
}

static unsigned long walk_records(struct prb *r, FILE *out)
{
	unsigned int shift = r->ls * 8 - 2;	/* DESC_FLAGS_SHIFT */
	uint64_t id_mask = (1ULL << shift) - 1, count = 1ULL << r->count_bits;
	uint64_t n = ((r->head_id - r->tail_id) & id_mask) + 1;
	unsigned long printed = 0;

	/* More ids than slots: a torn head/tail; read one ring's worth up to the head. */
	if (n > count)
		n = count;
	for (uint64_t k = 0; k < n; k++) {
		uint64_t id = (r->head_id - (n - 1) + k) & id_mask;
		const uint8_t *d = r->descs + (id & (count - 1)) * r->desc_size;
		const uint8_t *info = r->infos + (id & (count - 1)) * r->info_size;
		uint64_t sv = kmem_get(d + r->off_state_var, r->ls);
		uint64_t state = (sv >> shift) & 3, text_len, len;
		const uint8_t *text;

		if ((sv & id_mask) != id || (state != DESC_COMMITTED && state != DESC_FINALIZED))
			continue;
		text = block_text(r, kmem_get(d + r->off_text_blk + r->off_begin, r->ls),
				  kmem_get(d + r->off_text_blk + r->off_next, r->ls), &len);
		text_len = kmem_get(info + r->off_text_len, 2);
		if (!text || len < text_len)
			continue;
		print_record(out, kmem_get(info + r->off_ts, 8), text, text_len);
		printed++;
	}
	return printed;
}

int kdump_dmesg(struct kmem *m, FILE *out, unsigned long *records, struct kj_error *err)
{
	struct prb r = { .m = m, .ls = m->long_size };
	uint64_t rb;
	int rc = -1;

	r.ulong_mask = r.ls == 8 ? UINT64_MAX : 0xffffffffULL;
	if (read_layout(&r, &rb, err) < 0 || read_arrays(&r, err) < 0)
		goto out;
	*records = walk_records(&r, out);
	rc = 0;
out:
	free(r.descs);
	free(r.infos);
	free(r.data);
	return rc;
}
