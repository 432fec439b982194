// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmcoreinfo.h"

int vmcoreinfo_parse(struct vmcoreinfo *v, const void *text, size_t len,
		     struct kj_error *err)
{
	const char *nul = memchr(text, '\0', len);
	size_t lines = 1;
	char *p;

	memset(v, 0, sizeof(*v));
	if (nul)
		len = (size_t)(nul - (const char *)text);
	v->text = malloc(len + 1);
	if (!v->text)
		return kj_fail(err, "out of memory for VMCOREINFO");
	memcpy(v->text, text, len);
	v->text[len] = '\0';
	for (size_t i = 0; i < len; i++)
		lines += v->text[i] == '\n';
	v->e = calloc(lines, sizeof(*v->e));
	if (!v->e) {
		vmcoreinfo_free(v);
		return kj_fail(err, "out of memory for VMCOREINFO");
	}
	for (p = v->text; *p;) {
		char *end = strchr(p, '\n'), *eq;

		if (end)
			*end = '\0';
		eq = strchr(p, '=');
		/* Lines without '=' carry nothing we can look up: skip them. */
		if (eq && eq != p) {
			*eq = '\0';
			v->e[v->n].key = p;
			v->e[v->n].value = eq + 1;
			v->n++;
		}
		if (!end)
			break;
		p = end + 1;
	}
	return 0;
}

void vmcoreinfo_free(struct vmcoreinfo *v)
{
	free(v->text);
	free(v->e);
	memset(v, 0, sizeof(*v));
}

const char *vmcoreinfo_get(const struct vmcoreinfo *v, const char *key)
{
	/* The last definition wins, as it would for a reader going line by line. */
	for (size_t i = v->n; i-- > 0;)
		if (strcmp(v->e[i].key, key) == 0)
			return v->e[i].value;
	return NULL;
}

static bool parse_u64(const char *s, int base, uint64_t *val)
{
	char *end;
	unsigned long long x;

	if (!s || !*s || *s == '-')
		return false;
	errno = 0;
	x = strtoull(s, &end, base);
	if (errno || *end)
		return false;
	*val = x;
	return true;
}

static const char *lookup(const struct vmcoreinfo *v, const char *kind, const char *name)
{
	char key[128];

	if ((size_t)snprintf(key, sizeof(key), "%s(%s)", kind, name) >= sizeof(key))
		return NULL;
	return vmcoreinfo_get(v, key);
}

bool vmci_symbol(const struct vmcoreinfo *v, const char *name, uint64_t *val)
{
	return parse_u64(lookup(v, "SYMBOL", name), 16, val);
}

bool vmci_size(const struct vmcoreinfo *v, const char *name, uint64_t *val)
{
	return parse_u64(lookup(v, "SIZE", name), 10, val);
}

bool vmci_offset(const struct vmcoreinfo *v, const char *name, uint64_t *val)
{
	return parse_u64(lookup(v, "OFFSET", name), 10, val);
}

bool vmci_length(const struct vmcoreinfo *v, const char *name, uint64_t *val)
{
	return parse_u64(lookup(v, "LENGTH", name), 10, val);
}

bool vmci_number(const struct vmcoreinfo *v, const char *name, int64_t *val)
{
	const char *s = lookup(v, "NUMBER", name);
	char *end;
	long long x;

	if (!s || !*s)
		return false;
	errno = 0;
	x = strtoll(s, &end, 10);
	if (errno || *end)
		return false;
	*val = x;
	return true;
}

bool vmci_hex(const struct vmcoreinfo *v, const char *key, uint64_t *val)
{
	return parse_u64(vmcoreinfo_get(v, key), 16, val);
}

bool vmci_dec(const struct vmcoreinfo *v, const char *key, uint64_t *val)
{
	return parse_u64(vmcoreinfo_get(v, key), 10, val);
}

int vmci_need(const struct vmcoreinfo *v, const char *kind, const char *name,
	      const char *why, uint64_t *val, struct kj_error *err)
{
	bool ok;

	if (strcmp(kind, "SYMBOL") == 0)
		ok = vmci_symbol(v, name, val);
	else if (strcmp(kind, "SIZE") == 0)
		ok = vmci_size(v, name, val);
	else if (strcmp(kind, "OFFSET") == 0)
		ok = vmci_offset(v, name, val);
	else
		ok = vmci_length(v, name, val);
	if (!ok)
		return kj_fail(err, "VMCOREINFO lacks %s(%s), needed for %s", kind, name, why);
	return 0;
}
