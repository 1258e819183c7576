#ifndef CLIBXML2_SHIM_H
#define CLIBXML2_SHIM_H

#include <libxml/xmlversion.h>
/* Debian builds libxml2 with ICU; its <unicode/...> headers clash with Foundation's own ICU
   (UErrorCode defined twice) on clean builds. We never touch the ICU-only fields. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlmemory.h>
#include <libxml/xmlschemas.h>

/* xmlFree is a mutable global function pointer, which Swift 6 rejects as shared mutable state. */
static inline void clibxml2_free(void *_Nullable pointer) { xmlFree(pointer); }

/* The external entity loader: refuses every URL and every public id, so no DTD, entity or
   XInclude can ever read a local file or open a socket, whatever the options say. */
static inline xmlParserInputPtr _Nullable clibxml2_refuse_entity(
    const char *_Nullable url, const char *_Nullable id, xmlParserCtxtPtr _Nullable context) {
    (void)url; (void)id; (void)context;
    return NULL;
}

/* Swallows libxml2's generic (unstructured) messages, e.g. "Unimplemented block at xmlschemas.c":
   everything that matters arrives through the per-context structured handlers; nothing may print. */
static inline void clibxml2_silence(void *_Nullable context, const char *_Nonnull message, ...) {
    (void)context; (void)message;
}

/* libxml2 keeps the generic error handler per thread: a parser thread silences its own. */
static inline void clibxml2_silence_this_thread(void) {
    xmlSetGenericErrorFunc(NULL, clibxml2_silence);
}

/* Installs the refusing loader, silences generic messages and initialises the parser; called once. */
static inline void clibxml2_initialize(void) {
    xmlInitParser();
    xmlSetExternalEntityLoader(clibxml2_refuse_entity);
    xmlSetGenericErrorFunc(NULL, clibxml2_silence);
    xmlThrDefSetGenericErrorFunc(NULL, clibxml2_silence);
}

#endif
