/*
 * W6 floor: the least a server can do for the echo and HTTP workloads, with no runtime at all.
 * One thread, level-triggered epoll, one read per readiness event and one write per reply,
 * the system calls every peer in run-io.sh makes too. What it costs per operation is what the
 * kernel costs (loopback TCP, epoll), so its throughput bounds every server's on this machine:
 * if the floor is not 2x uvloop, no server doing the same system calls can be.
 *
 *   floor_server echo|http PORT BACKLOG
 *
 * Prints "serving on 127.0.0.1:PORT" once listening, serves until killed. Echo returns every
 * byte. HTTP answers each complete request head ("\r\n\r\n"-terminated; no bodies, which the
 * loads never send) with the same 13-byte "Hello, World!" keep-alive response as the other
 * servers, in one write per read batch, so pipelined requests would share a write.
 *
 * A write the kernel does not take in full is finished by waiting for EPOLLOUT: with one
 * message in flight per connection this never happens under the W6 loads, but a floor that
 * dropped bytes would not be a floor.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define BUF 65536
#define RESPONSE "HTTP/1.1 200 OK\r\nServer: floor\r\nContent-Type: text/plain\r\n" \
                 "Content-Length: 13\r\n\r\nHello, World!"

struct conn {
    int fd;
    int matched;     /* how many bytes of "\r\n\r\n" the last read ended with */
    char *out;       /* bytes the kernel has not taken yet */
    size_t out_len;
};

static int http;
static int ep;

static void die(const char *what) {
    perror(what);
    exit(1);
}

static void drop(struct conn *c) {
    close(c->fd); /* closing the descriptor also removes it from the epoll set */
    free(c->out);
    free(c);
}

/* Writes, or keeps what the kernel refused and waits for EPOLLOUT. Returns -1 to drop. */
static int send_all(struct conn *c, const char *p, size_t n) {
    if (c->out_len) { /* still waiting for EPOLLOUT: queue behind what is pending */
        c->out = realloc(c->out, c->out_len + n);
        memcpy(c->out + c->out_len, p, n);
        c->out_len += n;
        return 0;
    }
    ssize_t w = write(c->fd, p, n);
    if (w < 0) {
        if (errno != EAGAIN) return -1;
        w = 0;
    }
    if ((size_t) w < n) {
        c->out_len = n - w;
        c->out = malloc(c->out_len);
        memcpy(c->out, p + w, c->out_len);
        struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.ptr = c};
        if (epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev) < 0) return -1;
    }
    return 0;
}

static int flush(struct conn *c) {
    ssize_t w = write(c->fd, c->out, c->out_len);
    if (w < 0) return errno == EAGAIN ? 0 : -1;
    memmove(c->out, c->out + w, c->out_len - w);
    c->out_len -= w;
    if (c->out_len == 0) {
        free(c->out);
        c->out = NULL;
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
        if (epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev) < 0) return -1;
    }
    return 0;
}

/* Counts the request heads that end in buf[0..n), carrying a partial "\r\n\r\n" across reads. */
static int heads(struct conn *c, const char *buf, ssize_t n) {
    static const char end[] = "\r\n\r\n";
    int count = 0;
    for (ssize_t i = 0; i < n; i++) {
        if (buf[i] == end[c->matched]) {
            if (++c->matched == 4) {
                count++;
                c->matched = 0;
            }
        } else {
            c->matched = buf[i] == '\r' ? 1 : 0;
        }
    }
    return count;
}

static int on_readable(struct conn *c, char *buf) {
    ssize_t n = read(c->fd, buf, BUF);
    if (n == 0) return -1;
    if (n < 0) return errno == EAGAIN ? 0 : -1;
    if (!http) return send_all(c, buf, n);
    int k = heads(c, buf, n);
    if (k == 0) return 0;
    static char replies[BUF];
    static const size_t len = sizeof RESPONSE - 1;
    size_t total = 0;
    for (int i = 0; i < k; i++) {
        if (total + len > sizeof replies) {
            if (send_all(c, replies, total) < 0) return -1;
            total = 0;
        }
        memcpy(replies + total, RESPONSE, len);
        total += len;
    }
    return send_all(c, replies, total);
}

int main(int argc, char **argv) {
    if (argc != 4 || (strcmp(argv[1], "echo") && strcmp(argv[1], "http"))) {
        fprintf(stderr, "usage: floor_server echo|http PORT BACKLOG\n");
        return 2;
    }
    http = strcmp(argv[1], "http") == 0;
    int ls = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[2]))};
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    if (bind(ls, (struct sockaddr *) &a, sizeof a) < 0) die("bind");
    if (listen(ls, atoi(argv[3])) < 0) die("listen");
    socklen_t alen = sizeof a;
    getsockname(ls, (struct sockaddr *) &a, &alen);
    ep = epoll_create1(0);
    struct epoll_event lev = {.events = EPOLLIN, .data.ptr = NULL};
    epoll_ctl(ep, EPOLL_CTL_ADD, ls, &lev);
    printf("serving on 127.0.0.1:%d\n", ntohs(a.sin_port));
    fflush(stdout);

    static char buf[BUF];
    struct epoll_event events[512];
    for (;;) {
        int n = epoll_wait(ep, events, 512, -1);
        if (n < 0) {
            if (errno == EINTR) continue;
            die("epoll_wait");
        }
        for (int i = 0; i < n; i++) {
            struct conn *c = events[i].data.ptr;
            if (c == NULL) { /* the listener: accept what is queued, as the other servers do */
                int fd;
                while ((fd = accept4(ls, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    c = calloc(1, sizeof *c);
                    c->fd = fd;
                    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
                    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
                }
                continue;
            }
            int bad = 0;
            if (events[i].events & EPOLLOUT) bad = flush(c) < 0;
            if (!bad && (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) bad = on_readable(c, buf) < 0;
            if (bad) drop(c);
        }
    }
}
