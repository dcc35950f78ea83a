#ifndef FEEDCRAWLER_CLIBXML2_SHIM_H
#define FEEDCRAWLER_CLIBXML2_SHIM_H

/* Debian builds libxml2 with ICU, and encoding.h then includes the system's <unicode/ucnv.h>,
 * whose UErrorCode clashes with the copy inside Foundation (_FoundationICU) in any module that
 * imports both. We never touch the ICU members (only whole-function APIs such as
 * xmlCharEncInFunc and opaque handler pointers), so the ICU declarations are left out. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/HTMLparser.h>
#include <libxml/encoding.h>
#include <libxml/entities.h>
#include <libxml/uri.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlmemory.h>

/// Options for every feed parse. RECOVER keeps what is parseable in broken feeds, NONET
/// forbids network access, IGNORE_ENC because we transcode to UTF-8 ourselves first
/// (RFC 7303 precedence: BOM, HTTP charset, declaration). Deliberately absent: NOENT
/// (entity substitution), DTDLOAD and HUGE, so external entities and DTDs are never
/// loaded and libxml2's default size and depth limits stay on.
static inline int fc_feed_parse_options(void) {
    return XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_IGNORE_ENC | XML_PARSE_COMPACT;
}

/// Options for HTML fragments we already hold as UTF-8 (a feed's content:encoded).
/// NOIMPLIED: no html/body wrappers are invented around a fragment.
static inline int fc_html_fragment_options(void) {
    return HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
           HTML_PARSE_NOWARNING | HTML_PARSE_NOIMPLIED | HTML_PARSE_COMPACT;
}

/// Silences libxml2's default generic error printer (it writes to stderr); errors reach
/// us through each context's structured error callback instead.
static inline void fc_silence_generic_errors(void) {
    xmlSetGenericErrorFunc(NULL, NULL);
}

#endif
