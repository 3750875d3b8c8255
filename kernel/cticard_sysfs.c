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
 * Every attribute reads and writes the port's state under card->lock.
 *
 * The impairments stay in sysfs beside the cable rather than in debugfs:
 * they are the documented operator interface of the card (cti-span
 * inject, training, docs/cticard.md), not a debugging aid, and debugfs
 * is neither a stable ABI nor mounted on every system.
 */
#include <linux/ctype.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "cticard.h"

static struct cticard_port *to_port(struct kobject *kobj)
{
	return container_of(kobj, struct cticard_port, kobj);
}

/* Every attribute of a port: its port and its card. */
#define PORT_OF(kobj)                                                        \
	struct cticard_port *p = to_port(kobj);                              \
	struct cticard *card = p->card

static ssize_t cable_show(struct kobject *kobj, struct kobj_attribute *a,
			  char *buf)
{
	PORT_OF(kobj);
	int peer;

	mutex_lock(&card->lock);
	peer = p->peer;
	mutex_unlock(&card->lock);
	if (peer == CTICARD_LOOP_PLUG)
		return sysfs_emit(buf, "loop\n");
	if (peer < 0)
		return sysfs_emit(buf, "none\n");
	return sysfs_emit(buf, "port%d\n", peer + 1);
}

static ssize_t cable_store(struct kobject *kobj, struct kobj_attribute *a,
			   const char *buf, size_t len)
{
	PORT_OF(kobj);
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
	mutex_lock(&card->lock);
	cticard_cable_set(card, p->index, peer);
	mutex_unlock(&card->lock);
	return len;
}

static ssize_t bool_knob_store(struct kobject *kobj, const char *buf,
			       size_t len, bool ais)
{
	PORT_OF(kobj);
	bool on;

	if (kstrtobool(buf, &on))
		return -EINVAL;
	mutex_lock(&card->lock);
	if (ais) {
		cf_line_set_ais(&p->line, on);
		p->knobs.ais = on;
	} else {
		cf_line_set_unplugged(&p->line, on);
		p->knobs.los = on;
	}
	mutex_unlock(&card->lock);
	return len;
}

static ssize_t los_show(struct kobject *kobj, struct kobj_attribute *a,
			char *buf)
{
	PORT_OF(kobj);
	int v;

	mutex_lock(&card->lock);
	v = p->knobs.los;
	mutex_unlock(&card->lock);
	return sysfs_emit(buf, "%d\n", v);
}

static ssize_t los_store(struct kobject *kobj, struct kobj_attribute *a,
			 const char *buf, size_t len)
{
	return bool_knob_store(kobj, buf, len, false);
}

static ssize_t ais_show(struct kobject *kobj, struct kobj_attribute *a,
			char *buf)
{
	PORT_OF(kobj);
	int v;

	mutex_lock(&card->lock);
	v = p->knobs.ais;
	mutex_unlock(&card->lock);
	return sysfs_emit(buf, "%d\n", v);
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
	PORT_OF(kobj);
	ssize_t n;

	mutex_lock(&card->lock);
	n = sysfs_emit(buf, "%s\n", p->knobs.ber[0] ? p->knobs.ber : "0");
	mutex_unlock(&card->lock);
	return n;
}

static ssize_t ber_store(struct kobject *kobj, struct kobj_attribute *a,
			 const char *buf, size_t len)
{
	PORT_OF(kobj);
	u32 mant;
	int exp10, rc;

	rc = parse_rate(buf, &mant, &exp10);
	if (rc)
		return rc;
	mutex_lock(&card->lock);
	rc = cf_line_set_ber(&p->line, mant, exp10);
	if (!rc && mant)
		scnprintf(p->knobs.ber, sizeof(p->knobs.ber), "%.*s",
			  (int)strcspn(buf, "\n"), buf);
	else if (!rc)
		p->knobs.ber[0] = '\0';
	mutex_unlock(&card->lock);
	return rc ? -ERANGE : len;
}

