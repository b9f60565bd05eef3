/** Error kinds shared by every layer; only the API server maps them to HTTP statuses. */
package io.jocker.common.error;
