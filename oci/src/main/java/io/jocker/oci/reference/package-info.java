/**
 * Image references ({@code [domain/]path[:tag][@digest]}) parsed and normalised the way Docker's
 * {@code github.com/distribution/reference} library does, so that every name a user types means the
 * same image here as in Docker, and every error reads the same.
 *
 * <p>Grammar (from the library's documentation):
 *
 * <pre>
 * reference        := name [ ":" tag ] [ "@" digest ]
 * name             := [domain '/'] remote-name
 * domain           := host [':' port-number]
 * host             := domain-name | IPv4address | \[ IPv6address \]
 * domain-name      := domain-component ['.' domain-component]*
 * domain-component := /([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])/
 * port-number      := /[0-9]+/
 * path-component   := alpha-numeric [separator alpha-numeric]*
 * remote-name      := path-component ['/' path-component]*
 * alpha-numeric    := /[a-z0-9]+/
 * separator        := /[_.]|__|[-]+/
 * tag              := /[\w][\w.-]{0,127}/
 * digest           := algorithm ":" hex   (only sha256 is supported here)
 * </pre>
 */
package io.jocker.oci.reference;
