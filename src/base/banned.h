/* SPDX-License-Identifier: Apache-2.0 */
/*
 * banned.h - functions that are easy to misuse, made compile errors.
 *
 * Include it last in every .c file of src/ (tests/lint checks it).  Each
 * entry names what to use instead: unbounded copies become struct buf,
 * atoi becomes text_parse_int, localtime becomes date_now (UTC).
 */
#ifndef TIPSOM_BANNED_H
#define TIPSOM_BANNED_H

#define BANNED(func) sorry_##func##_is_banned_see_base_banned_h

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) BANNED(strncat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef atoi
#define atoi(x) BANNED(atoi)
#undef atol
#define atol(x) BANNED(atol)
#undef gets
#define gets(x) BANNED(gets)
#undef localtime
#define localtime(x) BANNED(localtime)
#undef gmtime
#define gmtime(x) BANNED(gmtime)
#undef ctime
#define ctime(x) BANNED(ctime)
#undef asctime
#define asctime(x) BANNED(asctime)

#endif
