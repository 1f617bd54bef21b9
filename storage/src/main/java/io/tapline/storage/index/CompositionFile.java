package io.tapline.storage.index;

/**
 * One further file of a composition made of several objects (an HLS segment, a thumbnail tile),
 * stored under {@code KeyLayout.compositionFile}.
 *
 * @param name the file's name inside the composition's prefix, e.g. {@code seg-00003.m4s}
 */
public record CompositionFile(String compositionId, String name, StoredRef object) {}
