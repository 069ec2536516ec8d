/* ndes-audit-evtx: read one Windows event log (.evtx) with libevtx and
 * write its events to standard output as lines, for ndes-audit to read.
 *
 * libevtx and libregf export hundreds of identical helper symbols (libcdata,
 * libfdata, libuna, ...) from different versions; in one process libregf's
 * calls would bind to libevtx's copies. So libevtx lives only in this small
 * program, and ndes-audit runs it on each .evtx file.
 *
 * Output, one record per line, fields separated by TAB; in each field a
 * backslash, TAB, LF and CR are written as \\ \t \n \r:
 *   H <records> <file size>                       once, first
 *   E <record id> <event id> <level> <FILETIME> <provider> <channel> <n> <string 1> ... <string n>
 *   X <message>                                   fatal: nothing after it counts
 *   D                                             the end: every record was read
 * Exit status: 0 read, 1 usage, 2 the file could not be read (an X line says why).
 *
 * `ndes-audit-evtx --fd N NAME` reads the file open on descriptor N, named
 * NAME in messages: ndes-audit hands over the file it opened and checked,
 * so a path changed since (a symbolic link swapped in) is never followed. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libevtx.h>

#define EVTX_HEADER 4096u
#define EVTX_CHUNK 65536u
/* At most this many event data strings, each cut to this many bytes. */
#define MAX_STRINGS 16
#define MAX_FIELD 1024
#define MAX_XML (1024u * 1024u)
/* A hostile file must not keep the program busy for ever. */
#define TIME_LIMIT_SECONDS 120

static void put_field(const char *s, size_t n)
{
	size_t i;

	putchar('\t');
	if (n > MAX_FIELD)
		n = MAX_FIELD;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == '\\')
			fputs("\\\\", stdout);
		else if (c == '\t')
			fputs("\\t", stdout);
		else if (c == '\n')
			fputs("\\n", stdout);
		else if (c == '\r')
			fputs("\\r", stdout);
		else
			putchar(c);
	}
}

/* libevtx opens the file by its /proc/self/fd name: messages name the
 * file as the user knows it. */
static void unproc(char *buf, size_t size, const char *path)
{
	char *p = strstr(buf, "/proc/self/fd/"), *q;
	char rest[1024];

	if (p == NULL)
		return;
	for (q = p + 14; *q >= '0' && *q <= '9'; q++)
		;
	snprintf(rest, sizeof(rest), "%s", q);
	snprintf(p, size - (size_t)(p - buf), "%s%s", path, rest);
}

static void fatal(const char *path, const char *what, libevtx_error_t *err)
{
	char buf[1024], line[2048];

	buf[0] = '\0';
	if (err != NULL) {
		libevtx_error_backtrace_sprint(err, buf, sizeof(buf));
		libevtx_error_free(&err);
		unproc(buf, sizeof(buf), path);
	}
	snprintf(line, sizeof(line), "%s: %s%s%s", path, what, buf[0] ? ": " : "", buf);
	fputs("X", stdout);
	put_field(line, strlen(line));
	putchar('\n');
}

/* The file header, checked before libevtx sees the file: a copy cut short
 * is named as such, with the byte counts. */
static int check_header(int fd, const char *path, uint64_t *size)
{
	unsigned char h[EVTX_HEADER];
	struct stat st;
	char msg[512];
	ssize_t got;
	unsigned chunks;
	uint64_t want;

	if (fstat(fd, &st) != 0) {
		snprintf(msg, sizeof(msg), "cannot open: %s", strerror(errno));
		fatal(path, msg, NULL);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		fatal(path, "not a regular file", NULL);
		return -1;
	}
	*size = (uint64_t)st.st_size;
	got = pread(fd, h, sizeof(h), 0);
	if (got < 128 || memcmp(h, "ElfFile", 8) != 0) {
		fatal(path, "offset 0: not an event log file (no ElfFile header)", NULL);
		return -1;
	}
	chunks = (unsigned)h[42] | ((unsigned)h[43] << 8);
	want = EVTX_HEADER + (uint64_t)chunks * EVTX_CHUNK;
	if ((uint64_t)st.st_size < EVTX_HEADER + EVTX_CHUNK || (uint64_t)st.st_size < want) {
		snprintf(msg, sizeof(msg),
			 "truncated: the header declares %u chunk(s) (%llu bytes), the file has %llu "
			 "bytes", chunks, (unsigned long long)want, (unsigned long long)st.st_size);
		fatal(path, msg, NULL);
		return -1;
	}
	if ((st.st_size - EVTX_HEADER) % EVTX_CHUNK != 0) {
		snprintf(msg, sizeof(msg),
			 "truncated: the file ends inside a chunk (offset %llu; chunks are %u bytes "
			 "after a %u-byte header)", (unsigned long long)st.st_size, EVTX_CHUNK,
			 EVTX_HEADER);
		fatal(path, msg, NULL);
		return -1;
	}
	return 0;
}

