import Papa from 'papaparse'
import { FullNameSchema, parseBirthYear } from '#app/auth/validation.ts'
import type { Gender } from '#app/db/schema.ts'
import { findMunicipality, foldText, type MunicipalityId } from '#app/utils/municipalities.ts'

// Reading a trainer's list of learners (pasted, or an uploaded file already decoded to text by
// ./csv-decode.server.ts): tab, ";" or "," separated, with or without a header row. Pure: no database.

export type ImportRow = {
  line: number
  fullName: string
  municipality: MunicipalityId
  gender: Gender | null
  username: string | null
  /** Optional, only for the funder's anonymous age bands. */
  birthYear: number | null
}
export type RowError = {
  line: number
  field: 'fullName' | 'municipality' | 'gender' | 'username' | 'birthYear' | 'row'
  problem: string
  value?: string
}
/** Every line of the list as read, good or bad, with its problems: what the preview shows. */
export type CsvRecord = {
  line: number
  /** The cleaned name when valid, else as written. */
  fullName: string
  nameOk: boolean
  municipality: MunicipalityId | null
  municipalityText: string
  gender: Gender | null
  /** A username written in the list (lower-cased), or null: one is generated. */
  username: string | null
  birthYear: number | null
  problems: RowError[]
}
export type CsvDelimiter = '\t' | ';' | ','

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
const headerWords = ['nombre', 'nombres', 'nombre completo', 'nombres y apellidos', 'nombre y apellidos', 'full name', 'name']

/** The columns of a list, in the order they are read when the list has no header row. */
type Column = 'fullName' | 'municipality' | 'gender' | 'username' | 'birthYear'
const COLUMN_ORDER: Column[] = ['fullName', 'municipality', 'gender', 'username', 'birthYear']
/** Header words (folded: lower case, no accents; spaces, "_" and "-" alike) that name a column anywhere in the header row. */
const columnWords: Record<Column, string[]> = {
  fullName: headerWords,
  municipality: ['municipio', 'municipality', 'ciudad', 'lugar'],
  gender: ['genero', 'sexo', 'gender', 'sex'],
  username: ['usuario', 'nombre de usuario', 'username', 'user'],
  birthYear: [
    'ano de nacimiento',
    'ano nacimiento',
    'anio de nacimiento',
    'anio nacimiento',
    'nacimiento',
    'fecha de nacimiento',
    'year of birth',
    'birth year',
  ],
}
const headerKey = (cell: string) => foldText(cell).replace(/[\s_-]+/g, ' ')

/**
 * Which column holds what. With a header row, a column is found by its name wherever it is
 * («año de nacimiento», «ano_nacimiento», «nacimiento»…); a column whose name is not known keeps
 * the place it has without a header (name; municipality; gender; username), so an extra column
 * such as a phone number is never read as a year. Without a header: name; municipality; gender;
 * username; year of birth.
 */
function columnsOf(header: string[] | null): Map<Column, number> {
  const columns = new Map<Column, number>()
  if (!header) {
    COLUMN_ORDER.forEach((column, i) => columns.set(column, i))
    return columns
  }
  const named = header.map((cell) => COLUMN_ORDER.find((column) => columnWords[column].includes(headerKey(cell))) ?? null)
  named.forEach((column, i) => {
    if (column && !columns.has(column)) columns.set(column, i)
  })
  // Unnamed columns keep their old places; the year of birth, newer, is read only under its name.
  named.forEach((column, i) => {
    const positional = COLUMN_ORDER[i]
    if (!column && positional && positional !== 'birthYear' && !columns.has(positional)) columns.set(positional, i)
  })
  return columns
}

export const MAX_IMPORT_ROWS = 2000
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,29}$/

/**
 * Text that went through the wrong decoding: U+FFFD (bytes that were not UTF-8), or UTF-8 read
 * as Windows-1252 («LucÃ­a»). No Spanish name contains either; the row says so instead of
 * "unknown municipality".
 */
export function looksGarbled(s: string): boolean {
  return (
    s.includes('\uFFFD') || /Ã[\u0080-\u00BF\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u0192\u02C6\u02DC\u2013-\u2026\u2030\u2039\u203A\u20AC\u2122]/.test(s)
  )
}

