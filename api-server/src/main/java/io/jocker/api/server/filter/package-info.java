/** Query parameters with structure: {@code filters} in both of its wire forms. */
package io.jocker.api.server.filter;
