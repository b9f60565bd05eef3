/**
 * The container's /etc/hosts, /etc/hostname and /etc/resolv.conf, built as Docker 20.10 builds
 * them. Pure functions from the container's settings and the host's files to the files' text; the
 * container service writes them into the container's directory and bind-mounts them.
 */
package io.jocker.network.etc;
