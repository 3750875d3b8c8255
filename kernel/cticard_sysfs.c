// SPDX-License-Identifier: GPL-2.0
/*
 * cticard: sysfs controls of the software line, one directory per port
 * under the card's platform device (docs/cticard.md):
 *
 *   /sys/devices/platform/cticard/portN/cable  none | loop | portM
 *                                      los    0|1  no signal into portN
 *                                      ais    0|1  all ones into portN
 *                                      ber    0 | 1e-9 .. 1e-2
 *                                      slip   write +-bits: shift once
 *                                      ppm    far transmitter's clock offset
 *                                      clear  write 1: remove impairments
 *
 * Impairments act on the symbols travelling INTO the port, so faulting
 * span N makes span N see them. Nothing here touches an alarm or counter.
 */
#include <linux/ctype.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "cticard.h"

static struct cticard *sysfs_card;

static struct cticard_port *port_of_kobj(struct kobject *kobj)
{
	int i;

	for (i = 0; i < sysfs_card->nports; i++)
		if (sysfs_card->port[i]->kobj == kobj)
			return sysfs_card->port[i];
	return NULL;
}

#define PORT_OR_FAIL(kobj)                                                     \
	struct cticard_port *p = port_of_kobj(kobj);                           \
	struct cticard *card;                                                  \
	unsigned long flags;                                                   \
	if (!p)                                                                \
		return -ENODEV;                                                \
	card = p->card

static ssize_t cable_show(struct kobject *kobj, struct kobj_attribute *a,
			  char *buf)
{
	PORT_OR_FAIL(kobj);
	int peer;

	spin_lock_irqsave(&card->lock, flags);
	peer = p->peer;
	spin_unlock_irqrestore(&card->lock, flags);
	if (peer == CTICARD_LOOP_PLUG)
		return sysfs_emit(buf, "loop\n");
	if (peer < 0)
		return sysfs_emit(buf, "none\n");
	return sysfs_emit(buf, "port%d\n", peer + 1);
}

static ssize_t cable_store(struct kobject *kobj, struct kobj_attribute *a,
			   const char *buf, size_t len)
{
	PORT_OR_FAIL(kobj);
	int peer, n;

	if (sysfs_streq(buf, "none")) {
		peer = CTICARD_NO_PEER;
	} else if (sysfs_streq(buf, "loop")) {
		peer = CTICARD_LOOP_PLUG;
	} else if (sscanf(buf, "port%d", &n) == 1 && n >= 1 &&
		   n <= card->nports) {
		peer = n - 1;
	} else {
		return -EINVAL;
	}
	spin_lock_irqsave(&card->lock, flags);
	cticard_cable_set(card, p->index, peer);
	spin_unlock_irqrestore(&card->lock, flags);
	return len;
}

static ssize_t bool_knob_store(struct kobject *kobj, const char *buf,
			       size_t len, bool ais)
{
	PORT_OR_FAIL(kobj);
	bool on;

	if (kstrtobool(buf, &on))
		return -EINVAL;
	spin_lock_irqsave(&card->lock, flags);
	if (ais) {
		cf_line_set_ais(&p->line, on);
		p->knobs.ais = on;
	} else {
		cf_line_set_unplugged(&p->line, on);
		p->knobs.los = on;
	}
	spin_unlock_irqrestore(&card->lock, flags);
	return len;
}

static ssize_t los_show(struct kobject *kobj, struct kobj_attribute *a,
			char *buf)
{
	PORT_OR_FAIL(kobj);
	(void)flags;
	return sysfs_emit(buf, "%d\n", p->knobs.los);
}

static ssize_t los_store(struct kobject *kobj, struct kobj_attribute *a,
			 const char *buf, size_t len)
{
	return bool_knob_store(kobj, buf, len, false);
}

