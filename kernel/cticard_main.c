// SPDX-License-Identifier: GPL-2.0
/*
 * cticard: module entry and platform driver. The module creates one
 * platform device "cticard" (the card has no bus to be found on) and
 * registers the driver that binds to it: probe builds the card from the
 * module parameters (one DAHDI device with `ports` E1 or T1 spans), its
 * attributes are registered with the device (the driver's dev_groups,
 * the ports' kobjects), and remove takes it all down. The card is found
 * through drvdata; there are no globals besides the parameters.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

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

static struct platform_device *cticard_pdev;

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

static void cticard_initial_cabling(struct cticard *card, const char *how)
{
	int i;

	mutex_lock(&card->lock);
	for (i = 0; i < card->nports; i++) {
		if (!strcmp(how, "loop"))
			cticard_cable_set(card, i, CTICARD_LOOP_PLUG);
		else if (!strcmp(how, "pairs") && (i & 1))
			cticard_cable_set(card, i - 1, i);
	}
	mutex_unlock(&card->lock);
}

/* Frees what probe allocated; the ports go with their kobjects. */
static void cticard_destroy(struct cticard *card)
{
	int i;

	if (card->ddev)
		dahdi_free_device(card->ddev);
	for (i = 0; i < CTICARD_MAX_PORTS; i++)
		cticard_port_put(card->port[i]);
	kfree(card);
}

static int cticard_probe(struct platform_device *pdev)
{
	const struct cticard_pdata *pd = dev_get_platdata(&pdev->dev);
	struct cticard *card;
	int i, rc;

	/* the framer reports alarms in DAHDI's bits (framer/framer.h) and
	 * works in ticks of one DAHDI chunk */
	BUILD_BUG_ON(CF_ALARM_RECOVER != DAHDI_ALARM_RECOVER);
	BUILD_BUG_ON(CF_ALARM_YELLOW != DAHDI_ALARM_YELLOW);
	BUILD_BUG_ON(CF_ALARM_RED != DAHDI_ALARM_RED);
	BUILD_BUG_ON(CF_ALARM_BLUE != DAHDI_ALARM_BLUE);
	BUILD_BUG_ON(CF_ALARM_LOS != DAHDI_ALARM_LOS);
	BUILD_BUG_ON(CF_ALARM_LFA != DAHDI_ALARM_LFA);
	BUILD_BUG_ON(CF_ALARM_LMFA != DAHDI_ALARM_LMFA);
	BUILD_BUG_ON(CF_TICK_FRAMES != DAHDI_CHUNKSIZE);
	BUILD_BUG_ON(CTICARD_MAX_CHANS + 1 > BITS_PER_LONG);

	if (!pd)
		return -EINVAL;
	card = kzalloc(sizeof(*card), GFP_KERNEL);
	if (!card)
		return -ENOMEM;
	mutex_init(&card->lock);
	card->pdev = pdev;
	card->nports = pd->nports;
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
		rc = cticard_alloc_port(card, i, pd->type);
		if (rc)
			goto fail;
		list_add_tail(&card->port[i]->span.device_node,
			      &card->ddev->spans);
	}
	cticard_initial_cabling(card, pd->cabling);
	platform_set_drvdata(pdev, card);
	/* the ports' directories exist before anyone is told of the card */
	for (i = 0; i < card->nports; i++) {
		rc = cticard_port_kobj_add(card->port[i]);
		if (rc)
			goto fail;
	}
	rc = dahdi_register_device(card->ddev, &pdev->dev);
	if (rc) {
		dev_err(&pdev->dev, "dahdi_register_device: %d\n", rc);
		goto fail;
	}
	rc = cticard_tick_start(card);
	if (rc) {
		dahdi_unregister_device(card->ddev);
		goto fail;
	}
	dev_info(&pdev->dev, "%d %s ports, cabling %s\n", card->nports,
		 dahdi_spantype2str(pd->type), pd->cabling);
	return 0;
fail:
	platform_set_drvdata(pdev, NULL);
	cticard_destroy(card);
	return rc;
}

/*
 * DAHDI refuses to unload while a channel is open (it holds a reference
 * on this module through ops->owner), so here nothing is in use: stop the
 * clock first so no tick runs into a span being unregistered.
 */
static void cticard_remove(struct platform_device *pdev)
{
	struct cticard *card = platform_get_drvdata(pdev);

	cticard_tick_stop(card);
	dahdi_unregister_device(card->ddev);
	cticard_destroy(card);
}
CTICARD_DEFINE_REMOVE_INT(cticard_remove)

static struct platform_driver cticard_driver = {
	.driver = {
		.name = "cticard",
		.dev_groups = cticard_card_groups,
	},
	.probe = cticard_probe,
	.remove = CTICARD_PLATFORM_REMOVE(cticard_remove),
};

static int cticard_parse_params(struct cticard_pdata *pd)
{
	if (ports < 1 || ports > CTICARD_MAX_PORTS) {
		pr_err("ports=%d: must be 1..%d\n", ports, CTICARD_MAX_PORTS);
		return -EINVAL;
	}
	pd->nports = ports;
	if (!strcasecmp(linemode, "e1")) {
		pd->type = SPANTYPE_DIGITAL_E1;
	} else if (!strcasecmp(linemode, "t1")) {
		pd->type = SPANTYPE_DIGITAL_T1;
	} else {
		pr_err("linemode=%s: must be e1 or t1\n", linemode);
		return -EINVAL;
	}
	if (strcmp(cabling, "none") && strcmp(cabling, "pairs") &&
	    strcmp(cabling, "loop")) {
		pr_err("cabling=%s: must be none, pairs or loop\n", cabling);
		return -EINVAL;
	}
	strscpy(pd->cabling, cabling, sizeof(pd->cabling));
	return 0;
}

static int __init cticard_init(void)
{
	struct cticard_pdata pd = {};
	int rc;

	rc = cticard_parse_params(&pd);
	if (rc)
		return rc;
	rc = platform_driver_register(&cticard_driver);
	if (rc)
		return rc;
	cticard_pdev = platform_device_register_data(NULL, "cticard",
						     PLATFORM_DEVID_NONE,
						     &pd, sizeof(pd));
	if (IS_ERR(cticard_pdev)) {
		rc = PTR_ERR(cticard_pdev);
		goto fail;
	}
	/* probe ran synchronously: without a card, fail the load */
	if (!platform_get_drvdata(cticard_pdev)) {
		platform_device_unregister(cticard_pdev);
		rc = -ENODEV;
		goto fail;
	}
	return 0;
fail:
	platform_driver_unregister(&cticard_driver);
	return rc;
}

static void __exit cticard_exit(void)
{
	platform_device_unregister(cticard_pdev);
	platform_driver_unregister(&cticard_driver);
}

module_init(cticard_init);
module_exit(cticard_exit);

MODULE_DESCRIPTION("cticard: software E1/T1 PRI card for DAHDI with a real "
		   "G.704 / D4 / ESF framer over an emulated line");
MODULE_AUTHOR("The cti project");
MODULE_LICENSE("GPL");
