/** The API's listeners: unix sockets and loopback TCP. */
package io.jocker.api.server.listener;
