// Caches kept per object (a font, a measurer) without keeping the object alive.

/** The map that `owner` has in `maps`, made empty on first use. */
export function mapOf<O extends object, K, V>(maps: WeakMap<O, Map<K, V>>, owner: O): Map<K, V> {
  let map = maps.get(owner);
  if (!map) {
    map = new Map();
    maps.set(owner, map);
  }
  return map;
}
