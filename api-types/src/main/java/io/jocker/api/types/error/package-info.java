/** Engine API wire records: error. */
package io.jocker.api.types.error;
