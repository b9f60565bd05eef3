/** The Java client of the Engine API, over unix sockets and TCP. */
package io.jocker.api.client;
