// SPDX-License-Identifier: GPL-2.0
/*
 * cticard: DAHDI span and channel operations (what dahdi_cfg, dahdi_maint
 * and dahdi_span_types reach).
 */
#include <linux/module.h>

#include "cticard.h"

#define E1_SIGCAP                                                            \
	(DAHDI_SIG_CLEAR | DAHDI_SIG_EM_E1 | DAHDI_SIG_FXSLS |                \
	 DAHDI_SIG_FXSGS | DAHDI_SIG_FXSKS | DAHDI_SIG_FXOLS |                \
	 DAHDI_SIG_FXOGS | DAHDI_SIG_FXOKS | DAHDI_SIG_CAS | DAHDI_SIG_DACS_RBS)
#define T1_SIGCAP                                                            \
	(DAHDI_SIG_CLEAR | DAHDI_SIG_EM | DAHDI_SIG_FXSLS | DAHDI_SIG_FXSGS |  \
	 DAHDI_SIG_FXSKS | DAHDI_SIG_FXOLS | DAHDI_SIG_FXOGS |                \
	 DAHDI_SIG_FXOKS | DAHDI_SIG_CAS | DAHDI_SIG_SF | DAHDI_SIG_DACS_RBS)

static struct cticard_port *port_of(struct dahdi_span *span)
{
	return container_of(span, struct cticard_port, span);
}

/* Shapes the span as E1 (31 channels) or T1 (24); only before assignment. */
int cticard_span_setup(struct cticard_port *p, enum spantypes type)
{
	struct dahdi_span *s = &p->span;
	bool e1 = type == SPANTYPE_DIGITAL_E1;
	int i;

	if (type != SPANTYPE_DIGITAL_E1 && type != SPANTYPE_DIGITAL_T1)
		return -EINVAL;
	snprintf(s->name, sizeof(s->name), "CTICARD/0/%d", p->index + 1);
	snprintf(s->desc, sizeof(s->desc), "cticard port %d (%s)",
		 p->index + 1, e1 ? "E1" : "T1");
	s->spantype = type;
	s->channels = e1 ? 31 : 24;
	s->deflaw = e1 ? DAHDI_LAW_ALAW : DAHDI_LAW_MULAW;
	s->linecompat = e1 ? DAHDI_CONFIG_AMI | DAHDI_CONFIG_HDB3 |
				     DAHDI_CONFIG_CCS | DAHDI_CONFIG_CRC4 :
			     DAHDI_CONFIG_AMI | DAHDI_CONFIG_B8ZS |
				     DAHDI_CONFIG_D4 | DAHDI_CONFIG_ESF;
	s->chans = p->chans;
	s->ops = &cticard_span_ops;
	s->offset = p->index;
	s->alarms = DAHDI_ALARM_NONE;
	set_bit(DAHDI_FLAGBIT_RBS, &s->flags);
	for (i = 0; i < CTICARD_MAX_CHANS; i++) {
		struct dahdi_chan *c = p->chans[i];

		snprintf(c->name, sizeof(c->name), "CTICARD/0/%d/%d",
			 p->index + 1, i + 1);
		c->chanpos = i + 1;
		c->sigcap = e1 ? E1_SIGCAP : T1_SIGCAP;
		c->pvt = p;
	}
	return 0;
}

static int cticard_set_spantype(struct dahdi_span *span, enum spantypes st)
{
	struct cticard_port *p = port_of(span);
	int rc;

	if (span->spantype == st)
		return 0;
	mutex_lock(&p->card->lock);
	if (p->running) {
		mutex_unlock(&p->card->lock);
		return -EBUSY;
	}
	p->configured = false;
	rc = cticard_span_setup(p, st);
	mutex_unlock(&p->card->lock);
	if (!rc) {
		dahdi_init_span(span);
		dev_info(&p->card->pdev->dev, "port %d: now %s\n",
			 p->index + 1, dahdi_spantype2str(st));
	}
	return rc;
}

/* dahdi_cfg's span line → framer configuration; refuses what the port's
 * line mode cannot carry (ESF on E1, HDB3 on T1...), as a card would. */
static int lineconfig_to_cf(struct cticard_port *p, int lc,
			    struct cf_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	if (cticard_is_e1(p)) {
		if (lc & (DAHDI_CONFIG_D4 | DAHDI_CONFIG_ESF | DAHDI_CONFIG_B8ZS))
			return -EINVAL;
		cfg->mode = CF_E1;
		cfg->code = lc & DAHDI_CONFIG_AMI ? CF_CODE_AMI : CF_CODE_HDB3;
		cfg->crc4 = !!(lc & DAHDI_CONFIG_CRC4);
	} else {
		if (lc & (DAHDI_CONFIG_HDB3 | DAHDI_CONFIG_CRC4))
			return -EINVAL;
		cfg->mode = CF_T1;
		cfg->code = lc & DAHDI_CONFIG_B8ZS ? CF_CODE_B8ZS : CF_CODE_AMI;
		cfg->esf = !!(lc & DAHDI_CONFIG_ESF);
	}
	cfg->cas = !(lc & DAHDI_CONFIG_CCS);
	return 0;
}

static int cticard_spanconfig(struct file *file, struct dahdi_span *span,
			      struct dahdi_lineconfig *lc)
{
	struct cticard_port *p = port_of(span);
	struct cf_config cfg;
	int rc;

