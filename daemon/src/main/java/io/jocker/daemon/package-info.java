/** The daemon's entry point and composition root. */
package io.jocker.daemon;
