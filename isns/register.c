// SPDX-License-Identifier: GPL-2.0
/* iscsikt-isnsd: DevAttrReg and DevDereg with one iSNS server (libisns) */
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include <libisns/isns.h>

#include "iscsikt-isnsd.h"

static void client_close(isns_client_t *clnt)
{
	if (clnt->ic_socket)
		isns_socket_free(clnt->ic_socket);
	if (clnt->ic_source)
		isns_source_release(clnt->ic_source);
	free(clnt);
}

/*
 * Not isns_create_client(): it takes the server from libisns's global
 * configuration, and we talk to several servers.
 */
static isns_client_t *client_open(const char *spec, const char *source)
{
	char host[256], port[8];
	isns_client_t *clnt;

	if (isnsd_server_parse(spec, host, sizeof(host), port, sizeof(port))) {
		isnsd_log(LOG_ERR, "iSNS server \"%s\": not host[:port]", spec);
		return NULL;
	}
	clnt = calloc(1, sizeof(*clnt));
	if (!clnt)
		return NULL;
	clnt->ic_socket = isns_create_client_socket(host, port, AF_UNSPEC,
						    SOCK_STREAM);
	clnt->ic_source = isns_source_create_iscsi(source);
	if (!clnt->ic_socket || !clnt->ic_source) {
		isnsd_log(LOG_ERR, "iSNS server %s: cannot resolve %s port %s",
			  spec, host, port);
		client_close(clnt);
		return NULL;
	}
	return clnt;
}

static bool has_target(const struct isnsd_state *st, const char *name)
{
	size_t i;

	for (i = 0; name && i < st->n_targets; i++)
		if (!strcmp(st->targets[i].name, name))
			return true;
	return false;
}

/* Append obj to the list and drop the creation reference. */
static bool keep(isns_object_list_t *objs, isns_object_t *obj)
{
	if (!obj)
		return false;
	isns_object_list_append(objs, obj);
	isns_object_release(obj);
	return true;
}

/*
 * The PGT of target t on the portal address of st->portals[first..]:
 * the tag of that address's portal t is in, or 0 (sent as NIL: "no
 * access through this portal", which also keeps the server from adding
 * a default PG that would announce the target there).
 */
static uint32_t pg_tag(const struct isnsd_state *st, size_t first,
		       const struct isnsd_target *t)
{
	size_t i;

	for (i = first; i < st->n_portals &&
	     !isnsd_addr_cmp(&st->portals[i].addr, &st->portals[first].addr);
	     i++)
		if (isnsd_target_has_tag(t, st->portals[i].tag))
			return st->portals[i].tag;
	return 0;
}

/*
 * The PG of node and portal; pgt 0 registers a NIL PGT.  Not through
 * isns_create_portal_group(..., 0): libisns 0.101's isns_object_set_nil()
 * crashes, so the NIL value goes in as an attribute list.
 */
static isns_object_t *create_pg(isns_object_t *portal, isns_object_t *node,
				uint32_t pgt)
{
	isns_attr_list_t nil = ISNS_ATTR_LIST_INIT;
	isns_object_t *pg;

	pg = isns_create_portal_group(portal, node, pgt ? pgt : 1);
	if (!pg || pgt)
		return pg;
	isns_attr_list_append_nil(&nil, ISNS_TAG_PG_TAG);
	if (!isns_object_set_attrlist(pg, &nil)) {
		isns_object_release(pg);
		pg = NULL;
	}
	isns_attr_list_destroy(&nil);
	return pg;
}

/*
 * Entity, then its portals (one per address), then per target its node
 * followed by one PG per portal: the attribute order RFC 4171 5.6.4 asks.
 */
static int build(const struct isnsd_state *st, const struct isnsd_options *opt,
		 isns_object_list_t *objs)
{
	isns_object_t *entity, *node, **portals;
	size_t *first, n = 0, i, j;
	int ret = -ENOMEM;

	portals = calloc(st->n_portals + 1, sizeof(*portals));
	first = calloc(st->n_portals + 1, sizeof(*first));
	entity = isns_create_entity(ISNS_ENTITY_PROTOCOL_ISCSI, opt->eid);
	if (!portals || !first || !keep(objs, entity))
		goto out;
	for (i = 0; i < st->n_portals; i++) {
		isns_portal_info_t pi;

		if (i && !isnsd_addr_cmp(&st->portals[i - 1].addr,
					 &st->portals[i].addr))
			continue;
		isns_portal_init(&pi, (const struct sockaddr *)&st->portals[i].addr,
				 IPPROTO_TCP);
		portals[n] = isns_create_portal(&pi, entity);
		if (!portals[n])
			goto out;
		if (opt->esi_port)
			isns_object_set_uint32(portals[n], ISNS_TAG_ESI_PORT,
					       opt->esi_port);
		isns_object_list_append(objs, portals[n]);
		first[n++] = i;
	}
	for (i = 0; i < st->n_targets; i++) {
		const struct isnsd_target *t = &st->targets[i];

		node = isns_create_iscsi_target(t->name, entity);
		if (!node)
			goto out;
		if (t->alias)
			isns_object_set_string(node, ISNS_TAG_ISCSI_ALIAS,
					       t->alias);
		isns_object_list_append(objs, node);
		for (j = 0; j < n; j++)
			if (!keep(objs, create_pg(portals[j], node,
						pg_tag(st, first[j], t))))
				break;
		isns_object_release(node);
		if (j < n)
			goto out;
	}
	ret = 0;
out:
	for (i = 0; i < n; i++)
		isns_object_release(portals[i]);
	free(portals);
	free(first);
	return ret;
}

