// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cti-rec: list, verify, export, purge the recordings libcti's recorder
 * keeps (docs/recording.md), and make their keys. Exit status: 0 all
 * well, 1 trouble found (a recording missing, altered, truncated or out
 * of order; a wrong key), 2 usage or system error (see cti-rec(1)).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cti/rec.h"
#include "cti/store.h"

#include "../common/tool.h"

static void usage(FILE *out)
{
	fputs("Usage: cti-rec COMMAND [ARGS] [OPTIONS]\n"
	      "\n"
	      "Commands:\n"
	      "  list DIR             recordings, oldest first (filters "
	      "below)\n"
	      "  verify DIR           check ledgers and recordings: all, "
	      "--day or --id\n"
	      "  export FILE -o OUT   decrypt to --wav, --flac or "
	      "--container\n"
	      "  keys --recipient P | --signing P\n"
	      "                       make a key pair P.key (mode 600) and "
	      "P.pub\n"
	      "  keys --show FILE...  key id, kind and permissions of key "
	      "files\n"
	      "  purge DIR --expired  delete recordings past their retention\n"
	      "\n"
	      "Options:\n"
	      "  -f, --from T         list: started at or after T\n"
	      "  -t, --to T           list: started before T\n"
	      "      --ani N          list: caller number\n"
	      "      --dnis N         list: number dialled\n"
	      "      --agent A        list: agent\n"
	      "  -q, --queue Q        list: queue\n"
	      "      --account N      list: account number\n"
	      "      --call-id N      list: call id\n"
	      "      --index DB       list: search the store's index instead "
	      "of the files\n"
	      "      --day D          verify: recordings of day D "
	      "(YYYY-MM-DD)\n"
	      "      --id ID          verify: one recording\n"
	      "  -s, --signer PUB     verify: trusted signing key (repeat; "
	      "default\n"
	      "                       DIR/signer.pub)\n"
	      "  -k, --key KEY        verify, export: recipient private key "
	      "(repeat)\n"
	      "      --anchor SEQ:HASH\n"
	      "                       verify: a ledger head kept from an "
	      "earlier run\n"
	      "      --wav            export: 16-bit WAV\n"
	      "      --flac           export: 16-bit FLAC\n"
	      "      --container      export: the container, once it "
	      "authenticated\n"
	      "  -o, --output OUT     export: where to write (never "
	      "overwritten)\n"
	      "      --recipient P    keys: make an X25519 recipient pair\n"
	      "      --rsa            keys --recipient: an RSA-OAEP 3072-bit "
	      "pair instead\n"
	      "      --signing P      keys: make an Ed25519 signing pair\n"
	      "      --show           keys: describe the key files given\n"
	      "      --expired        purge: what the retention allows "
	      "(required)\n"
	      "      --signing-key K  purge: the recorder's signing key\n"
	      "      --now T          purge: the time to judge by (default "
	      "now)\n"
	      "  -j, --json           list, verify, keys --show: JSON\n"
	      "  -h, --help           this text\n"
	      "  -V, --version        libcti version\n"
	      "\n"
	      "T is epoch milliseconds or UTC ISO 8601: 2026-11-03, "
	      "2026-11-03T09:00[:SS][Z].\n"
	      "Exit status: 0 all well, 1 trouble found, 2 usage or system "
	      "error.\n",
	      out);
}

struct opts {
	struct cti_rec_filter filter;
	const char *signers[8], *keys[8];
	unsigned n_signers, n_keys;
	const char *day, *id, *output, *recipient, *signing, *signing_key;
	const char *anchor, *index;
	uint32_t format;
	bool json, show, expired, now_set, rsa;
	int64_t now;
};

