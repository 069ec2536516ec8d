/* ndes-audit-evtx: read one Windows event log (.evtx) with libevtx and
 * write its events to standard output as lines, for ndes-audit to read.
 *
 * libevtx and the registry library that hive.c uses export hundreds of
 * identical helper symbols (libcdata, libfdata, libuna, ...) from different
 * versions; in one process the registry library's calls would bind to
 * libevtx's copies. So libevtx lives only in this small
 * program, and ndes-audit runs it on each .evtx file.
 *
 * Output, one record per line, fields separated by TAB; in each field a
 * backslash, TAB, LF and CR are written as \\ \t \n \r:
 *   H <records> <file size>                       once, first
 *   W <sentence>                                  the file is damaged but read (truncation)
 *   E <record id> <event id> <level> <FILETIME> <provider> <channel> <computer>
 *     <n> <string 1> ... <string n>
 *   R (as E)                                      a record libevtx recovered from free space
 *   S <number> <sentence> <library backtrace>     a record that could not be parsed: skipped
 *   T <records>                                   records libevtx sees in a cut-off last chunk
 *   X <sentence> <library backtrace>              fatal: nothing after it counts
 *   D                                             the end: every readable record was read
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

#include <libbfio.h>
#include <libevtx.h>

#define EVTX_HEADER 4096u
#define EVTX_CHUNK 65536u
/* At most this many event data strings, each cut to this many bytes. */
#define MAX_STRINGS 16
#define MAX_FIELD 1024
#define MAX_XML (1024u * 1024u)
/* Backtrace bytes kept per error (ndes-audit keeps 2 KiB). */
#define MAX_TRACE 2048
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

/* libevtx's backtrace (one frame a line) into buf; frees err. */
static void trace(libevtx_error_t *err, char *buf, size_t size)
{
	buf[0] = '\0';
	if (err == NULL)
		return;
	if (libevtx_error_backtrace_sprint(err, buf, size) < 0)
		buf[0] = '\0';
	libevtx_error_free(&err);
}

/* X: one sentence naming the file for the user; the backtrace apart, for
 * --verbose only. */
static void fatal(const char *path, const char *what, libevtx_error_t *err)
{
	char buf[MAX_TRACE], line[1024];

	trace(err, buf, sizeof(buf));
	unproc(buf, sizeof(buf), path);
	snprintf(line, sizeof(line), "%s: %s", path, what);
	fputs("X", stdout);
	put_field(line, strlen(line));
	put_field(buf, strlen(buf));
	putchar('\n');
}

/* W: the file is damaged, what is there is read. */
static void warn(const char *what)
{
	fputs("W", stdout);
	put_field(what, strlen(what));
	putchar('\n');
}

/* What the file header says and how much of it the file holds. */
struct shape {
	uint64_t size;      /* bytes in the file */
	unsigned declared;  /* chunks the header declares */
	uint64_t whole;     /* complete chunks in the file */
	uint64_t tail;      /* bytes of a cut-off chunk after them (0: none) */
};

/* The file header, checked before libevtx sees the file. A copy cut short
 * is read up to the cut (a W line says where); only a file without a whole
 * header is refused. */
