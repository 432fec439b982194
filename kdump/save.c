// SPDX-License-Identifier: GPL-2.0-only
/*
 * Two passes over the input: the first decides, page by page, what to
 * leave out (free pages from the struct page array, zero pages by
 * reading them); the second writes the headers, which must come first
 * in a stream that may be compressed, then the kept pages.
 */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core.h"
#include "encoder.h"
#include "freepages.h"
#include "kjump/bytes.h"
#include "kjump/resume.h"
#include "kjump/sha256.h"
#include "kmem.h"
#include "layout.h"
#include "outfile.h"
#include "progress.h"
#include "save.h"

#define IO_BLOCK (4U << 20)
#define FREE_SCAN_STEP (1U << 16)	/* pfns per freepages_scan() call */
#define DATA_ALIGN 4096			/* where the first PT_LOAD's data starts */

struct saver {
	const struct save_options *o;
	struct save_stats *st;
	struct core core;
	struct kmem kmem;
	struct freepages fp;
	struct chunkmap *maps;		/* one per program header (PT_LOADs used) */
	struct layout layout;
	struct outfile out;
	struct encoder enc;
	uint8_t *buf;
	struct progress prog;
	/* --resume-entry: the record, where its descriptor lands, the hash. */
	struct resume_record resume;
	uint64_t resume_desc_at;
	struct sha256_ctx hash;
	uint64_t put_bytes;		/* output offset (bytes_out lags: buffered) */
};

static int scan_free(struct saver *s, const struct elfcore_phdr *ph, struct chunkmap *cm,
		     struct kj_error *err)
{
	uint64_t ps = s->core.page_size, first = ph->paddr / ps;
	uint8_t *bits = malloc(FREE_SCAN_STEP / 8);

	if (!bits)
		return kj_fail(err, "out of memory");
	for (uint64_t done = 0; done < cm->n;) {
		uint64_t n = cm->n - done < FREE_SCAN_STEP ? cm->n - done : FREE_SCAN_STEP;
		uint64_t nfree = 0;

		memset(bits, 0, FREE_SCAN_STEP / 8);
		if (freepages_scan(&s->fp, first + done, n, bits, &nfree, err) < 0) {
			free(bits);
			return -1;
		}
		for (uint64_t i = 0; i < n; i++)
			if (bits[i / 8] & (1U << (i % 8)))
				chunkmap_set(cm, done + i, CHUNK_FREE);
		done += n;
		if (!s->o->exclude_zero)
			progress_add(&s->prog, n * ps);
	}
	free(bits);
	return 0;
}

static int scan_zero(struct saver *s, const struct elfcore_phdr *ph, struct chunkmap *cm,
		     struct kj_error *err)
{
	uint64_t ps = s->core.page_size, i = 0;

	while (i < cm->n) {
		uint64_t at, len, j, bytes = 0;

		chunk_bounds(ph, ps, i, &at, &len);
		if (chunkmap_get(cm, i) == CHUNK_FREE) {
			progress_add(&s->prog, len);
			i++;
			continue;
		}
		/* A run of chunks to read in one go. */
		for (j = i; j < cm->n && chunkmap_get(cm, j) != CHUNK_FREE; j++) {
			uint64_t a, l;

			chunk_bounds(ph, ps, j, &a, &l);
			if (bytes + l > IO_BLOCK)
				break;
			bytes += l;
		}
		if (source_pread(&s->core.src, s->buf, (size_t)bytes, ph->offset + at, err) < 0)
			return -1;
		for (uint64_t k = i, off = 0; k < j; k++) {
			uint64_t a, l;

			chunk_bounds(ph, ps, k, &a, &l);
			if (kj_all_zero(s->buf + off, (size_t)l))
				chunkmap_set(cm, k, CHUNK_ZERO);
			off += l;
		}
		progress_add(&s->prog, bytes);
		i = j;
	}
	return 0;
}