	rc = lineconfig_to_cf(p, lc->lineconfig, &cfg);
	if (rc) {
		dev_err(&p->card->pdev->dev,
			"port %d: line config 0x%x does not fit a %s span\n",
			p->index + 1, lc->lineconfig,
			cticard_is_e1(p) ? "E1" : "T1");
		return rc;
	}
	mutex_lock(&p->card->lock);
	if (p->configured)
		cf_port_config(&p->fr, &cfg);
	else
		cf_port_init(&p->fr, &cfg);
	p->cfg = cfg;
	p->configured = true;
	p->timing_prio = lc->sync;
	span->lineconfig = lc->lineconfig;
	p->card->sync_dirty = true;
	mutex_unlock(&p->card->lock);
	return 0;
}

static int cticard_chanconfig(struct file *file, struct dahdi_chan *chan,
			      int sigtype)
{
	/* Clear channels and software HDLC need nothing of the card; CAS
	 * channels are served through rbsbits and the received ABCD bits. */
	return 0;
}

static int cticard_startup(struct file *file, struct dahdi_span *span)
{
	struct cticard_port *p = port_of(span);
	struct cf_config cfg;

	mutex_lock(&p->card->lock);
	if (!p->configured) {
		/* started without a span line: the card's defaults */
		lineconfig_to_cf(p, cticard_is_e1(p) ?
					    DAHDI_CONFIG_CCS | DAHDI_CONFIG_HDB3 :
					    DAHDI_CONFIG_CCS | DAHDI_CONFIG_B8ZS |
						    DAHDI_CONFIG_ESF,
				 &cfg);
		cf_port_init(&p->fr, &cfg);
		p->cfg = cfg;
		p->configured = true;
	}
	memset(p->txcas, 0, sizeof(p->txcas));
	memset(p->rxcas, 0, sizeof(p->rxcas));
	p->last_alarms = 0;
	p->running = true;
	p->card->sync_dirty = true;
	mutex_unlock(&p->card->lock);
	return 0;
}

static int cticard_shutdown(struct dahdi_span *span)
{
	struct cticard_port *p = port_of(span);

	mutex_lock(&p->card->lock);
	p->running = false;
	p->loop = CTICARD_LOOP_NONE;
	p->loop_by_code = false;
	p->sending_loopcode = false;
	p->prbs = false;
	p->card->sync_dirty = true;
	mutex_unlock(&p->card->lock);
	/* a tick that saw the port running may still be in DAHDI for it */
	cticard_tick_sync(p->card);
	span->alarms = DAHDI_ALARM_NONE;
	dahdi_alarm_notify(span);
	return 0;
}

/* Called with span->lock held: only queue the request for the tick. */
static int cticard_maint(struct dahdi_span *span, int cmd)
{
	struct cticard_port *p = port_of(span);
	unsigned long flags;
	int defect = -1;

	switch (cmd) {
	case DAHDI_MAINT_NONE:
	case DAHDI_MAINT_LOCALLOOP:
	case DAHDI_MAINT_NETWORKLINELOOP:
	case DAHDI_MAINT_NETWORKPAYLOADLOOP:
	case DAHDI_MAINT_PRBS:
	case DAHDI_RESET_COUNTERS:
		break;
	case DAHDI_MAINT_LOOPUP:
	case DAHDI_MAINT_LOOPDOWN:
		if (cticard_is_e1(p))	/* loop codes are a T1 facility */
			return -ENOSYS;
		break;
	case DAHDI_MAINT_FAS_DEFECT:
		defect = CF_DEFECT_FAS;
		break;
	case DAHDI_MAINT_MULTI_DEFECT:
		defect = CF_DEFECT_MFA;
		break;
	case DAHDI_MAINT_CRC_DEFECT:
		defect = CF_DEFECT_CRC;
		break;
	case DAHDI_MAINT_CAS_DEFECT:
		defect = CF_DEFECT_CAS;
		break;
	case DAHDI_MAINT_BIPOLAR_DEFECT:
		defect = CF_DEFECT_BPV;
		break;
	case DAHDI_MAINT_PRBS_DEFECT:
		defect = CF_DEFECT_PRBS;
		break;
	default:	/* ALARM_SIM: alarms here come from the line only */
		return -ENOSYS;
	}
	spin_lock_irqsave(&p->req.lock, flags);
	if (cmd == DAHDI_RESET_COUNTERS)
		p->req.reset_counters = true;
	else if (defect >= 0)
		p->req.defects |= 1u << defect;
	else
		p->req.maint = cmd;
	spin_unlock_irqrestore(&p->req.lock, flags);
	return 0;
}

/* Called with the channel lock held, also from inside the tick. */
static int cticard_rbsbits(struct dahdi_chan *chan, int bits)
{
	struct cticard_port *p = chan->pvt;
	unsigned long flags;

	spin_lock_irqsave(&p->req.lock, flags);
	p->req.txcas[chan->chanpos] = bits & 0xf;
	p->req.txcas_dirty |= 1ul << chan->chanpos;
	spin_unlock_irqrestore(&p->req.lock, flags);
	return 0;
}

const struct dahdi_span_ops cticard_span_ops = {
	.owner = THIS_MODULE,
	.spanconfig = cticard_spanconfig,
	.chanconfig = cticard_chanconfig,
	.startup = cticard_startup,
	.shutdown = cticard_shutdown,
	.maint = cticard_maint,
	.rbsbits = cticard_rbsbits,
	.set_spantype = cticard_set_spantype,
};
