// SPDX-License-Identifier: GPL-2.0
/*
 * iscsikt-isnsd: Entity Status Inquiry.  A server that accepted our ESI
 * port checks on us there, and deregisters the entity when we stop
 * answering: libisns's callback service echoes each inquiry back.
 *
 * A child process answers.  libisns polls all its sockets in every
 * call, and an inquiry arriving while the parent waits for a
 * registration response stalls that call until it times out; the child
 * has the ESI socket to itself and the parent never sees it.
 */
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

#include <libisns/isns.h>

#include "iscsikt-isnsd.h"

static void __attribute__((noreturn)) esi_serve(void)
{
	isns_message_t *msg, *resp;
	isns_server_t *server;
	isns_source_t *source;

	/* replies carry a source; no node of ours is involved in ESI */
	source = isns_source_create_iscsi("iqn.2026-11.org.iscsikt:isnsd");
	server = source ? isns_create_server(source, NULL,
					     &isns_callback_service_ops) :
			  NULL;
	if (!server) {
		isnsd_log(LOG_ERR, "ESI: out of memory");
		_exit(1);
	}
	for (;;) {
		struct timeval tv = { .tv_sec = 3600 };

		msg = isns_recv_message(&tv);
		if (!msg)
			continue;
		if (isns_message_function(msg) == ISNS_ENTITY_STATUS_INQUIRY) {
			resp = isns_process_message(server, msg);
			if (resp) {
				isns_socket_send(isns_message_socket(msg),
						 resp);
				isns_message_release(resp);
			}
		}
		isns_message_release(msg);
	}
}

int isnsd_esi_start(uint32_t *port, pid_t *pid)
{
	isns_portal_info_t pi;
	isns_socket_t *sock;
	pid_t parent = getpid();

	sock = isns_create_server_socket(NULL, NULL, AF_INET6, SOCK_DGRAM);
	if (!sock)
		return -EIO;
	if (!isns_socket_get_portal_info(sock, &pi)) {
		isns_socket_free(sock);
		return -EIO;
	}
	/* port number and the UDP flag, as the ESI Port attribute wants */
	*port = isns_portal_tcpudp_port(&pi);
	*pid = fork();
	if (*pid < 0) {
		isns_socket_free(sock);
		return -errno;
	}
	if (!*pid) {
		struct sigaction dfl = { .sa_handler = SIG_DFL };

		sigaction(SIGTERM, &dfl, NULL);
		sigaction(SIGINT, &dfl, NULL);
		sigaction(SIGHUP, &dfl, NULL);
		/* an orphan would answer for an entity nobody keeps */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != parent)
			_exit(0);
		esi_serve();
	}
	isns_socket_free(sock);
	return 0;
}

void isnsd_esi_stop(pid_t pid)
{
	if (pid <= 0)
		return;
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
}
