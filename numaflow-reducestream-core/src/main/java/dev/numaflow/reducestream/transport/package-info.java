/**
 * How a Unix domain socket is served and reached: Netty's native epoll (Linux) or kqueue
 * (macOS) transport, or the JDK's own NIO channels (JDK 16+, any OS with
 * {@code AF_UNIX}), chosen once and used alike by the server and the socket client.
 */
@NullMarked
package dev.numaflow.reducestream.transport;

import org.jspecify.annotations.NullMarked;
