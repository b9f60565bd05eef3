/** The daemon's log format and levels. */
package io.jocker.daemon.logging;
