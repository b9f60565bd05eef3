/**
 * Supervision of containers through conmon 2.1.6: launching it ({@link io.jocker.runtime.shim.ConmonLauncher}),
 * learning exit codes from its exit files ({@link io.jocker.runtime.shim.ExitWatcher}) and attaching to
 * its stdio socket ({@link io.jocker.runtime.shim.AttachSocket}).
 *
 * <p>On-disk layout (written by conmon and runc, never by us):
 * <pre>
 * &lt;bundle&gt;/config.json       the OCI spec (written by the caller)
 * &lt;bundle&gt;/pidfile           the container's pid (runc create --pid-file)
 * &lt;bundle&gt;/conmon.pid        conmon's pid
 * &lt;bundle&gt;/exit              the exit code, also written to &lt;exitDir&gt;/&lt;id&gt;
 * &lt;bundle&gt;/attach, ctl, winsz  conmon's attach socket and control fifos
 * &lt;exitDir&gt;/&lt;id&gt;            decimal exit code, written as &lt;id&gt;.XXXXXX then renamed
 * &lt;sockDir&gt;/&lt;id&gt;            symlink to &lt;bundle&gt; (so &lt;sockDir&gt;/&lt;id&gt;/attach stays short)
 * </pre>
 */
package io.jocker.runtime.shim;
