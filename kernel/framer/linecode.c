// SPDX-License-Identifier: GPL-2.0 OR LGPL-2.1-or-later
/* AMI / HDB3 / B8ZS line coding with BPV and EXZ detection. */
#include "framer/linecode.h"
#include "framer/tables.h"
#include "framer/bits.h"

/* G.775 clause 4 / the issue: LOS after this many zeros in a row */
#define CF_LOS_ZEROS 192

static void enc_bit(struct cf_encoder *e, unsigned int d);

/*
 * HDB3 octet by octet: for each coder state (zero run 0..3, parity of
 * pulses since the last V, last polarity) and octet, the marks and
 * polarities out, the B pulse a B00V puts in the previous octet's last
 * three symbols, and the next state: bits 0-7 marks, 8-15 polarities,
 * 16-18 previous marks, 19-21 previous polarities, 22-25 state.
 */
static u32 hdb3_enc_tab[16][256];
static bool hdb3_enc_ready;

static unsigned int hdb3_state(const struct cf_encoder *e)
{
	return e->zrun | (e->odd << 2) | (e->last_pol << 3);
}

static void hdb3_tab_init(void)
{
	unsigned int st, b;
	int k;

	if (hdb3_enc_ready)
		return;
	for (st = 0; st < 16; st++) {
		for (b = 0; b < 256; b++) {
			struct cf_encoder e;

			memset(&e, 0, sizeof(e));
			e.code = CF_CODE_HDB3;
			e.zrun = st & 3;
			e.odd = (st >> 2) & 1;
			e.last_pol = (st >> 3) & 1;
			for (k = 7; k >= 0; k--)
				enc_bit(&e, (b >> k) & 1);
			hdb3_enc_tab[st][b] = (e.wm & 0xff) |
					      (e.wp & 0xff) << 8 |
					      ((e.wm >> 8) & 7) << 16 |
					      ((e.wp >> 8) & 7) << 19 |
					      hdb3_state(&e) << 22;
		}
	}
	hdb3_enc_ready = true;
}

void cf_encoder_init(struct cf_encoder *e, enum cf_code code)
{
	cf_tables_init();
	hdb3_tab_init();
	memset(e, 0, sizeof(*e));
	e->code = code;
}

static inline u8 ami_pol(u8 marks, u8 last_pol)
{
	/* cf_tab.alt[] starts positive: flip when the last pulse was + */
	return last_pol ? (u8)(cf_tab.alt[marks] ^ marks) : cf_tab.alt[marks];
}

static void enc_bit(struct cf_encoder *e, unsigned int d)
{
	e->wm <<= 1;
	e->wp <<= 1;
	if (d) {
		/*
		 * An inserted BPV must not look like HDB3's 000V or B00V to
		 * the far end, or it would be decoded as a substitution and
		 * not counted: only violate after a pulse in the last two.
		 */
		bool bpv = e->insert_bpv &&
			   (e->code != CF_CODE_HDB3 || (e->wm & 0x6));
		u8 pol = bpv ? e->last_pol : !e->last_pol;

		if (bpv)
			e->insert_bpv = 0;
		e->wm |= 1;
		e->wp |= pol;
		e->last_pol = pol;
		/* a BPV counts as a V: the next V alternates with it */
		e->odd = bpv ? 0 : e->odd ^ 1;
		e->zrun = 0;
		return;
	}
	e->zrun++;
	if (e->code == CF_CODE_HDB3 && e->zrun == 4) {
		if (e->odd) {		/* 000V */
			e->wm |= 1;
			e->wp |= e->last_pol;
		} else {		/* B00V: B keeps AMI, V repeats B */
			u8 pol = !e->last_pol;

			e->wm |= 0x9;
			e->wp = (e->wp & ~0x9u) | (pol ? 0x9u : 0);
			e->last_pol = pol;
		}
		e->odd = 0;
		e->zrun = 0;
	} else if (e->code == CF_CODE_B8ZS && e->zrun == 8) {
		/* 000VB0VB: V = last polarity, B opposite, V, B back */
		u8 lp = e->last_pol;

		e->wm |= 0x1b;
		e->wp = (e->wp & ~0x1bu) | (lp ? 0x11u : 0x0au);
		e->zrun = 0;
	}
}

/* True when octet b cannot start or finish a zero substitution. */
static inline bool enc_plain(const struct cf_encoder *e, u8 b)
{
	switch (e->code) {
	case CF_CODE_HDB3:
		return e->zrun + cf_tab.lead0[b] < 4 && cf_tab.maxrun0[b] < 4;
	case CF_CODE_B8ZS:
		return b && e->zrun + cf_tab.lead0[b] < 8;
	default:
		return true;
	}
}

