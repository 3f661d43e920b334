// SPDX-License-Identifier: GPL-2.0
/* iscsikt-isnsd: what to register, read from the running configuration */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <iscsicfg.h>

#include "iscsikt-isnsd.h"

void isnsd_state_free(struct isnsd_state *st)
{
	size_t i;

	for (i = 0; i < st->n_servers; i++)
		free(st->servers[i]);
	free(st->servers);
	for (i = 0; i < st->n_targets; i++) {
		free(st->targets[i].name);
		free(st->targets[i].alias);
		free(st->targets[i].tags);
	}
	free(st->targets);
	free(st->portals);
	memset(st, 0, sizeof(*st));
}

bool isnsd_target_has_tag(const struct isnsd_target *t, uint16_t tag)
{
	size_t i;

	for (i = 0; i < t->n_tags; i++)
		if (t->tags[i] == tag)
			return true;
	return false;
}

static void listen_to_sockaddr(const struct iscsicfg_listen *l,
			       struct sockaddr_storage *ss)
{
	uint16_t port = l->port ? l->port : ISCSICFG_DEFAULT_PORT;

	memset(ss, 0, sizeof(*ss));
	ss->ss_family = l->addr.family;
	if (l->addr.family == AF_INET6) {
		struct sockaddr_in6 *s6 = (void *)ss;

		memcpy(&s6->sin6_addr, l->addr.bytes, 16);
		s6->sin6_port = htons(port);
	} else {
		struct sockaddr_in *s4 = (void *)ss;

		memcpy(&s4->sin_addr, l->addr.bytes, 4);
		s4->sin_port = htons(port);
	}
}

static bool is_wildcard(const struct iscsicfg_addr *a)
{
	static const uint8_t zero[16];

	return !memcmp(a->bytes, zero, a->family == AF_INET6 ? 16 : 4);
}

