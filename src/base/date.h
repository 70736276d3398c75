/* SPDX-License-Identifier: Apache-2.0 */
/*
 * date.h - calendar dates and timestamps, always in UTC.
 *
 * Dates are proleptic Gregorian, written YYYY-MM-DD; timestamps are
 * written YYYY-MM-DDTHH:MM:SS.mmmZ, which sorts as text.
 */
#ifndef TIPSOM_DATE_H
#define TIPSOM_DATE_H

#include <stdbool.h>
#include <stdint.h>

struct date {
	int	 year;		/* 1 to 9999 */
	int	 month;		/* 1 to 12 */
	int	 day;		/* 1 to the month's length */
};

#define DATE_TEXT_SIZE		11	/* "YYYY-MM-DD" and NUL */
#define TIMESTAMP_TEXT_SIZE	25	/* "YYYY-MM-DDTHH:MM:SS.mmmZ" and NUL */

/* Parses exactly "YYYY-MM-DD" naming a real day.  Returns 0 or -1. */
int		 date_parse(const char *s, struct date *out);

/* True when year is a leap year. */
bool		 date_is_leap(int year);

/* Days in month of year, or 0 for a bad month. */
int		 date_month_days(int year, int month);

/* Writes d as "YYYY-MM-DD" into out. */
void		 date_format(const struct date *d, char out[DATE_TEXT_SIZE]);

/* Negative, zero or positive as a is before, equal to or after b. */
int		 date_cmp(const struct date *a, const struct date *b);

/* Completed years from born to on (an age); negative if on < born. */
int		 date_years_between(const struct date *born,
		    const struct date *on);

/* Today's date in UTC. */
void		 date_today(struct date *out);

/* The days from a to b, counting both: 1 for the same day, 0 when b is
 * before a. */
int		 date_days_inclusive(const struct date *a, const struct date *b);

/* The current time as a timestamp string. */
void		 date_now_timestamp(char out[TIMESTAMP_TEXT_SIZE]);

/* The current time in seconds since 1970-01-01T00:00:00Z. */
int64_t		 date_now_seconds(void);

/*
 * Seconds since 1970 of a timestamp "YYYY-MM-DDTHH:MM:SS[.mmm]Z", or of
 * a date "YYYY-MM-DD" at midnight UTC.  Returns 0 or -1.
 */
int		 date_seconds_parse(const char *s, int64_t *secs);

/* secs as a timestamp "YYYY-MM-DDTHH:MM:SS.000Z". */
void		 date_seconds_format(int64_t secs, char out[TIMESTAMP_TEXT_SIZE]);

#endif
