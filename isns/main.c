// SPDX-License-Identifier: GPL-2.0
/*
 * iscsikt-isnsd: keeps the iSNS servers named in the iscsikt configuration
 * informed of this host's targets and portals.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include <iscsicfg.h>
#include <libisns/isns.h>
#include <libisns/util.h>

#include "iscsikt-isnsd.h"

int isnsd_debug;
static bool use_syslog;
static volatile sig_atomic_t stop, reload;

static const char usage[] =
	"Usage: iscsikt-isnsd [-f] [-d] [--once] [--interval SECONDS]\n"
	"                     [--entity EID] [--no-esi] [--dump]\n"
	"\n"
	"Registers the iscsikt targets and portals with the iSNS servers of\n"
	"the running configuration (iscsicfg global set --isns HOST[:PORT]).\n"
	"\n"
	"  -f, --foreground   stay in the foreground, log to stderr\n"
	"  -d, --debug        debug messages (twice: libisns's too)\n"
	"      --once         register once and exit (status 1 on failure)\n"
	"  -i, --interval N   re-read the configuration every N seconds\n"
	"                     (default 5; SIGHUP re-reads at once)\n"
	"  -e, --entity EID   network entity identifier\n"
	"                     (default iscsikt:HOSTNAME)\n"
	"      --no-esi       do not offer an ESI port; refresh by\n"
	"                     re-registering only\n"
	"      --dump         print what would be registered and exit\n"
	"  -h, --help         this text\n";

void isnsd_log(int prio, const char *fmt, ...)
{
	va_list ap;

	if (prio == LOG_DEBUG && !isnsd_debug)
		return;
	va_start(ap, fmt);
	if (use_syslog) {
		vsyslog(prio, fmt, ap);
	} else {
		fputs("iscsikt-isnsd: ", stderr);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	}
	va_end(ap);
}

static void on_signal(int sig)
{
	if (sig == SIGHUP)
		reload = 1;
	else
		stop = 1;
}

static void set_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	/* no SA_RESTART: a signal must cut a wait short */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

struct daemon_state {
	struct isnsd_options opt;
	struct isnsd_server *srv;
	size_t n_srv;
	char *last;		/* text of the state last acted upon */
};

static void server_free(struct isnsd_server *s)
{
	free(s->spec);
	free(s->source);
}

/* Follow the configured server list: drop the removed ones, add new. */
static int sync_servers(struct daemon_state *d, const struct isnsd_state *st)
{
	struct isnsd_server *v;
	size_t i, j;

	for (i = 0; i < d->n_srv;) {
		for (j = 0; j < st->n_servers; j++)
			if (!strcmp(d->srv[i].spec, st->servers[j]))
				break;
		if (j < st->n_servers) {
			i++;
			continue;
		}
		isnsd_deregister(&d->srv[i], &d->opt);
		server_free(&d->srv[i]);
		d->srv[i] = d->srv[--d->n_srv];
	}
	for (j = 0; j < st->n_servers; j++) {
		for (i = 0; i < d->n_srv; i++)
			if (!strcmp(d->srv[i].spec, st->servers[j]))
				break;
		if (i < d->n_srv)
			continue;
		v = reallocarray(d->srv, d->n_srv + 1, sizeof(*v));
		if (!v)
			return -ENOMEM;
		d->srv = v;
		memset(&v[d->n_srv], 0, sizeof(*v));
		v[d->n_srv].spec = strdup(st->servers[j]);
		if (!v[d->n_srv].spec)
			return -ENOMEM;
		d->n_srv++;
	}
	return 0;
}

/* One pass: register where the state changed or a refresh is due. */
static int update(struct daemon_state *d, const struct isnsd_state *st,
		  unsigned int interval)
{
	char *text = isnsd_state_format(st);
	bool changed;
	time_t now = time(NULL);
	size_t i;
	int ret, err = 0;

	if (!text)
		return -ENOMEM;
	changed = !d->last || strcmp(d->last, text);
	if (changed)
		isnsd_log(LOG_DEBUG, "configuration:\n%s", text);
	free(d->last);
	d->last = text;
	ret = sync_servers(d, st);
	if (ret)
		return ret;
	for (i = 0; i < d->n_srv; i++) {
		struct isnsd_server *s = &d->srv[i];

		if (!changed && s->next_refresh && now < s->next_refresh)
			continue;
		ret = isnsd_register(s, st, &d->opt);
		if (ret) {
			/* retry at the next pass, not at once */
			s->next_refresh = now + interval;
			err = ret;
		}
	}
	return err;
}

static void wait_interval(unsigned int interval)
{
	unsigned int i;

	for (i = 0; i < interval && !stop && !reload; i++)
		sleep(1);
}

static void init_libisns(void)
{
	/* iSNS authentication (DSA) is not offered */
	isns_config.ic_security = 0;
	/* a dead server must not hold up the others for a minute */
	isns_config.ic_network.call_timeout = 10;
	if (use_syslog)
		isns_log_background();
}

static char *default_eid(void)
{
	char host[256], *eid;

	if (gethostname(host, sizeof(host)))
		strcpy(host, "localhost");
	host[sizeof(host) - 1] = '\0';
	if (asprintf(&eid, "iscsikt:%s", host) < 0)
		return NULL;
	return eid;
}

