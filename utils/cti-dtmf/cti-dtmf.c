// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cti-dtmf: find the DTMF digits in an audio file, or write test tones.
 *
 *   cti-dtmf decode FILE [--json]
 *   cti-dtmf gen DIGITS -o FILE [--level DBM0] [--twist DB] [--on MS]
 *                [--off MS] [--offset PERCENT]
 *
 * Any file libsndfile reads (WAV, AIFF, AU, FLAC, Ogg, ...), any rate and
 * channel count (channels are mixed). Headerless files: *.al / *.alaw
 * (A-law), *.ul / *.ulaw (mu-law), *.raw / *.sln (16-bit linear), 8 kHz.
 * Exit status: 0 done, 1 a file cannot be read or written, 2 usage.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sndfile.h>

#include "../common/tool.h"
#include "cti/dsp.h"

static void usage(FILE *f)
{
	fputs("Usage: cti-dtmf decode FILE [--json]\n"
	      "       cti-dtmf gen DIGITS -o FILE [--level DBM0] [--twist DB]\n"
	      "                [--on MS] [--off MS] [--offset PERCENT]\n"
	      "       cti-dtmf --help | --version\n"
	      "\n"
	      "decode  print each digit found in FILE with its start and end\n"
	      "        (ms); --json prints an array of objects {digit,\n"
	      "        start_ms, end_ms}\n"
	      "gen     write DTMF tones for DIGITS (0-9 * # A-D; ',' pauses)\n"
	      "        -o, --output FILE  the file to write (8 kHz)\n"
	      "        --level   low-group tone level, dBm0, -60..3 (-7)\n"
	      "        --twist   high minus low group level, dB, -20..20 (2)\n"
	      "        --on      tone duration, ms, 1..10000 (80)\n"
	      "        --off     pause after each tone, ms, 0..10000 (80)\n"
	      "        --offset  frequency error, percent, -20..20 (0)\n"
	      "\n"
	      "decode reads any file libsndfile reads (any rate, channels "
	      "mixed);\n"
	      "gen writes by extension: .wav .au .aiff .flac .ogg.\n"
	      "Both: *.al/*.alaw, *.ul/*.ulaw and *.raw/*.sln are headerless "
	      "8 kHz\n"
	      "A-law, mu-law and 16-bit linear.\n"
	      "Exit status: 0 done, 1 a file cannot be read or written, 2 "
	      "usage.\n",
	      f);
}

static int version(void)
{
	printf("cti-dtmf (libcti %s)\n", cti_version_string());
	return 0;
}

static const char *ext(const char *path)
{
	const char *dot = strrchr(path, '.');

	return dot ? dot + 1 : "";
}

/* Headerless formats by extension; 0 if the file has a header. */
static int raw_format(const char *path)
{
	const char *e = ext(path);

	if (!strcasecmp(e, "al") || !strcasecmp(e, "alaw"))
		return SF_FORMAT_RAW | SF_FORMAT_ALAW;
	if (!strcasecmp(e, "ul") || !strcasecmp(e, "ulaw"))
		return SF_FORMAT_RAW | SF_FORMAT_ULAW;
	if (!strcasecmp(e, "raw") || !strcasecmp(e, "sln"))
		return SF_FORMAT_RAW | SF_FORMAT_PCM_16;
	return 0;
}

