package dev.numaflow.samples.slidingwindow;

import org.jspecify.annotations.Nullable;

/**
 * One reading, the payload of a datum, for example
 * {@code {"sensor":"boiler-1","value":21.5}}. Unknown fields are ignored.
 *
 * @param sensor the sensor (the datum's key is what groups readings)
 * @param value the measured value; a reading without one is skipped
 */
public record SensorReading(@Nullable String sensor, @Nullable Double value) {

}
