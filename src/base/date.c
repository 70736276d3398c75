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

void
date_format(const struct date *d, char out[DATE_TEXT_SIZE])
{
	/* The moduli are no-ops on valid dates; they prove the fit. */
	snprintf(out, DATE_TEXT_SIZE, "%04u-%02u-%02u",
	    (unsigned)d->year % 10000u, (unsigned)d->month % 100u,
	    (unsigned)d->day % 100u);
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

void
date_now_timestamp(char out[TIMESTAMP_TEXT_SIZE])
{
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	snprintf(out, TIMESTAMP_TEXT_SIZE,
	    "%04u-%02u-%02uT%02u:%02u:%02u.%03uZ",
	    (unsigned)(tm.tm_year + 1900) % 10000u,
	    (unsigned)(tm.tm_mon + 1) % 100u, (unsigned)tm.tm_mday % 100u,
	    (unsigned)tm.tm_hour % 100u, (unsigned)tm.tm_min % 100u,
	    (unsigned)tm.tm_sec % 100u,
	    (unsigned)(ts.tv_nsec / 1000000) % 1000u);
}
