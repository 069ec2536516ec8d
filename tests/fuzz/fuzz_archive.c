/* Fuzz the archive reader (libarchive through arc_open_fd, arc_next and
 * arc_read) on an anonymous in-memory file holding the input: every member
 * header, and up to FUZZ_MEMBER_BYTES of each member's data, as the bundle
 * intake reads them. */
#define _GNU_SOURCE
#include "config.h"

#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "read/archive.h"

#define FUZZ_MEMBERS 64
#define FUZZ_MEMBER_BYTES (1u << 20)

static void drain(struct arc *a, struct nerr *e)
{
	unsigned char buf[16384];
	size_t total = 0;
	ssize_t r;

	while (total < FUZZ_MEMBER_BYTES && (r = arc_read(a, buf, sizeof(buf), e)) > 0)
		total += (size_t)r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arc *a = NULL;
	struct arc_member m;
	struct nerr e;
	int fd = memfd_create("fuzz-archive", MFD_CLOEXEC), n = 0;

	if (fd < 0)
		return 0;
	if (write(fd, data, size) == (ssize_t)size) {
		nerr_clear(&e);
		if (arc_open_fd(fd, "case.zip", &a, &e) == 1) {
			while (n++ < FUZZ_MEMBERS && arc_next(a, &m, &e) == 1)
				if (m.type == ARC_FILE && !m.encrypted)
					drain(a, &e);
			(void)arc_format(a);
			arc_close(a);
		}
	}
	close(fd);
	return 0;
}
