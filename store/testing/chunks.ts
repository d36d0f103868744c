// A recording's bytes as the stream an import reads: chunks of `size` bytes (text is UTF-8 encoded first).
export async function* chunksOf(data: Uint8Array | string, size = 65536): AsyncGenerator<Uint8Array> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}