static int scan(struct saver *s, struct kj_error *err)
{
	const struct core *c = &s->core;
	struct kj_error why = { 0 };
	uint64_t total = 0;

	for (size_t i = 0; i < c->nph; i++)
		if (c->ph[i].type == PT_LOAD)
			total += c->ph[i].filesz;
	if (s->o->exclude_free &&
	    (kmem_init(&s->kmem, &s->core, &why) < 0 || freepages_init(&s->fp, &s->kmem, &why) < 0))
		return kj_fail(err, "--exclude free: %s", why.msg);
	progress_start(&s->prog, s->o->exclude_zero || s->o->exclude_free ? s->o->progress : NULL,
		       "scanning", total);
	for (size_t i = 0; i < c->nph; i++) {
		const struct elfcore_phdr *ph = &c->ph[i];

		if (ph->type != PT_LOAD)
			continue;
		if (chunkmap_alloc(&s->maps[i], chunk_count(ph, c->page_size), err) < 0)
			return -1;
		s->maps[i].omit_free = s->o->resume;
		/*
		 * The x86_64 kernel-image mapping is saved whole: makedumpfile
		 * finds phys_base and the KASLR offset from that PT_LOAD and
		 * crashed (1.7.2, --dump-dmesg) on cores where exclusions had
		 * cut it into pieces.  It is a few MiB, and its pages may still
		 * be left out of the direct mapping's PT_LOAD.
		 */
		if (elfcore_maps_x86_64_kernel_image(&c->eh, ph)) {
			progress_add(&s->prog, ph->filesz);
			continue;
		}
		if (s->o->exclude_free && scan_free(s, ph, &s->maps[i], err) < 0)
			return -1;
		if (s->o->exclude_zero && scan_zero(s, ph, &s->maps[i], err) < 0)
			return -1;
	}
	progress_end(&s->prog);
	/*
	 * Not one struct page read: the translation is wrong, or the page
	 * structures are not in the core; in a kexec jump, that is when
	 * kernel B runs where A allocated them (the top of its memory).
	 */
	if (s->o->exclude_free && s->fp.pages_read == 0 && total)
		return kj_fail(err, "--exclude free: could not read the struct page of any page in the core%s%s; "
			       "save without --exclude free, or (kexec jump) load kernel B clear of A's "
			       "page structures", s->fp.first_read_error.set ? ": " : "",
			       s->fp.first_read_error.msg);
	return 0;
}

/* Bound the program headers: keep ever longer excluded runs in the file. */
static void plan_layout_size(struct saver *s)
{
	const struct core *c = &s->core;
	uint64_t max = s->o->max_phdrs ? s->o->max_phdrs : SAVE_MAX_PHDRS;

	for (uint64_t min_run = 2;; min_run *= 2) {
		uint64_t n = 0;

		for (size_t i = 0; i < c->nph; i++) {
			if (c->ph[i].type == PT_NOTE)
				n++;
			else if (c->ph[i].type == PT_LOAD)
				n += layout_count(&c->ph[i], c->page_size, &s->maps[i]);
		}
		if (n <= max || min_run > (1ULL << 40))
			return;
		for (size_t i = 0; i < c->nph; i++)
			if (c->ph[i].type == PT_LOAD)
				s->st->pages_unsplit += chunkmap_keep_short_runs(&s->maps[i], min_run);
	}
}

static int plan(struct saver *s, struct kj_error *err)
{
	const struct core *c = &s->core;

	plan_layout_size(s);
	for (size_t i = 0; i < c->nph; i++) {
		const struct elfcore_phdr *ph = &c->ph[i];

		if (ph->type != PT_LOAD)
			continue;
		s->st->memory_bytes += ph->memsz;
		s->st->absent_bytes += ph->memsz - ph->filesz;
		for (uint64_t k = 0; k < s->maps[i].n; k++) {
			switch (chunkmap_get(&s->maps[i], k)) {
			case CHUNK_ZERO: s->st->pages_zero++; break;
			case CHUNK_FREE: s->st->pages_free++; break;
			default: s->st->pages_kept++; break;
			}
		}
		if (layout_add(&s->layout, ph, c->page_size, &s->maps[i], err) < 0)
			return -1;
	}
	return 0;
}

static int put(struct saver *s, const void *p, size_t len, struct kj_error *err)
{
	if (s->o->resume)
		resume_hash_update(&s->hash, p, len, s->put_bytes, s->resume_desc_at);
	s->put_bytes += len;
	return encoder_write(&s->enc, p, len, err);
}

static int put_zeros(struct saver *s, uint64_t len, struct kj_error *err)
{
	static const uint8_t zeros[4096];

	for (size_t n; len; len -= n) {
		n = len > sizeof(zeros) ? sizeof(zeros) : (size_t)len;
		if (put(s, zeros, n, err) < 0)
			return -1;
	}
	return 0;
}

