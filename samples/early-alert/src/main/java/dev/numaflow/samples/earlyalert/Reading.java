package dev.numaflow.samples.earlyalert;

/**
 * One sensor reading, the payload of a datum, for example
 * {@code {"sensor":"boiler-1","celsius":92.5}}. Unknown fields are ignored.
 *
 * @param sensor the sensor that measured it (the datum's key is what groups readings)
 * @param celsius the temperature
 */
public record Reading(String sensor, double celsius) {

}
