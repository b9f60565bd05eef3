/**
 * Human-readable sizes and durations exactly as docker prints them (Go's
 * {@code github.com/docker/go-units}): "4.26MB", "About an hour".
 */
package io.jocker.cli.unit;
