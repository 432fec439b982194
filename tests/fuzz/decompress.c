// SPDX-License-Identifier: GPL-2.0-only
/*
 * The decompressors' wrappers: format detection and gzip, xz and zstd
 * expansion into a growing buffer under a size limit, in memory or
 * through kj_read_image() from a file (util_lib/decompress.c); and the
 * streaming expansion kdump uses for compressed cores (kdump/decoder.c),
 * into /dev/null.
 * Input: one flags byte (bits 0-2: the limit; bits 3-4: the format when
 * the magic names none, 0 being "not compressed"; bit 6: stream it with
 * decode_fd(); bit 7: read it as a file with kj_read_image()), then the
 * data.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "kjump/decompress.h"
#include "../../kdump/decoder.h"

static struct fuzz_file image_file;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_init();
	fuzz_file_open(&image_file, "image");
	return 0;
}

static void check(const struct kj_blob *out, size_t limit)
{
	/* The promises of kj_decompress(): within the limit, NUL after the data. */
	if (out->size > limit || out->data[out->size] != '\0')
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t limits[] = { 0, 1, 4095, 4096, 65536, 1 << 20, (1 << 20) + 1, 8 << 20 };
	struct kj_error err = { 0 };
	struct kj_blob in, out;
	enum kj_compression c;
	size_t limit;

	if (size < 1)
		return 0;
	limit = limits[data[0] & 7];
	(void)kj_compression_name(kj_detect_compression(data + 1, size - 1));
	if (data[0] & 0x80) {
		fuzz_file_set(&image_file, data + 1, size - 1);
		if (kj_read_image(image_file.path, limit, &out, &err) == 0) {
			check(&out, limit);
			kj_blob_free(&out);
		}
		fuzz_report(err.set ? "kj_read_image" : "read", &err);
		return 0;
	}
	if (data[0] & 0x40) {
		uint64_t expanded;

		c = kj_detect_compression(data + 1, size - 1);
		if (c == KJ_COMPRESSION_NONE)
			c = (enum kj_compression)((data[0] >> 3) & 3);
		fuzz_file_set(&image_file, data + 1, size - 1);
		if (lseek(image_file.fd, 0, SEEK_SET) < 0)
			abort();
		(void)decode_fd(c, image_file.fd, fileno(fuzz_null()), "fuzz", NULL, NULL, &expanded,
				&err);
		fuzz_report(err.set ? "decode_fd" : "streamed", &err);
		return 0;
	}
	in.size = size - 1;
	in.data = malloc(in.size ? in.size : 1);
	if (!in.data)
		return 0;
	memcpy(in.data, data + 1, in.size);
	c = kj_detect_compression(in.data, in.size);
	if (c == KJ_COMPRESSION_NONE)
		c = (enum kj_compression)((data[0] >> 3) & 3);
	if (kj_decompress(c, &in, limit, &out, "fuzz", &err) == 0) {
		check(&out, limit);
		kj_blob_free(&out);
	}
	fuzz_report(err.set ? "kj_decompress" : "expanded", &err);
	free(in.data);
	return 0;
}
