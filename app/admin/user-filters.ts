import { profiles, roles, type Profile, type Role } from '#app/db/schema.ts'
import { municipalityIds } from '#app/utils/municipalities.ts'

// The user list's filters as they travel in the URL (a GET form that works without JavaScript):
// ?q=&rol=&perfil=&municipio=&grupo=&estado=activas|inactivas&solicitud=pendientes|atendidas&pagina=
// An unknown value is no filter (never an error): a stale bookmark still opens the list.

export const USER_STATUSES = { activas: 'active', inactivas: 'inactive' } as const
export const DELETION_STATES = { pendientes: 'pending', atendidas: 'done' } as const

export type UserFilters = {
  q: string
  role: Role | null
  profile: Profile | null
  municipality: string | null
  cohortId: string | null
  status: (typeof USER_STATUSES)[keyof typeof USER_STATUSES] | null
  deletion: (typeof DELETION_STATES)[keyof typeof DELETION_STATES] | null
}

const oneOf = <T extends string>(values: readonly T[], v: string | null): T | null => (v && (values as readonly string[]).includes(v) ? (v as T) : null)
const keyOf = <M extends Record<string, string>>(map: M, v: string | null): M[keyof M] | null => (v && Object.hasOwn(map, v) ? map[v as keyof M] : null)

export function parseUserFilters(params: URLSearchParams): { filters: UserFilters; page: number } {
  const page = Math.floor(Number(params.get('pagina')))
  return {
    filters: {
      q: (params.get('q') ?? '').trim().slice(0, 100),
      role: oneOf(roles, params.get('rol')),
      profile: oneOf(profiles, params.get('perfil')),
      municipality: oneOf(municipalityIds, params.get('municipio')),
      cohortId: (params.get('grupo') ?? '').slice(0, 64) || null,
      status: keyOf(USER_STATUSES, params.get('estado')),
      deletion: keyOf(DELETION_STATES, params.get('solicitud')),
    },
    page: Number.isFinite(page) && page >= 1 ? page : 1,
  }
}

const wordOf = <M extends Record<string, string>>(map: M, value: string | null) => (value ? (Object.keys(map).find((k) => map[k] === value) ?? null) : null)

/** The query string for these filters (and a page): what the form sends, so page links keep the filters. */
export function userFiltersQuery(filters: UserFilters, page = 1): string {
  const params = new URLSearchParams()
  const set = (name: string, value: string | null) => {
    if (value) params.set(name, value)
  }
  set('q', filters.q)
  set('rol', filters.role)
  set('perfil', filters.profile)
  set('municipio', filters.municipality)
  set('grupo', filters.cohortId)
  set('estado', wordOf(USER_STATUSES, filters.status))
  set('solicitud', wordOf(DELETION_STATES, filters.deletion))
  if (page > 1) params.set('pagina', String(page))
  const query = params.toString()
  return query ? `?${query}` : ''
}
