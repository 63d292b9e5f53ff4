// libpcap as an oracle for tests: its filter compiler and its BPF interpreter, loaded with dlopen
// (tests only: resolvlab itself writes its capture filter and never loads libpcap).
#ifndef CPCAP_ORACLE_H
#define CPCAP_ORACLE_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint16_t code;
    uint8_t jt;
    uint8_t jf;
    uint32_t k;
} cpcap_instruction;

/// Compiles `expression` for frames of `link_type` (a DLT_ value). Returns the number of
/// instructions and sets `*instructions` (free with `free`), or -1 with a message in `error`.
int cpcap_compile(const char *expression, int link_type, int snap_length,
                  cpcap_instruction **instructions, char *error, size_t error_size);

/// Runs a program on a packet with libpcap's interpreter: what it returns (0: rejected, else the
/// number of bytes to keep), or -1 when libpcap cannot be loaded.
long cpcap_run(const cpcap_instruction *instructions, unsigned count, const uint8_t *packet, unsigned length);

#endif