static ssize_t slip_store(struct kobject *kobj, struct kobj_attribute *a,
			  const char *buf, size_t len)
{
	PORT_OF(kobj);
	int bits;

	if (kstrtoint(buf, 0, &bits) || !bits || bits < -255 || bits > 255)
		return -EINVAL;
	mutex_lock(&card->lock);
	cf_line_shift(&p->line, bits);
	mutex_unlock(&card->lock);
	return len;
}

static ssize_t ppm_show(struct kobject *kobj, struct kobj_attribute *a,
			char *buf)
{
	PORT_OF(kobj);
	int v;

	mutex_lock(&card->lock);
	v = p->knobs.ppm;
	mutex_unlock(&card->lock);
	return sysfs_emit(buf, "%d\n", v);
}

static ssize_t ppm_store(struct kobject *kobj, struct kobj_attribute *a,
			 const char *buf, size_t len)
{
	PORT_OF(kobj);
	int ppm, rc;

	if (kstrtoint(buf, 0, &ppm))
		return -EINVAL;
	mutex_lock(&card->lock);
	rc = cf_line_set_ppm(&p->line, ppm);
	if (!rc)
		p->knobs.ppm = ppm;
	mutex_unlock(&card->lock);
	return rc ? -ERANGE : len;
}

static ssize_t clear_store(struct kobject *kobj, struct kobj_attribute *a,
			   const char *buf, size_t len)
{
	PORT_OF(kobj);
	bool on;

	if (kstrtobool(buf, &on) || !on)
		return -EINVAL;
	mutex_lock(&card->lock);
	cf_line_set_unplugged(&p->line, false);
	cf_line_set_ais(&p->line, false);
	cf_line_set_ber(&p->line, 0, 0);
	cf_line_set_ppm(&p->line, 0);
	memset(&p->knobs, 0, sizeof(p->knobs));
	mutex_unlock(&card->lock);
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

ATTRIBUTE_GROUPS(port);

/* A port's directory lives as long as the port: it frees it. */
static void port_release(struct kobject *kobj)
{
	struct cticard_port *p = to_port(kobj);
	int i;

	for (i = 0; i < CTICARD_MAX_CHANS; i++)
		kfree(p->chans[i]);
	kfree(p);
}

/* not const: kobject_init_and_add() takes a const one only from 6.2 */
static struct kobj_type port_ktype = {
	.release = port_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = port_groups,
};

/* portN/ under the card's device, its attributes created with it. */
int cticard_port_kobj_add(struct cticard_port *p)
{
	int rc;

	rc = kobject_init_and_add(&p->kobj, &port_ktype, &p->card->pdev->dev.kobj,
				  "port%d", p->index + 1);
	p->kobj_added = true;	/* even on failure: the put frees it */
	return rc;
}

/* The end of a port (NULL: none): its directory goes, then the port. */
void cticard_port_put(struct cticard_port *p)
{
	if (!p)
		return;
	if (p->kobj_added)
		kobject_put(&p->kobj);
	else
		port_release(&p->kobj);
}

/* Card-wide: how well the clock keeps time on this machine. */
#define CARD_COUNTER_ATTR(name)                                              \
	static ssize_t name##_show(struct device *dev,                       \
				   struct device_attribute *a, char *buf)     \
	{                                                                    \
		struct cticard *card = dev_get_drvdata(dev);                 \
									     \
		return sysfs_emit(buf, "%llu\n",                             \
				  (unsigned long long)READ_ONCE(card->name)); \
	}                                                                    \
	static DEVICE_ATTR_RO(name)

CARD_COUNTER_ATTR(ticks);
CARD_COUNTER_ATTR(late_ticks);
CARD_COUNTER_ATTR(missed_ticks);
CARD_COUNTER_ATTR(max_late_us);

static struct attribute *card_attrs[] = {
	&dev_attr_ticks.attr,
	&dev_attr_late_ticks.attr,
	&dev_attr_missed_ticks.attr,
	&dev_attr_max_late_us.attr,
	NULL,
};

static const struct attribute_group card_group = {
	.attrs = card_attrs,
};

/* The driver's dev_groups: created by the driver core with the binding */
const struct attribute_group *cticard_card_groups[] = {
	&card_group,
	NULL,
};
