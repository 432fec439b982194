// SPDX-License-Identifier: GPL-2.0-only
/* x86 boot parameters, command lines, the bzImage header, decompression. */
#include <lzma.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "arch/x86/x86.h"
#include "arch/x86/bootparam.h"
#include "load/cmdline.h"
#include "arch/x86/elfnotes.h"
#include "helpers.h"
#include "load/image.h"
#include "kjump/decompress.h"

static void cmdline_reuse_drops_old_boot_params(void **state)
{
	struct kj_error err = { 0 };
	const char *proc = "BOOT_IMAGE=/vmlinuz root=/dev/vda initrd=/x crashkernel=128M "
			   "kexec_jump_back_entry=0x1000 quiet\n";
	char *s;

	s = cmdline_build(proc, true, "console=ttyS0", "elfcorehdr=0x1000", false, &err);
	assert_string_equal(s, "root=/dev/vda crashkernel=128M quiet console=ttyS0 elfcorehdr=0x1000");
	free(s);
	s = cmdline_build(proc, true, NULL, NULL, true, &err);
	assert_string_equal(s, "root=/dev/vda quiet");
	free(s);
	s = cmdline_build(proc, false, "a=b", NULL, false, &err);
	assert_string_equal(s, "a=b");
	free(s);
	s = cmdline_build(NULL, false, NULL, NULL, false, &err);
	assert_string_equal(s, "");
	free(s);
}

static void e820_from_memory_map(void **state)
{
	struct memory_map map;
	uint8_t bp[BOOT_PARAMS_SIZE] = { 0 };

	must_parse_iomem(&map, test_iomem_512m);
	assert_int_equal(bootparam_set_e820(bp, &map), 0);
	assert_int_equal(get8(bp, BP_E820_ENTRIES), map.nr);
	/* Entry 1: RAM 0x1000-0x9fbff. */
	assert_int_equal(get64(bp, BP_E820_TABLE + 20), 0x1000);
	assert_int_equal(get64(bp, BP_E820_TABLE + 28), 0x9ec00);
	assert_int_equal(get32(bp, BP_E820_TABLE + 36), E820_RAM);
	assert_int_equal(get32(bp, BP_E820_TABLE + 16), E820_RESERVED);
	memmap_free(&map);

	/* More ranges than the zero page holds: the first 128 there, the
	 * rest left for SETUP_E820_EXT, in the same record format. */
	{
		char *text = malloc(200 * 40);
		uint8_t ext[72 * E820_ENTRY_SIZE];
		size_t used = 0;

		for (int i = 0; i < 200; i++)
			used += sprintf(text + used, "%08x-%08x : %s\n", 0x100000 + i * 0x2000,
					0x100000 + i * 0x2000 + 0xfff,
					"System RAM");
		must_parse_iomem(&map, text);
		assert_int_equal(bootparam_set_e820(bp, &map), 72);
		assert_int_equal(get8(bp, BP_E820_ENTRIES), 128);
		assert_int_equal(get64(bp, BP_E820_TABLE + 127 * 20), 0x100000 + 127 * 0x2000);
		bootparam_e820_entries(ext, &map, 128, 72);
		assert_int_equal(get64(ext, 0), 0x100000 + 128 * 0x2000);
		assert_int_equal(get64(ext, 8), 0x1000);
		assert_int_equal(get64(ext, 71 * 20), 0x100000 + 199 * 0x2000);
		assert_int_equal(get32(ext, 71 * 20 + 16), E820_RAM);
		memmap_free(&map);
		free(text);
	}
}

static void expect_probe_error(uint8_t *p, size_t n, const char *needle)
{
	struct kj_blob blob = { .data = p, .size = n };
	struct kj_error err = { 0 };

	assert_int_equal(bzimage_image_type.probe(&blob, &err), -1);
	assert_error_contains(&err, needle);
}

static void bzimage_header_checks(void **state)
{
	size_t n;
	uint8_t *p = test_bzimage(&n);
	struct kj_blob blob = { .data = p, .size = n };
	struct kj_error err = { 0 };

	assert_int_equal(bzimage_image_type.probe(&blob, &err), 0);
	expect_probe_error(p, 0x200, "too short");
	put16(p, HDR_VERSION, 0x0205);
	expect_probe_error(p, n, "older than 2.06");
	put16(p, HDR_VERSION, 0x020f);
	expect_probe_error(p, n - 16, "truncated: the header says 8192 bytes of kernel, the file has 8176");
	put8(p, HDR_SETUP_SECTS, 40);
	expect_probe_error(p, n, "past the end of the file");
	put8(p, HDR_SETUP_SECTS, 4);
	put32(p, HDR_KERNEL_ALIGNMENT, 0x3000);
	expect_probe_error(p, n, "not a power of two");
	put32(p, HDR_KERNEL_ALIGNMENT, 0x200000);
	put8(p, HDR_LOADFLAGS, 0);
	expect_probe_error(p, n, "zImage");
	put8(p, HDR_LOADFLAGS, LOADFLAG_LOADED_HIGH);
	put32(p, HDR_MAGIC, 0);
	expect_probe_error(p, n, "no bzImage boot signature");
	free(p);
}

