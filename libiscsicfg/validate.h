/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Validation rules of libiscsicfg.  validate.c needs only libc so that host
 * unit tests can include it directly, without libnl.
 */
#ifndef ISCSICFG_VALIDATE_H
#define ISCSICFG_VALIDATE_H

#include <stdarg.h>
#include "iscsicfg.h"

#define IC_EXPORT __attribute__((visibility("default")))

/* Every ic_check_* returns 0 or -EINVAL with a message in err. */
struct ic_err {
	char msg[512];
};

int ic_fail(struct ic_err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* starts with iqn., eui. or naa. */
bool ic_name_has_type(const char *name);
int ic_check_short_target_name(struct ic_err *e, const char *name);
int ic_check_new_target_name(struct ic_err *e, const char *full);
int ic_check_extent_name(struct ic_err *e, const char *name);
int ic_check_iscsi_name(struct ic_err *e, const char *what,
			const char *name);
int ic_check_text(struct ic_err *e, const char *what, const char *s,
		  size_t max, bool required);
int ic_check_global(struct ic_err *e, const struct iscsicfg_global *g,
		    bool set);
int ic_check_portal(struct ic_err *e, const struct iscsicfg_portal *p,
		    bool set);
int ic_check_igroup(struct ic_err *e, const struct iscsicfg_igroup *g,
		    bool set);
int ic_check_auth(struct ic_err *e, const struct iscsicfg_auth *a,
		  bool set);
/* checks everything but the name, which needs the base name */
int ic_check_target(struct ic_err *e, const struct iscsicfg_target *t,
		    bool set);
/* file_exists: whether a FILE extent's path names an existing file */
int ic_check_extent(struct ic_err *e, const struct iscsicfg_extent *x,
		    bool set, bool file_exists);
int ic_check_lun_id(struct ic_err *e, int64_t lun_id);
/* lowest LUN id not in used[0..n), or -1 when all 0..1023 are taken */
int64_t ic_next_free_lun(const uint64_t *used, size_t n);

#endif /* ISCSICFG_VALIDATE_H */
