/** What makes one daemon the only owner of its data root and PID file. */
package io.jocker.daemon.lock;