static int dump(struct iscsicfg_ctx *ctx)
{
	struct isnsd_state st;
	char *text;
	int ret;

	ret = isnsd_state_read(ctx, &st);
	if (ret) {
		isnsd_log(LOG_ERR, "cannot read the configuration: %s",
			  iscsicfg_strerror(ctx));
		return 1;
	}
	text = isnsd_state_format(&st);
	isnsd_state_free(&st);
	if (!text)
		return 1;
	fputs(text, stdout);
	free(text);
	return 0;
}

/*
 * The configuration could not be read.  With the iscsikt family gone the
 * service was stopped: what is registered no longer exists, so it is
 * deregistered (and registered anew once the service is back).  With the
 * family there, the module may have been reloaded under a new family id:
 * reconnect, and leave the registration as it is.
 */
static void after_read_failure(struct daemon_state *d,
			       struct iscsicfg_ctx **ctx)
{
	struct iscsicfg_ctx *fresh;
	size_t i;
	int ret;

	ret = iscsicfg_open(&fresh, 0);
	if (!ret) {
		iscsicfg_close(*ctx);
		*ctx = fresh;
		return;
	}
	iscsicfg_close(fresh);
	if (ret != -ENOENT)
		return;
	for (i = 0; i < d->n_srv; i++)
		isnsd_deregister(&d->srv[i], &d->opt);
	free(d->last);
	d->last = NULL;
}

static int run(struct daemon_state *d, struct iscsicfg_ctx **ctx,
	       unsigned int interval, bool once)
{
	struct isnsd_state st;
	bool read_failed = false;
	int ret = 0;
	size_t i;

	while (!stop) {
		reload = 0;
		ret = isnsd_state_read(*ctx, &st);
		if (ret) {
			if (!read_failed || once)
				isnsd_log(LOG_ERR,
					  "cannot read the configuration: %s",
					  iscsicfg_strerror(*ctx));
			read_failed = true;
			if (!once)
				after_read_failure(d, ctx);
		} else {
			read_failed = false;
			if (!st.n_servers && once)
				isnsd_log(LOG_WARNING,
					  "no iSNS server configured");
			ret = update(d, &st, interval);
			isnsd_state_free(&st);
		}
		if (once)
			break;
		wait_interval(interval);
	}
	if (!once)
		for (i = 0; i < d->n_srv; i++)
			isnsd_deregister(&d->srv[i], &d->opt);
	return ret ? 1 : 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "foreground", no_argument, NULL, 'f' },
		{ "debug", no_argument, NULL, 'd' },
		{ "once", no_argument, NULL, 'o' },
		{ "interval", required_argument, NULL, 'i' },
		{ "entity", required_argument, NULL, 'e' },
		{ "no-esi", no_argument, NULL, 'E' },
		{ "dump", no_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool foreground = false, once = false, esi = true, do_dump = false;
	struct daemon_state d = { 0 };
	struct iscsicfg_ctx *ctx;
	pid_t esi_pid = 0;
	unsigned long interval = ISNSD_DEFAULT_INTERVAL;
	char *eid = NULL, *end;
	size_t i;
	int c, ret;

	while ((c = getopt_long(argc, argv, "fdi:e:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			foreground = true;
			break;
		case 'd':
			isnsd_debug++;
			break;
		case 'o':
			once = true;
			break;
		case 'i':
			errno = 0;
			interval = strtoul(optarg, &end, 10);
			if (errno || *end || !*optarg || interval < 1 ||
			    interval > 3600) {
				fprintf(stderr, "iscsikt-isnsd: --interval: \"%s\" is not a number of seconds from 1 to 3600\n",
					optarg);
				return 2;
			}
			break;
		case 'e':
			if (!*optarg || strlen(optarg) > 255) {
				fprintf(stderr, "iscsikt-isnsd: --entity: 1 to 255 characters\n");
				return 2;
			}
			free(eid);
			eid = strdup(optarg);
			break;
		case 'E':
			esi = false;
			break;
		case 'D':
			do_dump = true;
			break;
		case 'h':
			fputs(usage, stdout);
			free(eid);
			return 0;
		default:
			fputs(usage, stderr);
			free(eid);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "iscsikt-isnsd: unexpected argument \"%s\"\n%s",
			argv[optind], usage);
		free(eid);
		return 2;
	}
	if (!eid)
		eid = default_eid();
	if (!eid)
		return 1;
	d.opt.eid = eid;

	if (iscsicfg_open(&ctx, 0)) {
		fprintf(stderr, "iscsikt-isnsd: cannot reach iscsikt: %s\n",
			ctx ? iscsicfg_strerror(ctx) : "out of memory");
		iscsicfg_close(ctx);
		free(eid);
		return 1;
	}
	if (do_dump) {
		ret = dump(ctx);
		goto out;
	}
	if (isnsd_debug > 1)
		isns_enable_debugging("all");
	if (!foreground && !once) {
		if (daemon(0, 0)) {
			perror("iscsikt-isnsd: daemon");
			ret = 1;
			goto out;
		}
		use_syslog = true;
		openlog("iscsikt-isnsd", LOG_PID, LOG_DAEMON);
	}
	init_libisns();
	set_signals();
	/* --once exits at once: no one would be there to answer ESIs */
	if (esi && !once && isnsd_esi_start(&d.opt.esi_port, &esi_pid))
		isnsd_log(LOG_WARNING,
			  "no ESI port; refreshing by re-registration only");
	ret = run(&d, &ctx, (unsigned int)interval, once);
	isnsd_esi_stop(esi_pid);
out:
	for (i = 0; i < d.n_srv; i++)
		server_free(&d.srv[i]);
	free(d.srv);
	free(d.last);
	iscsicfg_close(ctx);
	free(eid);
	return ret;
}
