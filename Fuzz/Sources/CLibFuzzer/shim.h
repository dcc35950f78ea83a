#ifndef CLIBFUZZER_SHIM_H
#define CLIBFUZZER_SHIM_H

#include <stddef.h>
#include <stdint.h>

// libFuzzer's driver, for a program that has its own `main` (https://llvm.org/docs/LibFuzzer.html,
// "Using libFuzzer as a library"). Defined in libclang_rt.fuzzer, which `-sanitize=fuzzer` links:
// nothing to link here.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*UserCb)(const uint8_t *Data, size_t Size));

#endif
