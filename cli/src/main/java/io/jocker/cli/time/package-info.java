/** Times and durations as users type them on the command line. */
package io.jocker.cli.time;