/*
 * The resume record of a hibernation image: everything but the digest,
 * which write_output() fills in at the end.
 */
static int resume_prepare(struct saver *s, struct kj_error *err)
{
	const char *release = s->core.has_vmcoreinfo ?
			      vmcoreinfo_get(&s->core.vmci, "OSRELEASE") : NULL;
	struct resume_record *r = &s->resume;

	if (s->o->compress != KJ_COMPRESSION_NONE)
		return kj_fail(err, "--resume-entry makes an image to load back: it cannot be "
			       "compressed (drop --compress)");
	if (!release)
		return kj_fail(err, "--resume-entry: the core has no VMCOREINFO OSRELEASE "
			       "(not a Linux /proc/vmcore?)");
	if (strlen(release) >= sizeof(r->release) ||
	    (s->o->boot_id && strlen(s->o->boot_id) >= sizeof(r->boot_id)))
		return kj_fail(err, "--resume-entry: kernel release or boot id too long");
	r->state = RESUME_READY;
	r->entry = s->o->resume_entry;
	snprintf(r->release, sizeof(r->release), "%s", release);
	snprintf(r->boot_id, sizeof(r->boot_id), "%s", s->o->boot_id ? s->o->boot_id : "");
	sha256_init(&s->hash);
	return 0;
}

static int write_headers(struct saver *s, uint64_t *data_start, struct kj_error *err)
{
	const struct core *c = &s->core;
	struct elfcore_ehdr eh = c->eh;
	uint8_t buf[ELFCORE_EHDR_MAX];
	size_t phsize = elfcore_phdr_size(eh.cls), nnotes = 0;
	uint64_t notes_at, at;

	size_t resume_len = s->o->resume ? resume_note_size() : 0;

	for (size_t i = 0; i < c->nph; i++)
		nnotes += c->ph[i].type == PT_NOTE;
	s->st->phdrs = nnotes + (s->o->resume ? 1 : 0) + s->layout.n;
	if (s->st->phdrs > UINT32_MAX)
		return kj_fail(err, "too many program headers (%llu)", (unsigned long long)s->st->phdrs);
	eh.phnum = (uint32_t)s->st->phdrs;
	eh.phoff = elfcore_ehdr_size(eh.cls);
	eh.shoff = eh.phoff + (uint64_t)eh.phnum * phsize;
	notes_at = eh.shoff + (elfcore_needs_xnum(eh.phnum) ? elfcore_shdr_size(eh.cls) : 0);
	*data_start = (notes_at + c->notes_len + resume_len + DATA_ALIGN - 1) / DATA_ALIGN *
		      DATA_ALIGN;
	s->resume.image_bytes = layout_assign_offsets(&s->layout, *data_start);
	s->resume_desc_at = notes_at + c->notes_len + resume_note_desc_offset();

	if (put(s, buf, elfcore_put_ehdr(buf, &eh), err) < 0)
		return -1;
	/* The notes first, as the kernel orders them, each kept byte for byte. */
	at = notes_at;
	for (size_t i = 0; i < c->nph; i++) {
		struct elfcore_phdr ph = c->ph[i];
		int n;

		if (ph.type != PT_NOTE)
			continue;
		ph.offset = at;
		at += ph.filesz;
		if ((n = elfcore_put_phdr(buf, eh.cls, &ph, err)) < 0 || put(s, buf, (size_t)n, err) < 0)
			return -1;
	}
	if (s->o->resume) {
		struct elfcore_phdr ph = { .type = PT_NOTE, .offset = at, .filesz = resume_len };
		int n;

		if ((n = elfcore_put_phdr(buf, eh.cls, &ph, err)) < 0 || put(s, buf, (size_t)n, err) < 0)
			return -1;
	}
	for (size_t i = 0; i < s->layout.n; i++) {
		int n = elfcore_put_phdr(buf, eh.cls, &s->layout.seg[i].ph, err);

		if (n < 0 || put(s, buf, (size_t)n, err) < 0)
			return -1;
	}
	if (elfcore_needs_xnum(eh.phnum) &&
	    put(s, buf, elfcore_put_xnum_shdr(buf, eh.cls, eh.phnum), err) < 0)
		return -1;
	if (put(s, c->notes, (size_t)c->notes_len, err) < 0)
		return -1;
	if (s->o->resume) {
		uint8_t note[512];

		resume_put_note(note, &s->resume);
		if (put(s, note, resume_len, err) < 0)
			return -1;
	}
	return put_zeros(s, *data_start - (notes_at + c->notes_len + resume_len), err);
}

