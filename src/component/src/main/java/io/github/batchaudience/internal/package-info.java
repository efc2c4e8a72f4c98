/**
 * Internal: how the component works, by concern (see {@code docs/api.md}). Nothing here is API,
 * whatever its Java visibility, and it may change in any release.
 */
package io.github.batchaudience.internal;
