/* The part of the client helpers' protocol (tools/clients/README.md) the C helpers share: reading
 * the request, writing the one-line JSON result, the names of record types, rcodes and h_errno
 * codes, and a reader of a DNS reply's header and A/AAAA answers. It is included by the musl
 * helper (built with musl-gcc) and the c-ares helper (built against glibc), so it uses nothing
 * either libc lacks; each helper maps the request's family and flags to its own client's values.
 *
 * A helper includes this file once, from its single translation unit. */
#ifndef RESOLVLAB_CLIENT_H
#define RESOLVLAB_CLIENT_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

enum resolvlab_call {
    CALL_GETADDRINFO, CALL_GETHOSTBYNAME, CALL_GETHOSTBYNAME2, CALL_RES_QUERY, CALL_RES_SEARCH,
    CALL_RES_QUERYDOMAIN, CALL_GETHOSTBYADDR, CALL_GETNAMEINFO,
};

static const char *const resolvlab_call_names[] = {
    "getaddrinfo", "gethostbyname", "gethostbyname2", "res_query", "res_search",
    "res_querydomain", "gethostbyaddr", "getnameinfo",
};

/* The request's getaddrinfo flags, by their AI_* names in lower case; each helper maps them. */
enum {
    FLAG_ADDRCONFIG = 1 << 0, FLAG_ALL = 1 << 1, FLAG_CANONNAME = 1 << 2,
    FLAG_NUMERICHOST = 1 << 3, FLAG_PASSIVE = 1 << 4, FLAG_V4MAPPED = 1 << 5,
};

static const struct { const char *name; unsigned bit; } resolvlab_flags[] = {
    {"addrconfig", FLAG_ADDRCONFIG}, {"all", FLAG_ALL}, {"canonname", FLAG_CANONNAME},
    {"numerichost", FLAG_NUMERICHOST}, {"passive", FLAG_PASSIVE}, {"v4mapped", FLAG_V4MAPPED},
};

struct resolvlab_request {
    enum resolvlab_call call;
    const char *name;
    int family;          /* AF_UNSPEC (also when not given), AF_INET or AF_INET6 */
    unsigned flags;      /* FLAG_* */
    int type;            /* res_*: the query type (default A) */
    const char *domain;  /* res_querydomain */
    /* gethostbyaddr, getnameinfo: NAME as an address */
    int address_family;
    unsigned char address[16];
};

/* Record types by mnemonic (the ones scenarios use; any other as TYPEnnn). */
static const struct { const char *name; int code; } resolvlab_types[] = {
    {"A", 1}, {"NS", 2}, {"CNAME", 5}, {"SOA", 6}, {"PTR", 12}, {"HINFO", 13}, {"MX", 15},
    {"TXT", 16}, {"AAAA", 28}, {"SRV", 33}, {"NAPTR", 35}, {"DNAME", 39}, {"DS", 43},
    {"DNSKEY", 48}, {"SVCB", 64}, {"HTTPS", 65}, {"ANY", 255}, {"CAA", 257},
};

static const char *resolvlab_program = "resolvlab-client";

/* Bad usage: a message on standard error, exit status 64. */
static inline void resolvlab_usage(const char *format, ...) {
    va_list arguments;
    va_start(arguments, format);
    fprintf(stderr, "%s: ", resolvlab_program);
    vfprintf(stderr, format, arguments);
    va_end(arguments);
    fprintf(stderr, "\nusage: %s CALL NAME [family=unspec|inet|inet6] [flags=F,...] [type=T] [domain=D]\n"
            "  CALL: getaddrinfo gethostbyname gethostbyname2 res_query res_search res_querydomain\n"
            "        gethostbyaddr getnameinfo (see tools/clients/README.md)\n", resolvlab_program);
    exit(64);
}

static inline int resolvlab_type_code(const char *text) {
    for (size_t i = 0; i < sizeof resolvlab_types / sizeof *resolvlab_types; i++)
        if (strcasecmp(text, resolvlab_types[i].name) == 0) return resolvlab_types[i].code;
    if (strncasecmp(text, "TYPE", 4) == 0) {
        char *end;
        long code = strtol(text + 4, &end, 10);
        if (*end == 0 && code >= 0 && code <= 65535 && text[4] >= '0' && text[4] <= '9') return (int)code;
    }
    return -1;
}

