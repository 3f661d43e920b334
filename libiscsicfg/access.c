// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Which logged-in initiators an initiator group lets in, by the rule the
 * kernel applies at login (ikt_target_admits in kernel/config.c): a
 * target's group pairs a portal with an initiator group, and that group
 * admits the names it lists, or every name when it lists none.  Needs
 * only libc, so that host unit tests can include it directly.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "validate.h"

/* iSCSI names are compared without case, as the kernel compares them */
static bool name_listed(const char *const *names, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcasecmp(names[i], name))
			return true;
	return false;
}

static bool igroup_admits(const struct iscsicfg_igroup *g,
			  const char *initiator)
{
	return !g->n_initiators ||
	       name_listed((const char *const *)g->initiators,
			   g->n_initiators, initiator);
}

static const struct iscsicfg_target *
find_target(const struct iscsicfg_target *targets, size_t n,
	    const char *name)
{
	size_t i;

	for (i = 0; name && i < n; i++)
		if (!strcmp(targets[i].name, name))
			return &targets[i];
	return NULL;
}

/* t pairs group id with the portal one of s's connections came through */
static bool pairs_with_portal_of(const struct iscsicfg_target *t,
				 uint32_t id,
				 const struct iscsicfg_session *s)
{
	size_t i, j;

	for (i = 0; i < t->n_groups; i++) {
		if (t->groups[i].igroup_id != id)
			continue;
		for (j = 0; j < s->n_conns; j++)
			if (s->conns[j].portal_tag == t->groups[i].portal_tag)
				return true;
	}
	return false;
}

IC_EXPORT int
iscsicfg_igroup_connected(const struct iscsicfg_igroup *g,
			  const struct iscsicfg_target *targets,
			  size_t n_targets,
			  const struct iscsicfg_session *sessions,
			  size_t n_sessions, const char ***names, size_t *n)
{
	const struct iscsicfg_session *s;
	const struct iscsicfg_target *t;
	const char **v = NULL, **grown;
	size_t i, k = 0;

	for (i = 0; i < n_sessions; i++) {
		s = &sessions[i];
		t = find_target(targets, n_targets, s->target);
		if (!s->initiator || !t || !pairs_with_portal_of(t, g->id, s) ||
		    !igroup_admits(g, s->initiator) ||
		    name_listed(v, k, s->initiator))
			continue;
		grown = reallocarray(v, k + 1, sizeof(*v));
		if (!grown) {
			free(v);
			*names = NULL;
			*n = 0;
			return -ENOMEM;
		}
		v = grown;
		v[k++] = s->initiator;
	}
	*names = v;
	*n = k;
	return 0;
}
