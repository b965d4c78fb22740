/* A stand-in for Windows 10's system icuuc.dll, for the Wine prefix only – never for the bundle.
 *
 * Qt >= 6.10 imports 20 ucnv_* functions from the system ICU, which Wine 8 does not have, so QtCore
 * fails to load ("DLL load failed while importing QtCore"). Every function here fails: ucnv_open
 * opens nothing and reports an error, the converter list is empty, and Qt falls back to its own
 * converters. Real Windows 10/11 has the real DLL; this file only lets the Windows build be tried.
 *
 * Built by installer/windows/wine/build.sh with mingw-w64:
 *   x86_64-w64-mingw32-gcc -shared -O2 -o icuuc.dll icuuc-stub.c
 */
#include <stddef.h>
#include <stdint.h>

typedef int32_t UErrorCode;
#define U_FILE_ACCESS_ERROR 4
#define EXPORT __declspec(dllexport)

static void fail(UErrorCode *err) {
    if (err != NULL && *err <= 0) {
        *err = U_FILE_ACCESS_ERROR;
    }
}

EXPORT void *ucnv_open(const char *name, UErrorCode *err) { (void)name; fail(err); return NULL; }
EXPORT void ucnv_close(void *cnv) { (void)cnv; }
EXPORT void ucnv_reset(void *cnv) { (void)cnv; }
EXPORT int8_t ucnv_getMaxCharSize(const void *cnv) { (void)cnv; return 1; }
EXPORT const char *ucnv_getName(const void *cnv, UErrorCode *err) { (void)cnv; fail(err); return NULL; }
EXPORT void ucnv_getToUCallBack(const void *cnv, void **action, const void **context) {
    (void)cnv; if (action) *action = NULL; if (context) *context = NULL;
}
EXPORT void ucnv_getFromUCallBack(const void *cnv, void **action, const void **context) {
    (void)cnv; if (action) *action = NULL; if (context) *context = NULL;
}
EXPORT void ucnv_setToUCallBack(void *cnv, void *a, const void *c, void **oa, const void **oc, UErrorCode *err) {
    (void)cnv; (void)a; (void)c; (void)oa; (void)oc; fail(err);
}
EXPORT void ucnv_setFromUCallBack(void *cnv, void *a, const void *c, void **oa, const void **oc, UErrorCode *err) {
    (void)cnv; (void)a; (void)c; (void)oa; (void)oc; fail(err);
}
EXPORT void ucnv_cbToUWriteUChars(void *args, const void *source, int32_t length, int32_t offset, UErrorCode *err) {
    (void)args; (void)source; (void)length; (void)offset; fail(err);
}
EXPORT void ucnv_cbFromUWriteUChars(void *args, const void **source, const void *limit, int32_t offset, UErrorCode *err) {
    (void)args; (void)source; (void)limit; (void)offset; fail(err);
}
EXPORT void ucnv_toUnicode(void *cnv, void **t, const void *tl, const char **s, const char *sl, int32_t *o, int8_t f,
                           UErrorCode *err) {
    (void)cnv; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)f; fail(err);
}
EXPORT void ucnv_fromUnicode(void *cnv, char **t, const char *tl, const void **s, const void *sl, int32_t *o, int8_t f,
                             UErrorCode *err) {
    (void)cnv; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)f; fail(err);
}
EXPORT int32_t ucnv_toUCountPending(const void *cnv, UErrorCode *err) { (void)cnv; fail(err); return 0; }
EXPORT int32_t ucnv_fromUCountPending(const void *cnv, UErrorCode *err) { (void)cnv; fail(err); return 0; }
EXPORT const char *ucnv_getStandardName(const char *name, const char *standard, UErrorCode *err) {
    (void)name; (void)standard; fail(err); return NULL;
}
EXPORT const char *ucnv_getAvailableName(int32_t n) { (void)n; return NULL; }
EXPORT int32_t ucnv_countAvailable(void) { return 0; }
EXPORT void UCNV_FROM_U_CALLBACK_SUBSTITUTE(const void *c, void *a, const void *cu, int32_t l, int32_t cp, int r,
                                            UErrorCode *err) {
    (void)c; (void)a; (void)cu; (void)l; (void)cp; (void)r; fail(err);
}
EXPORT void UCNV_TO_U_CALLBACK_SUBSTITUTE(const void *c, void *a, const char *cb, int32_t l, int r, UErrorCode *err) {
    (void)c; (void)a; (void)cb; (void)l; (void)r; fail(err);
}
