// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Prompt sets: audio files loaded once through libsndfile, mixed to mono,
 * resampled to 8 kHz and kept by name. A missing or unreadable file is an
 * error at load time, with a message naming it, never a silent call.
 */
#include <errno.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <dirent.h>

#include "cti/dsp.h"
#include "ivr/prompts.h"
#include "core/ctx.h"
#include "core/util.h"

int cti_prompts_new(cti_prompts_t **out, const cti_prompts_config_t *cfg)
{
	cti_prompts_t *ps;

	if (!out)
		return CTI_EINVAL;
	*out = NULL;
	ps = calloc(1, sizeof(*ps));
	if (!ps)
		return CTI_ENOMEM;
	if (cfg)
		ps->ctx = cfg->ctx;
	*out = ps;
	return 0;
}

void cti_prompts_free(cti_prompts_t *ps)
{
	if (!ps)
		return;
	for (size_t i = 0; i < ps->n; i++) {
		free(ps->p[i].name);
		free(ps->p[i].s);
	}
	free(ps->p);
	free(ps);
}

const struct cti__prompt *cti__prompt_find(const cti_prompts_t *ps,
					   const char *name)
{
	for (size_t i = 0; ps && name && i < ps->n; i++)
		if (!strcmp(ps->p[i].name, name))
			return &ps->p[i];
	return NULL;
}

/* Takes ownership of s. */
static int put(cti_prompts_t *ps, const char *name, int16_t *s, size_t n)
{
	struct cti__prompt *p = (struct cti__prompt *)cti__prompt_find(ps, name);
	char *copy;

	if (p) {
		free(p->s);
		p->s = s;
		p->n = n;
		return 0;
	}
	if (ps->n == ps->cap) {
		size_t cap = ps->cap ? ps->cap * 2 : 16;
		struct cti__prompt *np = realloc(ps->p, cap * sizeof(*np));

		if (!np) {
			free(s);
			return CTI_ENOMEM;
		}
		ps->p = np;
		ps->cap = cap;
	}
	copy = strdup(name);
	if (!copy) {
		free(s);
		return CTI_ENOMEM;
	}
	ps->p[ps->n].name = copy;
	ps->p[ps->n].s = s;
	ps->p[ps->n].n = n;
	ps->n++;
	return 0;
}

int cti_prompts_add(cti_prompts_t *ps, const char *name, const int16_t *s,
		    size_t n)
{
	int16_t *copy;

	if (!ps || !name || !*name || (n && !s))
		return CTI_EINVAL;
	copy = malloc((n ? n : 1) * sizeof(*copy));
	if (!copy)
		return CTI_ENOMEM;
	if (n)
		memcpy(copy, s, n * sizeof(*copy));
	return put(ps, name, copy, n);
}

static int fail(cti_prompts_t *ps, char *why, size_t why_len, int err,
		const char *path, const char *detail)
{
	cti__log(ps->ctx, CTI_LOG_ERROR, "ivr", "prompt %s: %s", path, detail);
	/* long paths are cut short, not an error */
	if (why && why_len &&
	    snprintf(why, why_len, "prompt %s: %s", path, detail) < 0)
		why[0] = 0;
	return err;
}

/* Bytes per sample of an uncompressed encoding, 0 for a compressed one
 * (FLAC's subtypes name its sample width, not its size in the file). */
static size_t pcm_bytes(int format)
{
	if ((format & SF_FORMAT_TYPEMASK) == SF_FORMAT_FLAC)
		return 0;
	switch (format & SF_FORMAT_SUBMASK) {
	case SF_FORMAT_PCM_S8:
	case SF_FORMAT_PCM_U8:
	case SF_FORMAT_ULAW:
	case SF_FORMAT_ALAW:
		return 1;
	case SF_FORMAT_PCM_16:
		return 2;
	case SF_FORMAT_PCM_24:
		return 3;
	case SF_FORMAT_PCM_32:
	case SF_FORMAT_FLOAT:
		return 4;
	case SF_FORMAT_DOUBLE:
		return 8;
	default:
		return 0;
	}
}

/*
 * The most frames a file of `size` bytes can hold: its size over the
 * frame size when uncompressed; else 8192 frames a byte, above the best
 * any codec libsndfile reads achieves (FLAC's constant subframes: a
 * 65535-sample block of silence in about 11 bytes, 6000 frames a byte).
 */
static uint64_t frames_that_fit(int format, int channels, off_t size)
{
	size_t b = pcm_bytes(format);

	if (b)
		return (uint64_t)size / (b * (uint64_t)channels);
	return (uint64_t)size * 8192;
}

#define READ_CHUNK 8192 /* frames per sf_readf_float() */
#define MAX_CHANNELS 64