static ssize_t ais_show(struct kobject *kobj, struct kobj_attribute *a,
			char *buf)
{
	PORT_OR_FAIL(kobj);
	(void)flags;
	return sysfs_emit(buf, "%d\n", p->knobs.ais);
}

static ssize_t ais_store(struct kobject *kobj, struct kobj_attribute *a,
			 const char *buf, size_t len)
{
	return bool_knob_store(kobj, buf, len, true);
}

/*
 * "2.5e-4", "0.001", "1e-6", "0" → mant * 10^exp10 with an integer
 * mantissa (the kernel has no floating point).
 */
static int parse_rate(const char *s, u32 *mant, int *exp10)
{
	u64 m = 0;
	int e = 0, digits = 0, x, sign = 1;
	bool frac = false;

	for (; *s && !isspace(*s) && *s != 'e' && *s != 'E'; s++) {
		if (*s == '.' && !frac) {
			frac = true;
			continue;
		}
		if (!isdigit(*s))
			return -EINVAL;
		if (m < 100000000) {
			m = m * 10 + (*s - '0');
			if (frac)
				e--;
		} else if (!frac) {
			e++;
		}
		digits++;
	}
	if (!digits)
		return -EINVAL;
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '-' || *s == '+')
			sign = *s++ == '-' ? -1 : 1;
		if (!isdigit(*s))
			return -EINVAL;
		for (x = 0; isdigit(*s) && x < 1000; s++)
			x = x * 10 + (*s - '0');
		e += sign * x;
	}
	while (*s && isspace(*s))
		s++;
	if (*s)
		return -EINVAL;
	*mant = (u32)m;
	*exp10 = e;
	return 0;
}

static ssize_t ber_show(struct kobject *kobj, struct kobj_attribute *a,
			char *buf)
{
	PORT_OR_FAIL(kobj);
	(void)flags;
	return sysfs_emit(buf, "%s\n",
			  p->knobs.ber[0] ? p->knobs.ber : "0");
}

static ssize_t ber_store(struct kobject *kobj, struct kobj_attribute *a,
			 const char *buf, size_t len)
{
	PORT_OR_FAIL(kobj);
	u32 mant;
	int exp10, rc;

	rc = parse_rate(buf, &mant, &exp10);
	if (rc)
		return rc;
	spin_lock_irqsave(&card->lock, flags);
	rc = cf_line_set_ber(&p->line, mant, exp10);
	spin_unlock_irqrestore(&card->lock, flags);
	if (rc)
		return -ERANGE;
	if (mant)
		scnprintf(p->knobs.ber, sizeof(p->knobs.ber),
			  "%.*s", (int)strcspn(buf, "\n"), buf);
	else
		p->knobs.ber[0] = '\0';
	return len;
}

static ssize_t slip_store(struct kobject *kobj, struct kobj_attribute *a,
			  const char *buf, size_t len)
{
	PORT_OR_FAIL(kobj);
	int bits;

	if (kstrtoint(buf, 0, &bits) || !bits || bits < -255 || bits > 255)
		return -EINVAL;
	spin_lock_irqsave(&card->lock, flags);
	cf_line_shift(&p->line, bits);
	spin_unlock_irqrestore(&card->lock, flags);
	return len;
}

static ssize_t ppm_show(struct kobject *kobj, struct kobj_attribute *a,
			char *buf)
{
	PORT_OR_FAIL(kobj);
	(void)flags;
	return sysfs_emit(buf, "%d\n", p->knobs.ppm);
}

static ssize_t ppm_store(struct kobject *kobj, struct kobj_attribute *a,
			 const char *buf, size_t len)
{
	PORT_OR_FAIL(kobj);
	int ppm, rc;

	if (kstrtoint(buf, 0, &ppm))
		return -EINVAL;
	spin_lock_irqsave(&card->lock, flags);
	rc = cf_line_set_ppm(&p->line, ppm);
	spin_unlock_irqrestore(&card->lock, flags);
	if (rc)
		return -ERANGE;
	p->knobs.ppm = ppm;
	return len;
}

