#pragma once

#include <cstdio>
#include <cstdlib>

// A property the input broke: report it and abort, so libFuzzer (and the replay runner) keep
// the input as a crash. Unlike assert(), it stays on in every build type.
#define FUZZ_CHECK(condition)                                                                     \
    do {                                                                                          \
        if (!(condition)) {                                                                       \
            std::fprintf(stderr, "%s:%d: property broken: %s\n", __FILE__, __LINE__, #condition); \
            std::abort();                                                                         \
        }                                                                                         \
    } while (false)