static void roundtrip(enum kj_compression c, const uint8_t *data, size_t n, struct kj_blob *packed)
{
	size_t cap = n + n / 2 + 1024;

	*packed = (struct kj_blob){ .data = malloc(cap) };
	switch (c) {
	case KJ_COMPRESSION_GZIP: {
		z_stream zs = { 0 };

		assert_int_equal(deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8,
					      Z_DEFAULT_STRATEGY), Z_OK);
		zs.next_in = (uint8_t *)data;
		zs.avail_in = n;
		zs.next_out = packed->data;
		zs.avail_out = cap;
		assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
		packed->size = zs.total_out;
		deflateEnd(&zs);
		break;
	}
	case KJ_COMPRESSION_XZ: {
		size_t pos = 0;

		assert_int_equal(lzma_easy_buffer_encode(1, LZMA_CHECK_CRC64, NULL, data, n,
							 packed->data, &pos, cap), LZMA_OK);
		packed->size = pos;
		break;
	}
	case KJ_COMPRESSION_ZSTD:
		packed->size = ZSTD_compress(packed->data, cap, data, n, 3);
		assert_false(ZSTD_isError(packed->size));
		break;
	default:
		fail();
	}
}

static void decompress_formats(void **state)
{
	const enum kj_compression formats[] = {
		KJ_COMPRESSION_GZIP, KJ_COMPRESSION_XZ, KJ_COMPRESSION_ZSTD,
	};
	size_t n = 3 << 20;	/* more than the first output guess */
	uint8_t *data = malloc(n);

	for (size_t i = 0; i < n; i++)
		data[i] = (uint8_t)(i * 7 + (i >> 12));
	for (size_t f = 0; f < 3; f++) {
		struct kj_blob packed, out, cut;
		struct kj_error err = { 0 };

		roundtrip(formats[f], data, n, &packed);
		assert_int_equal(kj_detect_compression(packed.data, packed.size), formats[f]);
		assert_int_equal(kj_decompress(formats[f], &packed, 64 << 20, &out, "t", &err), 0);
		assert_int_equal(out.size, n);
		assert_memory_equal(out.data, data, n);
		kj_blob_free(&out);

		/* Truncated input is an error, not a short image. */
		cut = (struct kj_blob){ .data = packed.data, .size = packed.size / 2 };
		assert_int_equal(kj_decompress(formats[f], &cut, 64 << 20, &out, "t", &err), -1);
		assert_error_contains(&err, kj_compression_name(formats[f]));
		assert_null(out.data);
		kj_error_clear(&err);

		/* Two members or frames back to back: both, in order (gzip -d,
		 * xz -d and zstd -d all do this); junk after them is an error. */
		{
			struct kj_blob two = { .data = malloc(2 * packed.size + 4) };

			memcpy(two.data, packed.data, packed.size);
			memcpy(two.data + packed.size, packed.data, packed.size);
			two.size = 2 * packed.size;
			assert_int_equal(kj_decompress(formats[f], &two, 64 << 20, &out, "t", &err), 0);
			assert_int_equal(out.size, 2 * n);
			assert_memory_equal(out.data, data, n);
			assert_memory_equal(out.data + n, data, n);
			kj_blob_free(&out);
			memcpy(two.data + two.size, "junk", 4);
			two.size += 4;
			assert_int_equal(kj_decompress(formats[f], &two, 64 << 20, &out, "t", &err), -1);
			assert_null(out.data);
			kj_error_clear(&err);
			/* Zeros after a gzip file are padding, as for gzip -d. */
			if (formats[f] == KJ_COMPRESSION_GZIP) {
				memset(two.data + packed.size, 0, 4);
				two.size = packed.size + 4;
				assert_int_equal(kj_decompress(formats[f], &two, 64 << 20, &out,
							       "t", &err), 0);
				assert_int_equal(out.size, n);
				kj_blob_free(&out);
			}
			free(two.data);
		}

		/* A limit below the real size stops the expansion. */
		assert_int_equal(kj_decompress(formats[f], &packed, 1 << 20, &out, "t", &err), -1);
		assert_error_contains(&err, "expands beyond");
		kj_blob_free(&packed);
	}
	assert_int_equal(kj_detect_compression("\x7f" "ELF", 4), KJ_COMPRESSION_NONE);
	free(data);
}

static void elf_boot_notes_block(void **state)
{
	const char *cmdline = "console=ttyS0 odd";
	size_t n = elf_boot_notes_size(cmdline);
	uint8_t *buf = calloc(1, n);
	size_t off = 12;
	int seen_cmdline = 0;

	elf_boot_notes_build(buf, cmdline);
	assert_int_equal(get32(buf, 0), ELF_BOOT_MAGIC);
	assert_int_equal(get32(buf, 4), n);
	assert_int_equal(get16(buf, 10), 4);
	/* A block whose stored checksum is right sums to zero. */
	assert_int_equal(ip_checksum(buf, n), 0);
	for (int i = 0; i < 4; i++) {
		uint32_t descsz = get32(buf, off + 4);

		assert_int_equal(get32(buf, off), 0);	/* no name */
		assert_true(off + 12 + descsz <= n);
		if (get32(buf, off + 8) == EBN_COMMAND_LINE) {
			assert_string_equal((char *)buf + off + 12, cmdline);
			seen_cmdline = 1;
		}
		off += 12 + ((descsz + 3) & ~3u);
	}
	assert_int_equal(off, n);
	assert_true(seen_cmdline);
	buf[20] ^= 1;
	assert_int_not_equal(ip_checksum(buf, n), 0);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cmdline_reuse_drops_old_boot_params),
		cmocka_unit_test(e820_from_memory_map),
		cmocka_unit_test(bzimage_header_checks),
		cmocka_unit_test(decompress_formats),
		cmocka_unit_test(elf_boot_notes_block),
	};
	return cmocka_run_group_tests_name("x86", tests, NULL, NULL);
}