static ssize_t clear_store(struct kobject *kobj, struct kobj_attribute *a,
			   const char *buf, size_t len)
{
	PORT_OR_FAIL(kobj);
	bool on;

	if (kstrtobool(buf, &on) || !on)
		return -EINVAL;
	spin_lock_irqsave(&card->lock, flags);
	cf_line_set_unplugged(&p->line, false);
	cf_line_set_ais(&p->line, false);
	cf_line_set_ber(&p->line, 0, 0);
	cf_line_set_ppm(&p->line, 0);
	spin_unlock_irqrestore(&card->lock, flags);
	memset(&p->knobs, 0, sizeof(p->knobs));
	return len;
}

static struct kobj_attribute attr_cable = __ATTR_RW(cable);
static struct kobj_attribute attr_los = __ATTR_RW(los);
static struct kobj_attribute attr_ais = __ATTR_RW(ais);
static struct kobj_attribute attr_ber = __ATTR_RW(ber);
static struct kobj_attribute attr_slip = __ATTR_WO(slip);
static struct kobj_attribute attr_ppm = __ATTR_RW(ppm);
static struct kobj_attribute attr_clear = __ATTR_WO(clear);

static struct attribute *port_attrs[] = {
	&attr_cable.attr, &attr_los.attr,  &attr_ais.attr,   &attr_ber.attr,
	&attr_slip.attr,  &attr_ppm.attr,  &attr_clear.attr, NULL,
};

static const struct attribute_group port_group = {
	.attrs = port_attrs,
};

/* Card-wide: how well the clock keeps time on this machine. */
static ssize_t ticks_show(struct device *dev, struct device_attribute *a,
			  char *buf)
{
	return sysfs_emit(buf, "%llu\n", READ_ONCE(sysfs_card->ticks));
}

static ssize_t late_ticks_show(struct device *dev, struct device_attribute *a,
			       char *buf)
{
	return sysfs_emit(buf, "%llu\n", READ_ONCE(sysfs_card->late_ticks));
}

static ssize_t lost_ticks_show(struct device *dev, struct device_attribute *a,
			       char *buf)
{
	return sysfs_emit(buf, "%llu\n", READ_ONCE(sysfs_card->lost_ticks));
}

static DEVICE_ATTR_RO(ticks);
static DEVICE_ATTR_RO(late_ticks);
static DEVICE_ATTR_RO(lost_ticks);

static struct attribute *card_attrs[] = {
	&dev_attr_ticks.attr, &dev_attr_late_ticks.attr,
	&dev_attr_lost_ticks.attr, NULL,
};

static const struct attribute_group card_group = {
	.attrs = card_attrs,
};

int cticard_sysfs_add(struct cticard *card)
{
	char name[16];
	int i, rc;

	sysfs_card = card;
	rc = sysfs_create_group(&card->pdev->dev.kobj, &card_group);
	if (rc)
		return rc;
	for (i = 0; i < card->nports; i++) {
		struct cticard_port *p = card->port[i];

		snprintf(name, sizeof(name), "port%d", i + 1);
		p->kobj = kobject_create_and_add(name, &card->pdev->dev.kobj);
		if (!p->kobj) {
			rc = -ENOMEM;
			goto fail;
		}
		rc = sysfs_create_group(p->kobj, &port_group);
		if (rc)
			goto fail;
	}
	return 0;
fail:
	cticard_sysfs_remove(card);
	return rc;
}

void cticard_sysfs_remove(struct cticard *card)
{
	int i;

	for (i = 0; i < card->nports; i++) {
		struct cticard_port *p = card->port[i];

		if (p && p->kobj) {
			sysfs_remove_group(p->kobj, &port_group);
			kobject_put(p->kobj);
			p->kobj = NULL;
		}
	}
	sysfs_remove_group(&card->pdev->dev.kobj, &card_group);
}
