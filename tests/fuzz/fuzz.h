/* The libFuzzer entry point every harness in tests/fuzz defines. Each
 * harness hands the bytes to one reader's in-memory entry point and frees
 * everything it got back, so a leak, an overread or undefined behaviour in
 * the reader shows up under the sanitizers. Linked either with libFuzzer
 * (configure --enable-fuzzing) or with replay.c, which runs it over files
 * for make check. */
#ifndef NDES_AUDIT_FUZZ_H
#define NDES_AUDIT_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
