// SPDX-License-Identifier: GPL-2.0
/*
 * cticard: module entry. One card (a DAHDI device) with `ports` E1 or T1
 * ports, each a DAHDI span, under a platform device whose sysfs directory
 * holds the cabling and line impairment controls (docs/cticard.md).
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "cticard.h"

static int ports = 4;
module_param(ports, int, 0444);
MODULE_PARM_DESC(ports, "Number of E1/T1 ports (spans), 1-8 (default 4)");

static char *linemode = "e1";
module_param(linemode, charp, 0444);
MODULE_PARM_DESC(linemode,
		 "Line mode of every port at load: e1 or t1 (default e1); "
		 "change per span with dahdi_span_types before assignment");

static char *cabling = "none";
module_param(cabling, charp, 0444);
MODULE_PARM_DESC(cabling,
		 "Initial cabling: none (unplugged), pairs (1-2, 3-4, ...) "
		 "or loop (a loopback plug on every port)");

static struct cticard *the_card;

static void cticard_free_port(struct cticard_port *p)
{
	int i;

	if (!p)
		return;
	for (i = 0; i < CTICARD_MAX_CHANS; i++)
		kfree(p->chans[i]);
	kfree(p);
}

static int cticard_alloc_port(struct cticard *card, int index,
			      enum spantypes type)
{
	struct cticard_port *p;
	int i;

	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	card->port[index] = p;
	p->card = card;
	p->index = index;
	p->peer = CTICARD_NO_PEER;
	spin_lock_init(&p->req.lock);
	p->req.maint = -1;
	for (i = 0; i < CTICARD_MAX_CHANS; i++) {
		p->chans[i] = kzalloc(sizeof(*p->chans[i]), GFP_KERNEL);
		if (!p->chans[i])
			return -ENOMEM;
	}
	cf_line_init(&p->line, 0x9e3779b9u * (index + 1));
	return cticard_span_setup(p, type);
}

static int cticard_parse_params(enum spantypes *type)
{
	if (ports < 1 || ports > CTICARD_MAX_PORTS) {
		pr_err("cticard: ports=%d: must be 1..%d\n", ports,
		       CTICARD_MAX_PORTS);
		return -EINVAL;
	}
	if (!strcasecmp(linemode, "e1")) {
		*type = SPANTYPE_DIGITAL_E1;
	} else if (!strcasecmp(linemode, "t1")) {
		*type = SPANTYPE_DIGITAL_T1;
	} else {
		pr_err("cticard: linemode=%s: must be e1 or t1\n", linemode);
		return -EINVAL;
	}
	if (strcmp(cabling, "none") && strcmp(cabling, "pairs") &&
	    strcmp(cabling, "loop")) {
		pr_err("cticard: cabling=%s: must be none, pairs or loop\n",
		       cabling);
		return -EINVAL;
	}
	return 0;
}

static void cticard_initial_cabling(struct cticard *card)
{
	unsigned long flags;
	int i;

	spin_lock_irqsave(&card->lock, flags);
	for (i = 0; i < card->nports; i++) {
		if (!strcmp(cabling, "loop"))
			cticard_cable_set(card, i, CTICARD_LOOP_PLUG);
		else if (!strcmp(cabling, "pairs") && (i & 1) &&
			 i < card->nports)
			cticard_cable_set(card, i - 1, i);
	}
	spin_unlock_irqrestore(&card->lock, flags);
}

static void cticard_destroy(struct cticard *card)
{
	int i;

	if (card->ddev)
		dahdi_free_device(card->ddev);
	for (i = 0; i < CTICARD_MAX_PORTS; i++)
		cticard_free_port(card->port[i]);
	if (card->pdev)
		platform_device_unregister(card->pdev);
	kfree(card);
}

static int __init cticard_init(void)
{
	struct cticard *card;
	enum spantypes type;
	int i, rc;

	rc = cticard_parse_params(&type);
	if (rc)
		return rc;
	card = kzalloc(sizeof(*card), GFP_KERNEL);
	if (!card)
		return -ENOMEM;
	spin_lock_init(&card->lock);
	card->nports = ports;
	card->pdev = platform_device_register_simple("cticard", -1, NULL, 0);
	if (IS_ERR(card->pdev)) {
		rc = PTR_ERR(card->pdev);
		card->pdev = NULL;
		goto fail;
	}
	card->ddev = dahdi_create_device();
	if (!card->ddev) {
		rc = -ENOMEM;
		goto fail;
	}
	card->ddev->manufacturer = "cti project";
	card->ddev->devicetype = "cticard software E1/T1 card";
	card->ddev->location = "platform/cticard";
	card->ddev->hardware_id = "cticard-0";
	for (i = 0; i < card->nports; i++) {
		rc = cticard_alloc_port(card, i, type);
		if (rc)
			goto fail;
		list_add_tail(&card->port[i]->span.device_node,
			      &card->ddev->spans);
	}
	cticard_initial_cabling(card);
	rc = dahdi_register_device(card->ddev, &card->pdev->dev);
	if (rc) {
		pr_err("cticard: dahdi_register_device: %d\n", rc);
		goto fail;
	}
	rc = cticard_sysfs_add(card);
	if (rc) {
		dahdi_unregister_device(card->ddev);
		goto fail;
	}
	cticard_tick_start(card);
	the_card = card;
	dev_info(&card->pdev->dev, "%d %s ports, cabling %s\n", card->nports,
		 dahdi_spantype2str(type), cabling);
	return 0;
fail:
	cticard_destroy(card);
	return rc;
}

/*
 * DAHDI refuses to unload while a channel is open (it holds a reference
 * on this module through ops->owner), so here nothing is in use: stop the
 * clock first so no tick runs into a span being unregistered.
 */
static void __exit cticard_exit(void)
{
	struct cticard *card = the_card;

	cticard_tick_stop(card);
	cticard_sysfs_remove(card);
	dahdi_unregister_device(card->ddev);
	cticard_destroy(card);
}

module_init(cticard_init);
module_exit(cticard_exit);

MODULE_DESCRIPTION("cticard: software E1/T1 PRI card for DAHDI with a real "
		   "G.704 / D4 / ESF framer over an emulated line");
MODULE_AUTHOR("The cti project");
MODULE_LICENSE("GPL");
