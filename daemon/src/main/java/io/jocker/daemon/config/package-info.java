/** The daemon's flags, its config file and the immutable configuration they resolve to. */
package io.jocker.daemon.config;