static inline const char *resolvlab_type_name(int code) {
    static char generic[16];
    for (size_t i = 0; i < sizeof resolvlab_types / sizeof *resolvlab_types; i++)
        if (resolvlab_types[i].code == code) return resolvlab_types[i].name;
    snprintf(generic, sizeof generic, "TYPE%d", code);
    return generic;
}

/* Reads `CALL NAME [KEY=VALUE ...]`; exits 64 on anything it does not accept. Which keys a call
 * takes: getaddrinfo family, flags; gethostbyname2 family (inet or inet6, required); res_query and
 * res_search type; res_querydomain type, domain (required). */
static inline void resolvlab_parse(int argc, char **argv, struct resolvlab_request *request) {
    if (argc > 0 && argv[0]) {
        const char *slash = strrchr(argv[0], '/');
        resolvlab_program = slash ? slash + 1 : argv[0];
    }
    if (argc < 3) resolvlab_usage("expected CALL NAME");
    memset(request, 0, sizeof *request);
    request->family = AF_UNSPEC;
    request->type = 1;
    int known = 0;
    for (size_t i = 0; i < sizeof resolvlab_call_names / sizeof *resolvlab_call_names; i++)
        if (strcmp(argv[1], resolvlab_call_names[i]) == 0) { request->call = (enum resolvlab_call)i; known = 1; }
    if (!known) resolvlab_usage("unknown call '%s'", argv[1]);
    request->name = argv[2];
    if (request->name[0] == 0) resolvlab_usage("NAME is empty");
    int family_given = 0, flags_given = 0, type_given = 0;
    for (int i = 3; i < argc; i++) {
        const char *equals = strchr(argv[i], '=');
        if (!equals) resolvlab_usage("expected KEY=VALUE, got '%s'", argv[i]);
        size_t key_length = (size_t)(equals - argv[i]);
        const char *value = equals + 1;
#define KEY_IS(k) (key_length == strlen(k) && strncmp(argv[i], k, key_length) == 0)
        if (KEY_IS("family") && !family_given &&
            (request->call == CALL_GETADDRINFO || request->call == CALL_GETHOSTBYNAME2)) {
            family_given = 1;
            if (strcmp(value, "unspec") == 0 && request->call == CALL_GETADDRINFO) request->family = AF_UNSPEC;
            else if (strcmp(value, "inet") == 0) request->family = AF_INET;
            else if (strcmp(value, "inet6") == 0) request->family = AF_INET6;
            else resolvlab_usage("family must be %s, got '%s'",
                                 request->call == CALL_GETADDRINFO ? "unspec, inet or inet6" : "inet or inet6", value);
        } else if (KEY_IS("flags") && !flags_given && request->call == CALL_GETADDRINFO) {
            flags_given = 1;
            const char *start = value;
            while (*start) {
                const char *comma = strchr(start, ',');
                size_t length = comma ? (size_t)(comma - start) : strlen(start);
                int found = 0;
                for (size_t f = 0; f < sizeof resolvlab_flags / sizeof *resolvlab_flags; f++)
                    if (length == strlen(resolvlab_flags[f].name) && strncmp(start, resolvlab_flags[f].name, length) == 0) {
                        request->flags |= resolvlab_flags[f].bit;
                        found = 1;
                    }
                if (!found) resolvlab_usage("unknown flag '%.*s' (addrconfig, all, canonname, numerichost, passive, v4mapped)",
                                            (int)length, start);
                start += length + (comma ? 1 : 0);
            }
        } else if (KEY_IS("type") && !type_given && (request->call == CALL_RES_QUERY ||
                   request->call == CALL_RES_SEARCH || request->call == CALL_RES_QUERYDOMAIN)) {
            type_given = 1;
            request->type = resolvlab_type_code(value);
            if (request->type < 0) resolvlab_usage("unknown type '%s'", value);
        } else if (KEY_IS("domain") && !request->domain && request->call == CALL_RES_QUERYDOMAIN) {
            request->domain = value;
        } else {
            resolvlab_usage("%s does not take '%.*s' (or it is given twice)", argv[1], (int)key_length, argv[i]);
        }
#undef KEY_IS
    }
    if (request->call == CALL_GETHOSTBYNAME2 && !family_given) resolvlab_usage("gethostbyname2 needs family=inet or family=inet6");
    if (request->call == CALL_RES_QUERYDOMAIN && !request->domain) resolvlab_usage("res_querydomain needs domain=D");
    if (request->call == CALL_GETHOSTBYADDR || request->call == CALL_GETNAMEINFO) {
        if (inet_pton(AF_INET, request->name, request->address) == 1) request->address_family = AF_INET;
        else if (inet_pton(AF_INET6, request->name, request->address) == 1) request->address_family = AF_INET6;
        else resolvlab_usage("%s needs an IPv4 or IPv6 address, got '%s'", argv[1], request->name);
    }
}