/* The HDB3 table loop, state kept in registers. */
static void hdb3_encode(struct cf_encoder *e, const u8 *data, unsigned int n,
			u8 *mark, u8 *polp)
{
	unsigned int i, st = hdb3_state(e);
	u32 wm = e->wm, wp = e->wp;

	for (i = 0; i < n; i++) {
		u32 v = hdb3_enc_tab[st][data[i]];

		wm = (wm << 8) | (v & 0xff) | ((v >> 8) & 0x700);
		wp = (wp << 8) | ((v >> 8) & 0xff) | ((v >> 11) & 0x700);
		st = v >> 22;
		mark[i] = (u8)(wm >> 8);
		polp[i] = (u8)(wp >> 8);
	}
	e->wm = wm;
	e->wp = wp;
	e->zrun = st & 3;
	e->odd = (st >> 2) & 1;
	e->last_pol = (st >> 3) & 1;
}

static void encode_raw(struct cf_encoder *e, const u8 *data,
		       unsigned int nbits, u8 *mark, u8 *polp)
{
	unsigned int i = 0, full = nbits / 8, rest = nbits % 8;

	if (e->code == CF_CODE_HDB3 && !e->insert_bpv) {
		hdb3_encode(e, data, full, mark, polp);
		i = full;
	}
	for (; i < full; i++) {
		u8 b = data[i];

		if (e->code == CF_CODE_B8ZS && !e->insert_bpv &&
		    e->zrun + cf_tab.lead0[b] >= 8) {
			/*
			 * The run reaches 8 zeros in the leading zeros of b,
			 * at bit e->zrun (LSB numbering): 000VB0VB ends
			 * there, maybe reaching into the previous octet; the
			 * ones of b follow, alternating from the last B.
			 */
			unsigned int z = e->zrun;
			u8 lp = e->last_pol, pol = ami_pol(b, lp);

			e->wm = (e->wm << 8) | b | (0x1bu << z);
			e->wp = (e->wp << 8) | pol | ((lp ? 0x11u : 0x0au) << z);
			if (b) {
				e->last_pol = (pol >> cf_tab.trail0[b]) & 1;
				e->zrun = cf_tab.trail0[b];
			}
		} else if (!e->insert_bpv && enc_plain(e, b)) {
			u8 pol = ami_pol(b, e->last_pol);

			e->wm = (e->wm << 8) | b;
			e->wp = (e->wp << 8) | pol;
			if (b) {
				e->last_pol = (pol >> cf_tab.trail0[b]) & 1;
				e->odd ^= cf_tab.pop[b] & 1;
				e->zrun = cf_tab.trail0[b];
			} else {
				e->zrun += 8;
			}
		} else {
			int k;

			for (k = 7; k >= 0; k--)
				enc_bit(e, (b >> k) & 1);
		}
		mark[i] = (u8)(e->wm >> 8);
		polp[i] = (u8)(e->wp >> 8);
	}
	if (rest) {
		u8 b = data[full], m = 0, p = 0;
		unsigned int k;

		for (k = 0; k < rest; k++) {
			enc_bit(e, (b >> (7 - k)) & 1);
			m |= ((e->wm >> 8) & 1) << (7 - k);
			p |= ((e->wp >> 8) & 1) << (7 - k);
		}
		mark[full] = m;
		polp[full] = p;
	}
}

void cf_encode(struct cf_encoder *e, const u8 *data, unsigned int nbits,
	       struct cf_wire *w)
{
	unsigned int at = w->nbits;

	if (at > CF_WIRE_MAXBITS)
		at = CF_WIRE_MAXBITS;
	if (nbits > CF_WIRE_MAXBITS - at)
		nbits = CF_WIRE_MAXBITS - at;
	if (!(at & 7)) {
		encode_raw(e, data, nbits, w->mark + at / 8, w->pol + at / 8);
	} else {
		encode_raw(e, data, nbits, e->tmark, e->tpol);
		cf_copy_bits(w->mark, at, e->tmark, 0, nbits);
		cf_copy_bits(w->pol, at, e->tpol, 0, nbits);
	}
	w->nbits = at + nbits;
}

void cf_decoder_init(struct cf_decoder *d, enum cf_code code, bool t1)
{
	cf_tables_init();
	memset(d, 0, sizeof(*d));
	d->code = code;
	/* as our encoders: the first pulse is positive, so a zero
	 * substitution before any data pulse still decodes */
	d->have_pol = 1;
	/* but a far end already running may start with either polarity:
	 * violations are not counted until three octets after a pulse */
	d->settle = 3;
	if (code == CF_CODE_HDB3)
		d->exz_at = 4;
	else if (code == CF_CODE_B8ZS)
		d->exz_at = 8;
	else
		d->exz_at = t1 ? 16 : ~0u;	/* E1 AMI has no EXZ rule */
}

