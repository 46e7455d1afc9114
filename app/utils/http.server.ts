// The one error convention: domain modules return results or null; routes (and only
// routes and their guards) turn them into HTTP responses with these helpers.

export function notFound(): never {
  throw new Response('Not found', { status: 404 })
}

export function forbidden(): never {
  throw new Response('Forbidden', { status: 403 })
}

/** The value, or a 404 page when the domain found nothing. */
export function orNotFound<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) notFound()
  return value
}