/** Fields in one line for a separator, ignoring separators inside double quotes. */
function fieldCount(line: string, delimiter: CsvDelimiter): number {
  let count = 1
  let quoted = false
  for (const ch of line) {
    if (ch === '"') quoted = !quoted
    else if (ch === delimiter && !quoted) count++
  }
  return count
}

/**
 * The separator of a list: the one that splits most of the first lines into 2–5 columns (name,
 * municipality, gender, username, year of birth; Excel may add empty columns). Ties go to tab (Excel's "Texto
 * Unicode" and copy-paste from a sheet), then ";" (Excel in Spanish), then ",": a name written
 * "Pérez, Ana" does not turn a ";" list into a "," one.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const lines = text
    .split(/\r\n|\n|\r/)
    .filter((l) => l.trim())
    .slice(0, 20)
  let best: CsvDelimiter = ';'
  let bestScore = 0
  for (const delimiter of ['\t', ';', ','] as const) {
    const score = lines.reduce((sum, line) => {
      const n = fieldCount(line, delimiter)
      return sum + (n >= 2 && n <= 5 ? 2 : n > 5 ? 1 : 0)
    }, 0)
    if (score > bestScore) [best, bestScore] = [delimiter, score]
  }
  return best
}

export function parseLearnerCsv(text: string): { rows: ImportRow[]; errors: RowError[]; records: CsvRecord[]; delimiter: CsvDelimiter } {
  const clean = text.replace(/^\uFEFF/, '').trim()
  const delimiter = detectDelimiter(clean)
  const parsed = Papa.parse<string[]>(clean, { delimiter, skipEmptyLines: 'greedy' })
  const found = parsed.data
  const rows: ImportRow[] = []
  const errors: RowError[] = []
  const records: CsvRecord[] = []
  if (!found.length) return { rows, errors: [{ line: 0, field: 'row', problem: 'empty' }], records, delimiter }
  const hasHeader = headerWords.includes(foldText(found[0][0] ?? ''))
  const start = hasHeader ? 1 : 0
  const columns = columnsOf(hasHeader ? found[0] : null)
  if (found.length - start > MAX_IMPORT_ROWS) return { rows, errors: [{ line: 0, field: 'row', problem: 'tooMany' }], records, delimiter }
  if (found.length === start) return { rows, errors: [{ line: 0, field: 'row', problem: 'empty' }], records, delimiter }

  const seenUsernames = new Map<string, number>()
  for (let i = start; i < found.length; i++) {
    const line = i + 1
    const cell = (column: Column) => {
      const at = columns.get(column)
      return at === undefined ? '' : (found[i][at] ?? '').trim()
    }
    const [rawName, rawMunicipality, rawGender] = [cell('fullName'), cell('municipality'), cell('gender')]
    let [rawUsername, rawBirthYear] = [cell('username'), cell('birthYear')]
    // Without a header, a year written in the username's place is a year of birth (no one is called «1985»).
    if (!hasHeader && !rawBirthYear && /^\d{4}$/.test(rawUsername)) [rawUsername, rawBirthYear] = ['', rawUsername]
    const problems: RowError[] = []
    const name = FullNameSchema.safeParse(rawName)
    const nameOk = name.success && !looksGarbled(rawName)
    if (looksGarbled(rawName)) problems.push({ line, field: 'fullName', problem: 'encoding', value: rawName })
    else if (!name.success) problems.push({ line, field: 'fullName', problem: 'fullName', value: rawName })
    const municipality = findMunicipality(rawMunicipality)
    if (!municipality)
      problems.push({ line, field: 'municipality', problem: looksGarbled(rawMunicipality) ? 'encoding' : 'municipality', value: rawMunicipality })
    let gender: Gender | null = null
    if (rawGender) {
      gender = genderWords[foldText(rawGender)] ?? null
      if (!gender) problems.push({ line, field: 'gender', problem: 'gender', value: rawGender })
    }
    const username = rawUsername ? rawUsername.toLowerCase() : null
    if (username) {
      if (!USERNAME_PATTERN.test(username)) problems.push({ line, field: 'username', problem: 'usernameFormat', value: rawUsername })
      else if (seenUsernames.has(username))
        problems.push({ line, field: 'username', problem: 'usernameDuplicateInFile', value: `${rawUsername} (${seenUsernames.get(username)})` })
      else seenUsernames.set(username, line)
    }
    const birth = parseBirthYear(rawBirthYear)
    if (!birth.ok) problems.push({ line, field: 'birthYear', problem: 'birthYear', value: rawBirthYear })
    const birthYear = birth.ok ? birth.year : null
    const fullName = name.success ? name.data : rawName
    records.push({ line, fullName, nameOk, municipality, municipalityText: rawMunicipality, gender, username, birthYear, problems })
    errors.push(...problems)
    if (!problems.length) rows.push({ line, fullName, municipality: municipality!, gender, username, birthYear })
  }
  return { rows, errors, records, delimiter }
}

// ---- usernames --------------------------------------------------------------------------

/** Words that belong to the next word of a name: «de la Hoz», «del Carmen», «de los Ríos». */
const PARTICLES = new Set(['de', 'del', 'la', 'las', 'los', 'y', 'da', 'di', 'van', 'von'])

