/* Reading a whole small file, bounded: the one place that does it for the
 * readers and option files that parse text in memory. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ndes-audit/err.h"
#include "ndes-audit/util.h"

int open_regular(const char *path, int open_flags, struct nerr *e)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | open_flags);

	if (fd < 0) {
		nerr_set(e, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		nerr_set(e, "%s: not a regular file", path);
		close(fd);
		return -1;
	}
	return fd;
}

int open_input(const char *path, int follow, uint64_t *dev, uint64_t *ino, struct nerr *e)
{
	struct stat st;
	int fd = open_regular(path, follow ? 0 : O_NOFOLLOW, e), fl;

	if (fd < 0)
		return -1;
	/* O_NONBLOCK only kept a FIFO from blocking the open: reads of the
	 * regular file it turned out to be should block as usual. */
	fl = fcntl(fd, F_GETFL);
	if (fl == -1 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == -1 || fstat(fd, &st) != 0) {
		nerr_set(e, "%s: cannot open: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	*dev = (uint64_t)st.st_dev;
	*ino = (uint64_t)st.st_ino;
	return fd;
}

int input_fd(int fd, const char *path, struct nerr *e)
{
	int own;

	if (fd < 0)
		return open_regular(path, O_NOFOLLOW, e);
	own = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	if (own < 0 || lseek(own, 0, SEEK_SET) != 0) {
		nerr_set(e, "%s: cannot read: %s", path, strerror(errno));
		if (own >= 0)
			close(own);
		return -1;
	}
	return own;
}

int file_read_bounded(const char *path, int open_flags, uint64_t max, unsigned char **buf,
		      size_t *len, struct nerr *e)
{
	int fd = open_regular(path, open_flags, e), rc;

	*buf = NULL;
	*len = 0;
	if (fd < 0)
		return -1;
	rc = file_read_bounded_fd(fd, path, max, buf, len, e);
	close(fd);
	return rc;
}

int file_read_bounded_fd(int in, const char *path, uint64_t max, unsigned char **buf, size_t *len,
			 struct nerr *e)
{
	struct stat st;
	size_t got = 0;
	int fd, rc = -1;

	*buf = NULL;
	*len = 0;
	fd = input_fd(in, path, e);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0) {
		nerr_set(e, "%s: cannot stat: %s", path, strerror(errno));
		goto out;
	}
	if ((uint64_t)st.st_size > max) {
		*len = (size_t)st.st_size;
		rc = 0;
		goto out;
	}
	*buf = xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, *buf + got, (size_t)st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			nerr_set(e, "%s: read error at byte offset %zu: %s", path, got, strerror(errno));
			free(*buf);
			*buf = NULL;
			goto out;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	(*buf)[got] = '\0';
	*len = got;
	rc = 1;
out:
	close(fd);
	return rc;
}

/* Open a regular file or a pipe without blocking (open(2) on a FIFO waits
 * for a writer otherwise), then make reads blocking again: a pipe's writer
 * may be slower than us, and a FIFO with no writer reads as end of file at
 * once. */
static int open_line_source(const char *path, int *is_pipe, struct nerr *e)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK), fl;

	if (fd < 0) {
		nerr_set(e, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0 || (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode))) {
		nerr_set(e, "%s: not a regular file or a pipe", path);
		close(fd);
		return -1;
	}
	*is_pipe = S_ISFIFO(st.st_mode);
	fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0) {
		nerr_set(e, "%s: cannot read: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

int file_read_first_line(const char *path, char *buf, size_t size, size_t *len, struct nerr *e)
{
	size_t got = 0;
	int fd, is_pipe = 0, rc = -1;

	*len = 0;
	if (size < 2) {
		nerr_set(e, "%s: no room to read into", path);
		return -1;
	}
	buf[0] = '\0';
	fd = open_line_source(path, &is_pipe, e);
	if (fd < 0)
		return -1;
	for (;;) {
		ssize_t n = read(fd, buf + got, size - 1 - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			nerr_set(e, "%s: read error at byte offset %zu: %s", path, got, strerror(errno));
			goto out;
		}
		if (n == 0 || memchr(buf + got, '\n', (size_t)n) != NULL ||
		    memchr(buf + got, '\r', (size_t)n) != NULL) {
			got += (size_t)n;
			break;
		}
		got += (size_t)n;
		if (got == size - 1) {
			nerr_set(e, "%s: no line end in the first %zu bytes", path, got);
			goto out;
		}
	}
	buf[got] = '\0';
	if (got == 0 && is_pipe) {
		rc = 0;
		goto out;
	}
	/* Bytes after the first line end (or a NUL) are not part of it. */
	*len = strcspn(buf, "\r\n");
	rc = 1;
out:
	if (rc != 1)
		explicit_bzero(buf, size);
	close(fd);
	return rc;
}

int anon_tmpfile(struct nerr *e)
{
	const char *dir = getenv("TMPDIR");
	char *tmpl;
	int fd;

	if (dir == NULL || dir[0] == '\0')
		dir = "/tmp";
#ifdef O_TMPFILE
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0)
		return fd;
#endif
	/* A file system without O_TMPFILE: a named file, unlinked at once. */
	tmpl = xasprintf("%s/ndes-audit-spool.XXXXXX", dir);
	fd = mkostemp(tmpl, O_CLOEXEC);
	if (fd >= 0)
		unlink(tmpl);
	else
		nerr_set(e, "cannot make a temporary file in %s: %s", dir, strerror(errno));
	free(tmpl);
	return fd;
}