/* Read FILE as 8 kHz mono linear; returns the samples or NULL. */
static int16_t *load(const char *path, size_t *n)
{
	SF_INFO info = { 0 };
	SNDFILE *sf;
	float *in, *mono;
	int16_t *out;
	sf_count_t frames, got;
	long made;

	info.format = raw_format(path);
	if (info.format) {
		info.samplerate = CTI_DSP_RATE;
		info.channels = 1;
	}
	sf = sf_open(path, SFM_READ, &info);
	if (!sf) {
		fprintf(stderr, "cti-dtmf: %s: %s\n", path, sf_strerror(NULL));
		return NULL;
	}
	frames = info.frames;
	if (frames <= 0 || info.channels < 1 ||
	    (size_t)frames > SIZE_MAX / sizeof(float) / (size_t)info.channels) {
		fprintf(stderr, "cti-dtmf: %s: no audio\n", path);
		sf_close(sf);
		return NULL;
	}
	in = malloc((size_t)frames * (size_t)info.channels * sizeof(*in));
	mono = malloc((size_t)frames * sizeof(*mono));
	if (!in || !mono) {
		fprintf(stderr, "cti-dtmf: %s: out of memory\n", path);
		free(in);
		free(mono);
		sf_close(sf);
		return NULL;
	}
	got = sf_readf_float(sf, in, frames);
	sf_close(sf);
	for (sf_count_t i = 0; i < got; i++) {
		float sum = 0;

		for (int c = 0; c < info.channels; c++)
			sum += in[i * info.channels + c];
		mono[i] = sum / (float)info.channels;
	}
	free(in);
	*n = cti_resample_out_len((size_t)got, (unsigned)info.samplerate);
	out = malloc((*n + 1) * sizeof(*out));
	made = out ? cti_resample_to_8k(mono, (size_t)got,
					(unsigned)info.samplerate, 32767, out,
					*n)
		   : CTI_ENOMEM;
	free(mono);
	if (made < 0) {
		fprintf(stderr, "cti-dtmf: %s: %s\n", path, cti_strerror((int)made));
		free(out);
		return NULL;
	}
	*n = (size_t)made;
	return out;
}

/* Print the END events waiting (a digit is reported once it is over). */
static void print_digits(cti_dtmf_rx_t *rx, bool json, size_t *count)
{
	cti_dtmf_event_t ev;

	while (cti_dtmf_rx_next_event(rx, &ev) > 0) {
		if (ev.type != CTI_DTMF_END)
			continue;
		if (json)
			printf("%s\n  {\"digit\": \"%c\", \"start_ms\": %.1f, "
			       "\"end_ms\": %.1f}",
			       *count ? "," : "", ev.digit, ev.start / 8.0,
			       ev.end / 8.0);
		else
			printf("%c %10.1f %10.1f\n", ev.digit, ev.start / 8.0,
			       ev.end / 8.0);
		(*count)++;
	}
}

static int decode(const char *path, bool json)
{
	cti_dtmf_rx_t *rx;
	int16_t *s;
	size_t n = 0, count = 0;
	int err = 0;

	s = load(path, &n);
	if (!s)
		return 1;
	err = cti_dtmf_rx_init(&rx, NULL, NULL);
	if (err) {
		fprintf(stderr, "cti-dtmf: %s\n", cti_strerror(err));
		free(s);
		return 1;
	}
	if (json)
		printf("[");
	for (size_t i = 0; i < n; i += 160) {
		cti_dtmf_rx_linear(rx, s + i, n - i < 160 ? n - i : 160);
		print_digits(rx, json, &count);
	}
	/* the end of the file ends a digit still held, whatever its length */
	cti_dtmf_rx_flush(rx);
	print_digits(rx, json, &count);
	if (json)
		printf("%s]\n", count ? "\n" : "");
	cti_dtmf_rx_free(rx);
	free(s);
	return 0;
}

