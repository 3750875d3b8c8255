// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cti-rec, the tool, run as a user would on recordings made through the
 * library with keys the tool made: list and its filters, verify (each
 * kind of tampering detected, named, and named as nothing else), export
 * to WAV/FLAC sample for sample, a wrong key, kill -9 of a recording
 * process, purge of expired recordings only, usage errors.
 */
#include <math.h>
#include <signal.h>
#include <sndfile.h>
#include <sys/stat.h>

#include "../tool_run.h"
#include "cti/dsp.h"
#include "cti/rec.h"
#include "cti/store.h"

/* 2026-12-01T09:00:00Z */
#define T0 1796115600000LL

static char db[96];
static char dir[64], rec[96], sign[96], sign_pub[96], cco[96], cco_pub[96],
	eve[96], rel[3][80], path[3][200];
static int64_t now_ms;

static int64_t clk(void *u)
{
	(void)u;
	return now_ms;
}

static int16_t tone(double f, uint64_t i)
{
	return (int16_t)lrint(8000 * sin(2 * M_PI * f * (double)i / 8000.0));
}

static void record(cti_rec_t *r, const char *agent, const char *ani,
		   double secs, int k)
{
	struct cti_rec_meta m = { .call_id = (uint64_t)(100 + k),
				  .start_epoch_ms = now_ms };
	struct cti_rec_info info;
	cti_rec_call_t *c;
	uint64_t pos;

	snprintf(m.ani, sizeof(m.ani), "%s", ani);
	strcpy(m.dnis, "95588");
	snprintf(m.agent, sizeof(m.agent), "%s", agent);
	strcpy(m.queue, k == 2 ? "service" : "trading");
	snprintf(m.account, sizeof(m.account), "A-%d", 1000 + k);
	ck_assert_int_eq(cti_rec_start(r, &c, &m), 0);
	for (pos = 0; pos < (uint64_t)(secs * 8000); pos += 160) {
		uint8_t a[160], b[160];
		struct cti_rec_frame f = { .pos = pos,
					   .n = 160,
					   .fmt = CTI_PCM_ALAW,
					   .role = CTI_REC_CALLER };

		for (int i = 0; i < 160; i++) {
			a[i] = cti_alaw_encode(tone(697, pos + i));
			b[i] = cti_alaw_encode(tone(1336, pos + i));
		}
		f.dir = CTI_REC_FROM_PARTY;
		f.samples = a;
		ck_assert_int_eq(cti_rec_call_tap(c, &f), 0);
		f.dir = CTI_REC_TO_PARTY;
		f.samples = b;
		ck_assert_int_eq(cti_rec_call_tap(c, &f), 0);
	}
	now_ms += (int64_t)(secs * 1000) + 60000;
	ck_assert_int_eq(cti_rec_call_stop(c, &info), 0);
	snprintf(rel[k], sizeof(rel[k]), "2026-12-01/%s.ctr", info.id);
	snprintf(path[k], sizeof(path[k]), "%s/%s", rec, rel[k]);
}

