// SPDX-License-Identifier: LGPL-2.1-or-later
/* Loading and unloading iscsikt.ko through libkmod, as modprobe would. */
#include <errno.h>
#include <string.h>
#include <libkmod.h>

#include "internal.h"

static int with_module(struct iscsicfg_ctx *ctx, bool load)
{
	struct kmod_module *mod = NULL;
	struct kmod_ctx *kctx;
	int ret;

	kctx = kmod_new(NULL, NULL);
	if (!kctx)
		return ic_set_err(ctx, -ENOMEM, "libkmod: cannot start");
	ret = kmod_module_new_from_name(kctx, "iscsikt", &mod);
	if (!ret) {
		if (load)
			ret = kmod_module_probe_insert_module(mod, 0, NULL,
							      NULL, NULL, NULL);
		else
			ret = kmod_module_remove_module(mod, 0);
	}
	if (ret > 0)
		ret = -EPERM;	/* probe refused by a blacklist */
	if (ret)
		ic_set_err(ctx, ret, "%s module iscsikt: %s",
			   load ? "loading" : "unloading", strerror(-ret));
	kmod_module_unref(mod);
	kmod_unref(kctx);
	return ret;
}

IC_EXPORT int iscsicfg_module_load(struct iscsicfg_ctx *ctx)
{
	return with_module(ctx, true);
}

IC_EXPORT int iscsicfg_module_unload(struct iscsicfg_ctx *ctx)
{
	return with_module(ctx, false);
}