/* Output format by extension. */
static int out_format(const char *path)
{
	static const struct {
		const char *ext;
		int fmt;
	} map[] = {
		{ "wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16 },
		{ "aif", SF_FORMAT_AIFF | SF_FORMAT_PCM_16 },
		{ "aiff", SF_FORMAT_AIFF | SF_FORMAT_PCM_16 },
		{ "au", SF_FORMAT_AU | SF_FORMAT_PCM_16 },
		{ "flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16 },
		{ "ogg", SF_FORMAT_OGG | SF_FORMAT_VORBIS },
	};
	int raw = raw_format(path);

	if (raw)
		return raw;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcasecmp(ext(path), map[i].ext))
			return map[i].fmt;
	return 0;
}

static bool number(const char *s, double lo, double hi, double *v)
{
	char *end;

	errno = 0;
	*v = strtod(s, &end);
	return !errno && end != s && !*end && *v >= lo && *v <= hi;
}

static int gen(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "level", required_argument, NULL, 'l' },
		{ "twist", required_argument, NULL, 't' },
		{ "on", required_argument, NULL, 'n' },
		{ "off", required_argument, NULL, 'f' },
		{ "offset", required_argument, NULL, 'x' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 },
	};
	cti_dtmf_tx_config_t cfg;
	const char *out = NULL, *digits;
	double v;
	cti_dtmf_tx_t *tx;
	SF_INFO info = { 0 };
	SNDFILE *sf;
	int16_t buf[800];
	int c, err = 0, rc = 0;

	cti_dtmf_tx_defaults(&cfg);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'l':
			if (!number(optarg, -60, 3, &cfg.level_dbm0))
				goto bad;
			break;
		case 't':
			if (!number(optarg, -20, 20, &cfg.twist_db))
				goto bad;
			break;
		case 'n':
		case 'f':
			if (!number(optarg, c == 'n' ? 1 : 0, 10000, &v))
				goto bad;
			*(c == 'n' ? &cfg.on_ms : &cfg.off_ms) = (uint32_t)v;
			break;
		case 'x':
			if (!number(optarg, -20, 20, &v))
				goto bad;
			cfg.freq_offset = v / 100;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			return version();
		default:
			return tool_bad_option("cti-dtmf", "gen", c, argv);
		}
	}
	if (optind >= argc) {
		fputs("cti-dtmf: gen: no DIGITS given\n", stderr);
		return 2;
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "cti-dtmf: gen: one DIGITS argument, not also "
				"'%s'\n",
			argv[optind + 1]);
		return 2;
	}
	if (!out) {
		fputs("cti-dtmf: gen: -o FILE is required\n", stderr);
		return 2;
	}
	digits = argv[optind];
	if (!digits[strspn(digits, ",")]) {
		fprintf(stderr, "cti-dtmf: gen: '%s': no digit to write "
				"(0-9 * # A-D)\n",
			digits);
		return 2;
	}
	err = cti_dtmf_tx_init(&tx, NULL, &cfg);
	if (err) {
		fprintf(stderr, "cti-dtmf: bad tone settings: %s\n",
			cti_strerror(err));
		return 2;
	}
	err = cti_dtmf_tx_put(tx, digits);
	if (err < 0) {
		fprintf(stderr, "cti-dtmf: %s: %s\n", digits,
			err == CTI_ENOSPC ? "more than 128 digits"
					  : "not DTMF digits (0-9 * # A-D ,)");
		cti_dtmf_tx_free(tx);
		return 2;
	}
	info.samplerate = CTI_DSP_RATE;
	info.channels = 1;
	info.format = out_format(out);
	if (!info.format) {
		fprintf(stderr, "cti-dtmf: %s: unknown file type (use .wav, "
				".au, .aiff, .flac, .ogg, .al, .ul or .raw)\n",
			out);
		cti_dtmf_tx_free(tx);
		return 2;
	}
	sf = sf_open(out, SFM_WRITE, &info);
	if (!sf) {
		fprintf(stderr, "cti-dtmf: %s: %s\n", out, sf_strerror(NULL));
		cti_dtmf_tx_free(tx);
		return 1;
	}
	while ((c = cti_dtmf_tx_linear(tx, buf, 800)) > 0)
		if (sf_write_short(sf, buf, c) != c) {
			fprintf(stderr, "cti-dtmf: %s: %s\n", out,
				sf_strerror(sf));
			rc = 1;
			break;
		}
	if (sf_close(sf)) {
		fprintf(stderr, "cti-dtmf: %s: write failed\n", out);
		rc = 1;
	}
	cti_dtmf_tx_free(tx);
	return rc;
bad:
	fprintf(stderr, "cti-dtmf: --%s: bad or out-of-range value '%s'\n",
		opts[c == 'l' ? 1 : c == 't' ? 2 : c == 'n' ? 3 : c == 'f' ? 4 : 5]
			.name,
		optarg);
	return 2;
}

static int decode_cmd(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 },
	};
	bool json = false;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":jhV", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			return version();
		default:
			return tool_bad_option("cti-dtmf", "decode", c, argv);
		}
	}
	if (optind >= argc) {
		fputs("cti-dtmf: decode: no FILE given\n", stderr);
		return 2;
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "cti-dtmf: decode: one FILE, not also '%s'\n",
			argv[optind + 1]);
		return 2;
	}
	return decode(argv[optind], json);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))
		return version();
	if (!strcmp(argv[1], "decode"))
		return decode_cmd(argc - 1, argv + 1);
	if (!strcmp(argv[1], "gen"))
		return gen(argc - 1, argv + 1);
	if (argv[1][0] == '-')
		fprintf(stderr, "cti-dtmf: unknown option '%s' (the command "
				"comes first)\n",
			argv[1]);
	else
		fprintf(stderr, "cti-dtmf: unknown command '%s'\n", argv[1]);
	fputs("Try 'cti-dtmf --help'.\n", stderr);
	return 2;
}
