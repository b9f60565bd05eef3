/** How the API server reads and writes JSON. */
package io.jocker.api.server.json;
