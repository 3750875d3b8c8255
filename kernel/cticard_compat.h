/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cticard: everything that differs between the kernels the module builds
 * for, in one place. Tested: Debian 12's 6.1 (generic and PREEMPT_RT).
 * Each entry names the kernel change it follows, from the kernel's own
 * history, so a DKMS build on a newer kernel keeps working.
 */
#ifndef CTICARD_COMPAT_H
#define CTICARD_COMPAT_H

#include <linux/irqflags.h>
#include <linux/lockdep.h>
#include <linux/platform_device.h>
#include <linux/version.h>

/*
 * 6.11 ("platform: Make platform_driver::remove() return void"): .remove
 * returns void; before it returned int (the value was ignored since 6.3,
 * which added .remove_new for the void form, dropped again in 6.13).
 * CTICARD_PLATFORM_REMOVE(fn) makes the callback of this kernel from a
 * void fn(struct platform_device *).
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
#define CTICARD_PLATFORM_REMOVE(fn) fn
#else
#define CTICARD_PLATFORM_REMOVE(fn) fn##_int
#define CTICARD_DEFINE_REMOVE_INT(fn)                                        \
	static int fn##_int(struct platform_device *pdev)                    \
	{                                                                    \
		fn(pdev);                                                    \
		return 0;                                                    \
	}
#endif
#ifndef CTICARD_DEFINE_REMOVE_INT
#define CTICARD_DEFINE_REMOVE_INT(fn)
#endif

/* 5.14 added lockdep_assert_not_held() */
#ifndef lockdep_assert_not_held
#define lockdep_assert_not_held(l) do { (void)(l); } while (0)
#endif

/*
 * DAHDI's _dahdi_receive() and _dahdi_transmit() take chan->lock with a
 * plain spin_lock(): they are meant for a card's interrupt handler. On a
 * kernel without PREEMPT_RT a thread calls them with interrupts off (as
 * DAHDI's own dahdi_receive() wrapper does). On PREEMPT_RT spinlocks are
 * sleeping locks and interrupt handlers are threads: they must be called
 * with interrupts on, as a threaded handler would, or the first contended
 * chan->lock is a "scheduling while atomic" BUG.
 */
#ifdef CONFIG_PREEMPT_RT
#define cticard_dahdi_irq_save(flags) ((flags) = 0)
#define cticard_dahdi_irq_restore(flags) ((void)(flags))
#else
#define cticard_dahdi_irq_save(flags) local_irq_save(flags)
#define cticard_dahdi_irq_restore(flags) local_irq_restore(flags)
#endif

#endif