static int add_portal(struct isnsd_state *st, const struct sockaddr_storage *ss,
		      uint16_t tag)
{
	struct isnsd_portal *v;

	v = reallocarray(st->portals, st->n_portals + 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	st->portals = v;
	v[st->n_portals].addr = *ss;
	v[st->n_portals].tag = tag;
	st->n_portals++;
	return 0;
}

static int add_listen(struct isnsd_state *st, const struct iscsicfg_listen *l,
		      uint16_t tag)
{
	struct sockaddr_storage ss, *wild;
	size_t i, n;
	int ret;

	listen_to_sockaddr(l, &ss);
	if (!is_wildcard(&l->addr))
		return add_portal(st, &ss, tag);
	ret = isnsd_expand_wildcard(l->addr.family, &wild, &n);
	if (ret)
		return ret;
	for (i = 0; i < n && !ret; i++) {
		/* the port lives at the same offset in both families */
		((struct sockaddr_in *)&wild[i])->sin_port =
			((struct sockaddr_in *)&ss)->sin_port;
		ret = add_portal(st, &wild[i], tag);
	}
	free(wild);
	return ret;
}

static int read_portals(struct iscsicfg_ctx *ctx, struct isnsd_state *st)
{
	struct iscsicfg_portal *p;
	size_t n, i, j;
	int ret;

	ret = iscsicfg_portal_list(ctx, &p, &n);
	if (ret)
		return ret;
	for (i = 0; i < n && !ret; i++)
		for (j = 0; j < p[i].n_listens && !ret; j++)
			ret = add_listen(st, &p[i].listens[j], p[i].tag);
	iscsicfg_portal_list_free(p, n);
	return ret;
}

static int read_target(const char *basename, const struct iscsicfg_target *t,
		       struct isnsd_target *out)
{
	char full[ISCSICFG_NAME_MAX], err[128];
	size_t i;

	if (iscsicfg_target_name_expand(basename, t->name, full, sizeof(full),
					err, sizeof(err)))
		return -EINVAL;
	out->name = strdup(full);
	out->alias = t->alias && *t->alias ? strdup(t->alias) : NULL;
	out->tags = calloc(t->n_groups ? t->n_groups : 1, sizeof(uint16_t));
	if (!out->name || (t->alias && *t->alias && !out->alias) || !out->tags)
		return -ENOMEM;
	for (i = 0; i < t->n_groups; i++) {
		uint16_t tag = t->groups[i].portal_tag;

		if (tag && !isnsd_target_has_tag(out, tag))
			out->tags[out->n_tags++] = tag;
	}
	return 0;
}

static int read_targets(struct iscsicfg_ctx *ctx, const char *basename,
			struct isnsd_state *st)
{
	struct iscsicfg_target *t;
	size_t n, i;
	int ret;

	ret = iscsicfg_target_list(ctx, &t, &n);
	if (ret)
		return ret;
	st->targets = calloc(n ? n : 1, sizeof(*st->targets));
	if (!st->targets)
		ret = -ENOMEM;
	for (i = 0; i < n && !ret; i++) {
		ret = read_target(basename, &t[i], &st->targets[i]);
		st->n_targets++;
	}
	iscsicfg_target_list_free(t, n);
	return ret;
}

static int read_servers(struct iscsicfg_global *g, struct isnsd_state *st)
{
	size_t i;

	st->servers = calloc(g->n_isns ? g->n_isns : 1, sizeof(char *));
	if (!st->servers)
		return -ENOMEM;
	for (i = 0; i < g->n_isns; i++) {
		st->servers[i] = strdup(g->isns[i]);
		if (!st->servers[i])
			return -ENOMEM;
		st->n_servers++;
	}
	return 0;
}

static int cmp_u16(const void *a, const void *b)
{
	return (int)*(const uint16_t *)a - (int)*(const uint16_t *)b;
}

static int cmp_portal(const void *a, const void *b)
{
	const struct isnsd_portal *x = a, *y = b;

	return isnsd_addr_cmp(&x->addr, &y->addr) ?: (int)x->tag - (int)y->tag;
}

static int cmp_target(const void *a, const void *b)
{
	const struct isnsd_target *x = a, *y = b;

	return strcmp(x->name, y->name);
}

/* The kernel's dump order is not ours to rely on: sort everything. */
static void sort_state(struct isnsd_state *st)
{
	size_t i, j;

	qsort(st->portals, st->n_portals, sizeof(*st->portals), cmp_portal);
	for (i = j = 0; i < st->n_portals; i++)
		if (!j || cmp_portal(&st->portals[j - 1], &st->portals[i]))
			st->portals[j++] = st->portals[i];
	st->n_portals = j;
	qsort(st->targets, st->n_targets, sizeof(*st->targets), cmp_target);
	for (i = 0; i < st->n_targets; i++)
		qsort(st->targets[i].tags, st->targets[i].n_tags,
		      sizeof(uint16_t), cmp_u16);
}

int isnsd_state_read(struct iscsicfg_ctx *ctx, struct isnsd_state *st)
{
	struct iscsicfg_global g;
	int ret;

	memset(st, 0, sizeof(*st));
	ret = iscsicfg_global_get(ctx, &g);
	if (ret)
		return ret;
	ret = read_servers(&g, st) ?: read_portals(ctx, st) ?:
	      read_targets(ctx, g.basename, st);
	iscsicfg_global_free(&g);
	if (ret) {
		isnsd_state_free(st);
		return ret;
	}
	sort_state(st);
	return 0;
}

char *isnsd_state_format(const struct isnsd_state *st)
{
	char addr[INET6_ADDRSTRLEN + 16], *buf = NULL;
	size_t len = 0, i, j;
	FILE *f;

	f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	for (i = 0; i < st->n_servers; i++)
		fprintf(f, "server %s\n", st->servers[i]);
	for (i = 0; i < st->n_portals; i++) {
		isnsd_addr_format(&st->portals[i].addr, addr, sizeof(addr));
		fprintf(f, "portal %s tag %u\n", addr, st->portals[i].tag);
	}
	for (i = 0; i < st->n_targets; i++) {
		const struct isnsd_target *t = &st->targets[i];

		fprintf(f, "target %s", t->name);
		if (t->alias)
			fprintf(f, " alias \"%s\"", t->alias);
		fputs(" tags", f);
		for (j = 0; j < t->n_tags; j++)
			fprintf(f, "%c%u", j ? ',' : ' ', t->tags[j]);
		fputs(t->n_tags ? "\n" : " none\n", f);
	}
	if (fclose(f)) {
		free(buf);
		return NULL;
	}
	return buf;
}
