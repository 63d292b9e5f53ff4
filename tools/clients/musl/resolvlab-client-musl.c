/* ResolvLab's musl client: each lookup call made through musl libc's own stub resolver. Linked
 * statically (musl-gcc -static), so it runs musl's resolver wherever the sandbox runs it.
 *
 *   resolvlab-client-musl CALL NAME [KEY=VALUE ...]
 *
 * The request and the one-line JSON result are tools/clients/README.md's. Every call has a musl
 * equivalent: getaddrinfo, gethostbyname_r, gethostbyname2_r, res_query, res_search (in musl an
 * alias of res_query: no search list), res_querydomain, gethostbyaddr_r, getnameinfo(NI_NAMEREQD). */
#define _GNU_SOURCE
#define RESOLVLAB_EAI_NAME_FUNCTION
#include <errno.h>
#include <netdb.h>
#include <resolv.h>

#include "resolvlab_eai.h"
#include "../common/resolvlab_client.h"

static const int ai_flags[][2] = {
    {FLAG_ADDRCONFIG, AI_ADDRCONFIG}, {FLAG_ALL, AI_ALL}, {FLAG_CANONNAME, AI_CANONNAME},
    {FLAG_NUMERICHOST, AI_NUMERICHOST}, {FLAG_PASSIVE, AI_PASSIVE}, {FLAG_V4MAPPED, AI_V4MAPPED},
};

/* An EAI_* failure: its name, and gai_strerror's words (with errno's for EAI_SYSTEM). */
static void eai_error(struct resolvlab_result *result, int code, int saved_errno) {
    if (code == EAI_SYSTEM)
        resolvlab_error(result, resolvlab_eai_name(code), "%s: %s (%s)", resolvlab_eai_name(code),
                        gai_strerror(code), strerror(saved_errno));
    else
        resolvlab_error(result, resolvlab_eai_name(code), "%s: %s", resolvlab_eai_name(code), gai_strerror(code));
}

static void host_error(struct resolvlab_result *result, int code) {
    const char *name = resolvlab_host_error_name(code);
    resolvlab_error(result, name, "%s: %s", name, hstrerror(code));
}

static void hostent_result(struct resolvlab_result *result, const struct hostent *host, int with_addresses) {
    if (with_addresses) {
        result->has_addresses = 1;
        for (char **address = host->h_addr_list; *address; address++)
            resolvlab_push_address(result, host->h_addrtype, *address);
        if (host->h_name) result->canonname = strdup(host->h_name);
    } else {
        resolvlab_push_host_names(result, host->h_name, host->h_aliases);
    }
}

int main(int argc, char **argv) {
    struct resolvlab_request request;
    resolvlab_parse(argc, argv, &request);
    struct resolvlab_result result;
    resolvlab_result_init(&result);
    static char buffer[65536];
    double started;

    switch (request.call) {
    case CALL_GETADDRINFO: {
        struct addrinfo hints, *list = NULL;
        memset(&hints, 0, sizeof hints);
        hints.ai_family = request.family;
        hints.ai_socktype = SOCK_STREAM; /* one entry per address, as resolvlab's own lookups */
        for (size_t i = 0; i < sizeof ai_flags / sizeof *ai_flags; i++)
            if (request.flags & (unsigned)ai_flags[i][0]) hints.ai_flags |= ai_flags[i][1];
        started = resolvlab_now_ms();
        int code = getaddrinfo(request.name, NULL, &hints, &list);
        int saved_errno = errno;
        result.duration_ms = resolvlab_now_ms() - started;
        if (code != 0) {
            eai_error(&result, code, saved_errno);
            break;
        }
        result.has_addresses = 1;
        for (struct addrinfo *entry = list; entry; entry = entry->ai_next) {
            const void *address = entry->ai_family == AF_INET
                ? (const void *)&((struct sockaddr_in *)entry->ai_addr)->sin_addr
                : (const void *)&((struct sockaddr_in6 *)entry->ai_addr)->sin6_addr;
            resolvlab_push_address(&result, entry->ai_family, address);
        }
        /* musl fills ai_canonname even unasked; reported only for flags=canonname, as for glibc. */
        if (list && list->ai_canonname && (request.flags & FLAG_CANONNAME)) result.canonname = strdup(list->ai_canonname);
        freeaddrinfo(list);
        break;
    }
    case CALL_GETHOSTBYNAME:
    case CALL_GETHOSTBYNAME2: {
        struct hostent host, *found = NULL;
        int error = 0;
        started = resolvlab_now_ms();
        if (request.call == CALL_GETHOSTBYNAME)
            gethostbyname_r(request.name, &host, buffer, sizeof buffer, &found, &error);
        else
            gethostbyname2_r(request.name, request.family, &host, buffer, sizeof buffer, &found, &error);
        result.duration_ms = resolvlab_now_ms() - started;
        if (!found) host_error(&result, error);
        else hostent_result(&result, found, 1);
        break;
    }
    case CALL_GETHOSTBYADDR: {
        struct hostent host, *found = NULL;
        int error = 0;
        started = resolvlab_now_ms();
        gethostbyaddr_r(request.address, request.address_family == AF_INET ? 4 : 16, request.address_family,
                        &host, buffer, sizeof buffer, &found, &error);
        result.duration_ms = resolvlab_now_ms() - started;
        if (!found) host_error(&result, error);
        else hostent_result(&result, found, 0);
        break;
    }
    case CALL_GETNAMEINFO: {
        struct sockaddr_storage storage;
        memset(&storage, 0, sizeof storage);
        socklen_t length;
        if (request.address_family == AF_INET) {
            struct sockaddr_in *in = (struct sockaddr_in *)&storage;
            in->sin_family = AF_INET;
            memcpy(&in->sin_addr, request.address, 4);
            length = sizeof *in;
        } else {
            struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&storage;
            in6->sin6_family = AF_INET6;
            memcpy(&in6->sin6_addr, request.address, 16);
            length = sizeof *in6;
        }
        char host[NI_MAXHOST];
        started = resolvlab_now_ms();
        int code = getnameinfo((struct sockaddr *)&storage, length, host, sizeof host, NULL, 0, NI_NAMEREQD);
        int saved_errno = errno;
        result.duration_ms = resolvlab_now_ms() - started;
        if (code != 0) {
            eai_error(&result, code, saved_errno);
            break;
        }
        result.has_names = 1;
        resolvlab_push(&result.names, host);
        break;
    }
    case CALL_RES_QUERY:
    case CALL_RES_SEARCH:
    case CALL_RES_QUERYDOMAIN: {
        static unsigned char answer[65536];
        h_errno = 0;
        started = resolvlab_now_ms();
        int length = request.call == CALL_RES_QUERY ? res_query(request.name, 1, request.type, answer, sizeof answer)
                   : request.call == CALL_RES_SEARCH ? res_search(request.name, 1, request.type, answer, sizeof answer)
                   : res_querydomain(request.name, request.domain, 1, request.type, answer, sizeof answer);
        int error = h_errno;
        result.duration_ms = resolvlab_now_ms() - started;
        if (length < 0) {
            host_error(&result, error);
            /* musl leaves the reply it got (NXDOMAIN, no answers) in the buffer. */
            resolvlab_read_reply(&result, answer, (int)sizeof answer, 0);
        } else {
            resolvlab_read_reply(&result, answer, length < (int)sizeof answer ? length : (int)sizeof answer, 1);
        }
        break;
    }
    }
    resolvlab_emit(&result);
}