/* Undo the five XML escapes libevtx writes, in place. */
static void unescape(char *t)
{
	static const struct {
		const char *ent;
		char c;
	} ents[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
	char *r = t, *w = t;

	while (*r != '\0') {
		size_t i, hit = 0;

		if (*r == '&') {
			for (i = 0; i < sizeof(ents) / sizeof(ents[0]); i++) {
				size_t n = strlen(ents[i].ent);

				if (strncmp(r, ents[i].ent, n) == 0) {
					*w++ = ents[i].c;
					r += n;
					hit = 1;
					break;
				}
			}
		}
		if (!hit)
			*w++ = *r++;
	}
	*w = '\0';
}

/* From the record's XML: the channel, and the text of each
 * EventData/Data element in order (the values, whether the event names
 * them or not). Returns how many Data elements (heap strings in data),
 * -1 when the XML could not be had. */
static int xml_fields(libevtx_record_t *rec, char *chan, size_t size, char **data, int max)
{
	libevtx_error_t *err = NULL;
	size_t xs = 0;
	char *xml, *p, *q, *end;
	int n = -1;

	chan[0] = '\0';
	if (libevtx_record_get_utf8_xml_string_size(rec, &xs, &err) != 1 || xs == 0 || xs > MAX_XML) {
		libevtx_error_free(&err);
		return -1;
	}
	xml = malloc(xs);
	if (xml == NULL)
		return -1;
	if (libevtx_record_get_utf8_xml_string(rec, (uint8_t *)xml, xs, &err) != 1)
		goto out;
	xml[xs - 1] = '\0';
	p = strstr(xml, "<Channel>");
	if (p != NULL) {
		p += 9;
		q = strstr(p, "</Channel>");
		if (q != NULL && (size_t)(q - p) < size) {
			memcpy(chan, p, (size_t)(q - p));
			chan[q - p] = '\0';
			unescape(chan);
		}
	}
	n = 0;
	p = strstr(xml, "<EventData>");
	end = p != NULL ? strstr(p, "</EventData>") : NULL;
	while (end != NULL && n < max && (p = strstr(p, "<Data")) != NULL && p < end) {
		char *gt = strchr(p, '>');

		if (gt == NULL || gt > end)
			break;
		if (gt[-1] == '/') {
			data[n++] = strdup("");
			p = gt + 1;
			continue;
		}
		q = strstr(gt + 1, "</Data>");
		if (q == NULL || q > end)
			break;
		data[n] = strndup(gt + 1, (size_t)(q - gt - 1));
		if (data[n] != NULL)
			unescape(data[n]);
		n++;
		p = q + 7;
	}
out:
	libevtx_error_free(&err);
	free(xml);
	return n;
}

static void put_utf8(libevtx_record_t *rec,
		     int (*size_fn)(libevtx_record_t *, size_t *, libevtx_error_t **),
		     int (*get_fn)(libevtx_record_t *, uint8_t *, size_t, libevtx_error_t **))
{
	libevtx_error_t *err = NULL;
	size_t n = 0;
	uint8_t *s;

	if (size_fn(rec, &n, &err) != 1 || n == 0 || n > MAX_XML) {
		libevtx_error_free(&err);
		put_field("", 0);
		return;
	}
	s = malloc(n);
	if (s != NULL && get_fn(rec, s, n, &err) == 1)
		put_field((char *)s, strnlen((char *)s, n));
	else
		put_field("", 0);
	libevtx_error_free(&err);
	free(s);
}

static void put_record(libevtx_record_t *rec)
{
	libevtx_error_t *err = NULL;
	uint64_t id = 0, ft = 0;
	uint32_t eid = 0;
	uint8_t level = 0;
	int nstr = 0, ndata, i;
	char chan[128], *data[MAX_STRINGS];

	libevtx_record_get_identifier(rec, &id, &err);
	libevtx_error_free(&err);
	libevtx_record_get_event_identifier(rec, &eid, &err);
	libevtx_error_free(&err);
	libevtx_record_get_event_level(rec, &level, &err);
	libevtx_error_free(&err);
	libevtx_record_get_written_time(rec, &ft, &err);
	libevtx_error_free(&err);
	printf("E\t%llu\t%u\t%u\t%llu", (unsigned long long)id, (unsigned)(eid & 0xFFFF),
	       (unsigned)level, (unsigned long long)ft);
	put_utf8(rec, libevtx_record_get_utf8_source_name_size, libevtx_record_get_utf8_source_name);
	ndata = xml_fields(rec, chan, sizeof(chan), data, MAX_STRINGS);
	put_field(chan, strlen(chan));
	if (ndata > 0) {
		printf("\t%d", ndata);
		for (i = 0; i < ndata; i++) {
			put_field(data[i] != NULL ? data[i] : "", data[i] != NULL ? strlen(data[i]) : 0);
			free(data[i]);
		}
		putchar('\n');
		return;
	}
	/* No EventData/Data element (UserData events): libevtx's strings. */
	if (libevtx_record_get_number_of_strings(rec, &nstr, &err) != 1)
		nstr = 0;
	libevtx_error_free(&err);
	if (nstr > MAX_STRINGS)
		nstr = MAX_STRINGS;
	if (nstr < 0)
		nstr = 0;
	printf("\t%d", nstr);
	for (i = 0; i < nstr; i++) {
		size_t n = 0;
		uint8_t *s = NULL;

		if (libevtx_record_get_utf8_string_size(rec, i, &n, &err) == 1 && n > 0 && n <= MAX_XML &&
		    (s = malloc(n)) != NULL && libevtx_record_get_utf8_string(rec, i, s, n, &err) == 1)
			put_field((char *)s, strnlen((char *)s, n));
		else
			put_field("", 0);
		libevtx_error_free(&err);
		free(s);
	}
	putchar('\n');
}

/* The descriptor to read: --fd N, or FILE opened here (never following a
 * link, never blocking on a FIFO). -1 on a usage error; -2 when FILE
 * cannot be opened (said on stdout). */
static int input(int argc, char **argv, const char **path)
{
	char *end, msg[512];
	long fd;
	int f;

	if (argc == 4 && strcmp(argv[1], "--fd") == 0) {
		fd = strtol(argv[2], &end, 10);
		*path = argv[3];
		return *end == '\0' && end != argv[2] && fd >= 0 && fd < 65536 ? (int)fd : -1;
	}
	if (argc != 2 || argv[1][0] == '-')
		return -1;
	*path = argv[1];
	f = open(*path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK);
	if (f < 0) {
		snprintf(msg, sizeof(msg), "cannot open: %s", strerror(errno));
		fatal(*path, msg, NULL);
		return -2;
	}
	return f;
}

int main(int argc, char **argv)
{
	libevtx_file_t *file = NULL;
	libevtx_error_t *err = NULL;
	const char *path = NULL;
	char name[64];
	uint64_t size = 0;
	int n = 0, i, rc = 2, fd = input(argc, argv, &path);

	if (fd == -1) {
		fputs("usage: ndes-audit-evtx FILE.evtx\n"
		      "       ndes-audit-evtx --fd N NAME\n"
		      "Writes the events of one Windows event log as lines for ndes-audit.\n", stderr);
		return 1;
	}
	if (fd < 0)
		goto out;
	alarm(TIME_LIMIT_SECONDS);
	if (check_header(fd, path, &size) != 0)
		goto out;
	if (libevtx_file_initialize(&file, &err) != 1) {
		fatal(path, "libevtx could not start", err);
		goto out;
	}
	/* libevtx opens by name: the open file's own, not the path. */
	snprintf(name, sizeof(name), "/proc/self/fd/%d", fd);
	if (libevtx_file_open(file, name, libevtx_get_access_flags_read(), &err) != 1) {
		fatal(path, "offset 0: libevtx cannot open the file", err);
		goto out;
	}
	if (libevtx_file_get_number_of_records(file, &n, &err) != 1) {
		fatal(path, "libevtx cannot count the records", err);
		goto out;
	}
	printf("H\t%d\t%llu\n", n, (unsigned long long)size);
	for (i = 0; i < n; i++) {
		libevtx_record_t *rec = NULL;
		char what[128];

		if (libevtx_file_get_record_by_index(file, i, &rec, &err) != 1) {
			snprintf(what, sizeof(what), "record %d of %d cannot be read", i + 1, n);
			fatal(path, what, err);
			goto out;
		}
		put_record(rec);
		libevtx_record_free(&rec, NULL);
	}
	puts("D");
	rc = 0;
out:
	if (file != NULL) {
		libevtx_file_close(file, NULL);
		libevtx_file_free(&file, NULL);
	}
	if (fflush(stdout) != 0)
		rc = 2;
	return rc;
}