static void setup(void)
{
	struct tool_run r;
	char pre[80];
	const char *rc[1];
	struct cti_rec_config cfg = { .signing_key = sign,
				      .recipients = rc,
				      .n_recipients = 1,
				      .clock_epoch_ms = clk };
	cti_rec_t *rr;
	cti_store_t *st;

	strcpy(dir, "/tmp/cti-rec-cli-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(rec, sizeof(rec), "%s/rec", dir);
	snprintf(pre, sizeof(pre), "%s/recorder", dir);
	TOOL_RUN(&r, "cti-rec", "keys", "--signing", pre);
	ck_assert_int_eq(r.status, 0);
	OUT_HAS(&r, "Ed25519 signing key");
	snprintf(sign, sizeof(sign), "%s.key", pre);
	snprintf(sign_pub, sizeof(sign_pub), "%s.pub", pre);
	snprintf(pre, sizeof(pre), "%s/compliance", dir);
	TOOL_RUN(&r, "cti-rec", "keys", "--recipient", pre);
	ck_assert_int_eq(r.status, 0);
	snprintf(cco, sizeof(cco), "%s.key", pre);
	snprintf(cco_pub, sizeof(cco_pub), "%s.pub", pre);
	snprintf(pre, sizeof(pre), "%s/eve", dir);
	TOOL_RUN(&r, "cti-rec", "keys", "--recipient", pre);
	snprintf(eve, sizeof(eve), "%s.key", pre);
	rc[0] = cco_pub;
	now_ms = T0;
	snprintf(db, sizeof(db), "%s/cti.db", dir);
	ck_assert_int_eq(cti_store_open(&st, db, NULL), 0);
	cfg.index = st;
	ck_assert_int_eq(cti_rec_open(&rr, rec, &cfg), 0);
	record(rr, "agent-7", "13800138000", 3.0, 0);
	record(rr, "agent-8", "13900139000", 2.0, 1);
	record(rr, "agent-7", "13700137000", 2.5, 2);
	cti_rec_close(rr);
	cti_store_close(st);
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* verify exits 1 and names `problem` and no other problem. */
static void verify_names(const char *problem)
{
	static const char *const others[] = {
		"audio-altered",
		"header-altered",
		"meta-altered",
		"chunk-missing",
		"chunk-duplicated",
		"chunk-order",
		"truncated",
		"interrupted",
		"missing",
		"replaced",
		"moved",
		"unlisted",
		"ledger-edited",
		"ledger-removed",
		"ledger-order",
		"ledger-malformed",
		"malformed",
		"wrong-key",
		"file-altered",
	};
	struct tool_run r;

	TOOL_RUN(&r, "cti-rec", "verify", rec, "--signer", sign_pub);
	ck_assert_msg(r.status == 1, "exit %d:\n%s%s", r.status, r.out, r.err);
	for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
		char pat[40];

		snprintf(pat, sizeof(pat), "\n%s ", others[i]);
		if (!strcmp(others[i], problem))
			ck_assert_msg(strstr(r.out, pat) ||
					      !strncmp(r.out, pat + 1,
						       strlen(pat + 1)),
				      "no %s:\n%s", problem, r.out);
		else
			ck_assert_msg(!strstr(r.out, pat) &&
					      strncmp(r.out, pat + 1,
						      strlen(pat + 1)),
				      "%s reported:\n%s", others[i], r.out);
	}
	ERR_HAS(&r, "found");
}

START_TEST(keys_modes_and_show)
{
	struct tool_run r;
	struct stat sb;

	ck_assert_int_eq(stat(sign, &sb), 0);
	ck_assert_uint_eq(sb.st_mode & 0777, 0600);
	TOOL_RUN(&r, "cti-rec", "keys", "--show", sign, cco_pub, "--json");
	ck_assert_int_eq(r.status, 0);
	OUT_HAS(&r, "\"kind\": \"signing\", \"private\": true, "
		    "\"mode\": \"600\"");
	OUT_HAS(&r, "\"kind\": \"recipient\", \"private\": false");
	chmod(cco, 0644);
	TOOL_RUN(&r, "cti-rec", "keys", "--show", cco);
	ck_assert_int_eq(r.status, 1);
	ERR_HAS(&r, "readable by group or others");
	TOOL_RUN(&r, "cti-rec", "keys", "--signing", "/nonexistent/dir/k");
	ck_assert_int_eq(r.status, 2);
	chmod(cco, 0600);
	/* the same key file again: never overwritten */
	char pre[80];
	snprintf(pre, sizeof(pre), "%s/recorder", dir);
	TOOL_RUN(&r, "cti-rec", "keys", "--signing", pre);
	ck_assert_int_eq(r.status, 2);
	ERR_HAS(&r, "never overwritten");
}
END_TEST

START_TEST(list_and_filters)
{
	struct tool_run r;

	TOOL_RUN(&r, "cti-rec", "list", rec);
	ck_assert_int_eq(r.status, 0);
	OUT_HAS(&r, "2026-12-01T09:00:00Z");
	OUT_HAS(&r, "13900139000");
	TOOL_RUN(&r, "cti-rec", "list", rec, "--agent", "agent-7", "--json");
	ck_assert_int_eq(r.status, 0);
	OUT_HAS(&r, "\"ani\": \"13800138000\"");
	OUT_HAS(&r, "\"ani\": \"13700137000\"");
	ck_assert_ptr_null(strstr(r.out, "13900139000"));
	OUT_HAS(&r, "\"duration_s\": 3.000");
	TOOL_RUN(&r, "cti-rec", "list", rec, "--queue", "service", "--json");
	OUT_HAS(&r, "\"account\": \"A-1002\"");
	ck_assert_ptr_null(strstr(r.out, "A-1000"));
	TOOL_RUN(&r, "cti-rec", "list", rec, "--account", "A-1001");
	OUT_HAS(&r, "agent-8");
	ck_assert_ptr_null(strstr(r.out, "agent-7"));
	TOOL_RUN(&r, "cti-rec", "list", rec, "--from", "2026-12-01T09:01",
		 "--to", "2026-12-01T09:02:00Z", "--json");
	OUT_HAS(&r, "13900139000");
	ck_assert_ptr_null(strstr(r.out, "13800138000"));
	ck_assert_ptr_null(strstr(r.out, "13700137000"));
	/* the same through the store's index */
	TOOL_RUN(&r, "cti-rec", "list", rec, "--index", db, "--agent",
		 "agent-7", "--json");
	ck_assert_int_eq(r.status, 0);
	OUT_HAS(&r, "\"ani\": \"13800138000\"");
	OUT_HAS(&r, "\"ani\": \"13700137000\"");
	OUT_HAS(&r, "\"duration_s\": 2.500");
	ck_assert_ptr_null(strstr(r.out, "13900139000"));
	TOOL_RUN(&r, "cti-rec", "list", rec, "--index", "/nonexistent.db");
	ck_assert_int_eq(r.status, 2);
	TOOL_RUN(&r, "cti-rec", "list", rec, "--ani", "1", "--json");
	ck_assert_str_eq(r.out, "[]\n");
	TOOL_RUN(&r, "cti-rec", "list", rec, "--from", "2026-02-30");
	ck_assert_int_eq(r.status, 2);
	ERR_HAS(&r, "not a time");
}
END_TEST

START_TEST(verify_intact)
{
	struct tool_run r;

	TOOL_RUN(&r, "cti-rec", "verify", rec, "--signer", sign_pub, "--key",
		 cco);
	ck_assert_int_eq(r.status, 0);
	OUT_HAS(&r, "0 problems found (3 findings)");
	OUT_HAS(&r, "decrypted and authenticated");
	OUT_HAS(&r, "ledger-head      ledger/2026-12-01.log: head: entry 7, "
		    "anchor 7:");
	/* the head given back later: still there */
	char anchor[80], *a = strstr(r.out, "anchor 7:");
	snprintf(anchor, sizeof(anchor), "%.66s", a + 7);
	TOOL_RUN(&r, "cti-rec", "verify", rec, "--anchor", anchor);
	ck_assert_int_eq(r.status, 0);
	anchor[10] = anchor[10] == '0' ? '1' : '0';
	TOOL_RUN(&r, "cti-rec", "verify", rec, "--anchor", anchor);
	ck_assert_int_eq(r.status, 1);
	OUT_HAS(&r, "not the one anchored");
	/* the default signer: DIR/signer.pub */
	TOOL_RUN(&r, "cti-rec", "verify", rec, "--json");
	ck_assert_int_eq(r.status, 0);
	OUT_HAS(&r, "\"problem\": \"ok\"");
	TOOL_RUN(&r, "cti-rec", "verify", rec, "--day", "2026-12-02");
	ck_assert_int_eq(r.status, 0);
	OUT_HAS(&r, "0 problems found (0 findings)");
}
END_TEST

static void flip(const char *p, long off)
{
	FILE *f = fopen(p, "r+b");
	int c;

	ck_assert_ptr_nonnull(f);
	fseek(f, off, off < 0 ? SEEK_END : SEEK_SET);
	c = fgetc(f);
	fseek(f, -1, SEEK_CUR);
	fputc(c ^ 0x20, f);
	fclose(f);
}

START_TEST(tamper_audio)
{
	flip(path[1], -9000); /* inside the second chunk's audio */
	verify_names("audio-altered");
}
END_TEST

START_TEST(tamper_header)
{
	flip(path[1], 8 + 8 + 33); /* the start time */
	verify_names("header-altered");
}
END_TEST

START_TEST(tamper_meta)
{
	size_t n;
	FILE *f = fopen(path[1], "rb");
	char buf[600], *a;

	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	a = memmem(buf, n, "agent=agent-8", 13);
	ck_assert_ptr_nonnull(a);
	flip(path[1], a - buf + 12);
	verify_names("meta-altered");
}
END_TEST

/* Recording 0: 3 chunks of 16,080 bytes, then the final's 96. */
#define CHUNK 16080
static void splice_chunks(int how)
{
	FILE *f = fopen(path[0], "rb");
	static uint8_t b[65536], o[65536];
	size_t n, hdr, on = 0;

	ck_assert_ptr_nonnull(f);
	n = fread(b, 1, sizeof(b), f);
	fclose(f);
	hdr = n - 3 * CHUNK - 96;
	memcpy(o, b, hdr + CHUNK); /* header and chunk 0 */
	on = hdr + CHUNK;
	if (how == 0) { /* chunk 1 removed */
		memcpy(o + on, b + hdr + 2 * CHUNK, CHUNK + 96);
		on += CHUNK + 96;
	} else if (how == 1) { /* chunk 1 twice */
		memcpy(o + on, b + hdr + CHUNK, CHUNK);
		memcpy(o + on + CHUNK, b + hdr + CHUNK, 2 * CHUNK + 96);
		on += 3 * CHUNK + 96;
	} else { /* chunks 1 and 2 swapped */
		memcpy(o + on, b + hdr + 2 * CHUNK, CHUNK);
		memcpy(o + on + CHUNK, b + hdr + CHUNK, CHUNK);
		memcpy(o + on + 2 * CHUNK, b + hdr + 3 * CHUNK, 96);
		on += 2 * CHUNK + 96;
	}
	f = fopen(path[0], "wb");
	ck_assert_uint_eq(fwrite(o, 1, on, f), on);
	fclose(f);
}

START_TEST(tamper_chunks)
{
	struct tool_run r;

	splice_chunks(0);
	verify_names("chunk-missing");
	TOOL_RUN(&r, "cti-rec", "verify", rec, "--signer", sign_pub);
	OUT_HAS(&r, "chunk 1 missing (removed) between t=1.000 s and "
		    "t=2.000 s");
	teardown();
	setup();
	splice_chunks(1);
	verify_names("chunk-duplicated");
	teardown();
	setup();
	splice_chunks(2);
	verify_names("chunk-order");
	/* and export refuses to write it */
	char out[160];
	snprintf(out, sizeof(out), "%s/x.wav", dir);
	TOOL_RUN(&r, "cti-rec", "export", path[0], "--wav", "-o", out, "--key",
		 cco);
	ck_assert_int_eq(r.status, 1);
	ERR_HAS(&r, "reordered");
	ck_assert_int_ne(access(out, F_OK), 0);
}
END_TEST

START_TEST(tamper_truncate)
{
	struct stat sb;

	ck_assert_int_eq(stat(path[0], &sb), 0);
	ck_assert_int_eq(truncate(path[0], sb.st_size - 20000), 0);
	verify_names("truncated");
}
END_TEST

START_TEST(tamper_delete_replace_move)
{
	char cmd[600];

	ck_assert_int_eq(unlink(path[1]), 0);
	verify_names("missing");
	teardown();
	setup();
	snprintf(cmd, sizeof(cmd), "cp %s %s", path[2], path[1]);
	ck_assert_int_eq(system(cmd), 0);
	verify_names("replaced");
	teardown();
	setup();
	snprintf(cmd, sizeof(cmd),
		 "mkdir %s/2026-12-02 && mv %s %s/2026-12-02/", rec, path[1],
		 rec);
	ck_assert_int_eq(system(cmd), 0);
	verify_names("moved");
}
END_TEST

START_TEST(tamper_ledger)
{
	char cmd[600];

	/* change one digit of an entry's end position */
	snprintf(cmd, sizeof(cmd),
		 "sed -i 's/end_pos=16000/end_pos=16001/' "
		 "%s/ledger/2026-12-01.log",
		 rec);
	ck_assert_int_eq(system(cmd), 0);
	verify_names("ledger-edited");
	teardown();
	setup();
	/* remove the third line */
	snprintf(cmd, sizeof(cmd), "sed -i 3d %s/ledger/2026-12-01.log", rec);
	ck_assert_int_eq(system(cmd), 0);
	verify_names("ledger-removed");
}
END_TEST

START_TEST(export_wav_flac_exact)
{
	struct tool_run r;
	char out[160];
	SF_INFO si = { 0 };
	SNDFILE *sf;
	int16_t fr[2];
	uint64_t i;

	for (int fmt = 0; fmt < 2; fmt++) {
		snprintf(out, sizeof(out), "%s/out.%s", dir,
			 fmt ? "flac" : "wav");
		TOOL_RUN(&r, "cti-rec", "export", path[0],
			 fmt ? "--flac" : "--wav", "-o", out, "--key", cco);
		ck_assert_msg(r.status == 0, "%s%s", r.out, r.err);
		sf = sf_open(out, SFM_READ, &si);
		ck_assert_ptr_nonnull(sf);
		ck_assert_int_eq(si.samplerate, 8000);
		ck_assert_int_eq(si.channels, 2);
		ck_assert_int_eq(si.frames, 24000);
		for (i = 0; i < 24000; i++) {
			ck_assert_int_eq(sf_readf_short(sf, fr, 1), 1);
			ck_assert_int_eq(fr[0], cti_alaw_decode(cti_alaw_encode(
							tone(697, i))));
			ck_assert_int_eq(fr[1], cti_alaw_decode(cti_alaw_encode(
							tone(1336, i))));
		}
		sf_close(sf);
	}
	/* never overwritten */
	TOOL_RUN(&r, "cti-rec", "export", path[0], "--wav", "-o", out, "--key",
		 cco);
	ck_assert_int_eq(r.status, 2);
	/* the container: byte for byte */
	snprintf(out, sizeof(out), "%s/copy.ctr", dir);
	TOOL_RUN(&r, "cti-rec", "export", path[0], "--container", "-o", out,
		 "--key", cco);
	ck_assert_int_eq(r.status, 0);
	char cmd[500];
	snprintf(cmd, sizeof(cmd), "cmp -s %s %s", out, path[0]);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

START_TEST(wrong_key_and_host)
{
	struct tool_run r;
	char out[160];

	snprintf(out, sizeof(out), "%s/x.wav", dir);
	TOOL_RUN(&r, "cti-rec", "export", path[0], "--wav", "-o", out, "--key",
		 eve);
	ck_assert_int_eq(r.status, 1);
	ERR_HAS(&r, "wrong key");
	ck_assert_int_ne(access(out, F_OK), 0);
	/* what the recording host holds: the public key only */
	TOOL_RUN(&r, "cti-rec", "export", path[0], "--wav", "-o", out, "--key",
		 cco_pub);
	ck_assert_int_eq(r.status, 2);
	ERR_HAS(&r, "private");
	ck_assert_int_ne(access(out, F_OK), 0);
	TOOL_RUN(&r, "cti-rec", "verify", rec, "--key", eve);
	ck_assert_int_eq(r.status, 1);
	OUT_HAS(&r, "wrong-key");
}
END_TEST

START_TEST(kill9_then_verify_and_export)
{
	const char *rc[1] = { cco_pub };
	struct cti_rec_config cfg = { .signing_key = sign,
				      .recipients = rc,
				      .n_recipients = 1,
				      .sync = CTI_REC_SYNC_CHUNK,
				      .clock_epoch_ms = clk };
	struct tool_run r;
	int fds[2], st;
	uint32_t sealed = 0, s;
	pid_t pid;
	char out[160];

	ck_assert_int_eq(pipe(fds), 0);
	pid = fork();
	if (pid == 0) {
		struct cti_rec_meta m = { .call_id = 9,
					  .start_epoch_ms = now_ms };
		cti_rec_t *rr;
		cti_rec_call_t *c;

		close(fds[0]);
		if (cti_rec_open(&rr, rec, &cfg) || cti_rec_start(rr, &c, &m))
			_exit(3);
		for (uint64_t pos = 0; pos < 60 * 8000; pos += 160) {
			uint8_t a[160];
			struct cti_rec_frame f = { .pos = pos,
						   .n = 160,
						   .fmt = CTI_PCM_ALAW,
						   .role = CTI_REC_CALLER,
						   .dir = CTI_REC_FROM_PARTY,
						   .samples = a };

			for (int i = 0; i < 160; i++)
				a[i] = cti_alaw_encode(tone(697, pos + i));
			if (cti_rec_call_tap(c, &f))
				_exit(4);
			if ((pos + 160) % 8000 == 160 && pos + 160 > 16000) {
				s = (uint32_t)((pos + 160) / 8000 - 1);
				if (write(fds[1], &s, 4) != 4)
					_exit(5);
			}
		}
		_exit(6);
	}
	close(fds[1]);
	while (sealed < 3 && read(fds[0], &s, 4) == 4)
		sealed = s;
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	/*
	 * The writer runs on until the signal lands (its chunks' fdatasyncs
	 * are on the recorder's sync thread, so nothing slows it): what it
	 * reported sealed by then is the bound.
	 */
	while (read(fds[0], &s, 4) == 4)
		sealed = s;
	close(fds[0]);
	TOOL_RUN(&r, "cti-rec", "verify", rec, "--signer", sign_pub);
	ck_assert_int_eq(r.status, 1);
	OUT_HAS(&r, "interrupted");
	OUT_HAS(&r, "truncated at t=");
	ERR_HAS(&r, "1 problem found");
	/* the .part is decrypted up to its last whole chunk */
	char cmd[300], part[300];
	snprintf(cmd, sizeof(cmd), "ls %s/2026-12-01/*.part", rec);
	FILE *p = popen(cmd, "r");
	ck_assert_ptr_nonnull(fgets(part, sizeof(part), p));
	pclose(p);
	part[strcspn(part, "\n")] = '\0';
	snprintf(out, sizeof(out), "%s/crash.wav", dir);
	TOOL_RUN(&r, "cti-rec", "export", part, "--wav", "-o", out, "--key",
		 cco);
	ck_assert_int_eq(r.status, 1);
	OUT_HAS(&r, "written; ");
	OUT_HAS(&r, "truncated at t=");
	SF_INFO si = { 0 };
	SNDFILE *sf = sf_open(out, SFM_READ, &si);
	ck_assert_ptr_nonnull(sf);
	ck_assert_int_ge(si.frames, (sf_count_t)sealed * 8000);
	ck_assert_int_le(si.frames, (sf_count_t)(sealed + 1) * 8000);
	for (sf_count_t i = 0; i < si.frames; i++) {
		int16_t fr[2];

		ck_assert_int_eq(sf_readf_short(sf, fr, 1), 1);
		ck_assert_int_eq(
			fr[0], cti_alaw_decode(cti_alaw_encode(tone(697, i))));
	}
	sf_close(sf);
}
END_TEST

START_TEST(purge_expired)
{
	struct tool_run r;

	TOOL_RUN(&r, "cti-rec", "purge", rec, "--expired", "--signing-key",
		 sign);
	ck_assert_int_eq(r.status, 0);
	OUT_HAS(&r, "0 recordings purged");
	TOOL_RUN(&r, "cti-rec", "purge", rec, "--signing-key", sign);
	ck_assert_int_eq(r.status, 2);
	/* twenty years and a day later */
	TOOL_RUN(&r, "cti-rec", "purge", rec, "--expired", "--signing-key",
		 sign, "--now", "2046-12-03");
	ck_assert_int_eq(r.status, 0);
	OUT_HAS(&r, "3 recordings purged");
	TOOL_RUN(&r, "cti-rec", "verify", rec, "--signer", sign_pub);
	ck_assert_int_eq(r.status, 0);
	OUT_HAS(&r, "purged");
	ck_assert_int_ne(access(path[0], F_OK), 0);
}
END_TEST

START_TEST(usage_errors)
{
	struct tool_run r;

	TOOL_RUN(&r, "cti-rec", "--version");
	ck_assert_int_eq(r.status, 0);
	OUT_HAS(&r, "cti-rec (libcti ");
	TOOL_RUN(&r, "cti-rec", "frobnicate", rec);
	ck_assert_int_eq(r.status, 2);
	TOOL_RUN(&r, "cti-rec", "verify", "/nonexistent", "--signer", sign_pub);
	ck_assert_int_eq(r.status, 2);
	TOOL_RUN(&r, "cti-rec", "verify", rec, "--id", "xyz");
	ck_assert_int_eq(r.status, 2);
	TOOL_RUN(&r, "cti-rec", "export", path[0], "-o", "/tmp/x.wav");
	ck_assert_int_eq(r.status, 2);
	TOOL_RUN(&r, "cti-rec", "--bogus");
	ck_assert_int_eq(r.status, 2);
}
END_TEST

Suite *unit_suite(void)
{
	Suite *s = suite_create("rec_cli");
	TCase *tc = tcase_create("tool");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, keys_modes_and_show);
	tcase_add_test(tc, list_and_filters);
	tcase_add_test(tc, verify_intact);
	tcase_add_test(tc, tamper_audio);
	tcase_add_test(tc, tamper_header);
	tcase_add_test(tc, tamper_meta);
	tcase_add_test(tc, tamper_chunks);
	tcase_add_test(tc, tamper_truncate);
	tcase_add_test(tc, tamper_delete_replace_move);
	tcase_add_test(tc, tamper_ledger);
	tcase_add_test(tc, export_wav_flac_exact);
	tcase_add_test(tc, wrong_key_and_host);
	tcase_add_test(tc, kill9_then_verify_and_export);
	tcase_add_test(tc, purge_expired);
	tcase_add_test(tc, usage_errors);
	suite_add_tcase(s, tc);
	return s;
}
