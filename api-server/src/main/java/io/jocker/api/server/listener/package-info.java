/** The API's listeners (unix sockets, loopback TCP) and the addresses they are given as. */
package io.jocker.api.server.listener;
