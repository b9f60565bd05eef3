/** Durable, atomic writes of small files (temp file, fsync, rename, directory fsync). */
package io.jocker.common.durable;
