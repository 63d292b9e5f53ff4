/* ResolvLab's c-ares client: each lookup call made through c-ares (Debian's libc-ares), with a
 * channel from ares_init (which reads /etc/resolv.conf, and /etc/nsswitch.conf or /etc/host.conf
 * for whether /etc/hosts comes first) and a poll loop around ares_process_fd.
 *
 *   resolvlab-client-cares CALL NAME [KEY=VALUE ...]
 *
 * The request and the one-line JSON result are tools/clients/README.md's. getaddrinfo is
 * ares_getaddrinfo; gethostbyname and gethostbyname2 ares_gethostbyname; res_query ares_query;
 * res_search ares_search; gethostbyaddr ares_gethostbyaddr; getnameinfo ares_getnameinfo with
 * ARES_NI_NAMEREQD | ARES_NI_LOOKUPHOST. res_querydomain has no c-ares equivalent (exit 3). */
#define _GNU_SOURCE
#include <ares.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>

#include "../common/resolvlab_client.h"

static const int ai_flags[][2] = {
    {FLAG_ADDRCONFIG, ARES_AI_ADDRCONFIG}, {FLAG_ALL, ARES_AI_ALL}, {FLAG_CANONNAME, ARES_AI_CANONNAME},
    {FLAG_NUMERICHOST, ARES_AI_NUMERICHOST}, {FLAG_PASSIVE, ARES_AI_PASSIVE}, {FLAG_V4MAPPED, ARES_AI_V4MAPPED},
};

static const char *status_name(int status) {
    switch (status) {
#define NAME(s) case s: return #s;
    NAME(ARES_SUCCESS) NAME(ARES_ENODATA) NAME(ARES_EFORMERR) NAME(ARES_ESERVFAIL) NAME(ARES_ENOTFOUND)
    NAME(ARES_ENOTIMP) NAME(ARES_EREFUSED) NAME(ARES_EBADQUERY) NAME(ARES_EBADNAME) NAME(ARES_EBADFAMILY)
    NAME(ARES_EBADRESP) NAME(ARES_ECONNREFUSED) NAME(ARES_ETIMEOUT) NAME(ARES_EOF) NAME(ARES_EFILE)
    NAME(ARES_ENOMEM) NAME(ARES_EDESTRUCTION) NAME(ARES_EBADSTR) NAME(ARES_EBADFLAGS) NAME(ARES_ENONAME)
    NAME(ARES_EBADHINTS) NAME(ARES_ENOTINITIALIZED) NAME(ARES_ECANCELLED)
#undef NAME
    default: return "ARES_E?";
    }
}

/* The README's meaning of each c-ares status: not found, no data, try again, or anything else. */
enum kind { KIND_NOTFOUND, KIND_NODATA, KIND_AGAIN, KIND_FAIL };

static enum kind status_kind(int status) {
    switch (status) {
    case ARES_ENOTFOUND: return KIND_NOTFOUND;
    case ARES_ENODATA: return KIND_NODATA;
    case ARES_ESERVFAIL: case ARES_ETIMEOUT: case ARES_ECONNREFUSED: case ARES_EREFUSED: return KIND_AGAIN;
    default: return KIND_FAIL;
    }
}

static void eai_error(struct resolvlab_result *result, int status) {
    static const char *const names[] = {"EAI_NONAME", "EAI_NODATA", "EAI_AGAIN", "EAI_FAIL"};
    resolvlab_error(result, names[status_kind(status)], "%s: %s", status_name(status), ares_strerror(status));
}

static void host_error(struct resolvlab_result *result, int status) {
    static const char *const names[] = {"HOST_NOT_FOUND", "NO_DATA", "TRY_AGAIN", "NO_RECOVERY"};
    resolvlab_error(result, names[status_kind(status)], "%s: %s", status_name(status), ares_strerror(status));
}

static struct resolvlab_result result;
static int done;
static double started;

static void finish(void) {
    result.duration_ms = resolvlab_now_ms() - started;
    done = 1;
}

static int wants_canonname;

static void addrinfo_callback(void *argument, int status, int timeouts, struct ares_addrinfo *info) {
    (void)argument; (void)timeouts;
    finish();
    if (status != ARES_SUCCESS) {
        eai_error(&result, status);
    } else {
        result.has_addresses = 1;
        for (struct ares_addrinfo_node *node = info->nodes; node; node = node->ai_next) {
            const void *address = node->ai_family == AF_INET
                ? (const void *)&((struct sockaddr_in *)node->ai_addr)->sin_addr
                : (const void *)&((struct sockaddr_in6 *)node->ai_addr)->sin6_addr;
            resolvlab_push_address(&result, node->ai_family, address);
        }
        /* Asked for (canonname): the last CNAME's target, else the name c-ares answered for. */
        if (!wants_canonname) {
        } else if (info->cnames) {
            struct ares_addrinfo_cname *last = info->cnames;
            while (last->next) last = last->next;
            if (last->name) result.canonname = strdup(last->name);
        } else if (info->name) {
            result.canonname = strdup(info->name);
        }
    }
    if (info) ares_freeaddrinfo(info);
}

static int hostent_wants_addresses;

static void host_callback(void *argument, int status, int timeouts, struct hostent *host) {
    (void)argument; (void)timeouts;
    finish();
    if (status != ARES_SUCCESS || !host) {
        host_error(&result, status);
        return;
    }
    if (hostent_wants_addresses) {
        result.has_addresses = 1;
        for (char **address = host->h_addr_list; *address; address++)
            resolvlab_push_address(&result, host->h_addrtype, *address);
        if (host->h_name) result.canonname = strdup(host->h_name);
    } else {
        resolvlab_push_host_names(&result, host->h_name, host->h_aliases);
    }
}