static int check_header(int fd, const char *path, struct shape *sh)
{
	unsigned char h[EVTX_HEADER], chunk[8];
	struct stat st;
	char msg[512];
	ssize_t got;
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
	sh->size = (uint64_t)st.st_size;
	got = pread(fd, h, sizeof(h), 0);
	/* The first chunk's signature: without it nothing here is a record
	 * (noise after an ElfFile header reads as an empty log otherwise). */
	if (got == (ssize_t)sizeof(h) && pread(fd, chunk, sizeof(chunk), EVTX_HEADER) == 8 &&
	    memcmp(chunk, "ElfChnk", 8) != 0) {
		fatal(path, "offset 4096: the first chunk has no ElfChnk signature (not an event log, "
			    "or damaged beyond reading)", NULL);
		return -1;
	}
	if (got < 128 || memcmp(h, "ElfFile", 8) != 0) {
		fatal(path, "offset 0: not an event log file (no ElfFile header)", NULL);
		return -1;
	}
	if (sh->size < EVTX_HEADER) {
		snprintf(msg, sizeof(msg), "truncated inside the file header (%llu of %u bytes)",
			 (unsigned long long)sh->size, EVTX_HEADER);
		fatal(path, msg, NULL);
		return -1;
	}
	sh->declared = (unsigned)h[42] | ((unsigned)h[43] << 8);
	sh->whole = (sh->size - EVTX_HEADER) / EVTX_CHUNK;
	sh->tail = (sh->size - EVTX_HEADER) % EVTX_CHUNK;
	want = EVTX_HEADER + (uint64_t)sh->declared * EVTX_CHUNK;
	if (sh->size < want) {
		snprintf(msg, sizeof(msg),
			 "truncated: the header declares %u chunk(s) (%llu bytes), the file has %llu "
			 "bytes; read up to the cut", sh->declared, (unsigned long long)want,
			 (unsigned long long)sh->size);
		warn(msg);
	} else if (sh->tail != 0) {
		snprintf(msg, sizeof(msg),
			 "truncated: the file ends inside a chunk (offset %llu; chunks are %u bytes "
			 "after a %u-byte header); read up to the cut", (unsigned long long)sh->size,
			 EVTX_CHUNK, EVTX_HEADER);
		warn(msg);
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

/* The text of the first <name>...</name> in the record's System part,
 * unescaped, into out (left "" when absent or longer than size). */
static void element_text(const char *xml, const char *name, char *out, size_t size)
{
	char open_tag[32], close_tag[32];
	const char *p, *q;

	snprintf(open_tag, sizeof(open_tag), "<%s>", name);
	snprintf(close_tag, sizeof(close_tag), "</%s>", name);
	p = strstr(xml, open_tag);
	if (p == NULL)
		return;
	p += strlen(open_tag);
	q = strstr(p, close_tag);
	if (q != NULL && (size_t)(q - p) < size) {
		memcpy(out, p, (size_t)(q - p));
		out[q - p] = '\0';
		unescape(out);
	}
}

/* The value of attribute name="..." in the element starting at tag, into
 * a heap "key=value" string, or NULL. */
static char *attr_pair(const char *tag, const char *end, const char *name, const char *key)
{
	char pat[32];
	const char *p, *q;
	char *out;
	size_t kn = strlen(key);

	snprintf(pat, sizeof(pat), " %s=\"", name);
	p = strstr(tag, pat);
	if (p == NULL || p > end)
		return NULL;
	p += strlen(pat);
	q = strchr(p, '"');
	if (q == NULL || q > end || (size_t)(q - p) > MAX_FIELD)
		return NULL;
	out = malloc(kn + 1 + (size_t)(q - p) + 1);
	if (out == NULL)
		return NULL;
	memcpy(out, key, kn);
	out[kn] = '=';
	memcpy(out + kn + 1, p, (size_t)(q - p));
	out[kn + 1 + (q - p)] = '\0';
	unescape(out + kn + 1);
	return out;
}

/* CAPI2 events keep their data as UserData elements and attributes: the
 * certificate the event is about (the first Certificate or
 * SubjectCertificate: fileRef is its SHA-1 + ".cer", and subjectName), the
 * URL it fetched, and the Result code, as "cert=", "subject=", "url=",
 * "result=" strings. Returns how many. */
static int capi2_fields(const char *xml, char **data, int max)
{
	const char *ud = strstr(xml, "<UserData>"), *end, *p, *q;
	int n = 0;

	if (ud == NULL || (end = strstr(ud, "</UserData>")) == NULL)
		return 0;
	p = strstr(ud, "<Certificate ");
	q = strstr(ud, "<SubjectCertificate ");
	if (q != NULL && (p == NULL || q < p))
		p = q;
	if (p != NULL && p < end && n + 2 <= max) {
		const char *gt = strchr(p, '>');

		if ((data[n] = attr_pair(p, gt, "fileRef", "cert")) != NULL)
			n++;
		if ((data[n] = attr_pair(p, gt, "subjectName", "subject")) != NULL)
			n++;
	}
	p = strstr(ud, "<URL");
	if (p != NULL && p < end && n < max && (p = strchr(p, '>')) != NULL &&
	    (q = strstr(p, "</URL>")) != NULL && q < end && (size_t)(q - p) < MAX_FIELD) {
		data[n] = malloc((size_t)(q - p) + 4);
		if (data[n] != NULL) {
			snprintf(data[n], (size_t)(q - p) + 4, "url=%.*s", (int)(q - p - 1), p + 1);
			unescape(data[n] + 4);
			n++;
		}
	} else if ((p = strstr(ud, " url=\"")) != NULL && p < end && n < max) {
		if ((data[n] = attr_pair(p - 1, end, "url", "url")) != NULL)
			n++;
	}
	p = strstr(ud, "<Result ");
	if (p != NULL && p < end && n < max && (data[n] = attr_pair(p, end, "value", "result")) != NULL)
		n++;
	return n;
}

/* From the record's XML: the channel, the computer, and the text of each
 * EventData/Data element in order (the values, whether the event names
 * them or not). Returns how many Data elements (heap strings in data),
 * -1 when the XML could not be had. */
static int xml_fields(libevtx_record_t *rec, char *chan, char *comp, size_t size, char **data,
		      int max)
{
	libevtx_error_t *err = NULL;
	size_t xs = 0;
	char *xml, *p, *q, *end;
	int n = -1;

	chan[0] = comp[0] = '\0';
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
	element_text(xml, "Channel", chan, size);
	element_text(xml, "Computer", comp, size);
	if (strncmp(chan, "Microsoft-Windows-CAPI2", 23) == 0) {
		n = capi2_fields(xml, data, max);
		goto out;
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
	char chan[128], comp[128], *data[MAX_STRINGS];

	libevtx_record_get_identifier(rec, &id, &err);
	libevtx_error_free(&err);
	libevtx_record_get_event_identifier(rec, &eid, &err);
	libevtx_error_free(&err);
	libevtx_record_get_event_level(rec, &level, &err);
	libevtx_error_free(&err);
	libevtx_record_get_written_time(rec, &ft, &err);
	libevtx_error_free(&err);
	printf("\t%llu\t%u\t%u\t%llu", (unsigned long long)id, (unsigned)(eid & 0xFFFF),
	       (unsigned)level, (unsigned long long)ft);
	put_utf8(rec, libevtx_record_get_utf8_source_name_size, libevtx_record_get_utf8_source_name);
	ndata = xml_fields(rec, chan, comp, sizeof(chan), data, MAX_STRINGS);
	put_field(chan, strlen(chan));
	put_field(comp, strlen(comp));
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

/* Record identifiers already written, to tell recovered records that are
 * copies of live ones from those that are not. */
struct idset {
	uint64_t *v;
	size_t n, cap;
};

static int idset_add(struct idset *s, uint64_t id)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 1024;
		uint64_t *v = realloc(s->v, cap * sizeof(*v));

		if (v == NULL)
			return -1;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = id;
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static uint64_t record_id(libevtx_record_t *rec)
{
	libevtx_error_t *err = NULL;
	uint64_t id = 0;

	if (libevtx_record_get_identifier(rec, &id, &err) != 1)
		id = 0;
	libevtx_error_free(&err);
	return id;
}

/* S: record number (1-based, as libevtx counts them) that libevtx could
 * not parse; the reading goes on with the next one. */
static void skipped(int number, int of, libevtx_error_t *err)
{
	char buf[MAX_TRACE], what[128];

	trace(err, buf, sizeof(buf));
	snprintf(what, sizeof(what), "record %d of %d could not be parsed", number, of);
	printf("S\t%d", number);
	put_field(what, strlen(what));
	put_field(buf, strlen(buf));
	putchar('\n');
}

/* Every record of an open file, one by one: a record libevtx cannot parse
 * is skipped (S) and the next one read. first: the number of the first
 * record (records of a cut-off chunk continue the count). */
static int read_records(libevtx_file_t *file, int n, int first, int of, struct idset *ids)
{
	libevtx_error_t *err = NULL;
	int i;

	for (i = 0; i < n; i++) {
		libevtx_record_t *rec = NULL;

		if (libevtx_file_get_record_by_index(file, i, &rec, &err) != 1) {
			skipped(first + i, of, err);
			err = NULL;
			continue;
		}
		if (idset_add(ids, record_id(rec)) != 0) {
			libevtx_record_free(&rec, NULL);
			return -1;
		}
		putchar('E');
		put_record(rec);
		libevtx_record_free(&rec, NULL);
	}
	return 0;
}

/* Records libevtx found in the chunks' free space (older copies, or
 * records a damaged chunk no longer lists): those whose identifier no live
 * record has are written as R. Unparseable remnants are normal there and
 * not counted. */
static void read_recovered(libevtx_file_t *file, struct idset *ids)
{
	libevtx_error_t *err = NULL;
	int n = 0, i;

	if (libevtx_file_get_number_of_recovered_records(file, &n, &err) != 1)
		n = 0;
	libevtx_error_free(&err);
	if (ids->n > 0)
		qsort(ids->v, ids->n, sizeof(*ids->v), cmp_u64);
	for (i = 0; i < n; i++) {
		libevtx_record_t *rec = NULL;
		uint64_t id;

		if (libevtx_file_get_recovered_record_by_index(file, i, &rec, &err) != 1) {
			libevtx_error_free(&err);
			continue;
		}
		id = record_id(rec);
		if (ids->n == 0 || bsearch(&id, ids->v, ids->n, sizeof(*ids->v), cmp_u64) == NULL) {
			putchar('R');
			put_record(rec);
		}
		libevtx_record_free(&rec, NULL);
	}
}

/* The cut-off last chunk of a truncated file: the header and that chunk's
 * bytes, zero-filled to a whole chunk, opened from memory, so the records
 * before the cut are read too. Returns the records libevtx saw there. */
static int read_tail(int fd, const struct shape *sh, int first, struct idset *ids)
{
	libevtx_file_t *file = NULL;
	libevtx_error_t *err = NULL;
	libbfio_handle_t *io = NULL;
	uint8_t *buf = calloc(1, EVTX_HEADER + EVTX_CHUNK);
	off_t at = (off_t)(EVTX_HEADER + sh->whole * EVTX_CHUNK);
	int n = 0;

	if (buf == NULL || sh->tail < 512)
		goto out;
	if (pread(fd, buf, EVTX_HEADER, 0) != EVTX_HEADER ||
	    pread(fd, buf + EVTX_HEADER, sh->tail, at) != (ssize_t)sh->tail)
		goto out;
	if (libbfio_memory_range_initialize(&io, NULL) != 1 ||
	    libbfio_memory_range_set(io, buf, EVTX_HEADER + EVTX_CHUNK, NULL) != 1 ||
	    libevtx_file_initialize(&file, &err) != 1 ||
	    libevtx_file_open_file_io_handle(file, io, libevtx_get_access_flags_read(), &err) != 1 ||
	    libevtx_file_get_number_of_records(file, &n, &err) != 1) {
		n = 0;
		goto out;
	}
	printf("T\t%d\n", n);
	read_records(file, n, first, first - 1 + n, ids);
out:
	libevtx_error_free(&err);
	if (file != NULL) {
		libevtx_file_close(file, NULL);
		libevtx_file_free(&file, NULL);
	}
	if (io != NULL)
		libbfio_handle_free(&io, NULL);
	free(buf);
	return n;
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
	struct idset ids = {NULL, 0, 0};
	struct shape sh;
	const char *path = NULL;
	char name[64];
	int n = 0, rc = 2, fd = input(argc, argv, &path);

	if (fd == -1) {
		fputs("usage: ndes-audit-evtx FILE.evtx\n"
		      "       ndes-audit-evtx --fd N NAME\n"
		      "Writes the events of one Windows event log as lines for ndes-audit.\n", stderr);
		return 1;
	}
	if (fd < 0)
		goto out;
	alarm(TIME_LIMIT_SECONDS);
	if (check_header(fd, path, &sh) != 0)
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
	printf("H\t%d\t%llu\n", n, (unsigned long long)sh.size);
	if (read_records(file, n, 1, n, &ids) != 0) {
		fatal(path, "out of memory", NULL);
		goto out;
	}
	read_recovered(file, &ids);
	if (sh.tail != 0)
		read_tail(fd, &sh, n + 1, &ids);
	puts("D");
	rc = 0;
out:
	if (file != NULL) {
		libevtx_file_close(file, NULL);
		libevtx_file_free(&file, NULL);
	}
	free(ids.v);
	if (fflush(stdout) != 0)
		rc = 2;
	return rc;
}
