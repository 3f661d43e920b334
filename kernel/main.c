// SPDX-License-Identifier: GPL-2.0
/*
 * iscsikt: an in-kernel iSCSI target.
 *
 * Module entry points.  Configuration arrives over the "iscsikt" generic
 * netlink family (netlink.c) and lives in config.c; nothing listens until
 * a portal is configured.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <net/genetlink.h>

#include "conn.h"
#include "hash.h"
#include "iscsikt.h"

static int __init iscsikt_init(void)
{
	int ret;

	ret = ikt_hash_init();
	if (ret)
		return ret;
	ret = ikt_conn_init();
	if (ret)
		goto err_hash;
	ret = ikt_cmd_init();
	if (ret)
		goto err_conn;
	ret = ikt_config_init();
	if (ret)
		goto err_cmd;
	ret = ikt_netlink_init();
	if (ret)
		goto err_config;
	pr_info("version " ISCSIKT_VERSION " loaded\n");
	return 0;

err_config:
	ikt_config_exit();
err_cmd:
	ikt_cmd_exit();
err_conn:
	ikt_conn_exit();
err_hash:
	ikt_hash_exit();
	return ret;
}

static void __exit iscsikt_exit(void)
{
	/* No new requests; no new connections; then no connections. */
	ikt_netlink_exit();
	ikt_config_exit();
	ikt_conn_close_all();
	ikt_cmd_exit();
	ikt_conn_exit();
	ikt_hash_exit();
}

module_init(iscsikt_init);
module_exit(iscsikt_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("iSCSI target");
MODULE_VERSION(ISCSIKT_VERSION);
/*
 * No MODULE_ALIAS_GENL_FAMILY: a family lookup would load the module, and
 * "iscsicfg service status", bash completion or the iSNS daemon would
 * start a target the administrator stopped.  "service start" loads it.
 */
