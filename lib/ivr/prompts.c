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
#include "core/util.h"

cti_prompts_t *cti_prompts_new(int *err)
{
	cti_prompts_t *ps = calloc(1, sizeof(*ps));

	if (!ps && err)
		*err = CTI_ENOMEM;
	return ps;
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

static int fail(cti_prompts_t *ps, const char **why, int err,
		const char *path, const char *detail)
{
	if (snprintf(ps->why, sizeof(ps->why), "prompt %s: %s", path, detail) < 0)
		ps->why[0] = 0; /* long paths are cut short, not an error */
	if (why)
		*why = ps->why;
	return err;
}

int cti_prompts_load(cti_prompts_t *ps, const char *name, const char *path,
		     const char **why)
{
	SF_INFO info = { 0 };
	SNDFILE *sf;
	struct stat st;
	float *in, *mono;
	int16_t *out;
	sf_count_t got;
	size_t m;
	long made;

	if (!ps || !name || !*name || !path)
		return CTI_EINVAL;
	if (stat(path, &st))
		return fail(ps, why, errno == ENOENT ? CTI_ENOENT : -errno,
			    path, strerror(errno));
	sf = sf_open(path, SFM_READ, &info);
	if (!sf)
		return fail(ps, why, CTI_EFORMAT, path, sf_strerror(NULL));
	if (info.frames <= 0 || info.channels < 1 ||
	    info.frames > (sf_count_t)3600 * 384000) {
		sf_close(sf);
		return fail(ps, why, CTI_EFORMAT, path,
			    "no audio in the file");
	}
	in = malloc((size_t)info.frames * (size_t)info.channels * sizeof(*in));
	mono = malloc((size_t)info.frames * sizeof(*mono));
	if (!in || !mono) {
		free(in);
		free(mono);
		sf_close(sf);
		return CTI_ENOMEM;
	}
	got = sf_readf_float(sf, in, info.frames);
	sf_close(sf);
	if (got <= 0) {
		free(in);
		free(mono);
		return fail(ps, why, CTI_EFORMAT, path,
			    "unreadable audio data");
	}
	for (sf_count_t i = 0; i < got; i++) {
		float sum = 0;

		for (int c = 0; c < info.channels; c++)
			sum += in[i * info.channels + c];
		mono[i] = sum / (float)info.channels;
	}
	free(in);
	m = cti_resample_out_len((size_t)got, (unsigned)info.samplerate);
	out = malloc((m ? m : 1) * sizeof(*out));
	made = out ? cti_resample_to_8k(mono, (size_t)got,
					(unsigned)info.samplerate, 32767, out,
					m)
		   : CTI_ENOMEM;
	free(mono);
	if (made < 0) {
		free(out);
		return made == CTI_ENOMEM ? CTI_ENOMEM :
			fail(ps, why, CTI_EFORMAT, path,
			     "unsupported sample rate");
	}
	return put(ps, name, out, (size_t)made);
}

size_t cti_prompts_samples(const cti_prompts_t *ps, const char *name)
{
	const struct cti__prompt *p = cti__prompt_find(ps, name);

	return p ? p->n : 0;
}

/* Load every <dir>/<lang>/<name>.wav as "<lang>/<name>". */
int cti_prompts_load_dir(cti_prompts_t *ps, const char *dir, const char **why)
{
	static const char *const langs[] = { "zh", "en" };
	int count = 0;

	if (!ps || !dir)
		return CTI_EINVAL;
	for (size_t l = 0; l < ARRAY_SIZE(langs); l++) {
		char path[4096], name[300];
		struct dirent *de;
		DIR *d;

		snprintf(path, sizeof(path), "%s/%s", dir, langs[l]);
		d = opendir(path);
		if (!d)
			return fail(ps, why, errno == ENOENT ? CTI_ENOENT : -errno,
				    path, strerror(errno));
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
			err = cti_prompts_load(ps, name, path, why);
			if (err) {
				closedir(d);
				return err;
			}
			count++;
		}
		closedir(d);
	}
	return count;
}
