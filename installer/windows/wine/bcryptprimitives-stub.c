/* A stand-in for Windows 10's bcryptprimitives.dll, for the Wine prefix only – never for the bundle.
 *
 * Rust's standard library (1.78 and newer) draws random bytes with ProcessPrng from
 * bcryptprimitives.dll; cryptography's _rust.pyd imports it, and Wine 8 has no such DLL, so
 * "DLL load failed while importing _rust". This one gives real random bytes from the system RNG
 * (BCryptGenRandom, which Wine has). Real Windows 10/11 has the real DLL.
 *
 * Built by installer/windows/wine/build.sh with mingw-w64:
 *   x86_64-w64-mingw32-gcc -shared -O2 -o bcryptprimitives.dll bcryptprimitives-stub.c -lbcrypt
 */
#include <windows.h>
#include <bcrypt.h>
#include <stdlib.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x40000000u ? 0x40000000u : (ULONG)length;
        if (!BCRYPT_SUCCESS(BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG))) {
            /* ProcessPrng never fails on Windows; a caller cannot handle FALSE, so stop loudly. */
            abort();
        }
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
