/* SPDX-License-Identifier: Apache-2.0 */
/*
 * identifier.h - the form an identifier is matched by.
 *
 * The same phone number, account or plate is typed many ways ("0750 123
 * 4567", "+964 (750) 123-4567", "٠٧٥٠١٢٣٤٥٦٧"); links find each other
 * only when they are stored in one form.  By kind:
 *
 *	phone		E.164: "+" and 8 to 15 digits.  Spaces, dashes, dots,
 *			slashes and parentheses are dropped, Arabic-Indic
 *			digits read as digits; "00" (and a country's own
 *			international prefix) becomes "+"; "+44 (0)20 ..."
 *			loses its "(0)"; a national number ("0750 ...")
 *			loses its trunk prefix and gets the calling code of
 *			the deployment's country (the country setting).
 *	email		case-folded, no spaces, one "@" and a dotted domain
 *	vehicle, bank_account, hawala
 *			case-folded letters and digits only (no spaces or
 *			separators)
 *	social_media	case-folded, without spaces or a leading "@"
 *			(dots and underscores are part of a handle)
 *	document	upper-cased letters and digits only
 *	address, other	NFC, case-folded, whitespace collapsed
 *
 * Every kind reads digits of any script as ASCII digits.  Written with
 * ICU (case folding, NFC, digit values): libphonenumber, which knows every
 * country's numbering plan, is C++ only, and the rules above are what
 * matching needs (README: "Written by hand, and why").
 */
#ifndef TIPSOM_SEARCH_IDENTIFIER_H
#define TIPSOM_SEARCH_IDENTIFIER_H

#include "model/enums.h"

struct arena;
struct err;

/* The longest identifier, typed or normalised, in characters. */
#define IDENTIFIER_MAX	300

/*
 * The normalised form of value (already clean UTF-8: text_clean()) of
 * kind, in a.  country: the deployment's ISO 3166 code, for national
 * phone numbers.  NULL with ERR_INVALID naming field when value cannot
 * be one of kind: what is wrong, then the fix.
 */
const char	*identifier_normalise(struct arena *a,
		    enum identifier_kind kind, const char *value,
		    const char *country, const char *field, struct err *err);

/*
 * The international calling code of country ("964" for "IQ"), or NULL
 * when the table of the region's countries lacks it.
 */
const char	*identifier_calling_code(const char *country);

#endif