static int write_data(struct saver *s, struct kj_error *err)
{
	uint64_t total = 0;

	for (size_t i = 0; i < s->layout.n; i++)
		total += s->layout.seg[i].ph.filesz;
	progress_start(&s->prog, s->o->progress, "writing", total);
	for (size_t i = 0; i < s->layout.n; i++) {
		const struct out_seg *seg = &s->layout.seg[i];

		for (uint64_t done = 0; done < seg->ph.filesz;) {
			uint64_t left = seg->ph.filesz - done;
			size_t n = left < IO_BLOCK ? (size_t)left : IO_BLOCK;

			if (source_pread(&s->core.src, s->buf, n, seg->src_offset + done, err) < 0 ||
			    put(s, s->buf, n, err) < 0)
				return -1;
			done += n;
			progress_add(&s->prog, n);
		}
	}
	progress_end(&s->prog);
	return 0;
}

static int write_output(struct saver *s, struct kj_error *err)
{
	uint64_t data_start;

	if (encoder_open(&s->enc, s->o->compress, s->out.fd, s->o->out, err) < 0)
		return -1;
	if (write_headers(s, &data_start, err) < 0 || write_data(s, err) < 0 ||
	    encoder_finish(&s->enc, err) < 0)
		return -1;
	s->st->bytes_written = s->enc.bytes_out;
	if (s->o->resume) {
		uint8_t digest[SHA256_DIGEST_SIZE];
		off_t at = (off_t)(s->resume_desc_at + RESUME_DIGEST_OFFSET);

		sha256_final(&s->hash, digest);
		if (pwrite(s->out.fd, digest, sizeof(digest), at) != (ssize_t)sizeof(digest))
			return kj_fail_errno(err, errno, "%s: cannot write the resume record", s->o->out);
	}
	return outfile_commit(&s->out, err);
}

int kdump_save(const struct save_options *o, struct save_stats *st, struct kj_error *err)
{
	struct core_open_args args = { .tmpdir = o->tmpdir, .progress = o->progress };
	struct saver s = { .o = o, .st = st };
	double t0 = progress_now();
	int rc = -1;

	memset(st, 0, sizeof(*st));
	s.out.fd = -1;
	/* Fail on an unwritable destination before reading anything. */
	if (outfile_create(&s.out, o->out, err) < 0)
		return -1;
	if (core_open(&s.core, o->in, &args, err) < 0)
		goto out_file;
	s.maps = calloc(s.core.nph ? s.core.nph : 1, sizeof(*s.maps));
	s.buf = malloc(IO_BLOCK);
	if (!s.maps || !s.buf) {
		kj_fail(err, "out of memory");
		goto out;
	}
	if ((o->resume && resume_prepare(&s, err) < 0) ||
	    scan(&s, err) < 0 || plan(&s, err) < 0 || write_output(&s, err) < 0)
		goto out;
	st->seconds = progress_now() - t0;
	rc = 0;
out:
	progress_end(&s.prog);
	encoder_free(&s.enc);
	layout_free(&s.layout);
	for (size_t i = 0; s.maps && i < s.core.nph; i++)
		chunkmap_free(&s.maps[i]);
	free(s.maps);
	free(s.buf);
	core_close(&s.core);
out_file:
	outfile_abort(&s.out);
	return rc;
}

void save_summary(FILE *out, const struct save_options *o, const struct save_stats *st)
{
	double mb_s = st->seconds > 0 ? (double)st->memory_bytes / 1e6 / st->seconds : 0;

	fprintf(out, "saved %s: %llu pages kept, %llu excluded (zero %llu, free %llu)",
		o->out, (unsigned long long)st->pages_kept,
		(unsigned long long)(st->pages_zero + st->pages_free),
		(unsigned long long)st->pages_zero, (unsigned long long)st->pages_free);
	if (st->pages_unsplit)
		fprintf(out, ", %llu more left in to bound the headers",
			(unsigned long long)st->pages_unsplit);
	fprintf(out, ", %llu bytes written", (unsigned long long)st->bytes_written);
	if (o->compress != KJ_COMPRESSION_NONE)
		fprintf(out, " (%s)", kj_compression_name(o->compress));
	fprintf(out, " in %.2f s, %.1f MB/s", st->seconds, mb_s);
}
