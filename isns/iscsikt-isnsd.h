/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iscsikt-isnsd: registers the targets of the running iscsikt
 * configuration with the configured iSNS servers (RFC 4171).
 */
#ifndef ISCSIKT_ISNSD_H
#define ISCSIKT_ISNSD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>

#define ISNSD_DEFAULT_PORT	"3205"
#define ISNSD_DEFAULT_INTERVAL	5	/* seconds between config reads */
/* Without a period from the server, refresh this often anyway. */
#define ISNSD_MAX_REFRESH	600

struct iscsicfg_ctx;

/* One concrete listen address of a portal (wildcards expanded). */
struct isnsd_portal {
	struct sockaddr_storage addr;	/* address and TCP port */
	uint16_t tag;
};

struct isnsd_target {
	char *name;			/* full iSCSI name */
	char *alias;			/* NULL when none */
	uint16_t *tags;			/* portal tags it is reachable on */
	size_t n_tags;
};

/* What should be registered: read from the kernel, sorted. */
struct isnsd_state {
	char **servers;			/* host[:port], as configured */
	size_t n_servers;
	struct isnsd_portal *portals;
	size_t n_portals;
	struct isnsd_target *targets;
	size_t n_targets;
};

/* state.c */
int isnsd_state_read(struct iscsicfg_ctx *ctx, struct isnsd_state *st);
void isnsd_state_free(struct isnsd_state *st);
/* Canonical text of what is registered; equal text = nothing to update. */
char *isnsd_state_format(const struct isnsd_state *st);
bool isnsd_target_has_tag(const struct isnsd_target *t, uint16_t tag);

/* ifaddr.c: the concrete addresses a wildcard listen address covers */
int isnsd_expand_wildcard(int family, struct sockaddr_storage **out,
			  size_t *n);

/* addr.c */
int isnsd_server_parse(const char *spec, char *host, size_t hostlen,
		       char *port, size_t portlen);
void isnsd_addr_format(const struct sockaddr_storage *ss, char *buf,
		       size_t len);
int isnsd_addr_cmp(const struct sockaddr_storage *a,
		   const struct sockaddr_storage *b);

/* register.c: one iSNS server */
struct isnsd_server {
	char *spec;			/* host[:port] */
	char *source;			/* source node of the registration */
	bool registered;
	bool no_esi;			/* the server refused our ESI port */
	time_t next_refresh;		/* 0: register at the next pass */
};

struct isnsd_options {
	const char *eid;		/* entity identifier */
	uint32_t esi_port;		/* 0: no ESI */
};

int isnsd_register(struct isnsd_server *srv, const struct isnsd_state *st,
		   const struct isnsd_options *opt);
int isnsd_deregister(struct isnsd_server *srv,
		     const struct isnsd_options *opt);

/* esi.c: answers the servers' Entity Status Inquiries */
int isnsd_esi_start(uint32_t *port, pid_t *pid);
void isnsd_esi_stop(pid_t pid);

/* main.c */
extern int isnsd_debug;
void isnsd_log(int prio, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif /* ISCSIKT_ISNSD_H */
