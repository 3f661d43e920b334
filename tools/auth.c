// SPDX-License-Identifier: GPL-2.0
/* iscsicfg auth: CHAP credentials, grouped by tag; secrets never printed */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char usage[] =
	"Usage: iscsicfg auth add --tag N --user U [--secret -|--secret-file F]\n"
	"                         [--peer-user U [--peer-secret -|--peer-secret-file F]]\n"
	"       iscsicfg auth set ID [--tag N] [--user U] [--secret -|--secret-file F]\n"
	"                            [--peer-user U] [--peer-secret -|--peer-secret-file F]\n"
	"       iscsicfg auth del ID [--force]\n"
	"       iscsicfg auth show [ID]\n"
	"Secrets: 12 to 16 characters, from a prompt, stdin (-) or a file, never\n"
	"the command line.  On a terminal, add asks for the secrets the options\n"
	"leave out, and \"-\" asks too; set changes only the secrets it is given.\n";

/*
 * add on a terminal asks for what the options leave out, as the wizard
 * does; a configuration file's line has no one to ask.
 */
static int ask_missing_secrets(struct iscsicfg_auth *a)
{
	if (!cli_words_typed() || !isatty(STDIN_FILENO))
		return 0;
	if (!a->secret) {
		if (cli_prompt_secret("--secret", &a->secret))
			return EXIT_USAGE;
		a->fields |= ISCSICFG_AUTH_F_SECRET;
	}
	if (a->peer_user && *a->peer_user && !a->peer_secret) {
		if (cli_prompt_secret("--peer-secret", &a->peer_secret))
			return EXIT_USAGE;
		a->fields |= ISCSICFG_AUTH_F_PEER_SECRET;
	}
	return 0;
}

static int write_auth(const struct cli_object *o, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "id", required_argument, NULL, 'i' },
		{ "tag", required_argument, NULL, 't' },
		{ "user", required_argument, NULL, 'u' },
		{ "secret", required_argument, NULL, 's' },
		{ "secret-file", required_argument, NULL, 'S' },
		{ "peer-user", required_argument, NULL, 'p' },
		{ "peer-secret", required_argument, NULL, 'q' },
		{ "peer-secret-file", required_argument, NULL, 'Q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct iscsicfg_auth a = { 0 };
	bool set = cli_obj_is_set(argv);
	unsigned long long v;
	int c, ret = EXIT_USAGE;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":i:t:u:s:S:p:q:Q:h", opts,
				NULL)) != -1) {
		switch (c) {
		case 'i':
			if (cli_obj_key_opt(o, set, optarg, &v))
				goto out;
			a.id = (uint32_t)v;
			break;
		case 't':
			if (cli_uint("--tag", optarg, 1, UINT32_MAX, &v))
				goto out;
			a.tag = (uint32_t)v;
			a.fields |= ISCSICFG_AUTH_F_TAG;
			break;
		case 'u':
			free(a.user);
			a.user = strdup(optarg);
			a.fields |= ISCSICFG_AUTH_F_USER;
			break;
		case 's':
		case 'S':
			if (cli_secret_opt(o->usage, "--secret", optarg, c == 'S',
					   &a.secret))
				goto out;
			a.fields |= ISCSICFG_AUTH_F_SECRET;
			break;
		case 'p':
			free(a.peer_user);
			a.peer_user = strdup(optarg);
			a.fields |= ISCSICFG_AUTH_F_PEER_USER;
			break;
		case 'q':
		case 'Q':
			if (cli_secret_opt(o->usage, "--peer-secret", optarg,
					   c == 'Q', &a.peer_secret))
				goto out;
			a.fields |= ISCSICFG_AUTH_F_PEER_SECRET;
			break;
		default:
			ret = cli_obj_opt_other(o, argv, c);
			goto out;
		}
	}
	if (cli_extra_args(o->usage, argc, argv, set ? 1 : 0))
		goto out;
	if (set) {
		if (cli_obj_set_key(o, argv, a.fields, &v))
			goto out;
		a.id = (uint32_t)v;
	} else if (!(a.fields & ISCSICFG_AUTH_F_TAG)) {
		ret = cli_usage(o->usage, "add: --tag is required");
		goto out;
	} else if (!a.user) {
		ret = cli_usage(o->usage, "add: --user is required");
		goto out;
	} else if (ask_missing_secrets(&a)) {
		goto out;
	} else if (!a.secret) {
		ret = cli_usage(o->usage, "add: --secret - or --secret-file is required (no terminal to ask)");
		goto out;
	}
	ret = cli_obj_commit(o, &a, NULL, NULL, set);
out:
	iscsicfg_auth_free(&a);
	return ret;
}

static int add_auth(struct iscsicfg_ctx *ctx, const void *obj, uint64_t *id)
{
	uint32_t got = 0;
	int ret = iscsicfg_auth_add(ctx, obj, &got);

	*id = got;
	return ret;
}

CLI_LIB_HOOKS(auth, (uint32_t)k->id)

static void json_auth(const void *obj)
{
	const struct iscsicfg_auth *a = obj;

	json_begin('{');
	json_u64("id", a->id);
	json_u64("tag", a->tag);
	json_str("user", a->user);
	json_str("peer_user", a->peer_user);
	json_end('}');
}

static void row_auth(struct table *t, const void *obj)
{
	const struct iscsicfg_auth *a = obj;
	char id[16], tag[16];

	snprintf(id, sizeof(id), "%u", a->id);
	snprintf(tag, sizeof(tag), "%u", a->tag);
	table_row(t, id, tag, a->user, a->peer_user);
}

static const struct cli_verb verbs[] = {
	{ "add", write_auth },
	{ "set", write_auth },
	{ "del", cli_obj_del },
	{ "show", cli_obj_show },
	{ "list", cli_obj_show },
	{ NULL, NULL },
};

static const char *const hdr[] = { "ID", "TAG", "USER", "PEER-USER" };

static const struct cli_object auth = {
	.name = "auth", .usage = usage, .verbs = verbs,
	.key = CLI_KEY_NUM, .key_what = "ID", .key_opt = "--id",
	.key_max = UINT32_MAX,
	.journal = CLI_AUTH, .added = "auth",
	.lib_add = add_auth,
	.del_flags = ISCSICFG_DEL_FORCE,
	CLI_LIB_OPS(auth),
	.json = json_auth, .ncols = 4, .hdr = hdr, .row = row_auth,
};

int cmd_auth(int argc, char **argv)
{
	return cli_object_cmd(&auth, argc, argv);
}
