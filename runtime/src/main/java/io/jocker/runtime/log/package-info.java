/**
 * Reading container logs that conmon writes with {@code -l k8s-file:PATH}: one record per line,
 * {@code <RFC3339Nano+offset> <stdout|stderr> <P|F> <bytes>}, where P (partial) records join up to the
 * next F (full) record of the same stream. Pure: works on bytes, so it is unit-tested with golden inputs.
 */
package io.jocker.runtime.log;
