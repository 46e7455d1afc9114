import Papa from 'papaparse'
import { FullNameSchema } from '#app/auth/validation.ts'
import type { Gender } from '#app/db/schema.ts'
import { municipalities, type MunicipalityId } from '#app/utils/municipalities.ts'

// Reading a trainer's list of learners (pasted or uploaded CSV, as Excel saves it in
// Spanish: ";" or "," separated, with or without a header row). Pure: no database.

export type ImportRow = { line: number; fullName: string; municipality: MunicipalityId; gender: Gender | null; username: string | null }
export type RowError = { line: number; field: 'fullName' | 'municipality' | 'gender' | 'username' | 'row'; problem: string; value?: string }

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase()

const municipalityByName = new Map<string, MunicipalityId>(municipalities.flatMap((m) => [[fold(m.name), m.id] as const, [m.id, m.id] as const]))
const genderWords: Record<string, Gender> = {
  mujer: 'female',
  femenino: 'female',
  f: 'female',
  female: 'female',
  hombre: 'male',
  masculino: 'male',
  m: 'male',
  male: 'male',
  otro: 'other',
  other: 'other',
  'prefiero no decir': 'undisclosed',
  'no responde': 'undisclosed',
  undisclosed: 'undisclosed',
}
const headerWords = ['nombre', 'nombre completo', 'full name', 'name']

export const MAX_IMPORT_ROWS = 2000
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,29}$/

export function parseLearnerCsv(text: string): { rows: ImportRow[]; errors: RowError[] } {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, '').trim(), { skipEmptyLines: 'greedy' })
  const records = parsed.data
  const rows: ImportRow[] = []
  const errors: RowError[] = []
  if (!records.length) return { rows, errors: [{ line: 0, field: 'row', problem: 'empty' }] }
  const hasHeader = headerWords.includes(fold(records[0][0] ?? ''))
  const start = hasHeader ? 1 : 0
  if (records.length - start > MAX_IMPORT_ROWS) return { rows, errors: [{ line: 0, field: 'row', problem: 'tooMany' }] }

  const seenUsernames = new Map<string, number>()
  for (let i = start; i < records.length; i++) {
    const line = i + 1
    const [rawName = '', rawMunicipality = '', rawGender = '', rawUsername = ''] = records[i].map((c) => c.trim())
    const name = FullNameSchema.safeParse(rawName)
    const fullName = name.success ? name.data : ''
    let ok = true
    if (!name.success) {
      errors.push({ line, field: 'fullName', problem: 'fullName', value: rawName })
      ok = false
    }
    const municipality = municipalityByName.get(fold(rawMunicipality))
    if (!municipality) {
      errors.push({ line, field: 'municipality', problem: 'municipality', value: rawMunicipality })
      ok = false
    }
    let gender: Gender | null = null
    if (rawGender) {
      gender = genderWords[fold(rawGender)] ?? null
      if (!gender) {
        errors.push({ line, field: 'gender', problem: 'gender', value: rawGender })
        ok = false
      }
    }
    const username = rawUsername ? rawUsername.toLowerCase() : null
    if (username) {
      if (!USERNAME_PATTERN.test(username)) {
        errors.push({ line, field: 'username', problem: 'usernameFormat', value: rawUsername })
        ok = false
      } else if (seenUsernames.has(username)) {
        errors.push({ line, field: 'username', problem: 'usernameDuplicateInFile', value: `${rawUsername} (${seenUsernames.get(username)})` })
        ok = false
      } else seenUsernames.set(username, line)
    }
    if (ok) rows.push({ line, fullName, municipality: municipality!, gender, username })
  }
  return { rows, errors }
}

/** "María José Peña" → "maria.pena": plain letters, first and last word. */
export function usernameBase(fullName: string): string {
  const words = fold(fullName)
    .replace(/[^a-z0-9 ]/g, '')
    .split(/\s+/)
    .filter(Boolean)
  const base = words.length > 1 ? `${words[0]}.${words[words.length - 1]}` : (words[0] ?? 'participante')
  return (base.length >= 3 ? base : `${base}.aula`).slice(0, 24)
}