static void fmt_time(char *buf, size_t cap, int64_t ms)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	if (!gmtime_r(&t, &tm)) {
		snprintf(buf, cap, "?");
		return;
	}
	strftime(buf, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void json_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

/* ---- list --------------------------------------------------------------- */

struct list_state {
	bool json;
	int n;
};

static int list_one(void *user, const char *rel,
		    const struct cti_rec_file_info *in)
{
	struct list_state *ls = user;
	char start[32], until[32];
	double secs = (double)in->end_pos / 8000.0;

	fmt_time(start, sizeof(start), in->start_epoch_ms);
	fmt_time(until, sizeof(until), in->retain_until_epoch_ms);
	if (ls->json) {
		printf("%s\n {\"id\": \"%s\", \"file\": ", ls->n ? "," : "",
		       in->id);
		json_str(stdout, rel);
		printf(", \"start_utc\": \"%s\", \"start_epoch_ms\": %lld, "
		       "\"duration_s\": %.3f, \"complete\": %s, "
		       "\"channels\": %u, \"call_id\": %llu, \"ani\": ",
		       start, (long long)in->start_epoch_ms, secs,
		       in->complete ? "true" : "false", in->channels,
		       (unsigned long long)in->call_id);
		json_str(stdout, in->ani);
		fputs(", \"dnis\": ", stdout);
		json_str(stdout, in->dnis);
		fputs(", \"agent\": ", stdout);
		json_str(stdout, in->agent);
		fputs(", \"queue\": ", stdout);
		json_str(stdout, in->queue);
		fputs(", \"account\": ", stdout);
		json_str(stdout, in->account);
		printf(", \"retain_until_utc\": \"%s\", \"recipients\": [",
		       until);
		for (uint32_t i = 0; i < in->n_recipients; i++)
			printf("%s\"%s\"", i ? ", " : "", in->recipients[i]);
		fputs("]}", stdout);
	} else {
		if (!ls->n)
			printf("%-20s %9s %-12s %-10s %-12s %-10s %-10s %s\n",
			       "START (UTC)", "SECONDS", "ANI", "DNIS", "AGENT",
			       "QUEUE", "ACCOUNT", "FILE");
		printf("%-20s %9.1f %-12s %-10s %-12s %-10s %-10s %s%s\n",
		       start, secs, in->ani, in->dnis, in->agent, in->queue,
		       in->account, rel, in->complete ? "" : " (truncated)");
	}
	ls->n++;
	return 0;
}

static int index_one(void *user, const struct cti_store_recording *r)
{
	struct cti_rec_file_info in;

	memset(&in, 0, sizeof(in));
	memcpy(in.id, r->id, sizeof(in.id));
	in.start_epoch_ms = r->start_epoch_ms;
	in.end_epoch_ms = r->end_epoch_ms;
	in.end_pos = r->duration_ms * 8;
	in.complete = r->status == CTI_STORE_REC_COMPLETE;
	in.call_id = r->call_id;
	in.retain_until_epoch_ms = r->retain_until_epoch_ms;
	memcpy(in.ani, r->ani, sizeof(in.ani));
	memcpy(in.dnis, r->dnis, sizeof(in.dnis));
	memcpy(in.agent, r->agent, sizeof(in.agent));
	memcpy(in.queue, r->queue, sizeof(in.queue));
	memcpy(in.account, r->account, sizeof(in.account));
	if (r->status == CTI_STORE_REC_PURGED)
		return 0; /* gone: verify reports those */
	return list_one(user, r->file, &in);
}

/* The same search through the store's index (cti_rec_config.index). */
static int list_index(struct opts *o, struct list_state *ls)
{
	struct cti_store_config sc = { .flags = CTI_STORE_RDONLY };
	struct cti_store_rec_filter f = {
		.from_epoch_ms = o->filter.from_epoch_ms,
		.to_epoch_ms = o->filter.to_epoch_ms,
		.ani = o->filter.ani,
		.dnis = o->filter.dnis,
		.agent = o->filter.agent,
		.queue = o->filter.queue,
		.account = o->filter.account,
		.call_id = o->filter.call_id,
	};
	cti_store_t *st;
	int n = cti_store_open(&st, o->index, &sc);

	if (n)
		return n;
	n = cti_store_query_recordings(st, &f, index_one, ls);
	cti_store_close(st);
	return n;
}

static int cmd_list(const char *dir, struct opts *o)
{
	struct list_state ls = { .json = o->json };
	int n;

	if (o->json)
		fputs("[", stdout);
	n = o->index ? list_index(o, &ls)
		     : cti_rec_list(dir, &o->filter, list_one, &ls);
	if (n < 0) {
		if (o->json)
			fputs("]\n", stdout);
		fprintf(stderr, "cti-rec: %s: %s\n", o->index ? o->index : dir,
			cti_strerror(n));
		return EXIT_USAGE;
	}
	if (o->json)
		fputs(ls.n ? "\n]\n" : "]\n", stdout);
	else if (!ls.n)
		fputs("no recording matches\n", stderr);
	return EXIT_WELL;
}

/* ---- verify ---------------------------------------------------------------
 */

struct verify_state {
	bool json;
	int n, heads;
};

static int verify_one(void *user, const struct cti_rec_finding *f)
{
	struct verify_state *vs = user;

	if (vs->json) {
		printf("%s\n {\"problem\": \"%s\", \"id\": \"%s\", \"day\": "
		       "\"%s\", \"file\": ",
		       vs->n + vs->heads ? "," : "",
		       cti_rec_problem_name((int)f->problem), f->id, f->day);
		json_str(stdout, f->file);
		printf(", \"chunk\": %lld, \"t_ms\": %lld, \"text\": ",
		       (long long)f->chunk, (long long)f->t_ms);
		json_str(stdout, f->text);
		fputs("}", stdout);
	} else {
		printf("%-16s %s: %s\n", cti_rec_problem_name((int)f->problem),
		       f->file[0] ? f->file : f->id, f->text);
	}
	if (f->problem == CTI_REC_LEDGER_HEAD)
		vs->heads++;
	else
		vs->n++;
	return 0;
}

static int cmd_verify(const char *dir, struct opts *o)
{
	struct cti_rec_verify_config cfg = {
		.signers = o->signers,
		.n_signers = o->n_signers,
		.day = o->day,
		.id = o->id,
		.keys = o->keys,
		.n_keys = o->n_keys,
		.anchor = o->anchor,
	};
	struct verify_state vs = { .json = o->json };
	int rc;

	if (!o->n_signers) {
		char p[4096];
		struct stat sb;

		snprintf(p, sizeof(p), "%s/signer.pub", dir);
		if (stat(p, &sb)) {
			fprintf(stderr,
				"cti-rec: %s has no signer.pub: give the "
				"recorder's public key with --signer\n",
				dir);
			return EXIT_USAGE;
		}
	}
	if (o->json)
		fputs("[", stdout);
	rc = cti_rec_verify(dir, verify_one, &vs, &cfg);
	if (o->json)
		fputs(vs.n + vs.heads ? "\n]\n" : "]\n", stdout);
	if (rc < 0) {
		fprintf(stderr, "cti-rec: verify %s: %s\n", dir,
			rc == CTI_ENOENT ? "no such directory"
			: rc == CTI_EFORMAT
				? "a --signer file is not an Ed25519 public key"
				: cti_strerror(rc));
		return EXIT_USAGE;
	}
	if (!o->json)
		fprintf(rc ? stderr : stdout,
			"%d problem%s found (%d finding%s)\n", rc,
			rc == 1 ? "" : "s", vs.n, vs.n == 1 ? "" : "s");
	return rc ? EXIT_TROUBLE : EXIT_WELL;
}

/* ---- export ---------------------------------------------------------- */

static int cmd_export(const char *file, struct opts *o)
{
	struct cti_rec_read_config cfg = { .keys = o->keys,
					   .n_keys = o->n_keys };
	char why[512] = "";
	int rc;

	if (!o->format || !o->output || !o->n_keys) {
		fputs("cti-rec: export needs --wav, --flac or --container, "
		      "-o OUT and --key\n",
		      stderr);
		return EXIT_USAGE;
	}
	rc = cti_rec_export(file, o->output, o->format, why, sizeof(why), &cfg);
	if (rc == 0) {
		printf("%s: written\n", o->output);
		return EXIT_WELL;
	}
	if (rc == 1) {
		printf("%s: written; %s\n", o->output, why);
		return EXIT_TROUBLE;
	}
	fprintf(stderr, "cti-rec: export: %s\n",
		why[0] ? why : cti_strerror(rc));
	return rc == CTI_EPERM || rc == CTI_EBADMSG || rc == CTI_EFORMAT
		       ? EXIT_TROUBLE
		       : EXIT_USAGE;
}

/* ---- keys -------------------------------------------------------------- */

static int cmd_keys(int argc, char **argv, struct opts *o)
{
	char id[CTI_REC_KEYID_LEN + 1];
	int rc, status = EXIT_WELL, n = 0;

	if (o->show) {
		if (o->json)
			fputs("[", stdout);
		for (int i = 0; i < argc; i++) {
			uint32_t kind = 0;
			bool priv = false;
			struct stat sb;

			rc = cti_rec_key_info(argv[i], id, &kind, &priv);
			if (rc) {
				fprintf(stderr, "cti-rec: %s: %s\n", argv[i],
					rc == CTI_EACCES
						? "a private key readable by "
						  "group or others (chmod 600)"
					: rc == CTI_EFORMAT
						? "not an X25519 or Ed25519 "
						  "key"
						: cti_strerror(rc));
				status = EXIT_TROUBLE;
				continue;
			}
			stat(argv[i], &sb);
			if (o->json) {
				printf("%s\n {\"file\": ", n ? "," : "");
				json_str(stdout, argv[i]);
				printf(", \"id\": \"%s\", \"kind\": \"%s\", "
				       "\"private\": %s, \"mode\": \"%03o\"}",
				       id,
				       kind == CTI_REC_KEY_SIGNING ? "signing"
				       : kind == CTI_REC_KEY_RECIPIENT_RSA
					       ? "recipient-rsa"
					       : "recipient",
				       priv ? "true" : "false",
				       (unsigned)(sb.st_mode & 0777));
			} else {
				printf("%s: %s %s key %s, mode %03o\n", argv[i],
				       kind == CTI_REC_KEY_SIGNING
					       ? "Ed25519 signing"
				       : kind == CTI_REC_KEY_RECIPIENT_RSA
					       ? "RSA-OAEP recipient"
					       : "X25519 recipient",
				       priv ? "private" : "public", id,
				       (unsigned)(sb.st_mode & 0777));
			}
			n++;
		}
		if (o->json)
			fputs(n ? "\n]\n" : "]\n", stdout);
		return status;
	}
	if (argc || (!o->recipient == !o->signing) || (o->rsa && !o->recipient)) {
		fputs("cti-rec: keys needs --recipient PREFIX, --signing "
		      "PREFIX or --show FILE...\n",
		      stderr);
		return EXIT_USAGE;
	}
	rc = cti_rec_keygen(
		o->recipient ? o->recipient : o->signing,
		o->recipient ? (o->rsa ? CTI_REC_KEY_RECIPIENT_RSA
				       : CTI_REC_KEY_RECIPIENT)
			     : CTI_REC_KEY_SIGNING,
		id);
	if (rc) {
		fprintf(stderr, "cti-rec: keys %s: %s\n",
			o->recipient ? o->recipient : o->signing,
			rc == CTI_EEXIST ? "a key file exists (keys are never "
					   "overwritten)"
					 : cti_strerror(rc));
		return EXIT_USAGE;
	}
	printf("%s.key (private, mode 600) and %s.pub: %s key %s\n",
	       o->recipient ? o->recipient : o->signing,
	       o->recipient ? o->recipient : o->signing,
	       o->recipient ? (o->rsa ? "RSA-OAEP (3072-bit) recipient"
				      : "X25519 recipient")
			    : "Ed25519 signing",
	       id);
	return EXIT_WELL;
}

/* ---- purge -------------------------------------------------------------- */

static int purge_one(void *user, const struct cti_rec_finding *f)
{
	(void)user;
	printf("purged %s: %s\n", f->file, f->text);
	return 0;
}

static int cmd_purge(const char *dir, struct opts *o)
{
	struct cti_rec_config cfg = { .signing_key = o->signing_key };
	cti_rec_t *r;
	int rc;

	if (!o->expired || !o->signing_key) {
		fputs("cti-rec: purge deletes only what has expired: give "
		      "--expired and --signing-key\n",
		      stderr);
		return EXIT_USAGE;
	}
	rc = cti_rec_open(&r, dir, &cfg);
	if (rc) {
		fprintf(stderr, "cti-rec: purge %s: %s\n", dir,
			rc == CTI_EBUSY ? "a recorder is running on it"
			: rc == CTI_EACCES
				? "no permission, or the signing key is "
				  "readable by group or others"
				: cti_strerror(rc));
		return EXIT_USAGE;
	}
	if (!o->now_set) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		o->now = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	}
	rc = cti_rec_purge_expired(r, o->now, purge_one, NULL);
	cti_rec_close(r);
	if (rc < 0) {
		fprintf(stderr, "cti-rec: purge %s: %s\n", dir,
			cti_strerror(rc));
		return EXIT_USAGE;
	}
	printf("%d recording%s purged\n", rc, rc == 1 ? "" : "s");
	return EXIT_WELL;
}

