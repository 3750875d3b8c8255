// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Prompt loading (cti_prompts_load) on arbitrary files: the input is the
 * file, in any format libsndfile recognises by its contents (WAV, AIFF,
 * AU, FLAC, Ogg/Vorbis, CAF, W64, VOC, ...). It is given to the library
 * as a memfd (/proc/self/fd/N), so nothing touches the disk. A file that
 * is not audio is refused with CTI_EFORMAT and a reason naming it; one
 * that loads gives a prompt of at least one sample; nothing may allocate
 * more than the file can hold (libFuzzer's malloc limit catches that).
 */
#include <sys/mman.h>
#include <unistd.h>

#include "cti/cti.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cti_prompts_t *ps;
	char path[64], why[512];
	int fd, rc;

	if (cti_prompts_new(&ps, NULL))
		abort();
	memset(why, 0x55, sizeof(why));
	fd = memfd_create("cti-fuzz-audio", MFD_CLOEXEC);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	rc = cti_prompts_load(ps, "p", path, why, sizeof(why));
	if (rc == 0) {
		FZ_CHECK(cti_prompts_samples(ps, "p") > 0);
	} else {
		FZ_CHECK(rc == CTI_EFORMAT || rc == CTI_ENOMEM);
		FZ_CHECK(memchr(why, 0, sizeof(why)));
		if (rc == CTI_EFORMAT)
			FZ_CHECK(strstr(why, path));
		FZ_CHECK(cti_prompts_samples(ps, "p") == 0);
	}
	cti_prompts_free(ps);
	close(fd);
	return 0;
}