int cti_prompts_load(cti_prompts_t *ps, const char *name, const char *path,
		     char *why, size_t why_len)
{
	SF_INFO info = { 0 };
	SNDFILE *sf;
	struct stat st;
	float *in, *mono = NULL;
	int16_t *out;
	size_t got = 0, cap = 0, m;
	uint64_t max_frames;
	char detail[160];
	long made;

	if (why && why_len)
		why[0] = 0;
	if (!ps || !name || !*name || !path)
		return CTI_EINVAL;
	if (stat(path, &st))
		return fail(ps, why, why_len,
			    errno == ENOENT ? CTI_ENOENT : -errno, path,
			    strerror(errno));
	if (!S_ISREG(st.st_mode))
		return fail(ps, why, why_len, CTI_EFORMAT, path,
			    "not a regular file");
	sf = sf_open(path, SFM_READ, &info);
	if (!sf)
		return fail(ps, why, why_len, CTI_EFORMAT, path,
			    sf_strerror(NULL));
	if (info.frames <= 0 || info.channels < 1 ||
	    info.channels > MAX_CHANNELS || info.samplerate < 1000 ||
	    info.samplerate > 384000) {
		sf_close(sf);
		return fail(ps, why, why_len, CTI_EFORMAT, path,
			    "no audio in the file");
	}
	/* the header's frame count is a claim: never allocate by it */
	max_frames = (uint64_t)CTI_PROMPT_MAX_SECONDS * (uint64_t)info.samplerate;
	if ((uint64_t)info.frames >
	    frames_that_fit(info.format, info.channels, st.st_size)) {
		sf_close(sf);
		snprintf(detail, sizeof(detail),
			 "claims %lld frames, more than its %lld bytes hold",
			 (long long)info.frames, (long long)st.st_size);
		return fail(ps, why, why_len, CTI_EFORMAT, path, detail);
	}
	if ((uint64_t)info.frames > max_frames) {
		sf_close(sf);
		snprintf(detail, sizeof(detail),
			 "longer than %d s (the most a prompt may be)",
			 CTI_PROMPT_MAX_SECONDS);
		return fail(ps, why, why_len, CTI_EFORMAT, path, detail);
	}
	in = malloc(READ_CHUNK * (size_t)info.channels * sizeof(*in));
	if (!in) {
		sf_close(sf);
		return CTI_ENOMEM;
	}
	/* grow by what really decodes, up to the claim (or the cap) */
	for (;;) {
		sf_count_t n;

		if (got + READ_CHUNK > cap) {
			size_t ncap = cap ? cap * 2 : 4 * READ_CHUNK;
			float *nm = realloc(mono, ncap * sizeof(*nm));

			if (!nm) {
				free(in);
				free(mono);
				sf_close(sf);
				return CTI_ENOMEM;
			}
			mono = nm;
			cap = ncap;
		}
		n = sf_readf_float(sf, in, READ_CHUNK);
		if (n <= 0)
			break;
		for (sf_count_t i = 0; i < n; i++) {
			float sum = 0;

			for (int c = 0; c < info.channels; c++)
				sum += in[i * info.channels + c];
			mono[got + (size_t)i] = sum / (float)info.channels;
		}
		got += (size_t)n;
		if (got > max_frames)
			break;
	}
	free(in);
	sf_close(sf);
	if (!got || got > max_frames) {
		free(mono);
		if (got)
			snprintf(detail, sizeof(detail),
				 "longer than %d s (the most a prompt may be)",
				 CTI_PROMPT_MAX_SECONDS);
		return fail(ps, why, why_len, CTI_EFORMAT, path,
			    got ? detail : "unreadable audio data");
	}
	m = cti_resample_out_len(got, (unsigned)info.samplerate);
	out = malloc((m ? m : 1) * sizeof(*out));
	made = out ? cti_resample_to_8k(mono, got, (unsigned)info.samplerate,
					32767, out, m)
		   : CTI_ENOMEM;
	free(mono);
	if (made < 0) {
		free(out);
		return made == CTI_ENOMEM
			       ? CTI_ENOMEM
			       : fail(ps, why, why_len, CTI_EFORMAT, path,
				      "unsupported sample rate");
	}
	if (made == 0) { /* less audio than one sample at 8 kHz */
		free(out);
		return fail(ps, why, why_len, CTI_EFORMAT, path,
			    "no audio in the file");
	}
	cti__log(ps->ctx, CTI_LOG_DEBUG, "ivr", "prompt %s: %ld samples from %s",
		 name, made, path);
	return put(ps, name, out, (size_t)made);
}

size_t cti_prompts_samples(const cti_prompts_t *ps, const char *name)
{
	const struct cti__prompt *p = cti__prompt_find(ps, name);

	return p ? p->n : 0;
}

/* Load every <dir>/<lang>/<name>.wav as "<lang>/<name>"; a missing
 * language directory is skipped, but at least one must be there. */
int cti_prompts_load_dir(cti_prompts_t *ps, const char *dir, char *why,
			 size_t why_len)
{
	static const char *const langs[] = { "zh", "en" };
	int count = 0;
	size_t found = 0;
	struct stat st;

	if (why && why_len)
		why[0] = 0;
	if (!ps || !dir)
		return CTI_EINVAL;
	if (stat(dir, &st))
		return fail(ps, why, why_len,
			    errno == ENOENT ? CTI_ENOENT : -errno, dir,
			    strerror(errno));
	for (size_t l = 0; l < ARRAY_SIZE(langs); l++) {
		char path[4096], name[300];
		struct dirent *de;
		DIR *d;

		snprintf(path, sizeof(path), "%s/%s", dir, langs[l]);
		d = opendir(path);
		if (!d && errno == ENOENT)
			continue;
		if (!d)
			return fail(ps, why, why_len, -errno, path,
				    strerror(errno));
		found++;
		while ((de = readdir(d))) {
			size_t len = strlen(de->d_name);
			int err;

			if (len < 5 || strcmp(de->d_name + len - 4, ".wav") ||
			    len > 250)
				continue;
			snprintf(name, sizeof(name), "%s/%.*s", langs[l],
				 (int)(len - 4), de->d_name);
			snprintf(path, sizeof(path), "%s/%s/%s", dir, langs[l],
				 de->d_name);
			err = cti_prompts_load(ps, name, path, why, why_len);
			if (err) {
				closedir(d);
				return err;
			}
			count++;
		}
		closedir(d);
	}
	if (!found)
		return fail(ps, why, why_len, CTI_ENOENT, dir,
			    "neither zh/ nor en/ is there");
	return count;
}
