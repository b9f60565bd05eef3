/**
 * Durable metadata: one directory per record type, one file per object.
 *
 * <pre>
 * &lt;dir&gt;/&lt;key&gt;.json            {"version": N, "record": {...}}   complete records
 * &lt;dir&gt;/.&lt;key&gt;.json.&lt;rand&gt;.tmp  a write in progress or interrupted; deleted on open
 * </pre>
 *
 * Each write is temp file + fsync + atomic rename + directory fsync ({@code DurableFiles}), about
 * 0.5 ms here; we chose this over SQLite because it needs no native library, every record is small
 * and owned by one object lock, and a reader never sees a torn record.
 */
package io.jocker.storage.metadata;