/* ---- main -----------------------------------------------------------------
 */

enum {
	OPT_ANI = 256,
	OPT_DNIS,
	OPT_AGENT,
	OPT_ACCOUNT,
	OPT_CALL_ID,
	OPT_DAY,
	OPT_ID,
	OPT_WAV,
	OPT_FLAC,
	OPT_CONTAINER,
	OPT_RECIPIENT,
	OPT_RSA,
	OPT_SIGNING,
	OPT_SHOW,
	OPT_EXPIRED,
	OPT_SIGNING_KEY,
	OPT_NOW,
	OPT_ANCHOR,
	OPT_INDEX,
};

static int bad_time(const char *opt, const char *s)
{
	fprintf(stderr,
		"cti-rec: %s: '%s' is not a time (epoch ms or "
		"YYYY-MM-DD[THH:MM[:SS]][Z])\n",
		opt, s);
	return EXIT_USAGE;
}

int main(int argc, char **argv)
{
	static const struct option long_opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "ani", required_argument, NULL, OPT_ANI },
		{ "dnis", required_argument, NULL, OPT_DNIS },
		{ "agent", required_argument, NULL, OPT_AGENT },
		{ "queue", required_argument, NULL, 'q' },
		{ "account", required_argument, NULL, OPT_ACCOUNT },
		{ "call-id", required_argument, NULL, OPT_CALL_ID },
		{ "day", required_argument, NULL, OPT_DAY },
		{ "id", required_argument, NULL, OPT_ID },
		{ "signer", required_argument, NULL, 's' },
		{ "key", required_argument, NULL, 'k' },
		{ "wav", no_argument, NULL, OPT_WAV },
		{ "flac", no_argument, NULL, OPT_FLAC },
		{ "container", no_argument, NULL, OPT_CONTAINER },
		{ "output", required_argument, NULL, 'o' },
		{ "recipient", required_argument, NULL, OPT_RECIPIENT },
		{ "rsa", no_argument, NULL, OPT_RSA },
		{ "signing", required_argument, NULL, OPT_SIGNING },
		{ "show", no_argument, NULL, OPT_SHOW },
		{ "expired", no_argument, NULL, OPT_EXPIRED },
		{ "signing-key", required_argument, NULL, OPT_SIGNING_KEY },
		{ "now", required_argument, NULL, OPT_NOW },
		{ "anchor", required_argument, NULL, OPT_ANCHOR },
		{ "index", required_argument, NULL, OPT_INDEX },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o = { 0 };
	const char *cmd;
	char *end;
	int c;

	while ((c = getopt_long(argc, argv, "f:t:q:s:k:o:jhV", long_opts,
				NULL)) != -1) {
		switch (c) {
		case 'f':
			if (tool_parse_time(optarg, &o.filter.from_epoch_ms))
				return bad_time("--from", optarg);
			break;
		case 't':
			if (tool_parse_time(optarg, &o.filter.to_epoch_ms))
				return bad_time("--to", optarg);
			break;
		case OPT_NOW:
			if (tool_parse_time(optarg, &o.now))
				return bad_time("--now", optarg);
			o.now_set = true;
			break;
		case OPT_ANI:
			o.filter.ani = optarg;
			break;
		case OPT_DNIS:
			o.filter.dnis = optarg;
			break;
		case OPT_AGENT:
			o.filter.agent = optarg;
			break;
		case 'q':
			o.filter.queue = optarg;
			break;
		case OPT_ACCOUNT:
			o.filter.account = optarg;
			break;
		case OPT_CALL_ID:
			errno = 0;
			o.filter.call_id = strtoull(optarg, &end, 10);
			if (errno || *end || !*optarg || *optarg == '-') {
				fprintf(stderr,
					"cti-rec: --call-id: '%s' is not a "
					"call id\n",
					optarg);
				return EXIT_USAGE;
			}
			break;
		case OPT_DAY:
			if (strlen(optarg) != 10 || optarg[4] != '-' ||
			    optarg[7] != '-' ||
			    strspn(optarg, "0123456789-") != 10) {
				fprintf(stderr,
					"cti-rec: --day: '%s' is not "
					"YYYY-MM-DD\n",
					optarg);
				return EXIT_USAGE;
			}
			o.day = optarg;
			break;
		case OPT_ID:
			if (strlen(optarg) != CTI_REC_ID_LEN ||
			    strspn(optarg, "0123456789abcdef") !=
				    CTI_REC_ID_LEN) {
				fprintf(stderr,
					"cti-rec: --id: '%s' is not a "
					"recording id (32 hex digits)\n",
					optarg);
				return EXIT_USAGE;
			}
			o.id = optarg;
			break;
		case 's':
		case 'k':
			if ((c == 's' ? o.n_signers : o.n_keys) == 8) {
				fputs("cti-rec: at most 8 --signer and 8 "
				      "--key\n",
				      stderr);
				return EXIT_USAGE;
			}
			if (c == 's')
				o.signers[o.n_signers++] = optarg;
			else
				o.keys[o.n_keys++] = optarg;
			break;
		case OPT_WAV:
		case OPT_FLAC:
		case OPT_CONTAINER:
			if (o.format) {
				fputs("cti-rec: one of --wav, --flac, "
				      "--container\n",
				      stderr);
				return EXIT_USAGE;
			}
			o.format = c == OPT_WAV	   ? CTI_REC_EXPORT_WAV
				   : c == OPT_FLAC ? CTI_REC_EXPORT_FLAC
						   : CTI_REC_EXPORT_CONTAINER;
			break;
		case 'o':
			o.output = optarg;
			break;
		case OPT_RECIPIENT:
			o.recipient = optarg;
			break;
		case OPT_RSA:
			o.rsa = true;
			break;
		case OPT_SIGNING:
			o.signing = optarg;
			break;
		case OPT_SHOW:
			o.show = true;
			break;
		case OPT_EXPIRED:
			o.expired = true;
			break;
		case OPT_SIGNING_KEY:
			o.signing_key = optarg;
			break;
		case OPT_ANCHOR:
			o.anchor = optarg;
			break;
		case OPT_INDEX:
			o.index = optarg;
			break;
		case 'j':
			o.json = true;
			break;
		case 'h':
			usage(stdout);
			return EXIT_WELL;
		case 'V':
			printf("cti-rec (libcti %s)\n", cti_version_string());
			return EXIT_WELL;
		default:
			fputs("Try 'cti-rec --help'.\n", stderr);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	cmd = argv[optind++];
	if (!strcmp(cmd, "keys"))
		return cmd_keys(argc - optind, argv + optind, &o);
	if (optind + 1 != argc) {
		fprintf(stderr, "cti-rec: %s takes one %s\n", cmd,
			!strcmp(cmd, "export") ? "FILE" : "DIR");
		return EXIT_USAGE;
	}
	if (!strcmp(cmd, "list"))
		return cmd_list(argv[optind], &o);
	if (!strcmp(cmd, "verify"))
		return cmd_verify(argv[optind], &o);
	if (!strcmp(cmd, "export"))
		return cmd_export(argv[optind], &o);
	if (!strcmp(cmd, "purge"))
		return cmd_purge(argv[optind], &o);
	fprintf(stderr, "cti-rec: unknown command '%s' (try --help)\n", cmd);
	return EXIT_USAGE;
}
