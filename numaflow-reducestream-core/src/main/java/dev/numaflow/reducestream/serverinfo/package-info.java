/**
 * The server-info file the platform reads before it connects to the UDF.
 */
@NullMarked
package dev.numaflow.reducestream.serverinfo;

import org.jspecify.annotations.NullMarked;