static void dec_bit(struct cf_decoder *d, unsigned int m, unsigned int p)
{
	d->wm = (d->wm << 1) | m;
	d->wp = (d->wp << 1) | p;
	d->wd <<= 1;
	d->wv <<= 1;
	if (!m) {
		if (d->zrun < 0xffff)
			d->zrun++;
		if (d->zrun == d->exz_at && d->seen)
			d->exz++;	/* not before the first pulse */
		if (d->zrun >= CF_LOS_ZEROS)
			d->los_seen = true;
		return;
	}
	d->zrun = 0;
	d->marks++;
	d->seen = 1;
	if (d->have_pol && p == d->last_pol) {
		bool subst = false, cv = true;

		if (d->code == CF_CODE_HDB3) {
			/* 000V or B00V decode as zeros. It counts as a code
			 * violation unless it also alternates with the last
			 * V (G.703 A.1 keeps the Vs alternate; O.161) */
			subst = (d->wm & 0xe) == 0 ||
				((d->wm & 0xe) == 0x8 &&
				 ((d->wp >> 3) & 1) == p);
			cv = !subst || (d->have_v && p == d->last_v);
			if (!d->settle) {	/* the first may be no V */
				d->last_v = (u8)p;
				d->have_v = 1;
			}
		}
		if (subst)
			d->wd &= ~0xfu;
		else
			d->wd |= 1;
		if (cv)
			d->wv |= 1;
	} else {
		d->wd |= 1;
	}
	d->last_pol = p;
	d->have_pol = 1;
	/* B8ZS completes on its last B: 000VB0VB with exactly both Vs */
	if (d->code == CF_CODE_B8ZS && (d->wm & 0xff) == 0x1b &&
	    (d->wv & 0x1b) == 0x12) {
		d->wd &= ~0xffu;
		d->wv &= ~0xffu;
	}
}

/* Pulses of octet (m, p) with the polarity of the pulse before them. */
static inline u32 violations(unsigned int last_pol, u32 m, u32 p)
{
	u32 f = (last_pol << 8) | (p & m), g = 0x100u | m;

	f |= (f >> 1) & ~g;
	g |= g >> 1;
	f |= (f >> 2) & ~g;
	g |= g >> 2;
	f |= (f >> 4) & ~g;
	g |= g >> 4;
	f |= (f >> 8) & ~g;
	return m & ~(p ^ (f >> 1)) & 0xff;
}

/*
 * HDB3 octets with no run of four zeros (always so in a valid signal) and
 * no pending violation, from octet i on: the violations are found with a
 * prefix fill of the previous pulse's polarity, then each is judged as
 * dec_bit() does. Returns the first octet it could not take.
 */
static unsigned int hdb3_run(struct cf_decoder *d, const struct cf_wire *w,
			     u8 *data, unsigned int i, unsigned int n)
{
	u32 wm = d->wm, wp = d->wp, wd = d->wd, bpv = 0, marks = 0;
	unsigned int last_pol = d->last_pol, last_v = d->last_v;
	unsigned int zrun = d->zrun, i0 = i;

	if (d->wv & 0xff)
		return i;
	for (; i < n; i++) {
		u32 m = w->mark[i], p = w->pol[i], vm, clr = 0;

		if (zrun + cf_tab.lead0[m] >= 4 || cf_tab.maxrun0[m] >= 4)
			break;
		vm = violations(last_pol, m, p);
		while (vm) {
			unsigned int k = 31 - (unsigned int)__builtin_clz(vm);
			unsigned int pat = (((wm & 0xff) << 8 | m) >> (k + 1)) & 7;
			unsigned int pv = (p >> k) & 1;
			bool subst = pat == 0 || pat == 4;	/* 000V, B00V */

			if (!subst || pv == last_v)
				bpv++;
			if (subst)
				clr |= 0xfu << k;
			last_v = pv;
			vm &= ~(1u << k);
		}
		wm = (wm << 8) | m;
		wp = (wp << 8) | p;
		wd = ((wd << 8) | m) & ~clr;
		data[i] = (u8)(wd >> 8);
		marks += cf_tab.pop[m];
		last_pol = (p >> cf_tab.trail0[m]) & 1;
		zrun = cf_tab.trail0[m];
	}
	if (i == i0)
		return i;
	d->wm = wm;
	d->wp = wp;
	d->wd = wd;
	d->wv = 0;	/* nothing pending: all counted above */
	d->bpv += bpv;
	d->marks += marks;
	d->last_pol = (u8)last_pol;
	d->last_v = (u8)last_v;
	d->zrun = zrun;
	return i;
}