/* ---- The result ---- */

#define RESOLVLAB_MAX_ITEMS 1024

struct resolvlab_strings {
    char *items[RESOLVLAB_MAX_ITEMS];
    int count;
};

struct resolvlab_result {
    int has_addresses;
    struct resolvlab_strings addresses;
    char *canonname;
    int has_names;
    struct resolvlab_strings names;
    const char *error_name;
    char error_detail[512];
    const char *rcode;     /* res_*: from the reply, or NULL */
    int answer_count;      /* res_*: ANCOUNT, or -1 */
    double duration_ms;
};

static inline void resolvlab_result_init(struct resolvlab_result *result) {
    memset(result, 0, sizeof *result);
    result->answer_count = -1;
}

static inline void resolvlab_push(struct resolvlab_strings *list, const char *text) {
    if (list->count < RESOLVLAB_MAX_ITEMS) list->items[list->count++] = strdup(text);
}

static inline void resolvlab_push_address(struct resolvlab_result *result, int family, const void *address) {
    char text[INET6_ADDRSTRLEN];
    result->has_addresses = 1;
    if (inet_ntop(family, address, text, sizeof text)) resolvlab_push(&result->addresses, text);
}

static inline void resolvlab_error(struct resolvlab_result *result, const char *name, const char *format, ...) {
    result->error_name = name;
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(result->error_detail, sizeof result->error_detail, format, arguments);
    va_end(arguments);
}

static inline void resolvlab_json_string(const char *text) {
    putchar('"');
    for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
        if (*c == '"' || *c == '\\') printf("\\%c", *c);
        else if (*c == '\n') fputs("\\n", stdout);
        else if (*c < 0x20 || *c == 0x7f) printf("\\u%04x", *c);
        else putchar(*c);
    }
    putchar('"');
}

static inline void resolvlab_json_strings(const struct resolvlab_strings *list) {
    putchar('[');
    for (int i = 0; i < list->count; i++) {
        if (i) putchar(',');
        resolvlab_json_string(list->items[i]);
    }
    putchar(']');
}

/* The result as one JSON line; exit status 0. Addresses, canonname and names only without an error. */
static inline void resolvlab_emit(const struct resolvlab_result *result) {
    putchar('{');
    if (result->error_name) {
        fputs("\"error\":{\"name\":", stdout);
        resolvlab_json_string(result->error_name);
        fputs(",\"detail\":", stdout);
        resolvlab_json_string(result->error_detail);
        fputs("},", stdout);
    } else {
        if (result->has_addresses) { fputs("\"addresses\":", stdout); resolvlab_json_strings(&result->addresses); putchar(','); }
        if (result->canonname) { fputs("\"canonname\":", stdout); resolvlab_json_string(result->canonname); putchar(','); }
        if (result->has_names) { fputs("\"names\":", stdout); resolvlab_json_strings(&result->names); putchar(','); }
    }
    if (result->rcode) { fputs("\"rcode\":", stdout); resolvlab_json_string(result->rcode); putchar(','); }
    if (result->answer_count >= 0) printf("\"answerCount\":%d,", result->answer_count);
    printf("\"durationMs\":%.3f}\n", result->duration_ms);
    fflush(stdout);
    exit(0);
}