/* The registration period the server granted, from its response. */
static uint32_t granted_period(isns_simple_t *resp)
{
	isns_object_list_t objs = ISNS_OBJECT_LIST_INIT;
	uint32_t period = 0;
	unsigned int i;

	if (isns_registration_response_get_objects(resp, &objs))
		return 0;
	for (i = 0; i < objs.iol_count; i++)
		if (isns_object_is_entity(objs.iol_data[i]))
			isns_object_get_uint32(objs.iol_data[i],
					       ISNS_TAG_REGISTRATION_PERIOD,
					       &period);
	isns_object_list_destroy(&objs);
	return period;
}

int isnsd_deregister(struct isnsd_server *srv, const struct isnsd_options *opt)
{
	isns_attr_list_t key = ISNS_ATTR_LIST_INIT;
	isns_client_t *clnt;
	isns_simple_t *msg;
	int status, ret = -EIO;

	if (!srv->registered)
		return 0;
	clnt = client_open(srv->spec, srv->source);
	if (!clnt)
		return -EIO;
	isns_attr_list_append_string(&key, ISNS_TAG_ENTITY_IDENTIFIER, opt->eid);
	msg = isns_create_deregistration(clnt, &key);
	if (msg) {
		status = isns_simple_call(clnt->ic_socket, &msg);
		if (status == ISNS_SUCCESS)
			ret = 0;
		else
			isnsd_log(LOG_ERR,
				  "iSNS server %s: deregistration failed: %s",
				  srv->spec, isns_strerror(status));
		isns_simple_free(msg);
	}
	isns_attr_list_destroy(&key);
	client_close(clnt);
	if (!ret) {
		isnsd_log(LOG_INFO, "iSNS server %s: entity %s deregistered",
			  srv->spec, opt->eid);
		srv->registered = false;
	}
	return ret;
}

static time_t refresh_after(uint32_t period)
{
	/* half the period leaves room for a retry or two */
	if (!period || period / 2 > ISNSD_MAX_REFRESH)
		return ISNSD_MAX_REFRESH;
	return period / 2 ? period / 2 : 1;
}

/*
 * One DevAttrReg with the replace bit.  Returns 0, a negative errno, or
 * the server's iSNS status (positive); *period gets the granted period.
 */
static int send_registration(struct isnsd_server *srv,
			     const struct isnsd_state *st,
			     const struct isnsd_options *opt, uint32_t *period)
{
	isns_object_list_t objs = ISNS_OBJECT_LIST_INIT;
	isns_client_t *clnt = NULL;
	isns_simple_t *msg = NULL;
	int ret;

	ret = build(st, opt, &objs);
	if (!ret) {
		ret = -EIO;
		clnt = client_open(srv->spec, srv->source);
	}
	if (clnt)
		msg = isns_create_registration(clnt, objs.iol_data[0]);
	if (msg) {
		isns_registration_set_replace(msg, 1);
		isns_registration_add_object_list(msg, &objs);
		ret = isns_simple_call(clnt->ic_socket, &msg);
		if (!ret)
			*period = granted_period(msg);
		isns_simple_free(msg);
	}
	if (clnt)
		client_close(clnt);
	isns_object_list_destroy(&objs);
	return ret;
}

int isnsd_register(struct isnsd_server *srv, const struct isnsd_state *st,
		   const struct isnsd_options *opt)
{
	struct isnsd_options o = *opt;
	uint32_t period = 0;
	char *source;
	int ret;

	/* nothing to announce: an entity without targets is noise */
	if (!st->n_targets)
		return isnsd_deregister(srv, opt);
	/*
	 * The source of a replacing registration must be a node of the
	 * entity it replaces: when the old source target is gone, start
	 * from scratch.
	 */
	if (!has_target(st, srv->source)) {
		/* a server that lost us refuses this: register all the same */
		isnsd_deregister(srv, opt);
		srv->registered = false;
		source = strdup(st->targets[0].name);
		if (!source)
			return -ENOMEM;
		free(srv->source);
		srv->source = source;
	}
	if (srv->no_esi)
		o.esi_port = 0;
	ret = send_registration(srv, st, &o, &period);
	if (ret == ISNS_ESI_NOT_AVAILABLE && o.esi_port) {
		isnsd_log(LOG_WARNING,
			  "iSNS server %s: no ESI, refreshing by re-registration",
			  srv->spec);
		srv->no_esi = true;
		o.esi_port = 0;
		ret = send_registration(srv, st, &o, &period);
	}
	if (ret) {
		isnsd_log(LOG_ERR, "iSNS server %s: registration failed: %s",
			  srv->spec, ret < 0 ? strerror(-ret) :
			  isns_strerror(ret));
		return ret < 0 ? ret : -EIO;
	}
	srv->registered = true;
	srv->next_refresh = time(NULL) + refresh_after(period);
	isnsd_log(LOG_INFO,
		  "iSNS server %s: entity %s registered, %zu target(s), %zu portal address(es)",
		  srv->spec, opt->eid, st->n_targets, st->n_portals);
	return 0;
}