/*
 * B8ZS octets without eight zeros in a row (always so in a valid signal),
 * from octet i on: violations are flagged as dec_bit() flags them, and a
 * 000VB0VB ending on any pulse of the octet (earliest first) is taken
 * back. Returns the first octet it could not take.
 */
static unsigned int b8zs_run(struct cf_decoder *d, const struct cf_wire *w,
			     u8 *data, unsigned int i, unsigned int n)
{
	u32 wm = d->wm, wp = d->wp, wd = d->wd, wv = d->wv, bpv = 0;
	unsigned int last_pol = d->last_pol, zrun = d->zrun, i0 = i;

	for (; i < n; i++) {
		u32 m = w->mark[i], p = w->pol[i];

		if (zrun + cf_tab.lead0[m] >= 8 || cf_tab.maxrun0[m] >= 8)
			break;
		wm = (wm << 8) | m;
		wp = (wp << 8) | p;
		wd = (wd << 8) | m;
		wv = (wv << 8) | violations(last_pol, m, p);
		if (wv & 0xffff) {
			int z;

			for (z = 7; z >= 0; z--)
				if (((wm >> z) & 0xff) == 0x1b &&
				    ((wv >> z) & 0x1b) == 0x12) {
					wd &= ~(0xffu << z);
					wv &= ~(0xffu << z);
				}
		}
		bpv += cf_tab.pop[(wv >> 8) & 0xff];
		data[i] = (u8)(wd >> 8);
		last_pol = (p >> cf_tab.trail0[m]) & 1;
		zrun = cf_tab.trail0[m];
		d->marks += cf_tab.pop[m];
	}
	if (i == i0)
		return i;
	d->wm = wm;
	d->wp = wp;
	d->wd = wd;
	d->wv = wv;
	d->bpv += bpv;
	d->last_pol = (u8)last_pol;
	d->zrun = zrun;
	return i;
}

void cf_decode(struct cf_decoder *d, const struct cf_wire *w, u8 *data)
{
	unsigned int i, full = w->nbits / 8, rest = w->nbits % 8;

	d->los_seen = d->zrun >= CF_LOS_ZEROS;
	d->marks = 0;
	for (i = 0; i < full; i++) {
		u8 m, p;

		if (d->settle) {
			/* not yet */
		} else if (d->code == CF_CODE_HDB3 && d->have_v) {
			i = hdb3_run(d, w, data, i, full);
			if (i == full)
				break;
		} else if (d->code == CF_CODE_B8ZS) {
			i = b8zs_run(d, w, data, i, full);
			if (i == full)
				break;
		}
		m = w->mark[i];
		p = w->pol[i];
		if (!m && d->zrun >= d->exz_at) {
			/* long zero run already counted: nothing to decode */
			d->wm <<= 8;
			d->wp <<= 8;
			d->wd <<= 8;
			d->wv <<= 8;
			if (d->zrun < 0xffff)
				d->zrun += 8;
			if (d->zrun >= CF_LOS_ZEROS)
				d->los_seen = true;
		} else if (d->have_pol && !(d->wv & 0xff) &&
		    (p & m) == ami_pol(m, d->last_pol) &&
		    d->zrun + cf_tab.lead0[m] < d->exz_at &&
		    cf_tab.maxrun0[m] < d->exz_at) {
			/* no violation, no substitution, no EXZ: plain AMI */
			d->wm = (d->wm << 8) | m;
			d->wp = (d->wp << 8) | p;
			d->wd = (d->wd << 8) | m;
			d->wv <<= 8;
			d->marks += cf_tab.pop[m];
			if (m) {
				d->seen = 1;
				d->last_pol = (p >> cf_tab.trail0[m]) & 1;
				d->zrun = cf_tab.trail0[m];
			} else {
				d->zrun += 8;
				if (d->zrun >= CF_LOS_ZEROS)
					d->los_seen = true;
				if (d->zrun > 0xffff)
					d->zrun = 0xffff;
			}
		} else {
			int k;

			for (k = 7; k >= 0; k--)
				dec_bit(d, (m >> k) & 1, (p >> k) & 1);
		}
		if (!d->settle)
			d->bpv += cf_tab.pop[(d->wv >> 8) & 0xff];
		else if (d->seen)
			d->settle--;
		data[i] = (u8)(d->wd >> 8);
	}
	if (rest) {
		u8 m = w->mark[full], p = w->pol[full], out = 0;
		unsigned int k;

		for (k = 0; k < rest; k++) {
			dec_bit(d, (m >> (7 - k)) & 1, (p >> (7 - k)) & 1);
			out |= ((d->wd >> 8) & 1) << (7 - k);
			if (!d->settle)
				d->bpv += (d->wv >> 8) & 1;
		}
		data[full] = out;
	}
	if (d->zrun >= CF_LOS_ZEROS)
		d->los_seen = true;
}
