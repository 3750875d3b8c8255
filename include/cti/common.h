/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libcti: definitions shared by every public header: symbol export,
 * version, and the error codes every function returns.
 */
#ifndef CTI_COMMON_H
#define CTI_COMMON_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
#define CTI_BEGIN_DECLS extern "C" {
#define CTI_END_DECLS }
#else
#define CTI_BEGIN_DECLS
#define CTI_END_DECLS
#endif

/* libcti is built with -fvisibility=hidden: only CTI_EXTERN symbols export. */
#if defined(__GNUC__)
#define CTI_EXTERN __attribute__((visibility("default")))
#else
#define CTI_EXTERN
#endif

CTI_BEGIN_DECLS

#define CTI_VERSION_MAJOR 0
#define CTI_VERSION_MINOR 2
#define CTI_VERSION_PATCH 0
#define CTI_VERSION_HEX                                                        \
	((CTI_VERSION_MAJOR << 16) | (CTI_VERSION_MINOR << 8) | CTI_VERSION_PATCH)

/*
 * Error codes.  Every function that can fail returns 0 (or a non-negative
 * count) on success and one of these negative codes on failure.  Where an
 * errno value exists the code equals its negation, so -ENOMEM == CTI_ENOMEM.
 */
enum cti_error {
	CTI_OK = 0,
	CTI_EPERM = -EPERM,
	CTI_ENOENT = -ENOENT,
	CTI_EIO = -EIO,
	CTI_E2BIG = -E2BIG,
	CTI_EBADF = -EBADF,
	CTI_EAGAIN = -EAGAIN,
	CTI_ENOMEM = -ENOMEM,
	CTI_EACCES = -EACCES,
	CTI_EBUSY = -EBUSY,
	CTI_EEXIST = -EEXIST,
	CTI_ENODEV = -ENODEV,
	CTI_EINVAL = -EINVAL,
	CTI_ENOSPC = -ENOSPC,
	CTI_ERANGE = -ERANGE,
	CTI_ENOSYS = -ENOSYS,
	CTI_ENOTSUP = -ENOTSUP,
	CTI_ETIMEDOUT = -ETIMEDOUT,
	CTI_ECANCELED = -ECANCELED,
	CTI_EPROTO = -EPROTO,
	CTI_EBADMSG = -EBADMSG,
	CTI_ENOTCONN = -ENOTCONN,
	CTI_ENETDOWN = -ENETDOWN,
	CTI_EALREADY = -EALREADY,
	/* libcti's own codes, below every errno value */
	CTI_EALARM = -10001,    /* span is in alarm */
	CTI_ESTATE = -10002,    /* object is in the wrong state for the request */
	CTI_EFORMAT = -10003,   /* malformed input: file, flow, number, message */
	CTI_ENOCHAN = -10004,   /* no B-channel / resource available */
	CTI_EREJECTED = -10005, /* the far end refused (see the Q.850 cause) */
};

/* Human-readable text for a CTI_E* code (negative) or 0; never NULL. */
CTI_EXTERN const char *cti_strerror(int err);

/* Symbolic name such as "CTI_EINVAL" for a code; "CTI_E?" if unknown. */
CTI_EXTERN const char *cti_err_name(int err);

/* The library's run-time version as CTI_VERSION_HEX; compare with the
 * compile-time CTI_VERSION_HEX to detect a mismatched shared library. */
CTI_EXTERN unsigned int cti_version(void);

/* The run-time version as "MAJOR.MINOR.PATCH". */
CTI_EXTERN const char *cti_version_string(void);

CTI_END_DECLS

#endif /* CTI_COMMON_H */
