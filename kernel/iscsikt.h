/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iscsikt: module-wide declarations shared by the kernel files.
 */
#ifndef ISCSIKT_H
#define ISCSIKT_H

#define ISCSIKT_VERSION "0.1.0"

int ikt_netlink_init(void);
void ikt_netlink_exit(void);

int ikt_config_init(void);
/* Tear down every object: sessions closed, portals stopped, extents closed. */
void ikt_config_exit(void);

#endif /* ISCSIKT_H */
