/** Keeps one instance of a value across dev rebuilds (the build module is re-imported). */
export function remember<T>(name: string, create: () => T): T {
  const store = globalThis as unknown as { __aulaSingletons?: Map<string, unknown> }
  store.__aulaSingletons ??= new Map()
  if (!store.__aulaSingletons.has(name)) store.__aulaSingletons.set(name, create())
  return store.__aulaSingletons.get(name) as T
}
