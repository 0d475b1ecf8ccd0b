/**
 * The runtime: the gRPC server on a Unix domain socket, the reduce service, and the
 * per-stream and per-key-set dispatch. Protobuf mapping lives in one place here.
 */
@NullMarked
package dev.numaflow.reducestream.server;

import org.jspecify.annotations.NullMarked;
