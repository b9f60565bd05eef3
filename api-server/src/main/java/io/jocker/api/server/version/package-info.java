/** Engine API versions and the range this server speaks. */
package io.jocker.api.server.version;
