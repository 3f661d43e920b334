// SPDX-License-Identifier: GPL-2.0
/*
 * Listening sockets: one per portal listen address.
 *
 * The socket's data_ready callback only queues the accept work, which
 * drains the accept queue without blocking and hands every new socket to
 * conn.c.  Nothing here waits for a peer, so a slow or silent initiator
 * never holds up another one's login.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/ipv6.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "conn.h"
#include "listener.h"

#define IKT_LISTEN_BACKLOG	128

struct ikt_listener {
	struct socket *sock;
	struct work_struct accept_work;
	void (*saved_data_ready)(struct sock *sk);
	u16 portal_tag;
};

static void ikt_listener_accept_work(struct work_struct *work)
{
	struct ikt_listener *l = container_of(work, struct ikt_listener,
					      accept_work);
	struct socket *newsock;
	int ret;

	for (;;) {
		ret = kernel_accept(l->sock, &newsock, O_NONBLOCK);
		if (ret) {
			if (ret != -EAGAIN)
				pr_warn_ratelimited("accept failed: %d\n", ret);
			/*
			 * The connection stays queued, and no callback comes
			 * for it until another one arrives: try again.
			 */
			if (ret == -ENOMEM)
				queue_work(ikt_conn_wq, &l->accept_work);
			return;
		}
		ikt_conn_accept(newsock, l->portal_tag);
	}
}

static void ikt_listener_data_ready(struct sock *sk)
{
	struct ikt_listener *l;

	read_lock_bh(&sk->sk_callback_lock);
	l = sk->sk_user_data;
	if (l && sk->sk_state == TCP_LISTEN)
		queue_work(ikt_conn_wq, &l->accept_work);
	read_unlock_bh(&sk->sk_callback_lock);
}

static int ikt_listener_addrlen(const struct sockaddr_storage *addr)
{
	switch (addr->ss_family) {
	case AF_INET:
		return sizeof(struct sockaddr_in);
	case AF_INET6:
		return sizeof(struct sockaddr_in6);
	default:
		return -EAFNOSUPPORT;
	}
}

int ikt_listener_create(const struct sockaddr_storage *addr, u16 portal_tag,
			struct ikt_listener **out)
{
	struct ikt_listener *l;
	int addrlen, ret;

	addrlen = ikt_listener_addrlen(addr);
	if (addrlen < 0)
		return addrlen;

	l = kzalloc(sizeof(*l), GFP_KERNEL);
	if (!l)
		return -ENOMEM;
	l->portal_tag = portal_tag;
	INIT_WORK(&l->accept_work, ikt_listener_accept_work);

	ret = sock_create_kern(&init_net, addr->ss_family, SOCK_STREAM,
			       IPPROTO_TCP, &l->sock);
	if (ret)
		goto err_free;

	sock_set_reuseaddr(l->sock->sk);
	tcp_sock_set_nodelay(l->sock->sk);
	/*
	 * "::" means every IPv6 address and nothing else, so that it can
	 * coexist with a "0.0.0.0" portal on the same port.
	 */
	if (addr->ss_family == AF_INET6)
		ip6_sock_set_v6only(l->sock->sk);

	ret = kernel_bind(l->sock, (struct sockaddr *)addr, addrlen);
	if (ret)
		goto err_release;

	write_lock_bh(&l->sock->sk->sk_callback_lock);
	l->sock->sk->sk_user_data = l;
	l->saved_data_ready = l->sock->sk->sk_data_ready;
	l->sock->sk->sk_data_ready = ikt_listener_data_ready;
	write_unlock_bh(&l->sock->sk->sk_callback_lock);

	ret = kernel_listen(l->sock, IKT_LISTEN_BACKLOG);
	if (ret)
		goto err_restore;

	*out = l;
	return 0;

err_restore:
	write_lock_bh(&l->sock->sk->sk_callback_lock);
	l->sock->sk->sk_data_ready = l->saved_data_ready;
	l->sock->sk->sk_user_data = NULL;
	write_unlock_bh(&l->sock->sk->sk_callback_lock);
err_release:
	sock_release(l->sock);
err_free:
	kfree(l);
	return ret;
}

void ikt_listener_destroy(struct ikt_listener *l)
{
	if (!l)
		return;
	write_lock_bh(&l->sock->sk->sk_callback_lock);
	l->sock->sk->sk_data_ready = l->saved_data_ready;
	l->sock->sk->sk_user_data = NULL;
	write_unlock_bh(&l->sock->sk->sk_callback_lock);
	cancel_work_sync(&l->accept_work);
	sock_release(l->sock);
	kfree(l);
}