static inline void resolvlab_unsupported(const char *why) {
    fputs("{\"unsupported\":", stdout);
    resolvlab_json_string(why);
    fputs("}\n", stdout);
    fflush(stdout);
    exit(3);
}

static inline double resolvlab_now_ms(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec * 1000.0 + (double)now.tv_nsec / 1e6;
}

/* gethostbyaddr's names: h_name, then each alias not already listed (musl repeats h_name as the
 * first alias). */
static inline void resolvlab_push_host_names(struct resolvlab_result *result, const char *name, char **aliases) {
    result->has_names = 1;
    if (name) resolvlab_push(&result->names, name);
    for (; aliases && *aliases; aliases++) {
        int seen = 0;
        for (int i = 0; i < result->names.count; i++) seen |= strcmp(result->names.items[i], *aliases) == 0;
        if (!seen) resolvlab_push(&result->names, *aliases);
    }
}

/* ---- Names ---- */

static inline const char *resolvlab_rcode_name(int rcode) {
    static const char *const names[] = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED",
                                        "YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH", "NOTZONE"};
    static char generic[16];
    if (rcode >= 0 && rcode < (int)(sizeof names / sizeof *names)) return names[rcode];
    snprintf(generic, sizeof generic, "RCODE%d", rcode);
    return generic;
}

/* h_errno's names as resolvlab writes them (ScenarioFormat.HostErrorName); the values are the same
 * in glibc and musl (and c-ares's mapping only uses the names). */
static inline const char *resolvlab_host_error_name(int code) {
    static char generic[32];
    switch (code) {
    case 1: return "HOST_NOT_FOUND";
    case 2: return "TRY_AGAIN";
    case 3: return "NO_RECOVERY";
    case 4: return "NO_DATA";
    case -1: return "NETDB_INTERNAL";
    default: snprintf(generic, sizeof generic, "h_errno %d", code); return generic;
    }
}

/* ---- A DNS reply: rcode, ANCOUNT, the A and AAAA answers ---- */

/* The end of the (possibly compressed) name at `offset`, or -1. */
static inline int resolvlab_skip_name(const unsigned char *message, int length, int offset) {
    while (offset < length) {
        unsigned char label = message[offset];
        if (label == 0) return offset + 1;
        if ((label & 0xC0) == 0xC0) return offset + 2 <= length ? offset + 2 : -1;
        if (label & 0xC0) return -1;
        offset += 1 + label;
    }
    return -1;
}

/* Fills rcode, answerCount and (when `with_addresses`) the A/AAAA answers from a reply, if
 * `message` holds one (QR set, at least a header). */
static inline void resolvlab_read_reply(struct resolvlab_result *result, const unsigned char *message, int length,
                                 int with_addresses) {
    if (!message || length < 12 || !(message[2] & 0x80)) return;
    result->rcode = resolvlab_rcode_name(message[3] & 0x0F);
    result->answer_count = message[6] << 8 | message[7];
    if (!with_addresses) return;
    result->has_addresses = 1;
    int questions = message[4] << 8 | message[5];
    int offset = 12;
    for (int i = 0; i < questions && offset >= 0; i++) {
        offset = resolvlab_skip_name(message, length, offset);
        if (offset >= 0) offset = offset + 4 <= length ? offset + 4 : -1;
    }
    for (int i = 0; i < result->answer_count && offset >= 0; i++) {
        offset = resolvlab_skip_name(message, length, offset);
        if (offset < 0 || offset + 10 > length) return;
        int type = message[offset] << 8 | message[offset + 1];
        int rdlength = message[offset + 8] << 8 | message[offset + 9];
        offset += 10;
        if (offset + rdlength > length) return;
        if (type == 1 && rdlength == 4) resolvlab_push_address(result, AF_INET, message + offset);
        if (type == 28 && rdlength == 16) resolvlab_push_address(result, AF_INET6, message + offset);
        offset += rdlength;
    }
}

#endif
