/**
 * HTTP/1.1 on Netty: one dispatcher per connection serving requests in order, complete and
 * streamed responses, streamed request bodies with back-pressure, and connection hijack.
 */
package io.jocker.api.server.http;
