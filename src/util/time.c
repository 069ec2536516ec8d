/* Time parsing and formatting, all UTC, no time zone database. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ndes-audit/util.h"

int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned days_in_month(int64_t y, unsigned m)
{
	static const unsigned dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}

static int digits(const char *s, size_t n, unsigned *out)
{
	unsigned v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	*out = v;
	return 0;
}

int time_parse_as_of(const char *text, int64_t now, int64_t *out)
{
	unsigned y, mo, d, h = 0, mi = 0, s = 0;
	size_t len = strlen(text);

	if (strcmp(text, "now") == 0) {
		*out = now;
		return 0;
	}
	if (len != 10 && len != 20)
		return -1;
	if (digits(text, 4, &y) || text[4] != '-' || digits(text + 5, 2, &mo) ||
	    text[7] != '-' || digits(text + 8, 2, &d))
		return -1;
	if (len == 20) {
		if (text[10] != 'T' || digits(text + 11, 2, &h) || text[13] != ':' ||
		    digits(text + 14, 2, &mi) || text[16] != ':' ||
		    digits(text + 17, 2, &s) || text[19] != 'Z')
			return -1;
	}
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) ||
	    h > 23 || mi > 59 || s > 59)
		return -1;
	*out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
	return 0;
}

/* FILETIME of 1980-01-01 and of 9999-12-31, in 100 ns units since 1601. */
#define FT_EPOCH_DIFF 11644473600LL

int filetime_to_unix(uint64_t filetime, int64_t *out)
{
	int64_t secs;

	if (filetime == 0)
		return 0;
	secs = (int64_t)(filetime / 10000000ULL) - FT_EPOCH_DIFF;
	if (secs < 315532800LL || secs > 253402300799LL)
		return 0;
	*out = secs;
	return 1;
}

void time_format_iso(int64_t t, char *buf, size_t size)
{
	int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
	int64_t rem = t - days * 86400;
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;

	y += m <= 2;
	snprintf(buf, size, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ", (long long)y,
		 (long long)m, (long long)d, (long long)(rem / 3600),
		 (long long)(rem / 60 % 60), (long long)(rem % 60));
}
