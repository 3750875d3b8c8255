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
#define CTI_VERSION_MINOR 3
#define CTI_VERSION_PATCH 0
#define CTI_VERSION_HEX                                                        \
	((CTI_VERSION_MAJOR << 16) | (CTI_VERSION_MINOR << 8) | CTI_VERSION_PATCH)

/*
 * Error codes.  Every function that can fail returns 0 (or a non-negative
 * count) on success and one of these negative codes on failure.  Where an
 * errno value exists the code equals its negation, so -ENOMEM == CTI_ENOMEM.
 *
 * The one list of them (as libuv's UV_ERRNO_MAP): X(NAME, value, text).
 * The enum, cti_err_name() and cti_strerror() are all made from it; a new
 * code is one line here. Texts of errno codes are glibc's.
 */
#define CTI_ERRNO_MAP(X)                                                       \
	X(EPERM, -EPERM, "Operation not permitted")                            \
	X(ENOENT, -ENOENT, "No such file or directory")                        \
	X(EIO, -EIO, "Input/output error")                                     \
	X(E2BIG, -E2BIG, "Argument list too long")                             \
	X(EBADF, -EBADF, "Bad file descriptor")                                \
	X(EAGAIN, -EAGAIN, "Resource temporarily unavailable")                 \
	X(ENOMEM, -ENOMEM, "Cannot allocate memory")                           \
	X(EACCES, -EACCES, "Permission denied")                                \
	X(EBUSY, -EBUSY, "Device or resource busy")                            \
	X(EEXIST, -EEXIST, "File exists")                                      \
	X(ENODEV, -ENODEV, "No such device")                                   \
	X(EINVAL, -EINVAL, "Invalid argument")                                 \
	X(ENOSPC, -ENOSPC, "No space left on device")                          \
	X(ERANGE, -ERANGE, "Numerical result out of range")                    \
	X(ENOSYS, -ENOSYS, "Function not implemented")                         \
	X(ENOTSUP, -ENOTSUP, "Operation not supported")                        \
	X(ETIMEDOUT, -ETIMEDOUT, "Connection timed out")                       \
	X(ECANCELED, -ECANCELED, "Operation canceled")                         \
	X(EPROTO, -EPROTO, "Protocol error")                                   \
	X(EBADMSG, -EBADMSG, "Bad message")                                    \
	X(ENOTCONN, -ENOTCONN, "Transport endpoint is not connected")          \
	X(ENETDOWN, -ENETDOWN, "Network is down")                              \
	X(EALREADY, -EALREADY, "Operation already in progress")                \
	/* libcti's own codes, below every errno value */                      \
	X(EALARM, -10001, "Span is in alarm")                                  \
	X(ESTATE, -10002, "Object is in the wrong state")                      \
	X(EFORMAT, -10003, "Malformed input")                                  \
	X(ENOCHAN, -10004, "No channel available")                             \
	X(EREJECTED, -10005, "Rejected by the far end")

/*
 * EALARM: span is in alarm; ESTATE: object in the wrong state for the
 * request; EFORMAT: malformed input (file, flow, number, message);
 * ENOCHAN: no B-channel / resource available; EREJECTED: the far end
 * refused (see the Q.850 cause).
 */
enum cti_error {
	CTI_OK = 0,
#define CTI__ERROR_ENUM(name, value, text) CTI_##name = (value),
	CTI_ERRNO_MAP(CTI__ERROR_ENUM)
#undef CTI__ERROR_ENUM
};

/* Human-readable text for a CTI_E* code (negative) or 0; never NULL (the
 * system's text for another errno value, else "Unknown error"). */
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