/**
 * Second given names common in Colombia. With three words, «Ana Lucía Muñoz» is two given names
 * and a surname, «Jairo Castaño Rojas» one given name and two surnames: the middle word decides.
 * (The trainer sees every username in the preview and can write one in the list instead.)
 */
const GIVEN_NAMES = new Set([
  ...(
    'adriana alberto alejandra alejandro alexander alfonso alfredo alicia amparo ana andrea andres angel angela angelica antonio ' +
    'arturo augusto beatriz camila camilo carlos carmen carolina catalina cecilia cristina cristian daniel daniela david diana dolores ' +
    'eduardo elena elias elizabeth emilio enrique esperanza esteban eugenia fabian felipe fernanda fernando francisco gabriel ' +
    'gabriela gloria guillermo gustavo helena hernan hernando ignacio ines isabel ivan jaime javier jesus joaquin jorge jose josefa ' +
    'juan juana julian juliana julio leonardo liliana lorena lucia luis luisa manuel manuela marcela marcos margarita maria mariana ' +
    'marina mario marta mauricio mercedes miguel milena monica natalia nicolas oscar pablo patricia paola pedro pilar rafael ramon ' +
    'raul ricardo roberto rocio rosa rosario ruben salome samuel sandra santiago sebastian sofia socorro sonia stella susana teresa ' +
    'tomas valentina vanessa vicente victor victoria yaneth yolanda'
  ).split(' '),
  'del carmen',
  'del pilar',
  'del rosario',
  'del socorro',
  'de jesus',
  'de dios',
  'de los angeles',
])

/** Plain lower-case letters and digits, accents removed (ñ → n): «Muñoz» → «munoz». */
function plain(word: string): string {
  return foldText(word).replace(/[^a-z0-9]/g, '')
}

/** The name as units: a surname «de la Hoz» is one unit, as is a given name «del Carmen». */
function nameUnits(fullName: string): string[][] {
  const words = foldText(fullName)
    .split(/\s+/)
    .map((w) => w.replace(/[^a-z0-9]/g, ''))
    .filter(Boolean)
  const units: string[][] = []
  let pending: string[] = []
  for (const word of words) {
    if (PARTICLES.has(word)) pending.push(word)
    else {
      units.push([...pending, word])
      pending = []
    }
  }
  if (pending.length) {
    if (units.length) units[units.length - 1].push(...pending)
    else units.push(...pending.map((p) => [p]))
  }
  return units
}

/**
 * The username a name gets, before any number: first given name + first surname, in the
 * Colombian order (given names, then father's surname, then mother's): «Carlos Andrés Restrepo
 * Zapata» → carlos.restrepo, «Ana Lucía Muñoz» → ana.munoz, «Pedro Ruiz» → pedro.ruiz,
 * «Juan Pablo de la Hoz» → juan.delahoz. Lower-case, no accents (ñ → n).
 */
export function usernameBase(fullName: string): string {
  const units = nameUnits(fullName)
  const word = (unit: string[] | undefined) => (unit ?? []).map(plain).join('')
  let parts: string[]
  if (units.length === 0) parts = ['participante']
  else if (units.length === 1) parts = [word(units[0])]
  else if (units.length === 2) parts = [word(units[0]), word(units[1])]
  else if (units.length === 3) parts = [word(units[0]), GIVEN_NAMES.has(units[1].join(' ')) ? word(units[2]) : word(units[1])]
  else parts = [word(units[0]), word(units[units.length - 2])]
  const base = parts.filter(Boolean).join('.') || 'participante'
  return (base.length >= 3 ? base : `${base}.aula`).slice(0, 24).replace(/\.$/, '')
}
