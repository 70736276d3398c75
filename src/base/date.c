/* SPDX-License-Identifier: Apache-2.0 */
/* date.c - Gregorian dates and UTC timestamps. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/date.h"
#include "base/banned.h"

bool
date_is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int
date_month_days(int year, int month)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };

	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && date_is_leap(year))
		return 29;
	return days[month - 1];
}

static int
digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int
date_parse(const char *s, struct date *out)
{
	struct date d;

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	d.year = digits(s, 4);
	d.month = digits(s + 5, 2);
	d.day = digits(s + 8, 2);
	if (d.year < 1 || d.month < 1 || d.day < 1 ||
	    d.day > date_month_days(d.year, d.month))
		return -1;
	*out = d;
	return 0;
}

/* v's last width digits at p, zero-padded; returns where they end. */
static char *
put_digits(char *p, unsigned v, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + width;
}

void
date_format(const struct date *d, char out[DATE_TEXT_SIZE])
{
	/* By hand, as timestamp_format(); the last digits of each field,
	 * so that it fits whatever d holds. */
	char *p = put_digits(out, (unsigned)d->year, 4);

	*p++ = '-';
	p = put_digits(p, (unsigned)d->month, 2);
	*p++ = '-';
	p = put_digits(p, (unsigned)d->day, 2);
	*p = '\0';
}

int
date_cmp(const struct date *a, const struct date *b)
{
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	if (a->month != b->month)
		return a->month < b->month ? -1 : 1;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return 0;
}

int
date_years_between(const struct date *born, const struct date *on)
{
	int years = on->year - born->year;

	/* Someone born on 29 February comes of age on 1 March in common
	 * years, as most civil codes count it. */
	if (on->month < born->month ||
	    (on->month == born->month && on->day < born->day))
		years--;
	return years;
}

void
date_today(struct date *out)
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	out->year = tm.tm_year + 1900;
	out->month = tm.tm_mon + 1;
	out->day = tm.tm_mday;
}

/* Formatted by hand: every person written stamps one, and snprintf()
 * took as long as the rest of the clock's work (bench_import).  Each
 * field gives its last digits, as the moduli of a format would. */
static void
timestamp_format(const struct tm *tm, unsigned ms,
    char out[TIMESTAMP_TEXT_SIZE])
{
	char *p = out;

	p = put_digits(p, (unsigned)(tm->tm_year + 1900), 4);
	*p++ = '-';
	p = put_digits(p, (unsigned)(tm->tm_mon + 1), 2);
	*p++ = '-';
	p = put_digits(p, (unsigned)tm->tm_mday, 2);
	*p++ = 'T';
	p = put_digits(p, (unsigned)tm->tm_hour, 2);
	*p++ = ':';
	p = put_digits(p, (unsigned)tm->tm_min, 2);
	*p++ = ':';
	p = put_digits(p, (unsigned)tm->tm_sec, 2);
	*p++ = '.';
	p = put_digits(p, ms, 3);
	*p++ = 'Z';
	*p = '\0';
}

void
date_now_timestamp(char out[TIMESTAMP_TEXT_SIZE])
{
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	timestamp_format(&tm, (unsigned)(ts.tv_nsec / 1000000), out);
}

int64_t
date_now_seconds(void)
{
	return (int64_t)time(NULL);
}

/* Days from 1970-01-01 to d (negative before), in the proleptic
 * Gregorian calendar: eras of 400 years of 146097 days. */
static int64_t
days_from_civil(int y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int
date_seconds_parse(const char *s, int64_t *secs)
{
	struct date d;
	char day[DATE_TEXT_SIZE];
	int h = 0, min = 0, sec = 0;
	int64_t at;
	size_t len = s ? strlen(s) : 0;

	if (len < 10)
		return -1;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (date_parse(day, &d) == -1)
		return -1;
	if (len > 10) {
		const char *t = s + 10;

		if (len < 20 || t[0] != 'T' || t[3] != ':' || t[6] != ':')
			return -1;
		h = digits(t + 1, 2);
		min = digits(t + 4, 2);
		sec = digits(t + 7, 2);
		t += 9;
		if (*t == '.' && digits(t + 1, 3) >= 0)
			t += 4;
		if (h < 0 || h > 23 || min < 0 || min > 59 || sec < 0 ||
		    sec > 60 || strcmp(t, "Z") != 0)
			return -1;
	}
	at = days_from_civil(d.year, d.month, d.day) * 86400 + h * 3600 +
	    min * 60 + sec;
	/* A leap second on the last day of 9999 is a time of the year
	 * 10000, which date_seconds_format() cannot write. */
	if (at > days_from_civil(9999, 12, 31) * 86400 + 86399)
		return -1;
	*secs = at;
	return 0;
}

void
date_seconds_format(int64_t secs, char out[TIMESTAMP_TEXT_SIZE])
{
	time_t t = (time_t)secs;
	struct tm tm;

	gmtime_r(&t, &tm);
	timestamp_format(&tm, 0, out);
}

int
date_days_inclusive(const struct date *a, const struct date *b)
{
	int64_t n = days_from_civil(b->year, b->month, b->day) -
	    days_from_civil(a->year, a->month, a->day) + 1;

	return n > 0 ? (int)n : 0;
}