static void query_callback(void *argument, int status, int timeouts, unsigned char *answer, int length) {
    (void)argument; (void)timeouts;
    finish();
    if (status != ARES_SUCCESS) host_error(&result, status);
    /* c-ares hands over the reply it decided on (NXDOMAIN, NOERROR without answers) with the error. */
    resolvlab_read_reply(&result, answer, length, status == ARES_SUCCESS);
}

static void nameinfo_callback(void *argument, int status, int timeouts, char *node, char *service) {
    (void)argument; (void)timeouts; (void)service;
    finish();
    if (status != ARES_SUCCESS || !node) {
        eai_error(&result, status);
        return;
    }
    result.has_names = 1;
    resolvlab_push(&result.names, node);
}

/* Runs the channel until the callback has run. */
static void wait_for(ares_channel channel) {
    while (!done) {
        ares_socket_t sockets[ARES_GETSOCK_MAXNUM];
        int bits = ares_getsock(channel, sockets, ARES_GETSOCK_MAXNUM);
        struct pollfd fds[ARES_GETSOCK_MAXNUM];
        nfds_t count = 0;
        for (int i = 0; i < ARES_GETSOCK_MAXNUM; i++) {
            short events = (short)((ARES_GETSOCK_READABLE(bits, i) ? POLLIN : 0) | (ARES_GETSOCK_WRITABLE(bits, i) ? POLLOUT : 0));
            if (events) fds[count++] = (struct pollfd){.fd = sockets[i], .events = events};
        }
        struct timeval limit = {1, 0}, wait, *timeout = ares_timeout(channel, &limit, &wait);
        int milliseconds = (int)(timeout->tv_sec * 1000 + (timeout->tv_usec + 999) / 1000);
        int ready = poll(fds, count, milliseconds);
        if (ready < 0 && errno != EINTR) {
            perror("poll");
            exit(1);
        }
        if (ready <= 0) {
            ares_process_fd(channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD); /* timeouts only */
            continue;
        }
        for (nfds_t i = 0; i < count; i++) {
            if (!fds[i].revents) continue;
            ares_process_fd(channel, fds[i].revents & (POLLIN | POLLERR | POLLHUP) ? fds[i].fd : ARES_SOCKET_BAD,
                            fds[i].revents & POLLOUT ? fds[i].fd : ARES_SOCKET_BAD);
        }
    }
}

int main(int argc, char **argv) {
    struct resolvlab_request request;
    resolvlab_parse(argc, argv, &request);
    resolvlab_result_init(&result);
    if (request.call == CALL_RES_QUERYDOMAIN)
        resolvlab_unsupported("c-ares has no res_querydomain: ares_query takes one name (ask res_query for NAME.DOMAIN)");

    int status = ares_library_init(ARES_LIB_INIT_ALL);
    ares_channel channel;
    if (status == ARES_SUCCESS) status = ares_init(&channel);
    if (status != ARES_SUCCESS) {
        /* No channel, no lookup: reported as the call's failure, with no time spent in it. */
        if (request.call == CALL_GETADDRINFO || request.call == CALL_GETNAMEINFO) eai_error(&result, status);
        else host_error(&result, status);
        resolvlab_emit(&result);
    }

    started = resolvlab_now_ms();
    switch (request.call) {
    case CALL_GETADDRINFO: {
        struct ares_addrinfo_hints hints;
        memset(&hints, 0, sizeof hints);
        hints.ai_family = request.family;
        hints.ai_socktype = SOCK_STREAM; /* one entry per address, as resolvlab's own lookups */
        for (size_t i = 0; i < sizeof ai_flags / sizeof *ai_flags; i++)
            if (request.flags & (unsigned)ai_flags[i][0]) hints.ai_flags |= ai_flags[i][1];
        wants_canonname = (request.flags & FLAG_CANONNAME) != 0;
        ares_getaddrinfo(channel, request.name, NULL, &hints, addrinfo_callback, NULL);
        break;
    }
    case CALL_GETHOSTBYNAME:
    case CALL_GETHOSTBYNAME2:
        hostent_wants_addresses = 1;
        ares_gethostbyname(channel, request.name, request.call == CALL_GETHOSTBYNAME ? AF_INET : request.family,
                           host_callback, NULL);
        break;
    case CALL_GETHOSTBYADDR:
        ares_gethostbyaddr(channel, request.address, request.address_family == AF_INET ? 4 : 16,
                           request.address_family, host_callback, NULL);
        break;
    case CALL_GETNAMEINFO: {
        struct sockaddr_in in;
        struct sockaddr_in6 in6;
        memset(&in, 0, sizeof in);
        memset(&in6, 0, sizeof in6);
        in.sin_family = AF_INET;
        in6.sin6_family = AF_INET6;
        memcpy(&in.sin_addr, request.address, 4);
        memcpy(&in6.sin6_addr, request.address, 16);
        if (request.address_family == AF_INET)
            ares_getnameinfo(channel, (struct sockaddr *)&in, sizeof in, ARES_NI_NAMEREQD | ARES_NI_LOOKUPHOST,
                             nameinfo_callback, NULL);
        else
            ares_getnameinfo(channel, (struct sockaddr *)&in6, sizeof in6, ARES_NI_NAMEREQD | ARES_NI_LOOKUPHOST,
                             nameinfo_callback, NULL);
        break;
    }
    case CALL_RES_QUERY:
        ares_query(channel, request.name, 1 /* IN */, request.type, query_callback, NULL);
        break;
    case CALL_RES_SEARCH:
        ares_search(channel, request.name, 1 /* IN */, request.type, query_callback, NULL);
        break;
    case CALL_RES_QUERYDOMAIN:
        break;
    }
    wait_for(channel);
    ares_destroy(channel);
    ares_library_cleanup();
    resolvlab_emit(&result);
}
