/** FFM access to the C library: downcalls with errno, C strings. */
package io.jocker.linux.libc;
